"""Reading a text's attribution cues sentence by sentence, and deciding an incident's perpetrator from them.

``attribution`` reads one sentence (its ``_Reader``); this module runs the readers over a text or an
article (``SentenceCues``: claims, blames and denials of every sentence at once, plain agency only of
the sentences asked for) and weighs the cues an incident's evidence gives (``attribute``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from salvo import lang
from salvo.extract.actors.attribution import (
    _C,
    _FRONT_KINDS,
    _R_CLAIM,
    _Cue,
    _eligible,
    _Reader,
)
from salvo.extract.actors.lexicon import UNKNOWN, US, ActorMention, AttributionCue, find_actors
from salvo.sentences import split_sentences


@lru_cache(maxsize=16)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans, as the pipeline cuts them (a period after "U.S." or "Gen." ends none)."""
    return tuple((s.start, s.end) for s in split_sentences(text))



def _with_back_references(text: str, mentions: list[ActorMention], category: str) -> list[ActorMention]:
    """Actor mentions plus back-references ("the resistance") resolved to the front named before."""
    if category != "attack":
        return mentions
    refs: list[ActorMention] = []
    for m in _C["back_reference"].finditer(text):
        if any(x.start < m.end() and m.start() < x.end for x in mentions):
            continue
        for x in reversed([x for x in mentions if x.end <= m.start()]):
            if x.kind in _FRONT_KINDS and _eligible(x, category):
                refs.append(ActorMention(m.start(), m.end(), m.group(), x.actor, x.kind))
                break
    return sorted([*mentions, *refs], key=lambda x: x.start)


def _cues(text: str, category: str) -> tuple[_Cue, ...]:
    """All cues of a text in the language being read."""
    return _cues_in(text, category, lang.current())


def _check(category: str) -> None:
    if category not in ("attack", "strike"):
        raise ValueError(f"category must be 'attack' or 'strike', not {category!r}")


@lru_cache(maxsize=16)
def _cues_in(text: str, category: str, code: str) -> tuple[_Cue, ...]:
    """All cues of a text, cached: a sentence is often read for several incidents."""
    _check(category)
    return read_cues(text, category, find_actors(text), _sentences(text))


#: The cues a sentence without actor mentions may still give (a denial, a claim by "the group").
_WITHOUT_ACTORS = ("none", "claim_subject", "claim_said", "claim_object")
#: The blames a sentence naming an actor may give besides (plain agency aside).
_BLAMES = ("accuse_object", "suspect_object", "accuse_subject")


def _no_claim_words(sentence: str) -> bool:
    c = _C.table()
    return all(c[name].gated_out(sentence) for name in _WITHOUT_ACTORS)


def _no_blame_words(sentence: str) -> bool:
    c = _C.table()
    return all(c[name].gated_out(sentence) for name in _BLAMES)


def read_cues(text: str, category: str, actors: list[ActorMention],
              sentences: tuple[tuple[int, int], ...]) -> tuple[_Cue, ...]:
    """All cues of a text whose actor mentions and sentence spans are known."""
    return SentenceCues(text, category, actors, sentences).every()


def _in_order(cues: Iterable[_Cue]) -> tuple[_Cue, ...]:
    return tuple(sorted(cues, key=lambda c: (c.cue.start, c.cue.end)))


