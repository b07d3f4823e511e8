"""Saved pages into articles: main text, metadata, dates and languages (pages we write here)."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from salvo.errors import InputError
from salvo.ingest.html import article_from_html, iter_html_file, text_date
from salvo.ingest.language import detect_language, is_supported
from salvo.model import Article

STORY = [
    "Two rockets struck near a base hosting coalition troops in western Iraq on Tuesday, officials said.",
    "There were no casualties, according to a statement from the coalition spokesman in Baghdad.",
    "No group claimed responsibility for the strike, the third reported near the base this month.",
    "Security forces later found a launcher in a field several kilometres from the perimeter.",
]


def page(
    paragraphs: list[str],
    *,
    title: str = "Rockets strike near base in western Iraq",
    head: str = "",
    lang: str = "en",
) -> str:
    nav = "".join(f'<li><a href="/{s}">{s.title()}</a></li>' for s in ("home", "world", "sport", "opinion"))
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>{head}</head><body>
<header><nav><ul>{nav}</ul></nav></header>
<div class="advertisement ad-banner">Advertisement: Holiday deals on sofas, buy now while stocks last!</div>
<main><article><h1>{html.escape(title)}</h1>{body}</article>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Reader comment: another attack, when will it stop, they should hit back.</p></div>
</section></main>
<footer><p>Copyright Example Herald. All rights reserved.</p></footer></body></html>"""


HEAD = (
    '<link rel="canonical" href="https://herald.example.com/world/rockets-base">'
    '<meta property="og:site_name" content="Example Herald">'
    '<meta property="article:published_time" content="2021-03-09T07:30:00+00:00">'
)


def test_main_text_keeps_the_story_and_drops_navigation_adverts_and_comments() -> None:
    article = article_from_html(page(STORY, head=HEAD))
    for paragraph in STORY:
        assert paragraph in article.text
    for clutter in ("Advertisement", "Holiday deals", "Reader comment", "Copyright", "Opinion"):
        assert clutter not in article.text
    assert article.text.startswith("Rockets strike near base in western Iraq\n\n")


def test_title_outlet_canonical_url_and_date_come_from_the_markup() -> None:
    article = article_from_html(page(STORY, head=HEAD), url="https://herald.example.com/x?utm_source=feed")
    assert article.title == "Rockets strike near base in western Iraq"
    assert article.outlet == "Example Herald"
    assert article.url == "https://herald.example.com/world/rockets-base"
    assert article.published == dt.date(2021, 3, 9)
    assert article.language == "en"


def test_same_canonical_url_gives_same_id_whatever_the_fetch_url() -> None:
    one = article_from_html(page(STORY, head=HEAD), url="https://herald.example.com/a?x=1")
    two = article_from_html(page(STORY, head=HEAD), url="https://herald.example.com/a?x=2")
    assert one.id == two.id


def test_outlet_falls_back_to_host_name_without_site_metadata() -> None:
    article = article_from_html(page(STORY), url="https://www.gazette.example.net/2021/story")
    assert article.outlet in ("gazette.example.net", "Gazette.example.net")


def test_date_from_dateline_when_markup_has_none() -> None:
    paragraphs = ["March 4, 2021", *STORY]
    article = article_from_html(page(paragraphs))
    assert article.published == dt.date(2021, 3, 4)


def test_no_date_anywhere_gives_none_not_a_guess() -> None:
    article = article_from_html(page(STORY))
    assert article.published is None


def test_text_date_reads_day_month_year_and_published_lines() -> None:
    assert text_date("Baghdad, 7 July 2021 - Rockets hit") == dt.date(2021, 7, 7)
    tail = "x " * 400
    assert text_date(f"Story\n{tail}\nPublished: Dec. 27, 2019") == dt.date(2019, 12, 27)
    # a date deep in the text is an event date, not the publication date
    assert text_date(f"Story\n{tail}\nthe attack of December 27, 2019") is None


def test_page_in_another_language_is_kept_and_marked_unsupported() -> None:
    french = [
        "Deux roquettes ont frappé une base qui accueille des soldats de la coalition en Irak.",
        "Il n'y a pas eu de victimes, selon un communiqué publié par le porte-parole de la coalition.",
        "Aucun groupe n'a revendiqué l'attaque, la troisième près de la base ce mois-ci.",
    ]
    article = article_from_html(page(french, title="Roquettes sur une base en Irak", lang="fr"))
    assert article.language == "fr"
    assert not is_supported(article.language)
    assert "Deux roquettes" in article.text


def test_language_detection_by_script_and_stopwords() -> None:
    assert detect_language("The rockets hit the base and the officials said that it was the third") == "en"
    assert detect_language("Die Raketen trafen den Stützpunkt und es wurde nicht bestätigt, dass der") == "de"
    assert detect_language("Los cohetes impactaron en la base y según el portavoz de la coalición") == "es"
    assert detect_language("سقطت صواريخ على قاعدة عين الأسد في غرب العراق") == "ar"
    assert detect_language("Ракеты упали на базу в западной части Ирака") == "ru"
    assert detect_language("ok") is None


def test_declared_legacy_charset_is_decoded() -> None:
    text = page([*STORY, "The spokesman’s café statement was brief."]).replace("utf-8", "windows-1252")
    article = article_from_html(text.encode("windows-1252"))
    assert "spokesman’s café statement" in article.text


def test_iter_html_file_yields_one_article(tmp_path: Path) -> None:
    saved = tmp_path / "story.html"
    saved.write_text(page(STORY, head=HEAD), encoding="utf-8")
    items = list(iter_html_file(saved))
    assert len(items) == 1 and isinstance(items[0], Article)
    assert items[0].url == "https://herald.example.com/world/rockets-base"


def test_page_without_article_text_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>Index</title></head><body><nav><a href='/'>Home</a></nav></body>")
    items = list(iter_html_file(empty))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert str(empty) in str(items[0]) and "no article text" in str(items[0])


def test_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    items = list(iter_html_file(tmp_path / "missing.html"))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "cannot read page" in items[0].message


def test_binary_garbage_is_an_input_error_not_a_traceback(tmp_path: Path) -> None:
    junk = tmp_path / "junk.html"
    junk.write_bytes(bytes(range(256)) * 20)
    items = list(iter_html_file(junk))
    assert len(items) == 1
    assert isinstance(items[0], (InputError, Article))
