"""Every hand-written word list of the desk, in one place: the words the extraction, the
entity labels, check-worthiness and the verifier recognise, and the stop words.

They live in `claims/` because `claims/` never imports `checker/` and both need them;
`checker/` imports them from here. A list is named after what its words are, and each
section says which module reads it. Lists that extend another are written as that list
plus the extra words, so a word is added in one place.

Stop words are spaCy's own lists, read without importing spaCy: ``import
spacy.lang.fr.stop_words`` first runs ``spacy.lang.fr``, whose tokenizer exceptions take
about four seconds to build, on top of spaCy itself pulling in thinc and torch. That was
most of the desk's start-up time before it could show a single claim. Each list is a
self-contained module (one set literal, no imports), so it is executed on its own from
the installed spaCy package.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def _spacy_list(lang: str) -> frozenset[str]:
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("spaCy is not installed: pip install -r requirements.txt")
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / lang / "stop_words.py"
    namespace: dict[str, object] = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # noqa: S102 - spaCy's own file
    words = namespace["STOP_WORDS"]
    assert isinstance(words, set)
    return frozenset(w.lower() for w in words)


# ---------------------------------------------------------------- Stop words (checker.retrieval.search)

FR_STOP_WORDS = _spacy_list("fr")
EN_STOP_WORDS = _spacy_list("en")
STOP_WORDS = FR_STOP_WORDS | EN_STOP_WORDS


# ---------------------------------------------------------------- Splitting a sentence into atomic statements (claims.atomic)

ORG_HEAD_NOUNS = {
    "société",
    "entreprise",
    "start-up",
    "startup",
    "firme",
    "compagnie",
    "groupe",
    "géant",
    "constructeur",
    "éditeur",
    "plateforme",
    "laboratoire",
    "enseigne",
    "opérateur",
    "company",
    "firm",
    "group",
    "giant",
    "corporation",
}
ORG_PLURALS = {n + "s" for n in ORG_HEAD_NOUNS} | {"géants", "companies", "corporations"}
SPEECH_VERBS = {
    "déclarer",
    "affirmer",
    "souligner",
    "préciser",
    "indiquer",
    "expliquer",
    "annoncer",
    "assurer",
    "dire",
    "ajouter",
    "estimer",
    "confirmer",
    "rappeler",
    "say",
    "state",
    "announce",
    "add",
    "claim",
    "explain",
    "confirm",
    "stress",
}
PREPOSITIONS = {
    "de",
    "d'",
    "d’",
    "du",
    "des",
    "à",
    "au",
    "aux",
    "en",
    "dans",
    "par",
    "pour",
    "sur",
    "avec",
    "après",
    "avant",
    "vers",
    "chez",
    "selon",
    "comme",
    "contre",
    "sans",
    "of",
    "in",
    "at",
    "to",
    "by",
    "for",
    "from",
    "with",
    "on",
    "like",
    "after",
    "before",
}
ARG_PREPOSITIONS = {
    "de",
    "à",
    "pour",
    "avec",
    "par",
    "contre",
    "sur",
    "chez",
    "of",
    "to",
    "for",
    "with",
    "by",
    "against",
}
LOCATIVE = {"à", "en", "au", "aux", "dans", "in", "at", "to"}
DEFINITE = {"le", "la", "l'", "l’", "the"}
DETERMINERS = {
    "le",
    "la",
    "l'",
    "l’",
    "les",
    "un",
    "une",
    "son",
    "sa",
    "ses",
    "leur",
    "the",
    "a",
    "an",
    "its",
    "his",
    "her",
    "their",
}
DEMONSTRATIVE = {"ces", "les", "these", "those", "the"}
COPULA = {"fr": "est", "en": "is"}
DEMONSTRATIVES = {
    "ce": "le",
    "cet": "l’",
    "cette": "la",
    "ces": "les",
    "this": "the",
    "that": "the",
    "these": "the",
    "those": "the",
}
# What an organisation does or owns: "cette filiale" is the organisation's filiale.
PART_NOUNS = {
    "filiale",
    "bureau",
    "bureaux",
    "implantation",
    "annonce",
    "ouverture",
    "levée",
    "acquisition",
    "rachat",
    "décision",
    "usine",
    "site",
    "siège",
    "expansion",
    "arrivée",
    "initiative",
    "outil",
    "offre",
    "opération",
    "investissement",
    "partenariat",
    "accord",
    "installation",
    "équipe",
    "produit",
    "service",
    "fusion",
    "plan",
    "projet",
    "subsidiary",
    "office",
    "offices",
    "announcement",
    "opening",
    "deal",
    "decision",
    "plant",
    "factory",
    "move",
    "tool",
    "investment",
    "partnership",
    "agreement",
    "team",
    "product",
    "merger",
    "project",
    "branch",
}
SITE_NOUNS = {
    "filiale",
    "bureau",
    "bureaux",
    "implantation",
    "ouverture",
    "usine",
    "site",
    "siège",
    "installation",
    "arrivée",
    "agence",
    "subsidiary",
    "office",
    "offices",
    "opening",
    "plant",
    "factory",
    "headquarters",
    "branch",
    "implanter",
    "installer",
    "ouvrir",
}
LEADING_ADJ = {
    "nouveau",
    "nouvel",
    "nouvelle",
    "nouveaux",
    "nouvelles",
    "premier",
    "première",
    "dernier",
    "dernière",
    "prochain",
    "prochaine",
    "récent",
    "récente",
    "futur",
    "future",
    "grand",
    "grande",
    "new",
    "first",
    "latest",
    "recent",
    "next",
    "big",
}


# ---------------------------------------------------------------- Correcting entity labels from the article's wording (claims.labels)

# Nouns that tell a name is an organisation: the head nouns above and more.
ORG_NOUNS = ORG_HEAD_NOUNS | {
    "filiale",
    "média",
    "journal",
    "quotidien",
    "hebdomadaire",
    "agence",
    "banque",
    "association",
    "organisation",
    "ong",
    "parti",
    "ministère",
    "université",
    "fondation",
    "institut",
    "fabricant",
    "cabinet",
    "fonds",
    "chaîne",
    "leader",
    "spécialiste",
    "subsidiary",
    "newspaper",
    "agency",
    "bank",
    "outlet",
    "broadcaster",
    "maker",
    "manufacturer",
    "publisher",
    "carrier",
    "lab",
    "laboratory",
    "studio",
    "party",
    "ministry",
    "university",
    "charity",
}
PERSON_NOUNS = {
    "directeur",
    "directrice",
    "président",
    "présidente",
    "fondateur",
    "fondatrice",
    "cofondateur",
    "cofondatrice",
    "ministre",
    "porte-parole",
    "patron",
    "patronne",
    "pdg",
    "chef",
    "député",
    "députée",
    "sénateur",
    "sénatrice",
    "maire",
    "secrétaire",
    "avocat",
    "avocate",
    "professeur",
    "chercheur",
    "chercheuse",
    "journaliste",
    "dirigeant",
    "dirigeante",
    "économiste",
    "responsable",
    "chief",
    "ceo",
    "founder",
    "co-founder",
    "president",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "chairman",
    "chairwoman",
    "secretary",
    "mayor",
    "senator",
    "lawyer",
    "professor",
    "researcher",
    "economist",
    "head",
}
ACTION_VERBS_FR = {
    "annoncer",
    "ouvrir",
    "lever",
    "finaliser",
    "racheter",
    "acquérir",
    "recruter",
    "lancer",
    "publier",
    "investir",
    "installer",
    "implanter",
    "prévoir",
    "employer",
    "vendre",
    "signer",
    "fermer",
    "poursuivre",
    "disposer",
    "licencier",
    "embaucher",
    "fusionner",
    "commercialiser",
    "inaugurer",
    "déménager",
    "facturer",
    "breveter",
}
ACTION_FORMS_EN = {
    "announced",
    "opened",
    "raised",
    "acquired",
    "bought",
    "sold",
    "launched",
    "hired",
    "signed",
    "closed",
    "invested",
    "plans",
    "planned",
    "employs",
    "employed",
    "opens",
    "announces",
    "raises",
    "acquires",
    "launches",
    "fired",
    "laid",
    "merged",
}
PERSON_FORMS_EN = {"said", "says", "told", "added", "argued", "wrote", "tweeted"}
LOCATIVE_EN = {"in", "at", "to", "from", "near"}
# Before a name or its head noun: the determiners above, and "our".
NAME_DETERMINERS = DETERMINERS | {"our"}
LOCATIVE_ANY = LOCATIVE | {"vers", "depuis"} | LOCATIVE_EN


# ---------------------------------------------------------------- Check-worthiness (claims.worthiness)

FACTUAL_VERBS = {
    "annoncer",
    "ouvrir",
    "finaliser",
    "lever",
    "racheter",
    "acquérir",
    "signer",
    "publier",
    "lancer",
    "installer",
    "implanter",
    "recruter",
    "disposer",
    "fermer",
    "créer",
    "fonder",
    "déclarer",
    "affirmer",
    "préciser",
    "souligner",
    "évoquer",
    "refuser",
    "précéder",
    "atteindre",
    "dépasser",
    "augmenter",
    "baisser",
    "investir",
    "vendre",
    "acheter",
    "poursuivre",
    "situer",
    "inscrire",
    "être",
    "avoir",
    "annoncé",
    "announce",
    "open",
    "raise",
    "sign",
    "launch",
    "acquire",
    "buy",
    "sell",
    "hire",
    "say",
    "be",
    "have",
}
PLAN_VERBS = {
    "prévoir",
    "apprêter",
    "devoir",
    "planifier",
    "programmer",
    "continuer",
    "plan",
    "schedule",
    "expect",
}
INTENTION_VERBS = {
    "compter",
    "vouloir",
    "souhaiter",
    "espérer",
    "envisager",
    "viser",
    "rêver",
    "aimer",
    "chercher",
    "tenter",
    "objectif",
    "ambition",
    "intention",
    "projet",
    "want",
    "hope",
    "wish",
    "aim",
    "intend",
}
OPINION_MARKERS = (
    "je pense",
    "je crois",
    "selon moi",
    "à mon avis",
    "il faut",
    "nous devons",
    "i think",
    "i believe",
    "in my opinion",
    "we must",
    "should",
)


# ---------------------------------------------------------------- The language of a paragraph (claims.language)

FUNCTION_WORDS = {
    "fr": set(
        "le la les de des du et est une un dans en pour que qui sur au aux par pas avec "
        "ce cette il elle sont ont son sa ses leur mais ou nous vous ils elles été "
        "être plus comme".split()
    ),
    "en": set(
        "the of and is are to in that for with was were it this by has have from an "
        "be as its their but or we you they been not which at".split()
    ),
}


# ---------------------------------------------------------------- Named entities (claims.entities)

NAME_CONNECTORS = {"of", "de", "du", "des", "the", "&", "van", "von", "der"}
CALENDAR_WORDS = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}


# ---------------------------------------------------------------- Sentence boundaries (claims.segment)

ABBREVIATIONS = {
    "m",
    "mm",
    "mme",
    "mmes",
    "mlle",
    "dr",
    "pr",
    "me",
    "st",
    "ste",
    "etc",
    "cf",
    "p",
    "av",
    "apr",
    "env",
    "vol",
    "no",
    "n°",
    "mr",
    "mrs",
    "ms",
    "prof",
    "inc",
    "ltd",
    "co",
    "corp",
    "jr",
    "sr",
    "vs",
    "fig",
    "art",
    "al",
    "gen",
    "gén",
    "col",
    "sgt",
}


# ---------------------------------------------------------------- Claims and passages read as slots (checker.verify.facts, checker.verify.suggestion)

FR_MARKS = frozenset("le la les des est une du et au aux dans pour que qui sur par avec été sont ont".split())
EN_MARKS = frozenset("the of and is was in to on for that with by has have its at were are".split())
# Words before a name that make it a place, or the agent of an action.
PLACE_CUES = frozenset("à a au aux en dans vers depuis in at to from near into".split())
AGENT_CUES = frozenset("par by".split())
FIRST_WORDS = {
    "premier": "first",
    "premiere": "first",
    "first": "first",
    "1er": "first",
    "1re": "first",
    "deuxieme": "second",
    "second": "second",
    "seconde": "second",
    "troisieme": "third",
    "third": "third",
    "dernier": "last",
    "derniere": "last",
    "last": "last",
    "seul": "only",
    "seule": "only",
    "only": "only",
    "unique": "only",
    "plus grand": "largest",
    "plus grande": "largest",
    "largest": "largest",
    "biggest": "largest",
    "plus petit": "smallest",
    "smallest": "smallest",
}
# Words a reworded contradiction often adds (DACCORD): absolutes, denials, exclusives.
CUE_WORDS = {
    "absolute": frozenset(
        "tous toutes tout toujours jamais aucun aucune personne rien totalement entierement "
        "all always every never nobody nothing entirely completely".split()
    ),
    "exclusive": frozenset(
        "seul seule seuls seules seulement uniquement exclusivement only solely exclusively".split()
    ),
    "denial": frozenset(
        "faux fausse fausses faux dementi dement nie nient refuse refusent interdit interdite "
        "impossible contraire contrairement false denied denies refused banned impossible".split()
    ),
    "cause": frozenset(
        "cause causent provoque provoquent responsable responsables car parce causes caused because responsible".split()
    ),
}
NOT_NAMES = frozenset(
    "le la les l un une des de du en au aux ce cette ces il elle ils elles on son sa ses leur leurs selon "
    "the a an in on at of this that these it its he she they their according mais et ou donc or and but "
    "lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday wednesday thursday friday saturday sunday "
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre january february march "
    "april may june july august september october november december".split()
)
