"""The incident database on real SQLite and PostgreSQL: idempotency, re-extraction, conflicts, queries."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
from tests.merge.gold_util import read_gold_lines
from tests.store.helpers import SHARED, attack, counts, reference_scorer, result

from salvo.export import export
from salvo.store import Store, open_store
from salvo.store.ingest import ingest_articles, result_from_json
from salvo.store.queries import (
    IncidentFilter,
    field_history,
    get_article,
    get_incident,
    list_incidents,
    stats,
)


def test_schema_is_created_and_reopening_changes_nothing(store: Store) -> None:
    assert {
        "articles",
        "mentions",
        "incidents",
        "overrides",
        "field_revisions",
        "feeds",
        "feed_entries",
        "runs",
        "incident_weapons",
    } <= set(store.tables())
    again = open_store(store.url)
    assert again.tables() == store.tables()
    again.close()


def test_reports_of_one_attack_from_two_outlets_merge(store: Store) -> None:
    ingest_articles(store, [result("x1", attack(projectiles=10))])
    ingest_articles(store, [result("x2", attack(projectiles=14), published="2021-07-08")])
    assert counts(store)["incidents"] == 1


def test_ingesting_twice_changes_no_count(store: Store) -> None:
    batch = [
        result("a", attack()),
        result("b", attack("2021-08-01", weapons=["drone"]), published="2021-08-01"),
    ]
    ingest_articles(store, batch)
    before = counts(store)
    stats_ = ingest_articles(store, batch)
    assert counts(store) == before
    assert stats_.unchanged == 2 and stats_.new == 0


def test_same_text_under_another_url_is_a_duplicate(store: Store) -> None:
    text = "A wire story that two sites carried word for word."
    ingest_articles(store, [result("a", attack(), url="https://one.example/a", text=text)])
    s = ingest_articles(store, [result("b", attack(), url="https://two.example/b", text=text)])
    assert s.duplicates == 1 and counts(store)["articles"] == 1


def test_changed_text_is_reextracted_and_old_mentions_superseded(store: Store) -> None:
    ingest_articles(store, [result("a", attack(injured=3), url="https://one.example/a")])
    s = ingest_articles(
        store,
        [
            result(
                "a",
                attack(injured=5),
                url="https://one.example/a",
                text="Updated report: rockets hit a base, five hurt.",
            )
        ],
    )
    assert s.changed == 1
    c = counts(store)
    assert c["articles"] == 1 and c["mentions"] == 2 and c["active_mentions"] == 1
    with store.session() as session:
        rows, _, _ = list_incidents(session)
        assert rows[0]["injured"] == 5


def test_rising_toll_keeps_every_report_and_resolves_to_the_latest(store: Store) -> None:
    ingest_articles(store, [result("r1", attack(injured=25), published="2021-07-07")])
    ingest_articles(store, [result("r2", attack(injured=34), published="2021-07-08")])
    ingest_articles(store, [result("r3", attack(injured=47), published="2021-07-09")])
    with store.session() as session:
        rows, _, total = list_incidents(session)
        assert total == 1 and rows[0]["injured"] == 47
        inc = get_incident(session, rows[0]["id"])
        assert inc is not None
        assert [v["value"] for v in inc["reported_values"]["injured"]] == [25, 34, 47]
        history = [(r["old"], r["new"]) for r in field_history(session, rows[0]["id"], "injured")]
        assert history == [(None, 25), (25, 34), (34, 47)]


def test_retrospective_mention_does_not_override_contemporary_toll(store: Store) -> None:
    ingest_articles(store, [result("r1", attack(killed=1), published="2021-07-07")])
    ingest_articles(store, [result("r2", attack(killed=0), published="2022-03-01")])
    with store.session() as session:
        rows, _, _ = list_incidents(session)
        assert rows[0]["killed"] == 1


def test_filters_article_and_stats(store: Store) -> None:
    ingest_articles(
        store,
        [
            result("a", attack(injured=2)),
            result(
                "b",
                attack(
                    "2021-09-10",
                    weapons=["drone"],
                    place="Erbil International Airport",
                    admin1="Erbil",
                    lat=36.2375,
                    lon=43.9631,
                    perpetrator="Kata'ib Hezbollah",
                    attribution="accused",
                ),
                published="2021-09-10",
            ),
        ],
    )
    with store.session() as session:

        def ids(**kw: Any) -> int:
            return list_incidents(session, IncidentFilter(**kw))[2]

        assert ids() == 2
        assert ids(weapon="drone") == 1
        assert ids(admin1="Anbar") == 1
        assert ids(date_from=dt.date(2021, 9, 1)) == 1
        assert ids(min_injured=1) == 1
        assert ids(q="hezbollah") == 1
        assert ids(perpetrator="Kata'ib Hezbollah", attribution="accused") == 1
        page, cursor, total = list_incidents(session, limit=1)
        assert len(page) == 1 and cursor is not None and total == 2
        page2, cursor2, _ = list_incidents(session, limit=1, cursor=cursor)
        assert page2[0]["id"] != page[0]["id"] and cursor2 is None
        art = get_article(session, "a")
        assert art is not None and len(art["incidents"]) == 1 and art["text"]
        months = stats(session, interval="month", split="weapon")
        assert {(m["period"], m["key"]) for m in months} == {("2021-07", "rocket"), ("2021-09", "drone")}


def _ingest_gold(store: Store, paths: list[Path], seed: int, batches: int = 4) -> None:
    lines = read_gold_lines(paths)
    random.Random(seed).shuffle(lines)
    size = len(lines) // batches + 1
    for k in range(0, len(lines), size):
        ingest_articles(store, [result_from_json(r) for r in lines[k : k + size]], chunk_size=1)


#: B-cubed bars per gold set: dev+seeds keeps its original 0.95 (measured 0.962); the English
#: three together were measured at 0.923 when dev2 arrived (commit c94bd34).
GOLD_MERGE_BARS = {"dev+seeds": 0.95, "english": 0.91}


@pytest.mark.parametrize(("gold_set", "bar"), GOLD_MERGE_BARS.items())
def test_gold_reports_merge_like_event_keys(
    store: Store, gold_sets: dict[str, list[Path]], gold_set: str, bar: float
) -> None:
    """Bar: gold incidents as mentions, ingested article by article in random order, several batches."""
    paths = gold_sets[gold_set]
    _ingest_gold(store, paths, seed=3)
    before = counts(store)
    _ingest_gold(store, paths, seed=4)
    assert counts(store) == before
    buf = io.StringIO()
    with store.session() as session:
        export(session, "mentions", buf)
    pred = {json.loads(x)["article"]["id"]: json.loads(x) for x in buf.getvalue().splitlines()}
    score = reference_scorer()
    gold: dict[str, Any] = {}
    for path in paths:
        gold.update(score.read_jsonl(str(path)))
    res = score.score(gold, pred, score.load_aliases(str(SHARED / "reference" / "actors.yaml")))
    assert res["merge_bcubed"]["f1"] >= bar



@pytest.mark.parametrize("undated_first", [True, False])
def test_two_undated_attacks_join_the_stored_article_that_tells_the_same_two(
    store: Store, undated_first: bool
) -> None:
    """Reports told beside each other support each other in the database too, whichever came first."""
    town = {"place": "Al-Shaddadi", "admin1": "Al-Hasakah", "country": "SY", "lat": 36.06, "lon": 40.73,
            "location_precision": "city"}
    site = {"place": "Green Village", "admin1": "Deir ez-Zor", "country": "SY", "lat": 35.05, "lon": 40.55,
            "location_precision": "site"}
    undated = result("u", attack(**site, killed=0), attack(**town, projectiles=2), published=None)
    for incident in undated.incidents:
        incident.date, incident.date_precision = None, None
    dated = result("d", attack("2022-11-17", **site, killed=0), attack("2022-11-25", **town, projectiles=2),
                   published="2022-11-26")
    rival = result("r", attack("2024-11-11", **town, killed=0), published="2024-11-12")
    order = [undated, rival, dated] if undated_first else [dated, rival, undated]
    for r in order:
        ingest_articles(store, [r])
    buf = io.StringIO()
    with store.session() as session:
        export(session, "mentions", buf)
    lines = {json.loads(x)["article"]["id"]: json.loads(x) for x in buf.getvalue().splitlines()}
    ids = {aid: [i["incident_id"] for i in line["incidents"]] for aid, line in lines.items()}
    assert ids["u"] == ids["d"]
    assert ids["r"][0] not in ids["d"]
