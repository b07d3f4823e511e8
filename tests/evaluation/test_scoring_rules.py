"""SCHEMA scoring rules, one phenomenon per test, on small records we write."""

from __future__ import annotations

from typing import Any

from salvo.evaluation import ActorAliases, score_corpus
from salvo.evaluation.assignment import max_weight_pairs
from salvo.evaluation.rules import agrees, can_pair, is_gold_slot

TEXT = "Rockets struck the base on Tuesday. No one was hurt."
ALIASES = ActorAliases(
    [{"name": "IRGC Quds Force", "aliases": ["Quds Force"]}, {"name": "Iran", "aliases": []}]
)


def inc(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "category": "attack",
        "date": "2021-03-02",
        "date_precision": "day",
        "country": "IQ",
        "lat": 33.8,
        "lon": 42.44,
        "location_precision": "site",
        "place": "Ain al-Asad",
        "weapons": ["rocket"],
        "perpetrator": "unknown",
        "attribution": "none",
        "killed": 0,
        "injured": 0,
        "projectiles": None,
        "evidence": [TEXT[:35]],
    }
    base.update(over)
    return base


def score(golds: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, Any]:
    article = {"id": "a", "text": TEXT}
    return score_corpus(
        {"a": {"article": article, "incidents": golds}},
        {"a": {"article": article, "incidents": preds}},
        ALIASES,
    ).to_json()


def test_date_one_day_off_pairs_but_is_scored_wrong() -> None:
    assert can_pair(inc(), inc(date="2021-03-03"))
    assert agrees("date", inc(), inc(date="2021-03-03"), ALIASES) is False


def test_date_two_days_off_does_not_pair() -> None:
    assert not can_pair(inc(), inc(date="2021-03-04"))


def test_week_precision_accepts_any_day_of_that_week() -> None:
    gold = inc(date="2021-03-03", date_precision="week")  # a Wednesday: week of Monday 1 March
    assert agrees("date", gold, inc(date="2021-03-07"), ALIASES) is True
    assert agrees("date", gold, inc(date="2021-03-08"), ALIASES) is False


def test_other_country_does_not_pair_unknown_country_does() -> None:
    assert not can_pair(inc(), inc(country="SY"))
    assert can_pair(inc(), inc(country=None))


def test_location_within_30_km_is_right_and_farther_is_wrong() -> None:
    assert agrees("location", inc(), inc(lat=33.95, lon=42.44), ALIASES) is True  # about 17 km
    assert agrees("location", inc(), inc(lat=34.2, lon=42.44), ALIASES) is False  # about 44 km


def test_admin1_precision_compares_provinces() -> None:
    gold = inc(location_precision="admin1", admin1="Anbar", lat=None, lon=None)
    assert agrees("location", gold, inc(admin1="al-Anbar"), ALIASES) is True
    assert agrees("location", gold, inc(admin1="Nineveh"), ALIASES) is False


def test_quds_force_counts_as_iran() -> None:
    assert agrees("perpetrator", inc(perpetrator="Iran"), inc(perpetrator="Quds Force"), ALIASES) is True


def test_acceptable_values_list_and_unscored_star() -> None:
    assert agrees("killed", inc(killed=[0, 1]), inc(killed=1), ALIASES) is True
    assert agrees("killed", inc(killed="*"), inc(killed=5), ALIASES) is None


def test_null_among_acceptable_values_is_a_slot_only_when_predicted() -> None:
    gold = inc(killed=[0, None])
    assert is_gold_slot("killed", gold, True) and not is_gold_slot("killed", gold, False)
    assert not is_gold_slot("killed", inc(killed=None), True)


def test_optional_gold_neither_rewards_nor_penalises() -> None:
    optional = inc(optional=True, date="2020-01-08")
    assert score([optional], [])["incidents"] == score([optional], [inc(date="2020-01-08")])["incidents"]
    assert score([optional], [])["incidents"]["fn"] == 0


def test_more_pairs_beats_more_agreeing_fields() -> None:
    weights = {(0, 0): 108, (0, 1): 101, (1, 0): 101}
    assert sorted(max_weight_pairs(weights, 2, 2)) == [(0, 1), (1, 0)]


def test_two_real_incidents_under_one_id_lower_bcubed_precision() -> None:
    golds = [inc(event_key="x"), inc(event_key="y", date="2021-03-10")]
    preds = [inc(incident_id="same"), inc(incident_id="same", date="2021-03-10")]
    merge = score(golds, preds)["merge_bcubed"]
    assert merge["recall"] == 1.0 and merge["precision"] == 0.5


def test_evidence_not_in_the_text_lowers_grounding() -> None:
    figures = score([inc()], [inc(evidence=[TEXT[:35], "Words the article never wrote."])])
    assert figures["grounding"] == {"evidence": 2, "verbatim": 1, "share": 0.5}
