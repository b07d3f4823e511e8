"""Extraction throughput and memory on one core, over real article text.

The corpus is built from the English dev gold's article texts where they stand (``../shared/gold``
beside the checkout, or ``$SALVO_GOLD_DIR``), or from the gold's texts in another language (the
Arabic of ``dev-other-languages.jsonl``): article ``k`` joins the texts of gold articles ``k``,
``k + 1`` (and ``k + 2`` when ``k`` is odd), about 600 words, the length of a typical news report.
Each pass goes through the path of ``salvo extract``: extraction, run-level merging (incident ids
across the run) and JSON encoding. Without the gold, the sample reports padded with page clutter
stand in. Timing passes run without tracing; a separate traced pass measures peak allocation.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from salvo.errors import InputError
from salvo.ingest.language import detect_language
from salvo.ingest.readers import read_inputs
from salvo.model import Article, ExtractionResult, article_from_json

TARGET_WORDS = 600
#: The traced (slow) memory pass needs only enough articles to reach a steady state.
TRACED_ARTICLES = 200

#: Padding: the clutter and background a real page carries around its report (our own wording).
PADDING: tuple[str, ...] = (
    "Follow our channel for breaking news from the region, and share this report with your friends.",
    "Photo: A file picture shows a watchtower at the edge of a military base at dusk.",
    "The coalition was formed in 2014 to fight the Islamic State group, and its mission in Iraq has "
    "since shifted to advising and assisting Iraqi forces, while a smaller contingent remains in "
    "eastern Syria.",
    "Officials in Baghdad have repeatedly said that foreign troops are present at the invitation of the "
    "government and that the country does not want to become an arena for the conflicts of others.",
    "Parliament voted in an earlier session on a non-binding resolution calling for the departure of "
    "foreign forces, and talks on a timetable have continued between the two governments since then.",
    "Subscribe to our newsletter to receive the most important stories of the day in your inbox.",
    "Analysts say that the security situation along the border remains fragile, with smuggling routes, "
    "tribal disputes and the movement of armed groups all complicating efforts to stabilise the area.",
    "Related: Oil prices rise as markets weigh supply concerns; Electricity shortages return to southern "
    "provinces as summer temperatures climb.",
    "The ministry said it would publish further details once an investigation had been completed, and "
    "asked the public not to circulate unverified videos on social media.",
    "All rights reserved. Reproduction of this material without written permission is prohibited.",
)


GOLD_ENV = "SALVO_GOLD_DIR"


def gold_dir() -> Path | None:
    """The annotated gold: ``$SALVO_GOLD_DIR``, else ``shared/gold`` beside the checkout."""
    here = Path(__file__).resolve()
    candidates = [Path(os.environ[GOLD_ENV])] if os.environ.get(GOLD_ENV) else []
    candidates.append(here.parents[3] / "shared" / "gold")
    return next((c for c in candidates if c.is_dir() and any(c.glob("*.jsonl"))), None)


def gold_texts(folder: Path, language: str = "en") -> list[dict[str, object]]:
    """The article records of the gold in one language, in file-name order. English: the English gold
    files (the other-languages file left out), as the English bar has always been measured. Another
    language: the articles of every gold file whose text is detected in it, marked with it (the gold
    does not name it)."""
    out: list[dict[str, object]] = []
    for path in sorted(folder.glob("*.jsonl")):
        if language == "en" and "other" in path.name:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            article = json.loads(line)["article"]
            if language == "en":
                out.append(article)
            elif detect_language(str(article.get("text") or "")) == language:
                out.append({**article, "language": language})
    return out


def gold_corpus(count: int, records: Sequence[dict[str, object]]) -> list[Article]:
    """``count`` articles of real text: article k joins gold texts k, k+1 (and k+2 when k is odd)."""
    corpus = []
    for k in range(count):
        record = dict(records[k % len(records)])
        record["id"] = f"{record['id']}-{k}"
        record["text"] = "\n\n".join(str(records[(k + j) % len(records)]["text"]) for j in range(2 + k % 2))
        article = article_from_json(record, f"bench article {k}", None)
        if isinstance(article, Article):
            corpus.append(article)
    return corpus


def samples_dir() -> Path | None:
    """The sample corpus: ``samples/`` beside ``src/`` (checkout) or inside the package (installed)."""
    package = Path(__file__).resolve().parents[1]  # src/salvo
    for candidate in (package.parents[1] / "samples", package / "samples"):
        if candidate.is_dir():
            return candidate
    return None


def sample_articles(folder: Path | None = None) -> list[Article]:
    folder = folder or samples_dir()
    if folder is None:
        return []
    return [item for item in read_inputs([folder]) if isinstance(item, Article)]


def pad(text: str, target_words: int = TARGET_WORDS, offset: int = 0) -> str:
    """The text followed by clutter paragraphs until it reaches ``target_words`` words."""
    words = len(text.split())
    parts = [text.rstrip()]
    index = offset
    while words < target_words:
        paragraph = PADDING[index % len(PADDING)]
        parts.append(paragraph)
        words += len(paragraph.split())
        index += 1
    return "\n\n".join(parts) + "\n"


def build_corpus(count: int, samples: Sequence[Article], target_words: int = TARGET_WORDS) -> list[Article]:
    """``count`` articles cycling through the samples, each padded and given its own id."""
    corpus = []
    for index in range(count):
        base = samples[index % len(samples)]
        corpus.append(
            dataclasses.replace(
                base, id=f"bench-{index:06d}", text=pad(base.text, target_words, offset=index), extra={}
            )
        )
    return corpus


@dataclass
class BenchResult:
    articles: int
    words: int
    passes: int
    best_seconds: float
    mean_seconds: float
    first_article_ms: float
    incidents: int
    peak_traced_mib: float
    max_rss_mib: float
    rss_growth_mib: float
    corpus: str = "gold"

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.best_seconds if self.best_seconds else float("inf")

    @property
    def words_per_second(self) -> float:
        return self.words / self.best_seconds if self.best_seconds else float("inf")

    def to_json(self) -> dict[str, float | int]:
        out: dict[str, float | int] = dataclasses.asdict(self)
        out["articles_per_second"] = round(self.articles_per_second, 1)
        out["words_per_second"] = round(self.words_per_second, 1)
        out["words_per_article"] = round(self.words / self.articles, 1) if self.articles else 0
        return out


def _rss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _raise(error: InputError) -> None:
    raise RuntimeError(str(error))


def extract_run(corpus: Sequence[Article]) -> list[ExtractionResult]:
    """What ``salvo extract`` does with a run: extraction, incident ids across it, one JSON line each."""
    from salvo.pipeline import extract_each, result_line, with_incident_ids

    results = []
    for result in with_incident_ids(extract_each(corpus, _raise)):
        result_line(result)
        results.append(result)
    return results


def _one_core() -> set[int] | None:
    """Pin the process to one core (the figures are per core); the previous affinity, to restore."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    previous = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(previous)})
    return previous


