"""Well-known incidents named in passing: a clause that names one, undated, takes the incident's date.

Articles tell background events by name ("since the killing of Soleimani", "the drone attack in Jordan
that killed three US soldiers") and seldom with a year. Left undated, such a report cannot merge with the
incident's own reports, or merges with a later event at the same place. The events are data
(``data/landmarks.yaml``) and so are the words that name them (``data/lang/<code>/landmarks.yaml``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from salvo import lang
from salvo.extract.clauses import Clause, best_place
from salvo.extract.dates import DateMention
from salvo.extract.dates._lexicon import WEEKDAY, WEEKDAYS

_WEEKDAY = re.compile(WEEKDAY)
#: How far before a landmark's name a word that makes it a commemoration may stand.
_BEFORE = 60

__all__ = ["Landmark", "landmark_date", "landmarks", "named_landmark"]


@dataclass(frozen=True)
class Landmark:
    """One well-known incident: what a report must fit to be a mention of it."""

    key: str
    category: str
    date: dt.date
    country: str
    weapons: frozenset[str]

    def fits(self, category: str | None, country: str | None, weapons: Iterable[str]) -> bool:
        """Same category and country (or none said), and a weapon of its own when the report names one."""
        if category != self.category:
            return False
        if country is not None and country != self.country:
            return False
        told = {w for w in weapons if w != "unknown"}
        return not (self.weapons and told and not told & self.weapons)


@cache
def landmarks() -> tuple[Landmark, ...]:
    """The well-known incidents, read once."""
    path = resources.files("salvo") / "data" / "landmarks.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for key, spec in (data.get("landmarks") or {}).items():
        day = spec["date"] if isinstance(spec["date"], dt.date) else dt.date.fromisoformat(str(spec["date"]))
        out.append(Landmark(key, spec["category"], day, spec["country"], frozenset(spec.get("weapons") or ())))
    return tuple(out)


def _names(text: str, mark: Landmark, code: str) -> bool:
    """Whether the sentence names the event itself: not its anniversary, not beside another weekday.

    "Thursday's strike, on the eve of the anniversary of Soleimani's killing" tells another strike;
    so does a sentence whose weekday is not the landmark's ("on Thursday" for a Friday's strike).
    """
    names = lang.cues(code, "landmarks")
    blockers = names.get("_commemoration")
    for match in names[mark.key].finditer(text):
        before = text[max(0, match.start() - _BEFORE) : match.end()]  # the name may end a longer match
        if blockers is not None and blockers.search(before):
            continue
        days = {WEEKDAYS[w.group(0).lower()] for w in _WEEKDAY.finditer(text) if w.group(0).lower() in WEEKDAYS}
        if days and mark.date.weekday() not in days:
            continue
        return True
    return False


def _may_name(text: str, code: str) -> bool:
    """Whether the words of some landmark's name are in the text (its cue's gate lets it through)."""
    names = lang.cues(code, "landmarks")
    return any(mark.key in names and not names[mark.key].gated_out(text) for mark in landmarks())


def named_landmark(
    texts: list[str], category: str | None, country: str | None, weapons: Iterable[str], code: str = "en"
) -> Landmark | None:
    """The one well-known incident that these sentences name and this report fits, if exactly one."""
    names = lang.cues(code, "landmarks")
    found = {
        mark for mark in landmarks() if mark.key in names and mark.fits(category, country, list(weapons))
        and any(_names(text, mark, code) for text in texts)
    }
    return found.pop() if len(found) == 1 else None


def landmark_date(
    clause: Clause, told: DateMention | None, latest: dt.date | None, earlier: list[Landmark], code: str = "en"
) -> DateMention | None:
    """The date of the well-known incident this clause names, when the text gives it no date of its own.

    A day told without a year ("on Jan. 8", its year guessed from the story's day) is the landmark's
    day when month and day agree, and so is such a day in a later clause once the article has named
    the landmark (``earlier`` collects them). A landmark after the story's day (``latest``) cannot be meant.
    """
    if told is not None and (told.precision != "day" or told.explicit_year):
        return None
    if not (earlier and told is not None) and not _may_name(clause.sentence.text, code):
        return None  # names no landmark, and no day to match one named before
    place = best_place(clause.target_places)
    country = place.place.country if place else None
    weapons = [w.weapon for w in clause.weapons if w.role not in ("launcher", "defensive")]
    mark = named_landmark([clause.sentence.text], clause.category, country, weapons, code)
    if mark is not None and mark not in earlier:
        earlier.append(mark)
    if mark is None and told is not None:  # "the Jan. 8 missile attack", after the article named it
        mark = next((m for m in earlier if (m.date.month, m.date.day) == (told.date.month, told.date.day)
                     and m.fits(clause.category, country, weapons)), None)
    if mark is None or (latest is not None and mark.date > latest):
        return None
    if told is not None and (told.date.month, told.date.day) != (mark.date.month, mark.date.day):
        return None
    start, end = (told.start, told.end) if told is not None else (clause.start, clause.start)
    return DateMention(start, end, clause.sentence.text[start:end], mark.date, "day", "landmark", True)
