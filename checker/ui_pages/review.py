"""The review page: an article, its queue of claims, and the card to judge one.

Every verdict is written in the button's callback, keyed by claim id, so it is in the
database before the screen redraws; session state holds only the selected claim, the
filters and unsaved notes. The queue shows a window of claims around the selected one
and the statuses come from one query, so a click stays quick with a thousand claims.
"""
from __future__ import annotations

from functools import partial

import streamlit as st

from checker.agreement import current_verdicts, disagreements
from checker.errors import CheckerError
from checker.renderers import FILE_EXTENSIONS, MEDIA_TYPES, RENDERERS
from checker.store import CLEARED, VERDICTS, Store
from checker.ui_common import blind_mode, embedder, export_data, flash, md, open_store, reviewer_name, show_flash
from checker.ui_highlight import (
    context_html,
    evidence_html,
    highlight_article,
    quote_html,
    safe_url,
    signals_html,
    table_html,
)
from checker.ui_input import MAX_UPLOAD_BYTES, UPLOAD_TYPES, article_from_paste, article_from_upload
from checker.ui_queries import has_reviewed, verdict_statuses
from checker.ui_view import (
    ARTICLE_WINDOW_CHARS,
    FILTERS,
    SHORTCUTS,
    STATUS_COLORS,
    STATUS_LABELS,
    SUGGESTION_FILTERS,
    article_option_label,
    article_window,
    claim_option_label,
    feature_rows,
    is_flagged,
    neighbour,
    ordered_claims,
    queue,
    status_of,
    suggestion_label,
    window,
)
from claims import ArticleError

QUEUE_WINDOW = 40
"""Claim buttons drawn at once; the rest of the queue is reached with next/previous."""


def note_key(claim_id: str) -> str:
    return f"note:{claim_id}"


def draft_key(claim_id: str) -> str:
    """Where a typed but unsaved note waits while the reviewer looks at another claim:
    Streamlit forgets a widget's value once the widget is not drawn."""
    return f"draft:{claim_id}"


def evidence_key(claim_id: str, pk: int) -> str:
    return f"evidence:{claim_id}:{pk}"


def keep_draft(claim_id: str) -> None:
    """Keep the note as typed, in the session and in the database: a reload, a closed
    tab or a restarted server gives it back (the field reports it when it loses focus)."""
    note = st.session_state.get(note_key(claim_id), "")
    st.session_state[draft_key(claim_id)] = note
    store = open_store()
    try:
        store.save_draft(claim_id, note, reviewer=reviewer_name())
    except CheckerError as e:
        flash("error", f"Brouillon non enregistré (draft not saved): {e}")
    finally:
        store.close()


# ------------------------------------------------------------------ callbacks (write to the DB)


def select_claim(claim_id: str | None) -> None:
    """Remember the claim in the session and the URL, so a reload reopens it."""
    if claim_id is None:
        return
    st.session_state["selected_claim"] = claim_id
    st.query_params["claim"] = claim_id


def step(ids: list[str], current: str | None, offset: int) -> None:
    select_claim(neighbour(ids, current, offset))


def record_verdict(claim_id: str, verdict: str, candidates: list[tuple[int, str]]) -> None:
    """Write the verdict with the ticked evidence and the note, at once, in the DB."""
    state = st.session_state
    evidence = [pid for pk, pid in candidates if state.get(evidence_key(claim_id, pk))]
    store = open_store()
    try:
        store.record_verdict(
            claim_id,
            verdict,
            note=(state.get(note_key(claim_id)) or "").strip(),
            evidence=evidence,
            reviewer=reviewer_name(),
        )
    except CheckerError as e:
        flash("error", str(e))
        return
    finally:
        store.close()
    state.pop(draft_key(claim_id), None)
    flash("success", f"Verdict enregistré (saved): {STATUS_LABELS[verdict]}")


