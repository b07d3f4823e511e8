"""Attribution: who claimed, who blamed, who is suspected, read from cue phrases inside one sentence
(``sentence_cues`` runs these readers over a text and decides an incident's perpetrator).

The phrases are data (``salvo/data/lang/<code>/attribution.yaml``); the actor names come from the
actor lexicon. This module only decides which actor a cue points at and how strong it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from salvo import lang
from salvo.extract.actors.lexicon import UNKNOWN, US, ActorMention, AttributionCue

#: The cues the core reads; every language's attribution.yaml gives each of them.
CUE_NAMES = frozenset({
    "accuse_object", "accuse_subject", "act", "agent_after", "anonymous", "apposition", "back_reference",
    "blanket_except", "blanket_manner", "blanket_object", "blanket_scope", "blanket_subject", "blanket_times",
    "by", "by_not_agent", "claim_object", "claim_said", "claim_subject", "claim_word", "denial", "group_noun",
    "hedge", "none", "not_agent_after", "other_time", "past_time", "patron", "self_named", "speaker",
    "suspect_object",
})
if CUE_NAMES - set(lang.cues("en", "attribution")):
    raise LookupError(f"attribution cues of 'en' lack {sorted(CUE_NAMES - set(lang.cues('en', 'attribution')))}")


class _Reading:
    """The attribution cues of the language being read (a pack may leave a cue out: it never matches)."""

    def __init__(self) -> None:
        self._tables: dict[str, dict[str, lang.Cue]] = {}

    def table(self) -> dict[str, lang.Cue]:
        """Every cue by name (what a function reading many cues in a row looks up once)."""
        code = lang.current()
        table = self._tables.get(code)
        if table is None:
            table = self._tables[code] = {n: lang.cue_or_never(code, "attribution", n) for n in CUE_NAMES}
        return table

    def __getitem__(self, name: str) -> lang.Cue:
        return self.table()[name]


_C = _Reading()
_STATE_ADJECTIVES = frozenset(w.lower() for w in lang.lexicon("en", "attribution").get("state_adjectives") or [])

#: Forces on the US side: never the perpetrator of an attack on US/coalition forces.
_PARTNERS = frozenset({
    US, "Iraqi Security Forces", "Counter-Terrorism Service (Iraq)",
    "Kurdistan Region Counter-Terrorism Directorate", "Peshmerga", "Syrian Democratic Forces",
    "Maghawir al-Thawra",
})
_STATES = frozenset({"Iran", US})
#: Actors whose claims in a Salvo article are nearly always about another theatre (Yemen, Lebanon, Turkey).
_ELSEWHERE = frozenset({"Houthis", "Hezbollah", "Turkish Armed Forces", "PKK"})
#: Kinds of actor a back-reference ("the resistance") can stand for.
_FRONT_KINDS = frozenset({"coalition_of_groups", "militia", "militia_front"})
#: Labels that exist only as the signature of claims (fronts, umbrella brands): their acts are claims.
_CLAIM_BRANDS = frozenset({"coalition_of_groups", "militia_front"})


def _eligible(m: ActorMention, category: str) -> bool:
    """Whether this actor can be the perpetrator of an incident of this category."""
    if m.actor == UNKNOWN:
        return False
    if category == "strike":
        return m.actor == US
    return m.actor not in _PARTNERS


_WINDOW = 160

# Cue strength: explicit claim, explicit blame or suspicion, plain agency, a claim of another event,
# denial of any claim.
_R_CLAIM, _R_BLAME, _R_AGENT, _R_OTHER, _R_NONE = 0, 1, 2, 3, 4


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


def _hedged(sentence: str) -> bool:
    return _C["hedge"].search(sentence) is not None or _C["anonymous"].search(sentence) is not None


def _level(sentence: str, default: str) -> str:
    """Hedged or anonymous wording turns a blame into a suspicion."""
    return "suspected" if _hedged(sentence) else default


def _blanket(sent: str, start: int, end: int, *objects: int) -> bool:
    """A statement about many attacks or about attacks in general ("has long blamed X for such
    attacks", "claimed most of the attacks", "attacked US forces 150 times"), unless it names this
    one ("among them Monday's"). ``objects``: where the cue's object starts (default: its end)."""
    c = _C.table()
    if c["blanket_except"].search(sent):
        return False
    if _could(c, "blanket_manner", sent) and c["blanket_manner"].search(sent[max(0, start - 25):end]):
        return True
    if _could(c, "blanket_object", sent) and any(c["blanket_object"].pattern.match(sent, pos)
                                              for pos in objects or (end,)):
        return True
    if _could(c, "blanket_times", sent) and c["blanket_times"].pattern.search(sent, end, min(len(sent), end + 60)):
        return True
    if _could(c, "blanket_scope", sent):
        for m in c["blanket_scope"].pattern.finditer(sent, max(0, start - 40), min(len(sent), end + 40)):
            if m.start() <= start and m.end() >= end:
                return True
    return _could(c, "blanket_subject", sent) and c["blanket_subject"].pattern.search(
        sent, max(0, start - 90), start) is not None


def _could(c: dict[str, lang.Cue], name: str, sent: str) -> bool:
    """Whether cue ``name`` may match in the sentence or any part of it (its gate's words are there):
    a part read with the bare pattern is skipped without running it."""
    return not c[name].gated_out(sent)


class _Reader:
    """The cues of one sentence: each cue family is one method."""

    def __init__(self, text: str, s0: int, s1: int, inside: list[ActorMention], category: str,
                 prior: list[ActorMention]) -> None:
        self.text, self.s0, self.s1, self.category, self.prior = text, s0, s1, category, prior
        self.c = _C.table()
        self.sent = text[s0:s1]
        self.inside = _with_appositions(text, s1, inside)
        patron = self.c["patron"].pattern
        self.ok = [m for m in self.inside
                   if _eligible(m, category) and not patron.search(text, max(0, m.start - 40), m.start)]
        self.out: list[_Cue] = []
        self.negated: list[tuple[int, int]] = []

    def add(self, m: re.Match[str], attribution: str, actor: ActorMention | None, rank: int) -> None:
        start, end = self.s0 + m.start(), self.s0 + m.end()
        cue = AttributionCue(start, end, self.text[start:end], attribution, actor.actor if actor else None)
        self.out.append(_Cue(cue, rank, actor is not None and actor.kind != "generic"))

    def before(self, pos: int) -> list[ActorMention]:
        lo = max(self.s0, self.s0 + pos - _WINDOW, self.s0 + self.sent.rfind(";", 0, pos) + 1)
        return [m for m in self.ok if lo <= m.start and m.end <= self.s0 + pos]

    def after(self, pos: int, width: int = 90) -> list[ActorMention]:
        return [m for m in self.ok if self.s0 + pos <= m.start < self.s0 + pos + width]

    def first_after_eligible(self, pos: int, obj: ActorMention) -> bool:
        first = next((x for x in self.inside if x.start >= self.s0 + pos), None)
        return first is None or first.start >= obj.start or _eligible(first, self.category)

    def in_negation(self, m: re.Match[str]) -> bool:
        return any(a <= m.start() < b for a, b in self.negated)

    def disowned(self, m: re.Match[str]) -> bool:
        """A claim phrase inside a denial: "denied claims that it attacked", "a statement ... rejected any role"."""
        if not _could(self.c, "denial", self.sent):
            return False
        return self.c["denial"].search(self.sent[max(0, m.start() - 60): m.end() + 60]) is not None

    def claim_rank(self, m: re.Match[str]) -> int:
        """A claim of an event with its own date ("claimed a bombing ... in March") is about another one."""
        return _R_OTHER if self.c["other_time"].pattern.match(self.sent, m.end()) else _R_CLAIM

    def denials(self) -> None:
        for m in self.c["none"].finditer(self.sent):
            self.add(m, "none", None, _R_NONE)
            self.negated.append((m.start(), m.end()))

    def claims_by_subject(self) -> None:
        for m in self.c["claim_subject"].finditer(self.sent):
            if self.in_negation(m) or self.disowned(m) or _blanket(self.sent, m.start(), m.end()):
                continue
            subj = _pick(self.before(m.start()), nearest_last=True)
            if subj is None:
                gap = self.sent[max(0, m.start() - 80): m.start()]
                if not _could(self.c, "group_noun", self.sent) or not self.c["group_noun"].search(gap) or any(
                        x.end <= self.s0 + m.start() and x.end > self.s0 + m.start() - 40 for x in self.inside):
                    continue
                subj = _resolve(self.prior, self.inside, self.s0 + m.start(), self.category)
                if subj is None:
                    continue
            self.add(m, "claimed", subj, self.claim_rank(m))

    def claims_said(self) -> None:
        s0 = self.s0
        for m in self.c["claim_said"].finditer(self.sent):
            if self.disowned(m) or _blanket(self.sent, m.start(), m.end()):
                continue
            near = [x for x in self.inside if x.end <= s0 + m.start() and x.end > s0 + m.start() - 60]
            if near and not _eligible(near[-1], self.category):
                continue
            subj = _pick([x for x in self.before(m.start()) if x.end > s0 + m.start() - 40], nearest_last=True)
            if subj is None:
                if not _could(self.c, "group_noun", self.sent) or not self.c["group_noun"].search(
                        self.sent[max(0, m.start() - 60): m.start()]):
                    continue
                subj = _resolve(self.prior, self.inside, s0 + m.start(), self.category)
                if subj is None:
                    continue
            self.add(m, "claimed", subj, self.claim_rank(m))

    def claims_by_object(self) -> None:
        for m in self.c["claim_object"].finditer(self.sent):
            obj = _pick(self.after(m.end(), 60), nearest_last=False)
            if obj is None or not self.first_after_eligible(m.end(), obj) or self.disowned(m):
                continue
            if _blanket(self.sent, m.start(), m.end(), obj.end - self.s0):
                continue
            self.add(m, "claimed", obj, self.claim_rank(m))

    def blames(self) -> None:
        for name, hedged in (("accuse_object", False), ("suspect_object", True)):
            for m in self.c[name].finditer(self.sent):
                if self.in_negation(m):
                    continue
                obj = _pick(self.after(m.end()), nearest_last=False)
                if obj is None or not self.first_after_eligible(m.end(), obj):
                    continue
                if _blanket(self.sent, m.start(), m.end(), obj.end - self.s0):
                    continue
                self.add(m, "suspected" if hedged else _level(self.sent, "accused"), obj, _R_BLAME)
        for m in self.c["accuse_subject"].finditer(self.sent):
            subj = _pick([x for x in self.before(m.start()) if x.end > self.s0 + m.start() - 70], nearest_last=True)
            if subj is not None and not _blanket(self.sent, m.start(), m.end()):
                self.add(m, _level(self.sent, "accused"), subj, _R_BLAME)

    def agents(self) -> None:
        sent, s0 = self.sent, self.s0
        for m in self.c["by"].finditer(sent):
            if self.c["by_not_agent"].pattern.search(sent, max(0, m.start() - 14), m.start()):
                continue
            obj = _pick(self.after(m.end(), 25), nearest_last=False)
            acts = list(self.c["act"].pattern.finditer(sent, max(0, m.start() - 150), m.start()))
            if obj is not None and acts and not _blanket(sent, acts[-1].start(), acts[-1].end()):
                _add_agent(self, acts[-1], obj)
        if not _could(self.c, "agent_after", sent):
            return
        for actor in self.ok:
            rest = self.text[actor.end:self.s1]
            m2 = self.c["agent_after"].pattern.match(rest)
            if m2 is None or self.c["speaker"].pattern.match(rest) or self.c["not_agent_after"].pattern.match(rest):
                continue
            a0 = actor.start - s0
            a1 = a0 + actor.end - actor.start
            if _blanket(sent, a0, a1 + m2.end(), a1, a1 + m2.end()):
                continue
            shifted = re.compile(re.escape(self.text[actor.start:actor.end + m2.end()])).search(sent, actor.start - s0)
            if shifted is not None:
                _add_agent(self, shifted, actor)


def _with_appositions(text: str, s1: int, inside: list[ActorMention]) -> list[ActorMention]:
    """Actors with the apposition that describes them folded in ("X, an alliance funded by Y, claimed"):
    the head ends where the apposition ends, and the actors inside the apposition are dropped."""
    out: list[ActorMention] = []
    skip_until = -1
    for m in inside:
        if m.start < skip_until:
            continue
        appos = _C["apposition"].pattern.match(text, m.end, s1)  # as on text[:s1]
        if appos is not None and m.kind != "generic":
            skip_until = appos.end()
            out.append(replace(m, end=appos.end() - 1))
        else:
            out.append(m)
    return out


def _add_agent(reader: _Reader, m: re.Match[str], actor: ActorMention) -> None:
    """Plain agency: a state acting, or a front or umbrella brand (which exists to sign claims), is its
    own announcement; anyone else stands accused.

    For a US strike only a hedge right before the actor ("a suspected US strike", "believed to be
    American") makes it a suspicion: elsewhere in the sentence it is about the target. A state named
    by its adjective ("an Iranian missile strike") is the narrator's accusation, not the state's claim.
    """
    sent, s0 = reader.sent, reader.s0
    if reader.category == "strike" and actor.actor == US:
        local = sent[max(0, actor.start - s0 - 40): actor.start - s0]
        if _could(reader.c, "hedge", sent) and reader.c["hedge"].search(local):
            reader.add(m, "suspected", actor, _R_BLAME)
        else:
            reader.add(m, "claimed", actor, _R_CLAIM)
    elif _hedged(sent):
        reader.add(m, "suspected", actor, _R_AGENT)
    elif actor.actor in _STATES and actor.text.lower() not in _STATE_ADJECTIVES or actor.kind in _CLAIM_BRANDS:
        reader.add(m, "claimed", actor, _R_AGENT)
    else:
        reader.add(m, "accused", actor, _R_AGENT)


def _resolve(prior: list[ActorMention], inside: list[ActorMention], pos: int,
             category: str) -> ActorMention | None:
    """'The group said ...': the last named perpetrator mentioned before, in this text."""
    for m in reversed([*prior, *[x for x in inside if x.end <= pos]]):
        if _eligible(m, category) and m.kind != "generic":
            return m
    return None
