"""Per-stage extraction benchmarks (pytest-benchmark). Speed is measured here, never asserted by
timed tests; the suite runs them once as smoke tests under --benchmark-disable. Compare runs with
``pytest tests/benchmarks --benchmark-enable``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from salvo.extract.actors import attribute_in_article, find_actors
from salvo.extract.dates import find_dates
from salvo.extract.places import Gazetteer
from salvo.extract.weapons import find_weapons

SENTENCES = [  # our own wording, about 600 words when repeated
    "Three rockets struck near Ain al-Asad air base in western Anbar province on Tuesday, officials said.",
    "Two drones were shot down over Erbil, and the United States later struck militia depots near Abu Kamal.",
    "Officials blamed Iran-backed militias, though no group claimed responsibility for the attack.",
    "The statement gave no further details about damage or the people who were hurt there.",
    "Talks between Baghdad and Washington on the future of the mission are due to resume next month.",
]
ARTICLE = " ".join(SENTENCES * 7)
TUESDAY = dt.date(2023, 10, 24)


def test_bench_places_on_a_600_word_article(benchmark: Any) -> None:
    gazetteer = Gazetteer.default()
    found = benchmark(gazetteer.find, ARTICLE)
    assert any(m.place.name == "Ain al-Asad Air Base" for m in found)


def test_bench_dates_per_sentence(benchmark: Any) -> None:
    found = benchmark(find_dates, SENTENCES[0], TUESDAY)
    assert [m.date for m in found] == [TUESDAY]


def test_bench_weapons_per_sentence(benchmark: Any) -> None:
    found = benchmark(find_weapons, SENTENCES[1])
    assert {m.weapon for m in found} >= {"drone"}


def test_bench_actors_on_a_600_word_article(benchmark: Any) -> None:
    found = benchmark(find_actors, ARTICLE)
    assert found


def test_bench_attribution_with_the_article_as_fallback(benchmark: Any) -> None:
    result = benchmark(attribute_in_article, [SENTENCES[0]], "attack", ARTICLE)
    assert result[0] in ("Iran-backed militias", "unknown")
