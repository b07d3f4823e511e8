"""One poison line is reported as FILE:LINE and skipped; the lines around it are read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.hardening.poison import POISON, poison_file

from salvo.errors import InputError
from salvo.ingest.readers import read_inputs
from salvo.model import MAX_COUNT, Article, Incident, article_problem, bound_incident, parse_published


def test_every_poison_line_is_named_and_the_good_lines_are_read(tmp_path: Path) -> None:
    items = list(read_inputs([poison_file(tmp_path / "mixed.jsonl")]))
    assert [a.id for a in items if isinstance(a, Article)] == ["good-a", "good-b"]
    errors = [e for e in items if isinstance(e, InputError)]
    assert [e.line for e in errors] == list(range(2, 2 + len(POISON)))
    for error, (what, _, word) in zip(errors, POISON, strict=True):
        assert word.lower() in error.message.lower(), (what, error.message)
        assert str(error).startswith(f"{tmp_path / 'mixed.jsonl'}:{error.line}: ")
        assert len(str(error)) < 400, what  # the message never echoes a huge value


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_a_publication_year_out_of_range_is_no_date(value: str) -> None:
    assert parse_published(value) is None


def test_the_range_ends_are_dates() -> None:
    assert parse_published("1900-01-01") == dt.date(1900, 1, 1)
    assert parse_published("2100-12-31") == dt.date(2100, 12, 31)


def test_a_text_file_with_a_surrogate_free_body_but_an_over_long_id_is_refused() -> None:
    article = Article(id="x" * 513, text="Rockets hit a base.")
    assert "id" in (article_problem(article) or "")


def test_a_text_header_with_an_absurd_day_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("published: 0001-01-01\n\nRockets hit a base in Anbar.\n", encoding="utf-8")
    (error,) = read_inputs([path])
    assert isinstance(error, InputError) and error.line == 1


@pytest.mark.parametrize("count", [3_000_000_000, 2**63, -1, MAX_COUNT + 1])
def test_a_count_no_incident_can_have_is_unknown(count: int) -> None:
    incident = Incident(category="attack", killed=count, injured=2, provenance={"killed": {"text": "x"}})
    bound_incident(incident)
    assert incident.killed is None and incident.injured == 2 and "killed" not in incident.provenance


def test_an_incident_date_out_of_range_is_unknown() -> None:
    incident = Incident(category="attack", date=dt.date(9999, 1, 1), date_precision="day")
    bound_incident(incident)
    assert incident.date is None and incident.date_precision is None
