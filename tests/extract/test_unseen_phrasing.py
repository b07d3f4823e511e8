"""Phrasings met in reports Salvo had not seen (tests/data/ourwords.jsonl), each as a short text we wrote.

One test per phenomenon: the rule behind it lives in ``data/lang/en/*.yaml``.
"""

from __future__ import annotations

import datetime as dt

from salvo.model import Article, Incident
from salvo.pipeline import extract_article

PUBLISHED = dt.date(2022, 6, 15)  # a Wednesday


def extract(text: str, published: dt.date | None = PUBLISHED) -> list[Incident]:
    return extract_article(Article(id="t", text=text, published=published))


def kinds(text: str, published: dt.date | None = PUBLISHED) -> list[tuple[str, str | None]]:
    return sorted((i.category, i.date.isoformat() if i.date else None) for i in extract(text, published))


def test_a_timeline_in_the_present_tense_gives_its_strikes_and_attacks() -> None:
    text = (
        "Timeline of the spring:\n\n"
        "April 2 - U.S. F-15E jets hit three militia depots in western Iraq.\n\n"
        "April 5 - Rockets kill a contractor at Camp Taji.\n\n"
        "April 9 - U.S. aircraft bomb two weapons stores near Jurf al-Sakhar.\n\n"
        "April 11 - A volley hits Taji again, wounding two."
    )
    assert kinds(text) == [
        ("attack", "2022-04-05"), ("attack", "2022-04-11"), ("strike", "2022-04-02"), ("strike", "2022-04-09")
    ]


def test_a_us_aircraft_name_with_a_hyphen_still_names_the_striker() -> None:
    text = (
        "U.S. AH-64 helicopters responded on Tuesday, destroying two launchers and killing three militants "
        "near Mayadin."
    )
    assert kinds(text) == [("strike", "2022-06-14")]


def test_a_barrage_on_a_named_site_is_an_attack() -> None:
    assert kinds("Last Sunday's barrage on the U.S. Embassy in Baghdad caused minor damage.") == [
        ("attack", "2022-06-12")
    ]


def test_missiles_on_a_base_without_a_verb_are_an_attack() -> None:
    text = (
        "The raid on Monday was answered two days later by Iranian ballistic missiles on Ain al-Asad air base."
    )
    assert any(i.category == "attack" and i.place == "Ain al-Asad Air Base" for i in extract(text))


def test_one_dated_attack_named_after_an_aggregate_is_still_an_incident() -> None:
    text = (
        "The strikes answered a string of attacks by the group, most recently the June 3 rocket fire on K-1, "
        "which wounded two soldiers."
    )
    [attack] = [i for i in extract(text) if i.category == "attack"]
    assert (attack.date, attack.place, attack.injured) == (dt.date(2022, 6, 3), "K-1 Air Base", 2)


def test_a_launcher_found_later_does_not_undo_the_rockets_fired() -> None:
    text = (
        "Rockets struck Camp Taji on Monday. The army said 21 rockets were fired from a farm, "
        "and that its troops later found two launchers with rockets ready to be fired."
    )
    [attack] = extract(text)
    assert attack.projectiles == 21


def test_a_background_attack_before_a_prompted_strike_is_its_own_incident() -> None:
    text = (
        "Monday's attack came three days after rockets killed two soldiers at Camp Taji, "
        "prompting U.S. airstrikes on militia depots."
    )
    assert ("attack", "2022-06-10") in kinds(text)


def test_an_american_counter_fire_after_an_attack_is_a_strike() -> None:
    text = (
        "On Monday, rockets were fired at U.S. troops at the al-Omar oil field in eastern Syria, "
        "and American artillery shot back at the launch positions."
    )
    assert kinds(text) == [("attack", "2022-06-13"), ("strike", "2022-06-13")]


def test_previous_attacks_in_the_plural_are_no_incident() -> None:
    text = (
        "A drone struck a hangar at Erbil airport on Tuesday. Previous rocket attacks on the airport "
        "have been claimed by little-known groups."
    )
    assert kinds(text) == [("attack", "2022-06-14")]


def test_what_a_strike_answered_lends_it_no_place() -> None:
    text = (
        "American jets on Tuesday bombed a militia depot near Abu Kamal in eastern Syria. The Pentagon said the "
        "strikes answered recent attacks on Americans in Iraq."
    )
    assert [(i.category, i.country) for i in extract(text)] == [("strike", "SY")]


def test_an_event_followed_days_later_is_dated_after_the_first() -> None:
    text = (
        "The U.S. strike in Baghdad on Jan. 3 was followed five days later by Iranian ballistic missiles "
        "on Ain al-Asad air base."
    )
    assert kinds(text, dt.date(2020, 12, 27)) == [("attack", "2020-01-08"), ("strike", "2020-01-03")]


def test_an_event_days_after_another_is_still_dated_before_it() -> None:
    assert kinds("Saturday's attack came three days after rockets killed two soldiers at Camp Taji.") == [
        ("attack", "2022-06-08")
    ]