def undo_verdict(claim_id: str, candidates: list[tuple[int, str]]) -> None:
    """Step back one verdict of this reviewer and put its note and evidence back in the form."""
    state = st.session_state
    reviewer = reviewer_name()
    store = open_store()
    try:
        had = any(v["reviewer"] == reviewer for v in store.verdict_history(claim_id))
        current = store.undo_last_verdict(claim_id, reviewer=reviewer)
    except CheckerError as e:
        flash("error", str(e))
        return
    finally:
        store.close()
    if not had:
        who = reviewer or "(sans nom / no name)"
        flash("info", f"Rien à annuler pour {who} (nothing to undo for this reviewer).")
        return
    state[note_key(claim_id)] = current["note"] if current else ""
    state.pop(draft_key(claim_id), None)
    used = {e["passage_id"] for e in current["evidence"]} if current else set()
    for pk, pid in candidates:
        state[evidence_key(claim_id, pk)] = pid in used
    flash("info", f"Annulé (undone). Verdict actuel (current): {STATUS_LABELS[status_of(current)]}")


# ------------------------------------------------------------------ sidebar


def article_picker(store: Store, default_id: str) -> str:
    articles = store.articles()
    ids = [a["id"] for a in articles]
    labels = {a["id"]: article_option_label(a) for a in articles}
    state = st.session_state
    if "goto_article" in state:
        state["article"] = state.pop("goto_article")
    if state.get("article") not in ids:
        wanted = st.query_params.get("article")  # a shared or reloaded link names its article
        state["article"] = wanted if wanted in ids else (default_id if default_id in ids else ids[0])
    return st.sidebar.selectbox(
        "Article", ids, key="article", format_func=lambda i: labels.get(i, i), bind="query-params"
    )


def new_article_form(store: Store) -> None:
    """Paste or upload an article; "Check" is the only thing that runs the pipeline."""
    with st.sidebar.expander("Nouvel article (new article)", expanded=False):
        pasted = st.text_area("Texte à coller (paste text)", key="new_text", height=150)
        upload = st.file_uploader(
            "ou fichier (or file) .txt / .md / .html / .docx",
            type=list(UPLOAD_TYPES),
            key="new_file",
            max_upload_size=MAX_UPLOAD_BYTES // (1024 * 1024),
        )
        title = st.text_input("Titre (title, optional)", key="new_title")
        url = st.text_input("URL (optional)", key="new_url")
        published = st.date_input("Date de l'article (article date, optional)", value=None, key="new_date")
        lang = st.selectbox("Langue (language)", ["auto", "fr", "en"], key="new_lang")
        names = [c["name"] for c in store.corpora()]
        corpora = st.multiselect("Corpus de référence (reference corpora)", names, default=names, key="new_corpora")
        if st.button("Vérifier (Check)", key="check", type="primary"):
            try:
                text = article_from_upload(upload.name, upload.getvalue()) if upload else article_from_paste(pasted)
                if not corpora:
                    raise ArticleError("corpus: choose at least one reference corpus")
                bar = st.progress(0.0, text="Démarrage (starting)")
                from checker.pipeline import check_article  # spaCy's pipeline: loaded on the first check

                document = check_article(
                    store,
                    embedder(),
                    text,
                    corpora=corpora,
                    title=title.strip() or None,
                    lang=lang,
                    source=upload.name if upload else "",
                    url=url.strip(),
                    article_date=published,
                    progress=lambda fraction, message: bar.progress(min(max(fraction, 0.0), 1.0), text=message),
                )
            except (ArticleError, CheckerError) as e:
                st.error(str(e))
                return
            article_id = document["article"]["id"]
            st.session_state["goto_article"] = article_id
            st.session_state.pop("selected_claim", None)
            if "claim" in st.query_params:
                del st.query_params["claim"]
            flash("success", f"Article vérifié (checked): {len(document['claims'])} affirmations (claims).")
            st.rerun()


