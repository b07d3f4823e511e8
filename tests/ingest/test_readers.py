"""Input files into articles: JSONL, plain text, folders, and every kind of bad input (files we write)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import tracemalloc
from pathlib import Path

from salvo.errors import InputError
from salvo.ingest.readers import MAX_ARTICLE_BYTES, derive_id, read_inputs
from salvo.model import Article

REPORT = "Two rockets struck near a base hosting coalition troops in western Iraq on Tuesday, officials said."


def line(**fields: object) -> str:
    return json.dumps(fields) + "\n"


def split(items: list[Article | InputError]) -> tuple[list[Article], list[InputError]]:
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputError)]


def read(*paths: Path, published: dt.date | None = None) -> tuple[list[Article], list[InputError]]:
    return split(list(read_inputs(list(paths), published)))


def test_input_article_line_is_read_with_all_fields(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        line(
            id="a1",
            title="Rockets",
            outlet="Wire",
            url="https://example.org/a1",
            published="2021-07-07",
            text=REPORT,
            language="en",
            section="world",
        )
    )
    articles, errors = read(path)
    assert not errors
    (a,) = articles
    assert (a.id, a.title, a.outlet, a.url, a.published, a.text) == (
        "a1",
        "Rockets",
        "Wire",
        "https://example.org/a1",
        dt.date(2021, 7, 7),
        REPORT,
    )
    assert a.language == "en" and a.extra == {"section": "world"}


def test_gold_line_yields_its_article(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(
        json.dumps(
            {
                "article": {"id": "g1", "published": None, "text": REPORT},
                "incidents": [{"category": "attack"}],
            }
        )
        + "\n"
    )
    articles, errors = read(path)
    assert not errors and [a.id for a in articles] == ["g1"]


def test_malformed_line_is_reported_with_file_and_line_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(line(id="a", text=REPORT) + '{"id": "b", "text": \n' + line(id="c", text=REPORT))
    articles, errors = read(path)
    assert [a.id for a in articles] == ["a", "c"]
    (err,) = errors
    assert err.source == str(path) and err.line == 2 and "malformed JSON" in err.message
    assert str(err).startswith(f"{path}:2: ")


def test_missing_text_and_non_object_lines_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        line(id="a", title="no text") + "[1, 2]\n" + line(id="b", text="   ") + line(id="c", text=7)
    )
    articles, errors = read(path)
    assert not articles
    assert [e.line for e in errors] == [1, 2, 3, 4]
    assert "no 'text'" in errors[0].message and "JSON object" in errors[1].message
    assert "empty" in errors[2].message and "must be a string" in errors[3].message


def test_non_utf8_line_is_skipped_and_later_lines_decoded(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        line(id="a", text=REPORT).encode()
        + b'{"id": "b", "text": "caf\xe9"}\n'
        + line(id="c", text="Caf\u00e9 near the base").encode()
    )
    articles, errors = read(path)
    assert [a.id for a in articles] == ["a", "c"] and articles[1].text == "Caf\u00e9 near the base"
    (err,) = errors
    assert err.line == 2 and "UTF-8" in err.message


def test_empty_file_is_reported(tmp_path: Path) -> None:
    for name, content in (("empty.jsonl", ""), ("blank.jsonl", "\n\n  \n"), ("empty.txt", " \n")):
        path = tmp_path / name
        path.write_text(content)
        articles, errors = read(path)
        assert not articles and len(errors) == 1 and "empty" in errors[0].message, name


def test_oversized_article_is_rejected_without_holding_it_and_next_line_read(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    huge = "x" * (20 * 1024 * 1024)
    with path.open("w") as handle:
        handle.write(line(id="huge", text=huge))
        handle.write(line(id="after", text=REPORT))
    del huge
    tracemalloc.start()
    try:
        articles, errors = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [a.id for a in articles] == ["after"]
    (err,) = errors
    assert err.line == 1 and "limit" in err.message and "MB" in err.message
    assert peak < 3 * MAX_ARTICLE_BYTES  # the 20 MB line is drained in pieces, never read whole


def test_oversized_text_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Title\n" + "word " * (MAX_ARTICLE_BYTES // 4))
    articles, errors = read(path)
    assert not articles and "limit" in errors[0].message


def test_binary_data_is_reported_once_per_file(tmp_path: Path) -> None:
    jsonl = tmp_path / "blob.jsonl"
    jsonl.write_bytes(b"\x00\x01\x02PK\x03\x04" * 1000)
    txt = tmp_path / "blob.txt"
    txt.write_bytes(b"Title\n\x00\x00binary")
    articles, errors = read(jsonl, txt)
    assert not articles and len(errors) == 2
    assert all("binary" in e.message for e in errors)


def test_nul_byte_in_one_line_skips_only_that_line(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(line(id="a", text=REPORT).encode() * 300 + b'{"id": "b", "text": "x\x00y"}\n')
    articles, errors = read(path)
    assert len(articles) == 300 and errors[0].line == 301 and "NUL" in errors[0].message


def test_bad_published_value_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        line(id="a", published="last Tuesday", text=REPORT)
        + line(id="b", published="2021-02-30", text=REPORT)
        + line(id="c", published="2021-07-07T09:30:00Z", text=REPORT)
    )
    articles, errors = read(path)
    assert [a.published for a in articles] == [dt.date(2021, 7, 7)]
    assert [e.line for e in errors] == [1, 2] and all("published" in e.message for e in errors)


def test_missing_id_gets_a_stable_id_from_url_or_text(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        line(text=REPORT) + line(url="https://example.org/x", text=REPORT) + line(id=12, text=REPORT)
    )
    first, _ = read(path)
    second, _ = read(path)
    assert [a.id for a in first] == [a.id for a in second]
    assert first[0].id == derive_id(None, REPORT) and first[1].id == derive_id(
        "https://example.org/x", REPORT
    )
    assert first[0].id != first[1].id and first[2].id == "12"


def test_published_flag_fills_only_articles_without_a_date(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(line(id="a", text=REPORT) + line(id="b", published="2020-01-08", text=REPORT))
    articles, _ = read(path, published=dt.date(2024, 1, 29))
    assert [a.published for a in articles] == [dt.date(2024, 1, 29), dt.date(2020, 1, 8)]


def test_gzipped_jsonl_is_read(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wt") as handle:
        handle.write(line(id="z", text=REPORT))
    articles, errors = read(path)
    assert not errors and [a.id for a in articles] == ["z"]


def test_text_report_with_published_header(tmp_path: Path) -> None:
    path = tmp_path / "report-1.txt"
    path.write_text(
        "published: 2020-12-21\nurl: https://example.org/r1\n\nRockets hit the Green Zone\n\n" + REPORT + "\n"
    )
    articles, errors = read(path)
    assert not errors
    (a,) = articles
    assert a.id == "report-1" and a.published == dt.date(2020, 12, 21) and a.url == "https://example.org/r1"
    assert a.title == "Rockets hit the Green Zone" and REPORT in a.text and "published:" not in a.text


def test_text_report_title_is_first_non_empty_line_and_flag_gives_date(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("\n\nDrone attack on al-Tanf\n" + REPORT + "\n")
    articles, errors = read(path, published=dt.date(2023, 10, 19))
    assert not errors
    assert articles[0].title == "Drone attack on al-Tanf" and articles[0].published == dt.date(2023, 10, 19)
    assert articles[0].text.startswith("\n\nDrone attack")  # text kept as received


def test_text_report_flag_overrides_header(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("published: 2020-12-21\n\nTitle\n" + REPORT)
    articles, _ = read(path, published=dt.date(2021, 1, 1))
    assert articles[0].published == dt.date(2021, 1, 1)


def test_bad_published_header_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("url: https://example.org/r\npublished: yesterday\n\nTitle\n" + REPORT)
    articles, errors = read(path)
    assert not articles and errors[0].line == 2 and "published" in errors[0].message


def test_text_report_with_bad_utf8_is_reported_with_line(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(b"Title\nline two\nbad \xff byte\n")
    articles, errors = read(path)
    assert not articles and errors[0].line == 3 and "UTF-8" in errors[0].message


def test_folder_is_read_recursively_in_sorted_order_skipping_other_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Z title\n" + REPORT)
    (tmp_path / "a.jsonl").write_text(line(id="a1", text=REPORT) + line(id="a2", text=REPORT))
    (tmp_path / "c.txt").write_text("C title\n" + REPORT)
    (tmp_path / "README.md").write_text("# not a report\n")
    (tmp_path / ".hidden" / "h.txt").write_text("Hidden\n" + REPORT)
    articles, errors = read(tmp_path)
    assert not errors and [a.id for a in articles] == ["a1", "a2", "z", "c"]


def test_missing_path_unsupported_suffix_and_empty_folder_are_reported(tmp_path: Path) -> None:
    other = tmp_path / "notes.docx"
    other.write_bytes(b"whatever")
    empty = tmp_path / "empty"
    empty.mkdir()
    articles, errors = read(tmp_path / "nope.jsonl", other, empty)
    assert not articles
    assert [
        "no such file" in errors[0].message,
        "unsupported" in errors[1].message,
        "no readable files" in errors[2].message,
    ] == [True, True, True]


def test_html_page_goes_to_the_page_reader_and_never_raises(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    paragraphs = "".join(
        f"<p>{REPORT} Paragraph {i} adds detail about the base and the attack.</p>" for i in range(6)
    )
    path.write_text(
        f"<html><head><title>Rockets</title></head><body><article><h1>Rockets</h1>{paragraphs}"
        "</article></body></html>"
    )
    items = list(read_inputs([path]))
    assert len(items) == 1 and isinstance(items[0], Article | InputError)
    if isinstance(items[0], InputError):
        assert items[0].source == str(path)


def test_broken_warc_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"this is not a web archive at all")
    items = list(read_inputs([path]))
    assert items and all(isinstance(i, InputError) for i in items)
    assert all(i.source == str(path) for i in items if isinstance(i, InputError))
