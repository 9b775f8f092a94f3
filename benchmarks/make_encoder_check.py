"""Write checker/data/encoder_check.jsonl: the fixed texts the encoder path is checked on.

    python benchmarks/make_encoder_check.py /work/shared/eval/daccord_fr [--queries 300] [--passages 400]

Why DACCORD dev: short French claims and the fact-check sentences that answer them,
the desk's main case, under a licence (BSD 2-Clause) that lets a sample ship with the
desk. Takes the first --queries pairs (file order), every gold passage of them, then
other passages in file order up to --passages, so the file is the same on every run.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "checker" / "data" / "encoder_check.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="the DACCORD dev folder (corpus.jsonl, pairs.jsonl)")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--passages", type=int, default=400)
    args = ap.parse_args()
    corpus = [json.loads(line) for line in (args.folder / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    pairs = [json.loads(line) for line in (args.folder / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    pairs = pairs[: args.queries]
    keep = list(dict.fromkeys(g for p in pairs for g in p["gold_ids"]))
    for doc in corpus:
        if len(keep) >= args.passages:
            break
        if doc["id"] not in keep:
            keep.append(doc["id"])
    chosen = set(keep)
    lines = [{"kind": "passage", "id": d["id"], "text": d["text"]} for d in corpus if d["id"] in chosen]
    lines += [{"kind": "query", "text": p["query"], "gold": p["gold_ids"]} for p in pairs]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    print(f"{OUT}: {sum(x['kind'] == 'passage' for x in lines)} passages, {len(pairs)} queries")


if __name__ == "__main__":
    main()
