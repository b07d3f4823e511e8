"""Killed and injured counts as reporters write them.

Three shapes carry a number: a subject before a casualty verb ("three soldiers were killed",
"2 people sustained minor injuries", "six wounded"), an object after one ("killing four
fighters", "injuring 34 service members and two airmen"), and a count noun ("3 minor
injuries", "the death of a contractor"). Denials give 0 ("no casualties" gives 0 and 0,
"no injuries" too: nobody hurt is nobody killed). Vague amounts ("several", "dozens") and merged
counts ("ten were killed or injured", "casualties") stay None. Within a sentence distinct groups
add up; across one incident's sentences the largest report wins (re-reports are not summed).
A death in the attack without a wound ("died of a cardiac episode while sheltering") counts
as killed: gold accepts it, and SCHEMA counts people killed in the incident; one the text says
did not happen during the attack does not.

Each figure keeps whose side its victims are on, so an attack does not take the militants' dead
(the toll of the strike that answered it) and a strike does not take US troops' wounds.
The phrases live in the language pack's ``casualties.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from salvo import lang
from salvo.extract import cues as scope
from salvo.extract.numbers import parse_number, words

_NEVER = re.compile(r"(?!x)x")


@dataclass(frozen=True)
class Casualties:
    """People killed and injured, with the spans of ``text`` they were read from.

    ``figures`` holds each figure read: (kind, value, side), side "hostile", "friendly" or None.
    ``extra`` holds the figures that add to those of other sentences ("another soldier was killed"),
    ``vague`` the least number a vague toll of a kind stands for ("several were wounded": 3).
    """

    killed: int | None
    injured: int | None
    spans: tuple[tuple[int, int], ...]
    figures: tuple[tuple[str, int, str | None], ...] = ()
    extra: tuple[tuple[str, int], ...] = ()
    vague: tuple[tuple[str, int], ...] = ()
    #: (kind, start, end, count) of each phrase that gave or denied a count: which span says "killed"
    parts: tuple[tuple[str, int, int, int], ...] = ()


@dataclass(frozen=True)
class _Pack:
    cues: dict[str, re.Pattern[str]]
    killed_stems: tuple[str, ...]
    both_stems: tuple[str, ...]
    injured_stems: tuple[str, ...]
    keys: tuple[str, ...]  # every casualty phrase holds one of these stems
    ordinals: dict[str, int]
    vague_floors: dict[str, int]
    one_more: frozenset[str]
    participle: str


@cache
def _pack(code: str) -> _Pack:
    """The casualty cues of language ``code``, compiled once for lower-cased text."""
    data = lang.lexicon(code, "casualties")
    fragments = {str(k): str(v) for k, v in data["fragments"].items()}
    ordinals = words(code).ordinals
    fragments.update(number=words(code).pattern.lower(), qualifier=f"(?:{words(code).qualifier})".lower(),
                     measure=words(code).measure,
                     ordinal="|".join(sorted(ordinals, key=len, reverse=True)))
    specs = {**data["cues"], **data["numbered"]}
    compiled = {name: re.compile(lang.compile_pattern(str(spec), fragments).pattern) for name, spec in specs.items()}
    killed = tuple(str(s) for s in data["killed_stems"])
    both = tuple(str(s) for s in data["both_stems"])
    injured = tuple(str(s) for s in data.get("injured_stems") or ("injur",))
    keys = tuple(str(s) for s in data.get("keys") or ("injur", "wound", "hurt", "concuss", "tbi"))
    floors = {re.sub(r"\s+", " ", str(k)): int(v) for k, v in (data.get("vague_floors") or {}).items()}
    return _Pack(compiled, killed, both, injured, (*killed, *both, *keys),
                 ordinals, floors, frozenset(str(w) for w in data.get("one_more") or ()),
                 str(data.get("participle_ending") or "\0"))


def _cue(name: str) -> re.Pattern[str]:
    return _pack(lang.current()).cues.get(name, _NEVER)


_YEAR = re.compile(r"^(?:19|20)\d\d$")
#: The side of a zero read from "no injuries": nobody killed either, unless the incident had wounded.
IMPLIED = "implied"


def _speaker_after_comma(match: re.Match[str]) -> bool:
    """"injuring two soldiers, a coalition spokesman said": the second "a" is the source, not a victim."""
    more = match.group("more") or ""
    return (more.lstrip().startswith(",") and " and " not in more
            and match.group("num2").strip() in words(lang.current()).articles)


def _vague(text: str, match: re.Match[str]) -> bool:
    """A number word after "several", "dozens" ("several dozen") counts nothing exactly."""
    return not match.group("num").strip()[:1].isdigit() and bool(
        _cue("vague_before").search(text, 0, match.start("num"))
    )


def _kind(verb: str) -> str:
    return "killed" if verb.lower().strip().startswith(_pack(lang.current()).killed_stems) else "injured"


def _value(raw: str) -> int | None:
    raw = raw.strip()
    if _YEAR.match(raw):
        return None
    if raw in _pack(lang.current()).one_more:
        return 1
    value = parse_number(raw, lang.current())
    return None if value == 0 and not raw[:1].isdigit() else value  # "no" is a denial, read apart


def _side(text: str) -> str | None:
    if _cue("hostile_victims").search(text):
        return "hostile"
    if _cue("friendly_victims").search(text):
        return "friendly"
    return None


_STRETCH_END = re.compile(r"[.;:!?,—–]|\s-\s")
_LEADING_PLACE = re.compile(r"(?:^|[.;:!?]\s*)(?:in|across|inside)\s+[^,.;:!?]{0,40},\s*$")


def _elsewhere(text: str, span: tuple[int, int]) -> bool:
    """"More than 40,000 people have been killed in Gaza": a toll told in another theatre's words.

    Only the figure's own phrase is read: what follows it up to the next comma or stop, and a
    leading "In Gaza," before it. "An attack amid the war in Gaza killed three soldiers" keeps
    its three.
    """
    after = text[span[1]:span[1] + 60]
    stop = _STRETCH_END.search(after)
    after = after[: stop.start()] if stop else after
    lead = _LEADING_PLACE.search(text, max(0, span[0] - 60), span[0])
    stretch = text[max(0, span[0] - 80):span[0]]
    stops = list(_STRETCH_END.finditer(stretch))
    stretch = stretch[stops[-1].end():] if stops else stretch
    agent = stretch if _cue("war_subject").search(stretch) else ""  # "the war in Gaza has killed"
    pieces = (after, text[span[0]:span[1]], lead.group(0) if lead else "", agent)
    return any(scope.FOREIGN_THEATRE.search(piece) for piece in pieces)


class _Reading:
    """The figures of one sentence as they are found, with the spans already taken."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.figures: list[tuple[str, int, str | None]] = []
        self.spans: list[tuple[int, int]] = []
        self.taken: list[tuple[int, int]] = []
        self.zero: set[str] = set()
        self.extra: list[tuple[str, int]] = []
        self.floors: dict[str, int] = {}  # "a second militant was killed": at least two
        self.vague: dict[str, int] = {}
        self.hurt_denied = False  # "no injuries": nobody killed either, unless someone was hurt
        self.parts: list[tuple[str, int, int, int]] = []  # (kind, start, end, count): provenance

    def overlaps(self, a: int, b: int) -> bool:
        return any(a < e and s < b for s, e in self.taken)

    def take(self, span: tuple[int, int], keep: bool = True) -> None:
        self.taken.append(span)
        if keep:
            self.spans.append(span)

    def add(self, kind: str, value: int, span: tuple[int, int]) -> None:
        self.take(span)
        if not _elsewhere(self.text, span):
            self.figures.append((kind, value, _side(self.text[span[0]:span[1]])))
            self.parts.append((kind, *span, value))

    def deny(self, kinds: set[str], span: tuple[int, int]) -> None:
        """A phrase that says nobody was killed or hurt: the kinds it zeroes, with its span."""
        self.parts.extend((kind, *span, 0) for kind in sorted(kinds - self.zero))
        self.zero.update(kinds)
        self.take(span)


