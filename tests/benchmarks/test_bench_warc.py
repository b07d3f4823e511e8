"""WARC ingestion throughput and memory on a synthetic news crawl (a benchmark, not a timed test).

The crawl is written here with warcio: 10,000 HTML responses (plus their requests
and some images) from a dozen made-up sites whose pages carry real-world weight
(scripts, styles, menus, link lists): about 3% are reports of attacks on US forces,
5% are hard negatives that pass the pre-filter (other wars with the US and the
Middle East in them) and the rest is general news. The pages are built from
sentences we wrote.

Run: ``SALVO_BENCH=1 .venv/bin/python -m pytest tests/benchmarks/test_bench_warc.py -s``
(add ``--benchmark-enable`` for pytest-benchmark's table). Prints records/s with
the pre-filter on, and the peak memory traced while streaming 2,500 and 10,000
records, which must stay flat.
"""

from __future__ import annotations

import html
import io
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from salvo.ingest.prefilter import may_be_relevant_html
from salvo.ingest.progress import RunCounts
from salvo.ingest.warc import iter_warc
from salvo.model import Article
from salvo.pipeline import extract_article

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get("SALVO_BENCH"), reason="a benchmark: set SALVO_BENCH=1 to run"),
]

GENERAL = [
    "The council approved the new budget after a debate that lasted late into the evening.",
    "Shares rose on Tuesday as investors welcomed better than expected earnings from retailers.",
    "The striker scored twice in the second half to give the visitors a comfortable win.",
    "Forecasters warned of heavy rain and strong winds along the coast over the weekend.",
    "The minister said the reform would cut waiting times at hospitals by a third.",
    "Tickets for the festival sold out within hours, the organisers said on Friday.",
    "Police said a man had been arrested after a break-in at a jewellery shop.",
    "The company plans to hire two hundred engineers at its new research centre.",
    "Russian drones struck power stations in several Ukrainian regions overnight.",
    "Workers at the port went on strike over pay, halting container traffic.",
    "Iraq's parliament approved the budget after months of disputes over oil revenue.",
]
IN_SCOPE = [
    "Rockets struck a base hosting US troops in western Iraq on Tuesday, the coalition said.",
    "A drone attack targeted US forces at a garrison in eastern Syria, officials said.",
    "No casualties were reported, and no group immediately claimed responsibility.",
    "The base at Ain al-Asad in Anbar province has been targeted several times this year.",
]
# Hard negatives: the region, violence and the US in one page, but no in-scope incident.
# They pass the pre-filter and cost a full extraction, as they do in real news streams.
HARD = [
    "Israeli strikes hit targets in Gaza as the United States urged restraint, officials said.",
    "Diplomats fear new strikes could widen the war in the Middle East; Washington sent envoys to Cairo.",
    "Russian missiles struck Kyiv overnight; the US pledged more air defence systems.",
    "Talks on a ceasefire resumed on Monday, with American and Egyptian mediators present.",
]
HEADLINES = ["Markets rally as inflation cools", "Storm warning for the weekend", "Cup final tickets on sale",
             "New hospital wing opens", "Ceasefire talks resume", "Drone attack on power plant",
             "Election results in full", "Five films to watch this week"]


def site_template(rng: random.Random, index: int) -> tuple[str, str]:
    sections = ["Home", "News", "World", "Business", "Sport", "Culture", "Opinion", "Video"]
    if index % 3 == 0:
        sections.insert(3, "Middle East")  # menus that name the region defeat a naive raw test
    nav = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in sections)
    links = "".join(f'<li><a href="/topic/{i}">Topic {i}</a></li>' for i in range(60))
    script = "<script>" + "var cfg={" + ",".join(f'"k{i}":"{"x" * 40}"' for i in range(120)) + "};</script>"
    style = "<style>" + "".join(f".c{i}{{margin:{i}px;padding:{i}px}}" for i in range(200)) + "</style>"
    head = f"<head><meta charset='utf-8'><title>{{title}} | Site {index}</title>{style}{script}</head>"
    top = f"<body><header><nav><ul>{nav}</ul></nav></header>"
    bottom = f"<footer><ul>{links}</ul><p>Copyright Site {index}</p></footer></body></html>"
    return head + top, bottom


def make_page(rng: random.Random, templates: list[tuple[str, str]], relevant: bool, hard: bool) -> bytes:
    top, bottom = rng.choice(templates)
    pool = IN_SCOPE if relevant else HARD if hard else GENERAL
    paragraphs = [rng.choice(pool) for _ in range(rng.randint(6, 14))]
    if relevant:
        paragraphs.insert(0, rng.choice(IN_SCOPE[:2]))
    elif hard:
        paragraphs.insert(0, HARD[1])
    title = paragraphs[0][:60]
    side = "".join(f"<li><a href='/s/{i}'>{rng.choice(HEADLINES)}</a></li>" for i in range(8))
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        top.replace("{title}", html.escape(title))
        + f"<main><article><h1>{html.escape(title)}</h1>{body}</article>"
        + f"<aside><h3>Most read</h3><ul>{side}</ul></aside></main>"
        + bottom
    ).encode()


