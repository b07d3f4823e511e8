"""Values belong to their own event: a strike is not given the wounded of the attack it answered.

A sentence about a retaliatory strike often retells the attack behind it ("strikes on the group
behind the drone attack that injured three US personnel"). A US or coalition strike does not
wound US or coalition people, so a casualty count whose victims are named as the US side belongs
to the attack, not to the strike.
"""

from __future__ import annotations

import re

from salvo.extract import cues
from salvo.extract.casualties import find_casualties

__all__ = ["casualty_texts_of"]

_US_SIDE = re.compile(cues.US_WORDS, re.IGNORECASE)


def _us_side_victims_only(text: str) -> bool:
    """Whether every casualty count in ``text`` names US or coalition victims."""
    found = find_casualties(text)
    if found.killed is None and found.injured is None:
        return False
    return bool(found.spans) and all(_US_SIDE.search(text, lo, hi) for lo, hi in found.spans)


def casualty_texts_of(category: str, texts: list[str]) -> list[str]:
    """The texts whose casualty counts may be this incident's: a strike's leave out US-side victims."""
    if category != "strike":
        return texts
    return [t for t in texts if not _us_side_victims_only(t)]
