"""What the article has been talking about: the entities recently in subject position,
so that "elle", "la société" or "ces deux sociétés" can be replaced by a name."""
from __future__ import annotations

from dataclasses import dataclass, field

ORG_LABELS = ("ORG", "MISC")
PERSON_LABELS = ("PER", "PERSON")


@dataclass
class Referent:
    text: str
    label: str
    sentence: int


@dataclass
class Discourse:
    subjects: list[Referent] = field(default_factory=list)
    groups: list[tuple[int, list[str]]] = field(default_factory=list)
    sites: list[tuple[int, list[str]]] = field(default_factory=list)

    def add_subject(self, text: str, label: str, sentence: int) -> None:
        self.subjects.append(Referent(text, label, sentence))

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

    def group(self, sentence: int, *, size: int | None = None, window: int = 2) -> list[str] | None:
        """The latest coordinated list of names ("Google et Netflix"), of ``size`` if given."""
        for s, names in reversed(self.groups):
            if sentence - s > window:
                return None
            if s < sentence and (size is None or len(names) == size):
                return names
        return None
