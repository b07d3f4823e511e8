"""Attribution: who claimed, who blamed, who is suspected, read from cue phrases inside one sentence."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from salvo.extract.actors.lexicon import IRAN_BACKED, UNKNOWN, US, ActorMention, AttributionCue, find_actors

#: Forces on the US side: never the perpetrator of an attack on US/coalition forces.
_PARTNERS = frozenset({
    US, "Iraqi Security Forces", "Counter-Terrorism Service (Iraq)",
    "Kurdistan Region Counter-Terrorism Directorate", "Peshmerga", "Syrian Democratic Forces",
    "Maghawir al-Thawra",
})
_STATES = frozenset({"Iran", US})
#: Actors whose claims in a Salvo article are nearly always about another theatre (Yemen, Lebanon, Turkey).
_ELSEWHERE = frozenset({"Houthis", "Hezbollah", "Turkish Armed Forces", "PKK"})


def _eligible(m: ActorMention, category: str) -> bool:
    """Whether this actor can be the perpetrator of an incident of this category."""
    if m.actor == UNKNOWN:
        return False
    if category == "strike":
        return m.actor == US
    return m.actor not in _PARTNERS


_ABBREV = re.compile(
    r"(?:\b[A-Z]\.(?:[A-Z]\.)*|\b(?:Gen|Lt|Col|Maj|Brig|Capt|Sgt|Adm|Cmdr|Mr|Mrs|Ms|Dr|St|No|Jan|Feb|Mar|Apr"
    r"|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Rep|Sen|Gov|Pres|Sec|vs|U\.S|U\.N)\.)$")
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“'‘(\[]?[A-Z0-9\u0600-\u06FF])|\n+")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; a period after "U.S." or "Gen." does not end a sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group()[0] == "." and _ABBREV.search(text[max(start, m.start() - 12): m.start() + 1]):
            continue
        if m.start() + 1 > start:
            spans.append((start, m.start() + 1))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


_W = r"[\w'’\-]+"
# "X claimed responsibility", "X said it targeted", "X announced that its fighters launched"
_CLAIM_SUBJ = re.compile(
    r"\b(?:claimed|claims|claiming)\b(?!\s+(?:the\s+)?(?:li(?:fe|ves)|\d))"
    r"|\b(?:took|takes|taken|taking|assumed|assumes|accepted|accepts)\s+(?:full\s+)?(?:responsibility|credit)\b",
    re.IGNORECASE)
_CLAIM_SAID = re.compile(
    rf"\b(?:said|says|announced|announces|stated|declared|confirmed)\b(?:\s+(?:on|late|early|in)\s+{_W}(?:\s+{_W})?)?"
    rf"(?:\s*,?\s+in\s+(?:a|an|its)?\s*(?:{_W}\s+){{0,2}}statement(?:\s+{_W}){{0,6}}?,?)?\s+(?:that\s+)?"
    rf"(?:it|they|its\s+(?:{_W}\s+)?(?:fighters|members|drones?|forces|mujahideen|units?|men))\s+"
    rf"(?:had\s+|have\s+|has\s+)?(?:targeted|launched|attacked|fired|struck|hit|carried\s+out|shot|bombed|destroyed"
    rf"|shelled|downed)\b"
    rf"|\b(?:said|says|announced)\s+in\s+(?:a|an|its)?\s*(?:{_W}\s+){{0,2}}statement\b",
    re.IGNORECASE)
# "claimed by X", "a statement ascribed to X"
_CLAIM_OBJ = re.compile(
    r"\bclaim(?:ed|s)?(?:\s+of\s+responsibility)?\s+(?:was\s+)?(?:issued\s+)?by\b"
    r"|\bresponsibility\s+(?:was|has\s+been|had\s+been)\s+claimed\s+by\b"
    r"|\bstatement\s+(?:\w+\s+){0,2}?(?:ascribed|attributed)\s+to\b",
    re.IGNORECASE)
_NONE = re.compile(
    r"\b(?:no\s+(?:one|group|organi[sz]ation|party|faction|militia|side|body)|nobody|no-one|none\s+of\s+the\s+\w+)"
    r"(?:\s+(?:has|had|have|was|were))?(?:\s+(?:yet|so\s+far|immediately|publicly|officially|since|initially))*"
    r"\s+(?:claimed|assumed|taken|took|accepted|announced|admitted)\b(?:\s+(?:\w+\s+){0,2}?(?:responsibility|credit))?"
    r"|\bno\s+(?:immediate\s+|official\s+|public\s+|formal\s+)?claims?\b(?!\s+(?:that|of\s+(?:casualties|damage)))"
    r"|\b(?:has|have|had|was|were|is|are)\s+not\s+(?:yet\s+|immediately\s+|so\s+far\s+)*(?:been\s+)?"
    r"(?:claimed|identified)\b"
    r"|\b(?:did|does|do)\s+not\s+(?:immediately\s+)?claim\b|\bunclaimed\b"
    r"|\bof\s+unknown\s+(?:origin|source)|\bunknown\s+(?:drone|air)\s*strikes?\b"
    r"|\b(?:unidentified|unknown)\s+(?:aircraft|drones?|warplanes?|jets?|planes?)",
    re.IGNORECASE)
# "the Pentagon blamed X", "accused X of", "placed the blame on X", "the potential involvement of X"
_ACCUSE_OBJ = re.compile(
    r"\b(?:blam(?:e|es|ed|ing)|accus(?:e|es|ed|ing)|point(?:s|ed|ing)?\s+the\s+finger\s+at"
    r"|h[oe]ld(?:s|ing)?)\b"
    r"|\b(?:placed|places|put|puts|laid|lays)\s+(?:the\s+)?blame\b|\bpinned\b|\battribut(?:ed|es|ing)\b"
    r"|\b(?:involvement|role|hand|fingerprints)\s+of\b|\bhallmarks?\s+of\b|\bsignature\s+of\b"
    r"|\bsuspected\s+(?=\S)",
    re.IGNORECASE)
# "X were responsible", "X was behind", "X are often blamed"
_ACCUSE_SUBJ = re.compile(
    r"\b(?:was|were|is|are|be|been|being)\s+(?:\w+\s+){0,3}?(?:responsible|behind|to\s+blame|blamed|suspected"
    r"|culprits?)\b",
    re.IGNORECASE)
# "fired by X", "an attack by X", "rockets were fired at the base ... by X", "killed by the United States"
_BY = re.compile(r"\bby\b", re.IGNORECASE)
#: "backed by Iran", "intercepted by US forces", "reported by": a "by" that does not name the attacker.
_BY_NOT_AGENT = re.compile(
    r"(?:backed|supported|funded|armed|trained|linked|controlled|run|led|owned|used|founded|designated"
    r"|sanctioned|ordered|reported|confirmed|announced|cited|quoted|claimed|denied|condemned|shot\s+down"
    r"|intercepted|downed|hosted|housed|occupied|manned|followed)\s+$", re.IGNORECASE)
_ACT = re.compile(
    r"\b(?:carried\s+out|launched|fired|initiated|perpetrated|conducted|staged|orchestrated|mounted|executed"
    r"|committed|attack(?:s|ed)?|strikes?|struck|targeted|killed|hit|assassinat(?:ed|ion)|bombed|shelled"
    r"|raids?|airstrikes?|operations?|stormed|shelling|barrage|bombing)\b",
    re.IGNORECASE)
_NOT_GAP = (r"(?:or|but|that|which|who|whom|after|before|when|as|while|since|to|of|was|were|is|are|be"
            r"|been|being|by|against|said|says|told)")
_ATTACK_VERB = (
    r"(?:(?:has|have|had|then|later|also|again|allegedly|reportedly|subsequently)\s+)*"
    r"(?:launch(?:ed|es|ing)?|fir(?:ed|es|ing)|attack(?:ed|s|ing)|target(?:ed|s|ing)|shell(?:ed|s|ing)"
    r"|str(?:uck|ikes|iking)|hit(?:s|ting)?|storm(?:ed|s|ing)|respond(?:ed|s|ing)|retaliat(?:ed|es|ing)"
    r"|followed\s+up|carr(?:ied|ies|ying)\s+out|conduct(?:ed|s|ing)|bomb(?:ed|s|ing)|kill(?:ed|s|ing)"
    r"|assassinat(?:ed|es|ing)|took\s+(?:\w+\s+){0,3}action|hit\s+back|sent|used|deployed)\b")
# right after an actor: "Iran fired", "Iran-backed militias in Iraq launched", "KH terrorists hitting"
_AGENT_AFTER = re.compile(
    rf"^(?:['’]s?)?[\"”’]?(?:\s+and\s+(?:other|allied|affiliated|associated)\s+[\w\-]+(?:\s+[\w\-]+)?)?"
    rf"(?:\s+(?!{_NOT_GAP}\b)[\w\-]+){{0,4}}?"
    rf"\s*,?\s+{_ATTACK_VERB}"
    rf"|^(?:['’]s?)?(?:\s+[\w\-]+){{0,2}}?\s+(?:missile\s+|rocket\s+|drone\s+|air\s+|artillery\s+|ballistic\s+)*"
    rf"(?:attacks?|strikes?|airstrikes?|assault|barrage|bombing|raid|retaliation|bombardment)\b",
    re.IGNORECASE)
_HEDGE = re.compile(
    r"\b(?:believed|believe|believes|suspected|suspect|suspects|likely|probably|possibly|presumably|allegedly"
    r"|reportedly|thought\s+to|appear(?:s|ed)?\s+to|seem(?:s|ed)?\s+to|hallmarks?|potential(?:ly)?"
    r"|looking\s+into|assess(?:ed|es|ment)|often|usually|typically|generally|widely|frequently|commonly"
    r"|may\s+have|might\s+have|could\s+have|speculat\w*|unconfirmed)\b",
    re.IGNORECASE)
_ANONYMOUS = re.compile(
    r"\b(?:condition\s+of\s+anonymity|anonymously|anonymity|not\s+authori[sz]ed\s+to|declined\s+to\s+be"
    r"\s+(?:named|identified)|unnamed|anonymous)\b",
    re.IGNORECASE)
_GROUP_NOUN = re.compile(
    r"\b(?:group|militia|faction|movement|organi[sz]ation|brigades?|resistance|outfit|it|they)\b"
    r"[\"”’]?\s*,?\s*(?:\w+\s+){0,3}$",
    re.IGNORECASE)
_SPEAKER = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:said|says|announced|stated|confirmed)\b", re.IGNORECASE)

#: Cheap substring gate before the denial regex runs.
_NONE_KEYS = ("no ", "no-", "not ", "unknown", "unidentified", "unclaimed", "nobody", "none")

#: "groups backed by Iran", "militias loyal to Tehran": the patron is not the one who fired.
_PATRON = re.compile(r"(?:(?:backed|supported|funded|armed|sponsored|trained|directed|equipped)\s+by"
                     r"|(?:linked|aligned|allied|loyal|close|tied|affiliated|subordinate)\s+(?:to|with)"
                     r"|prox(?:y|ies)\s+(?:of|for))\s+(?:the\s+)?$", re.IGNORECASE)

_WINDOW = 160

# Cue strength: explicit claim, explicit blame or suspicion, plain agency, denial of any claim.
_R_CLAIM, _R_BLAME, _R_AGENT, _R_NONE = 0, 1, 2, 3


@dataclass(frozen=True)
class _Cue:
    cue: AttributionCue
    rank: int
    named: bool


def _pick(cands: list[ActorMention], nearest_last: bool) -> ActorMention | None:
    """The nearest actor; a generic label gives way to a named group set in apposition to it
    ("Iranian-backed militia, Kata'ib Hezbollah"; "KH, part of an umbrella of Iran-backed militants,")."""
    if not cands:
        return None
    if nearest_last:
        best = cands[-1]
        if best.kind == "generic":
            for m in reversed(cands[:-1]):
                if m.kind != "generic" and best.start - m.end <= 60:
                    return m
        return best
    best = cands[0]
    if best.kind == "generic":
        for m in cands[1:]:
            if m.kind != "generic" and m.start - best.end <= 35:
                return m
    return best


def _level(sentence: str, default: str) -> str:
    """Hedged or anonymous wording turns a blame into a suspicion."""
    if _HEDGE.search(sentence) or _ANONYMOUS.search(sentence):
        return "suspected"
    return default


def _sentence_cues(text: str, s0: int, s1: int, inside: list[ActorMention], category: str,
                   prior: list[ActorMention]) -> list[_Cue]:
    sent = text[s0:s1]
    ok = [m for m in inside
          if _eligible(m, category) and not _PATRON.search(text, max(0, m.start - 40), m.start)]
    out: list[_Cue] = []

    def add(m: re.Match[str], attribution: str, actor: ActorMention | None, rank: int) -> None:
        start, end = s0 + m.start(), s0 + m.end()
        cue = AttributionCue(start, end, text[start:end], attribution, actor.actor if actor else None)
        out.append(_Cue(cue, rank, actor is not None and actor.kind != "generic"))

    def before(pos: int) -> list[ActorMention]:
        lo = max(s0, s0 + pos - _WINDOW, s0 + sent.rfind(";", 0, pos) + 1)
        return [m for m in ok if lo <= m.start and m.end <= s0 + pos]

    def after(pos: int, width: int = 90) -> list[ActorMention]:
        return [m for m in ok if s0 + pos <= m.start < s0 + pos + width]

    low = sent.lower()
    negated: list[tuple[int, int]] = []
    if any(k in low for k in _NONE_KEYS):
        for m in _NONE.finditer(sent):
            add(m, "none", None, _R_NONE)
            negated.append((m.start(), m.end()))

    def in_negation(m: re.Match[str]) -> bool:
        return any(a <= m.start() < b for a, b in negated)

    claims = any(k in low for k in ("claim", "responsib", "credit"))
    for m in _CLAIM_SUBJ.finditer(sent) if claims else ():
        if in_negation(m):
            continue
        subj = _pick(before(m.start()), nearest_last=True)
        if subj is None:
            gap = sent[max(0, m.start() - 80): m.start()]
            if not _GROUP_NOUN.search(gap) or any(
                    x.end <= s0 + m.start() and x.end > s0 + m.start() - 40 for x in inside):
                continue
            subj = _resolve(prior, inside, s0 + m.start(), category)
            if subj is None:
                continue
        add(m, "claimed", subj, _R_CLAIM)
    saying = any(k in low for k in ("said", "says", "announc", "stated", "declared", "confirmed"))
    for m in _CLAIM_SAID.finditer(sent) if saying else ():
        near = [x for x in inside if x.end <= s0 + m.start() and x.end > s0 + m.start() - 60]
        if near and not _eligible(near[-1], category):
            continue
        subj = _pick([x for x in before(m.start()) if x.end > s0 + m.start() - 40], nearest_last=True)
        if subj is None:
            if not _GROUP_NOUN.search(sent[max(0, m.start() - 60): m.start()]):
                continue
            subj = _resolve(prior, inside, s0 + m.start(), category)
            if subj is None:
                continue
        add(m, "claimed", subj, _R_CLAIM)
    for m in _CLAIM_OBJ.finditer(sent) if claims or "statement" in low else ():
        obj = _pick(after(m.end(), 60), nearest_last=False)
        if obj is not None:
            add(m, "claimed", obj, _R_CLAIM)
    if not ok:
        return out
    for m in _ACCUSE_OBJ.finditer(sent):
        if in_negation(m):
            continue
        obj = _pick(after(m.end()), nearest_last=False)
        first = next((x for x in inside if x.start >= s0 + m.end()), None)
        if obj is None or (first is not None and first.start < obj.start and not _eligible(first, category)):
            continue
        hedged = m.group().lower().startswith(("suspect", "hallmark", "signature"))
        add(m, "suspected" if hedged else _level(sent, "accused"), obj, _R_BLAME)
    for m in _ACCUSE_SUBJ.finditer(sent):
        subj = _pick([x for x in before(m.start()) if x.end > s0 + m.start() - 70], nearest_last=True)
        if subj is not None:
            add(m, _level(sent, "accused"), subj, _R_BLAME)
    for m in _BY.finditer(sent):
        if _BY_NOT_AGENT.search(sent, max(0, m.start() - 14), m.start()):
            continue
        obj = _pick(after(m.end(), 25), nearest_last=False)
        acts = list(_ACT.finditer(sent, max(0, m.start() - 150), m.start()))
        act = acts[-1] if acts else None
        if obj is not None and act is not None:
            _add_agent(add, act, obj, sent, category, s0)
    for actor in ok:
        rest = text[actor.end:s1]
        m2 = _AGENT_AFTER.match(rest)
        if m2 is None or _SPEAKER.match(rest):
            continue
        shifted = re.compile(re.escape(text[actor.start:actor.end + m2.end()])).search(sent, actor.start - s0)
        if shifted is not None:
            _add_agent(add, shifted, actor, sent, category, s0)
    return out


def _add_agent(add: Any, m: re.Match[str], actor: ActorMention, sent: str, category: str, s0: int) -> None:
    """Plain agency: a state acting is its own announcement; anyone else stands accused.

    For a US strike only a hedge right before the actor ("a suspected US strike", "believed to be
    American") makes it a suspicion: elsewhere in the sentence it is about the target.
    """
    if category == "strike" and actor.actor == US:
        local = sent[max(0, actor.start - s0 - 40): actor.start - s0]
        if _HEDGE.search(local):
            add(m, "suspected", actor, _R_BLAME)
        else:
            add(m, "claimed", actor, _R_CLAIM)
    elif _HEDGE.search(sent) or _ANONYMOUS.search(sent):
        add(m, "suspected", actor, _R_AGENT)
    elif actor.actor in _STATES:
        add(m, "claimed", actor, _R_AGENT)
    else:
        add(m, "accused", actor, _R_AGENT)


def _resolve(prior: list[ActorMention], inside: list[ActorMention], pos: int,
             category: str) -> ActorMention | None:
    """'The group said ...': the last named perpetrator mentioned before, in this text."""
    for m in reversed([*prior, *[x for x in inside if x.end <= pos]]):
        if _eligible(m, category) and m.kind != "generic":
            return m
    return None


@lru_cache(maxsize=16)
def _cues(text: str, category: str) -> tuple[_Cue, ...]:
    """All cues of a text, cached: an article is read once for all the incidents it reports."""
    if category not in ("attack", "strike"):
        raise ValueError(f"category must be 'attack' or 'strike', not {category!r}")
    mentions = find_actors(text)
    out: list[_Cue] = []
    i = 0
    for s0, s1 in _sentences(text):
        while i < len(mentions) and mentions[i].start < s0:
            i += 1
        j = i
        while j < len(mentions) and mentions[j].end <= s1:
            j += 1
        out.extend(_sentence_cues(text, s0, s1, mentions[i:j], category, mentions[:i]))
    out.sort(key=lambda c: (c.cue.start, c.cue.end))
    return tuple(out)


def find_attribution(text: str, category: str) -> list[AttributionCue]:
    """Attribution cues in ``text`` for an incident of ``category`` ("attack" or "strike")."""
    seen: set[tuple[int, int, str, str | None]] = set()
    out: list[AttributionCue] = []
    for c in _cues(text, category):
        key = (c.cue.start, c.cue.end, c.cue.attribution, c.cue.actor)
        if key not in seen:
            seen.add(key)
            out.append(c.cue)
    return out


def attribute(texts: list[str], category: str) -> tuple[str, str]:
    """(perpetrator, attribution) for one incident from its evidence sentences.

    The strongest cue wins (a claim over a blame over plain agency over "no one claimed"), a named
    group over a generic label; anonymous sourcing anywhere turns an accusation into a suspicion.
    A strike that names the US side and no denial is the US announcing its own strike.
    """
    perpetrator, attribution, _ = attribute_with_cue(texts, category)
    return perpetrator, attribution


def attribute_with_cue(texts: list[str], category: str) -> tuple[str, str, tuple[int, int, int] | None]:
    """Like ``attribute``, with where the deciding cue sits: (index into ``texts``, start, end)."""
    kept = [t for t in texts if t and t.strip()]
    joined = "\n".join(t.strip() for t in kept)
    if not joined:
        return UNKNOWN, "none", None
    cues = _cues(joined, category)
    named = [c for c in cues if c.cue.actor is not None]
    if named:
        best = min(named, key=lambda c: (c.rank, not c.named, c.cue.start))
        attribution = best.cue.attribution
        if attribution == "accused" and best.rank > _R_CLAIM and _ANONYMOUS.search(joined):
            attribution = "suspected"
        return best.cue.actor or UNKNOWN, attribution, _locate(texts, kept, best.cue.start, best.cue.end)
    if category == "strike" and not cues:
        us = next((m for m in find_actors(joined) if m.actor == US), None)
        if us is not None:
            return US, "claimed", _locate(texts, kept, us.start, us.end)
    return UNKNOWN, "none", None


def _locate(texts: list[str], kept: list[str], start: int, end: int) -> tuple[int, int, int] | None:
    """Offsets in the newline-joined stripped texts -> (index into ``texts``, start, end) in that text."""
    offset = 0
    for text in kept:
        body = text.strip()
        if offset <= start <= offset + len(body):
            lead = len(text) - len(text.lstrip())
            return texts.index(text), start - offset + lead, min(end, offset + len(body)) - offset + lead
        offset += len(body) + 1
    return None


def attribute_in_article(texts: list[str], category: str, article_text: str) -> tuple[str, str]:
    """Like ``attribute``, with the article as a fallback for evidence that names no one.

    Claims and blame often sit in a later sentence the evidence does not hold ("Later, a group
    calling itself X claimed the attack"). When the evidence gives nobody (or only the generic
    label) and does not deny a claim, a single named group that the article's explicit claims or
    blames point at is taken; several different groups leave the evidence reading alone.
    """
    def claims() -> list[AttributionCue]:
        return [c.cue for c in _cues(article_text, category) if _explicit(c)]

    perpetrator, attribution, _ = attribute_with_claims(texts, category, claims if article_text else None)
    return perpetrator, attribution


def _explicit(c: _Cue) -> bool:
    return c.rank <= _R_BLAME and c.named and c.cue.actor is not None and c.cue.actor not in _ELSEWHERE


def named_claims(text: str, actors: list[ActorMention], prior: list[ActorMention],
                 category: str) -> list[AttributionCue]:
    """One sentence's explicit claims and blames of a named group (the fallback ``attribute_with_claims`` reads).

    ``actors`` are the sentence's actor mentions, ``prior`` those of the sentences before it
    ("the group said" names the last group named).
    """
    return [c.cue for c in _sentence_cues(text, 0, len(text), actors, category, prior) if _explicit(c)]


def attribute_with_claims(
    texts: list[str], category: str, claims: Callable[[], list[AttributionCue]] | None
) -> tuple[str, str, AttributionCue | tuple[int, int, int] | None]:
    """``attribute_in_article`` over the article's claims, read (``claims()``) only when the evidence needs them.

    Also the deciding cue: the article's claim (an ``AttributionCue``) when the fallback decided, else
    where in ``texts`` the evidence's own cue sits (as ``attribute_with_cue`` gives it).
    """
    perpetrator, attribution, where = attribute_with_cue(texts, category)
    if perpetrator not in (UNKNOWN, IRAN_BACKED) or claims is None:
        return perpetrator, attribution, where
    joined = "\n".join(t.strip() for t in texts if t and t.strip())
    if any(c.cue.attribution == "none" for c in _cues(joined, category)):
        return perpetrator, attribution, where
    found: dict[str, list[AttributionCue]] = {}
    for cue in claims():
        if cue.actor is not None:
            found.setdefault(cue.actor, []).append(cue)
    if len(found) != 1:
        return perpetrator, attribution, where
    (actor, cues), = found.items()
    order = {"claimed": 0, "accused": 1, "suspected": 2}
    best = min(cues, key=lambda c: order.get(c.attribution, 3))
    return actor, best.attribution, best