class SentenceCues:
    """The cues of a text's sentences, each sentence read by its own reader: the claims, blames and denials
    of every sentence at once (an article's claims are weighed for each of its incidents), plain agency
    ("X fired") only of the sentences asked for (an incident's evidence, the sentence leading into it).
    Each sentence's cues are in text order, as are the article's."""

    def __init__(self, text: str, category: str, actors: list[ActorMention],
                 sentences: tuple[tuple[int, int], ...]) -> None:
        _check(category)
        self.text, self.category, self.sentences = text, category, sentences
        self._mentions = _with_back_references(text, actors, category)
        #: per sentence: its reader and how many cues the first pass gave; for a sentence that can give
        #: only plain agency, where its actors are (the reader is made if its agency is asked for)
        self._readers: list[tuple[_Reader, int] | tuple[int, int] | None] | None = None
        self._read: dict[int, tuple[_Cue, ...]] = {}
        self._claims: tuple[_Cue, ...] | None = None

    def _phase_one(self) -> list[tuple[_Reader, int] | tuple[int, int] | None]:
        """A reader per sentence (None where no cue can be) with its claims, blames and denials read."""
        if self._readers is not None:
            return self._readers
        text, mentions = self.text, self._mentions
        readers: list[tuple[_Reader, int] | tuple[int, int] | None] = []
        i = 0
        for s0, s1 in self.sentences:
            while i < len(mentions) and mentions[i].start < s0:
                i += 1
            j = i
            while j < len(mentions) and mentions[j].end <= s1:
                j += 1
            sentence = text[s0:s1]
            if _no_claim_words(sentence):
                if i == j:
                    readers.append(None)  # no actor and no claim or denial phrase: no cue
                    continue
                if _no_blame_words(sentence):
                    readers.append((i, j))  # at most plain agency, read if asked for
                    continue
            reader = _Reader(text, s0, s1, mentions[i:j], self.category, mentions[:i])
            reader.denials()
            reader.claims_by_subject()
            reader.claims_said()
            reader.claims_by_object()
            if reader.ok:
                reader.blames()
            readers.append((reader, len(reader.out)))
        self._readers = readers
        return readers

    def of_sentence(self, k: int) -> tuple[_Cue, ...]:
        """Every cue of sentence ``k``."""
        found = self._read.get(k)
        if found is None:
            read = self._phase_one()[k]
            if read is None:
                found = ()
            else:
                reader = read[0] if isinstance(read[0], _Reader) else self._reader(k, read[0], read[1])
                if reader.ok:
                    reader.agents()
                found = _in_order(reader.out)
            self._read[k] = found
        return found

    def _reader(self, k: int, i: int, j: int) -> _Reader:
        """The reader of a sentence whose first pass could find nothing (its claims, blames and denials
        have no words there): only its plain agency is left to read."""
        s0, s1 = self.sentences[k]
        return _Reader(self.text, s0, s1, self._mentions[i:j], self.category, self._mentions[:i])

    def claims(self) -> tuple[_Cue, ...]:
        """The cues of every sentence but plain agency (which for an attack is never a claim or a blame)."""
        if self._claims is None:
            self._claims = self.every() if self.category != "attack" else _in_order(
                c for read in self._phase_one() if read is not None and isinstance(read[0], _Reader)
                for c in read[0].out[:read[1]])
        return self._claims

    def every(self) -> tuple[_Cue, ...]:
        return tuple(c for k in range(len(self.sentences)) for c in self.of_sentence(k))


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


def _decide(cues: list[_Cue], joined: str, category: str) -> tuple[str, str, _Cue | None]:
    """The strongest cue wins (a claim over a blame over plain agency over "no one claimed"), a named
    group over a generic label; anonymous sourcing anywhere turns an accusation into a suspicion."""
    named = [c for c in cues if c.cue.actor is not None]
    if named:
        best = min(named, key=lambda c: (c.rank, not c.named, c.cue.start))
        attribution = best.cue.attribution
        if attribution == "accused" and best.rank > _R_CLAIM and _C["anonymous"].search(joined):
            attribution = "suspected"
        return best.cue.actor or UNKNOWN, attribution, best
    if category == "strike" and not any(c.cue.attribution == "none" for c in cues):
        return US, "claimed", None  # strikes on Iran's allies in Iraq and Syria are American unless denied
    return UNKNOWN, "none", None


def _joined(texts: list[str]) -> str:
    return "\n".join(t.strip() for t in texts if t and t.strip())


def attribute(texts: list[str], category: str) -> tuple[str, str]:
    """(perpetrator, attribution) for one incident from its evidence sentences.

    A strike that no one disowns ("of unknown origin", "no one claimed") is the US announcing its own.
    """
    joined = _joined(texts)
    if not joined:
        return UNKNOWN, "none"
    perpetrator, attribution, _ = _decide(list(_cues(joined, category)), joined, category)
    return perpetrator, attribution


def named_claimant(texts: list[str]) -> str | None:
    """The name a new group gives itself when it claims an attack ("a group calling itself X claimed
    it"), read from the claim sentence even when no lexicon knows the name."""
    for text in texts:
        match = _C["self_named"].search(text)
        if match and _C["claim_word"].search(text, match.end()):
            return match.group("name").strip(" ,.'\"“”")
    return None
