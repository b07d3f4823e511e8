"""The database's merging bar with real extraction: the English gold articles ingested as text, article
by article, in random order and in several batches, merge like the gold ``event_key`` groups.

Bars (B-cubed F1): dev+seeds keeps its original 0.95 (measured 0.960); the English three together
were measured at 0.899 when dev2 arrived (commit c94bd34), hence 0.89; 0.943-0.947 once reports told beside
each other in two articles support each other (``salvo.merge.context.co_report_bonus``), hence 0.93; 0.961
(SQLite and PostgreSQL, any order) once a batch re-clusters the whole closure of what it touches
(``salvo.store.dbmerge``), hence 0.95."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
from tests.store.helpers import SHARED, counts, reference_scorer

from salvo.export import export
from salvo.ingest.readers import read_inputs
from salvo.model import Article
from salvo.store import open_store
from salvo.store.ingest import ingest_articles

GOLD_MERGE_BARS = {"dev+seeds": 0.95, "english": 0.95}


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 7])
@pytest.mark.parametrize(("gold_set", "bar"), GOLD_MERGE_BARS.items())
def test_gold_articles_extracted_and_ingested_merge_like_event_keys(
    tmp_path: Path, seed: int, gold_sets: dict[str, list[Path]], gold_set: str, bar: float
) -> None:
    paths = gold_sets[gold_set]
    articles = [item for item in read_inputs(paths) if isinstance(item, Article)]
    assert len(articles) > 50
    random.Random(seed).shuffle(articles)
    store = open_store(f"sqlite:///{tmp_path / 'gold.db'}")
    size = len(articles) // 4 + 1
    for start in range(0, len(articles), size):
        ingest_articles(store, articles[start : start + size], chunk_size=1)
    before = counts(store)
    ingest_articles(store, articles)  # the same batch again changes nothing
    assert counts(store) == before

    buffer = io.StringIO()
    with store.session() as session:
        export(session, "mentions", buffer)
    store.close()
    predicted = {json.loads(line)["article"]["id"]: json.loads(line) for line in buffer.getvalue().splitlines()}
    score = reference_scorer()
    gold: dict[str, Any] = {}
    for path in paths:
        gold.update(score.read_jsonl(str(path)))
    figures = score.score(gold, predicted, score.load_aliases(str(SHARED / "reference" / "actors.yaml")))
    assert figures["merge_bcubed"]["f1"] >= bar
