"""Who did it and who says so: actor mentions, attribution cues, and the incident's perpetrator.

The lexicon (``salvo/data/actors.yaml``) is compiled once into two alternations (case-insensitive
names, case-sensitive acronyms) plus the generic labels ("Iran-backed militias"). Attribution is read
from cue phrases inside one sentence: a claim ("X claimed responsibility"), a blame ("the Pentagon
blamed X"), a hedge ("believed to be", "bore the hallmarks"), a denial of any claim ("no group claimed
responsibility"), or plain agency ("Iran fired missiles", "the US struck"). The cue phrases are data,
one file per language (``salvo/data/lang/<code>/attribution.yaml``); the actor names, in every
language, are in the lexicon. ``context`` reads the cues of an incident's evidence in its article.
"""

from salvo.extract.actors.attribution import attribute, find_attribution, named_claimant
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
