"""Fuzzing the reader and the pipeline with hypothesis (a fixed seed and a time budget, so CI stays quick
and reproducible): whatever a line holds (deep nesting, lone surrogates, absurd dates, huge numbers, long
or odd strings), the reader gives one article or one located error per line, never an exception, and
every article it gives goes through extraction and out as UTF-8 JSON."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from salvo.cli.extract_cmd import result_line
from salvo.errors import InputError
from salvo.ingest.readers import read_inputs
from salvo.model import YEAR_RANGE, Article, ExtractionResult, article_problem
from salvo.pipeline import extract_article

#: Seconds each fuzz test may spend; past it the remaining examples pass untried.
BUDGET = 20.0
SEED = 20261204

NASTY_STRINGS = st.sampled_from(["\ud800", "\udfff", "\x00", "\u202e", "\ufeff", "a" * 3000, "", " ", "\n"])
STRINGS = st.one_of(st.text(max_size=60), NASTY_STRINGS, st.lists(NASTY_STRINGS, max_size=4).map("".join))
NUMBERS = st.one_of(st.integers(), st.sampled_from([2**63, -(2**63) - 1, 3_000_000_000, 10**30]),
                    st.floats(allow_nan=True, allow_infinity=True))
DATES = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31", "1899-12-31", "2100-12-31", "2024-02-30", "2024-13-01",
                     "2024-01-28T12:00:00Z", "yesterday"]),
    st.dates().map(str),
    NUMBERS,
)
TEXT_WORDS = st.sampled_from(["Rockets", "hit", "a US base", "in Anbar", "on Monday", "killing", "two",
                              "3000000000", "U.S.", "...", "\n", "soldiers", "."])
TEXTS = st.one_of(STRINGS, st.lists(TEXT_WORDS, max_size=40).map(" ".join))


def _nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


RECORDS = st.fixed_dictionaries(
    {"text": st.one_of(TEXTS, NUMBERS, st.none())},
    optional={
        "id": st.one_of(STRINGS, NUMBERS),
        "title": STRINGS,
        "outlet": STRINGS,
        "url": st.one_of(STRINGS, st.just("https://wire.example/" + "p" * 2100)),
        "published": DATES,
        "language": STRINGS,
        "meta": st.one_of(st.integers(0, 60).map(_nested), NUMBERS, STRINGS),
    },
)


def _line(record: dict[str, Any], raw: str | None) -> str:
    if raw is not None:
        return raw
    return json.dumps(record, allow_nan=True)  # surrogates escaped as \ud800: what a broken producer writes


LINES = st.tuples(RECORDS, st.one_of(st.none(), st.sampled_from(
    ["[" * 5000 + "]" * 5000, "{" * 3000, '{"text": ' + "9" * 5000 + "}", "not json", "\x00\x01", '"a"', "null"]
))).map(lambda pair: _line(*pair))

STARTED: dict[str, float] = {}


def _over_budget(name: str) -> bool:
    start = STARTED.setdefault(name, time.monotonic())
    return time.monotonic() - start > BUDGET


def _check_article(article: Article) -> None:
    assert article_problem(article) is None
    assert article.published is None or YEAR_RANGE[0] <= article.published.year <= YEAR_RANGE[1]
    incidents = extract_article(article)
    result_line(ExtractionResult(article, incidents)).encode("utf-8")  # writable, no surrogate left
    for incident in incidents:
        assert all(n is None or 0 <= n <= 100_000 for n in (incident.killed, incident.injured, incident.projectiles))


@seed(SEED)
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(lines=st.lists(LINES, min_size=1, max_size=6))
def test_every_line_is_one_article_or_one_located_error(tmp_path_factory: Any, lines: list[str]) -> None:
    if _over_budget("reader"):
        return
    path: Path = tmp_path_factory.mktemp("fuzz") / "in.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))
    items = list(read_inputs([path]))
    assert items
    for item in items:
        if isinstance(item, InputError):
            assert item.source == str(path) and len(str(item)) < 500
        else:
            _check_article(item)


@seed(SEED)
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(text=TEXTS, repeat=st.integers(1, 400))
def test_extraction_of_repeated_odd_text_never_fails(text: str, repeat: int) -> None:
    if _over_budget("pipeline") or not text.strip():
        return
    body = (text + " ") * repeat
    article = Article(id="fuzz", text=body)
    if article_problem(article) is None:
        _check_article(article)