def _denials(r: _Reading) -> None:
    pack = _pack(lang.current())
    for m in _cue("zero_noun").finditer(r.text):
        noun = m.group("noun") + (m.group("and") or "")
        denied: set[str] = set()
        if any(stem in noun for stem in pack.both_stems):
            denied.update(("killed", "injured"))
        if any(stem in noun for stem in pack.injured_stems):
            denied.add("injured")
            r.hurt_denied = True
        if any(stem in noun for stem in pack.killed_stems):
            denied.add("killed")
        r.deny(denied, m.span())
    for m in _cue("zero_subject").finditer(r.text):
        kinds = {_kind(m.group("verb"))}
        if m.group("other"):
            kinds.add(_kind(m.group("other").split()[-1]))
        r.hurt_denied |= "injured" in kinds
        r.deny(kinds, m.span())


def _objects(r: _Reading) -> None:
    for m in _cue("object").finditer(r.text):
        if m.group("merged"):
            r.take(m.span(), keep=False)
            continue
        value = _value(m.group("num"))
        if value is None or r.overlaps(*m.span()):
            continue
        if m.group("num2") and not _speaker_after_comma(m):
            value += _value(m.group("num2")) or 0
        participle = _pack(lang.current()).participle
        if m.group("verb").endswith(participle) and _cue("earlier_event").search(r.text, 0, m.start()):
            r.take(m.span(), keep=False)  # "weeks after an attack on two bases, injuring 34"
            continue
        r.add(_kind(m.group("verb")), value, m.span())


