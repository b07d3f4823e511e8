"""``salvo ingest / incidents / show / export`` end to end on a real SQLite file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from salvo.cli import app

runner = CliRunner()


def _write_extracted(path: Path) -> None:
    lines = []
    for n, (date, injured, published) in enumerate([("2021-07-07", 3, "2021-07-07"), ("2021-07-07", 5, "2021-07-08")]):
        lines.append(
            {
                "article": {
                    "id": f"w{n}",
                    "title": None,
                    "outlet": f"Outlet {n}",
                    "url": f"https://o{n}.example/x",
                    "published": published,
                    "text": f"Story {n}: rockets struck the air base.",
                },
                "incidents": [
                    {
                        "category": "attack",
                        "date": date,
                        "date_precision": "day",
                        "weapons": ["rocket"],
                        "place": "Ain al-Asad Air Base",
                        "admin1": "Anbar",
                        "country": "IQ",
                        "lat": 33.7856,
                        "lon": 42.4412,
                        "location_precision": "site",
                        "injured": injured,
                        "evidence": [f"Story {n}: rockets struck the air base."],
                    }
                ],
            }
        )
    path.write_text("".join(json.dumps(x) + "\n" for x in lines) + "{broken\n", encoding="utf-8")


def test_ingest_list_show_export(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'salvo.db'}"
    src = tmp_path / "extracted.jsonl"
    _write_extracted(src)
    res = runner.invoke(app, ["ingest", "--db", db, "--from-extracted", str(src)])
    assert res.exit_code == 0, res.output
    assert "extracted.jsonl:3" in res.output  # the broken line is named, the batch goes on
    again = runner.invoke(app, ["ingest", "--db", db, "--from-extracted", str(src)])
    assert "unchanged 2" in again.output

    listed = json.loads(runner.invoke(app, ["incidents", "--db", db, "--json", "--country", "IQ"]).output)
    assert listed["total"] == 1
    inc = listed["incidents"][0]
    assert inc["injured"] == 5 and inc["n_sources"] == 2
    table = runner.invoke(app, ["incidents", "--db", db])
    assert inc["id"] in table.output

    shown = runner.invoke(app, ["show", inc["id"], "--db", db])
    assert shown.exit_code == 0 and "reported: 3" in shown.output and "rockets struck" in shown.output
    assert runner.invoke(app, ["show", "inc-missing", "--db", db]).exit_code == 1

    out = tmp_path / "m.jsonl"
    assert runner.invoke(app, ["export", "--db", db, "-f", "mentions", "-o", str(out)]).exit_code == 0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert {i["incident_id"] for line in lines for i in line["incidents"]} == {inc["id"]}

    acled = runner.invoke(app, ["export", "--db", db, "-f", "acled"]).output
    row = next(csv.DictReader(io.StringIO(acled)))
    assert row["event_id_cnty"] == inc["id"] and row["time_precision"] == "1" and row["geo_precision"] == "1"
    assert row["country"] == "Iraq" and row["actor2"].startswith("Military Forces of the United States")

    geo = json.loads(runner.invoke(app, ["export", "--db", db, "-f", "geojson"]).output)
    assert geo["features"][0]["geometry"]["coordinates"] == [42.4412, 33.7856]
    csv_rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["export", "--db", db, "-f", "csv"]).output)))
    assert csv_rows[0]["weapons"] == "rocket"
    pq_path = tmp_path / "i.parquet"
    assert runner.invoke(app, ["export", "--db", db, "-f", "parquet", "-o", str(pq_path)]).exit_code == 0
    assert pq.read_table(pq_path).num_rows == 1
    assert runner.invoke(app, ["export", "--db", db, "-f", "parquet"]).exit_code != 0


def test_bad_database_url_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    res = runner.invoke(app, ["incidents", "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert res.exit_code == 2 and "cannot open database" in res.output
