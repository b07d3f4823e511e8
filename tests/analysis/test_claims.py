"""`salvo claims`: first report, claim and accusation per attack, with gaps in days; shares claimed."""

from __future__ import annotations

import json
from pathlib import Path

from tests.analysis.reports import ingest_reports, report
from typer.testing import CliRunner

from salvo.cli import app

runner = CliRunner()

# (article n, published, place, attack date, perpetrator, attribution): reports we write.
REPORTS = [
    (1, "2024-01-05", "Al-Tanf Garrison", "2024-01-04", "unknown", "none"),
    (2, "2024-01-06", "Al-Tanf Garrison", "2024-01-04", "Islamic Resistance in Iraq", "claimed"),
    (3, "2024-01-09", "Al-Tanf Garrison", "2024-01-04", "Kata'ib Hezbollah", "accused"),
    (4, "2024-02-10", "Harir Air Base", "2024-02-10", "unknown", "none"),
]


def _database(tmp_path: Path) -> str:
    lines = []
    for n, published, place, date, perpetrator, attribution in REPORTS:
        sentence = f"Report {n}: a drone struck {place}."
        incident = {"category": "attack", "date": date, "date_precision": "day", "weapons": ["drone"],
                    "place": place, "country": "SY" if "Tanf" in place else "IQ", "location_precision": "site",
                    "perpetrator": perpetrator, "attribution": attribution, "evidence": [sentence]}
        article = {"id": f"m{n}", "url": f"https://m{n}.example/x", "outlet": f"Outlet {n}", "published": published,
                   "text": sentence}
        lines.append(report(article, incident))
    return ingest_reports(tmp_path, lines)


def test_timeline_orders_report_claim_and_accusation_with_gaps(tmp_path: Path) -> None:
    db = _database(tmp_path)
    res = runner.invoke(app, ["claims", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    tanf = next(t for t in out["timelines"] if t["first_report"] == "2024-01-05")
    assert (tanf["days_to_claim"], tanf["claimant"], tanf["claim_source"]) == (1, "Islamic Resistance in Iraq",
                                                                               "Outlet 2")
    assert (tanf["days_to_accusation"], tanf["accused"]) == (4, "Kata'ib Hezbollah")
    harir = next(t for t in out["timelines"] if t["first_report"] == "2024-02-10")
    assert harir["claim"] is None and harir["days_to_claim"] is None


def test_share_claimed_by_month_and_group(tmp_path: Path) -> None:
    db = _database(tmp_path)
    shares = json.loads(runner.invoke(app, ["claims", "--db", db, "--json"]).output)["shares"]
    assert (shares["incidents"], shares["claimed"], shares["share"]) == (2, 1, 0.5)
    assert [(m["month"], m["share"]) for m in shares["by_month"]] == [("2024-01", 1.0), ("2024-02", 0.0)]
    assert [g["group"] for g in shares["by_group"]] == ["Islamic Resistance in Iraq"]
