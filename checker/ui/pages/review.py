"""The review page: an article, its queue of claims, and the card to judge one.

Every verdict, whether clicked or keyed, goes through one function (`act`) that is
told which claim it was given on: it is written in a callback, so it is in the
database before the screen redraws, and refused, visibly, when that claim is no
longer the one on screen. Keys come from one document-level listener
(checker/ui/keys.py), each applied once. Session state holds only the selected
claim, the filters and unsaved notes; the URL holds the article and claim ids. The
queue shows a window of claims around the selected one and the statuses come from
one query, so a key stays quick with a thousand claims.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial

import streamlit as st

from checker.errors import CheckerError
from checker.escaping import escape_markdown as md
from checker.escaping import safe_url
from checker.i18n import lang, t
from checker.report.formats import FILE_EXTENSIONS, MEDIA_TYPES, RENDERERS
from checker.review.agreement import current_verdicts, disagreements
from checker.store.database import CLEARED, Store
from checker.ui.accounts import export_formats, team_sidebar
from checker.ui.article_input import MAX_UPLOAD_BYTES, UPLOAD_TYPES, article_input
from checker.ui.claim_edits import add_and_withdrawn, editing_section
from checker.ui.claimreview import card_extras
from checker.ui.common import (
    blind_mode,
    embedder,
    export_data,
    flash,
    open_store,
    review_url,
    reviewer_name,
    show_flash,
)
from checker.ui.duplicates import group_section
from checker.ui.highlight import (
    context_html,
    evidence_html,
    highlight_article,
    quote_html,
    signals_html,
    table_html,
)
from checker.ui.keys import HELP_ROWS, applied_whole, keyboard, note_refused, pending_events
from checker.ui.prior_checks import prior_section
from checker.ui.queries import claimreview_left_out, has_reviewed, standing_of, verdict_statuses
from checker.ui.view import (
    ARTICLE_WINDOW_CHARS,
    CLAIMREVIEW_NEEDS_URL,
    FILTERS,
    STATUS_COLORS,
    STATUS_LABELS,
    SUGGESTION_FILTERS,
    article_option_label,
    article_window,
    claim_option_label,
    claimreview_caption,
    feature_rows,
    is_flagged,
    neighbour,
    ordered_claims,
    queue,
    status_of,
    suggestion_label,
    window,
)
from checker.verify.evidence_dates import evidence_marks
from checker.vocabulary import DISPUTED
from claims import ArticleError

# Claim buttons drawn at once; the rest of the queue is reached with next/previous.
# (A comment, not a string: Streamlit's "magic" draws a bare string of a page script.)
QUEUE_WINDOW = 40

AUTO_ADVANCE_KEY = "auto_advance"
HELP_KEY = "show_keys"
REFUSED_KEY = "refused_keys"
REFUSALS_KEY = "refusals"  # how many keys or clicks this session has refused
FORM_REVIEWER_KEY = "form_reviewer"
NO_NAME = "need_name.saved"  # a catalogue key (checker.i18n): said in the session's language


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
    with applied_whole():
        _keep_draft(claim_id)


def _keep_draft(claim_id: str) -> None:
    note = st.session_state.get(note_key(claim_id), "")
    st.session_state[draft_key(claim_id)] = note
    store = open_store()
    try:
        store.save_draft(claim_id, note, reviewer=reviewer_name())
    except CheckerError as e:
        flash("error", t("act.draft_not_saved", error=e))
    finally:
        store.close()


# ------------------------------------------------------------------ callbacks (write to the DB)


def select_claim(claim_id: str | None) -> None:
    """Remember the claim in the session; the page then writes it in the URL
    (`keep_url`). Nothing here sends anything to the browser: a callback that did
    could be cut short by the next key's rerun."""
    if claim_id is None:
        return
    with applied_whole():  # a click is not lost to a rerun that comes meanwhile
        st.session_state["selected_claim"] = claim_id


def step(ids: list[str], current: str | None, offset: int) -> None:
    select_claim(neighbour(ids, current, offset))


@dataclass
class QueueView:
    """The article's claims as the page lays them out for this reviewer and filter."""

    claims: list[dict]
    numbers: dict[str, int]
    ordered: list[Mapping]
    statuses: dict[str, str]
    own: dict[str, str]
    flagged: set[str]
    shown: list[Mapping]


