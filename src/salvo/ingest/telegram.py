"""Telegram Desktop channel exports (``result.json``): each message becomes an ``Article``.

The militia fronts publish their claims on Telegram, and analysts work from the exports Telegram
Desktop writes ("Export chat history", JSON). A message becomes one article: the channel's name as
outlet, the message's day as published, its text joined from the export's parts (plain strings and
entity objects: bold, links, hashtags...). Service messages (pins, title changes) and messages
without text (a photo alone) are not articles: each is reported to ``on_skip`` with its reason, so
the run summary counts them and nothing vanishes unseen. A malformed message is an ``InputError``
naming the file and the message; the other messages are read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from salvo.errors import InputError
from salvo.model import YEAR_RANGE, Article, parse_published, shown

TELEGRAM_SUFFIXES = (".json",)
#: Largest export read (it is parsed whole): a year of a busy channel is a few tens of MB.
MAX_EXPORT_BYTES = 512 * 1024 * 1024
#: Skip reasons, as the run summary counts them.
SKIP_SERVICE = "telegram_service_message"
SKIP_NO_TEXT = "telegram_message_without_text"
_TITLE_CHARS = 200
_CHANNEL_TYPES = ("public_channel", "private_channel", "public_supergroup", "private_supergroup")

Item = Article | InputError


def read_telegram_export(path: Path, on_skip: Callable[[str], None] | None = None) -> Iterator[Item]:
    """The export's messages as articles, in file order; problems as ``InputError`` values."""
    source = str(path)
    export = _load(path)
    if isinstance(export, InputError):
        yield export
        return
    chats = _chats(export)
    if chats is None:
        yield InputError(
            source, None, "not a Telegram Desktop export: expected an object with a 'messages' list (result.json)"
        )
        return
    produced = False
    for chat in chats:
        for item in _chat_articles(source, chat, on_skip):
            produced = True
            yield item
    if not produced and not any(chat.get("messages") for chat in chats):
        yield InputError(source, None, "Telegram export holds no messages")


