"""``salvo ingest / incidents / show / export`` end to end on a real SQLite file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from salvo.cli import app
from salvo.model import Article

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
    assert res.exit_code == 1, res.output  # something failed: non-zero, but the batch went on
    assert "extracted.jsonl:3" in res.output  # the broken line is named
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


# ---- salvo ingest: URL inputs, pre-filter, unsupported languages, run record --------------------------------

REPORT = [
    "Three rockets struck Ain al-Asad Air Base in western Iraq on Sunday, the US-led coalition said.",
    "Two American service members were lightly wounded in the attack, a coalition spokesman said.",
    "No group has claimed responsibility for the rocket attack so far.",
]
LIBRARY = [
    "The city council approved a new budget for public libraries on Monday evening after a long debate.",
    "Opening hours will be extended on weekends, and the children's section is to be renovated in spring.",
]
PAGE = (
    "<html><head><meta charset='utf-8'><title>Rockets strike air base</title>"
    "<meta property='article:published_time' content='2021-03-07'></head><body>"
    "<article><h1>Rockets strike air base</h1>" + "".join(f"<p>{p}</p>" for p in REPORT) + "</article></body></html>"
).encode()


class _Pages(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        body, status = (PAGE, 200) if self.path == "/report.html" else (b"not found", 404)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def site() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving one report page; yields 'host:port'."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    try:
        yield f"{host!s}:{port}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _runs(db: Path) -> list[tuple[str, int, int, int, dict[str, Any]]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select kind, read, relevant, errors, summary from runs order by id").fetchall()
    return [(k, r, rel, e, json.loads(s)) for k, r, rel, e, s in rows]


def _articles(db: Path) -> list[tuple[str | None, str | None, int]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "select a.url, a.extra, (select count(*) from mentions m where m.article_id = a.id) from articles a"
        ).fetchall()


def test_url_on_loopback_is_refused_unless_allowed(tmp_path: Path, site: str) -> None:
    db = tmp_path / "salvo.db"
    url = f"http://{site}/report.html"
    refused = runner.invoke(app, ["ingest", "--db", f"sqlite:///{db}", url])
    assert "cannot fetch" in refused.output and url in refused.output
    assert _articles(db) == []

    allowed = runner.invoke(app, ["ingest", "--db", f"sqlite:///{db}", "--allow-host", site, url])
    assert allowed.exit_code == 0, allowed.output
    [(stored_url, _, mentions)] = _articles(db)
    assert stored_url == url and mentions == 1

    private = runner.invoke(app, ["ingest", "--db", f"sqlite:///{db}", "--allow-private-hosts", url])
    assert private.exit_code == 0 and "unchanged 1" in private.output


def test_allow_host_needs_host_and_port(tmp_path: Path) -> None:
    res = runner.invoke(app, ["ingest", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--allow-host", "localhost", "x"])
    assert res.exit_code == 2 and "HOST:PORT" in res.output


def test_prefilter_drops_unrelated_and_unsupported_language_is_kept_marked_and_reported(tmp_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    records = [
        {"id": "en-report", "url": "https://a.example/1", "published": "2021-03-07", "text": " ".join(REPORT)},
        {"id": "library", "url": "https://a.example/2", "published": "2021-03-07", "text": " ".join(LIBRARY)},
        {
            "id": "fr-report",
            "url": "https://b.example/1",
            "published": "2021-03-07",
            "language": "fr",
            "text": "Trois roquettes ont frappé une base en Irak dimanche, selon la coalition menée "
            "par les États-Unis.",
        },
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in records) + "{broken\n", encoding="utf-8")
    db = tmp_path / "salvo.db"
    res = runner.invoke(app, ["ingest", "--db", f"sqlite:///{db}", str(src)])
    assert res.exit_code == 1, res.output  # the broken line fails the status, not the batch
    assert "mixed.jsonl:4" in res.output  # the broken line, named
    assert "dropped by pre-filter" in res.output and "unsupported language): fr 1" in res.output
    stored = {url: (json.loads(extra) if extra else None, mentions) for url, extra, mentions in _articles(db)}
    assert set(stored) == {"https://a.example/1", "https://b.example/1"}
    assert stored["https://a.example/1"][1] == 1
    assert stored["https://b.example/1"] == ({"not_extracted": "unsupported language: fr"}, 0)
    [(kind, read, relevant, errors, summary)] = _runs(db)  # one run row: the CLI's, not one per layer
    assert (kind, read, relevant, errors) == ("ingest", 4, 1, 1)
    assert summary["incidents"] == 1 and summary["unsupported_language"] == {"fr": 1}
    assert sum(summary["dropped_by_prefilter"].values()) == 1


def test_warc_pages_pass_the_raw_prefilter(tmp_path: Path) -> None:
    def page(title: str, paragraphs: list[str]) -> bytes:
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        return f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>".encode()

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, payload in (
            ("https://c.example/report", page("Rockets strike air base", REPORT)),
            ("https://c.example/library", page("Library hours extended", LIBRARY)),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
            )
    db = tmp_path / "salvo.db"
    res = runner.invoke(app, ["ingest", "--db", f"sqlite:///{db}", str(path)])
    assert res.exit_code == 0, res.output
    assert [url for url, _, _ in _articles(db)] == ["https://c.example/report"]
    [(_, read, relevant, errors, summary)] = _runs(db)
    assert (read, relevant, errors) == (2, 1, 0) and summary["dropped_by_prefilter"] == {"raw_prefilter": 1}


def test_only_articles_without_a_run_kind_record_no_run(tmp_path: Path) -> None:
    from salvo.store import open_store
    from salvo.store.ingest import ingest_articles
    from salvo.store.models import RunRow

    store = open_store(f"sqlite:///{tmp_path / 'salvo.db'}")
    article = Article(id="r", text=" ".join(REPORT), published=dt.date(2021, 3, 7), url="https://d.example/r")
    ingest_articles(store, [article], run_kind=None)
    with store.session() as session:
        assert session.query(RunRow).count() == 0
    ingest_articles(store, [article])
    with store.session() as session:
        assert [r.kind for r in session.query(RunRow)] == ["ingest"]
    store.close()


def test_articles_that_do_not_say_their_language_are_detected_kept_and_reported(tmp_path: Path) -> None:
    """The input does not name an article's language: an Arabic or Spanish report must not be read as
    English, judged irrelevant by the English pre-filter and lost without a line in the summary."""
    src = tmp_path / "unlabelled.jsonl"
    records = [
        {"id": "ar-report", "published": "2023-11-17",
         "text": "استهدفت طائرة مسيرة قاعدة حرير التي تضم قوات التحالف الدولي في أربيل صباح اليوم، "
                 "ولم تسفر عن إصابات بحسب مصادر أمنية."},
        {"id": "es-report", "published": "2021-03-03",
         "text": "Al menos diez cohetes cayeron este miércoles sobre una base aérea en el oeste de Irak "
                 "que alberga a tropas de la coalición, según un portavoz militar de la misma."},
    ]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "salvo.db"
    res = runner.invoke(app, ["ingest", "--db", f"sqlite:///{db}", str(src)])
    assert res.exit_code == 0, res.output
    with sqlite3.connect(db) as conn:
        languages = dict(conn.execute("select source_id, language from articles").fetchall())
    assert languages == {"ar-report": "ar", "es-report": "es"}
    [(_, read, _, errors, summary)] = _runs(db)
    assert (read, errors) == (2, 0)
    assert summary["unsupported_language"] == {"es": 1}  # Arabic has a pack: read, not only kept
    assert not sum(summary["dropped_by_prefilter"].values())
