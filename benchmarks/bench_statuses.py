"""What reading every reviewer's verdict costs the queue and the overview.

    python benchmarks/bench_statuses.py [--claims N] [--reviewers R] [--runs K]

Builds a database of N claims, each judged by R reviewers (a third of them in
disagreement, some with an undo), then times, in the same run: the baseline (one query
for the latest row of anyone, the rule the desk used before disputes), the queue's
`verdict_statuses` (every reviewer's current verdict, then each claim's standing), the
overview's `verdict_counts`, and one claim card's `standing_of`. Prints medians in ms
and the ratio to the baseline. No model is loaded.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from checker.store.database import Store
from checker.ui.queries import standing_of, verdict_counts, verdict_statuses
from claims.model import Claim

BASELINE = """
SELECT c.id, v.verdict FROM claims c
LEFT JOIN (SELECT claim_id, max(id) AS id FROM verdicts GROUP BY claim_id) l ON l.claim_id = c.id
LEFT JOIN verdicts v ON v.id = l.id WHERE c.article_id = ?
"""


def claim(claim_id: str, text: str) -> Claim:
    """A claim as the extractor would give it, without running the extractor."""
    return Claim(claim_id, text, start=0, end=5, sentence="Texte.", checkworthy=True, score=0.8)


def median_ms(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--reviewers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db")
        article = store.save_article(
            text="Texte.",
            title="bench",
            lang="fr",
            sha256="b" * 64,
            claims=[claim(f"c{i}", f"claim {i}") for i in range(args.claims)],
        )
        with store._write():
            for i in range(args.claims):
                for r in range(args.reviewers):
                    verdict = "false" if (r and i % 3 == 0) else "true"
                    rows = [verdict, "unreviewed", verdict] if i % 10 == r else [verdict]  # an undo now and then
                    for v in rows:
                        store.db.execute(
                            "INSERT INTO verdicts (claim_id, verdict, reviewer, created_at) VALUES (?, ?, ?, ?)",
                            [f"c{i}", v, f"r{r}", f"2024-01-01T{i % 24:02d}:00"],
                        )
        base = median_ms(lambda: store.db.execute(BASELINE, [article]).fetchall(), args.runs)
        print(f"{args.claims} claims x {args.reviewers} reviewers, median of {args.runs} runs (ms)")
        print(f"  baseline, latest row of anyone: {base:.1f}")
        for name, work in (
            ("verdict_statuses (queue)", lambda: verdict_statuses(store, article)),
            ("verdict_counts (overview)", lambda: verdict_counts(store)),
            ("standing_of (one card)", lambda: standing_of(store, "c3")),
        ):
            ms = median_ms(work, args.runs)
            print(f"  {name}: {ms:.1f} ({ms / base:.1f}x baseline)")
        store.close()


if __name__ == "__main__":
    main()
