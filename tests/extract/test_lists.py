"""Lists of attacks, counted attacks and timeline entries: one incident each, on texts we wrote."""

from __future__ import annotations

import datetime as dt

from salvo.model import Article, Incident
from salvo.pipeline import extract_article

PUBLISHED = dt.date(2021, 9, 20)


def extract(text: str, published: dt.date | None = PUBLISHED) -> list[Incident]:
    return extract_article(Article(id="t", text=text, published=published))


def days_at(incidents: list[Incident]) -> set[tuple[dt.date | None, str | None]]:
    return {(i.date, i.place) for i in incidents if i.category == "attack"}


def test_days_listed_after_one_target_are_attacks_of_their_own() -> None:
    text = (
        "Militia rockets keep falling on bases\n\n"
        "Officials counted the recent rocket attacks: two rockets fired at Camp Taji on September 2 and 9 and 14, "
        "and rockets fired near the Baghdad airport on September 5 and September 11."
    )
    found = days_at(extract(text))
    assert {(dt.date(2021, 9, d), "Camp Taji") for d in (2, 9, 14)} <= found
    assert {(dt.date(2021, 9, d), "Baghdad International Airport") for d in (5, 11)} <= found
    assert len(found) == 5


def test_listed_days_before_another_target_stay_with_the_site_told_before() -> None:
    text = (
        "Drones target Harir air base\n\n"
        "A drone struck Harir air base on Sunday, the group said.\n"
        "Earlier this month, similar attacks on the same base were claimed, with strikes on September 6, 10, "
        "and earlier on September 1 at Ain al-Asad air base."
    )
    found = days_at(extract(text))
    assert (dt.date(2021, 9, 6), "Harir Air Base") in found
    assert (dt.date(2021, 9, 10), "Harir Air Base") in found
    assert (dt.date(2021, 9, 1), "Ain al-Asad Air Base") in found


def test_a_span_between_two_days_is_no_list() -> None:
    text = "Rockets were fired at Camp Taji between September 2 and September 9, officials said."
    assert len([i for i in extract(text) if i.category == "attack"]) <= 1


def test_two_separate_attacks_counted_in_one_clause_are_two_incidents() -> None:
    text = (
        "Drones hit bases in Iraq and Syria\n\n"
        "On September 14, a drone struck Al-Tanf garrison in Syria, officials said.\n"
        "On that same day, three soldiers were hurt in two separate drone attacks on Ain al-Asad air base."
    )
    asad = [i for i in extract(text) if i.place == "Ain al-Asad Air Base"]
    assert len(asad) == 2
    assert all(i.date == dt.date(2021, 9, 14) and i.weapons == ["drone"] for i in asad)


def test_two_attacks_with_a_weapon_each_take_their_own_weapon() -> None:
    text = (
        "Those US strikes followed two separate attacks, a drone and two rockets, "
        "on Sunday against US forces in Syria."
    )
    weapons = sorted(tuple(i.weapons) for i in extract(text) if i.category == "attack")
    assert weapons == [("drone",), ("rocket",)]


def test_counted_attacks_told_again_after_the_story_add_none() -> None:
    text = (
        "Two drones were shot down on Tuesday at Ain al-Asad air base in Iraq.\n"
        "The group said its fighters had launched two separate drone attacks on the base."
    )
    assert len([i for i in extract(text) if i.category == "attack"]) == 1


def test_the_two_attacks_refer_back() -> None:
    text = (
        "A rocket hit Camp Taji on Monday.\n"
        "A drone struck Ain al-Asad air base on Monday.\n"
        "Nobody was hurt in the two attacks on the bases."
    )
    assert len([i for i in extract(text) if i.category == "attack"]) == 2


def test_a_timeline_entry_dates_the_events_it_goes_on_to_tell() -> None:
    text = (
        "Attacks and answers: 2021\n\n"
        "• September 2: Militants fired rockets near the Green Village base in Syria. "
        "Iran-backed groups launched two drones at the al-Tanf garrison.\n"
        "• September 9: US warplanes struck four bunkers in eastern Syria."
    )
    tanf = only_at(extract(text, published=None), "Al-Tanf Garrison")
    assert tanf.date == dt.date(2021, 9, 2)


def test_a_day_opening_a_sentence_of_prose_heads_no_entry() -> None:
    text = (
        "On September 2, militants fired rockets near the Green Village base in Syria, officials said.\n"
        "Drones were launched at the al-Tanf garrison on Sunday."
    )
    tanf = only_at(extract(text), "Al-Tanf Garrison")
    assert tanf.date == dt.date(2021, 9, 19)