def queue_view(store: Store, article_id: str, selected: str | None) -> QueueView:
    """What the queue shows, computed the same way for the page and for a callback
    (which runs before the page, with the filters as the reviewer last left them)."""
    state = st.session_state
    reviewer = reviewer_name()
    claims = store.claims(article_id)
    numbers = {c["id"]: i for i, c in enumerate(claims, start=1)}
    blind = blind_mode(store, article_id)
    statuses = _in_review(verdict_statuses(store, article_id, reviewer=reviewer if blind else None), numbers)
    own = statuses if blind else _in_review(verdict_statuses(store, article_id, reviewer=reviewer), numbers)
    # a blind reviewer must not learn from the queue that someone else disagrees
    disputed = set() if blind else set(disagreements(current_verdicts(store, article_id)))
    flagged = disputed | {c["id"] for c in claims if is_flagged(statuses[c["id"]], c.get("suggestion"))}
    ordered = ordered_claims(claims)
    shown = queue(
        ordered,
        statuses,
        show=state.get("claim_filter") or "all",
        suggestion=state.get("suggestion_filter") or "any",
        flagged=flagged,
        keep=selected,
    )
    return QueueView(claims, numbers, ordered, statuses, own, flagged, shown)


def _in_review(statuses: dict[str, str], numbers: Mapping[str, int]) -> dict[str, str]:
    """Statuses of the claims still in the review: a dismissed, split or merged claim
    keeps its verdicts, but they no longer count in the progress."""
    return {cid: s for cid, s in statuses.items() if cid in numbers}


def next_unreviewed(view: QueueView, current: str) -> str | None:
    """The first claim after `current` in the queue (wrapping) that this reviewer has
    not judged yet; None when there is none left."""
    ids = [c["id"] for c in view.shown] or [c["id"] for c in view.ordered]
    if current in ids:
        at = ids.index(current)
        ids = ids[at + 1 :] + ids[:at]
    return next((cid for cid in ids if view.own.get(cid) == CLEARED and cid != current), None)


def claim_gone(claim_id: str | None, view: QueueView, key: str | None) -> str:
    what = t("act.the_key", key=key.upper()) if key else t("act.the_click")
    number = view.numbers.get(claim_id or "")
    target = t("act.claim_number", number=number) if number else t("act.a_claim")
    return t("act.gone", what=what, target=target)


def act(action: str, claim_id: str | None, *, key: str | None = None) -> None:
    """Apply one verdict, undo, move or evidence tick given on `claim_id` (the claim on
    screen when the reviewer pressed or clicked). A verdict or a tick on any other
    claim than the one this session shows is refused with a message, never moved."""
    with applied_whole():
        _act(action, claim_id, key=key)


def _act(action: str, claim_id: str | None, *, key: str | None = None) -> None:
    state = st.session_state
    selected = state.get("selected_claim")
    article_id = state.get("article")
    if not article_id:
        return
    store = open_store()
    try:
        view = queue_view(store, article_id, selected)
        if action == "help":
            state[HELP_KEY] = not state.get(HELP_KEY)
        elif action in ("next", "previous"):
            ids = [c["id"] for c in view.shown]
            start = claim_id if claim_id in ids else selected
            select_claim(neighbour(ids, start, 1 if action == "next" else -1))
        elif action == "undo":
            undo_last(store, article_id, view)
        elif claim_id != selected or claim_id not in view.numbers:
            refuse(claim_gone(claim_id, view, key))
        elif action == "evidence":
            tick_evidence(store, claim_id, int(key or 0))
        elif action in store.scale.codes:
            give_verdict(store, claim_id, action, view)
    except CheckerError as e:
        flash("error", str(e))
    finally:
        store.close()


def refuse(message: str) -> None:
    """A refused key or click, listed on the card until the next verdict is saved, so
    it stays in view even when later keys redraw the page before it was seen."""
    refused = st.session_state.setdefault(REFUSED_KEY, [])
    refused.append({"message": message, "shown": False})
    del refused[:-3]
    st.session_state[REFUSALS_KEY] = st.session_state.get(REFUSALS_KEY, 0) + 1


