"""WARC files written here with warcio: gzip members, non-HTML records, damage."""

from __future__ import annotations

import gzip
import html
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from salvo.errors import InputError
from salvo.ingest.prefilter import may_be_relevant_html
from salvo.ingest.warc import iter_warc
from salvo.model import Article

RELEVANT = [
    "A drone struck a base hosting US troops in eastern Syria on Friday, the Pentagon said.",
    "Two service members suffered minor injuries, and the drone was not intercepted in time.",
    "An Iran-aligned group claimed the attack in a statement posted online that evening.",
]
UNRELATED = [
    "The city council approved a new budget for public libraries on Monday evening after a long debate.",
    "Opening hours will be extended on weekends, and the children's section is to be renovated in spring.",
    "Residents welcomed the decision, though some asked for more funding for the mobile library service.",
]


def page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{html.escape(title)}</h1>{body}</article>"
        f"<footer>Copyright Example Times</footer></body></html>"
    ).encode()


def write_warc(path: Path, records: list[tuple[str, str, bytes, str]], *, gz: bool) -> None:
    """records: (kind, url, payload, content type); kind is response, resource or request."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "salvo-tests"}))
        for kind, url, payload, content_type in records:
            if kind == "response":
                status = "404 Not Found" if url.endswith("/missing") else "200 OK"
                headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
                record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                   http_headers=headers)
            elif kind == "request":
                headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
                record = writer.create_warc_record(
                    url, "request", payload=io.BytesIO(b""), http_headers=headers
                )
            else:
                record = writer.create_warc_record(url, "resource", payload=io.BytesIO(payload),
                                                   warc_content_type=content_type)
            writer.write_record(record)


MIXED = [
    ("request", "https://times.example.org/a", b"", ""),
    ("response", "https://times.example.org/a", page("Drone strikes base in Syria", RELEVANT), "text/html"),
    ("response", "https://times.example.org/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png"),
    ("response", "https://times.example.org/feed.json", b'{"items": []}', "application/json"),
    ("response", "https://times.example.org/missing", b"<html><body>Not found</body></html>", "text/html"),
    ("response", "https://times.example.org/b", page("Library hours extended", UNRELATED), "text/html"),
    ("resource", "file:///saved/c.html", page("Drone strikes base in Syria again", RELEVANT), "text/html"),
]


def test_gzip_warc_yields_html_responses_and_resources_only(tmp_path: Path) -> None:
    path = tmp_path / "news.warc.gz"
    write_warc(path, MIXED, gz=True)
    items = list(iter_warc(path))
    assert all(isinstance(i, Article) for i in items)
    urls = [i.url for i in items if isinstance(i, Article)]
    assert urls == ["https://times.example.org/a", "https://times.example.org/b", "file:///saved/c.html"]
    first = items[0]
    assert isinstance(first, Article)
    assert RELEVANT[0] in first.text and "Home" not in first.text


def test_plain_warc_reads_the_same_as_gzip(tmp_path: Path) -> None:
    plain, packed = tmp_path / "news.warc", tmp_path / "news.warc.gz"
    write_warc(plain, MIXED, gz=False)
    write_warc(packed, MIXED, gz=True)
    texts_plain = [i.text for i in iter_warc(plain) if isinstance(i, Article)]
    texts_packed = [i.text for i in iter_warc(packed) if isinstance(i, Article)]
    assert texts_plain == texts_packed and len(texts_plain) == 3


def test_raw_prefilter_skips_unrelated_pages_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "news.warc.gz"
    write_warc(path, MIXED, gz=True)
    skipped: list[str] = []
    items = list(iter_warc(path, raw_filter=may_be_relevant_html, on_skip=skipped.append))
    assert [i.url for i in items if isinstance(i, Article)] == [
        "https://times.example.org/a",
        "file:///saved/c.html",
    ]
    assert sorted(skipped) == ["http_404", "not_html", "not_html", "prefilter"]


def test_damaged_archive_reports_an_error_after_the_good_records(tmp_path: Path) -> None:
    path = tmp_path / "damaged.warc.gz"
    write_warc(path, MIXED[:2], gz=True)
    with path.open("ab") as handle:
        handle.write(gzip.compress(b"this is not a WARC record\r\n\r\n"))
    items = list(iter_warc(path))
    assert isinstance(items[0], Article)
    assert isinstance(items[-1], InputError)
    assert str(path) in str(items[-1])


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    items = list(iter_warc(tmp_path / "none.warc.gz"))
    assert len(items) == 1 and isinstance(items[0], InputError)


def test_page_without_text_is_an_error_naming_the_record(tmp_path: Path) -> None:
    path = tmp_path / "thin.warc"
    write_warc(path, [("response", "https://times.example.org/x", b"<html><body><p>Hi</p></body></html>",
                       "text/html")], gz=False)
    items = list(iter_warc(path))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "record 2" in items[0].message and "https://times.example.org/x" in items[0].message


def test_progress_bar_and_run_record_for_a_warc_run(tmp_path: Path) -> None:
    from rich.console import Console
    from sqlalchemy import select

    from salvo.ingest.progress import RunCounts, RunProgress, counting_extractor, record_run, screen
    from salvo.store import open_store
    from salvo.store.models import RunRow

    path = tmp_path / "news.warc.gz"
    write_warc(path, MIXED, gz=True)
    counts = RunCounts(kind="warc")
    screen_out = io.StringIO()
    console = Console(file=screen_out, force_terminal=True, width=160)
    extract = counting_extractor(counts)
    with RunProgress(counts, enabled=True, console=console) as bar:
        kept = [extract(a) for a in screen(iter_warc(path), counts, bar) if isinstance(a, Article)]
    assert len(kept) == 2  # the two drone reports; the library page is dropped
    assert (counts.read, counts.relevant, counts.errors) == (3, 2, 0)
    assert counts.dropped == {"no_region": 1}
    shown = screen_out.getvalue()
    assert "read 3" in shown and "relevant 2" in shown and "/s" in shown
    store = open_store(f"sqlite:///{tmp_path / 'runs.db'}")
    try:
        run_id = record_run(store, counts)
        with store.sessions() as session:
            row = session.scalars(select(RunRow).where(RunRow.id == run_id)).one()
            assert (row.kind, row.read, row.relevant, row.errors) == ("warc", 3, 2, 0)
            assert row.finished_at is not None and row.summary is not None
            assert row.summary["dropped_by_prefilter"] == {"no_region": 1}
    finally:
        store.close()
    assert "warc: read 3, relevant 2" in counts.summary_text()
