"""`salvo report`: a briefing on a known database, rendered as Markdown, HTML and PDF (read back as PNG pages)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from salvo.cli import app

runner = CliRunner()
PERIOD = ["--from", "2024-01", "--to", "2024-02"]

REPORTS = [
    ("attack", "2024-01-28", "JO", "Tower 22", 31.35, 38.73, "site", 3, 40,
     "A drone struck Tower 22 in Jordan on Sunday, killing three soldiers and wounding forty."),
    ("attack", "2024-01-30", "SY", "Al-Tanf Garrison", 33.5, 38.62, "site", None, None,
     "A drone was shot down near al-Tanf on Tuesday."),
    ("strike", "2024-02-02", "SY", None, 35.0, 39.0, "country", None, None,
     "US aircraft struck targets in Syria in retaliation for the attack on Tower 22."),
]


@pytest.fixture()
def db(tmp_path: Path) -> str:
    lines = []
    for n, (category, date, country, place, lat, lon, precision, killed, injured, sentence) in enumerate(REPORTS):
        incident = {"category": category, "date": date, "date_precision": "day", "weapons": ["drone"],
                    "place": place, "country": country, "lat": lat, "lon": lon, "location_precision": precision,
                    "killed": killed, "injured": injured, "evidence": [sentence]}
        article = {"id": f"b{n}", "url": f"https://b{n}.example/x", "outlet": f"Outlet {n}", "published": date,
                   "text": sentence, "language": "en"}
        lines.append(json.dumps({"article": article, "incidents": [incident]}) + "\n")
    src = tmp_path / "x.jsonl"
    src.write_text("".join(lines), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'salvo.db'}"
    assert runner.invoke(app, ["ingest", "--db", url, "--from-extracted", str(src)]).exit_code == 0
    return url


def test_markdown_briefing_has_figures_citations_cycles_and_tallies(db: str, tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    res = runner.invoke(app, ["report", "--db", db, *PERIOD, "-f", "md", "-o", str(out)])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "2 attacks and 1 strikes; 3 killed and 40 injured" in text
    assert "Outlet 0, 2024-01-28: \u201cA drone struck Tower 22" in text  # notable incident, cited verbatim
    assert "Tower 22 (reporting, 5 d)" in text  # the strike answers the attack its report names
    assert "2024-01-29 US Department of Defense" in text  # the 165 of 29 January falls in the period
    assert (tmp_path / "b-tempo.png").stat().st_size > 1000 and (tmp_path / "b-map.png").stat().st_size > 1000


def test_html_briefing_embeds_its_charts(db: str, tmp_path: Path) -> None:
    out = tmp_path / "b.html"
    assert runner.invoke(app, ["report", "--db", db, *PERIOD, "-o", str(out)]).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 2 and "<h2>Notable incidents</h2>" in page


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is installed by make test")
def test_pdf_briefing_pages_render_with_charts(db: str, tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    res = runner.invoke(app, ["report", "--db", db, *PERIOD, "-f", "pdf", "-o", str(out)])
    assert res.exit_code == 0, res.output
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(out), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3
    for page in pages:
        image = Image.open(page).convert("L")
        assert image.getextrema()[0] < 128, f"{page.name} is blank"
    # the first page carries the tempo chart: bars in the attack red
    pixels = np.asarray(Image.open(pages[0]).convert("RGB")).astype(int)
    red = int(((pixels[..., 0] > 150) & (pixels[..., 1] < 90) & (pixels[..., 2] < 90)).sum())
    assert red > 50


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is installed by make test")
def test_pdf_briefing_reads_like_a_briefing(db: str, tmp_path: Path) -> None:
    """Title, key figures and points, the map with its breakdowns, the sections, an annex, page footers."""
    out = tmp_path / "b.pdf"
    assert runner.invoke(app, ["report", "--db", db, *PERIOD, "-f", "pdf", "-o", str(out)]).exit_code == 0
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = text.split("\f")
    assert "Briefing, 2024-01-01 to 2024-02-29" in pages[0] and "Key points" in pages[0] and "Tempo" in pages[0]
    assert "The deadliest incident: attack at Tower 22, Jordan on 2024-01-28, 3 killed" in " ".join(pages[0].split())
    assert "By country and province" in pages[1] and "group held responsible" in pages[1]
    for heading in ("Notable incidents", "Strikes and the attacks they answered", "Against published tallies",
                    "Annex: incidents of the period"):
        assert heading in text
    assert "Outlet 0" in text and "reported" in text  # a citation, and a strike tied by its reporting
    assert all("page " in p for p in pages if p.strip())
