"""Well-known incidents named in passing: an undated report of one takes the incident's own date.

Articles tell background events by name ("since the killing of Soleimani", "the drone attack in Jordan
that killed three US soldiers") and seldom with a year. Left undated, such a report cannot merge with the
incident's own reports, or merges with a later event at the same place. The events are data
(``data/landmarks.yaml``) and so are the words that name them (``data/lang/<code>/landmarks.yaml``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from salvo import lang
from salvo.extract.dates._lexicon import WEEKDAY, WEEKDAYS
from salvo.model import Incident

_WEEKDAY = re.compile(WEEKDAY)
#: How far before a landmark's name a word that makes it a commemoration may stand.
_BEFORE = 60

__all__ = ["Landmark", "anchor", "landmarks", "named_landmark"]


@dataclass(frozen=True)
class Landmark:
    """One well-known incident: what a report must fit to be a mention of it."""

    key: str
    category: str
    date: dt.date
    country: str
    weapons: frozenset[str]

    def fits(self, incident: Incident) -> bool:
        """Same category and country (or none said), and a weapon of its own when the report names one."""
        if incident.category != self.category:
            return False
        if incident.country is not None and incident.country != self.country:
            return False
        told = {w for w in incident.weapons if w != "unknown"}
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


def named_landmark(texts: list[str], incident: Incident, code: str = "en") -> Landmark | None:
    """The one well-known incident that these sentences name and this report fits, if exactly one."""
    names = lang.cues(code, "landmarks")
    found = {
        mark for mark in landmarks() if mark.key in names and mark.fits(incident)
        and any(_names(text, mark, code) for text in texts)
    }
    return found.pop() if len(found) == 1 else None


def anchor(incident: Incident, texts: list[str], latest: dt.date | None) -> None:
    """Date an undated report that names a well-known incident; ``latest`` is the story's day, if known.

    A report dated by its text keeps its date. A landmark after the story's day cannot be meant.
    """
    if incident.date is not None:
        return
    mark = named_landmark(texts, incident)
    if mark is None or (latest is not None and mark.date > latest):
        return
    incident.date, incident.date_precision = mark.date, "day"
