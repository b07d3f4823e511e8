"""Every error type of Salvo, in the base layer so that any layer can raise or report one.

``InputError`` is a value, not an exception: a batch reports it and goes on. The exceptions
name what failed precisely enough for a person to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InputError:
    """One unreadable input record, located precisely enough for a person to fix it."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"


class GazetteerError(ValueError):
    """A gazetteer file that cannot be read; the message names file and line."""


class LexiconError(ValueError):
    """The weapon lexicon file is malformed (names the file and entry)."""


class WriterBusy(RuntimeError):
    """A second process tried to write to a SQLite database another process is writing to."""


class FetchError(Exception):
    """A URL could not be fetched; ``reason`` is a short tag for counting."""

    def __init__(self, url: str, reason: str, message: str) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.reason = reason


class BlockedAddress(FetchError):
    """The URL (or a redirect from it) leads to an address the operator has not allowed."""


class NoArticleText(ValueError):
    """The page has no main text (an index page, an error page, an empty shell)."""


class ReviewError(ValueError):
    """A review action that cannot apply (unknown incident, bad field or value)."""
