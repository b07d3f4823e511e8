"""The extraction pipeline: one visible composition of small stages.

Filled in by the extraction work; ``extract_article`` is the single entry point
every consumer (CLI, store, watch, bench) calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from salvo.model import Article, ExtractionResult, Incident


def extract_article(article: Article) -> list[Incident]:
    """Every in-scope incident one article reports, each with verbatim evidence."""
    return []


def extract_articles(articles: Iterable[Article]) -> Iterator[ExtractionResult]:
    for article in articles:
        yield ExtractionResult(article=article, incidents=extract_article(article))
