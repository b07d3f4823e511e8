"""One article's document: what the extraction stages found in it, each piece tied to where it sits.

The pipeline builds one ``Document`` per article and passes it through its stages
(``salvo.pipeline``). Each stage reads what earlier stages added and adds its own part:
sentences with offsets, mentions (dates, places, weapons, actors, casualty phrases,
claims, clause verdicts) each with a kind, an article span and the index of its sentence, and in
the end the incidents whose values point back at the mention and sentence that gave them.

``Stage`` and ``compose`` make that contract checkable: a stage declares what it needs and
what it adds, and a composition whose stage needs something no earlier stage added is refused
when it is built, not when an article first reaches it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from salvo.model import Article, Incident

if TYPE_CHECKING:  # the stage layer's records; the document only carries them
    from salvo.clean import Span
    from salvo.extract.actors import ArticleContext
    from salvo.extract.clauses import Found, SentenceFacts
    from salvo.extract.incidents import Draft
    from salvo.lang.reading import Normalised
    from salvo.sentences import Sentence

#: The kinds of mention a document holds.
MENTION_KINDS: tuple[str, ...] = ("date", "place", "weapon", "actor", "casualty", "claim", "verdict")


@dataclass(frozen=True)
class Mention:
    """Something a stage found: its kind, its span in the article text and its sentence.

    ``value`` is the canonical reading (an ISO date, a gazetteer name, a weapon family, an
    actor, a casualty kind's count, a claim's actor, a verdict's category); ``number`` the count
    a weapon or casualty phrase gives; ``role`` what the mention does (a weapon's role, a date's
    precision, a casualty phrase's kind, a claim's attribution, an actor's kind).
    """

    kind: str
    sentence: int
    start: int
    end: int
    text: str
    value: str | None = None
    number: int | None = None
    role: str | None = None


@dataclass
class Document:
    """One article on its way through the stages; ``added`` names the parts stages have filled."""

    article: Article
    #: the language pack the stages read (the article's language; English when unknown)
    lang: str = "en"
    text: str = ""
    #: the text as the pack normalises it for matching, with offsets back to the original (None: read as is)
    reading: Normalised | None = None
    published: dt.date | None = None
    #: the day the date readers resolve against: the publication day, else the year a title gives
    reference: dt.date | None = None
    spans: list[Span] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)  # per sentence: what the finder stages read in it
    #: the article's actor scan and attribution cues, each read once (the actor stage starts it)
    context: ArticleContext | None = field(default=None, repr=False)
    facts: list[SentenceFacts] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    #: what the extraction budget cut (``salvo.pipeline``): the article was read in part
    notes: list[str] = field(default_factory=list)
    added: set[str] = field(default_factory=lambda: {"article"})
    #: the stage records behind mentions (``id`` of a DateMention, PlaceMention, ...) -> the mention
    records: dict[int, tuple[Any, Mention]] = field(default_factory=dict, repr=False)
    _index: dict[tuple[Any, ...], Mention] = field(default_factory=dict, repr=False)

    def add_mention(self, mention: Mention, record: Any = None) -> Mention:
        """Keep a mention once (by kind, span and value); remember the stage record it came from."""
        key = (mention.kind, mention.start, mention.end, mention.value, mention.number, mention.role)
        known = self._index.get(key)
        if known is None:
            self.mentions.append(mention)
            self._index[key] = known = mention
        if record is not None:
            self.records[id(record)] = (record, known)
        return known

    def mention_of(self, record: Any) -> Mention | None:
        """The mention a stage record (a DateMention, a PlaceMention, ...) was kept as."""
        found = self.records.get(id(record))
        return found[1] if found is not None and found[0] is record else None

    def of_kind(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]


@dataclass(frozen=True)
class Stage:
    """One step of the pipeline: a function that adds ``adds`` to a document holding ``needs``."""

    name: str
    needs: tuple[str, ...]
    adds: tuple[str, ...]
    fn: Callable[[Document], None]


class CompositionError(ValueError):
    """A stage needs something no earlier stage adds."""


@dataclass(frozen=True)
class Pipeline:
    """Stages in order, checked once when composed."""

    stages: tuple[Stage, ...]

    def __call__(self, document: Document) -> Document:
        for stage in self.stages:
            stage.fn(document)
            document.added.update(stage.adds)
        return document

    def upto(self, name: str) -> Pipeline:
        """The stages up to and including ``name``: to run (or test) the first part alone."""
        names = [s.name for s in self.stages]
        return Pipeline(self.stages[: names.index(name) + 1])

    def table(self) -> list[tuple[str, str, str]]:
        """(name, needs, adds) per stage, for documentation and ``--help`` texts."""
        return [(s.name, ", ".join(s.needs), ", ".join(s.adds)) for s in self.stages]


def compose(stages: Sequence[Stage], given: Iterable[str] = ("article",)) -> Pipeline:
    """The stages as one pipeline, refused when a stage needs what no earlier stage adds."""
    available = set(given)
    names: set[str] = set()
    for stage in stages:
        if stage.name in names:
            raise CompositionError(f"stage {stage.name!r} appears twice")
        names.add(stage.name)
        missing = [need for need in stage.needs if need not in available]
        if missing:
            raise CompositionError(f"stage {stage.name!r} needs {', '.join(missing)}, which no earlier stage adds")
        available.update(stage.adds)
    return Pipeline(tuple(stages))
