"""Arabic reports read through the Arabic pack, each phenomenon on short texts of our own."""

from __future__ import annotations

import datetime as dt

import pytest

from salvo import lang
from salvo.extract.actors import find_actors
from salvo.extract.casualties import find_casualties
from salvo.extract.dates import find_dates
from salvo.extract.places import Gazetteer
from salvo.extract.weapons import count_projectiles, find_weapons
from salvo.model import Article
from salvo.pipeline import extract_article, extract_document

PUB = dt.date(2024, 2, 8)  # a Thursday


def read(text: str) -> str:
    return lang.normalise(text, "ar").text


def weapons(text: str) -> list[tuple[str, int | None]]:
    return [(m.weapon, m.count) for m in find_weapons(read(text), "ar") if m.role not in ("launcher", "defensive")]


@pytest.mark.parametrize(("text", "found"), [
    ("أطلقت ثلاثة صواريخ على القاعدة", [("rocket", 3)]),          # a counted noun
    ("سقط صاروخين داخل القاعدة", [("rocket", 2)]),                  # the dual carries its count
    ("استهدفت طائرتين مسيرتين المطار", [("drone", 2)]),             # dual noun and dual adjective
    ("هجوم بطائرة مسيّرة على المعسكر", [("drone", 1)]),             # an indefinite singular is one
    ("قصف بصواريخ كاتيوشا", [("rocket", None)]),                    # a plural without a number
    ("انفجرت عبوة ناسفة بالرتل", [("ied", None)]),
    ("سقطت قذائف هاون قرب السفارة", [("mortar", None)]),
    ("هجوم بصاروخ باليستي", [("ballistic_missile", None)]),
    ("بـ 4 صواريخ", [("rocket", 4)]),                               # a number after "ب"
])
def test_weapons_and_their_counts(text: str, found: list[tuple[str, int | None]]) -> None:
    assert weapons(text) == found


def test_a_drone_shot_down_by_air_defences_is_intercepted() -> None:
    roles = [m.role for m in find_weapons(read("وأسقطت الدفاعات الجوية طائرة مسيرة فوق القاعدة"), "ar")]
    assert "intercepted" in roles and "defensive" in roles


def test_counts_add_up_across_families() -> None:
    assert count_projectiles([read("أطلقت ثلاثة صواريخ وطائرتين مسيرتين")]) is None  # read in English: none
    with lang.reading("ar"):
        assert count_projectiles([read("أطلقت ثلاثة صواريخ وطائرتين مسيرتين")]) == 5


@pytest.mark.parametrize(("text", "day", "precision"), [
    ("هجوم يوم الثلاثاء", "2024-02-06", "day"),                   # weekday: the latest before publication
    ("سقطت صواريخ أمس", "2024-02-07", "day"),
    ("وقع الهجوم اليوم", "2024-02-08", "day"),
    ("في 20 كانون الثاني الماضي", "2024-01-20", "day"),           # the Levantine month series
    ("في 3 يناير", "2024-01-03", "day"),                          # the Egyptian / Gulf series
    ("في الـ 23 من يناير", "2024-01-23", "day"),                   # "the 23rd of January"
    ("الأسبوع الماضي", "2024-01-29", "week"),
    ("في عام 2023", "2023-01-01", "year"),
])
def test_dates(text: str, day: str, precision: str) -> None:
    [mention] = find_dates(read(text), PUB, "ar")
    assert (mention.date.isoformat(), mention.precision) == (day, precision)


@pytest.mark.parametrize(("text", "killed", "injured"), [
    ("سقطت الصواريخ دون وقوع إصابات", 0, 0),
    ("لم يسفر الهجوم عن سقوط قتلى أو جرحى", 0, 0),
    ("ولا خسائر في صفوف القوات", 0, 0),
    ("ما أدى إلى جرح اثنين من الحراس", None, 2),
    ("أسفر القصف عن 3 قتلى", 3, None),
])
def test_casualties(text: str, killed: int | None, injured: int | None) -> None:
    c = find_casualties(read(text), "ar")
    assert (c.killed, c.injured) == (killed, injured)


@pytest.mark.parametrize(("text", "place"), [
    ("قاعدة عين الاسد", "Ain al-Asad Air Base"),    # written without hamza
    ("هجوم بالتنف", "Al-Tanf Garrison"),            # "ب" and the article written onto the name
    ("قاعدة الحرير الجوية", "Harir Air Base"),
])
def test_places_are_found_by_their_arabic_names(text: str, place: str) -> None:
    assert place in [m.place.name for m in Gazetteer.default().find(read(text))]


@pytest.mark.parametrize(("text", "actor"), [
    ("أعلنت المقاومة الإسلامية في العراق", "Islamic Resistance in Iraq"),
    ("بيان لكتائب حزب الله", "Kata'ib Hezbollah"),   # "ل" written onto the name
    ("قالت القوات الأمريكية", "United States"),
    ("الفصائل المسلحة الموالية لإيران", "Iran-backed militias"),
])
def test_actors_by_their_arabic_names(text: str, actor: str) -> None:
    assert actor in [m.actor for m in find_actors(read(text), "ar")]


def _article(text: str, aid: str = "ar-1", language: str | None = "ar") -> Article:
    return Article(id=aid, title=None, outlet=None, url=None, published=PUB, text=text, language=language)


