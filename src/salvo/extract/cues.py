"""The cues that tell an in-scope attack or strike from everything else in a report.

The patterns are data: ``salvo/data/lang/<code>/cues.yaml`` holds them, one named cue each, so
the rules for "what counts as an incident" (SCHEMA.md, Scope) can be read together: who acts,
against whom, and the hedges that disqualify. This module only binds the pack's cues to the
names the extraction stages use; a cue that is matched at a given offset (``.match(text, pos)``)
is bound as its plain compiled pattern.
"""

from __future__ import annotations

import re
from typing import Any, cast

from salvo import lang
from salvo.lang.matcher import Cue

__all__ = ["Cue", "LANGUAGE", "US_WORDS"]

#: The language whose pack gives the pattern fragments below (patterns built in code around them).
LANGUAGE = "en"
_FILE = "cues"


class _Bound:
    """One named cue in the language being read (``lang.current()``): the stages keep one name per
    cue while each document reads its own pack's pattern; a pack that lacks the cue never matches."""

    __slots__ = ("_name", "_plain", "_by_code")

    def __init__(self, name: str, plain: bool) -> None:
        self._name, self._plain = name, plain
        self._by_code: dict[str, Any] = {}
        self._of("en")  # English must have every cue: fail at import, not on an article

    def _of(self, code: str) -> Any:
        found = self._by_code.get(code)
        if found is None:
            cue = lang.cue_or_never(code, _FILE, self._name)
            found = self._by_code[code] = cue.pattern if self._plain else cue
        return found

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._of(lang.current()), attr)


def _cue(name: str) -> Cue:
    return cast(Cue, _Bound(name, plain=False))


def _pattern(name: str) -> re.Pattern[str]:
    return cast("re.Pattern[str]", _Bound(name, plain=True))


#: The US side's names, as a pattern fragment (for patterns built around it elsewhere).
US_WORDS = lang.fragment(LANGUAGE, _FILE, "us_words")
_NOT_SPEECH = lang.fragment(LANGUAGE, _FILE, "not_speech")

ATTACK_ACTION = _cue("attack_action")
WEAPON_HINT = _cue("weapon_hint")
US_TARGET = _cue("us_target")
STRIKE_NOUN = _cue("strike_noun")
US_ACTOR = _cue("us_actor")
MILITIA_TARGET = _cue("militia_target")
MILITIA_ACTS = _pattern("militia_acts")
OUT_OF_SCOPE_ACTOR = _cue("out_of_scope_actor")
THREAT = _cue("threat")
STRONG_THREAT = _cue("strong_threat")
AGGREGATE = _cue("aggregate")
RECENT_WINDOW = _cue("recent_window")
HABITUAL = _cue("habitual")
DATELINE = _pattern("dateline")
LEADING_ADVERBIAL = _pattern("leading_adverbial")
UNFIRED = _cue("unfired")
INTENDED_USE = _cue("intended_use")
LAUNCHER_ONLY = _cue("launcher_only")
NEGATED = _cue("negated")
FOLLOW_UP = _cue("follow_up")
CLAUSE_BREAK = _cue("clause_break")
PRONOUN_PLACE = _pattern("pronoun_place")
SITE_REFERENCE = _pattern("site_reference")
ORIGIN_BEFORE_PLACE = _cue("origin_before_place")
REFERENCE_POINT = _cue("reference_point")
STRONG_ATTACK = _cue("strong_attack")
STRIKE_ON_MILITIA = _cue("strike_on_militia")
PAST_MARKER = _cue("past_marker")
TIME_WORD = _cue("time_word")
SEQUEL_TIME = _cue("sequel_time")
DEFINITE_STRIKE = _cue("definite_strike")
ANTECEDENT = _pattern("antecedent")
LEADS_IN = _cue("leads_in")
TOLL_ONLY = _cue("toll_only")
ANTECEDENT_OFFSET = _pattern("antecedent_offset")
SPEECH_BEFORE_DATE = _pattern("speech_before_date")
FOREIGN_THEATRE = _cue("foreign_theatre")
IRAN_ALIGNED = _cue("iran_aligned")
ISIS_TARGET = _cue("isis_target")
ISIS_IN_NAME = _cue("isis_in_name")
DEFINITE_EVENT = _cue("definite_event")
ACTIVE_AFTER_US = _pattern("active_after_us")
PROGRESSIVE_HABIT = _cue("progressive_habit")
ANOTHER = _cue("another")
ORDINAL_REFERENCE = _cue("ordinal_reference")
THAT_DAY = _cue("that_day")
SEQUEL = _cue("sequel")
COMMENTARY = _cue("commentary")
OTHER_VICTIM = _cue("other_victim")
US_BYSTANDER = _cue("us_bystander")
OTHER_OWNER = _cue("other_owner")
CIVILIAN_VICTIM = _cue("civilian_victim")
STATE_STRIKER = _cue("state_striker")
SINGLE_CLAIM = _cue("single_claim")
