"""Train the verifier (checker/data/verifier.json) from data this script rebuilds.

    HF_HUB_OFFLINE=1 python benchmarks/train_verifier.py \\
        --daccord /work/shared/eval/daccord_fr --fixtures tests/fixtures/verify \\
        [--out checker/data/verifier.json] [--cache /tmp/verifier_cosines.npz]

Training data (see benchmarks/verify_data.py): DACCORD dev pairs of half A of the
articles, pairs generated from the premises of half A and from the fixture passages,
the fixture's hand-labelled pairs, and unrelated pairs (a claim against a premise of
another article). Half B of the articles (its pairs and the pairs generated from its
premises) is never trained on: the script reports on it.

The cosine of each pair comes from the desk's embedding model (claim as a query,
passage as a document), cached in --cache by text so a rerun encodes nothing. The
model is scikit-learn's multinomial logistic regression (lbfgs, fixed C, balanced
class weights): deterministic, so the same data give the same weights; only its
coefficients are written, and the desk reads them with numpy.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
from verify_data import daccord, fixture_passages, generated, read_jsonl

from checker.verify.learned import CLASSES, FEATURES, MODEL_PATH, features, vector

if TYPE_CHECKING:
    from checker.model.encoder import Embedder

THRESHOLDS = {"supported": 0.5, "contradicted": 0.5, "related": 0.6, "reworded": 0.7, "relevant": 0.4}
C = 1.0


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class Cosines:
    """Claim-passage cosines from the desk's model, cached on disk by text."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        if path.is_file():
            data = np.load(path)
            self.vectors = {k: data[k] for k in data.files}
        self.embedder: Embedder | None = None

    def fill(self, pairs: list[dict]) -> None:
        need_q = sorted({p["claim"] for p in pairs if "q" + _key(p["claim"]) not in self.vectors})
        need_d = sorted({p["passage"] for p in pairs if "d" + _key(p["passage"]) not in self.vectors})
        if need_q or need_d:
            from checker.model.encoder import load_embedder

            self.embedder = self.embedder or load_embedder()
            print(f"encoding {len(need_q)} claims, {len(need_d)} passages", file=sys.stderr)
            for t, v in zip(need_q, self.embedder.encode_queries(need_q)):
                self.vectors["q" + _key(t)] = v
            for t, v in zip(need_d, self.embedder.encode_passages(need_d)):
                self.vectors["d" + _key(t)] = v
            arrays: dict[str, Any] = self.vectors
            np.savez(self.path, **arrays)
        for p in pairs:
            p["dense"] = float(self.vectors["q" + _key(p["claim"])] @ self.vectors["d" + _key(p["passage"])])

    def vector(self, kind: str, text: str) -> np.ndarray:
        """The cached vector of a claim ('q', encoded as a query) or a passage ('d')."""
        return self.vectors[kind + _key(text)]


def build(daccord_dir: Path, fixtures: Path) -> dict[str, list[dict]]:
    """{'train': pairs, 'heldout_daccord': pairs, 'heldout_generated': pairs}."""
    pairs, texts, articles = daccord(daccord_dir / "pairs.jsonl", daccord_dir / "corpus.jsonl")

    rng = random.Random(13)
    out: dict[str, list[dict]] = {"train": [], "heldout_daccord": [], "heldout_generated": []}
    for name in ("A", "B"):
        mine = [p for p in pairs if p["half"] == name]
        premises = sorted({p["passage_id"] for p in mine})
        passages = [{"id": pid, "text": texts[pid], "article": articles[pid]} for pid in premises]
        gen = generated(passages, seed=13 if name == "A" else 31)
        # a claim against a premise of another article of the same half: unrelated
        unrelated = []
        for p in mine:
            others = [q for q in passages if q["article"] != p["article"]]
            q = rng.choice(others)
            unrelated.append(
                {"claim": p["claim"], "passage": q["text"], "label": "unrelated", "source": "daccord-unrelated"}
            )
        if name == "A":
            out["train"] += mine + gen + unrelated
        else:
            out["heldout_daccord"] += mine
            out["heldout_generated"] += gen + unrelated
    fixture = fixture_passages(fixtures / "passages.jsonl")
    out["train"] += generated(fixture, seed=7, per_passage=4)
    out["train"] += [dict(p, source="fixture") for p in read_jsonl(fixtures / "pairs.jsonl")]
    return out


def matrix(pairs: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    X = np.array([vector(features(p["claim"], p["passage"], p["dense"])[0]) for p in pairs])
    y = np.array([CLASSES.index(p["label"]) for p in pairs])
    return X, y


def fit(X: np.ndarray, y: np.ndarray) -> dict:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    lr.fit(X, y)
    return {
        "features": list(FEATURES),
        "classes": list(CLASSES),
        "coef": [[round(float(v), 6) for v in row] for row in lr.coef_],
        "intercept": [round(float(v), 6) for v in lr.intercept_],
        "thresholds": THRESHOLDS,
        "trained_on": "DACCORD dev half A (by article) + pairs generated from its premises and from "
        "tests/fixtures/verify + tests/fixtures/verify/pairs.jsonl; see benchmarks/train_verifier.py",
    }


def report(name: str, pairs: list[dict], model: dict) -> None:
    from checker.verify.learned import probabilities

    X, y = matrix(pairs)
    coef, icpt = np.array(model["coef"]), np.array(model["intercept"])
    z = X @ coef.T + icpt
    pred = z.argmax(axis=1)
    acc = float((pred == y).mean())
    con = CLASSES.index("contradicted")
    tpr = float(((pred == con) & (y == con)).sum() / max(1, (y == con).sum()))
    tnr = float(((pred != con) & (y != con)).sum() / max(1, (y != con).sum()))
    print(
        f"{name:20s} n={len(pairs):5d} accuracy {acc:.3f}  contradicted recall {tpr:.3f}  "
        f"not-contradicted kept {tnr:.3f}  balanced {(tpr + tnr) / 2:.3f}"
    )
    del probabilities


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--daccord", type=Path, required=True, help="folder with DACCORD pairs.jsonl and corpus.jsonl")
    ap.add_argument("--fixtures", type=Path, default=Path("tests/fixtures/verify"))
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/verifier_cosines.npz"))
    ap.add_argument("--dump", type=Path, help="write the pairs with their labels and cosines here (jsonl)")
    args = ap.parse_args()
    data = build(args.daccord, args.fixtures)
    cos = Cosines(args.cache)
    for pairs in data.values():
        cos.fill(pairs)
    X, y = matrix(data["train"])
    model = fit(X, y)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out} ({len(data['train'])} training pairs: "
        + ", ".join(f"{c} {int((y == i).sum())}" for i, c in enumerate(CLASSES))
        + ")"
    )
    for name, pairs in data.items():
        report(name, pairs, model)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as f:
            for name, pairs in data.items():
                for p in pairs:
                    f.write(json.dumps(dict(p, part=name), ensure_ascii=False) + "\n")
    for c, row in zip(CLASSES, model["coef"]):
        top = sorted(zip(FEATURES, row), key=lambda t: -abs(t[1]))[:8]
        print(c, ", ".join(f"{n} {v:+.2f}" for n, v in top))


if __name__ == "__main__":
    main()
