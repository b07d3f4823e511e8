"""Scoring extraction output against gold annotations, exactly as SCHEMA.md defines it.

Our own implementation of the contract's scoring; a test runs it beside the reference scorer
and requires the same figures.
"""

from salvo.evaluation.breakdown import SplitFigures, per_file, story_halves, story_split
from salvo.evaluation.languages import CrossLanguage, cross_language
from salvo.evaluation.report import cross_language_lines, error_lines, per_file_lines, split_lines, summary_lines
from salvo.evaluation.rules import SCORED_FIELDS, ActorAliases
from salvo.evaluation.scorer import ArticleOutcome, Scores, read_lines, score_corpus

__all__ = [
    "SCORED_FIELDS",
    "ActorAliases",
    "ArticleOutcome",
    "CrossLanguage",
    "Scores",
    "SplitFigures",
    "cross_language",
    "cross_language_lines",
    "error_lines",
    "per_file",
    "per_file_lines",
    "read_lines",
    "score_corpus",
    "split_lines",
    "story_halves",
    "story_split",
    "summary_lines",
]