def only_at(incidents: list[Incident], place: str) -> Incident:
    found = [i for i in incidents if i.place == place]
    assert len(found) == 1, [i.to_json() for i in incidents]
    return found[0]


def test_the_second_time_since_a_day_tells_an_attack_on_that_day() -> None:
    text = (
        "Drones targeting US troops at al-Tanf garrison were shot down on Monday.\n"
        "It was the second time since Thursday that troops at al-Tanf have been targeted."
    )
    days = {i.date for i in extract(text) if i.place == "Al-Tanf Garrison"}
    assert days == {dt.date(2021, 9, 20), dt.date(2021, 9, 16)}


def test_attacks_since_a_day_are_a_count_not_an_attack_on_it() -> None:
    text = (
        "Drones targeting US troops at al-Tanf garrison were shot down on Monday.\n"
        "It was the tenth attack since Thursday on troops at al-Tanf."
    )
    assert {i.date for i in extract(text) if i.place == "Al-Tanf Garrison"} == {dt.date(2021, 9, 20)}


def test_hours_later_is_the_day_just_told_not_the_publication_day() -> None:
    text = (
        "US officials warned the militias on Thursday against further attacks.\n"
        "Just hours later two rockets hit near Baghdad airport.\n"
        "An attack on Saturday saw four rockets hit a base near Baghdad airport."
    )
    days = sorted(i.date for i in extract(text) if i.category == "attack" and i.date is not None)
    assert days == [dt.date(2021, 9, 16), dt.date(2021, 9, 18)]


def test_a_strike_told_as_done_again_is_not_the_one_days_before() -> None:
    text = (
        "The US military has again carried out air strikes in Syria on Iran-backed groups.\n"
        "CENTCOM's strikes on Friday killed four fighters in the Mayadin area of eastern Syria."
    )
    days = sorted(i.date for i in extract(text) if i.category == "strike" and i.date is not None)
    assert days == [dt.date(2021, 9, 17), PUBLISHED]


def test_a_headline_without_again_is_the_story_the_body_dates() -> None:
    text = (
        "US carries out air strikes in Syria on Iran-backed groups\n\n"
        "US strikes on Friday killed four fighters in the Mayadin area of eastern Syria."
    )
    assert [i.date for i in extract(text) if i.category == "strike"] == [dt.date(2021, 9, 17)]


def test_the_attack_that_caused_the_toll_just_told_is_the_story_not_an_earlier_one() -> None:
    text = (
        "Contractor killed in drone attack on Syria base\n\n"
        "A US contractor was killed and five soldiers were wounded, after a drone targeted a coalition base "
        "near Hasakah in northeastern Syria."
    )
    attack = only_at(extract(text), "Al-Hasakah")
    assert attack.date == PUBLISHED


def test_an_attack_told_as_an_earlier_one_after_a_toll_stays_undated() -> None:
    text = (
        "A US soldier was wounded on Monday at a base near Hasakah, weeks after a similar drone attack "
        "targeted the base."
    )
    assert all(i.date in (dt.date(2021, 9, 20), None) for i in extract(text))


def test_a_toll_inside_a_timeline_entry_belongs_to_that_entry() -> None:
    text = (
        "Attacks and answers: 2021\n\n"
        "• September 2: Militants fired rockets near the Green Village base in Syria. "
        "No casualties or damage were reported.\n"
        "• September 9: US warplanes struck four bunkers in eastern Syria."
    )
    incidents = extract(text, published=None)
    assert only_at(incidents, "Green Village").killed == 0
    assert all(i.injured is None for i in incidents if i.category == "strike")


def test_counted_targets_told_one_by_one_are_an_attack_each() -> None:
    text = (
        "Two trucks carrying supplies for the US-led coalition were hit by roadside bombs on Saturday.\n"
        "One truck was hit near Samawah in Muthanna province.\n"
        "The second was struck later near Latifiya, south of Baghdad."
    )
    places = sorted(i.place or "" for i in extract(text) if i.category == "attack")
    assert len(places) == 2 and all(places)
    assert all(i.date == dt.date(2021, 9, 18) and i.weapons == ["ied"] for i in extract(text))


def test_counted_rockets_told_one_by_one_are_one_attack() -> None:
    text = (
        "Two rockets were fired at Ain al-Asad air base on Saturday.\n"
        "One was intercepted, and the other was hit by the air defences."
    )
    assert len([i for i in extract(text) if i.category == "attack"]) == 1