def _subjects(r: _Reading) -> None:
    for m in _cue("subject").finditer(r.text):
        if r.overlaps(*m.span()):
            continue
        if m.group("merged"):
            r.take(m.span(), keep=False)
            continue
        value = _value(m.group("num"))
        if value is None or _vague(r.text, m):
            continue
        if m.group("num").strip() in words(lang.current()).articles and not _cue("person").search(m.group(0)):
            continue  # "a hospital blast killed hundreds": the article counts things, not victims
        if m.group("num0"):  # "two American troops and a British soldier were killed"
            value += _value(m.group("num0")) or 0
        along = _cue("along").search(r.text[m.end():])  # "..., along with five servicemen"
        if along:
            value += _value(along.group("num")) or 0
        kind = _kind(m.group("verb"))
        if m.group("num").strip() in _pack(lang.current()).one_more and not m.group("num0") and not along:
            r.extra.append((kind, value))  # "another soldier was killed": one more than told elsewhere
            r.take(m.span())
            continue
        r.add(kind, value, m.span())


def _singles(r: _Reading) -> None:
    """One named victim ("killed the leader of the group"), and ordinals ("a second militant")."""
    for m in _cue("object_one").finditer(r.text):
        if not r.overlaps(*m.span()):
            r.add("killed", 1 + (_value(m.group("num2") or "") or 0), m.span())
    for m in _cue("ordinal_subject").finditer(r.text):
        kind = _kind(m.group("verb"))
        r.floors[kind] = max(r.floors.get(kind, 0), _pack(lang.current()).ordinals[m.group("ord")])
        r.take(m.span())


def _vagueness(r: _Reading) -> None:
    floors = _pack(lang.current()).vague_floors
    for name in ("vague_subject", "vague_object"):
        for m in _cue(name).finditer(r.text):
            kind = _kind(m.group("verb"))
            floor = floors.get(re.sub(r"\s+", " ", m.group("vague")), 2)
            r.vague[kind] = max(r.vague.get(kind, 0), floor)


def _nouns(r: _Reading) -> None:
    for m in _cue("toll").finditer(r.text):
        value = _value(m.group("num"))
        if value is not None and not r.overlaps(*m.span()):
            r.add("killed", value, m.span())
    for m in _cue("noun").finditer(r.text):
        if r.overlaps(*m.span()) or _vague(r.text, m):
            continue
        value = _value(m.group("num"))
        if value is not None:
            r.add(_kind(m.group("noun")), value, m.span())


def find_casualties(text: str, code: str | None = None) -> Casualties:
    """Killed and injured stated in one sentence (or clause) of text, read in language ``code``
    (default: the language being read); None where not stated."""
    return _casualties_in(text, code or lang.current())


@lru_cache(maxsize=4096)
def _casualties_in(text: str, code: str) -> Casualties:
    with lang.reading(code):
        return _read_casualties(text)


