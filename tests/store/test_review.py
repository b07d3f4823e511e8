"""Analyst review: overrides are logged and survive re-merging and re-extraction."""

from __future__ import annotations

import pytest
from tests.store.helpers import attack, counts, result

from salvo.store import Store, review
from salvo.store.ingest import ingest_articles
from salvo.store.queries import audit_log, get_incident, list_incidents


def _one_id(store: Store) -> str:
    with store.session() as s:
        rows, _, total = list_incidents(s)
        assert total == 1
        return str(rows[0]["id"])


def test_edit_wins_over_later_reports(store: Store) -> None:
    ingest_articles(store, [result("a", attack(injured=3))])
    inc = _one_id(store)
    with store.session() as s:
        review.edit_field(s, inc, "injured", "4", author="ana", reason="official statement says 4")
    ingest_articles(store, [result("b", attack(injured=9), published="2021-07-08")])
    with store.session() as s:
        got = get_incident(s, inc)
        assert got is not None and got["injured"] == 4
        assert got["overrides"][0]["author"] == "ana"


def test_split_mention_stays_apart_after_new_reports(store: Store) -> None:
    ingest_articles(store, [result("a", attack()), result("b", attack())])
    inc = _one_id(store)
    with store.session() as s:
        got = get_incident(s, inc)
        assert got is not None
        mention = got["mentions"][1]["mention_id"]
        out = review.split(s, mention, author="ana", reason="different volley")
    ingest_articles(store, [result("c", attack(), published="2021-07-08")])
    with store.session() as s:
        a, b = get_incident(s, inc), get_incident(s, out["new_incident_id"])
        assert a is not None and b is not None
        assert mention in {m["mention_id"] for m in b["mentions"]}
        assert mention not in {m["mention_id"] for m in a["mentions"]}
    assert counts(store)["incidents"] == 2


def test_merge_two_incidents_and_old_id_redirects(store: Store) -> None:
    ingest_articles(
        store,
        [result("a", attack()), result("b", attack("2021-09-01", weapons=["drone"]), published="2021-09-01")],
    )
    with store.session() as s:
        rows, _, _ = list_incidents(s)
        keep, gone = rows[0]["id"], rows[1]["id"]
        review.merge(s, keep, gone, author="ana", reason="same event, misdated")
    assert counts(store)["incidents"] == 1
    ingest_articles(store, [result("c", attack("2021-09-01", weapons=["drone"]), published="2021-09-02")])
    assert counts(store)["incidents"] == 1
    with store.session() as s:
        got = get_incident(s, gone)
        assert got is not None and got["id"] == keep and got["redirected_from"] == gone


def test_reject_hides_and_restore_brings_back(store: Store) -> None:
    ingest_articles(store, [result("a", attack())])
    inc = _one_id(store)
    with store.session() as s:
        review.reject(s, inc, author="ana", reason="out of scope")
    assert counts(store)["incidents"] == 0
    ingest_articles(store, [result("b", attack())])
    assert counts(store)["incidents"] == 0  # the new report joins the rejected incident
    with store.session() as s:
        review.restore(s, inc, author="bo", reason="in scope after all")
        review.confirm(s, inc, author="bo", reason="checked")
        log = audit_log(s)
        assert [o["action"] for o in log] == ["confirm", "restore", "reject"]
    assert counts(store)["incidents"] == 1


def test_pin_survives_reextraction_of_changed_article(store: Store) -> None:
    ingest_articles(store, [result("a", attack(), url="https://x.example/a"), result("b", attack())])
    inc = _one_id(store)
    with store.session() as s:
        got = get_incident(s, inc)
        assert got is not None
        mention = next(m["mention_id"] for m in got["mentions"] if m["article"]["source_id"] == "a")
        out = review.split(s, mention, author="ana", reason="separate event")
    ingest_articles(store, [result("a", attack(injured=1), url="https://x.example/a", text="Revised wording.")])
    with store.session() as s:
        b = get_incident(s, out["new_incident_id"])
        assert b is not None and [m["article"]["source_id"] for m in b["mentions"]] == ["a"]
        assert b["injured"] == 1


def test_bad_review_input_is_a_clear_error(store: Store) -> None:
    ingest_articles(store, [result("a", attack())])
    inc = _one_id(store)
    with store.session() as s:
        with pytest.raises(review.ReviewError, match="unknown weapon"):
            review.edit_field(s, inc, "weapons", "laser", author="ana")
        with pytest.raises(review.ReviewError, match="no incident"):
            review.confirm(s, "inc-nope", author="ana")
