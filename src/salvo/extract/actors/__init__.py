"""Who did it and who says so: actor mentions, attribution cues, and the incident's perpetrator.

The lexicon (``salvo/data/actors.yaml``) is compiled once into two alternations (case-insensitive
names, case-sensitive acronyms) plus the generic labels ("Iran-backed militias"). Attribution is read
from cue phrases inside one sentence: a claim ("X claimed responsibility"), a blame ("the Pentagon
blamed X"), a hedge ("believed to be", "bore the hallmarks"), a denial of any claim ("no group claimed
responsibility"), or plain agency ("Iran fired missiles", "the US struck"). The cue phrases are data,
one file per language (``salvo/data/lang/<code>/attribution.yaml``); the actor names, in every
language, are in the lexicon. ``attribution`` reads one sentence's cues, ``sentence_cues`` a text's
(sentence by sentence) and decides the perpetrator; ``context`` is the article an incident's evidence
is read in: one actor scan and one cue reading for all its incidents.
"""

from salvo.extract.actors.context import ArticleContext, KnownSentences, attribute_in_article, line_spans
from salvo.extract.actors.lexicon import (
    IRAN_BACKED,
    UNKNOWN,
    US,
    ActorMention,
    ActorScan,
    AttributionCue,
    canonical_actor,
    find_actors,
    load_lexicon,
    scan_actors,
)
from salvo.extract.actors.sentence_cues import attribute, find_attribution, named_claimant

__all__ = [
    "IRAN_BACKED",
    "KnownSentences",
    "UNKNOWN",
    "US",
    "ActorMention",
    "ActorScan",
    "ArticleContext",
    "AttributionCue",
    "attribute",
    "attribute_in_article",
    "canonical_actor",
    "find_actors",
    "find_attribution",
    "line_spans",
    "load_lexicon",
    "named_claimant",
    "scan_actors",
]