def write_crawl(path: Path, pages: int, *, seed: int = 3, relevant_share: float = 0.03,
                hard_share: float = 0.05) -> dict[str, int]:
    rng = random.Random(seed)
    templates = [site_template(rng, i) for i in range(12)]
    sizes = {"pages": 0, "relevant": 0, "hard": 0, "bytes": 0}
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in range(pages):
            url = f"https://site{n % 12}.example.com/news/{n}"
            request = StatusAndHeaders("GET /news HTTP/1.1", [("Host", "example.com")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                          http_headers=request))
            draw = rng.random()
            relevant = draw < relevant_share
            hard = not relevant and draw < relevant_share + hard_share
            body = make_page(rng, templates, relevant, hard)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
            if n % 10 == 0:
                image = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url + ".jpg", "response",
                                                              payload=io.BytesIO(b"\xff\xd8" + b"\0" * 4000),
                                                              http_headers=image))
            sizes["pages"] += 1
            sizes["relevant"] += relevant
            sizes["hard"] += hard
            sizes["bytes"] += len(body)
    return sizes


def ingest(path: Path) -> RunCounts:
    """What ``ingest`` of a WARC does short of the database: stream, pre-filter, extract."""
    counts = RunCounts(kind="bench-warc")

    def skipped(reason: str) -> None:
        if reason == "prefilter":
            counts.read += 1
        counts.skipped[reason] += 1

    for item in iter_warc(path, raw_filter=may_be_relevant_html, on_skip=skipped):
        if not isinstance(item, Article):
            counts.read += 1
            counts.error(str(item))
        elif counts.classify(item) == "extract":
            counts.incidents += len(extract_article(item))
    return counts


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Path, dict[str, int]]]:
    folder = tmp_path_factory.mktemp("warc")
    out = {}
    for pages in (2_500, 10_000):
        path = folder / f"crawl-{pages}.warc.gz"
        out[pages] = (path, write_crawl(path, pages))
    return out


Crawls = dict[int, tuple[Path, dict[str, int]]]


def test_warc_throughput_with_prefilter(benchmark: Any, crawls: Crawls) -> None:
    path, sizes = crawls[10_000]
    started = time.perf_counter()
    counts = benchmark.pedantic(ingest, args=(path,), rounds=1, iterations=1)
    seconds = time.perf_counter() - started
    rate = sizes["pages"] / seconds
    print(
        f"\nWARC: {sizes['pages']} HTML records ({sizes['bytes'] / 1e6:.0f} MB of HTML, "
        f"{path.stat().st_size / 1e6:.0f} MB gzip) in {seconds:.1f}s = {rate:.0f} records/s; "
        f"relevant {counts.relevant} (planted {sizes['relevant']} + {sizes['hard']} hard negatives), "
        f"raw-filtered {counts.skipped['prefilter']}, incidents {counts.incidents}, errors {counts.errors}"
    )
    benchmark.extra_info.update(records_per_second=round(rate), relevant=counts.relevant)
    assert counts.read == sizes["pages"] and counts.errors == 0
    assert counts.relevant == sizes["relevant"] + sizes["hard"]  # every report kept, hard negatives too


_RSS_PROBE = """
import resource, sys
sys.path.insert(0, sys.argv[1])
from test_bench_warc import ingest
from pathlib import Path
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
counts = ingest(Path(sys.argv[2]))
print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, counts.read)
"""


def test_warc_memory_stays_flat(crawls: Crawls) -> None:
    """Peak resident memory of a fresh process streaming 2,500 and then 10,000 records (lxml's
    allocations included, which tracemalloc would not see)."""
    peaks = {}
    for pages, (path, _) in sorted(crawls.items()):
        out = subprocess.run([sys.executable, "-c", _RSS_PROBE, str(Path(__file__).parent), str(path)],
                             capture_output=True, text=True, check=True).stdout.split()
        before, peak, read = (int(x) for x in out)
        assert read == pages
        peaks[pages] = (before / 1024, peak / 1024)
    print("\npeak RSS (MB) after imports -> after streaming: "
          + ", ".join(f"{n} records {a:.0f} -> {b:.0f}" for n, (a, b) in peaks.items()))
    growth_small = peaks[2_500][1] - peaks[2_500][0]
    growth_large = peaks[10_000][1] - peaks[10_000][0]
    assert growth_large < growth_small + 20  # four times the records, not four times the memory
