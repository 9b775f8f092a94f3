"""The overview page: how far each article's review has got, and every export.

Exports loop over the same RENDERERS registry as the CLI's `--format`, so the page
offers every format the report has, for one article or for all of them.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from checker.errors import CheckerError
from checker.escaping import escape_markdown as md
from checker.escaping import safe_url
from checker.i18n import lang, t
from checker.report.formats import FILE_EXTENSIONS, MEDIA_TYPES, RENDERERS
from checker.ui.accounts import export_formats
from checker.ui.common import export_data, open_store, review_url
from checker.ui.queries import claimreview_left_out, verdict_counts
from checker.ui.view import (
    CLAIMREVIEW_NEEDS_URL,
    STATUS_LABELS,
    claimreview_caption,
    overview_chart,
)

ALL = "__all__"


def overview_page() -> None:
    st.title(t("overview.title"))
    store = open_store()
    try:
        counts = verdict_counts(store)
        if not counts:
            st.info(t("overview.no_article"))
            return
        statuses = tuple(STATUS_LABELS)
        total = {s: sum(c[s] for c in counts) for s in statuses}
        columns = st.columns(len(statuses))
        for column, s in zip(columns, statuses):
            column.metric(STATUS_LABELS[s], total[s])

        labels = {c["article_id"]: _short(c["title"] or c["article_id"]) for c in counts}
        rows, series, colors = overview_chart(counts, labels)
        st.bar_chart(
            rows,
            x="article",
            y=series,
            color=colors,  # type: ignore[arg-type]  # a list of hex colours, one per series
            x_label="article",
            y_label=t("overview.claims_axis"),
            horizontal=True,
            height=max(220, 48 * len(counts) + 80),
        )
        st.dataframe(
            [
                {"article": c["title"], "id": c["article_id"], **{STATUS_LABELS[s]: c[s] for s in statuses}}
                for c in counts
            ],
            hide_index=True,
            key="overview_table",
        )

        st.subheader(t("export"))
        all_articles = t("overview.all_articles")  # read now: Streamlit formats the options later
        choice = st.selectbox(
            t("review.article"),
            [ALL, *labels],
            format_func=lambda i: all_articles if i == ALL else labels[i],
            key="overview_article",
        )
        stem = "verification-tout" if choice == ALL else f"verification-{choice}"
        page_url = review_url()
        with st.container(horizontal=True):
            for name in export_formats(list(RENDERERS)):
                st.download_button(
                    name,
                    data=partial(export_data, None if choice == ALL else choice, name, page_url, lang()),
                    disabled=name == "claimreview" and not safe_url(page_url),
                    help=CLAIMREVIEW_NEEDS_URL[lang()] if name == "claimreview" and not safe_url(page_url) else None,
                    file_name=f"{stem}{FILE_EXTENSIONS[name]}",
                    mime=MEDIA_TYPES[name],
                    key=f"overview_export:{name}",
                    on_click="ignore",
                )
        st.caption(claimreview_caption(claimreview_left_out(store, None if choice == ALL else choice)))
        st.caption(md(t("overview.articles_count", count=len(counts))))
    except CheckerError as e:
        st.error(str(e))
    finally:
        store.close()


def _short(title: str, width: int = 50) -> str:
    title = " ".join(str(title).split())
    return title if len(title) <= width else title[: width - 1] + "…"


overview_page()
