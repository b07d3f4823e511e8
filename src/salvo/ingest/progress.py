"""Counts, a live progress bar and the end-of-run summary for long ingestion runs.

The bar (on stderr, only when it is a terminal) shows what a person watching a
long run wants: how much was read, how much was worth extracting, how many
incidents came out, how many inputs failed, and the rate. The same counts end
up in a summary printed at the end and stored in the database's ``runs`` table.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from salvo.errors import InputError
from salvo.ingest.language import is_supported
from salvo.ingest.prefilter import verdict
from salvo.model import Article, Incident

if TYPE_CHECKING:
    from salvo.store import Store


ERRORS_SHOWN = 10  # error lines in the printed summary; the run record keeps more


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass
class RunCounts:
    """What a run did, by outcome."""

    kind: str
    read: int = 0  # articles read (pages, records, entries), errors included
    relevant: int = 0  # passed the pre-filter and went to extraction
    incidents: int = 0  # incident reports extracted
    errors: int = 0
    truncated: int = 0  # responses or records cut at the size cap
    dropped: Counter[str] = field(default_factory=Counter)  # pre-filter reason -> count
    unsupported: Counter[str] = field(default_factory=Counter)  # language -> count
    skipped: Counter[str] = field(default_factory=Counter)  # not an article: not_html, seen, 304...
    error_messages: list[str] = field(default_factory=list)
    started_at: dt.datetime = field(default_factory=utcnow)
    finished_at: dt.datetime | None = None
    _clock: float = field(default_factory=time.monotonic, repr=False)

    @property
    def elapsed(self) -> float:
        return max(time.monotonic() - self._clock, 1e-9)

    @property
    def rate(self) -> float:
        return self.read / self.elapsed

    def error(self, message: str) -> None:
        self.errors += 1
        if len(self.error_messages) < 200:
            self.error_messages.append(message)

    def classify(self, article: Article) -> str:
        """Count one article read and say what to do with it: ``extract``, ``keep`` (unsupported
        language: stored, marked, not extracted) or ``drop`` (cannot hold an incident)."""
        self.read += 1
        if article.extra.get("truncated"):
            self.truncated += 1
        if not is_supported(article.language):
            self.unsupported[article.language or "unknown"] += 1
            return "keep"
        reason = verdict(article)
        if reason != "relevant":
            self.dropped[reason] += 1
            return "drop"
        self.relevant += 1
        return "extract"

    def summary(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "read": self.read,
            "relevant": self.relevant,
            "incidents": self.incidents,
            "errors": self.errors,
            "truncated": self.truncated,
            "dropped_by_prefilter": dict(self.dropped),
            "unsupported_language": dict(self.unsupported),
            "skipped": dict(self.skipped),
            "seconds": round(self.elapsed, 3),
            "per_second": round(self.rate, 1),
            "error_messages": self.error_messages,
        }

    def summary_text(self) -> str:
        parts = [
            f"{self.kind}: read {self.read}, relevant {self.relevant}, incidents {self.incidents}, "
            f"errors {self.errors} in {self.elapsed:.1f}s ({self.rate:.1f}/s)"
        ]
        if self.dropped:
            parts.append("dropped by pre-filter: " + _counter_text(self.dropped))
        if self.unsupported:
            parts.append("kept, not extracted (unsupported language): " + _counter_text(self.unsupported))
        if self.skipped:
            parts.append("skipped: " + _counter_text(self.skipped))
        if self.truncated:
            parts.append(f"cut at the size cap: {self.truncated}")
        shown = self.error_messages[:ERRORS_SHOWN]
        parts.extend(f"  error: {message}" for message in shown)
        if self.errors > len(shown):
            parts.append(f"  ... and {self.errors - len(shown)} more (the first 200 are in the run record)")
        return "\n".join(parts)


def _counter_text(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counter.most_common())


class RunProgress:
    """A live bar over a ``RunCounts``; silent when stderr is not a terminal or ``enabled`` is False."""

    def __init__(self, counts: RunCounts, *, total: int | None = None, enabled: bool | None = None,
                 console: Console | None = None) -> None:
        self.counts = counts
        self.console = console or Console(stderr=True)
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._progress: Progress | None = None
        self._task: Any = None
        self._total = total
        self._last = 0.0

    def __enter__(self) -> RunProgress:
        if self.enabled:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[counts]}"),
                TimeElapsedColumn(),
                console=self.console,
                transient=False,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.counts.kind, total=self._total, counts="")
        return self

    def update(self, *, force: bool = False) -> None:
        """Redraw at most ten times a second: the bar must not slow the run it shows."""
        if self._progress is None:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        c = self.counts
        text = (
            f"read {c.read}  relevant {c.relevant}  incidents {c.incidents}  errors {c.errors}  "
            f"{c.rate:.0f}/s"
        )
        self._progress.update(self._task, completed=c.read, counts=text)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.counts.finished_at = utcnow()
        if self._progress is not None:
            self.update(force=True)
            self._progress.stop()


def record_run(store: Store, counts: RunCounts) -> int:
    """Write the run's summary to the ``runs`` table; returns the run id."""
    from salvo.store.models import RunRow

    with store.session() as session:
        row = RunRow(
            kind=counts.kind,
            started_at=counts.started_at,
            finished_at=counts.finished_at or utcnow(),
            read=counts.read,
            relevant=counts.relevant,
            incidents=counts.incidents,
            errors=counts.errors,
            summary=counts.summary(),
        )
        session.add(row)
        session.flush()
        return int(row.id)


def screen(
    items: Iterable[Article | InputError], counts: RunCounts, progress: RunProgress | None = None
) -> Iterator[Article | InputError]:
    """Count every item and pass on what is worth storing: relevant articles, and articles in a
    language not yet supported (kept and marked; ``counting_extractor`` skips them). Errors pass
    through for the consumer to report; they are counted here."""
    for item in items:
        if isinstance(item, InputError):
            counts.read += 1
            counts.error(str(item))
            yield item
        elif counts.classify(item) != "drop":
            yield item
        if progress is not None:
            progress.update()


def counting_extractor(
    counts: RunCounts, extract: Callable[[Article], list[Incident]] | None = None
) -> Callable[[Article], list[Incident]]:
    """The pipeline's extractor, skipping unsupported languages and counting incidents."""
    if extract is None:
        from salvo.pipeline import extract_article

        extract = extract_article
    inner = extract

    def run(article: Article) -> list[Incident]:
        if not is_supported(article.language):
            return []
        found = inner(article)
        counts.incidents += len(found)
        return found

    return run
