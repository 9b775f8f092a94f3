"""The reference corpus page: import passages, browse and search them, and see how
many are indexed with which model.

Imports go through `checker.review.steps.ingest_corpus_files`, the same code as `python -m
checker ingest`, so the page accepts and refuses exactly what the CLI does: one bad line
refuses the whole file, naming the line, before anything is written.
"""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path
from typing import Any

import streamlit as st

from checker.errors import CheckerError
from checker.escaping import escape_markdown as md
from checker.i18n import lang, t
from checker.retrieval.search import fts_query
from checker.review.steps import ingest_corpus_files
from checker.store.corpus_files import SUFFIXES, CorpusNameClash
from checker.ui.common import embedder, flash, open_store, show_flash
from checker.ui.highlight import evidence_html
from checker.ui.queries import browse_passages, corpus_stats

PAGE_SIZE = 25
UPLOAD_PREFIX = "upload:"
MAX_CORPUS_UPLOAD_MB = 200


def upload_source(filename: str) -> str:
    """What an upload records as its origin: its name, since the temporary path means
    nothing. Uploading a file of that name again is taken as an update of it, so a
    corpus filled from a file on disk (or another upload) is not overwritten by an
    upload that merely shares its name."""
    return f"{UPLOAD_PREFIX}{filename}"


def clash_message(error: CorpusNameClash) -> str:
    """The refusal in the page's own terms: the way out is the corpus-name field."""
    return t("corpus.clash", new=error.new, corpus=error.corpus, existing=", ".join(error.existing))


def show_progress(bar: Any, fraction: float, message: str) -> None:
    """One step of an import on the page's bar: counts, rate and time left as the
    pipeline words them (an import of 1,500 passages takes minutes; the bar must move)."""
    bar.progress(min(max(fraction, 0.0), 1.0), text=message)


def import_form() -> None:
    with st.expander(t("corpus.import_section"), expanded=False):
        files = st.file_uploader(
            t("corpus.files"),
            type=[s.lstrip(".") for s in SUFFIXES],
            accept_multiple_files=True,
            key="corpus_files",
            max_upload_size=MAX_CORPUS_UPLOAD_MB,
        )
        name = st.text_input(t("corpus.name"), key="corpus_name")
        embed = st.checkbox(t("corpus.embed"), value=True, key="corpus_embed")
        if st.button(t("corpus.import"), key="corpus_import", type="primary"):
            if not files:
                st.error(t("corpus.no_file"))
                return
            filenames = [Path(f.name).name for f in files]
            twice = sorted({n for n in filenames if filenames.count(n) > 1})
            if twice and not name.strip():
                st.error(t("corpus.same_name", name=md(twice[0])))
                return
            bar = st.progress(0.0, text=t("progress.reading"))
            try:
                with tempfile.TemporaryDirectory(prefix="factcheck-corpus-") as folder:
                    paths = []
                    for i, f in enumerate(files):
                        # one sub-folder each: two uploads of one name stay two files
                        path = Path(folder) / str(i) / (Path(f.name).name or "corpus.jsonl")
                        path.parent.mkdir()
                        path.write_bytes(f.getvalue())
                        paths.append(path)
                    if embed:
                        bar.progress(0.0, text=t("startup.loading_model"))
                    model = embedder() if embed else None
                    store = open_store()
                    try:
                        counts = ingest_corpus_files(
                            store,
                            model,
                            paths,
                            corpus=name.strip() or None,
                            sources=[upload_source(p.name) for p in paths],
                            progress=partial(show_progress, bar),
                            wording=lang(),
                        )
                    finally:
                        store.close()
            except CorpusNameClash as e:
                bar.empty()
                st.error(md(clash_message(e)))
                return
            except CheckerError as e:
                bar.empty()
                st.error(str(e))
                return
            bar.progress(1.0, text=t("progress.done"))
            flash(
                "success",
                t(
                    "corpus.imported",
                    added=counts["added"],
                    updated=counts["updated"],
                    unchanged=counts["unchanged"],
                    embedded=counts["embedded"],
                ),
            )
            st.rerun()


def corpus_page() -> None:
    st.title(t("corpus.title"))
    show_flash()
    import_form()
    store = open_store()
    try:
        stats = corpus_stats(store)
        if not stats:
            st.info(t("corpus.empty"))
            return
        st.subheader(t("corpus.index"))
        sources = store.corpus_sources()
        st.dataframe(
            [
                {
                    "corpus": r["corpus"],
                    "passages": r["passages"],
                    t("corpus.col.model"): r["model"] or "—",
                    t("corpus.col.embedded"): r["embedded"] if r["model"] else 0,
                    t("corpus.col.files"): ", ".join(sources.get(r["corpus"], [])) or "—",
                }
                for r in stats
            ],
            hide_index=True,
            key="corpus_stats",
        )
        names = list(dict.fromkeys(r["corpus"] for r in stats))
        st.subheader(t("corpus.browse"))
        # keyed by the list of corpora, so a newly imported corpus starts selected
        chosen = st.multiselect(t("corpus.pick"), names, default=names, key="corpus_pick:" + "|".join(names))
        query = st.text_input(t("corpus.search"), key="corpus_query")
        if query.strip():
            found = store.lexical_search(fts_query(query), chosen, limit=PAGE_SIZE)
            by_pk = store.passages_by_pk([pk for pk, _ in found]) if found else {}
            rows = [
                {**by_pk[pk], "passage_id": by_pk[pk]["id"], "score": score, "rank": i}
                for i, (pk, score) in enumerate(found, start=1)
            ]
            st.caption(t("corpus.results", count=len(rows), query=md(query.strip())))
        else:
            total = sum(r["passages"] for r in {r["corpus"]: r for r in stats}.values() if r["corpus"] in chosen)
            pages = max(1, -(-total // PAGE_SIZE))
            page = st.number_input(t("corpus.page"), min_value=1, max_value=pages, value=1, step=1, key="corpus_page")
            rows = [
                {**r, "passage_id": r["id"], "rank": (int(page) - 1) * PAGE_SIZE + i}
                for i, r in enumerate(
                    browse_passages(store, chosen, offset=(int(page) - 1) * PAGE_SIZE, limit=PAGE_SIZE), start=1
                )
            ]
            st.caption(t("corpus.pages", total=total, page=int(page), pages=pages))
        for r in rows:
            st.html(evidence_html(r, claim=query if query.strip() else None))
    except CheckerError as e:
        st.error(str(e))
    finally:
        store.close()


corpus_page()