def on_keys() -> None:
    """The component's callback: every key not applied yet, in the order pressed."""
    state = st.session_state
    with applied_whole():
        for event in pending_events():
            before = state.get(REFUSALS_KEY, 0)
            act(event.action, event.claim, key=event.key)
            if state.get(REFUSALS_KEY, 0) != before:
                note_refused(event)  # the page learns this key's fate


def tick_evidence(store: Store, claim_id: str, number: int) -> None:
    candidates = store.matches(claim_id)
    if not 1 <= number <= len(candidates):
        flash("error", t("act.no_evidence_number", number=number))
        return
    key = evidence_key(claim_id, candidates[number - 1]["pk"])
    st.session_state[key] = not st.session_state.get(key, False)


def give_verdict(store: Store, claim_id: str, verdict: str, view: QueueView) -> None:
    """Write the verdict with the ticked evidence and the note, at once, in the DB;
    then, if the reviewer wants it, show the next claim they have not judged."""
    state = st.session_state
    reviewer = reviewer_name()
    if not reviewer:
        flash("error", t(NO_NAME))
        return
    candidates = [(m["pk"], m["passage_id"]) for m in store.matches(claim_id)]
    evidence = [pid for pk, pid in candidates if state.get(evidence_key(claim_id, pk))]
    store.record_verdict(
        claim_id,
        verdict,
        note=(state.get(note_key(claim_id)) or "").strip(),
        evidence=evidence,
        reviewer=reviewer,
    )
    state.pop(draft_key(claim_id), None)
    # a refusal goes once it has been on screen (a later key may come before the redraw)
    state[REFUSED_KEY] = [r for r in state.get(REFUSED_KEY, []) if not r["shown"]]
    message = t("act.saved", number=view.numbers[claim_id], label=STATUS_LABELS[verdict])
    if state.get(AUTO_ADVANCE_KEY, True):
        view.own[claim_id] = verdict
        following = next_unreviewed(view, claim_id)
        if following:
            select_claim(following)
        else:
            message += t("act.all_reviewed")
    flash("success", message)


def undo_last(store: Store, article_id: str, view: QueueView) -> None:
    """Step back this reviewer's latest decision in the article, whichever claim it
    was on, show that claim, and put its note and evidence back in the form."""
    state = st.session_state
    reviewer = reviewer_name()
    if not reviewer:
        flash("error", t(NO_NAME))
        return
    last = store.last_decision(reviewer, article_id)
    if last is None:
        flash("info", t("act.nothing_to_undo", reviewer=reviewer))
        return
    claim_id = last["claim_id"]
    current = store.undo_last_verdict(claim_id, reviewer=reviewer)
    select_claim(claim_id)
    state[note_key(claim_id)] = current["note"] if current else ""
    state.pop(draft_key(claim_id), None)
    used = {e["passage_id"] for e in current["evidence"]} if current else set()
    for m in store.matches(claim_id):
        state[evidence_key(claim_id, m["pk"])] = m["passage_id"] in used
    flash(
        "info",
        t(
            "act.undone",
            number=view.numbers.get(claim_id, "?"),
            label=STATUS_LABELS[last["verdict"]],
            current=STATUS_LABELS[status_of(current)],
        ),
    )


def reset_form_for(reviewer: str) -> None:
    """Another name typed in this session: forget the notes and ticks typed under the
    previous one, so nobody's verdict is saved with someone else's note. What was
    typed before any name was given stays (it was nobody else's); the empty fields
    are filled again from the new name's own verdicts and drafts."""
    state = st.session_state
    previous = state.get(FORM_REVIEWER_KEY)
    if previous is not None and previous != reviewer:
        for key in [k for k in state if isinstance(k, str) and k.startswith(("note:", "draft:", "evidence:"))]:
            if previous or not state[key]:
                del state[key]
    state[FORM_REVIEWER_KEY] = reviewer


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
    # not bound to the URL: a bound selectbox writes the label there; review_page
    # writes the article id itself
    return st.sidebar.selectbox(t("review.article"), ids, key="article", format_func=lambda i: labels.get(i, i))


