"""What the article has been talking about: the entities recently in subject position,
so that "elle", "la société" or "ces deux sociétés" can be replaced by a name."""

from __future__ import annotations

from dataclasses import dataclass, field

ORG_LABELS = ("ORG", "MISC")
PERSON_LABELS = ("PER", "PERSON")


@dataclass
class Referent:
    """An entity in subject position. ``gender`` ("Masc"/"Fem") comes from the parse:
    ``evidence`` says how sure it is: "agreement" (a participle or adjective agreeing
    with it, "Mistral AI a été fondée"; or a pronoun that stood for it), "noun" (the
    noun it names, "le groupe LVMH") or "name" (the morphology of a first name)."""

    text: str
    label: str
    sentence: int
    gender: str | None = None
    evidence: str | None = None
    article: str | None = None  # "la" of "la Commission européenne", put back with the name

    @property
    def written(self) -> str:
        """The name as a subject is written: "la Commission européenne", "OpenAI"."""
        return f"{self.article} {self.text}" if self.article else self.text


@dataclass
class Discourse:
    subjects: list[Referent] = field(default_factory=list)
    groups: list[tuple[int, list[str]]] = field(default_factory=list)
    sites: list[tuple[int, list[str]]] = field(default_factory=list)
    # coordinated names that were the subject ("Google et Microsoft ont investi"):
    # (sentence, names, whether every one is an organisation)
    subject_groups: list[tuple[int, list[str], bool]] = field(default_factory=list)

    def add_subject(
        self,
        text: str,
        label: str,
        sentence: int,
        *,
        gender: str | None = None,
        evidence: str | None = None,
        article: str | None = None,
    ) -> None:
        self.subjects.append(Referent(text, label, sentence, gender, evidence, article))

    def add_group(self, names: list[str], sentence: int) -> None:
        self.groups.append((sentence, names))

    def add_sites(self, places: list[str], sentence: int) -> None:
        """Places where the article says something is opened or set up ("un bureau à
        Paris"), so that "cette filiale" can say where it is."""
        self.sites.append((sentence, places))

    def site(self, sentence: int, *, window: int = 8) -> str | None:
        """The one place of the latest establishment mention; None when that mention
        lists several places (which one "cette implantation" means is then unclear)."""
        for s, places in reversed(self.sites):
            if sentence - s > window:
                return None
            if s < sentence:
                return places[0] if len(places) == 1 else None
        return None

    def _latest(self, labels, sentence: int, window: int) -> Referent | None:
        for r in reversed(self.subjects):
            if sentence - r.sentence > window:
                return None
            if r.label in labels:
                return r
        return None

    def organisation(self, sentence: int, *, window: int = 6) -> Referent | None:
        """The organisation most recently in subject position."""
        return self._latest(ORG_LABELS, sentence, window)

    def person(self, sentence: int, *, window: int = 2) -> Referent | None:
        """The person most recently in subject position, close by only: "il" is
        ambiguous, and a wrong name is worse than an unresolved pronoun."""
        return self._latest(PERSON_LABELS, sentence, window)

    def pronoun(self, sentence: int, gender: str) -> Referent | None:
        """The entity "il" (``gender`` "Masc") or "elle" ("Fem") stands for: the most
        recent subject that agrees with it, a person within two sentences, an
        organisation within six. A person must agree by the parse (a first name tagged
        feminine for "elle"; "il" also takes a person of unknown gender, as before);
        an organisation is "elle" unless the parse agreed it masculine, and "il" only
        when the parse says it is masculine (an agreement or its noun, "le groupe")."""
        for r in reversed(self.subjects):
            age = sentence - r.sentence
            if age > 6:
                return None
            if r.label in PERSON_LABELS and age <= 2:
                if r.gender == gender or (gender == "Masc" and r.gender is None):
                    return r
            elif r.label in ORG_LABELS:
                if gender == "Fem" and not (r.gender == "Masc" and r.evidence == "agreement"):
                    return r
                if gender == "Masc" and r.gender == "Masc" and r.evidence in ("agreement", "noun"):
                    return r
        return None

    def possessor(self, sentence: int, *, window: int = 2) -> Referent | None:
        """Whose "sa filiale", "son directeur" is: the latest subject, close by (a
        French possessive agrees with the thing owned, so gender does not help)."""
        for r in reversed(self.subjects):
            if sentence - r.sentence > window:
                return None
            if r.sentence < sentence and r.label in ORG_LABELS + PERSON_LABELS:
                return r
        return None

    def add_subject_group(self, names: list[str], sentence: int, *, organisations: bool) -> None:
        self.subject_groups.append((sentence, names, organisations))

    def plural(self, sentence: int, gender: str, *, window: int = 2) -> list[str] | None:
        """The names "ils" or "elles" stands for: the latest coordinated subject, close
        by; "elles" only for organisations (whose names carry no gender), since for
        people the masculine is the plural of a mixed group."""
        for s, names, organisations in reversed(self.subject_groups):
            if sentence - s > window:
                return None
            if s < sentence:
                return names if organisations or gender == "Masc" else None
        return None

    def group(self, sentence: int, *, size: int | None = None, window: int = 2) -> list[str] | None:
        """The latest coordinated list of names ("Google et Netflix"), of ``size`` if given."""
        for s, names in reversed(self.groups):
            if sentence - s > window:
                return None
            if s < sentence and (size is None or len(names) == size):
                return names
        return None
