"""The verifier against today's rules on pairs it was not trained on, in one run.

    HF_HUB_OFFLINE=1 python benchmarks/bench_verify.py --daccord /work/shared/eval/daccord_fr \\
        [--cache /tmp/verifier_cosines.npz] [--half B]

DACCORD dev pairs of half B of the source articles (benchmarks/verify_data.py splits
by article; benchmarks/train_verifier.py trains on half A only): each hypothesis is
judged against its premise (the evidence), by the learned verifier
(checker.compare.verify) and by the hand-written rules (checker.compare.suggest_rules),
with the same cosine. Printed per method: share of contradictions called
'contradicted', share of compatible pairs not called so, their mean (balanced
accuracy), and how many contradictions were called 'supported'. Then the same for the
pairs generated from half B's premises (one slot changed, a clause, another article's
premise), scored on three classes.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--daccord", type=Path, required=True)
    ap.add_argument("--fixtures", type=Path, default=Path("tests/fixtures/verify"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/verifier_cosines.npz"))
    args = ap.parse_args()
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


if __name__ == "__main__":
    main()
