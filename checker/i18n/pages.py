"""The words of the agreement, overview, corpus and team pages."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # agreement
    "agreement.title": {"fr": "Accord entre vérificateurs", "en": "Agreement between reviewers"},
    "agreement.editors_only": {
        "fr": "Trancher est réservé aux éditeurs.",
        "en": "Only editors settle disagreements.",
    },
    "agreement.settled_note": {"fr": "Arbitrage après : {readings}", "en": "Settled after: {readings}"},
    "agreement.settled": {"fr": "Désaccord tranché : {label}", "en": "Disagreement settled: {label}"},
    "agreement.none_yet": {
        "fr": "Pas encore de double lecture. Un second vérificateur active « revue à l'aveugle » et revoit"
        " les mêmes affirmations.",
        "en": "No claim judged by two reviewers yet. A second reviewer turns on blind review and judges"
        " the same claims.",
    },
    "agreement.col.both": {"fr": "affirmations communes", "en": "both judged"},
    "agreement.col.agreed": {"fr": "accord", "en": "agreed"},
    "agreement.col.reading": {"fr": "lecture", "en": "reading"},
    "agreement.no_name": {"fr": "(sans nom)", "en": "(no name)"},
    "agreement.to_settle": {"fr": "Désaccords à trancher", "en": "Disagreements to settle"},
    "agreement.need_name": {
        "fr": "Indiquez votre nom dans la barre latérale pour trancher.",
        "en": "Type your name in the sidebar to settle.",
    },
    "agreement.none": {"fr": "Aucun désaccord.", "en": "No disagreement."},
    "agreement.note": {"fr": "Note d'arbitrage", "en": "Settling note"},
    "kappa.poor": {"fr": "faible", "en": "poor"},
    "kappa.slight": {"fr": "léger", "en": "slight"},
    "kappa.fair": {"fr": "passable", "en": "fair"},
    "kappa.moderate": {"fr": "modéré", "en": "moderate"},
    "kappa.substantial": {"fr": "important", "en": "substantial"},
    "kappa.almost perfect": {"fr": "presque parfait", "en": "almost perfect"},
    # overview
    "overview.title": {"fr": "Vue d'ensemble", "en": "Overview"},
    "overview.no_article": {"fr": "Aucun article.", "en": "No article yet."},
    "overview.claims_axis": {"fr": "affirmations", "en": "claims"},
    "overview.all_articles": {"fr": "Tous les articles", "en": "All articles"},
    "overview.articles_count": {"fr": "{count} article(s)", "en": "{count} article(s)"},
    # corpus
    "corpus.title": {"fr": "Corpus de référence", "en": "Reference corpus"},
    "corpus.import_section": {
        "fr": "Importer des passages : .jsonl, .csv, .md, .txt",
        "en": "Import passages: .jsonl, .csv, .md, .txt",
    },
    "corpus.files": {"fr": "Fichiers", "en": "Files"},
    "corpus.name": {
        "fr": "Nom du corpus (vide : le nom de chaque fichier)",
        "en": "Corpus name (empty: each file's name)",
    },
    "corpus.embed": {"fr": "Calculer les vecteurs maintenant", "en": "Embed now"},
    "corpus.import": {"fr": "Importer", "en": "Import"},
    "corpus.no_file": {"fr": "Choisissez au moins un fichier.", "en": "Choose at least one file."},
    "corpus.same_name": {
        "fr": "Deux fichiers s'appellent « {name} » : donnez un nom de corpus ou importez-les séparément.",
        "en": "Two files are called {name}: give a corpus name or import them one at a time.",
    },
    "corpus.clash": {
        "fr": "« {new} » : le corpus « {corpus} » vient déjà de {existing}. Rien n'a été importé : tapez un autre"
        " nom de corpus pour garder les deux, ou « {corpus} » pour l'y ajouter.",
        "en": "{new}: the corpus name “{corpus}” is already taken by {existing}. Nothing was imported: type"
        " another corpus name to keep both, or “{corpus}” to add to it.",
    },
    "corpus.imported": {
        "fr": "Importé : {added} ajoutés, {updated} mis à jour, {unchanged} inchangés, {embedded} vecteurs.",
        "en": "Imported: {added} added, {updated} updated, {unchanged} unchanged, {embedded} embedded.",
    },
    "corpus.empty": {
        "fr": "Aucun passage : importez un fichier .jsonl ou .csv.",
        "en": "No passage yet: import a .jsonl or .csv file.",
    },
    "corpus.index": {"fr": "Index", "en": "Index"},
    "corpus.col.model": {"fr": "modèle", "en": "model"},
    "corpus.col.embedded": {"fr": "indexés", "en": "embedded"},
    "corpus.col.files": {"fr": "fichiers", "en": "files"},
    "corpus.browse": {"fr": "Parcourir et chercher", "en": "Browse and search"},
    "corpus.pick": {"fr": "Corpus", "en": "Corpora"},
    "corpus.search": {"fr": "Recherche plein texte", "en": "Full-text search"},
    "corpus.results": {"fr": "{count} résultat(s) pour « {query} »", "en": "{count} result(s) for “{query}”"},
    "corpus.page": {"fr": "Page", "en": "Page"},
    "corpus.pages": {
        "fr": "{total} passage(s) · page {page} / {pages}",
        "en": "{total} passage(s) · page {page} / {pages}",
    },
    # team
    "team.title": {"fr": "Équipe", "en": "Team"},
    "team.editors_only": {"fr": "Réservé aux éditeurs.", "en": "Editors only."},
    "team.page_editors_only": {
        "fr": "Cette page est réservée aux éditeurs et administrateurs.",
        "en": "This page is for editors and admins.",
    },
    "team.saved": {"fr": "Affectation enregistrée.", "en": "Assignment saved."},
    "team.accounts": {"fr": "Comptes", "en": "Accounts"},
    "team.col.name": {"fr": "nom", "en": "name"},
    "team.col.role": {"fr": "rôle", "en": "role"},
    "team.col.active": {"fr": "actif", "en": "active"},
    "team.no_article": {"fr": "Aucun article.", "en": "No article yet."},
    "team.assign": {"fr": "Affecter un article", "en": "Assign an article"},
    "team.first": {"fr": "Première lecture", "en": "First reviewer"},
    "team.second": {"fr": "Seconde lecture à l'aveugle", "en": "Blind second reviewer"},
    "team.nobody": {"fr": "— personne —", "en": "— nobody —"},
    "team.save": {"fr": "Enregistrer l'affectation", "en": "Save the assignment"},
    "team.current": {"fr": "Affectations en cours", "en": "Current assignments"},
    "team.col.first": {"fr": "première", "en": "first"},
    "team.col.second": {"fr": "seconde, à l'aveugle", "en": "blind second"},
    "team.none": {"fr": "Aucune affectation.", "en": "No assignment yet."},
}