def run_bench(
    corpus: Sequence[Article],
    repeat: int = 3,
    extract: Callable[[Sequence[Article]], list[ExtractionResult]] = extract_run,
) -> BenchResult:
    """Time ``repeat`` passes over ``corpus`` on one core; then one traced pass for memory."""
    previous = _one_core()
    try:
        return _measure(corpus, repeat, extract)
    finally:
        if previous is not None:
            os.sched_setaffinity(0, previous)


def _measure(
    corpus: Sequence[Article], repeat: int, extract: Callable[[Sequence[Article]], list[ExtractionResult]]
) -> BenchResult:
    rss_before = _rss_mib()
    start = time.perf_counter()
    extract(corpus[:1])  # first call: lazy loading of lexicons and compiled patterns
    first_ms = (time.perf_counter() - start) * 1000
    timings = []
    incidents = 0
    for _ in range(max(1, repeat)):
        gc.collect()
        start = time.perf_counter()
        results = extract(corpus)
        timings.append(time.perf_counter() - start)
        incidents = sum(len(r.incidents) for r in results)
        del results
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline = tracemalloc.get_traced_memory()[0]
        extract(corpus[:TRACED_ARTICLES])
        peak = tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()
    max_rss = _rss_mib()
    return BenchResult(
        articles=len(corpus),
        words=sum(len(a.text.split()) for a in corpus),
        passes=len(timings),
        best_seconds=min(timings),
        mean_seconds=sum(timings) / len(timings),
        first_article_ms=first_ms,
        incidents=incidents,
        peak_traced_mib=peak / (1024 * 1024),
        max_rss_mib=max_rss,
        rss_growth_mib=max_rss - rss_before,
    )


def table(result: BenchResult) -> str:
    """A small plain-text table of the figures."""
    rows = [
        ("corpus", result.corpus),
        ("articles", f"{result.articles}"),
        ("words per article", f"{result.words / max(result.articles, 1):.0f}"),
        ("timed passes", f"{result.passes} (one core; extraction, run-level merging, JSON lines)"),
        ("best pass", f"{result.best_seconds:.3f} s (mean {result.mean_seconds:.3f} s)"),
        (
            "throughput",
            f"{result.articles_per_second:,.0f} articles/s  ({result.words_per_second:,.0f} words/s)",
        ),
        ("first article", f"{result.first_article_ms:.1f} ms (includes lazy loading)"),
        ("incidents per pass", f"{result.incidents}"),
        (
            "peak traced memory",
            f"{result.peak_traced_mib:.1f} MiB (a run of {min(result.articles, TRACED_ARTICLES)} articles)",
        ),
        ("process max RSS", f"{result.max_rss_mib:.1f} MiB (+{result.rss_growth_mib:.1f} MiB during bench)"),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)