def _load(path: Path) -> Any:
    """The decoded export, or the InputError saying why there is none."""
    source = str(path)
    size = path.stat().st_size
    if size > MAX_EXPORT_BYTES:
        return InputError(
            source, None, f"export of {size / 1e6:.0f} MB is over the {MAX_EXPORT_BYTES // 2**20} MB limit; skipped"
        )
    data = path.read_bytes()
    if b"\x00" in data:
        return InputError(source, data[: data.index(b"\x00")].count(b"\n") + 1, "binary data (NUL bytes); skipped")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return InputError(source, data[: exc.start].count(b"\n") + 1, "not valid UTF-8; file skipped")
    if not text.strip():
        return InputError(source, None, "empty file: no Telegram export")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        return InputError(source, exc.lineno, f"malformed JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return InputError(source, None, "JSON nested too deeply; skipped")
    except ValueError as exc:
        return InputError(source, None, f"unreadable JSON value: {shown(str(exc), 80)}; skipped")


def _chats(export: Any) -> list[dict[str, Any]] | None:
    """One chat (a channel's own export), or every chat of a whole-account export (``chats.list``)."""
    if not isinstance(export, dict):
        return None
    if isinstance(export.get("messages"), list):
        return [export]
    listed = export.get("chats", {}).get("list") if isinstance(export.get("chats"), dict) else None
    if isinstance(listed, list) and all(isinstance(c, dict) for c in listed):
        return [c for c in listed if isinstance(c.get("messages"), list)]
    return None


def _chat_articles(source: str, chat: dict[str, Any], on_skip: Callable[[str], None] | None) -> Iterator[Item]:
    name = chat.get("name") if isinstance(chat.get("name"), str) and chat.get("name") else None
    chat_id = chat.get("id") if isinstance(chat.get("id"), int | str) and not isinstance(chat.get("id"), bool) else None
    outlet = name or (f"Telegram chat {chat_id}" if chat_id is not None else "Telegram")
    key = str(chat_id) if chat_id is not None else _slug(outlet)
    link = _link_base(chat, chat_id)
    for index, message in enumerate(chat["messages"]):
        if not isinstance(message, dict):
            yield InputError(source, None, f"message #{index + 1} of {shown(outlet)}: not a JSON object")
            continue
        if message.get("type") == "service":
            if on_skip is not None:
                on_skip(SKIP_SERVICE)
            continue
        item = _article(source, message, index, outlet, key, link)
        if item is None:
            if on_skip is not None:
                on_skip(SKIP_NO_TEXT)
            continue
        yield item


def _article(source: str, message: dict[str, Any], index: int, outlet: str, key: str,
             link: str | None) -> Item | None:
    """One message's article, the error saying why it has none, or None for a message without text."""
    raw_id = message.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, int | str) or raw_id == "":
        return InputError(source, None, f"message #{index + 1} of {shown(outlet)}: no 'id'")
    where = f"message {raw_id} of {shown(outlet)}"
    if message.get("type", "message") != "message":
        return InputError(source, None, f"{where}: unknown message type {shown(message.get('type'))}")
    text = _text(message.get("text", ""))
    if not (text or "").strip() and "text_entities" in message:  # the same text, as entities only
        text = _text(message["text_entities"]) if text is None else (_text(message["text_entities"]) or text)
    if text is None:
        return InputError(source, None, f"{where}: 'text' must be a string or a list of strings and entities")
    if not text.strip():
        return None
    day = _day(message)
    if day is None:
        return InputError(
            source, None,
            f"{where}: bad or missing 'date' {shown(message.get('date'))}: expected an ISO date "
            f"(years {YEAR_RANGE[0]}-{YEAR_RANGE[1]}) or 'date_unixtime'",
        )
    extra: dict[str, Any] = {}
    for field in ("forwarded_from", "edited"):
        value = message.get(field)
        if isinstance(value, str) and value:
            extra[field] = value
    title = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return Article(
        id=f"tg-{key}-{raw_id}",
        text=text,
        title=title[:_TITLE_CHARS] or None,
        outlet=outlet,
        url=f"{link}/{raw_id}" if link else None,
        published=day,
        extra=extra,
    )


def _text(value: Any) -> str | None:
    """The message text joined from its parts (strings, and entity objects with a ``text``)."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return None
    parts: list[str] = []
    for part in value:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            parts.append(part["text"])
        else:
            return None
    return "".join(parts)


def _day(message: dict[str, Any]) -> dt.date | None:
    """The message's day as the export writes it (``date``, the exporting app's clock), else from
    ``date_unixtime`` (UTC)."""
    day = parse_published(message.get("date"))
    if day is not None:
        return day
    stamp = message.get("date_unixtime")
    if (isinstance(stamp, str) and stamp.isdigit()) or (isinstance(stamp, int) and not isinstance(stamp, bool)):
        try:
            found = dt.datetime.fromtimestamp(int(stamp), dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
        return found if YEAR_RANGE[0] <= found.year <= YEAR_RANGE[1] else None
    return None


def _link_base(chat: dict[str, Any], chat_id: Any) -> str | None:
    """Where the channel's messages are linked: ``t.me/USERNAME`` when the export names one, else
    ``t.me/c/ID`` (the link form of a channel or supergroup, for its members)."""
    username = chat.get("username")
    if isinstance(username, str) and re.fullmatch(r"@?[A-Za-z0-9_]{4,64}", username):
        return f"https://t.me/{username.lstrip('@')}"
    if chat_id is not None and chat.get("type") in _CHANNEL_TYPES and str(chat_id).isdigit():
        return f"https://t.me/c/{chat_id}"
    return None


def _slug(name: str) -> str:
    return re.sub(r"\W+", "-", name.lower(), flags=re.UNICODE).strip("-")[:60] or "chat"
