"""The review page's words: the sidebar form, the queue, the claim card and its
messages (the card's own sections are in `checker.i18n.card`)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # sidebar
    "review.auto_advance": {"fr": "Passer à la suivante non vérifiée", "en": "Auto-advance"},
    "review.auto_advance.help": {
        "fr": "Après un verdict, montrer la prochaine affirmation que vous n'avez pas jugée.",
        "en": "After a verdict, show the next claim you have not judged yet.",
    },
    "review.article": {"fr": "Article", "en": "Article"},
    "review.article_option": {
        "fr": "{title} — {count} affirmations · {day}",
        "en": "{title} — {count} claims · {day}",
    },
    "new.title": {"fr": "Nouvel article", "en": "New article"},
    "new.paste": {"fr": "Texte à coller", "en": "Paste text"},
    "new.file": {"fr": "ou fichier .txt / .md / .html / .docx", "en": "or a .txt / .md / .html / .docx file"},
    "new.headline": {"fr": "Titre (facultatif)", "en": "Title (optional)"},
    "new.url": {"fr": "Adresse (facultatif)", "en": "URL (optional)"},
    "new.date": {"fr": "Date de l'article (facultatif)", "en": "Article date (optional)"},
    "new.lang": {"fr": "Langue de l'article", "en": "Article language"},
    "new.corpora": {"fr": "Corpus de référence", "en": "Reference corpora"},
    "new.check": {"fr": "Vérifier", "en": "Check"},
    "new.no_corpus": {
        "fr": "corpus : choisissez au moins un corpus de référence",
        "en": "corpus: choose at least one reference corpus",
    },
    "input.pasted.empty": {
        "fr": "texte collé : vide — collez un article ou envoyez un fichier .txt/.md/.html/.docx",
        "en": "pasted text: empty — paste an article or upload a .txt/.md/.html/.docx file",
    },
    "input.pasted.too_long": {
        "fr": "texte collé : {count} caractères, trop long pour un article",
        "en": "pasted text: {count} characters is too long for an article",
    },
    "input.pasted.nul": {
        "fr": "texte collé : contient un caractère NUL (au caractère {at})",
        "en": "pasted text: holds a NUL character (at character {at})",
    },
    "input.both": {
        "fr": "texte collé et fichier « {name} » donnés ensemble : videz le champ de texte ou retirez le fichier"
        " pour dire lequel vérifier",
        "en": "both pasted text and the file {name} were given: clear the text box or remove the file to say"
        " which one to check",
    },
    "new.checked": {"fr": "Article vérifié : {count} affirmations.", "en": "Article checked: {count} claims."},
    # page head and queue
    "review.claims_count": {"fr": "{count} affirmations", "en": "{count} claims"},
    "review.need_name": {
        "fr": "Indiquez votre nom dans la barre latérale pour donner des verdicts.",
        "en": "Type your name in the sidebar to give verdicts.",
    },
    "review.progress": {"fr": "{done} / {total} vérifiées", "en": "{done} / {total} reviewed"},
    "review.no_claims": {
        "fr": "Aucune affirmation vérifiable trouvée dans cet article.",
        "en": "No checkable claim found in this article.",
    },
    "review.article_heading": {"fr": "Article", "en": "Article"},
    "review.queue": {"fr": "File d'attente", "en": "Queue"},
    "review.filter": {"fr": "Filtre", "en": "Filter"},
    "review.suggestion_filter": {"fr": "Suggestion", "en": "Suggestion"},
    "review.keys_caption": {
        "fr": "Touches : {verdicts} · N suivante · P précédente · U annuler · 1–9 preuves · Échap quitter la note"
        " · ? aide",
        "en": "Keys: {verdicts} · N next · P previous · U undo · 1–9 evidence · Esc leave the note · ? help",
    },
    "review.empty_filter": {"fr": "Aucune affirmation pour ce filtre.", "en": "No claim under this filter."},
    "review.previous": {"fr": "← Précédente · P", "en": "← Previous · P"},
    "review.next": {"fr": "Suivante · N →", "en": "Next · N →"},
    "review.whole_article": {"fr": "Article entier", "en": "Whole article"},
    "review.whole_article.help": {
        "fr": "Un long article est montré autour de l'affirmation choisie.",
        "en": "A long article is shown around the selected claim.",
    },
    "review.excerpt": {
        "fr": "Extrait : caractères {start}–{end} sur {total}",
        "en": "Excerpt: characters {start}–{end} of {total}",
    },
    "keys.key": {"fr": "touche", "en": "key"},
    "keys.action": {"fr": "action", "en": "action"},
    # the card
    "card.heading": {"fr": "Affirmation [{number}]", "en": "Claim [{number}]"},
    "card.claim": {"fr": "Affirmation", "en": "Claim"},
    "card.in_context": {"fr": "Dans l'article", "en": "In context"},
    "card.checkworthy": {"fr": "vérifiable", "en": "check-worthy"},
    "card.low_checkworthy": {"fr": "peu vérifiable", "en": "low check-worthiness"},
    "card.suggestion": {"fr": "**Suggestion :** {label}", "en": "**Suggestion:** {label}"},
    "card.not_a_verdict": {"fr": "La suggestion n'est pas un verdict.", "en": "The suggestion is not a verdict."},
    "card.note": {"fr": "Note du vérificateur", "en": "Reviewer's note"},
    "card.draft_kept": {
        "fr": "Brouillon gardé, enregistré avec le prochain verdict.",
        "en": "Draft kept; saved with the next verdict.",
    },
    "card.undo": {"fr": "↶ Annuler mon dernier verdict · U", "en": "↶ Undo my last verdict · U"},
    "card.evidence": {"fr": "**Preuves candidates** — {count}", "en": "**Top evidence** — {count}"},
    "card.no_evidence": {
        "fr": "Aucune preuve trouvée dans le corpus de référence.",
        "en": "No evidence found in the reference corpus.",
    },
    "card.used": {"fr": "Utilisée comme preuve", "en": "Used as evidence"},
    "card.current": {"fr": "**Verdict actuel :** {label}", "en": "**Current verdict:** {label}"},
    "card.evidence_used": {"fr": "Preuves retenues : {ids}", "en": "Evidence used: {ids}"},
    "card.note_quote": {"fr": "Note", "en": "Note"},
    "card.blind_hidden": {
        "fr": "Revue à l'aveugle : {count} verdict(s) d'autres vérificateurs masqué(s) jusqu'au vôtre.",
        "en": "Blind review: {count} verdict(s) of other reviewers hidden until you give yours.",
    },
    "card.history": {"fr": "Historique — {count}", "en": "History — {count}"},
    "history.date": {"fr": "date (UTC)", "en": "date (UTC)"},
    "history.verdict": {"fr": "verdict", "en": "verdict"},
    "history.reviewer": {"fr": "vérificateur", "en": "reviewer"},
    "history.note": {"fr": "note", "en": "note"},
    "history.evidence": {"fr": "preuves", "en": "evidence"},
    "feature.kind": {"fr": "type", "en": "kind"},
    "feature.written": {"fr": "tel qu'écrit", "en": "as written"},
    "feature.normalised": {"fr": "normalisé", "en": "normalised"},
    "feature.date": {"fr": "date", "en": "date"},
    "feature.amount": {"fr": "montant", "en": "amount"},
    "feature.entity": {"fr": "entité", "en": "entity"},
    "feature.quote": {"fr": "citation", "en": "quote"},
    # messages of keys and clicks
    "act.draft_not_saved": {"fr": "Brouillon non enregistré : {error}", "en": "Draft not saved: {error}"},
    "act.the_key": {"fr": "La touche {key}", "en": "The key {key}"},
    "act.the_click": {"fr": "Ce clic", "en": "This click"},
    "act.claim_number": {"fr": "l'affirmation [{number}]", "en": "claim [{number}]"},
    "act.a_claim": {"fr": "une affirmation", "en": "a claim"},
    "act.gone": {
        "fr": "{what} visait {target}, qui n'est plus à l'écran : refusé, rien n'a été enregistré.",
        "en": "{what} was meant for {target}, which is no longer on screen: refused, nothing was saved.",
    },
    "act.no_evidence_number": {
        "fr": "Pas de preuve n° {number} pour cette affirmation.",
        "en": "No evidence number {number} for this claim.",
    },
    "act.saved": {"fr": "Verdict enregistré : [{number}] {label}", "en": "Verdict saved: [{number}] {label}"},
    "act.all_reviewed": {"fr": " — toutes vérifiées", "en": " — every claim reviewed"},
    "act.nothing_to_undo": {"fr": "Rien à annuler pour {reviewer}.", "en": "Nothing to undo for {reviewer}."},
    "act.undone": {
        "fr": "Annulé [{number}] {label}. Votre verdict actuel : {current}",
        "en": "Undone [{number}] {label}. Your current verdict: {current}",
    },
}
