"""Attribution read in the article: the evidence's cues in context, and claims the evidence lacks.

An article often names the claimant outside the sentences that tell the attack ("Later, a group
calling itself X claimed the attack"), or refers back to it ("the resistance", "the group said").
It also reports other incidents, whose claims must stay with them: a claim sentence that names
another country, other sites, other weapons, or an earlier time ("at the time", "last spring")
is about another incident than the evidence.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from functools import cache, cached_property, lru_cache

from salvo.extract.actors.attribution import _C, _ELSEWHERE, _R_AGENT, _R_BLAME, _Cue
from salvo.extract.actors.lexicon import IRAN_BACKED, UNKNOWN, ActorMention, ActorScan, find_actors, scan_actors
from salvo.extract.actors.sentence_cues import SentenceCues, _cues, _decide, _joined, _sentences, attribute
from salvo.extract.places import Gazetteer
from salvo.extract.weapons import find_weapons
from salvo.sentences import line_spans, split_span

#: What a text says of an incident's whereabouts and means: sites and towns, countries, weapons.
_About = tuple[set[str], set[str], set[str]]
#: The evidence's, read when first needed.
_Evidence = Callable[[], _About]
#: A line's span -> the spans of its sentences.
KnownSentences = dict[tuple[int, int], list[tuple[int, int]]]


class ArticleContext:
    """The article an incident's evidence is read in, each part read once for all its incidents: the
    actor scan (whose mentions the actor stage takes sentence by sentence), the sentences as attribution
    cuts them (line by line, clutter included), the attribution cues of each category, and what each
    claim sentence says of its incident's whereabouts."""

    def __init__(self, text: str, known: Callable[[], KnownSentences] | None = None) -> None:
        self.text = text
        self._known = known
        self._cues: dict[str, SentenceCues] = {}
        self._about: dict[str, _About] = {}

    @cached_property
    def scan(self) -> ActorScan:
        return scan_actors(self.text)

    @cached_property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        """The text's sentences line by line, clutter included; those of a line the sentence stage
        already cut (``known``: a line's span -> its sentences) are taken from there."""
        if self._known is None:
            return _sentences(self.text)
        known = self._known()
        out: list[tuple[int, int]] = []
        for span in line_spans(self.text):
            cut = known.get((span.start, span.end))
            out.extend(cut if cut is not None else ((s.start, s.end) for s in split_span(self.text, span)))
        return tuple(out)

    @cached_property
    def _ends(self) -> list[int]:
        return [b for _, b in self.sentences]

    def actors_in(self, start: int, end: int, piece: str) -> list[ActorMention]:
        """The actor mentions of ``text[start:end]`` (offsets into ``piece``, that slice), from the scan."""
        found = self.scan.within(self.text, start, end) if self.text[start:end] == piece else None
        return found if found is not None else find_actors(piece)

    def cues(self, category: str) -> SentenceCues:
        """The attribution cues of the article's sentences, each read once per category."""
        found = self._cues.get(category)
        if found is None:
            found = self._cues[category] = SentenceCues(self.text, category, self.scan.mentions, self.sentences)
        return found

    def read(self, category: str) -> SentenceCues | None:
        """The cues of ``category`` if something asked for them (None: never read)."""
        return self._cues.get(category)

    def sentences_over(self, a: int, b: int) -> range:
        """The indices of the sentences that overlap ``text[a:b]``."""
        first = k = bisect.bisect_right(self._ends, a)
        while k < len(self.sentences) and self.sentences[k][0] < b:
            k += 1
        return range(first, k)

    def sentence_at(self, pos: int) -> str:
        """The sentence holding ``pos`` ("" between sentences)."""
        k = bisect.bisect_right(self._ends, pos)
        if k < len(self.sentences) and self.sentences[k][0] <= pos:
            return self.text[self.sentences[k][0]:self.sentences[k][1]]
        return ""

    def about(self, sentence: str) -> _About:
        found = self._about.get(sentence)
        if found is None:
            found = self._about[sentence] = _about(sentence)
        return found


@lru_cache(maxsize=16)
def context_of(text: str) -> ArticleContext:
    """The context of an article given as text (the pipeline keeps one per document instead)."""
    return ArticleContext(text)


def _evidence_cues(texts: list[str], category: str, context: ArticleContext) -> list[_Cue]:
    """The cues of the evidence sentences read in their article, so that "the group said" and "the
    resistance" find the group named earlier; evidence not found in the article is read alone."""
    spans: list[tuple[int, int]] = []
    alone: list[str] = []
    for t in texts:
        t = (t or "").strip()
        at = context.text.find(t) if t else -1
        if at >= 0:
            spans.append((at, at + len(t)))
        elif t:
            alone.append(t)
    reading = context.cues(category)  # only the sentences the evidence spans are read in full
    near = sorted({k for a, b in spans for k in context.sentences_over(a, b)})
    cues = [c for k in near for c in reading.of_sentence(k) if any(a <= c.cue.start < b for a, b in spans)]
    if alone:
        cues.extend(_cues(_joined(alone), category))
    return cues


