"""The verifier against today's rules on pairs it was not trained on, in one run.

    HF_HUB_OFFLINE=1 python benchmarks/bench_verify.py --daccord /work/shared/eval/daccord_fr \\
        [--cache /tmp/verifier_cosines.npz] \\
        [--verify-dev /work/shared/eval/verify_dev --score /work/shared/tools/score.py]

DACCORD dev pairs of half B of the source articles (benchmarks/verify_data.py splits
by article; benchmarks/train_verifier.py trains on half A only): each hypothesis is
judged against its premise (the evidence), by the learned verifier
(checker.compare.verify) and by the hand-written rules (checker.compare.suggest_rules),
with the same cosine. Printed per method: share of contradictions called
'contradicted', share of compatible pairs not called so, their mean (balanced
accuracy), and how many contradictions were called 'supported'. Then the same for the
pairs generated from half B's premises (one slot changed, a clause, another article's
premise), scored on three classes. With --verify-dev and --score, last, the desk's
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
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_verifier import Cosines, build

from checker.compare import suggest_rules, verify


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
    return (f"{method:9s} contradictions flagged {tpr:.3f} ({len(con)}), compatible left alone {tnr:.3f} "
            f"({len(com)}), balanced {(tpr + tnr) / 2:.3f}; contradictions shown as supported {wrong}")


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
            subprocess.run([sys.executable, "-m", "checker", "search", "--queries", str(folder / "claims.jsonl"),
                            "--corpus", str(corpus), "--db", str(Path(tmp) / "v.db"), "--top-k", "5", "--json"],
                           stdout=f, check=True, cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"})
        scored = subprocess.run([sys.executable, str(score), "verify", str(folder / "claims.jsonl"), str(out)],
                                capture_output=True, text=True, check=True)
    return scored.stdout.rstrip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--daccord", type=Path, required=True)
    ap.add_argument("--fixtures", type=Path, default=Path("tests/fixtures/verify"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/verifier_cosines.npz"))
    ap.add_argument("--verify-dev", type=Path, help="folder with verify_dev's claims.jsonl")
    ap.add_argument("--score", type=Path, help="score.py (its 'verify' command) to score --verify-dev")
    ap.add_argument("--corpus", type=Path, default=ROOT / "data" / "sample" / "corpus.jsonl",
                    help="the corpus --verify-dev's claims are checked against")
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
    print("Pairs generated from half B's premises (not trained on):")
    for method in ("rules", "verifier"):
        print("  " + three_class(data["heldout_generated"], method))
        print("  " + contradiction_figures(data["heldout_generated"], method))
    if args.verify_dev:
        print(f"verify_dev ({args.verify_dev}), search --top-k 5 on {args.corpus.name}, score.py verify:")
        print("  " + verify_dev(args.verify_dev, args.score, args.corpus).replace("\n", "\n  "))


if __name__ == "__main__":
    main()
