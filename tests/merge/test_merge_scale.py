"""Run-level merging stays near-linear when one incident has hundreds of reports."""

from __future__ import annotations

import datetime as dt

import pytest

from salvo.merge import assign_incident_ids
from salvo.merge import cluster as cluster_module
from salvo.model import Article, ExtractionResult, Incident

BASE = {"place": "Ain al-Asad Air Base", "admin1": "Anbar", "country": "IQ", "lat": 33.7856, "lon": 42.4412}


def _report(k: int) -> ExtractionResult:
    """Report ``k`` of one rocket attack: outlets round the counts differently and some say "missiles"."""
    incident = Incident(
        category="attack",
        date=dt.date(2021, 3, 3) + dt.timedelta(days=k % 2),  # local time against UTC
        date_precision="day",
        location_precision="site",
        weapons=["rocket"] if k % 3 else ["rocket", "missile"],
        projectiles=(10, 13, 14, None)[k % 4],
        **BASE,  # type: ignore[arg-type]
    )
    return ExtractionResult(Article(id=f"outlet-{k:05d}", text=""), [incident])


def _scores_for(reports: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """Pairwise scores computed, and incidents found, for ``reports`` reports of one event."""
    calls = 0
    real = cluster_module.facts_score

    def counted(a: object, b: object) -> float | None:
        nonlocal calls
        calls += 1
        return real(a, b)  # type: ignore[arg-type]

    monkeypatch.setattr(cluster_module, "facts_score", counted)
    run = [_report(k) for k in range(reports)]
    assign_incident_ids(run)
    return calls, len({r.incidents[0].incident_id for r in run})


def test_hundreds_of_reports_of_one_incident_merge_in_near_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    small, small_incidents = _scores_for(300, monkeypatch)
    large, large_incidents = _scores_for(1200, monkeypatch)
    assert small_incidents == large_incidents == 1
    # all pairs would be 300 * 299 / 2 = 44,850 scores, and 16 times that for four times the reports
    assert large <= 4 * small + 100
    assert large < 5_000


def test_same_facts_twice_in_one_article_stay_two_incidents() -> None:
    run = [_report(0), _report(4), _report(8)]
    run[0].incidents.append(_report(12).incidents[0])  # the article tells the same facts twice
    assign_incident_ids(run)
    ids = [i.incident_id for r in run for i in r.incidents]
    assert ids[0] != ids[1]
    assert len(set(ids)) == 2


def _story(k: int) -> ExtractionResult:
    """Article ``k`` of one story: a dated strike at a named site, and beside it the attack it answered,
    told only as "an attack in Iraq" (undated, country only: a report that only context can join)."""
    strike = Incident(
        category="strike", date=dt.date(2021, 3, 5), date_precision="day", location_precision="site",
        weapons=["airstrike"], **BASE,  # type: ignore[arg-type]
    )
    attack = Incident(category="attack", country="IQ", location_precision="country", weapons=["rocket"])
    return ExtractionResult(Article(id=f"story-{k:05d}", text=""), [strike, attack])


def _context_reads(reports: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """Facts compared by the co-report context, and incidents found, for ``reports`` copies of a story."""
    from salvo.merge import context

    calls = 0
    real = context.facts_score

    def counted(a: object, b: object) -> float | None:
        nonlocal calls
        calls += 1
        return real(a, b)  # type: ignore[arg-type]

    monkeypatch.setattr(context, "facts_score", counted)
    run = [_story(k) for k in range(reports)]
    assign_incident_ids(run)
    return calls, len({i.incident_id for r in run for i in r.incidents})


def test_a_story_told_hundreds_of_times_reads_its_context_in_near_linear_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small, small_incidents = _context_reads(100, monkeypatch)
    large, large_incidents = _context_reads(400, monkeypatch)
    assert small_incidents == large_incidents == 2  # the strike, and the attack beside it
    # reading every pair of copies would be 400 * 399 / 2 pairs, each reading both articles
    assert large <= 4 * small + 100