def _about(text: str) -> _About:
    found = Gazetteer.default().find(text)
    return ({m.place.name for m in found if m.place.precision in ("site", "city")},
            {m.place.country for m in found},
            {m.weapon for m in find_weapons(text) if m.role != "strike"})


def _elsewhere(sentence: str, evidence: _About, context: ArticleContext | None = None) -> bool:
    """Whether a sentence is about another incident than the evidence: one of the past, in another
    country, at other sites or towns, or with other weapons, where both name some."""
    from salvo.extract.incidents import weapons_compatible  # incidents imports this package

    if _C["past_time"].search(sentence):
        return True
    sites, countries, weapons = context.about(sentence) if context is not None else _about(sentence)
    ev_sites, ev_countries, ev_weapons = evidence
    if countries and ev_countries and not countries & ev_countries:
        return True
    if sites and ev_sites and not sites & ev_sites:
        return True
    return not weapons_compatible(weapons, ev_weapons)


def _article_claims(category: str, context: ArticleContext, evidence: _Evidence | None) -> dict[str, list[_Cue]]:
    """Named actors the article's explicit claims and blames point at; with ``evidence``, only in
    sentences that may be about this incident."""
    found: dict[str, list[_Cue]] = {}
    for c in context.cues(category).claims():
        if c.rank > _R_BLAME or not c.named or c.cue.actor is None or c.cue.actor in _ELSEWHERE:
            continue
        if evidence is None or not _elsewhere(context.sentence_at(c.cue.start), evidence(), context):
            found.setdefault(c.cue.actor, []).append(c)
    return found


def _lead_in(texts: list[str], category: str, context: ArticleContext, evidence: _Evidence) -> tuple[str, str] | None:
    """The sentence just before the evidence, in its paragraph, when it blames someone for the
    attacks it goes on to tell ("Officials blame militia X for this week's attacks. On Monday ...")."""
    article_text = context.text
    first = next((t.strip() for t in texts if t and t.strip() and t.strip() in article_text), None)
    if first is None:
        return None
    at = article_text.find(first)
    spans = [sp for sp in context.sentences if sp[1] <= at + 1]
    if not spans or "\n\n" in article_text[spans[-1][1]:at]:
        return None
    s0, s1 = spans[-1]
    lead = [c for c in context.cues(category).of_sentence(len(spans) - 1)
            if c.rank <= _R_AGENT and c.cue.actor is not None]
    if not lead or _elsewhere(article_text[s0:s1], evidence(), context):
        return None
    best = min(lead, key=lambda c: (c.rank, not c.named))
    return best.cue.actor or UNKNOWN, best.cue.attribution


def attribute_in_article(texts: list[str], category: str, article: str | ArticleContext) -> tuple[str, str]:
    """Like ``attribute``, with the article (its text, or its context) as context and as a fallback for
    evidence that names no one.

    When the evidence gives nobody (or only the generic label) and does not deny a claim, a single
    named group that the article's explicit claims or blames point at is taken (several different
    groups leave the evidence reading alone), else the sentence that leads into the evidence. A group
    the evidence shows acting ("the resistance targeted") that claims it in the article has claimed it.
    """
    joined = _joined(texts)
    context = context_of(article) if isinstance(article, str) else article
    if not context.text or not joined:
        return attribute(texts, category)
    cues = _evidence_cues(texts, category, context)
    perpetrator, attribution, best = _decide(cues, joined, category)
    if perpetrator not in (UNKNOWN, IRAN_BACKED):
        # a group shown acting that claims its attacks in the article (whichever) has claimed this one
        if best is not None and best.rank == _R_AGENT and any(
                c.cue.attribution == "claimed" for c in _article_claims(category, context, None).get(perpetrator, [])):
            return perpetrator, "claimed"
        return perpetrator, attribution
    if any(c.cue.attribution == "none" for c in cues):
        return perpetrator, attribution
    evidence = cache(lambda: _about(joined))  # read only when a claim elsewhere in the article needs it
    found = _article_claims(category, context, evidence)
    if not found and perpetrator == UNKNOWN:
        return _lead_in(texts, category, context, evidence) or (perpetrator, attribution)
    if len(found) != 1:
        return perpetrator, attribution
    (actor, claims), = found.items()
    order = {"claimed": 0, "accused": 1, "suspected": 2}
    return actor, min((c.cue.attribution for c in claims), key=lambda a: order.get(a, 3))
