"""Retrieval figures: the same as an obvious re-count, and `eval` agrees with `search`."""

from __future__ import annotations

import json

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from checker.cli import cli
from checker.retrieval.evaluation import metrics
from checker.settings import SAMPLE_CORPUS

ids = st.sampled_from(["a", "b", "c", "d", "e", "f", "a-fr", "b-en"])


def _slow(ranked, gold):
    """Figures the long way, query by query, as the scoring tool defines them."""
    hits = [i for i, pid in enumerate(ranked) if any(pid == g or pid.startswith(g + "-") for g in gold)]
    first = hits[0] + 1 if hits else None
    ap, found = 0.0, 0
    for i, pid in enumerate(ranked[:5]):
        if i in hits:
            found += 1
            ap += found / (i + 1)
    return {
        "R@1": float(first is not None and first <= 1),
        "R@5": float(first is not None and first <= 5),
        "R@10": float(first is not None and first <= 10),
        "MRR@10": 1 / first if first and first <= 10 else 0.0,
        "MAP@5": ap / min(5, len(gold)),
    }


@given(
    st.lists(
        st.tuples(st.lists(ids, max_size=12, unique=True), st.lists(ids, min_size=1, max_size=3, unique=True)),
        min_size=1,
        max_size=8,
    )
)
def test_metrics_equal_a_query_by_query_count(rows):
    figures = metrics([r for r, _ in rows], [g for _, g in rows])
    for key in ("R@1", "R@5", "R@10", "MRR@10", "MAP@5"):
        expected = sum(_slow(r, g)[key] for r, g in rows) / len(rows)
        assert abs(figures[key] - expected) < 1e-9


def test_eval_agrees_with_search_and_shows_the_baseline(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    rows = [
        {"qid": "1", "query": "OpenAI a ouvert un bureau à Londres en 2023", "gold_ids": ["F01"]},
        {"qid": "2", "query": "DeepMind appartient à Google", "gold_ids": ["F07"]},
        {"qid": "3", "query": "OpenAI a levé 6,6 milliards de dollars", "gold_ids": ["F04"]},
    ]
    pairs.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    runner = CliRunner()
    db = str(tmp_path / "e.db")
    ev = runner.invoke(
        cli, ["eval", "--pairs", str(pairs), "--corpus", str(SAMPLE_CORPUS), "--baseline", "--json", "--db", db]
    )
    assert ev.exit_code == 0, ev.output
    figures = {f["method"]: f for f in json.loads(ev.stdout)["methods"]}
    assert set(figures) == {"hybrid", "bm25", "dense"}
    found = runner.invoke(
        cli, ["search", "--corpus", str(SAMPLE_CORPUS), "--queries", str(pairs), "--top-k", "10", "--json", "--db", db]
    )
    assert found.exit_code == 0, found.output
    ranked = [[m["passage_id"] for m in json.loads(line)["matches"]] for line in found.stdout.splitlines()]
    recount = metrics(ranked, [r["gold_ids"] for r in rows])
    assert {k: recount[k] for k in ("R@1", "R@5", "R@10", "MRR@10", "MAP@5")} == {
        k: figures["hybrid"][k] for k in ("R@1", "R@5", "R@10", "MRR@10", "MAP@5")
    }
