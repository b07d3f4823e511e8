"""ACLED rows: precision codes and actor roles by category."""

from __future__ import annotations

from typing import Any

from salvo.export import ACLED_COLUMNS, acled_row


def _row(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "inc-1",
        "category": "attack",
        "date": "2024-01-01",
        "date_precision": "month",
        "weapons": ["drone"],
        "perpetrator": "unknown",
        "attribution": "none",
        "target": None,
        "place": None,
        "admin1": "Hasakah",
        "country": "SY",
        "lat": None,
        "lon": None,
        "location_precision": "admin1",
        "killed": None,
        "injured": None,
        "sources": [],
        "updated_at": None,
    }
    base.update(kw)
    return base


def test_month_precision_and_province_location_codes() -> None:
    row = acled_row(_row())
    assert set(row) == set(ACLED_COLUMNS)
    assert row["time_precision"] == 3 and row["geo_precision"] == 3 and row["iso"] == 760
    assert row["sub_event_type"] == "Air/drone strike" and row["actor1"] == "Unidentified Armed Group"


def test_strike_puts_us_forces_first() -> None:
    row = acled_row(_row(category="strike", weapons=["airstrike"], date_precision="day", target="a depot"))
    assert row["actor1"].startswith("Military Forces of the United States") and row["actor2"] == "a depot"
    assert row["time_precision"] == 1


def test_roadside_bomb_is_remote_explosive() -> None:
    assert acled_row(_row(weapons=["ied"]))["sub_event_type"] == "Remote explosive/landmine/IED"