def export_buttons(store: Store, article_id: str) -> None:
    st.sidebar.subheader("Exporter (export)")
    for name in RENDERERS:
        st.sidebar.download_button(
            name,
            data=partial(export_data, article_id, name),
            file_name=f"verification-{article_id}{FILE_EXTENSIONS[name]}",
            mime=MEDIA_TYPES[name],
            key=f"export:{name}",
            on_click="ignore",
        )


# ------------------------------------------------------------------ main area


def claim_queue(shown: list[dict], statuses: dict[str, str], numbers: dict[str, int], selected: str | None) -> None:
    """The buttons of the queue around the selected claim, then previous / next."""
    ids = [c["id"] for c in shown]
    index = ids.index(selected) if selected in ids else 0
    start, end = window(shown, index, size=QUEUE_WINDOW)
    if not shown:
        st.info("Aucune affirmation pour ce filtre (no claim under this filter).")
    elif start or end < len(shown):
        st.caption(f"{start + 1}–{end} / {len(shown)}")
    with st.container(height=400, border=False):
        for c in shown[start:end]:
            st.button(
                claim_option_label(c, statuses[c["id"]], number=numbers[c["id"]]),
                key=f"pick:{c['id']}",
                on_click=select_claim,
                args=(c["id"],),
                type="primary" if c["id"] == selected else "secondary",
                width="stretch",
            )
    with st.container(horizontal=True):
        st.button("← Précédente (previous)", key="previous", on_click=step, args=(ids, selected, -1),
                  shortcut=SHORTCUTS["previous"], disabled=not ids)
        st.button("Suivante (next) →", key="next", on_click=step, args=(ids, selected, 1),
                  shortcut=SHORTCUTS["next"], disabled=not ids)


def claim_card(store: Store, article: dict, claim: dict, number: int) -> None:
    """Everything needed to judge one claim, and the buttons that record the judgement."""
    cid = claim["id"]
    reviewer = reviewer_name()
    matches = store.matches(cid)
    blind = blind_mode()
    mine = store.current_verdict(cid, reviewer=reviewer)
    current = mine if blind else store.current_verdict(cid)
    status = status_of(current)
    candidates = [(m["pk"], m["passage_id"]) for m in matches]
    state = st.session_state
    draft = store.draft(cid, reviewer=reviewer)
    if note_key(cid) not in state:
        saved = mine["note"] if mine else (current["note"] if current else "")
        state[note_key(cid)] = state.get(draft_key(cid), draft or saved)
    used = {e["passage_id"] for e in (mine or current or {"evidence": []})["evidence"]}
    for pk, pid in candidates:
        state.setdefault(evidence_key(cid, pk), pid in used)

    with st.container(border=True, key=f"card-{cid}"):
        st.subheader(f"Affirmation [{number}] (claim)")
        st.badge(STATUS_LABELS[status], color=STATUS_COLORS[status])
        show_flash()
        left, right = st.columns([2, 3])
        with left:
            st.html(quote_html("Affirmation (claim)", claim["text"]))
            st.caption("Dans l'article (in context)")
            st.html(context_html(article["text"], claim["start"], claim["end"]))
            worthy = "vérifiable (check-worthy)" if claim["checkworthy"] else "peu vérifiable (low check-worthiness)"
            st.caption(f"{worthy} · score {float(claim['checkworthiness']):.2f}")
            if claim["reasons"]:
                st.caption(" · ".join(str(r) for r in claim["reasons"]))
            rows = feature_rows(claim["features"])
            if rows:
                st.html(table_html(rows, css_class="features"))
            st.markdown(f"**Suggestion :** {md(suggestion_label(claim.get('suggestion')))}")
            signals = claim.get("signals") or []
            if signals:
                st.html(signals_html(signals))
            st.caption("La suggestion n'est pas un verdict (the suggestion is not a verdict).")

            st.text_area(
                "Note du vérificateur (reviewer's note)",
                key=note_key(cid),
                height=100,
                on_change=keep_draft,
                args=(cid,),
            )
            if draft:
                st.caption("Brouillon gardé, enregistré avec le prochain verdict "
                           "(draft kept; saved with the next verdict).")
            with st.container(horizontal=True):
                for verdict in VERDICTS:
                    st.button(
                        STATUS_LABELS[verdict],
                        key=f"verdict:{cid}:{verdict}",
                        on_click=record_verdict,
                        args=(cid, verdict, candidates),
                        type="primary" if verdict == status else "secondary",
                        shortcut=SHORTCUTS[verdict],
                    )
            st.button(
                "↶ Annuler le dernier verdict (undo)",
                key=f"undo:{cid}",
                on_click=undo_verdict,
                args=(cid, candidates),
                shortcut=SHORTCUTS["undo"],
            )
            verdict_summary(store, cid, current, hide_others=blind and not has_reviewed(store, cid, reviewer))
        with right:
            st.markdown(f"**Preuves candidates (top evidence)** — {len(matches)}")
            if not matches or claim.get("suggestion") == "no evidence":
                st.info("Aucune preuve trouvée (no evidence found) dans le corpus de référence.")
            for m in matches:
                st.html(evidence_html(m, claim=claim["text"]))
                st.checkbox("Utilisée comme preuve (used as evidence)", key=evidence_key(cid, m["pk"]))


