"""Who did it and who says so: actor mentions, attribution cues, and the incident's perpetrator.

The lexicon (``salvo/data/actors.yaml``) is compiled once into two alternations (case-insensitive
names, case-sensitive acronyms) plus the generic labels ("Iran-backed militias"). Attribution is read
from cue phrases inside one sentence: a claim ("X claimed responsibility"), a blame ("the Pentagon
blamed X"), a hedge ("believed to be", "bore the hallmarks"), a denial of any claim ("no group claimed
responsibility"), or plain agency ("Iran fired missiles", "the US struck"). Everything is regex work
at import time so the hot path stays a few scans per sentence.
"""

from salvo.extract.actors.attribution import attribute, attribute_in_article, find_attribution
from salvo.extract.actors.lexicon import (
    IRAN_BACKED,
    UNKNOWN,
    US,
    ActorMention,
    AttributionCue,
    canonical_actor,
    find_actors,
    load_lexicon,
)

__all__ = [
    "IRAN_BACKED",
    "UNKNOWN",
    "US",
    "ActorMention",
    "AttributionCue",
    "attribute",
    "attribute_in_article",
    "canonical_actor",
    "find_actors",
    "find_attribution",
    "load_lexicon",
]
