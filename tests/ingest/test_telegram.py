"""Telegram Desktop exports (``result.json``) into articles: messages, parts, skips and bad input (exports we write)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from salvo.errors import InputError
from salvo.ingest.readers import read_inputs
from salvo.ingest.telegram import SKIP_NO_TEXT, SKIP_SERVICE
from salvo.model import Article


def export(*messages: dict[str, Any], **chat: Any) -> dict[str, Any]:
    head = {"name": "Test Front Channel", "type": "public_channel", "id": 1555000111}
    return {**head, **chat, "messages": list(messages)}


def message(ident: int, text: Any, date: str = "2024-02-03T21:15:00", **more: Any) -> dict[str, Any]:
    return {"id": ident, "type": "message", "date": date, "date_unixtime": "1706994900", "text": text, **more}


def read(path: Path) -> tuple[list[Article], list[InputError], list[str]]:
    skipped: list[str] = []
    items = list(read_inputs([path], on_skip=skipped.append))
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, InputError)],
        skipped,
    )


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def test_a_message_becomes_an_article_of_its_channel_and_day(tmp_path: Path) -> None:
    path = write(tmp_path / "result.json", export(message(7, "Our fighters struck the base with two drones.")))
    (article,), errors, _ = read(path)
    assert not errors
    assert article.outlet == "Test Front Channel"
    assert article.published == dt.date(2024, 2, 3)
    assert article.id == "tg-1555000111-7"
    assert article.url == "https://t.me/c/1555000111/7"
    assert article.text == "Our fighters struck the base with two drones."
    assert article.language == "en"  # detected, as for every input that does not say


def test_text_parts_and_entities_are_joined_verbatim(tmp_path: Path) -> None:
    parts = [
        {"type": "bold", "text": "Statement"},
        "\nThe front targeted ",
        {"type": "text_link", "text": "the airport", "href": "https://example.org/x"},
        " at dawn ",
        {"type": "hashtag", "text": "#front"},
    ]
    path = write(tmp_path / "result.json", export(message(1, parts)))
    (article,), errors, _ = read(path)
    assert not errors
    assert article.text == "Statement\nThe front targeted the airport at dawn #front"
    assert article.title == "Statement"


def test_entities_stand_in_for_a_text_the_export_left_empty(tmp_path: Path) -> None:
    entities = [{"type": "plain", "text": "Rockets fell near "}, {"type": "bold", "text": "the base"}]
    path = write(tmp_path / "result.json", export(message(2, "", text_entities=entities)))
    (article,), errors, _ = read(path)
    assert not errors and article.text == "Rockets fell near the base"


def test_service_messages_and_messages_without_text_are_skipped_with_their_reason(tmp_path: Path) -> None:
    service = {"id": 1, "type": "service", "date": "2024-02-01T10:00:00", "action": "pin_message", "text": ""}
    photo = message(3, "", photo="photos/photo_3.jpg")
    path = write(tmp_path / "result.json", export(service, message(2, "A drone hit the base."), photo))
    articles, errors, skipped = read(path)
    assert [a.id for a in articles] == ["tg-1555000111-2"] and not errors
    assert sorted(skipped) == sorted([SKIP_SERVICE, SKIP_NO_TEXT])


def test_forwarded_from_and_edited_are_kept_with_the_article(tmp_path: Path) -> None:
    msg = message(4, "Rockets fell on the base.", forwarded_from="Other Test Channel", edited="2024-02-03T21:20:00")
    path = write(tmp_path / "result.json", export(msg))
    (article,), _, _ = read(path)
    assert article.extra == {"forwarded_from": "Other Test Channel", "edited": "2024-02-03T21:20:00"}
    assert article.to_json()["forwarded_from"] == "Other Test Channel"


def test_the_unix_time_dates_a_message_whose_local_date_is_unusable(tmp_path: Path) -> None:
    msg = message(5, "A drone hit the base.", date="yesterday")
    msg["date_unixtime"] = str(int(dt.datetime(2023, 12, 31, 22, 30, tzinfo=dt.UTC).timestamp()))
    path = write(tmp_path / "result.json", export(msg))
    (article,), errors, _ = read(path)
    assert not errors and article.published == dt.date(2023, 12, 31)


def test_a_channel_username_gives_public_links(tmp_path: Path) -> None:
    path = write(tmp_path / "result.json", export(message(9, "A drone hit the base."), username="test_front"))
    (article,), _, _ = read(path)
    assert article.url == "https://t.me/test_front/9"


def test_a_private_chat_has_no_link_and_an_id_from_its_number(tmp_path: Path) -> None:
    path = write(tmp_path / "result.json", export(message(9, "A drone hit the base."), type="personal_chat", id=42))
    (article,), _, _ = read(path)
    assert article.url is None and article.id == "tg-42-9"


def test_bad_messages_are_named_and_the_rest_is_read(tmp_path: Path) -> None:
    bad = [
        "not an object",
        {"type": "message", "date": "2024-02-03T10:00:00", "text": "no id here"},
        message(11, 42),
        message(12, ["ok ", {"type": "bold"}]),
        message(13, "no date", date="soon", date_unixtime=None),
        message(14, "year out of range", date="1066-10-14T09:00:00", date_unixtime=None),
        {**message(15, "strange"), "type": "poll"},
    ]
    path = write(tmp_path / "result.json", export(*bad, message(20, "A drone hit the base.")))
    articles, errors, _ = read(path)
    assert [a.id for a in articles] == ["tg-1555000111-20"]
    shown = [str(e) for e in errors]
    assert len(shown) == 7 and all(s.startswith(f"{path}: message ") for s in shown)
    assert "message #1 " in shown[0] and "not a JSON object" in shown[0]
    assert "message #2 " in shown[1] and "no 'id'" in shown[1]
    assert "message 11 " in shown[2] and "'text'" in shown[2]
    assert "message 12 " in shown[3] and "'text'" in shown[3]
    assert "message 13 " in shown[4] and "'date'" in shown[4]
    assert "message 14 " in shown[5] and "'date'" in shown[5]
    assert "message 15 " in shown[6] and "'poll'" in shown[6]


def test_malformed_json_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text('{\n "name": "x",\n "messages": [\n  {"id": 1,,}\n ]\n}\n', encoding="utf-8")
    articles, errors, _ = read(path)
    assert not articles and len(errors) == 1
    assert str(errors[0]).startswith(f"{path}:4: malformed JSON")


def test_json_that_is_no_export_is_an_error_not_silence(tmp_path: Path) -> None:
    for name, data in (("list.json", [1, 2]), ("config.json", {"theme": "dark"})):
        articles, errors, _ = read(write(tmp_path / name, data))
        assert not articles
        assert [str(e) for e in errors] == [
            f"{tmp_path / name}: not a Telegram Desktop export: expected an object with a 'messages' list (result.json)"
        ]


def test_empty_and_undecodable_exports_are_errors(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.json", export())
    blank = tmp_path / "blank.json"
    blank.write_text("  \n", encoding="utf-8")
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"name": "caf\xe9", "messages": []}')
    for path, words in ((empty, "holds no messages"), (blank, "empty file"), (latin, "not valid UTF-8")):
        articles, errors, _ = read(path)
        assert not articles and len(errors) == 1 and words in str(errors[0]), (path, errors)


def test_a_whole_account_export_reads_every_chat(tmp_path: Path) -> None:
    chats = [
        export(message(1, "A drone hit the base."), name="First", id=1),
        export(message(1, "Rockets fell near the base."), name="Second", id=2),
    ]
    path = write(tmp_path / "result.json", {"about": "export", "chats": {"about": "chats", "list": chats}})
    articles, errors, _ = read(path)
    assert not errors and [(a.outlet, a.id) for a in articles] == [("First", "tg-1-1"), ("Second", "tg-2-1")]


def test_a_folder_holding_an_export_is_read_with_its_media_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "ChatExport_2024-02-04"
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "photo_1.jpg").write_bytes(b"\xff\xd8\xff")
    write(folder / "result.json", export(message(1, "A drone hit the base.")))
    articles, errors, _ = read(folder)
    assert [a.id for a in articles] == ["tg-1555000111-1"] and not errors
