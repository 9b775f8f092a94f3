"""The verifier against today's rules on pairs it was not trained on, in one run.

    HF_HUB_OFFLINE=1 python benchmarks/bench_verify.py --daccord /work/shared/eval/daccord_fr \\
        [--cache /tmp/verifier_cosines.npz] \\
        [--verify-dev /work/shared/eval/verify_dev --score /work/shared/tools/score.py]

DACCORD dev pairs of half B of the source articles (benchmarks/verify_data.py splits
by article; benchmarks/train_verifier.py trains on half A only): each hypothesis is
judged against its premise (the evidence), by the learned verifier
(checker.verify.suggestion.verify) and by the hand-written rules (checker.verify.suggestion.suggest_rules),
with the same cosine. Printed per method: share of contradictions called
'contradicted', share of compatible pairs not called so, their mean (balanced
accuracy), and how many contradictions were called 'supported'. Then the same for the
pairs generated from half B's premises (one slot changed, a clause, another article's
premise), scored on three classes. Next to them, on the same DACCORD pairs, a logistic
head on the model's frozen embeddings (`embedding_head`), the cheap learned alternative. With --verify-dev and --score, last, the desk's
own claims (single French claims against data/sample/corpus.jsonl): `python -m checker
search --queries … --top-k 5 --json` on a fresh database in a temporary folder, scored
by score.py verify, the way the README says to run it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from train_verifier import Cosines, build

from checker.verify.suggestion import suggest_rules, verify


def _decide(method: str, pair: dict) -> str:
    evidence = [{"passage_id": "e", "text": pair["passage"], "dense": pair["dense"]}]
    if method == "rules":
        return suggest_rules(pair["claim"], evidence)[0]
    return verify(pair["claim"], evidence)["suggestion"]


def contradiction_figures(pairs: list[dict], method: str) -> str:
    said = [_decide(method, p) for p in pairs]
    con = [s for s, p in zip(said, pairs) if p["label"] == "contradicted"]
    com = [s for s, p in zip(said, pairs) if p["label"] != "contradicted"]
    tpr = sum(s == "contradicted" for s in con) / max(1, len(con))
    tnr = sum(s != "contradicted" for s in com) / max(1, len(com))
    wrong = sum(s == "supported" for s in con)
    return (
        f"{method:9s} contradictions flagged {tpr:.3f} ({len(con)}), compatible left alone {tnr:.3f} "
        f"({len(com)}), balanced {(tpr + tnr) / 2:.3f}; contradictions shown as supported {wrong}"
    )


def three_class(pairs: list[dict], method: str) -> str:
    expected = {"supported": "supported", "contradicted": "contradicted", "unrelated": "no evidence"}
    said = [_decide(method, p) for p in pairs]
    right = sum(s == expected[p["label"]] for s, p in zip(said, pairs))
    wrong = sum(s == "supported" and p["label"] == "contradicted" for s, p in zip(said, pairs))
    return f"{method:9s} accuracy {right / len(pairs):.3f} ({len(pairs)}); contradictions shown as supported {wrong}"


ROOT = Path(__file__).resolve().parent.parent


def verify_dev(folder: Path, score: Path, corpus: Path) -> str:
    """score.py verify's figures for the desk's search on verify_dev's claims, run as a
    user runs it (the CLI, a fresh database)."""
    with tempfile.TemporaryDirectory(prefix="bench_verify_") as tmp:
        out = Path(tmp) / "search.jsonl"
        with out.open("w", encoding="utf-8") as f:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "checker",
                    "search",
                    "--queries",
                    str(folder / "claims.jsonl"),
                    "--corpus",
                    str(corpus),
                    "--db",
                    str(Path(tmp) / "v.db"),
                    "--top-k",
                    "5",
                    "--json",
                ],
                stdout=f,
                check=True,
                cwd=ROOT,
                env={**os.environ, "HF_HUB_OFFLINE": "1"},
            )
        scored = subprocess.run(
            [sys.executable, str(score), "verify", str(folder / "claims.jsonl"), str(out)],
            capture_output=True,
            text=True,
            check=True,
        )
    return scored.stdout.rstrip()


HEAD_C = (0.01, 0.1, 1.0)


def embedding_head(cos: Cosines, train: list[dict], heldout: list[dict]) -> str:
    """The cheap learned alternative to the slot verifier: a logistic regression on the
    frozen embeddings of the desk's model (claim, passage, their product, |difference|),
    trained on half A's DACCORD pairs only, its C chosen by 5-fold cross-validation over
    half A's articles, then scored once on half B. The vectors are the ones the cosine
    cache already holds, so it costs nothing to encode."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    cos.fill(train)

    def xy(pairs: list[dict]) -> tuple[np.ndarray, np.ndarray]:
        rows = []
        for p in pairs:
            q, d = cos.vector("q", p["claim"]), cos.vector("d", p["passage"])
            rows.append(np.concatenate([q, d, q * d, np.abs(q - d)]))
        return np.array(rows), np.array([int(p["label"] == "contradicted") for p in pairs])

    def balanced(y: np.ndarray, said: np.ndarray) -> float:
        return float(((said[y == 1] == 1).mean() + (said[y == 0] == 0).mean()) / 2)

    X, y = xy(train)
    groups = np.array([p["article"] for p in train])

    def model(c: float):
        return make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=5000))

    cv = {c: balanced(y, cross_val_predict(model(c), X, y, groups=groups, cv=GroupKFold(5))) for c in HEAD_C}
    best = max(HEAD_C, key=lambda c: (cv[c], -c))
    Xb, yb = xy(heldout)
    said = model(best).fit(X, y).predict(Xb)
    tpr, tnr = float((said[yb == 1] == 1).mean()), float((said[yb == 0] == 0).mean())
    return (
        f"e5-head   contradictions flagged {tpr:.3f} ({int((yb == 1).sum())}), compatible left alone {tnr:.3f} "
        f"({int((yb == 0).sum())}), balanced {balanced(yb, said):.3f} (C {best:g}, half-A cross-validated "
        f"balanced {cv[best]:.3f})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--daccord", type=Path, required=True)
    ap.add_argument("--fixtures", type=Path, default=Path("tests/fixtures/verify"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/verifier_cosines.npz"))
    ap.add_argument("--verify-dev", type=Path, help="folder with verify_dev's claims.jsonl")
    ap.add_argument("--score", type=Path, help="score.py (its 'verify' command) to score --verify-dev")
    ap.add_argument(
        "--corpus",
        type=Path,
        default=ROOT / "data" / "sample" / "corpus.jsonl",
        help="the corpus --verify-dev's claims are checked against",
    )
    args = ap.parse_args()
    if bool(args.verify_dev) != bool(args.score):
        ap.error("--verify-dev and --score go together")
    data = build(args.daccord, args.fixtures)
    cos = Cosines(args.cache)
    for name in ("heldout_daccord", "heldout_generated"):
        cos.fill(data[name])
    print("DACCORD dev, half B of the articles (not trained on), hypothesis vs its premise:")
    for method in ("rules", "verifier"):
        print("  " + contradiction_figures(data["heldout_daccord"], method))
    train_daccord = [p for p in data["train"] if p.get("source") == "daccord"]
    print("  " + embedding_head(cos, train_daccord, data["heldout_daccord"]))
    print("Pairs generated from half B's premises (not trained on):")
    for method in ("rules", "verifier"):
        print("  " + three_class(data["heldout_generated"], method))
        print("  " + contradiction_figures(data["heldout_generated"], method))
    if args.verify_dev:
        print(f"verify_dev ({args.verify_dev}), search --top-k 5 on {args.corpus.name}, score.py verify:")
        print("  " + verify_dev(args.verify_dev, args.score, args.corpus).replace("\n", "\n  "))


if __name__ == "__main__":
    main()
