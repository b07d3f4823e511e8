"""Where each value of an incident was read: the sentence, and the words in it that gave the value.

``finalise`` fills one ``Provenance`` per incident as it reads the fields. An entry is built from
what the stages already found (a date, place, weapon or actor mention; a casualty phrase; a
claim), never by searching the text again, and it always slices back to the article: ``text``
is ``article[start:end]`` and ``sentence_text`` the verbatim sentence holding it. A value no
words give (a default, the publication day) gets no entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from salvo.extract.actors import US
from salvo.extract.casualties import find_casualties
from salvo.sentences import Sentence

if TYPE_CHECKING:
    from salvo.extract.actors import AttributionCue
    from salvo.extract.clauses import Clause


class Located(Protocol):
    """A stage record with offsets into its sentence (DateMention, PlaceMention, WeaponMention, ...)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...


#: The sentence a stage record's offsets refer to, given the sentence of the clause that holds it.
Locator = Callable[[Located, "Sentence | None"], "Sentence | None"]

_NOT_FIRED = ("launcher", "defensive")


def in_hint(record: Located, hint: Sentence | None) -> Sentence | None:
    """The default locator: the holding clause's sentence, when the record's span reads there."""
    if hint is not None and hint.text[record.start : record.end] == record.text:
        return hint
    return None


def entry(sentence: Sentence, start: int, end: int) -> dict[str, Any]:
    """A provenance entry for ``sentence.text[start:end]`` (offsets within the sentence)."""
    return {
        "sentence": sentence.index,
        "sentence_text": sentence.text,
        "start": sentence.start + start,
        "end": sentence.start + end,
        "text": sentence.text[start:end],
    }


class Provenance:
    """The entries of one incident, field by field; the first source given for a field stays."""

    def __init__(self, clauses: list[Clause], locate: Locator | None = None) -> None:
        self.clauses = clauses
        self.locate = locate or in_hint
        self.fields: dict[str, dict[str, Any]] = {}

    def put(self, name: str, sentence: Sentence, start: int, end: int) -> None:
        self.fields.setdefault(name, entry(sentence, start, end))

    def clause(self, name: str, clause: Clause, start: int, end: int) -> None:
        """Words at ``start:end`` of a clause's text."""
        self.put(name, clause.sentence, clause.start + start, clause.start + end)

    def mention(self, name: str, record: Located | None) -> None:
        """A stage record one of the incident's clauses holds (or an earlier sentence, through ``locate``)."""
        if record is None:
            return
        hint = next((c.sentence for c in self.clauses if _holds(c, record)), None)
        sentence = self.locate(record, hint)
        if sentence is not None:
            self.put(name, sentence, record.start, record.end)

    def weapons(self, weapons: list[str], category: str) -> None:
        """The first fired weapon the incident's list keeps (a strike's drone is its airstrike)."""
        for clause in self.clauses:
            for w in clause.weapons:
                kept = w.weapon in weapons or (category == "strike" and w.weapon == "drone" and "airstrike" in weapons)
                if kept and w.role not in _NOT_FIRED:
                    self.mention("weapons", w)
                    return

    def projectiles(self, count: int | None) -> None:
        """The weapon mention that gives the count (or, for a sum, the first that gives a part)."""
        if count is None:
            return
        fired = [w for c in self.clauses for w in c.weapons if w.count is not None and w.role not in _NOT_FIRED]
        self.mention("projectiles", next((w for w in fired if w.count == count), fired[0] if fired else None))

    def casualties(self, clauses: list[Clause], killed: int | None, injured: int | None) -> None:
        """The first clause whose casualty phrases give the figure kept, spanning those phrases."""
        for name, value in (("killed", killed), ("injured", injured)):
            if value is None:
                continue
            for clause in clauses:
                found = find_casualties(clause.text)  # cached: the figure was read from these clauses
                if getattr(found, name) != value:
                    continue
                # the phrases that counted (a denial beside a count gave nothing to it)
                parts = [(s, e) for kind, s, e, n in found.parts if kind == name and (n > 0) == (value > 0)]
                if parts:
                    self.clause(name, clause, min(s for s, _ in parts), max(e for _, e in parts))
                    break

    def in_texts(self, name: str, index: int, start: int, end: int, sentences: list[Sentence]) -> None:
        """Words in the ``index``-th of the incident's clause texts followed by ``sentences``' texts."""
        if index < len(self.clauses):
            self.clause(name, self.clauses[index], start, end)
        else:
            self.put(name, sentences[index - len(self.clauses)], start, end)

    def attribution(self, cue: AttributionCue | tuple[int, int, int] | None, sentences: list[Sentence]) -> None:
        """Perpetrator and attribution from one cue: a claim found in the article, or (index into
        ``sentences``, start, end); None when the reading was dropped."""
        for name in ("perpetrator", "attribution"):
            self.fields.pop(name, None)
            if isinstance(cue, tuple):
                self.put(name, sentences[cue[0]], cue[1], cue[2])
            elif cue is not None:
                self.mention(name, cue)

    def us_actor(self) -> None:
        """The US named as the actor of a strike: its actor mention in the first clause that acts."""
        for clause in self.clauses:
            if clause.us_actor:
                us = next((a for a in clause.actors if a.actor == US), None)
                for name in ("perpetrator", "attribution"):
                    if us is not None:
                        self.mention(name, us)
                    else:
                        self.clause(name, clause, 0, len(clause.text))
                return


def _holds(clause: Clause, record: object) -> bool:
    return any(r is record for r in (*clause.dates, *clause.places, *clause.weapons, *clause.actors))