def _read_casualties(text: str) -> Casualties:
    low = text.lower()
    low = low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if not any(key in low for key in _pack(lang.current()).keys):
        return Casualties(None, None, ())
    r = _Reading(low)
    _denials(r)
    _objects(r)
    _subjects(r)
    _singles(r)
    _nouns(r)
    _vagueness(r)
    if _cue("unrelated").search(low):  # "..., but it did not occur during the attack"
        r.figures = [f for f in r.figures if f[0] != "killed"]
    totals: dict[str, int] = {}
    for kind, value, _ in r.figures:
        totals[kind] = totals.get(kind, 0) + value
    for kind, floor in r.floors.items():
        if totals.get(kind, 0) < floor:
            r.figures.append((kind, floor - totals.get(kind, 0), None))
            totals[kind] = floor
    for kind, value in r.extra:
        totals[kind] = totals.get(kind, 0) + value
    zeros: list[tuple[str, int, str | None]] = [(kind, 0, None) for kind in sorted(r.zero)]
    if r.hurt_denied and not totals.get("injured") and "killed" not in r.zero and "killed" not in totals:
        zeros.append(("killed", 0, IMPLIED))
    for kind, _zero, _how in zeros:
        totals.setdefault(kind, 0)
    return Casualties(totals.get("killed"), totals.get("injured"), tuple(sorted(set(r.spans))),
                      tuple(r.figures) + tuple(zeros), tuple(r.extra), tuple(r.vague.items()),
                      tuple(sorted(set(r.parts))))


#: Victims who cannot be this category's toll: an attack's dead attackers, a strike's wounded troops.
_OTHER_SIDE = {"attack": "hostile", "strike": "friendly"}


def _own_totals(c: Casualties, category: str | None) -> dict[str, int]:
    """The sentence's figures without the victims that belong to the other side's incident."""
    other = _OTHER_SIDE.get(category or "")
    totals: dict[str, int] = {}
    for kind, value, side in c.figures:
        if side != IMPLIED and (other is None or side != other):
            totals[kind] = totals.get(kind, 0) + value
    return totals


def combine_casualties(texts: list[str], category: str | None = None) -> Casualties:
    """One incident's evidence sentences together: the largest figure of each kind.

    With a ``category``, victims on the other side are left out (see :data:`_OTHER_SIDE`).
    "Another soldier was killed" adds one to the others; an exact figure below a vague toll
    of the same kind ("several were wounded") is only part of it, so the kind stays None.
    Spans are offsets into the sentence they came from (sentences in input order).
    """
    found: dict[str, int] = {}
    extras: dict[str, int] = {}
    vague: dict[str, int] = {}
    implied = False
    spans: list[tuple[int, int]] = []
    for text in dict.fromkeys(texts):
        c = find_casualties(text)
        for kind, value in _own_totals(c, category).items():
            found[kind] = max(found.get(kind, 0), value)
        for kind, value in c.extra:
            extras[kind] = extras.get(kind, 0) + value
        for kind, floor in c.vague:
            vague[kind] = max(vague.get(kind, 0), floor)
        implied |= ("killed", 0, IMPLIED) in c.figures
        spans.extend(c.spans)
    for kind, value in extras.items():
        found[kind] = found.get(kind, 0) + value
    for kind, floor in vague.items():
        if kind in found and found[kind] < floor:
            del found[kind]
    if implied and "killed" not in found and not found.get("injured"):
        found["killed"] = 0
    return Casualties(found.get("killed"), found.get("injured"), tuple(spans))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def covering_zeros(article_text: str) -> tuple[int | None, int | None]:
    """Zeros that a denial gives every attack of the article ("no casualties in the three attacks")."""
    killed: int | None = None
    injured: int | None = None
    for sentence in _SENTENCE_END.split(article_text):
        c = find_casualties(sentence)
        if (c.killed, c.injured) == (None, None) or (c.killed or c.injured):
            continue
        low = sentence.lower()
        if any(_cue("covering_scope").match(low, end) for _start, end in c.spans):
            killed = 0 if c.killed == 0 else killed
            injured = 0 if c.injured == 0 else injured
    return killed, injured
