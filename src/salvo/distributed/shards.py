"""Input shards: JSONL files cut into ranges of records, every other file (WARC, HTML, text) whole,
folders expanded to their files. A shard is the unit a Dask worker extracts, retries and reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from salvo.errors import InputError
from salvo.ingest.language import detect_language
from salvo.ingest.readers import JSONL_SUFFIXES, _suffix, _walk, read_file
from salvo.model import Article

RECORDS_PER_SHARD = 32  # small enough to spread a few hundred articles over 16 workers


@dataclass(frozen=True)
class Shard:
    """Records ``start`` to ``stop`` (None: all) of one file; ``key`` names it in reports and file names."""

    key: str
    path: str
    start: int = 0
    stop: int | None = None


def _files(inputs: Sequence[str]) -> Iterator[Path]:
    for raw in inputs:
        path = Path(raw)
        yield from (_walk(path) if path.is_dir() else [path])


def _records(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


def plan_shards(inputs: Sequence[str], records: int = RECORDS_PER_SHARD) -> list[Shard]:
    """The shards of these inputs, in input order (the order results are stored in)."""
    out: list[Shard] = []
    for n, path in enumerate(_files(inputs)):
        if _suffix(path) in JSONL_SUFFIXES and path.is_file() and not path.name.endswith(".gz"):
            total = _records(path)
            for start in range(0, max(total, 1), records):
                out.append(Shard(f"{n:05d}-{start:09d}", str(path), start, start + records))
        else:
            out.append(Shard(f"{n:05d}-000000000", str(path)))
    return out


def read_shard(shard: Shard, published: dt.date | None = None) -> Iterator[Article | InputError]:
    """The shard's articles and input errors, languages detected as ``read_inputs`` does."""
    for item in islice(read_file(Path(shard.path), published), shard.start, shard.stop):
        if isinstance(item, Article) and item.language is None:
            item.language = detect_language(item.text)
        yield item
