"""The relevance pre-filter: never drops a gold incident, drops most of a general news stream.

The general stream is synthesised here from templates we wrote, with a topic mix
like a general wire's (sport, business, politics, crime, other wars, Middle East
news without US forces, and a few in-scope reports). Run this file with ``-s`` to
see the drop share per topic.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

from salvo.ingest.prefilter import is_relevant, may_be_relevant_html, verdict
from salvo.model import Article

# topic -> (share of the stream, sentence templates); {a}/{b} are filled from FILL
TOPICS: dict[str, tuple[float, list[str]]] = {
    "sport": (0.18, [
        "The {club} striker scored twice as the visitors hit back in the second half.",
        "Their attack looked sharp, and the goalkeeper fired the ball upfield within seconds.",
        "Jordan Henderson and the captain were booked before the break, the referee said.",
        "The coach said the team would target a top four finish after a difficult season.",
        "Fans travelled from {city} for the final, which was played in front of a sell-out crowd.",
    ]),
    "business": (0.15, [
        "Shares in {company} hit a record high on Tuesday after quarterly profits beat forecasts.",
        "Workers at the {company} plant voted to strike over pay, the union said in a statement.",
        "The central bank kept interest rates on hold, citing cooling inflation in {city}.",
        "Analysts said oil prices could rise further if supply stayed tight through the winter.",
        "The firm plans to launch a new product line and hire 300 staff next year.",
    ]),
    "us_politics": (0.12, [
        "The US Senate passed the spending bill late on Thursday after weeks of negotiation in Washington.",
        "President {leader} said the measure would lower costs for American families.",
        "The Pentagon budget includes funds for new ships and pay rises for troops.",
        "Critics attacked the plan as too costly, and a vote in the House is expected next week.",
    ]),
    "tech": (0.08, [
        "{company} unveiled a new phone with a faster chip and a longer-lasting battery.",
        "Regulators in Brussels opened an inquiry into how the app handles user data.",
        "A cyber attack disrupted the hospital's booking systems for two days, officials said.",
        "The start-up raised 40 million dollars to build delivery drones for rural areas.",
    ]),
    "health": (0.06, [
        "A new study found that regular walking reduces the risk of heart disease.",
        "The hospital said three patients were injured when a ceiling collapsed in a ward.",
        "Vaccination rates rose in {city} after a campaign aimed at young parents.",
    ]),
    "culture": (0.08, [
        "The film premiered in {city} to a standing ovation on Saturday night.",
        "The singer announced a world tour, with tickets going on sale next month.",
        "Critics praised the novel, a family saga set over three generations.",
    ]),
    "weather": (0.04, [
        "Storms hit the coast overnight, bringing down trees and cutting power to thousands.",
        "Forecasters warned of flooding in {city} as heavy rain continued into the weekend.",
    ]),
    "crime": (0.08, [
        "Police in {city} said a man was killed in a shooting outside a bar late on Friday.",
        "Officers fired warning shots before arresting two suspects, a spokesman said.",
        "A court sentenced the gang leader to twelve years for armed robbery.",
    ]),
    "ukraine_war": (0.06, [
        "Russian drones and missiles struck energy facilities across Ukraine overnight, Kyiv said.",
        "Air defences intercepted most of the projectiles, but two people were killed in {ua_city}.",
        "Washington announced a new package of military aid, including air defence systems.",
    ]),
    "israel_gaza": (0.05, [
        "Israeli airstrikes hit targets in Gaza on Monday, killing at least {n} people, officials said.",
        "The United States urged restraint as talks on a ceasefire resumed in Cairo.",
        "The conflict has raised fears of a wider war in the Middle East, diplomats said.",
    ]),
    "region_no_violence": (0.04, [
        "Iraq's parliament approved the budget after months of disputes over oil revenue.",
        "Jordan's economy grew faster than expected, helped by tourism and exports.",
        "Syrian farmers in the northeast said drought had cut the wheat harvest by half.",
        "The prime minister met business leaders in Baghdad to discuss electricity shortages.",
    ]),
    "region_out_of_scope_violence": (0.02, [
        "Turkish drones struck suspected PKK positions in the mountains of northern Iraq, Ankara said.",
        "Islamic State militants attacked an Iraqi army checkpoint in Kirkuk province, killing two soldiers.",
        "Israeli missiles hit sites near Damascus overnight, Syrian state media reported.",
    ]),
    "in_scope": (0.02, [
        "Rockets struck Ain al-Asad air base in western Iraq, which hosts US troops, on {weekday}.",
        "A drone attack targeted coalition forces at a base in eastern Syria, the US military said.",
        "US forces carried out airstrikes on Iran-backed militia facilities near Al-Qaim.",
        "No casualties were reported, a coalition spokesman said.",
    ]),
}
FILL: dict[str, list[str]] = {
    "club": ["United", "City", "Rovers", "Athletic"],
    "city": ["Leeds", "Lyon", "Denver", "Osaka", "Melbourne", "Toronto"],
    "company": ["Acme", "Globex", "Initech", "Umbrella"],
    "leader": ["Biden", "Trump"],
    "ua_city": ["Kharkiv", "Odesa", "Dnipro"],
    "n": ["12", "20", "31"],
    "weekday": ["Monday", "Wednesday", "Saturday"],
}


def synthetic_stream(n: int = 2000, seed: int = 7) -> list[tuple[str, Article]]:
    rng = random.Random(seed)
    names = list(TOPICS)
    weights = [TOPICS[t][0] for t in names]
    stream = []
    for i in range(n):
        topic = rng.choices(names, weights)[0]
        templates = TOPICS[topic][1]
        picked = rng.sample(templates, k=min(len(templates), rng.randint(2, 4)))
        text = "\n\n".join(
            s.format(**{k: rng.choice(v) for k, v in FILL.items()}) for s in picked
        )
        stream.append((topic, Article(id=f"syn{i}", text=text, language="en")))
    return stream


def test_no_article_holding_a_gold_incident_is_dropped(gold_rows: list[dict[str, Any]]) -> None:
    checked = 0
    for row in gold_rows:
        if not any(not inc.get("optional") for inc in row["incidents"]):
            continue
        a = row["article"]
        article = Article(id=a["id"], text=a["text"], title=a.get("title"))
        from salvo.ingest.language import detect_language

        article.language = detect_language(a["text"])
        assert is_relevant(article), (a["id"], verdict(article))
        assert may_be_relevant_html(f"<html><body><p>{a['text']}</p></body></html>".encode()), a["id"]
        checked += 1
    assert checked >= 60


def test_general_stream_is_mostly_dropped_and_in_scope_kept() -> None:
    stream = synthetic_stream()
    kept = Counter(topic for topic, article in stream if is_relevant(article))
    total = Counter(topic for topic, _ in stream)
    dropped = 1 - sum(kept.values()) / len(stream)
    print(f"\nprefilter drops {dropped:.1%} of a synthetic general stream of {len(stream)} articles")
    for topic in TOPICS:
        print(f"  {topic:30s} kept {kept[topic]:4d} of {total[topic]:4d}")
    assert kept["in_scope"] == total["in_scope"]
    assert dropped >= 0.85


def test_each_missing_ingredient_has_its_reason() -> None:
    def v(text: str) -> str:
        return verdict(Article(id="x", text=text, language="en"))

    assert v("Shares hit a record high after the strike ended.") == "no_region"
    assert v("Iraq's parliament approved the budget after a long debate.") == "no_violence"
    assert v("Turkish jets struck PKK positions in northern Iraq on Monday.") == "no_us_coalition"
    assert v("Rockets struck a base hosting US troops in Iraq.") == "relevant"
    assert v("Rockets struck a village near us in Iraq.") == "no_us_coalition"
    # a front's claim names the base, not the troops in it; its vows call them "the occupation"
    assert v("The Islamic Resistance in Iraq announces targeting the Harir base with a drone.") == "relevant"
    assert v("Drones targeted the occupation forces in Iraq.") == "relevant"


def test_pages_in_unsupported_languages_are_not_dropped_here() -> None:
    article = Article(id="x", text="Des roquettes ont frappé une base en Irak.", language="fr")
    assert verdict(article) == "unsupported_language"
    assert is_relevant(article)


def test_raw_page_test_reads_bytes_in_several_languages() -> None:
    assert may_be_relevant_html(b"<p>Rockets hit a base hosting US troops in Iraq</p>")
    assert may_be_relevant_html("<p>Des roquettes ont frappé une base américaine en Irak</p>".encode())
    assert may_be_relevant_html(b"<p>Cohetes contra una base de EEUU en Siria</p>")
    assert may_be_relevant_html("<p>سقطت صواريخ على قاعدة في العراق</p>".encode())
    assert may_be_relevant_html("<p>ABD üssüne Irak'ta roketli saldırı</p>".encode())
    assert not may_be_relevant_html(b"<p>Shares hit a record high after the strike ended.</p>")
    assert not may_be_relevant_html(b"<p>Iraq's parliament approved the budget on Sunday.</p>")


def test_raw_page_test_ignores_menus_scripts_and_side_columns() -> None:
    clutter = (
        b"<nav><a href='/me'>Middle East</a> <a href='/us'>US news</a></nav>"
        b"<script>var t = 'Iraq attack US';</script><style>.iraq{}</style><!-- Syria strike US -->"
        b"<aside><a href='/x'>Drone attack on US base in Syria</a></aside>"
        b"<footer>Iraq | US | Attack</footer>"
    )
    story = b"<article><p>The library opens on Sunday with longer hours.</p></article>"
    assert not may_be_relevant_html(clutter + story)
    report = b"<article><p>Rockets hit a base hosting US troops in Iraq.</p></article>"
    assert may_be_relevant_html(clutter + report)


def test_raw_page_test_keeps_a_page_wrapped_in_one_form() -> None:
    page = b"<form id='main'><article><p>Rockets hit a base hosting US troops in Iraq.</p></article></form>"
    assert may_be_relevant_html(page)


def test_a_report_in_a_language_with_a_pack_is_kept_for_its_pack_to_judge() -> None:
    """The word lists are English: an Arabic report passes to extraction, where the Arabic cues decide."""
    text = "استهدفت طائرة مسيرة قاعدة عسكرية تضم قوات أجنبية صباح اليوم."
    arabic = Article(id="ar", title=None, outlet=None, url=None, published=None, text=text, language="ar")
    spanish = Article(id="es", title=None, outlet=None, url=None, published=None,
                      text="Varios cohetes cayeron sobre una base aérea.", language="es")
    assert verdict(arabic) == "relevant"
    assert verdict(spanish) == "unsupported_language" and is_relevant(spanish)
