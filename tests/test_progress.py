"""Long work says how far it has got: counts that only grow, a rate and the time left,
in the desk's words (French by default, English when asked). The clock is injected, so
nothing here depends on how fast or busy the machine is; the model, the French
pipeline and the database are the real ones."""

from __future__ import annotations

import json
import re

from checker.progress import Meter, duration_text
from checker.retrieval import vectors
from checker.review.steps import check_article, ingest_corpus_files
from checker.settings import SAMPLE_ARTICLE, SAMPLE_CORPUS
from checker.store.database import Store
from claims import read_article

COUNTS = re.compile(r"(\d+)/(\d+)")


class TickingClock:
    """A clock that moves on by `step` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def _counts(messages: list[str], label: str) -> list[tuple[int, int]]:
    return [tuple(map(int, COUNTS.search(m).groups())) for m in messages if m.startswith(label)]


def test_a_meter_gives_counts_rate_and_time_left():
    clock = TickingClock(2.0)
    meter = Meter(10, label="Vecteurs", unit="passages", clock=clock)
    assert meter.text(0) == "Vecteurs : 0/10 passages"  # no rate before anything is done
    assert meter.text(4) == "Vecteurs : 4/10 passages · 1,0/s · reste ~6 s"
    english = Meter(10, label="Embedding", unit="passages", clock=TickingClock(2.0), wording="en")
    assert english.text(0) == "Embedding: 0/10 passages"
    assert english.text(4) == "Embedding: 4/10 passages · 1.0/s · ~6 s left"
    assert meter.fraction(5) == 0.5 and Meter(0, label="x", unit="y").fraction(0) == 1.0
    assert duration_text(0.2) == "~1 s" and duration_text(200) == "~4 min" and duration_text(7300) == "~2 h 02"


def test_the_first_check_reports_each_batch_of_claims(embedder, tmp_path):
    store = Store(tmp_path / "desk.db")
    ingest_corpus_files(store, embedder, [SAMPLE_CORPUS], corpus="sample")
    seen: list[tuple[float, str]] = []
    document = check_article(
        store,
        embedder,
        read_article(SAMPLE_ARTICLE),
        corpora=["sample"],
        progress=lambda fraction, message: seen.append((fraction, message)),
        clock=TickingClock(0.5),
    )
    total = len(document["claims"])
    assert total > 8, "the sample must need more than one batch"
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    messages = [m for _, m in seen]
    matched = _counts(messages, "Comparaison aux sources :")
    assert len(matched) >= 3 and matched[0] == (0, total) and matched[-1] == (total, total)
    done = [d for d, _ in matched]
    assert done == sorted(done) and len(set(done)) == len(done)  # every step moves on
    later = [m for m in messages if m.startswith("Comparaison") and not m.endswith(f": 0/{total} affirmations")]
    assert later and all(re.search(r" · \d+,\d/s · reste ~\d+ (s|min)$", m) for m in later)
    assert messages[0] == "Extraction des affirmations…"
    assert messages[-1] == f"Terminé : {total} affirmations"
    assert not any(m in ("Saving", "Done") or m.startswith(("Extracting", "Matching")) for m in messages)
    store.close()


def test_the_first_check_encodes_every_claim_before_matching_and_says_so(embedder, tmp_path, monkeypatch):
    """The claims are encoded together, batch by batch with counts, before the first is
    matched; checked again, the article has nothing left to encode."""
    monkeypatch.setattr(vectors, "QUERY_BATCH", 8)  # the sample's claims in several batches
    store = Store(tmp_path / "desk.db")
    ingest_corpus_files(store, embedder, [SAMPLE_CORPUS], corpus="sample")
    text = read_article(SAMPLE_ARTICLE)
    seen: list[tuple[float, str]] = []
    document = check_article(
        store, embedder, text, corpora=["sample"], progress=lambda f, m: seen.append((f, m)), clock=TickingClock(0.5)
    )
    messages = [m for _, m in seen]
    label = "Vecteurs des affirmations :"
    encoded = _counts(messages, label)
    windows = len({w for c in document["claims"] for w in vectors.query_windows(c["text"])})
    assert len(encoded) >= 3 and encoded[-1] == (windows, windows)
    assert [d for d, _ in encoded] == sorted({d for d, _ in encoded})
    assert all(re.search(r" · \d+,\d/s · reste ~\d+ (s|min)$", m) for m in messages if m.startswith(label))
    last_encoding = max(i for i, m in enumerate(messages) if m.startswith(label))
    first_match = min(i for i, m in enumerate(messages) if m.startswith("Comparaison"))
    assert last_encoding < first_match
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions)
    again: list[str] = []
    check_article(store, embedder, text, corpora=["sample"], progress=lambda _, m: again.append(m))
    assert not any(m.startswith(label) for m in again)
    store.close()


def test_an_import_reports_each_batch_of_passages_embedded(embedder, tmp_path):
    corpus = tmp_path / "ports.jsonl"
    rows = [
        {"id": f"p{i}", "text": f"Le port numéro {i} a traité {i * 1000} conteneurs en {2000 + i % 24}."}
        for i in range(75)
    ]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    store = Store(tmp_path / "desk.db")
    seen: list[tuple[float, str]] = []
    counts = ingest_corpus_files(
        store, embedder, [corpus], progress=lambda f, m: seen.append((f, m)), clock=TickingClock(1.0)
    )
    assert counts["added"] == 75 and counts["embedded"] == 75
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    embedded = _counts([m for _, m in seen], "Vecteurs :")
    assert [d for d, _ in embedded] == sorted({d for d, _ in embedded}) and len(embedded) >= 3
    assert embedded[-1] == (75, 75)
    assert all("/s · reste ~" in m for _, m in seen if m.startswith("Vecteurs :"))
    assert seen[-1][1] == "Terminé : 75 ajoutés, 75 vecteurs"
    store.close()