def test_one_us_service_member_wounded_names_the_us_side_as_target() -> None:
    text = "The strikes followed the June 3 rocket attack on Erbil, which wounded a U.S. service member."
    [attack] = extract(text)
    assert (attack.date, attack.category, attack.injured) == (dt.date(2022, 6, 3), "attack", 1)


def test_the_very_next_day_is_the_day_after_the_date_just_told() -> None:
    text = (
        "On June 7, American jets hit a militia depot near Abu Kamal in eastern Syria. "
        "The very next day, rockets were fired at U.S. troops at the al-Omar oil field."
    )
    assert kinds(text) == [("attack", "2022-06-08"), ("strike", "2022-06-07")]


def test_on_that_day_is_still_the_date_just_told() -> None:
    text = (
        "On June 7, American jets hit a militia depot near Abu Kamal in eastern Syria. "
        "Later that day, rockets were fired at U.S. troops at the al-Omar oil field."
    )
    assert kinds(text) == [("attack", "2022-06-07"), ("strike", "2022-06-07")]


def test_a_claim_of_one_barrage_stays_with_it_and_not_an_earlier_attack() -> None:
    text = (
        "Rockets struck Camp Taji on Monday, wounding three soldiers. A group calling itself Usbat al-Thaireen "
        "claimed the barrage on Telegram. Monday's attack came three days after rockets killed two soldiers "
        "at Ain al-Asad air base."
    )
    by_day = {i.date: (i.perpetrator, i.attribution) for i in extract(text)}
    assert by_day[dt.date(2022, 6, 13)] == ("Usbat al-Thaireen", "claimed")
    assert by_day[dt.date(2022, 6, 10)] == ("unknown", "none")


def test_a_second_target_named_as_a_facility_in_a_town_is_a_second_attack() -> None:
    text = "Iranian missiles struck Ain al-Asad air base in the western desert and a facility in Erbil on Tuesday."
    assert sorted(i.place or "" for i in extract(text)) == ["Ain al-Asad Air Base", "Erbil"]


def test_a_base_near_a_town_is_still_one_target() -> None:
    text = "Rockets struck a coalition base near Kirkuk on Tuesday, wounding two soldiers."
    assert len(extract(text)) == 1


def test_the_next_day_dates_every_event_of_its_sentence() -> None:
    text = (
        "On June 7, American jets hit a militia depot near Abu Kamal in eastern Syria. "
        "The very next day, rockets were fired at U.S. troops at the al-Omar oil field, "
        "and American artillery shot back at the launch positions."
    )
    assert kinds(text) == [("attack", "2022-06-08"), ("strike", "2022-06-07"), ("strike", "2022-06-08")]


def test_strikes_counted_on_each_side_of_the_border_are_one_per_country() -> None:
    text = (
        "On Sunday, U.S. jets hit three militia weapons sites straddling the Iraq-Syria border - two on the Syrian "
        "side and one in Iraq."
    )
    assert sorted(i.country or "" for i in extract(text)) == ["IQ", "SY"]


def test_a_strike_near_the_border_is_one() -> None:
    text = "On Sunday, U.S. jets hit a militia depot near the Iraq-Syria border in Syria, not far from Iraq."
    assert len(extract(text)) == 1


def test_a_strike_told_by_its_country_takes_the_town_its_follow_up_names() -> None:
    text = (
        "U.S. forces on Sunday struck five Kata'ib Hezbollah sites, three in Iraq and two in Syria. "
        "Militia officials said the raids near al-Qaim killed 25 fighters."
    )
    places = {i.country: i.place for i in extract(text)}
    assert places == {"IQ": "Al-Qaim", "SY": None}


def test_a_drone_strike_that_killed_a_contractor_is_a_militia_attack() -> None:
    text = "Tuesday's drone strike on a maintenance hangar near Hasakah killed a contractor."
    assert kinds(text) == [("attack", "2022-06-14")]


def test_a_strike_that_killed_two_iraqi_soldiers_is_no_attack_on_the_us_side() -> None:
    assert kinds("A Turkish drone strike near Sinjar on Tuesday killed two Iraqi soldiers.") == []


def test_four_of_their_men_were_killed_is_a_toll_of_four() -> None:
    text = "U.S. jets bombed a militia depot near al-Qaim on Tuesday. The militia said four of their men were killed."
    [strike] = extract(text)
    assert strike.killed == 4


def test_a_toll_told_at_a_place_in_one_country_is_that_countrys_strike() -> None:
    text = (
        "U.S. forces on Sunday struck five Kata'ib Hezbollah sites, three in Iraq and two in Syria. "
        "Militia officials said the raids near al-Qaim killed 25 fighters."
    )
    tolls = {i.country: i.killed for i in extract(text)}
    assert tolls == {"IQ": 25, "SY": None}


def test_a_blame_for_both_attacks_names_the_perpetrator_of_each() -> None:
    text = (
        "Rockets hit Mission Support Site Conoco on Tuesday, wounding two troops, and more landed near Green "
        "Village. Central Command blamed Iran-backed militants for both attacks."
    )
    assert {(i.place, i.perpetrator, i.attribution) for i in extract(text)} == {
        ("Conoco gas field", "Iran-backed militias", "accused"), ("Green Village", "Iran-backed militias", "accused")
    }
