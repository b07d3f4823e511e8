"""Killed and injured counts as reporters write them.

Three shapes carry a number: a subject before a casualty verb ("three soldiers were killed",
"2 people sustained minor injuries", "six wounded"), an object after one ("killing four
fighters", "injuring 34 service members and two airmen"), and a count noun ("3 minor
injuries", "the death of a contractor"). Denials give 0 ("no casualties" gives 0 and 0,
"no injuries" only injured 0). Vague amounts ("several", "dozens") and merged counts
("ten were killed or injured", "casualties") stay None. Within a sentence distinct groups
add up; across one incident's sentences the largest report wins (re-reports are not summed).
A death in the attack without a wound ("died of a cardiac episode while sheltering") counts
as killed: gold accepts it, and SCHEMA counts people killed in the incident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from salvo.extract.numbers import NUMBER_PATTERN, parse_number


@dataclass(frozen=True)
class Casualties:
    """People killed and injured, with the spans of ``text`` they were read from."""

    killed: int | None
    injured: int | None
    spans: tuple[tuple[int, int], ...]
    #: (kind, start, end, count) of each phrase that gave or denied a count: which span says "killed"
    parts: tuple[tuple[str, int, int, int], ...] = ()


def _rx(source: str) -> re.Pattern[str]:
    """Compile for lower-cased text: sre is about twice as fast without IGNORECASE."""
    return re.compile(source.lower().replace("(?p<", "(?P<"))


# Sentences without one of these stems state no casualties.
_PREFILTER = re.compile(r"kill|dead|died|death|injur|wound|hurt|casualt|fatal|concuss|tbi|slain|perish|"
                        r"lost\s+(?:their|his|her)\s+li|victim")

_NUM = rf"(?P<num>{NUMBER_PATTERN})(?![\w’'-])"
_QUAL = (r"(?:(?:at\s+least|more\s+than|over|about|approximately|around|nearly|some|up\s+to|roughly|"
         r"as\s+many\s+as|a\s+total\s+of|an\s+estimated|another|a\s+further)\s+)?")
_KILL = r"(?:killed|dead|died|slain|perished|lost\s+their\s+lives|lost\s+his\s+life|lost\s+her\s+life)"
_HURT = (r"(?:injured|wounded|hurt|(?:sustained|suffered|received|treated\s+for|diagnosed\s+with|"
         r"evaluated\s+for)\s+(?:[\w-]+\s+){0,3}?(?:injur(?:y|ies)|wounds|concussions?|TBIs?))")
_ADV = r"(?:(?:also|lightly|slightly|seriously|critically|severely|badly|fatally|mortally|reportedly|"  \
       r"later|all|each|both|allegedly|gravely|minorly)\s+)?"
_AUX = r"(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|being|got)\s+)?"
# Words that cannot sit inside the person phrase between a number and its casualty verb.
_BLOCK = (r"(?:a|an|explosions?|blasts?|killed|killing|dead|died|injured|injuring|wounded|wounding|hurt|"
          r"were|was|are|is|"
          r"been|and|or|but|when|after|as|while|which|that|said|says|say|several|many|some|dozens|"
          r"scores|hundreds|number|rockets?|drones?|missiles?|shells?|rounds?|attacks?|"
          r"strikes?|bombs?|days?|hours?|weeks?|months?|years?|times|minutes|hit|struck|fell|"
          r"landed|fired|launched|targeted|than|them|whom|of(?=\s+(?:them|those|these|whom|which)\b))")
_WORD = rf"(?!{_BLOCK}(?![\w'’.-]))[A-Za-z][\w'’./-]*"
_NP = rf"(?:(?:{_WORD}|\([^()]{{0,40}}\))\s+){{0,6}}?"
_LEFT = r"(?:^|(?<=[\s(“\"'—–,]))"

# "three American soldiers were killed", "six wounded", "9 injured (8 contractors ...)"
_SUBJECT_RE = _rx(
    rf"{_LEFT}(?:{_QUAL}(?P<num0>{NUMBER_PATTERN})\s+(?!of\b){_NP}and\s+)?"
    rf"{_QUAL}{_NUM}\s+(?!of\b){_NP}{_AUX}{_ADV}(?P<verb>{_KILL}|{_HURT})\b"
    rf"(?P<merged>\s+or\s+(?:killed|injured|wounded|hurt|dead))?"
)
# "killing four fighters", "injuring 34 service members and two airmen"
_OBJ_WORD = (rf"(?!(?:in|at|on|near|from|during|with|by|for|of|to|inside|outside|across|after|before)"
             rf"(?![\w'’.-])){_WORD}")
_OBJ_NP = rf"(?:\s+{_OBJ_WORD}){{0,4}}"
_OBJECT_RE = _rx(
    r"\b(?P<verb>kill(?:ed|ing|s)?|wound(?:ed|ing|s)?|injur(?:ed|ing|es|e)|hurt(?:ing)?|"
    r"(?:the\s+)?deaths?\s+of|(?:the\s+)?killing\s+of)\s+"
    rf"{_QUAL}{_NUM}(?!\s+(?:of|number|lot|few|handful|total|series|percent|times)\b)"
    rf"(?P<np>{_OBJ_NP})"
    rf"(?P<more>(?:,?\s+and\s+|,\s+){_QUAL}(?P<num2>{NUMBER_PATTERN})(?![\w’'-])(?!\s+of\b){_OBJ_NP})?"
    r"(?P<merged>\s+or\s+(?:injur|wound|kill)\w*)?"
)
# "3 minor injuries", "two deaths"
_NOUN_RE = _rx(
    rf"{_LEFT}{_QUAL}{_NUM}\s+(?:(?:minor|serious|major|light|non-life-threatening|critical|"
    r"traumatic\s+brain|brain|severe|reported|confirmed)\s+)*(?P<noun>injuries|injury|wounded|deaths|death|"
    r"fatalities|fatality|TBIs?|concussions?)\b"
)
_NONE_MODS = (r"(?:(?:immediate|reported|known|initial|further|serious|human|major|any|other|US|U\.S\.|"
              r"American|coalition|Iraqi|military|civilian|personnel|damage|or|and|material|reports?\s+of|"
              r"word\s+of|signs?\s+of|indications?\s+of)\s+)*")
# "no casualties", "no reports of damage or casualties", "zero casualties", "no injuries"
_ZERO_NOUN_RE = _rx(
    rf"\b(?:no|zero|without(?:\s+causing)?(?:\s+any)?|did\s+not\s+cause\s+any|not\s+cause\s+any)\s+"
    rf"{_NONE_MODS}(?P<noun>casualt(?:y|ies)|injur(?:y|ies)|deaths?|fatalit(?:y|ies)|"
    r"victims|loss(?:es)?\s+of\s+life)"
    r"(?P<and>\s+(?:or|and)\s+(?:casualt|injur|death|fatalit)\w*)?"
)
# "no one was hurt", "no US troops were killed or injured", "nobody was injured"
_ZERO_SUBJ_RE = _rx(
    r"\b(?:no(?:\s+one|body)?|none)\s+(?:(?:[\w.’'-]+\s+){0,3}?)(?:were|was|have\s+been|has\s+been|got)\s+"
    rf"{_ADV}(?P<verb>{_KILL}|{_HURT})\b(?P<other>\s+(?:or|and|nor)\s+(?:{_KILL}|{_HURT}))?"
)
_VAGUE_NUM = re.compile(r"^(?:no)$", re.IGNORECASE)
# "several dozen injuries": a vague amount, whatever number word follows
_VAGUE_BEFORE = re.compile(r"\b(?:several|many|some|few|dozens|scores|hundreds|tens|multiple|numerous)\s+$")
_PERSON = re.compile(
    r"\b(?:contractors?|soldiers?|troops?|service\s*(?:members?|men|man|woman|women)|servicem[ae]n|personnel|"
    r"civilians?|people|person|members?|fighters?|militants?|officers?|airm[ae]n|marines?|sailors?|guards?|"
    r"child(?:ren)?|wom[ae]n|m[ae]n|americans?|iraqis?|citizens?|commanders?|leaders?|employees?|workers?|"
    r"commandos?|policem[ae]n|individuals?|staff)\b"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _speaker_after_comma(match: re.Match[str]) -> bool:
    """"injuring two soldiers, a coalition spokesman said": the second "a" is the source, not a victim."""
    more = match.group("more") or ""
    return more.lstrip().startswith(",") and " and " not in more and match.group("num2").strip() in ("a", "an")


def _vague(text: str, match: re.Match[str]) -> bool:
    """A number word after "several", "dozens" ("several dozen") counts nothing exactly."""
    return not match.group("num").strip()[:1].isdigit() and bool(
        _VAGUE_BEFORE.search(text, 0, match.start("num"))
    )


def _kind(verb: str) -> str:
    v = verb.lower()
    if v.startswith(("kill", "dead", "died", "slain", "perish", "lost", "death", "the death", "the kill")):
        return "killed"
    return "injured"


def _value(raw: str) -> int | None:
    if _VAGUE_NUM.match(raw.strip()) or _YEAR.match(raw.strip()):
        return None
    return parse_number(raw)


@lru_cache(maxsize=4096)
def find_casualties(text: str) -> Casualties:
    """Killed and injured stated in one sentence (or clause) of text; None where not stated."""
    totals: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    parts: list[tuple[str, int, int, int]] = []
    taken: list[tuple[int, int]] = []

    def overlaps(a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in taken)

    def add(kind: str, value: int, span: tuple[int, int]) -> None:
        totals[kind] = totals.get(kind, 0) + value
        spans.append(span)
        parts.append((kind, *span, value))
        taken.append(span)

    zero: set[str] = set()
    low = text.lower()
    text = low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if not _PREFILTER.search(text):
        return Casualties(None, None, ())
    for m in _ZERO_NOUN_RE.finditer(text):
        noun = (m.group("noun") + (m.group("and") or "")).lower()
        if "casualt" in noun or "victim" in noun:
            zero.update(("killed", "injured"))
        if "injur" in noun:
            zero.add("injured")
        if "death" in noun or "fatalit" in noun or "life" in noun:
            zero.add("killed")
        parts.extend((kind, *m.span(), 0) for kind in sorted(zero - {p[0] for p in parts}))
        spans.append(m.span())
        taken.append(m.span())
    for m in _ZERO_SUBJ_RE.finditer(text):
        zero.add(_kind(m.group("verb")))
        if m.group("other"):
            zero.add(_kind(m.group("other").split()[-1]))
        parts.extend((kind, *m.span(), 0) for kind in sorted(zero - {p[0] for p in parts}))
        spans.append(m.span())
        taken.append(m.span())
    for m in _OBJECT_RE.finditer(text):
        if m.group("merged") and m.group("merged").strip().lower().startswith("or"):
            taken.append(m.span())
            continue
        value = _value(m.group("num"))
        if value is None or overlaps(*m.span()):
            continue
        if m.group("num2") and not _speaker_after_comma(m):
            second = _value(m.group("num2"))
            value += second or 0
        add(_kind(m.group("verb")), value, m.span())
    for m in _SUBJECT_RE.finditer(text):
        if overlaps(*m.span()):
            continue
        if m.group("merged"):
            taken.append(m.span())
            continue
        value = _value(m.group("num"))
        if value is None:
            continue
        if _vague(text, m):
            continue
        if m.group("num").strip() in ("a", "an") and not _PERSON.search(m.group(0)):
            continue  # "a hospital blast killed hundreds": the article counts things, not victims
        if m.group("num0"):  # "two American troops and a British soldier were killed"
            value += _value(m.group("num0")) or 0
        add(_kind(m.group("verb")), value, m.span())
    for m in _NOUN_RE.finditer(text):
        if overlaps(*m.span()) or _vague(text, m):
            continue
        value = _value(m.group("num"))
        if value is None:
            continue
        noun = m.group("noun").lower()
        add("killed" if noun.startswith(("death", "fatal")) else "injured", value, m.span())
    for kind in zero:
        totals.setdefault(kind, 0)
    killed, injured = totals.get("killed"), totals.get("injured")
    return Casualties(killed, injured, tuple(sorted(set(spans))), tuple(sorted(set(parts))))


def combine_casualties(texts: list[str]) -> Casualties:
    """One incident's evidence sentences together: the largest figure of each kind.

    Spans are offsets into the sentence they came from (sentences in input order).
    """
    killed: int | None = None
    injured: int | None = None
    spans: list[tuple[int, int]] = []
    for text in dict.fromkeys(texts):
        c = find_casualties(text)
        if c.killed is not None:
            killed = c.killed if killed is None else max(killed, c.killed)
        if c.injured is not None:
            injured = c.injured if injured is None else max(injured, c.injured)
        spans.extend(c.spans)
    return Casualties(killed, injured, tuple(spans))
