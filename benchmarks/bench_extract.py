"""Extraction speed and seed recall.

    python benchmarks/bench_extract.py --article ARTICLE --gold CLAIMS_GOLD.jsonl [--ct2025 DIR]

Prints the cold (first call: pipeline load included) and warm extraction times of the
article, the warm time of a synthetic ~10,000-word article made by repeating its
sentences, and the recall on the gold claims computed as the scoring tool does (a gold
claim is found when one flagged claim contains all its must_include strings, case
and accents ignored). With --ct2025, every .txt/.md file in DIR is timed too.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims import extract, read_article  # noqa: E402


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.replace("\u2019", "'").lower())
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).split())


def recall(gold_path: Path, claims: list[dict]) -> tuple[int, int, int, int]:
    gold = [json.loads(l) for l in gold_path.read_text(encoding="utf-8").splitlines() if l.strip()]
    flagged = [norm(c["text"]) for c in claims if c["checkworthy"]]
    pos = [g for g in gold if g.get("checkworthy", True)]
    neg = [g for g in gold if not g.get("checkworthy", True)]

    def covered(g):
        keys = [norm(k) for k in g["must_include"]]
        return any(all(k in t for k in keys) for t in flagged)

    return sum(map(covered, pos)), len(pos), sum(map(covered, neg)), len(neg)


def timed(text: str, **kw):
    t = time.perf_counter()
    art = extract(text, **kw)
    return time.perf_counter() - t, art


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--article", required=True, type=Path)
    ap.add_argument("--gold", type=Path)
    ap.add_argument("--ct2025", type=Path, help="a folder of articles to time as well")
    ap.add_argument("--words", type=int, default=10_000)
    args = ap.parse_args()

    text = read_article(args.article)
    cold, art = timed(text)
    warm, art = timed(text)
    print(f"seed article: {len(text.split())} words, {len(art.claims)} claims "
          f"({sum(c.checkworthy for c in art.claims)} flagged)")
    print(f"extract cold {cold:.2f} s (pipeline load included), warm {warm:.3f} s")

    running = " ".join(s.text for s in art.sentences if s.kind == "sentence")
    reps = max(1, args.words // max(1, len(running.split())))
    big = "\n".join([running] * reps)
    big_t, big_art = timed(big, lang=art.lang)
    n_words = len(big.split())
    print(f"synthetic article: {n_words} words, {len(big_art.claims)} claims, "
          f"extract {big_t:.2f} s ({n_words / big_t:.0f} words/s)")

    if args.gold:
        found, n, flagged_neg, n_neg = recall(args.gold, art.to_json()["claims"])
        print(f"seed recall {found / max(1, n):.3f} ({found}/{n}), "
              f"non-claims flagged {flagged_neg}/{n_neg}")

    if args.ct2025:
        files = sorted(p for p in args.ct2025.rglob("*") if p.suffix in (".txt", ".md"))
        total_t = total_w = 0.0
        for p in files:
            t, _ = timed(read_article(p))
            total_t += t
            total_w += len(p.read_text(encoding="utf-8", errors="replace").split())
        if files:
            print(f"{len(files)} articles from {args.ct2025}: {total_t:.2f} s, "
                  f"{total_w / max(total_t, 1e-9):.0f} words/s")


if __name__ == "__main__":
    main()
