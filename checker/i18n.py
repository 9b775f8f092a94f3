"""One UI language at a time: the desk's message catalogue (French, English) and the
language this browser session chose.

Why a catalogue: labels written "Français (English)" doubled every word on screen; a
reviewer reads one language. French is the default (the desk's reviewers work in
French); the sidebar switch changes the screens and the language of the reports
downloaded from them. Status labels come from the scale (`checker.vocabulary`),
the rest from `MESSAGES` here.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

LANGS: dict[str, str] = {"fr": "Français", "en": "English"}
DEFAULT_LANG = "fr"
LANG_KEY = "ui_lang"
"""Session state: the chosen UI language ('fr' or 'en')."""

MESSAGES: dict[str, dict[str, str]] = {
    "language": {"fr": "Langue", "en": "Language"},
    "page.review": {"fr": "Revue", "en": "Review"},
    "page.agreement": {"fr": "Accord", "en": "Agreement"},
    "page.overview": {"fr": "Vue d'ensemble", "en": "Overview"},
    "page.corpus": {"fr": "Corpus de référence", "en": "Reference corpus"},
    "page.guidelines": {"fr": "Consignes", "en": "Guidelines"},
    "reviewer": {"fr": "Vérificateur", "en": "Reviewer name"},
    "reviewer.placeholder": {"fr": "Votre nom", "en": "Your name"},
    "reviewer.help": {
        "fr": "Obligatoire pour donner un verdict ; gardé pour cette session du navigateur.",
        "en": "Required to give a verdict; kept for this browser session.",
    },
    "blind": {"fr": "Revue à l'aveugle", "en": "Blind review"},
    "blind.help": {
        "fr": "Vous ne voyez que vos propres verdicts ; ceux des autres apparaissent une fois le vôtre donné.",
        "en": "You see only your own verdicts; the others show once you have given yours.",
    },
    "review_url": {"fr": "Page de vérification (adresse)", "en": "Fact-check page url"},
    "review_url.help": {
        "fr": "L'adresse où la rédaction publie la vérification ; ClaimReview l'exige.",
        "en": "Where the desk publishes the fact-check; ClaimReview requires it.",
    },
    "claimreview.needs_url": {
        "fr": "ClaimReview a besoin de l'adresse de la page de vérification : saisissez-la dans la barre latérale"
        " (ou $FACTCHECK_REVIEW_URL).",
        "en": "ClaimReview needs the url of the fact-check page: type it in the sidebar"
        " (or set $FACTCHECK_REVIEW_URL).",
    },
    "guidelines.link": {"fr": "Consignes de la rédaction", "en": "The desk's guidelines"},
    "guidelines.scale": {"fr": "Échelle de notation", "en": "Rating scale"},
    "guidelines.key": {"fr": "touche", "en": "key"},
    "claim_reviewed": {"fr": "Texte publié dans ClaimReview", "en": "claimReviewed (published in ClaimReview)"},
    "claim_reviewed.help": {
        "fr": "Moins de 75 caractères, jamais coupé par le desk.",
        "en": "Under 75 characters, never cut by the desk.",
    },
    "claim_reviewed.saved": {"fr": "Texte ClaimReview enregistré.", "en": "claimReviewed saved."},
    "filter.all": {"fr": "Toutes", "en": "All"},
    "filter.flagged": {"fr": "⚑ Signalées", "en": "⚑ Flagged"},
    "key.moves": {"fr": "Suivante / précédente", "en": "Next / previous"},
    "key.undo": {
        "fr": "Annuler votre dernier verdict, où qu'il soit",
        "en": "Undo your last verdict, on whichever claim",
    },
    "key.evidence": {"fr": "Cocher / décocher la preuve n", "en": "Tick / untick evidence n as used"},
    "key.escape": {"fr": "Quitter la note (touche Échap)", "en": "Leave the note field"},
    "key.help": {"fr": "Afficher / masquer ces touches", "en": "Show / hide these keys"},
}
for _key, _texts in MESSAGES.items():
    assert set(_texts) == set(LANGS), _key


def lang() -> str:
    """The session's UI language; French outside a script run and by default."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return DEFAULT_LANG
    chosen = st.session_state.get(LANG_KEY)
    return chosen if chosen in LANGS else DEFAULT_LANG


def t(key: str, language: str | None = None) -> str:
    """The message `key` in the session's language (or `language`)."""
    return MESSAGES[key][language or lang()]
