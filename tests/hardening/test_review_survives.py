"""Analyst review survives re-extraction: confirm, edit, reject, merge and split on dated and undated
incidents still hold after every article's text changes; an override whose report is gone is reported
as orphaned and stays in the log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from tests.store.helpers import AAA, attack, result

from salvo.model import Article, ExtractionResult, Incident
from salvo.store import Store, review
from salvo.store.ingest import ingest_articles
from salvo.store.models import IncidentRow, MentionRow
from salvo.store.queries import audit_log, get_incident

DATED = "Two rockets struck Ain al-Asad air base in Anbar on Monday, injuring three US soldiers, officials said."
UNDATED = "A drone attacked a US base near al-Tanf in Syria, injuring two soldiers, a spokesman said."
APPENDED = " Officials gave no further details."


def _article(aid: str, text: str, dated: bool) -> Article:
    return Article(id=aid, text=text, url=f"https://wire.example/{aid}",
                   published=dt.date(2024, 1, 10) if dated else None, outlet="Test Wire")


def _incident_of(store: Store, aid: str) -> str:
    with store.session() as s:
        from sqlalchemy import select

        from salvo.store.models import ArticleRow

        q = (select(MentionRow.incident_id).join(ArticleRow, MentionRow.article_id == ArticleRow.id)
             .where(ArticleRow.source_id == aid, MentionRow.superseded_at.is_(None)))
        ids = list(s.scalars(q))
        assert len(ids) == 1, (aid, ids)
        return str(ids[0])


def _row(store: Store, inc: str) -> dict[str, Any]:
    with store.session() as s:
        got = get_incident(s, inc)
        assert got is not None
        return got


TANF = {"place": "al-Tanf", "admin1": "Homs", "country": "SY", "lat": 33.5, "lon": 38.6, "location_precision": "site"}
ERBIL = {"place": "Erbil", "admin1": "Erbil", "country": "IQ", "lat": 36.19, "lon": 44.01, "location_precision": "city"}


def _reports(dated: bool, suffix: str = "") -> list[ExtractionResult]:
    """Three reports of three incidents: dated on three days, or undated at three places."""
    out = []
    for n, (key, where) in enumerate((("c", AAA), ("e", TANF), ("r", ERBIL))):
        undated = Incident(category="attack", weapons=["rocket"], **where)
        inc = attack(f"2024-01-0{n + 2}", **where) if dated else undated
        out.append(result(key, inc, published="2024-01-10" if dated else None, url=f"https://wire.example/{key}",
                          text=f"Report {key}: rockets hit a base.{suffix}"))
    return out


@pytest.mark.parametrize("dated", [True, False], ids=["dated", "undated"])
def test_confirm_edit_and_reject_hold_when_every_text_changes(store: Store, dated: bool) -> None:
    ingest_articles(store, _reports(dated))
    ids = {k: _incident_of(store, k) for k in "cer"}
    assert len(set(ids.values())) == 3
    with store.session() as s:
        review.confirm(s, ids["c"], author="ana")
        review.edit_field(s, ids["e"], "killed", "7", author="ana", reason="the ministry says seven")
        review.reject(s, ids["r"], author="ana", reason="an exercise")
    stats = ingest_articles(store, _reports(dated, APPENDED))
    assert (stats.changed, stats.errors) == (3, 0)
    assert {k: _incident_of(store, k) for k in "cer"} == ids  # every report is back in its incident
    assert _row(store, ids["c"])["confirmed"] is True
    assert _row(store, ids["e"])["killed"] == 7
    assert _row(store, ids["r"])["status"] == "rejected"


def test_a_confirmed_report_follows_its_incident_when_extraction_reads_it_anew(store: Store) -> None:
    """Real extraction, the text edited: the new report differs from the old, the pin still carries."""
    ingest_articles(store, [_article("c", DATED, True)])
    inc = _incident_of(store, "c")
    with store.session() as s:
        review.confirm(s, inc, author="ana")
        review.edit_field(s, inc, "killed", "7", author="ana")
    ingest_articles(store, [_article("c", DATED.replace("three", "four") + APPENDED, True)])
    assert _incident_of(store, "c") == inc
    assert _row(store, inc)["killed"] == 7 and _row(store, inc)["confirmed"] is True


def test_a_merge_and_a_split_hold_when_the_texts_change(store: Store) -> None:
    ingest_articles(store, [result("a", attack(), url="https://wire.example/a"),
                            result("b", attack(), url="https://wire.example/b"),
                            result("x", attack("2021-07-20"), url="https://wire.example/x")])
    one, other = _incident_of(store, "a"), _incident_of(store, "x")
    with store.session() as s:
        review.merge(s, one, other, author="ana")
        mention = _row(store, one)["mentions"][1]["mention_id"]
    with store.session() as s:
        split = review.split(s, mention, author="ana")["new_incident_id"]
    moved = [k for k in "abx" if _incident_of(store, k) == split]
    again = [result(k, attack("2021-07-20" if k == "x" else "2021-07-07"), url=f"https://wire.example/{k}",
                    text=f"Report {k}, corrected: rockets hit a base.") for k in "abx"]
    ingest_articles(store, again)
    assert [k for k in "abx" if _incident_of(store, k) == split] == moved
    assert {_incident_of(store, k) for k in "abx"} == {one, split}


def test_an_override_whose_report_is_gone_is_reported_as_orphaned_and_kept(store: Store) -> None:
    ingest_articles(store, [_article("c", DATED, True)])
    inc = _incident_of(store, "c")
    with store.session() as s:
        review.edit_field(s, inc, "killed", "7", author="ana")
    errors: list[str] = []
    stats = ingest_articles(store, [_article("c", "The weather in Anbar was mild on Monday.", True)],
                            on_error=errors.append)
    assert stats.changed == 1
    assert any("orphan" in e and inc in e for e in errors), errors
    with store.session() as s:
        assert any(o["action"] == "edit" for o in audit_log(s, inc))
        row = s.get(IncidentRow, inc)
        assert row is not None and row.killed == 7  # kept, with the analyst's value, for the record


def test_a_confirmed_dated_report_beside_an_unconfirmed_one_re_ingests(store: Store) -> None:
    """Two reports in one article, one confirmed: the new rows carry a pin on one of them only."""
    two = [attack("2024-01-02"), attack("2024-01-05", **TANF)]
    ingest_articles(store, [result("p", *two, published="2024-01-10", url="https://wire.example/p")])
    with store.session() as s:
        first = s.scalars(select(MentionRow.incident_id).order_by(MentionRow.position)).first()
        assert first is not None
        review.confirm(s, str(first), author="ana")
    again = result("p", *two, attack("2024-01-06", **ERBIL), published="2024-01-10", url="https://wire.example/p",
                   text="Report p: rockets hit a base." + APPENDED)
    stats = ingest_articles(store, [again])
    assert (stats.changed, stats.errors) == (1, 0)
    assert _row(store, str(first))["confirmed"] is True
