"""The extraction pipeline: one visible composition of small stages.

    clean        -> spans of reporting (page clutter dropped)           needs: text
    sentences    -> verbatim sentences with offsets                     needs: spans
    dates        -> publication date when the input lacks one           needs: text
    clauses      -> per clause: dates, places, weapons, actors, verdict needs: sentences, publication date
    incidents    -> clauses grouped into incidents, follow-ups attached needs: clauses
    fields       -> date, place, weapons, counts, perpetrator, casualties, evidence

``extract_article`` is the single entry point every consumer (CLI, store, watch,
bench) calls; ``extract_articles`` streams many.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from salvo.clean import content_spans
from salvo.extract.casualties import covering_zeros
from salvo.extract.clauses import analyse_sentence
from salvo.extract.dates import published_from_text
from salvo.extract.incidents import finalise, group_clauses, has_scope
from salvo.extract.places import Gazetteer
from salvo.model import Article, ExtractionResult, Incident
from salvo.sentences import split_sentences

#: Articles longer than this are read only up to here: incidents are reported early in a story.
MAX_CHARS = 200_000


def publication_date(article: Article) -> dt.date | None:
    return article.published or published_from_text(article.text[:MAX_CHARS])


def extract_article(article: Article, gazetteer: Gazetteer | None = None) -> list[Incident]:
    """Every in-scope incident one article reports, each with verbatim evidence."""
    if article.language not in (None, "en"):
        return []
    gazetteer = gazetteer or Gazetteer.default()
    text = article.text[:MAX_CHARS]
    published = publication_date(article)
    sentences = split_sentences(text, content_spans(text))
    facts = [analyse_sentence(sentence, published, gazetteer) for sentence in sentences]
    drafts = [d for d in group_clauses(facts, published) if has_scope(d)]
    incidents: list[Incident] = []
    # The article's other sentences name a claimant only when it reports one attack.
    single_attack = sum(d.category == "attack" for d in drafts) == 1
    # An undated incident told without a past marker happened on the story's day: the lead's own
    # date when the text gives one, the publication day for the lead itself.
    lead_date = drafts[0].date if drafts else None
    story_day = lead_date.date if lead_date is not None and lead_date.precision == "day" else None
    covered = covering_zeros(text)  # "no casualties in the three attacks" covers every attack told
    for position, draft in enumerate(drafts):
        context = text if single_attack else None
        fallback = published if position == 0 else story_day
        incidents.extend(finalise(draft, fallback, article_text=context, covered=covered))
    return incidents


def extract_articles(articles: Iterable[Article]) -> Iterator[ExtractionResult]:
    gazetteer = Gazetteer.default()
    for article in articles:
        yield ExtractionResult(article=article, incidents=extract_article(article, gazetteer))