def new_article_form(store: Store) -> None:
    """Paste or upload an article; "Check" is the only thing that runs the pipeline."""
    with st.sidebar.expander(t("new.title"), expanded=False):
        pasted = st.text_area(t("new.paste"), key="new_text", height=150)
        upload = st.file_uploader(
            t("new.file"),
            type=list(UPLOAD_TYPES),
            key="new_file",
            max_upload_size=MAX_UPLOAD_BYTES // (1024 * 1024),
        )
        title = st.text_input(t("new.headline"), key="new_title")
        url = st.text_input(t("new.url"), key="new_url")
        published = st.date_input(t("new.date"), value=None, key="new_date")
        article_lang = st.selectbox(t("new.lang"), ["auto", "fr", "en"], key="new_lang")
        names = [c["name"] for c in store.corpora()]
        corpora = st.multiselect(t("new.corpora"), names, default=names, key="new_corpora")
        if st.button(t("new.check"), key="check", type="primary"):
            try:
                given = article_input(
                    pasted, upload.name if upload else None, upload.getvalue() if upload else None, title=title
                )
                if not corpora:
                    raise ArticleError(t("new.no_corpus"))
                bar = st.progress(0.0, text=t("progress.starting"))
                from checker.review.steps import check_article  # spaCy's pipeline: loaded on the first check

                document = check_article(
                    store,
                    embedder(),
                    given.text,
                    corpora=corpora,
                    title=given.title,
                    lang=article_lang,
                    source=given.source,
                    url=url.strip(),
                    article_date=published,
                    progress=lambda fraction, message: show_progress(bar, fraction, message),
                    wording=lang(),
                )
            except (ArticleError, CheckerError) as e:
                st.error(str(e))
                return
            article_id = document["article"]["id"]
            st.session_state["goto_article"] = article_id
            st.session_state.pop("selected_claim", None)
            if "claim" in st.query_params:
                del st.query_params["claim"]
            flash("success", t("new.checked", count=len(document["claims"])))
            st.rerun()


def show_progress(bar, fraction: float, message: str) -> None:
    """One step of a long check on its progress bar (the fraction kept within 0–1)."""
    bar.progress(min(max(fraction, 0.0), 1.0), text=message)


def export_buttons(store: Store, article_id: str) -> None:
    st.sidebar.subheader(t("export"))
    page_url = review_url()
    for name in export_formats(list(RENDERERS)):
        st.sidebar.download_button(
            name,
            data=partial(export_data, article_id, name, page_url, lang()),
            disabled=name == "claimreview" and not safe_url(page_url),
            help=CLAIMREVIEW_NEEDS_URL[lang()] if name == "claimreview" and not safe_url(page_url) else None,
            file_name=f"verification-{article_id}{FILE_EXTENSIONS[name]}",
            mime=MEDIA_TYPES[name],
            key=f"export:{name}",
            on_click="ignore",
        )
    st.sidebar.caption(claimreview_caption(claimreview_left_out(store, article_id)))


# ------------------------------------------------------------------ main area


def claim_queue(
    shown: Sequence[Mapping], statuses: dict[str, str], numbers: dict[str, int], selected: str | None
) -> None:
    """The buttons of the queue around the selected claim, then previous / next."""
    ids = [c["id"] for c in shown]
    index = ids.index(selected) if selected in ids else 0
    start, end = window(shown, index, size=QUEUE_WINDOW)
    if not shown:
        st.info(t("review.empty_filter"))
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
        st.button(t("review.previous"), key="previous", on_click=step, args=(ids, selected, -1), disabled=not ids)
        st.button(t("review.next"), key="next", on_click=step, args=(ids, selected, 1), disabled=not ids)