def test_an_arabic_report_gives_canonical_values_and_verbatim_evidence() -> None:
    text = ("أعلنت المقاومة الإسلامية في العراق، اليوم الخميس، أنها استهدفت قاعدة عين الأسد "
            "بثلاثة صواريخ، دون وقوع إصابات.")
    [incident] = extract_article(_article(text))
    assert (incident.category, incident.date, incident.place, incident.country) == (
        "attack", dt.date(2024, 2, 8), "Ain al-Asad Air Base", "IQ")
    assert (incident.weapons, incident.projectiles, incident.killed, incident.injured) == (["rocket"], 3, 0, 0)
    assert (incident.perpetrator, incident.attribution) == ("Islamic Resistance in Iraq", "claimed")
    assert all(e in text for e in incident.evidence)  # the original spelling, hamza and all
    assert incident.target is not None and incident.target in text  # as written, not as normalised


def test_evidence_keeps_the_marks_the_stages_read_past() -> None:
    text = "استُهدِفت قاعدة التنف بطائرةٍ مسيّرةٍ أمس؟ نعم، وفق مصدر."
    doc = extract_document(_article(text))
    assert doc.sentences[0].text == "استُهدِفت قاعدة التنف بطائرةٍ مسيّرةٍ أمس؟"  # split at the question mark
    [incident] = doc.incidents
    assert incident.evidence == ["استُهدِفت قاعدة التنف بطائرةٍ مسيّرةٍ أمس؟"]
    for value in incident.provenance.values():
        assert text[value["start"]:value["end"]] == value["text"]


def test_an_arabic_and_an_english_report_of_one_incident_merge() -> None:
    from salvo.cli.extract_cmd import with_incident_ids
    from salvo.model import ExtractionResult

    arabic = _article("سقطت ثلاثة صواريخ كاتيوشا على قاعدة عين الأسد الجوية فجر اليوم الخميس.", "ar-2")
    english = _article("Three Katyusha rockets struck Ain al-Asad air base in Iraq early on Thursday.", "en-2",
                       language="en")
    results = [ExtractionResult(article=a, incidents=extract_article(a)) for a in (arabic, english)]
    ids = [i.incident_id for r in with_incident_ids(results) for i in r.incidents]
    assert len(ids) == 2 and ids[0] == ids[1]


def test_a_language_without_a_pack_is_kept_and_not_read() -> None:
    text = "Trois roquettes ont frappé la base d'Aïn al-Assad jeudi."
    assert extract_article(_article(text, "fr-1", language="fr")) == []


def test_a_vow_is_no_attack() -> None:
    assert extract_article(_article("هددت الفصائل باستهداف القواعد الأمريكية في العراق.")) == []


@pytest.mark.parametrize(("text", "place"), [
    ("المقاومة الإسلامية في العراق تعلن استهداف قاعدة عين الأسد بطائرة مسيرة", "Ain al-Asad Air Base"),
    ("المقاومة الإسلامية في العراق أعلنت قصف قاعدة حرير بصاروخين", "Harir Air Base"),
])
def test_a_statement_headline_with_the_front_before_its_claim_is_a_claim(text: str, place: str) -> None:
    [incident] = extract_article(_article(text))
    assert (incident.place, incident.date) == (place, PUB)
    assert (incident.perpetrator, incident.attribution) == ("Islamic Resistance in Iraq", "claimed")


def test_a_vow_to_go_on_targeting_named_bases_is_no_attack() -> None:
    text = "المقاومة الإسلامية في العراق: سنواصل استهداف قواعد الاحتلال في عين الأسد وحرير حتى خروجها"
    assert extract_article(_article(text)) == []


@pytest.mark.parametrize(("text", "actor", "attribution", "weapons"), [
    # the verb first, the group right after it: a front's own statement claims, a militia is named
    ("استهدف مجاهدو المقاومة الإسلامية في العراق فجر اليوم قاعدة عين الأسد بالطيران المسيّر",
     "Islamic Resistance in Iraq", "claimed", ["drone"]),
    ("هاجمت كتائب حزب الله قاعدة حرير بطائرة مسيرة", "Kata'ib Hezbollah", "accused", ["drone"]),
    # the group first, then its act
    ("المقاومة الإسلامية في العراق تستهدف بالطيران المسيّر قاعدة حرير", "Islamic Resistance in Iraq", "claimed",
     ["drone"]),
    # a name in quotation marks is the group, not the Lebanese party inside its name
    ("هاجمت كتائب «حزب الله» قاعدة التنف بطائرتين مسيرتين", "Kata'ib Hezbollah", "accused", ["drone"]),
    ('هاجمت كتائب "حزب الله" قاعدة التنف بطائرتين مسيرتين', "Kata'ib Hezbollah", "accused", ["drone"]),
    # an act with no group after it names no one
    ("استهدفت طائرة مسيرة قاعدة التنف فجر اليوم", "unknown", "none", ["drone"]),
])
def test_who_acted_in_verb_first_and_group_first_sentences(
    text: str, actor: str, attribution: str, weapons: list[str]
) -> None:
    [incident] = extract_article(_article(text))
    assert (incident.perpetrator, incident.attribution, incident.weapons) == (actor, attribution, weapons)


@pytest.mark.parametrize("text", [
    "المقاومة الإسلامية في العراق: استهدف مجاهدونا فجر اليوم قاعدة حرير بطائرتين مسيرتين",
    "«المقاومة الإسلامية في العراق»: مجاهدونا استهدفوا قاعدة حرير بطائرتين مسيرتين",
])
def test_a_statement_headed_by_its_signature_is_a_claim(text: str) -> None:
    [incident] = extract_article(_article(text))
    assert (incident.place, incident.weapons, incident.projectiles) == ("Harir Air Base", ["drone"], 2)
    assert (incident.perpetrator, incident.attribution) == ("Islamic Resistance in Iraq", "claimed")
