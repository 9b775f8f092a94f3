"""The words every screen shares: the window title, the sidebar, the sign-in forms,
the start-up steps, the database message and the progress of long work."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # app and sidebar
    "app.title": {"fr": "Desk de vérification", "en": "Fact-checking desk"},
    "language": {"fr": "Langue", "en": "Language"},
    "page.review": {"fr": "Revue", "en": "Review"},
    "page.agreement": {"fr": "Accord", "en": "Agreement"},
    "page.overview": {"fr": "Vue d'ensemble", "en": "Overview"},
    "page.corpus": {"fr": "Corpus de référence", "en": "Reference corpus"},
    "page.guidelines": {"fr": "Consignes", "en": "Guidelines"},
    "page.team": {"fr": "Équipe", "en": "Team"},
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
    "claimreview.nothing_left_out": {
        "fr": "ClaimReview : rien n'est laissé de côté.",
        "en": "ClaimReview: nothing left out.",
    },
    "claimreview.left_out": {
        "fr": "ClaimReview : laisse de côté {disputed} affirmation(s) en désaccord et {unreviewed} non vérifiée(s).",
        "en": "ClaimReview: leaves out {disputed} disputed and {unreviewed} unreviewed claim(s).",
    },
    "export": {"fr": "Exporter", "en": "Export"},
    "no_name": {"fr": "sans nom", "en": "no name"},
    "need_name.saved": {
        "fr": "Indiquez d'abord votre nom dans la barre latérale ; rien n'a été enregistré.",
        "en": "Type your name in the sidebar first; nothing was saved.",
    },
    "need_name.changed": {
        "fr": "Indiquez d'abord votre nom dans la barre latérale ; rien n'a été modifié.",
        "en": "Type your name in the sidebar first; nothing was changed.",
    },
    "nothing_saved": {"fr": "Rien n'a été enregistré : {error}", "en": "Nothing was saved: {error}"},
    "nothing_changed": {"fr": "Rien n'a été modifié : {error}", "en": "Nothing was changed: {error}"},
    # shared password and accounts
    "login.misconfigured": {
        "fr": "Le mot de passe de l'équipe est mal configuré : le desk reste fermé ; voir le journal du serveur.",
        "en": "The team password setting cannot be used, so the desk stays closed; see the server log.",
    },
    "login.password": {"fr": "Mot de passe de l'équipe", "en": "Team password"},
    "login.enter": {"fr": "Entrer", "en": "Sign in"},
    "login.wrong": {"fr": "Mot de passe incorrect.", "en": "Wrong password."},
    "login.wait_session": {
        "fr": "Trop de tentatives : réessayez dans {left}.",
        "en": "Too many wrong passwords: try again in {left}.",
    },
    "login.wait_desk": {
        "fr": "Trop de mots de passe erronés sur le desk : réessayez dans {left}.",
        "en": "Too many wrong passwords on this desk: try again in {left}.",
    },
    "account.disabled": {"fr": "Votre compte a été désactivé.", "en": "Your account was disabled."},
    "account.name": {"fr": "Nom d'utilisateur", "en": "User name"},
    "account.password": {"fr": "Mot de passe", "en": "Password"},
    "account.sign_in": {"fr": "Se connecter", "en": "Sign in"},
    "account.wrong": {"fr": "Nom ou mot de passe incorrect.", "en": "Wrong name or password."},
    "account.signed_in": {"fr": "Connecté·e : {name} · {role}", "en": "Signed in: {name} · {role}"},
    "account.sign_out": {"fr": "Se déconnecter", "en": "Sign out"},
    "role.reviewer": {"fr": "vérificateur", "en": "reviewer"},
    "role.editor": {"fr": "éditeur", "en": "editor"},
    "role.admin": {"fr": "administrateur", "en": "admin"},
    "slot.first": {"fr": "première lecture", "en": "first review"},
    "slot.second": {"fr": "seconde lecture à l'aveugle", "en": "blind second review"},
    "assignments.mine": {"fr": "Mes articles — {count}", "en": "My assignments — {count}"},
    "assignments.none_mine": {"fr": "Aucun article ne vous est affecté.", "en": "Nothing is assigned to you."},
    "assignments.blind": {
        "fr": "Seconde lecture à l'aveugle, affectée par un éditeur : les verdicts des autres s'affichent"
        " après le vôtre.",
        "en": "Blind second review, assigned by an editor: the others' verdicts show once you have given yours.",
    },
    # start-up
    "startup.loading_model": {"fr": "Chargement du modèle…", "en": "Loading the embedding model…"},
    "startup.title": {"fr": "Démarrage du desk", "en": "Starting the desk"},
    "startup.once": {
        "fr": "Une seule fois par base de données ; les verdicts n'attendent pas le modèle.",
        "en": "Once per database; verdicts never wait for the model.",
    },
    "startup.ready": {
        "fr": "✅ Prêt : modèle et français chargés en {seconds} s",
        "en": "✅ Ready: model and French pipeline loaded in {seconds} s",
    },
    "step.model": {"fr": "Modèle d'embeddings", "en": "Embedding model"},
    "step.french": {"fr": "Analyse du français (spaCy)", "en": "French pipeline (spaCy)"},
    "step.sample": {"fr": "Vérification de l'article d'exemple", "en": "Checking the sample article"},
    "database.unusable": {
        "fr": "La base de données « {name} » ne peut pas être ouverte : {problem} (les détails sont dans le"
        " journal du serveur).",
        "en": "The database {name} cannot be opened: {problem} (the details are in the server log).",
    },
    # progress of long work (checker.progress, checker.review.steps)
    "progress.left": {"fr": "reste {left}", "en": "{left} left"},
    "progress.starting": {"fr": "Démarrage", "en": "Starting"},
    "progress.extracting": {"fr": "Extraction des affirmations…", "en": "Extracting claims…"},
    "progress.encoding": {"fr": "Vecteurs des affirmations", "en": "Encoding the claims"},
    "progress.matching": {"fr": "Comparaison aux sources", "en": "Matching against the sources"},
    "progress.claims": {"fr": "affirmations", "en": "claims"},
    "progress.saving": {"fr": "Enregistrement : {count} affirmations", "en": "Saving: {count} claims"},
    "progress.checked": {"fr": "Terminé : {count} affirmations", "en": "Done: {count} claims"},
    "progress.storing": {"fr": "Enregistrement", "en": "Storing"},
    "progress.finding": {"fr": "Recherche des passages sans vecteur", "en": "Finding passages to embed"},
    "progress.embedding": {"fr": "Vecteurs", "en": "Embedding"},
    "progress.ingested": {
        "fr": "Terminé : {added} ajoutés, {embedded} vecteurs",
        "en": "Done: {added} added, {embedded} embedded",
    },
    "progress.reading": {"fr": "Lecture des fichiers", "en": "Reading the files"},
    "progress.done": {"fr": "Terminé", "en": "Done"},
}