def verdict_summary(store: Store, claim_id: str, current: dict | None, *, hide_others: bool) -> None:
    """The standing verdict and the claim's full history (who, when, what, which
    evidence); in a blind review, other reviewers' rows stay hidden until this
    reviewer has given a verdict."""
    if current:
        who = current["reviewer"] or "sans nom (no name)"
        st.markdown(
            f"**Verdict actuel (current):** {STATUS_LABELS[current['verdict']]} — {md(who)}, "
            f"{current['created_at'][:16].replace('T', ' ')} UTC"
        )
        if current["note"]:
            st.html(quote_html("Note", current["note"]))
        if current["evidence"]:
            st.caption("Preuves retenues (evidence used): " + ", ".join(e["passage_id"] for e in current["evidence"]))
    else:
        st.markdown(f"**Verdict actuel (current):** {STATUS_LABELS[CLEARED]}")
    history = store.verdict_history(claim_id)
    if hide_others:
        hidden = sum(1 for h in history if h["reviewer"] != reviewer_name())
        history = [h for h in history if h["reviewer"] == reviewer_name()]
        if hidden:
            st.caption(
                f"Revue à l'aveugle : {hidden} verdict(s) d'autres vérificateurs masqué(s) jusqu'au vôtre "
                "(blind review: other reviewers' verdicts are hidden until you give yours)."
            )
    if history:
        with st.expander(f"Historique (history) — {len(history)}"):
            st.html(table_html(
                [
                    {
                        "date (UTC)": h["created_at"][:19].replace("T", " "),
                        "verdict": STATUS_LABELS[h["verdict"]],
                        "reviewer": h["reviewer"],
                        "note": h["note"],
                        "evidence": ", ".join(e["passage_id"] for e in h["evidence"]),
                    }
                    for h in reversed(history)
                ],
                css_class="history",
            ))


def article_pane(text: str, ordered: list[dict], statuses: dict[str, str], numbers: dict[str, int],
                 selected: str | None) -> None:
    """The article with every claim highlighted; a long one is drawn around the
    selected claim only, unless the reviewer asks for the whole text."""
    focus = next((c for c in ordered if c["id"] == selected), None)
    lo, hi = 0, len(text)
    if focus is not None and len(text) > ARTICLE_WINDOW_CHARS:
        whole = st.toggle("Article entier (whole article)", key="whole_article",
                          help="Un long article est montré autour de l'affirmation choisie "
                               "(a long article is shown around the selected claim).")
        if not whole:
            lo, hi = article_window(text, int(focus["start"]), int(focus["end"]))
            st.caption(f"Extrait (excerpt): caractères {lo + 1:,}–{hi:,} sur {len(text):,}".replace(",", "\u202f"))
    spans = [
        {"id": c["id"], "start": int(c["start"]) - lo, "end": int(c["end"]) - lo, "number": numbers[c["id"]],
         "status": statuses[c["id"]]}
        for c in ordered
        if int(c["end"]) > lo and int(c["start"]) < hi
    ]
    with st.container(height=520, border=True):
        st.html(highlight_article(text[lo:hi], spans, selected=selected))


