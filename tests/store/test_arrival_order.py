"""Database merging is a function of the stored reports: the order and the batches in which they arrive
change neither the groups nor the incident ids (``salvo.store.dbmerge``)."""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import select
from tests.store.helpers import AAA, attack, result

from salvo.merge import incident_id_for
from salvo.model import ExtractionResult, Incident
from salvo.store import Store, open_store
from salvo.store.ingest import ingest_articles
from salvo.store.models import ArticleRow, IncidentRow, MentionRow
from salvo.store.review import confirm

HASAKAH = {"place": "Al-Shaddadi", "admin1": "Al-Hasakah", "country": "SY", "lat": 36.06, "lon": 40.73,
           "location_precision": "city"}
GREEN = {"place": "Green Village", "admin1": "Deir ez-Zor", "country": "SY", "lat": 35.05, "lon": 40.55,
         "location_precision": "site"}
ERBIL = {"place": "Erbil Air Base", "admin1": "Erbil", "country": "IQ", "lat": 36.237, "lon": 43.963,
         "location_precision": "site"}
IRAQ = {"place": None, "admin1": None, "country": "IQ", "lat": None, "lon": None, "location_precision": "country"}


def _undated(inc: Incident) -> Incident:
    inc.date, inc.date_precision = None, None
    return inc


def _month(inc: Incident) -> Incident:
    inc.date_precision = "month"
    return inc


def reports() -> list[ExtractionResult]:
    """Our own small world: one attack told by many, a vague "an attack in Iraq this month", an undated pair
    that only the article telling both beside each other ties to its dated twin, and rivals nearby."""
    return [
        result("k1", attack("2022-11-17", **GREEN, killed=0), attack("2022-11-25", **HASAKAH, projectiles=2),
               published="2022-11-26"),
        result("k2", _undated(attack(**GREEN, killed=0)), _undated(attack(**HASAKAH, projectiles=2)), published=None),
        result("k3", attack("2024-11-11", **HASAKAH, killed=0), published="2024-11-12"),
        result("m1", attack("2021-07-07"), published="2021-07-07"),
        result("m2", attack("2021-07-07", projectiles=14), published="2021-07-08"),
        result("m3", attack("2021-07-07", weapons=["rocket"], injured=2),
               attack("2021-07-09", **ERBIL, weapons=["drone"]), published="2021-07-09"),
        result("m4", _month(attack("2021-07-01", **IRAQ, weapons=["drone"])), published="2021-07-20"),
        result("m5", attack("2021-07-09", **ERBIL, weapons=["drone"]), published="2021-07-10"),
        result("m6", _month(attack("2021-07-01", **IRAQ)), attack("2021-07-07", **AAA, weapons=[]),
               published="2021-07-30"),
    ]


def incidents(store: Store) -> list[tuple[str, tuple[str, ...]]]:
    """Active incidents as (id, sorted mention keys)."""
    with store.session() as s:
        names = {aid: sid for aid, sid in s.execute(select(ArticleRow.id, ArticleRow.source_id))}
        groups: dict[str, list[str]] = defaultdict(list)
        q = select(MentionRow.incident_id, MentionRow.article_id, MentionRow.position).where(
            MentionRow.superseded_at.is_(None)
        )
        for inc, aid, pos in s.execute(q):
            groups[str(inc)].append(f"{names[aid]}#{pos}")
        active = set(s.scalars(select(IncidentRow.id).where(IncidentRow.status == "active")))
    assert set(groups) == active
    return sorted((inc, tuple(sorted(keys))) for inc, keys in groups.items())


def _ingest_in(tmp_path: Path, name: str, batches: list[list[ExtractionResult]], chunk: int) -> list[Any]:
    store = open_store(f"sqlite:///{tmp_path / name}.db")
    try:
        for batch in batches:
            ingest_articles(store, batch, chunk_size=chunk)
        return incidents(store)
    finally:
        store.close()


def test_every_order_and_batching_gives_the_same_incidents_and_ids(tmp_path: Path) -> None:
    once = _ingest_in(tmp_path, "once", [reports()], chunk=200)
    assert len(once) < sum(len(r.incidents) for r in reports())  # merging had work to do
    for trial in range(8):
        rng = random.Random(trial)
        items = reports()
        rng.shuffle(items)
        cut = rng.randrange(1, len(items))
        got = _ingest_in(tmp_path, f"t{trial}", [items[:cut], items[cut:]], chunk=rng.choice([1, 2, 3]))
        assert got == once, f"trial {trial}"


def test_an_incident_is_named_by_its_lowest_key_and_the_old_name_points_there(store: Store) -> None:
    """A report with a lower key joining an incident renames it; the old id stays, merged into the new."""
    ingest_articles(store, [result("b", attack())])
    ingest_articles(store, [result("a", attack(projectiles=3))])
    assert [i for i, _ in incidents(store)] == [incident_id_for("a#0")]
    with store.session() as s:
        old = s.get(IncidentRow, incident_id_for("b#0"))
        assert old is not None and (old.status, old.merged_into) == ("merged", incident_id_for("a#0"))


def test_an_analysts_pin_names_its_incident_whatever_joins_it(store: Store) -> None:
    ingest_articles(store, [result("b", attack())])
    with store.session() as s:
        confirm(s, incident_id_for("b#0"), "analyst", "checked")
    ingest_articles(store, [result("a", attack(projectiles=3))])
    assert incidents(store) == [(incident_id_for("b#0"), ("a#0", "b#0"))]


def test_a_reextracted_article_leaves_what_a_fresh_ingest_of_the_new_text_gives(tmp_path: Path) -> None:
    """The report that tied two others is reworded away: what it held together is regrouped as if it had
    never been stored."""
    changed = result("m3", attack("2021-07-09", **ERBIL, weapons=["drone"]), published="2021-07-09",
                     text="Report m3, corrected: drones hit Erbil.")
    before = [r for r in reports() if r.article.id != "m3"]
    store = open_store(f"sqlite:///{tmp_path / 'changed.db'}")
    try:
        ingest_articles(store, reports(), chunk_size=2)
        ingest_articles(store, [changed])
        got = incidents(store)
    finally:
        store.close()
    assert got == _ingest_in(tmp_path, "fresh", [[*before, changed]], chunk=200)
