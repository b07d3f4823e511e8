"""A front's Telegram channel, exported by Telegram Desktop, through ``salvo extract`` and ``salvo ingest``
(a real SQLite file): claims give claimed incidents on the messages' days at the bases they name, vows
give none, and the messages that are no articles are counted in the run summary. The export is ours."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from salvo.cli import app

runner = CliRunner()

ARABIC_CLAIM = "المقاومة الإسلامية في العراق تعلن استهداف قاعدة عين الأسد بطائرة مسيرة"
ENGLISH_CLAIM = "The Islamic Resistance in Iraq announces targeting the Harir base in Erbil with a drone."
ARABIC_VOW = "سنواصل استهداف قواعد الاحتلال الأمريكي في عين الأسد وحرير حتى خروجها من أرضنا"
ENGLISH_VOW = "We will continue to target the occupation forces at Ain al-Asad base until they leave our land."


def _message(ident: int, date: str, text: Any, **more: Any) -> dict[str, Any]:
    return {"id": ident, "type": "message", "date": date, "date_unixtime": "0", "from": "Test Front", "text": text,
            "text_entities": [], **more}


def write_export(folder: Path) -> Path:
    """A channel export as Telegram Desktop lays it out: a folder holding result.json (and media)."""
    messages = [
        {"id": 1, "type": "service", "date": "2024-01-19T09:00:00", "date_unixtime": "0",
         "actor": "Test Front", "action": "create_channel", "title": "Test Front", "text": "", "text_entities": []},
        _message(2, "2024-01-20T23:40:12", [{"type": "bold", "text": "بيان"}, "\n" + ARABIC_CLAIM + " ",
                                            {"type": "hashtag", "text": "#المقاومة_الإسلامية"}]),
        _message(3, "2024-01-22T08:05:00", ENGLISH_CLAIM, edited="2024-01-22T08:07:00"),
        _message(4, "2024-01-23T12:00:00", ENGLISH_VOW, forwarded_from="Another Test Channel"),
        _message(5, "2024-01-23T12:30:00", ARABIC_VOW),
        _message(6, "2024-01-23T13:00:00", "", photo="photos/photo_1.jpg"),
    ]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "result.json"
    data = {"name": "Test Front", "type": "public_channel", "id": 1987654321, "messages": messages}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


CLAIMS = {("2024-01-20", "Ain al-Asad Air Base"), ("2024-01-22", "Harir Air Base")}


def test_extract_reads_the_export_claims_as_claims_and_vows_as_nothing(tmp_path: Path) -> None:
    write_export(tmp_path / "export")
    res = runner.invoke(app, ["extract", str(tmp_path / "export")])
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    by_message = {line["article"]["id"]: line for line in lines}
    assert set(by_message) == {f"tg-1987654321-{n}" for n in (2, 3, 4, 5)}
    found = {(i["date"], i["place"]) for line in lines for i in line["incidents"]}
    assert found == CLAIMS
    for ident in ("tg-1987654321-2", "tg-1987654321-3"):
        (incident,) = by_message[ident]["incidents"]
        assert (incident["attribution"], incident["perpetrator"]) == ("claimed", "Islamic Resistance in Iraq")
        assert incident["date"] == by_message[ident]["article"]["published"]
        assert all(ev in by_message[ident]["article"]["text"] for ev in incident["evidence"])
    assert by_message["tg-1987654321-2"]["article"]["language"] == "ar"
    assert by_message["tg-1987654321-2"]["article"]["outlet"] == "Test Front"
    assert by_message["tg-1987654321-4"]["article"]["forwarded_from"] == "Another Test Channel"
    assert "skipped, not articles: telegram_message_without_text 1, telegram_service_message 1" in res.stderr


def test_ingest_stores_the_two_claims_and_counts_what_is_no_article(tmp_path: Path) -> None:
    path = write_export(tmp_path / "export")
    db = tmp_path / "salvo.db"
    res = runner.invoke(app, ["ingest", "--db", f"sqlite:///{db}", str(path)])
    assert res.exit_code == 0, res.output
    listed = runner.invoke(app, ["incidents", "--db", f"sqlite:///{db}", "--json"])
    incidents = json.loads(listed.stdout)["incidents"]
    assert {(i["date"], i["place"]) for i in incidents} == CLAIMS
    assert {(i["attribution"], i["perpetrator"]) for i in incidents} == {("claimed", "Islamic Resistance in Iraq")}
    with sqlite3.connect(db) as conn:
        stored = dict(conn.execute("select source_id, outlet from articles").fetchall())
        (summary,) = [json.loads(s) for (s,) in conn.execute("select summary from runs")]
    assert {"tg-1987654321-2", "tg-1987654321-3", "tg-1987654321-5"} <= set(stored)
    assert set(stored.values()) == {"Test Front"}
    assert summary["skipped"] == {"telegram_service_message": 1, "telegram_message_without_text": 1}
    assert summary["read"] == 4 and summary["incidents"] == 2
    assert "skipped: " in res.output and "telegram_service_message 1" in res.output