def review_page() -> None:
    store = open_store()
    try:
        state = st.session_state
        article_id = article_picker(store, state.get("sample_id", ""))
        new_article_form(store)

        article = store.article(article_id)
        claims = store.claims(article_id)
        numbers = {c["id"]: i for i, c in enumerate(claims, start=1)}
        blind = blind_mode()
        statuses = verdict_statuses(store, article_id, reviewer=reviewer_name() if blind else None)
        # a blind reviewer must not learn from the queue that someone else disagrees
        disputed = set() if blind else set(disagreements(current_verdicts(store, article_id)))
        flagged = disputed | {c["id"] for c in claims if is_flagged(statuses[c["id"]], c.get("suggestion"))}
        ordered = ordered_claims(claims)
        if state.get("selected_claim") not in numbers:
            from_url = st.query_params.get("claim")
            state["selected_claim"] = from_url if from_url in numbers else (ordered[0]["id"] if ordered else None)
        selected = state["selected_claim"]

        st.title(md(article["title"] or article_id))
        meta = [x for x in (article.get("source"), article.get("published"), article.get("lang")) if x]
        reviewed = sum(1 for s in statuses.values() if s != CLEARED)
        counts = " · ".join(f"{STATUS_LABELS[v]} {sum(1 for s in statuses.values() if s == v)}" for v in VERDICTS)
        st.caption(" · ".join(meta + [f"{len(claims)} affirmations (claims)", counts]))
        if safe_url(article.get("url")):
            st.markdown(f"[{md(article['url'])}]({safe_url(article['url'])})")
        if claims:
            st.progress(reviewed / len(claims), text=f"{reviewed} / {len(claims)} vérifiées (reviewed)")
        else:
            show_flash()
            st.warning("Aucune affirmation vérifiable trouvée dans cet article (no checkable claim found).")
        left, right = st.columns([5, 4])
        with left:
            st.markdown("**Article**")
            article_pane(article["text"], ordered, statuses, numbers, selected)
        with right:
            st.markdown("**File d'attente (queue)**")
            if claims:
                with st.container(horizontal=True):
                    show = st.segmented_control(
                        "Filtre (filter)", list(FILTERS), default="all", required=True,
                        format_func=FILTERS.get, key="claim_filter",
                    )
                    suggestion = st.selectbox(
                        "Suggestion", list(SUGGESTION_FILTERS), format_func=SUGGESTION_FILTERS.get,
                        key="suggestion_filter",
                    )
                shown = queue(ordered, statuses, show=show or "all", suggestion=suggestion or "any",
                              flagged=flagged, keep=selected)
                claim_queue(shown, statuses, numbers, selected)
                st.caption(
                    "Raccourcis (shortcuts): "
                    + " · ".join(f"{key} {label}" for key, label in (
                        (SHORTCUTS["true"], "vrai"), (SHORTCUTS["false"], "faux"), (SHORTCUTS["unclear"], "incertain"),
                        (SHORTCUTS["next"], "suivante"), (SHORTCUTS["previous"], "précédente"),
                        (SHORTCUTS["undo"], "annuler")))
                )
        if selected:
            claim_card(store, article, next(c for c in claims if c["id"] == selected), numbers[selected])
        export_buttons(store, article_id)
    except CheckerError as e:
        st.error(str(e))
    finally:
        store.close()


review_page()
