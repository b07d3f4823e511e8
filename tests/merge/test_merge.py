"""Merging reports of one incident: pairwise rules on texts we write, and the bar on the gold."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from tests.merge.gold_util import bcubed, gold_result, read_gold_lines, scored_pairs

from salvo.merge import assign_incident_ids, is_match, match_score
from salvo.model import Article, ExtractionResult, Incident

AAA = {
    "place": "Ain al-Asad Air Base",
    "admin1": "Anbar",
    "country": "IQ",
    "lat": 33.7856,
    "lon": 42.4412,
    "location_precision": "site",
}
ERBIL_AIRPORT = {
    "place": "Erbil International Airport",
    "admin1": "Erbil",
    "country": "IQ",
    "lat": 36.2375,
    "lon": 43.9631,
    "location_precision": "site",
}
ERBIL_CITY = {
    "place": "Erbil",
    "admin1": "Erbil",
    "country": "IQ",
    "lat": 36.1833,
    "lon": 44.0167,
    "location_precision": "city",
}


def inc(category: str = "attack", date: str | None = "2021-07-07", prec: str | None = "day", **kw: Any) -> Incident:
    return Incident(
        category=category,
        date=dt.date.fromisoformat(date) if date else None,  # type: ignore[arg-type]
        date_precision=prec,
        **kw,
    )  # type: ignore[arg-type]


def result(aid: str, *incidents: Incident) -> ExtractionResult:
    return ExtractionResult(Article(id=aid, text=""), list(incidents))


def test_same_day_same_base_different_counts_is_one_incident() -> None:
    a = inc(weapons=["rocket"], projectiles=10, **AAA)
    b = inc(weapons=["rocket"], projectiles=14, injured=3, **AAA)
    assert is_match(a, b)


def test_different_categories_never_match() -> None:
    assert match_score(inc("attack", **AAA), inc("strike", **AAA)) is None


def test_dates_a_week_apart_do_not_match() -> None:
    assert match_score(inc(date="2021-07-07", **AAA), inc(date="2021-07-14", **AAA)) is None


def test_adjacent_days_match_local_time_slack() -> None:
    a = inc(date="2021-07-06", weapons=["drone"], **AAA)
    assert is_match(a, inc(date="2021-07-07", weapons=["drone"], **AAA))


def test_month_precision_contains_day_in_that_month() -> None:
    assert match_score(inc(date="2021-07-01", prec="month", **AAA), inc(date="2021-07-20", **AAA)) is not None
    assert match_score(inc(date="2021-07-01", prec="month", **AAA), inc(date="2021-08-02", **AAA)) is None


def test_city_contains_nearby_site() -> None:
    assert is_match(inc(weapons=["drone"], **ERBIL_CITY), inc(weapons=["drone"], **ERBIL_AIRPORT))


def test_distant_sites_do_not_match() -> None:
    assert match_score(inc(**AAA), inc(**ERBIL_AIRPORT)) is None


def test_other_country_does_not_match() -> None:
    assert match_score(inc(country="IQ"), inc(country="SY")) is None


def test_disjoint_weapon_families_lower_the_score() -> None:
    same = match_score(inc(weapons=["rocket"], **AAA), inc(weapons=["rocket"], **AAA))
    other = match_score(inc(weapons=["rocket"], **AAA), inc(weapons=["drone"], **AAA))
    assert same is not None and other is not None and other < same


def test_two_incidents_of_one_article_never_merge() -> None:
    run = [result("x", inc(weapons=["rocket"], **AAA), inc(weapons=["rocket"], **AAA))]
    assign_incident_ids(run)
    assert run[0].incidents[0].incident_id != run[0].incidents[1].incident_id


def test_undated_report_fitting_two_incidents_stays_alone() -> None:
    run = [
        result("a", inc(date="2021-07-07", weapons=["drone"], **AAA)),
        result("b", inc(date="2021-09-01", weapons=["drone"], **AAA)),
        result("c", inc(date=None, prec=None, weapons=["drone"], **AAA)),
    ]
    assign_incident_ids(run)
    ids = [r.incidents[0].incident_id for r in run]
    assert len(set(ids)) == 3


def test_ids_are_deterministic_and_order_independent() -> None:
    def run() -> list[ExtractionResult]:
        return [
            result("a", inc(weapons=["rocket"], **AAA)),
            result("b", inc(weapons=["rocket"], **AAA)),
            result("c", inc(date="2021-08-01", weapons=["drone"], **ERBIL_AIRPORT)),
        ]

    first, second = run(), run()[::-1]
    assign_incident_ids(first)
    assign_incident_ids(second)
    ids1 = {r.article.id: r.incidents[0].incident_id for r in first}
    ids2 = {r.article.id: r.incidents[0].incident_id for r in second}
    assert ids1 == ids2
    assert ids1["a"] == ids1["b"] != ids1["c"]
    assert str(ids1["a"]).startswith("inc-")


#: B-cubed bars per gold set: dev+seeds keeps its original 0.95 (measured 0.962, 0.955 with reports told
#: together); the English three together: 0.923 when dev2 arrived (commit c94bd34), 0.953 once reports told
#: beside each other in two articles support each other (co_report_bonus).
GOLD_MERGE_BARS = {"dev+seeds": 0.95, "english": 0.94}


@pytest.mark.parametrize(("gold_set", "bar"), GOLD_MERGE_BARS.items())
def test_gold_incidents_group_like_event_keys(
    gold_sets: dict[str, list[Path]], gold_set: str, bar: float
) -> None:
    rows = read_gold_lines(gold_sets[gold_set])
    random.Random(7).shuffle(rows)
    results = [gold_result(r) for r in rows]
    assign_incident_ids(results)
    assert bcubed(scored_pairs(rows, results)) >= bar


def test_an_undated_report_at_the_same_site_with_the_same_weapons_joins_the_dated_one() -> None:
    dated = result("a", inc(weapons=["ied"], **AAA))
    undated = result("b", inc(date=None, prec=None, weapons=["ied"], killed=0, **AAA))
    assign_incident_ids([dated, undated])
    assert dated.incidents[0].incident_id == undated.incidents[0].incident_id


def test_an_undated_report_whose_count_clashes_stays_apart() -> None:
    dated = result("a", inc(weapons=["rocket"], projectiles=1, **AAA))
    undated = result("b", inc(date=None, prec=None, weapons=["rocket"], projectiles=2, **AAA))
    assign_incident_ids([dated, undated])
    assert dated.incidents[0].incident_id != undated.incidents[0].incident_id


def test_an_undated_report_that_fits_two_dated_incidents_at_one_site_stays_apart() -> None:
    first = result("a", inc(date="2021-07-07", weapons=["rocket"], **AAA))
    second = result("b", inc(date="2021-09-01", weapons=["rocket"], **AAA))
    undated = result("c", inc(date=None, prec=None, weapons=["rocket"], **AAA))
    assign_incident_ids([first, second, undated])
    assert undated.incidents[0].incident_id not in {first.incidents[0].incident_id, second.incidents[0].incident_id}


def test_an_undated_report_sharing_only_a_town_needs_more_than_the_weapon() -> None:
    baghdad = {"place": "Baghdad", "admin1": "Baghdad", "country": "IQ", "lat": 33.3333, "lon": 44.4333,
               "location_precision": "city"}
    dated = result("a", inc("strike", weapons=["airstrike"], **baghdad))
    undated = result("b", inc("strike", date=None, prec=None, weapons=["airstrike"], **baghdad))
    assign_incident_ids([dated, undated])
    assert dated.incidents[0].incident_id != undated.incidents[0].incident_id


DEIR = {"place": "Deir ez-Zor", "admin1": "Deir ez-Zor", "country": "SY", "lat": 35.3333, "lon": 40.15,
        "location_precision": "city"}
HASAKAH = {"place": "Al-Hasakah", "admin1": "Al-Hasakah", "country": "SY", "lat": 36.5, "lon": 40.75,
           "location_precision": "city"}


def test_two_undated_strikes_answering_one_shared_attack_are_one_strike() -> None:
    a = result("a", inc(date="2023-03-23", weapons=["drone"], killed=1, **HASAKAH),
               inc("strike", date=None, prec=None, weapons=["airstrike"], **DEIR))
    b = result("b", inc(date="2023-03-23", weapons=["drone"], killed=1, **HASAKAH),
               inc("strike", date=None, prec=None, weapons=["airstrike"], **DEIR))
    lone = result("c", inc("strike", date=None, prec=None, weapons=["airstrike"], **DEIR))
    assign_incident_ids([a, b, lone])
    assert a.incidents[0].incident_id == b.incidents[0].incident_id
    assert a.incidents[1].incident_id == b.incidents[1].incident_id
    assert lone.incidents[0].incident_id != a.incidents[1].incident_id


def test_sharing_a_background_strike_does_not_tie_two_undated_strikes() -> None:
    famous = {"place": "Baghdad International Airport", "country": "IQ", "location_precision": "site",
              "lat": 33.2625, "lon": 44.2344}
    a = result("a", inc("strike", date="2020-01-03", weapons=["airstrike"], **famous),
               inc("strike", date=None, prec=None, weapons=["airstrike"], **DEIR))
    b = result("b", inc("strike", date="2020-01-03", weapons=["airstrike"], **famous),
               inc("strike", date=None, prec=None, weapons=["airstrike"], **DEIR))
    assign_incident_ids([a, b])
    assert a.incidents[0].incident_id == b.incidents[0].incident_id
    assert a.incidents[1].incident_id != b.incidents[1].incident_id


def test_an_undated_strike_with_two_fitting_strikes_in_the_other_article_stays_apart() -> None:
    a = result("a", inc(date="2023-03-23", weapons=["drone"], **HASAKAH),
               inc("strike", date=None, prec=None, weapons=["airstrike"], **DEIR))
    b = result("b", inc(date="2023-03-23", weapons=["drone"], **HASAKAH),
               inc("strike", date=None, prec=None, weapons=["airstrike"], **DEIR),
               inc("strike", date=None, prec=None, weapons=["airstrike"], country="SY"))
    assign_incident_ids([a, b])
    assert a.incidents[1].incident_id not in {b.incidents[1].incident_id, b.incidents[2].incident_id}


GREEN = {"place": "Green Village", "admin1": "Deir ez-Zor", "country": "SY", "lat": 35.05, "lon": 40.55,
         "location_precision": "site"}
SHADDADI = {"place": "Al-Shaddadi", "admin1": "Al-Hasakah", "country": "SY", "lat": 36.06, "lon": 40.73,
            "location_precision": "city"}
HASAKAH_PROVINCE = {"admin1": "Al-Hasakah", "country": "SY", "location_precision": "admin1"}
DEIR_PROVINCE = {"admin1": "Deir ez-Zor", "country": "SY", "location_precision": "admin1"}
UNDATED: dict[str, Any] = {"date": None, "prec": None}


def test_two_undated_attacks_join_the_article_that_tells_the_same_two() -> None:
    undated = result("a", inc(**UNDATED, weapons=["rocket"], killed=0, **GREEN),
                     inc(**UNDATED, weapons=["rocket"], projectiles=2, **SHADDADI))
    dated = result("b", inc(date="2022-11-17", weapons=["rocket"], killed=0, **GREEN),
                   inc(date="2022-11-25", weapons=["rocket"], projectiles=2, **SHADDADI))
    later = result("c", inc(date="2024-11-11", weapons=["rocket"], killed=0, **SHADDADI))  # a rival alone
    assign_incident_ids([undated, dated, later])
    assert [i.incident_id for i in undated.incidents] == [i.incident_id for i in dated.incidents]
    run = (undated, dated, later)
    first = {(r.article.id, k): i.incident_id for r in run for k, i in enumerate(r.incidents)}
    assign_incident_ids([later, dated, undated])  # the same ids whatever the order
    assert first == {(r.article.id, k): i.incident_id for r in run for k, i in enumerate(r.incidents)}


def test_an_undated_attack_told_beside_its_answering_strike_joins_that_story() -> None:
    undated = result("a", inc(**UNDATED, weapons=["drone"], killed=1, **HASAKAH_PROVINCE),
                     inc("strike", **UNDATED, weapons=["airstrike"], **DEIR_PROVINCE))
    dated = result("b", inc(date="2023-03-23", weapons=["drone"], killed=1, **HASAKAH),
                   inc("strike", date="2023-03-24", weapons=["airstrike"], **DEIR))
    other = result("c", inc(date="2023-09-02", weapons=["drone"], **HASAKAH))
    assign_incident_ids([undated, dated, other])
    assert undated.incidents[0].incident_id == dated.incidents[0].incident_id
    assert undated.incidents[1].incident_id == dated.incidents[1].incident_id


def test_a_background_strike_told_beside_does_not_lift_an_undated_attack() -> None:
    famous = {"place": "Baghdad International Airport", "country": "IQ", "location_precision": "site",
              "lat": 33.2625, "lon": 44.2344}
    undated = result("a", inc("strike", date="2020-01-03", weapons=["airstrike"], **famous),
                     inc(**UNDATED, weapons=["rocket"], **ERBIL_CITY))
    dated = result("b", inc("strike", date="2020-01-03", weapons=["airstrike"], **famous),
                   inc(date="2023-12-25", weapons=["rocket"], **ERBIL_CITY))
    assign_incident_ids([undated, dated])
    assert undated.incidents[1].incident_id != dated.incidents[1].incident_id


def test_a_timeline_of_attacks_at_one_place_lifts_no_undated_report() -> None:
    undated = result("a", inc(**UNDATED, weapons=["rocket"], **ERBIL_CITY),
                     inc("strike", **UNDATED, weapons=["airstrike"], **DEIR_PROVINCE))
    timeline = result("b", inc(date="2021-02-15", weapons=["rocket"], **ERBIL_CITY),
                      inc(date="2021-03-01", weapons=["rocket"], **ERBIL_CITY),
                      inc("strike", date="2021-02-25", weapons=["airstrike"], **DEIR))
    assign_incident_ids([undated, timeline])
    assert undated.incidents[0].incident_id not in {i.incident_id for i in timeline.incidents}


def test_a_country_only_report_beside_a_named_base_is_the_other_attack_of_that_day() -> None:
    harir = {"place": "Harir Air Base", "admin1": "Erbil", "country": "IQ", "lat": 36.536, "lon": 44.352,
             "location_precision": "site"}
    both = result("a", inc(date="2023-10-18", weapons=["drone"], **AAA),
                  inc(date="2023-10-18", weapons=["drone"], country="IQ", location_precision="country"))
    base = result("b", inc(date="2023-10-18", weapons=["drone"], **AAA))
    other = result("c", inc(date="2023-10-18", weapons=["drone"], **harir))
    assign_incident_ids([both, base, other])
    assert both.incidents[0].incident_id == base.incidents[0].incident_id
    assert both.incidents[1].incident_id == other.incidents[0].incident_id


def test_the_support_of_reports_told_together_costs_no_more_than_the_pairs() -> None:
    """Hundreds of one-report articles about one day: the bonus is looked up per pair, not per article pair."""
    from salvo.merge import context
    from salvo.merge.cluster import Node, _units, candidate_pairs
    from salvo.merge.score import Facts

    calls = 0
    real = context.facts_score

    def counting(a: Any, b: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(a, b)

    nodes = [Node(Facts.of(inc(**UNDATED if k % 2 else {}, weapons=["rocket"], **AAA)), k, f"a{k:04d}#0")
             for k in range(300)]
    units = _units(nodes)
    pairs = {(min(a, b), max(a, b)) for i, j in candidate_pairs(units) for a in units[i].members
             for b in units[j].members}  # the report pairs behind the unit pairs
    orig, context.facts_score = context.facts_score, counting
    try:
        context.co_report_bonus(nodes, pairs)
    finally:
        context.facts_score = orig
    assert calls <= 4 * len(pairs)
