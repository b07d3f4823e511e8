"""Well-known incidents named in passing take their own date, so they merge with their reports."""

from __future__ import annotations

import datetime as dt

from salvo.merge import assign_incident_ids
from salvo.model import Article, ExtractionResult, Incident
from salvo.pipeline import extract_article


def extract(text: str, published: dt.date | None = None) -> list[Incident]:
    return extract_article(Article(id="t", text=text, published=published))


def test_an_undated_mention_of_a_famous_strike_takes_its_day() -> None:
    found = extract("Militia leaders spoke at a rally. A US drone strike near Baghdad airport killed Qassem "
                    "Soleimani, the commander of the Quds Force.")
    assert [(i.category, i.date, i.date_precision) for i in found] == [("strike", dt.date(2020, 1, 3), "day")]


def test_a_background_mention_of_a_well_known_strike_merges_with_its_report() -> None:
    report = Article(id="report", published=dt.date(2020, 1, 3), text=(
        "A US drone strike at Baghdad International Airport killed Qassem Soleimani early on Friday, "
        "the Pentagon said."))
    later = Article(id="later", published=None, text=(
        "Protesters gathered in the capital. An American drone strike killed Qassem Soleimani in Baghdad, "
        "and militias have attacked US bases since."))
    other = Article(id="other", published=None, text=(
        "A US drone strike in Baghdad killed a militia commander on Thursday, the Pentagon said."))
    results = [ExtractionResult(a, extract_article(a)) for a in (report, later, other)]
    assign_incident_ids(results)
    ids = {r.article.id: [i.incident_id for i in r.incidents if i.category == "strike"] for r in results}
    assert ids["report"] and ids["report"] == ids["later"]
    assert ids["other"] != ids["report"]


def test_a_strike_on_the_eve_of_an_anniversary_is_not_the_famous_one() -> None:
    found = extract("A US drone strike in Baghdad killed a militia commander, on the eve of the anniversary "
                    "of the killing of Qassem Soleimani.")
    assert [i.date for i in found if i.category == "strike"] == [None]


def test_a_weekday_that_is_not_the_famous_days_weekday_tells_another_event() -> None:
    found = extract("A US drone strike in Baghdad killed a militia commander on Thursday, weeks after the "
                    "killing of Qassem Soleimani.")
    assert all(i.date != dt.date(2020, 1, 3) for i in found)


def test_a_report_dated_by_its_text_keeps_its_date() -> None:
    found = extract("On Thursday a US drone strike in Baghdad killed a militia leader who had worked with "
                    "Qassem Soleimani.", published=dt.date(2024, 1, 5))
    assert [i.date for i in found if i.category == "strike"] == [dt.date(2024, 1, 4)]


def test_the_iranian_missile_reply_of_january_2020_is_dated() -> None:
    found = extract("Tehran responded with a barrage of ballistic missiles at bases in Iraq hosting US troops, "
                    "wounding dozens of American service members.")
    assert [(i.category, i.date) for i in found] == [("attack", dt.date(2020, 1, 8))]


def test_the_deadly_drone_attack_in_jordan_is_dated_when_undated() -> None:
    found = extract("The base was hit before. Earlier, a drone attack on a US outpost in Jordan killed three "
                    "American soldiers.")
    assert [(i.category, i.country, i.date) for i in found] == [("attack", "JO", dt.date(2024, 1, 28))]


def test_a_landmark_after_the_story_cannot_be_meant() -> None:
    found = extract("Earlier, a drone attack on a US outpost in Jordan killed three American soldiers.",
                    published=dt.date(2019, 5, 1))
    assert all(i.date != dt.date(2024, 1, 28) for i in found)


def test_a_year_less_day_of_a_named_landmark_is_the_landmarks_day() -> None:
    found = extract("The killing of Soleimani led to open conflict, and on Jan. 8 Iran responded to his death by "
                    "firing missiles at US positions in Iraq. No US troops were killed in the Jan. 8 missile attack.",
                    published=dt.date(2021, 3, 4))
    attacks = [i for i in found if i.category == "attack"]
    assert [(i.date, i.killed) for i in attacks] == [(dt.date(2020, 1, 8), 0)]


def test_days_later_the_famous_strike_is_not_the_strike_before_it() -> None:
    found = extract("In response to a December 2019 rocket attack, the US launched airstrikes on Kataib Hezbollah "
                    "in Iraq. Days later, the president ordered the airstrike that killed Gen. Qassem Soleimani.",
                    published=dt.date(2021, 3, 4))
    assert sorted(str(i.date) for i in found if i.category == "strike") == ["2019-12-01", "2020-01-03"]
