"""`salvo extract` on real files: output lines, error lines, exit status, summary (reports we write)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from salvo.cli import app
from salvo.model import INCIDENT_FIELDS

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"

REPORT = "Three rockets struck a base hosting coalition troops in Anbar province on Tuesday, officials said."


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["extract", *args])
    return result.exit_code, result.stdout, result.stderr


def jsonl(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_one_output_line_per_article_on_stdout(tmp_path: Path) -> None:
    src = jsonl(
        tmp_path / "in.jsonl",
        {"id": "a", "published": "2021-03-03", "text": REPORT},
        {"id": "b", "text": REPORT + " No one was hurt."},
    )
    code, out, err = invoke(str(src))
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["article"]["id"] for line in lines] == ["a", "b"]
    assert lines[0]["article"]["published"] == "2021-03-03" and lines[0]["article"]["text"] == REPORT
    for line in lines:
        assert isinstance(line["incidents"], list)
        for incident in line["incidents"]:
            assert set(INCIDENT_FIELDS) | {"incident_id"} <= set(incident)
            assert incident["incident_id"]
    assert "2 articles" in err and "0 errors" in err


def test_output_file_is_written_and_its_folder_created(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "in.jsonl", {"id": "a", "text": REPORT})
    out_path = tmp_path / "out" / "deep" / "incidents.jsonl"
    code, out, err = invoke(str(src), "-o", str(out_path))
    assert code == 0 and out == ""
    assert [json.loads(x)["article"]["id"] for x in out_path.read_text().splitlines()] == ["a"]
    assert str(out_path) in err


def test_bad_lines_are_reported_as_file_line_message_and_the_rest_processed(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": REPORT})
        + "\n{broken\n"
        + json.dumps({"id": "c"})
        + "\n"
        + json.dumps({"id": "d", "text": REPORT})
        + "\n"
    )
    code, out, err = invoke(str(src))
    assert code == 1
    assert [json.loads(x)["article"]["id"] for x in out.splitlines()] == ["a", "d"]
    assert f"{src}:2: malformed JSON" in err and f"{src}:3: article has no 'text'" in err
    assert "2 articles" in err and "2 errors" in err
    assert "Traceback" not in err


def test_published_flag_applies_to_text_reports(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text("Rockets hit Anbar base\n" + REPORT + "\n")
    code, out, _ = invoke(str(tmp_path / "r.txt"), "--published", "2021-03-03")
    assert code == 0 and json.loads(out)["article"]["published"] == "2021-03-03"


def test_bad_published_flag_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text("T\n" + REPORT)
    code, _, err = invoke(str(tmp_path / "r.txt"), "--published", "Tuesday")
    assert code == 2 and "YYYY-MM-DD" in err


def test_folder_input_and_missing_input_together(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "one.txt").write_text("published: 2023-10-19\n\nDrones at al-Tanf\n" + REPORT)
    jsonl(folder / "two.jsonl", {"id": "x", "text": REPORT})
    code, out, err = invoke(str(folder), str(tmp_path / "missing.jsonl"))
    assert code == 1
    assert [json.loads(x)["article"]["id"] for x in out.splitlines()] == ["one", "x"]
    assert f"{tmp_path / 'missing.jsonl'}: no such file or folder" in err


@pytest.mark.slow
def test_installed_command_runs_on_the_sample_corpus(tmp_path: Path) -> None:
    out_path = tmp_path / "samples.jsonl"
    proc = subprocess.run(
        [str(REPO / ".venv" / "bin" / "salvo"), "extract", str(SAMPLES), "-o", str(out_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(x) for x in out_path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) >= 12
    for line in lines:
        for incident in line["incidents"]:
            assert all(e in line["article"]["text"] for e in incident["evidence"])
    assert "0 errors" in proc.stderr


def test_page_in_an_unsupported_language_is_kept_marked_and_reported(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Attaque</title></head><body><article><h1>Des roquettes frappent une base</h1>"
        "<p>Des roquettes ont frappé mardi une base militaire qui accueille des soldats américains dans la "
        "province d'Anbar, selon les autorités irakiennes. Il n'y a pas eu de victimes selon le communiqué "
        "publié par la coalition internationale dans la soirée.</p><p>Les forces de sécurité ont ouvert une "
        "enquête sur cette attaque qui est la troisième de la semaine contre des installations de la "
        "coalition.</p></article></body></html>",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["extract", str(page)])
    line = json.loads(result.stdout.splitlines()[0])
    assert line["article"]["language"] == "fr" and line["incidents"] == []
    assert "language not supported yet (fr: 1)" in result.stderr
