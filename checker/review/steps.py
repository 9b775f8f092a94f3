"""The steps a reviewer triggers, shared by the CLI and the UI so both store the same.

Each function takes an open Store and Embedder, so a UI session loads the model once
and a script can run many articles on one connection.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from checker.errors import InputError
from checker.i18n import t
from checker.model.encoder import Embedder
from checker.progress import Clock, Meter
from checker.retrieval.search import search
from checker.retrieval.vectors import embed_missing, encode_missing_queries
from checker.settings import SAMPLE_ARTICLE, SAMPLE_CORPUS, SAMPLE_CORPUS_NAME
from checker.store.corpus_files import CorpusFile, CorpusNameClash, read_corpus_files
from checker.store.database import Store
from checker.verify.evidence_dates import dateline_date
from checker.verify.suggestion import verify
from claims import extract, read_article

Progress = Callable[[float, str], object]  # what it returns is ignored (a UI bar returns itself)
"""(share done in [0, 1], message in the UI's language: `wording`)."""

MATCH_BATCH = 8
MATCH_STEPS = 10
"""Claims are matched in about `MATCH_STEPS` batches of at least `MATCH_BATCH`, so the
progress moves claim batch by claim batch (each claim is matched on its own: batching
changes no result). Why not a fixed 8: each batch parses its claims and passages in
one spaCy pass and reads its passages in one query, and a 10,000-word article's 458
claims in 58 batches paid that fixed cost 58 times."""


def _quiet(_: float, __: str) -> None:
    return None


def ingest_corpus_files(
    store: Store,
    embedder: Embedder | None,
    paths: Sequence[str | Path],
    *,
    corpus: str | None = None,
    sources: Sequence[str] | None = None,
    show_progress: bool = False,
    progress: Progress | None = None,
    clock: Clock = time.monotonic,
    wording: str = "fr",
) -> dict[str, int]:
    """Read every file first (one bad line rejects the lot, nothing written), then store
    the passages and, given an embedder, encode the new ones.

    Without `corpus`, each file becomes a corpus named after its stem, unless another
    file already fills that corpus (CorpusNameClash, nothing written). `sources`, one per
    path, is what is recorded as each file's origin instead of its resolved path. Returns
    counts {"added", "updated", "unchanged", "embedded"}. `progress(fraction, message)`
    follows the encoding batch by batch (count, rate, time left), worded in `wording`
    ('fr' or 'en', the UI's language).
    """
    files = read_corpus_files(paths, corpus=corpus, sources=sources)
    return store_corpus_files(
        store, embedder, files, show_progress=show_progress, progress=progress, clock=clock, wording=wording
    )


def check_corpus_sources(store: Store, files: Sequence[CorpusFile]) -> None:
    """Refuse a file that its stem would put in a corpus filled from another file.

    Why only for stem-named files: a name typed by the user is a deliberate merge. A
    corpus with no recorded source (imported before sources were kept) accepts the
    first file that claims it. Reads only, so a refusal leaves the database as it was.
    """
    recorded = store.corpus_sources()
    for f in files:
        theirs = recorded.get(f.corpus, [])
        if not f.named and theirs and f.source not in theirs:
            raise CorpusNameClash(f.corpus, theirs, f.source)


def store_corpus_files(
    store: Store,
    embedder: Embedder | None,
    files: Sequence[CorpusFile],
    *,
    show_progress: bool = False,
    progress: Progress | None = None,
    clock: Clock = time.monotonic,
    wording: str = "fr",
) -> dict[str, int]:
    """Store files already read (see `read_corpus_files`), recording where each came
    from, then encode what has no vector yet; counts as `ingest_corpus_files`.

    `progress` hears of each file stored (the first tenth of the bar) and each batch
    of passages embedded (the rest), with counts, rate and time left: encoding is
    what takes minutes.

    Why this order: the passages are stored first, then encoded by content hash
    (deduplicated, longest first, batches committed one by one), so a run killed
    while encoding keeps its passages and finished batches, and running it again
    encodes only the windows still without a vector."""
    progress = progress or _quiet
    check_corpus_sources(store, files)
    totals = {"added": 0, "updated": 0, "unchanged": 0, "embedded": 0}
    stored = Meter(
        sum(len(f.passages) for f in files),
        label=t("progress.storing", wording),
        unit="passages",
        clock=clock,
        wording=wording,
    )
    done = 0
    progress(0.0, stored.text(0))
    for f in files:
        for key, value in store.upsert_passages(f.corpus, f.passages, source=f.source).items():
            totals[key] += value
        done += len(f.passages)
        progress(0.1 * stored.fraction(done), stored.text(done))
    names = list(dict.fromkeys(f.corpus for f in files))
    if embedder is not None and names:
        started = clock()
        progress(0.1, t("progress.finding", wording))

        def embedded(count: int, total: int) -> None:
            meter = Meter(
                total,
                label=t("progress.embedding", wording),
                unit="passages",
                clock=clock,
                started=started,
                wording=wording,
            )
            progress(0.1 + 0.9 * meter.fraction(count), meter.text(count))

        totals["embedded"] = embed_missing(
            store, embedder, store.passages(names), show_progress=show_progress, progress=embedded
        )
    progress(1.0, t("progress.ingested", wording, added=totals["added"], embedded=totals["embedded"]))
    return totals


def resolve_corpora(store: Store, embedder: Embedder | None, names_or_files: Sequence[str]) -> list[str]:
    """Corpus names for `--corpus` values: existing files are ingested (cached) under
    their stem, other values must name a corpus already in the database. Every value is
    checked and every file read before anything is written."""
    if not names_or_files:
        raise InputError("--corpus: name at least one corpus file or corpus name")
    known = {c["name"] for c in store.corpora()}
    for value in names_or_files:
        if not Path(value).is_file() and value not in known:
            raise InputError(
                f"--corpus: {value!r} is neither a file nor a corpus in {store.path}"
                + (f" (corpora: {', '.join(sorted(known))})" if known else "")
            )
    files = read_corpus_files([Path(v) for v in names_or_files if Path(v).is_file()])
    if files:
        store_corpus_files(store, embedder, files)
    stems = iter(f.corpus for f in files)
    names = [next(stems) if Path(v).is_file() else v for v in names_or_files]
    return list(dict.fromkeys(names))


ACTOR_LABELS = ("ORG", "PER", "PERSON")


def actors_of(features: dict) -> list[str]:
    """The people and organisations a claim is about, from its extracted entities."""
    return list(dict.fromkeys(e["text"] for e in features.get("entities", []) if e.get("label") in ACTOR_LABELS))


def match_texts(
    store: Store,
    embedder: Embedder,
    texts: Sequence[str],
    corpora: Sequence[str],
    *,
    top_k: int = 5,
    actors: Sequence[Sequence[str]] | None = None,
) -> list[dict]:
    """For each text: {"matches": [passage dicts best first], "suggestion", "signals"}.

    `actors`, one list per text, names the people and organisations each claim is about;
    a passage that mentions none of them is not taken as evidence.

    Passage dicts carry 'pk', 'passage_id', 'score', 'dense', 'lexical', 'fuzzy', 'text',
    'title', 'source', 'url', 'date', 'lang' and, for the first few, 'signals'.
    """
    ranked = search(store, embedder, texts, corpora, top_k=top_k)
    pks = sorted({m["pk"] for ms in ranked for m in ms})
    passages = store.passages_by_pk(pks) if pks else {}
    _parse_french([*texts, *(passages[m["pk"]]["text"] for ms in ranked for m in ms[:VERIFY_CONSIDER])])
    out = []
    for i, (text, ms) in enumerate(zip(texts, ranked)):
        matches = []
        for m in ms:
            p = passages[m["pk"]]
            matches.append(
                {
                    **m,
                    "passage_id": p["id"],
                    "text": p["text"],
                    "title": p["title"],
                    "source": p["source"],
                    "url": p["url"],
                    "date": p["date"],
                    "lang": p["lang"],
                    "corpus": p["corpus"],
                }
            )
        verdict = verify(text, matches, actors=actors[i] if actors else ())
        out.append({"matches": matches, **verdict})
    return out


VERIFY_CONSIDER = 5
"""Top passages the verifier reads per claim (`checker.verify.suggestion.verify`'s default)."""


def _parse_french(texts: Sequence[str]) -> None:
    """Parse the French texts the verifier will read in one spaCy pass (`claims.nlp.parse`
    keeps them), instead of one call per text when their named entities are looked up.

    Why: a 10,000-word article brings about 450 claims and a thousand passages; one
    `nlp(text)` each took most of its first check's time."""
    from checker.verify.facts import language
    from claims.nlp import parse

    parse("fr", [t for t in dict.fromkeys(texts) if language(t) == "fr"])


def verdict_fields(result: dict) -> dict:
    """The verifier's fields added to a claim's JSON next to its suggestion: which
    passage decided, the slots that differ, and the model's probability."""
    return {
        "decided_by": result.get("decided_by"),
        "differences": result.get("differences", []),
        "confidence": result.get("confidence"),
    }


def public_match(m: dict) -> dict:
    """A match as the JSON contract shows it (docs/json-contract.md), plus the channel scores."""
    return {
        "passage_id": m["passage_id"],
        "score": round(m["score"], 4),
        "text": m["text"],
        "source": m["source"],
        "url": m["url"],
        "date": m["date"],
        "dense": round(m["dense"], 4),
        "lexical": round(m["lexical"], 4),
        "signals": m.get("signals", []),
        **({"assessment": m["assessment"], "probabilities": m["probabilities"]} if "assessment" in m else {}),
    }


EXTRACTED = 0.30
ENCODED = 0.55
"""Shares of a first check's bar at the end of extraction and of claim encoding."""


def encode_claims(
    store: Store,
    embedder: Embedder,
    texts: Sequence[str],
    *,
    progress: Progress,
    clock: Clock = time.monotonic,
    wording: str = "fr",
) -> int:
    """Encode every claim of the article not encoded before, all at once, before any
    is matched; returns how many query windows were encoded.

    Why first and together: one model call per few claims made the model's fixed cost,
    not the claims, most of a long article's check (a 10,000-word article: 458 claims,
    58 calls). `progress` hears of each batch with counts, rate and time left."""
    started = clock()

    def heard(count: int, total: int) -> None:
        meter = Meter(
            total,
            label=t("progress.encoding", wording),
            unit=t("progress.claims", wording),
            clock=clock,
            started=started,
            wording=wording,
        )
        progress(EXTRACTED + (ENCODED - EXTRACTED) * meter.fraction(count), meter.text(count))

    return encode_missing_queries(store, embedder, texts, progress=heard)


def check_article(
    store: Store,
    embedder: Embedder,
    text: str,
    *,
    corpora: Sequence[str],
    title: str | None = None,
    lang: str = "auto",
    source: str = "",
    url: str = "",
    article_date: date | None = None,
    top_k: int = 5,
    progress: Progress | None = None,
    clock: Clock = time.monotonic,
    wording: str = "fr",
) -> dict:
    """Extract the article's claims, match each against the corpora, store it all.

    Returns the extract document of docs/json-contract.md with "matches", "suggestion" and
    "signals" on every claim and the stored article id under article.id. Bad text
    raises claims.ArticleError before anything is written. A `title` given by the
    reviewer is the article's title even when the text opens with a heading.
    `progress` hears of every step, and of every batch of claims matched with the
    count, the rate and the time left ("n/N, x/s, reste ~t s"), in `wording` ('fr' or
    'en', the UI's language); `clock` times it (injectable for tests).
    """
    progress = progress or _quiet
    progress(0.02, t("progress.extracting", wording))
    extracted = extract(text, lang=lang, article_date=article_date, title=title)
    claims = extracted.claims
    encode_claims(store, embedder, [c.text for c in claims], progress=progress, clock=clock, wording=wording)
    meter = Meter(
        len(claims),
        label=t("progress.matching", wording),
        unit=t("progress.claims", wording),
        clock=clock,
        wording=wording,
    )
    progress(ENCODED, meter.text(0))
    results: list[dict] = []
    size = max(MATCH_BATCH, -(-len(claims) // MATCH_STEPS))
    for start in range(0, len(claims), size):
        batch = claims[start : start + size]
        results += match_texts(
            store,
            embedder,
            [c.text for c in batch],
            corpora,
            top_k=top_k,
            actors=[actors_of(c.features) for c in batch],
        )
        progress(ENCODED + (0.85 - ENCODED) * meter.fraction(len(results)), meter.text(len(results)))
    progress(0.88, t("progress.saving", wording, count=len(claims)))
    # One transaction for the article, its claims and all their evidence: a failure or
    # a crash while saving leaves the database as it was (docs/bad-input.md).
    with store.atomic():
        article_id = store.save_article(
            text=text,
            title=title.strip() if title and title.strip() else extracted.title,
            lang=extracted.lang,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            claims=extracted.claims,
            source=source,
            url=url,
            published=article_date.isoformat() if article_date else dateline_date(text),
        )
        store.save_checks(
            [
                {
                    "claim_id": claim.id,
                    "suggestion": result["suggestion"],
                    "signals": result["signals"],
                    "matches": result["matches"],
                }
                for claim, result in zip(extracted.claims, results)
            ],
            model=embedder.model_id,
            corpora=corpora,
        )
    from checker.store.claim_edits import edited_claims

    rematch(store, embedder, edited_claims(store, article_id), top_k=top_k)  # a reviewer's words, not the extractor's
    document = extracted.to_json()
    document["article"]["id"] = article_id
    if title and title.strip():
        document["article"]["title"] = title.strip()
    for claim, result in zip(document["claims"], results):
        claim["matches"] = [public_match(m) for m in result["matches"]]
        claim["suggestion"] = result["suggestion"]
        claim["signals"] = result["signals"]
        claim.update(verdict_fields(result))
    progress(1.0, t("progress.checked", wording, count=len(claims)))
    return document


def ensure_sample(store: Store, embedder: Embedder) -> str:
    """The shipped sample article checked against the shipped sample corpus; does the
    work only the first time, so the app can call it on every start."""
    text = read_article(SAMPLE_ARTICLE)
    article_id = "a" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    if store.is_checked(article_id, embedder.model_id):
        return article_id
    ingest_corpus_files(store, embedder, [SAMPLE_CORPUS], corpus=SAMPLE_CORPUS_NAME)
    document = check_article(store, embedder, text, corpora=[SAMPLE_CORPUS_NAME], source=SAMPLE_ARTICLE.name)
    return document["article"]["id"]


def rematch(store: Store, embedder: Embedder, claim_ids: Sequence[str], *, top_k: int = 5) -> None:
    """Search evidence again for claims whose words changed (edited, split, merged,
    added), on the corpora their article was checked against; a claim of an article
    never checked keeps no evidence."""
    claims = [store.claim(cid) for cid in claim_ids]
    for claim in claims:
        corpora = store.article_corpora(claim["article_id"])
        if not corpora:
            continue
        (result,) = match_texts(
            store, embedder, [claim["text"]], corpora, top_k=top_k, actors=[actors_of(claim["features"])]
        )
        store.save_check(
            claim["id"],
            model=embedder.model_id,
            corpora=corpora,
            suggestion=result["suggestion"],
            signals=result["signals"],
            matches=result["matches"],
        )