def claim_card(store: Store, article: dict, claim: dict, number: int) -> None:
    """Everything needed to judge one claim, and the buttons that record the judgement."""
    cid = claim["id"]
    reviewer = reviewer_name()
    matches = store.matches(cid)
    blind = blind_mode(store, article["id"])
    mine = store.current_verdict(cid, reviewer=reviewer) if reviewer else None
    # outside a blind review the badge is where the claim stands for every reviewer:
    # agreed, settled, or disputed (then no single verdict stands)
    standing = None if blind else standing_of(store, cid)
    current = mine if standing is None else standing.verdict
    status = status_of(current) if standing is None else standing.status
    state = st.session_state
    draft = store.draft(cid, reviewer=reviewer)
    # the form starts from this reviewer's own verdict or draft, never from anyone else's
    if note_key(cid) not in state:
        state[note_key(cid)] = state.get(draft_key(cid), draft or (mine["note"] if mine else ""))
    used = {e["passage_id"] for e in (mine or {"evidence": []})["evidence"]}
    for m in matches:
        state.setdefault(evidence_key(cid, m["pk"]), m["passage_id"] in used)

    with st.container(border=True, key=f"card-{cid}"):
        st.subheader(t("card.heading", number=number))
        st.badge(STATUS_LABELS[status], color=STATUS_COLORS[status])  # type: ignore[arg-type]  # Streamlit colour names
        show_flash()
        for refusal in state.get(REFUSED_KEY, []):
            st.error(refusal["message"], icon="⛔")
            refusal["shown"] = True
        left, right = st.columns([2, 3])
        with left:
            st.html(quote_html(t("card.claim"), claim["text"]))
            st.caption(t("card.in_context"))
            st.html(context_html(article["text"], claim["start"], claim["end"]))
            worthy = t("card.checkworthy") if claim["checkworthy"] else t("card.low_checkworthy")
            st.caption(f"{worthy} · score {float(claim['checkworthiness']):.2f}")
            if claim["reasons"]:
                st.caption(" · ".join(str(r) for r in claim["reasons"]))
            rows = feature_rows(claim["features"])
            if rows:
                st.html(table_html(rows, css_class="features"))
            st.markdown(t("card.suggestion", label=md(suggestion_label(claim.get("suggestion")))))
            signals = claim.get("signals") or []
            if signals:
                st.html(signals_html(signals))
            st.caption(t("card.not_a_verdict"))

            st.text_area(
                t("card.note"),
                key=note_key(cid),
                height=100,
                on_change=keep_draft,
                args=(cid,),
            )
            if draft:
                st.caption(t("card.draft_kept"))
            own = status_of(mine)
            with st.container(horizontal=True):
                for verdict, key in ((v.code, v.key.upper()) for v in store.scale.values):
                    st.button(
                        f"{STATUS_LABELS[verdict]} · {key}",
                        key=f"verdict:{cid}:{verdict}",
                        on_click=act,
                        args=(verdict, cid),
                        icon=":material/check:" if verdict == own else None,
                    )
            verdict_colour(cid, own)
            card_extras(store, claim)
            st.button(
                t("card.undo"),
                key=f"undo:{cid}",
                on_click=act,
                args=("undo", cid),
            )
            verdict_summary(
                store,
                cid,
                current,
                hide_others=blind and not has_reviewed(store, cid, reviewer),
                readings=standing.readings if standing is not None and standing.disputed else (),
            )
            claim_editing(store, claim)
        with right:
            st.markdown(t("card.evidence", count=len(matches)))
            if not matches or claim.get("suggestion") == "no evidence":
                st.info(t("card.no_evidence"))
            for n, m in enumerate(matches, start=1):
                st.html(evidence_html(m, claim=claim["text"]))
                evidence_dates_note(article.get("published"), m.get("date"))
                label = t("card.used") + (f" · {n}" if n <= 9 else "")
                st.checkbox(label, key=evidence_key(cid, m["pk"]))


def evidence_dates_note(published: str | None, passage_date: str | None) -> None:
    """A passage dated after the article, or older than the setting, says so (checker.verify.evidence_dates)."""
    for mark in evidence_marks(published, passage_date):
        st.warning(mark, icon=":material/schedule:")


def claim_editing(store: Store, claim: dict) -> None:
    """The card's duplicates of the claim with a verdict for the group (checker.ui.duplicates),
    and the section to edit, split, merge or dismiss it (checker.ui.claim_edits)."""
    claims = store.claims(claim["article_id"])
    group_section(store, claim, {c["id"]: n for n, c in enumerate(claims, start=1)})
    prior_section(store, claim)
    others = [(c["id"], f"[{n}] {c['text'][:80]}") for n, c in enumerate(claims, start=1) if c["id"] != claim["id"]]
    editing_section(store, claim, others)


def verdict_colour(claim_id: str, status: str) -> None:
    """This reviewer's verdict button drawn in the verdict's own colour (STATUS_COLORS,
    as the badges), not in the theme's primary red whatever the verdict."""
    colour = STATUS_COLORS.get(status)
    if status == CLEARED or not colour or not re.fullmatch(r"[a-z]+|#[0-9a-fA-F]{3,8}", colour):
        return
    if not re.fullmatch(r"[\w-]+", claim_id):
        return
    st.html(
        f"<style>.st-key-verdict-{claim_id}-{status} button {{ border: 2px solid {colour}; color: {colour}; "
        "font-weight: 600; }</style>"
    )


def verdict_summary(
    store: Store, claim_id: str, current: Mapping | None, *, hide_others: bool, readings: Sequence[Mapping] = ()
) -> None:
    """The standing verdict and the claim's full history (who, when, what, which
    evidence); a disputed claim lists every reviewer's current verdict instead; in a
    blind review, other reviewers' rows stay hidden until this reviewer has given a
    verdict."""
    if readings:
        st.markdown(
            t(
                "card.current",
                label=f"{STATUS_LABELS[DISPUTED]} — "
                + " ; ".join(f"{md(r['reviewer'] or t('no_name'))} : {STATUS_LABELS[r['verdict']]}" for r in readings),
            )
        )
    elif current:
        who = current["reviewer"] or t("no_name")
        st.markdown(
            t(
                "card.current",
                label=f"{STATUS_LABELS[current['verdict']]} — {md(who)}, "
                f"{current['created_at'][:16].replace('T', ' ')} UTC",
            )
        )
        if current["note"]:
            st.html(quote_html(t("card.note_quote"), current["note"]))
        if current["evidence"]:
            st.caption(t("card.evidence_used", ids=", ".join(e["passage_id"] for e in current["evidence"])))
    else:
        st.markdown(t("card.current", label=STATUS_LABELS[CLEARED]))
    history = store.verdict_history(claim_id)
    if hide_others:
        hidden = sum(1 for h in history if h["reviewer"] != reviewer_name())
        history = [h for h in history if h["reviewer"] == reviewer_name()]
        if hidden:
            st.caption(t("card.blind_hidden", count=hidden))
    if history:
        with st.expander(t("card.history", count=len(history))):
            st.html(
                table_html(
                    [
                        {
                            t("history.date"): h["created_at"][:19].replace("T", " "),
                            t("history.verdict"): STATUS_LABELS[h["verdict"]],
                            t("history.reviewer"): h["reviewer"],
                            t("history.note"): h["note"],
                            t("history.evidence"): ", ".join(e["passage_id"] for e in h["evidence"]),
                        }
                        for h in reversed(history)
                    ],
                    css_class="history",
                )
            )


def article_pane(
    text: str, ordered: Sequence[Mapping], statuses: dict[str, str], numbers: dict[str, int], selected: str | None
) -> None:
    """The article with every claim highlighted; a long one is drawn around the
    selected claim only, unless the reviewer asks for the whole text."""
    focus = next((c for c in ordered if c["id"] == selected), None)
    lo, hi = 0, len(text)
    if focus is not None and len(text) > ARTICLE_WINDOW_CHARS:
        whole = st.toggle(
            t("review.whole_article"),
            key="whole_article",
            help=t("review.whole_article.help"),
        )
        if not whole:
            lo, hi = article_window(text, int(focus["start"]), int(focus["end"]))
            st.caption(
                t("review.excerpt", start=f"{lo + 1:,}", end=f"{hi:,}", total=f"{len(text):,}").replace(",", "\u202f")
            )
    spans = [
        {
            "id": c["id"],
            "start": int(c["start"]) - lo,
            "end": int(c["end"]) - lo,
            "number": numbers[c["id"]],
            "status": statuses[c["id"]],
        }
        for c in ordered
        if int(c["end"]) > lo and int(c["start"]) < hi
    ]
    with st.container(height=520, border=True):
        st.html(highlight_article(text[lo:hi], spans, selected=selected))


def keys_help() -> None:
    st.html(table_html([{t("keys.key"): k, t("keys.action"): a} for k, a in HELP_ROWS], css_class="keys"))


def keep_url(article_id: str, claim_id: str | None) -> None:
    """The article and claim ids in the URL (never a label), so a reload or a shared
    link opens the same claim; written only when they change."""
    params = st.query_params
    if params.get("article") != article_id:
        params["article"] = article_id
    if claim_id and params.get("claim") != claim_id:
        params["claim"] = claim_id


CARD_FRAGMENT_ENV = "FACTCHECK_CARD_FRAGMENT"
"""Set to 1, the card and the keyboard are drawn in an `st.fragment`, so a key reruns
only them. Kept for benchmarks/bench_ui.py's comparison only: the desk draws the whole
page on every key (the queue, the article's highlights and the progress then never
lag behind the card), which measured as fast (README, "Keyboard")."""


def card_and_keys(article_id: str) -> None:
    """The selected claim's card and the keyboard, read afresh from the session and
    the database: in a fragment this runs alone after a key."""
    store = open_store()
    try:
        selected = st.session_state.get("selected_claim")
        claims = store.claims(article_id)
        numbers = {c["id"]: i for i, c in enumerate(claims, start=1)}
        if selected in numbers:
            claim_card(
                store, store.article(article_id), next(c for c in claims if c["id"] == selected), numbers[selected]
            )
        keyboard(selected, on_keys)
    finally:
        store.close()


def review_page() -> None:
    store = open_store()
    try:
        state = st.session_state
        reviewer = reviewer_name()
        reset_form_for(reviewer)
        st.sidebar.toggle(
            t("review.auto_advance"),
            value=True,
            key=AUTO_ADVANCE_KEY,
            help=t("review.auto_advance.help"),
        )
        article_id = article_picker(store, state.get("sample_id", ""))
        new_article_form(store)
        team_sidebar(store, article_id)

        article = store.article(article_id)
        numbers = {c["id"]: i for i, c in enumerate(store.claims(article_id), start=1)}
        if state.get("selected_claim") not in numbers:
            from_url = st.query_params.get("claim")
            state["selected_claim"] = from_url if from_url in numbers else None
        view = queue_view(store, article_id, state.get("selected_claim"))
        claims, statuses, ordered = view.claims, view.statuses, view.ordered
        if state.get("selected_claim") is None and ordered:
            state["selected_claim"] = ordered[0]["id"]
        selected = state["selected_claim"]
        keep_url(article_id, selected)

        st.title(md(article["title"] or article_id))
        meta = [x for x in (article.get("source"), article.get("published"), article.get("lang")) if x]
        reviewed = sum(1 for s in statuses.values() if s != CLEARED)
        counts = " · ".join(
            f"{STATUS_LABELS[v]} {sum(1 for s in statuses.values() if s == v)}" for v in (*store.scale.codes, DISPUTED)
        )
        st.caption(" · ".join(meta + [t("review.claims_count", count=len(claims)), counts]))
        if safe_url(article.get("url")):
            st.markdown(f"[{md(article['url'])}]({safe_url(article['url'])})")
        if not reviewer:
            st.warning(t("review.need_name"))
        if claims:
            st.progress(reviewed / len(claims), text=t("review.progress", done=reviewed, total=len(claims)))
        else:
            show_flash()
            st.warning(t("review.no_claims"))
        left, right = st.columns([5, 4])
        with left:
            st.markdown(f"**{t('review.article_heading')}**")
            article_pane(article["text"], ordered, statuses, view.numbers, selected)
        with right:
            st.markdown(f"**{t('review.queue')}**")
            if claims:
                with st.container(horizontal=True):
                    labels = dict(FILTERS)  # the session's scale, read now: Streamlit formats later
                    st.segmented_control(
                        t("review.filter"),
                        list(FILTERS),
                        default="all",
                        required=True,
                        format_func=lambda k: labels.get(k, k),
                        key="claim_filter",
                    )
                    suggestions = dict(SUGGESTION_FILTERS)  # in the session's language, read now
                    st.selectbox(
                        t("review.suggestion_filter"),
                        list(suggestions),
                        format_func=lambda k: suggestions.get(k, k),
                        key="suggestion_filter",
                    )
                claim_queue(view.shown, statuses, view.numbers, selected)
                add_and_withdrawn(store, article_id)
                verdict_keys = " · ".join(f"{v.key.upper()} {STATUS_LABELS[v.code]}" for v in store.scale.values)
                st.caption(t("review.keys_caption", verdicts=verdict_keys))
                if state.get(HELP_KEY):
                    keys_help()
        if os.environ.get(CARD_FRAGMENT_ENV) == "1":
            st.fragment(card_and_keys)(article_id)
        else:
            if selected:
                claim_card(store, article, next(c for c in claims if c["id"] == selected), view.numbers[selected])
            keyboard(selected, on_keys)
        export_buttons(store, article_id)
    except CheckerError as e:
        st.error(str(e))
    finally:
        store.close()


review_page()
