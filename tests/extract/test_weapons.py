"""Weapons, counts and roles, each phenomenon on short texts of our own."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from salvo.extract import weapons as W
from salvo.extract.weapons import WeaponMention, count_projectiles, find_weapons, incident_weapons


def kinds(text: str) -> list[str]:
    return [m.weapon for m in find_weapons(text) if m.role not in ("launcher", "defensive")]


def one(text: str) -> WeaponMention:
    found = [m for m in find_weapons(text) if m.role not in ("launcher", "defensive")]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "weapon"), [
    ("Rockets struck the airbase overnight.", "rocket"),
    ("Two Katyusha rockets landed near the embassy.", "rocket"),
    ("Grad rockets were fired at the base.", "rocket"),
    ("A 107mm rocket fell near the camp.", "rocket"),
    ("Katyusha missiles hit the airport.", "rocket"),
    ("Mortar shells hit the outpost.", "mortar"),
    ("Seven mortar rounds landed in the compound.", "mortar"),
    ("The base came under indirect fire.", "indirect_fire"),
    ("Iran fired ballistic missiles at the base.", "ballistic_missile"),
    ("A cruise missile was launched at the base.", "cruise_missile"),
    ("A missile hit the base.", "missile"),
    ("A one-way attack drone hit the base.", "drone"),
    ("Kamikaze drones targeted the base.", "drone"),
    ("Suicide drones were launched at the garrison.", "drone"),
    ("A UAV crashed into the compound.", "drone"),
    ("A drone attack targeted the garrison.", "drone"),
    ("A roadside bomb hit the convoy.", "ied"),
    ("An improvised explosive device exploded beside the truck.", "ied"),
    ("An explosive device damaged the convoy.", "ied"),
    ("Militants planted a bomb under the truck.", "ied"),
    ("US air strikes hit the depot.", "airstrike"),
    ("An airstrike destroyed the depot.", "airstrike"),
    ("F-15s struck the facility.", "airstrike"),
    ("Warplanes hit the facility.", "airstrike"),
    ("Fighter jets struck two sites.", "airstrike"),
    ("B-1 bombers struck the targets.", "airstrike"),
    ("The US carried out precision strikes on the site.", "airstrike"),
    ("An American drone hit the car.", "airstrike"),
    ("Artillery hit the launch point.", "artillery"),
    ("Shelling hit the town.", "artillery"),
    ("Howitzers returned fire.", "artillery"),
    ("Gunfire was heard near the gate.", "small_arms"),
    ("Small arms fire hit the patrol.", "small_arms"),
    ("Militants fired an RPG at the patrol.", "small_arms"),
    ("Protesters stormed the embassy.", "ground_assault"),
    ("Commandos carried out a raid on the compound.", "ground_assault"),
])
def test_weapon_vocabulary(text: str, weapon: str) -> None:
    assert kinds(text) == [weapon]


def test_air_strike_is_not_a_raid_on_the_ground() -> None:
    assert kinds("An air raid hit the depot.") == ["airstrike"]


def test_defensive_systems_are_not_the_attack_weapon() -> None:
    roles = {m.text: m.role for m in find_weapons(
        "The C-RAM and Patriot batteries engaged; an anti-missile system fired; air defences were active.")}
    assert set(roles.values()) == {"defensive"}


def test_drone_strike_is_reported_for_the_caller_to_attribute() -> None:
    m = one("The group claimed a drone strike on the garrison.")
    assert (m.weapon, m.role, m.text) == ("drone", "strike", "drone strike")


def test_found_launcher_is_not_a_fired_weapon() -> None:
    roles = [m.role for m in find_weapons("Police found a rocket launcher with a timer in a field.")]
    assert roles == ["launcher"]
    assert one_role("An additional rocket was found at the launch site.") == "launcher"


def one_role(text: str) -> str | None:
    return find_weapons(text)[0].role


def test_drone_facilities_are_targets_not_weapons() -> None:
    assert kinds("The strikes targeted UAV facilities near the border.") == []


@pytest.mark.parametrize(("text", "count"), [
    ("Fourteen rockets hit the base.", 14),
    ("14 rockets hit the base.", 14),
    ("Twenty-one rockets were fired.", 21),
    ("At least 14 rockets were fired.", 14),
    ("More than 20 rockets were fired.", 20),
    ("A barrage of 15 rockets hit the base.", 15),
    ("A rocket hit the base.", 1),
    ("Eight rounds of indirect fire landed inside.", 8),
    ("Two explosives-laden drones approached the base.", 2),
    ("Three one-way attack drones targeted the garrison.", 3),
    ("More than a dozen rockets struck the airport.", 12),
    ("Approx. 14 107 mm rockets were launched.", 14),
    ("Two 107mm rockets landed nearby.", 2),
])
def test_count_as_written(text: str, count: int) -> None:
    assert one(text).count == count


@pytest.mark.parametrize("text", [
    "A salvo of rockets hit the base.",
    "Two salvoes of rockets were fired.",
    "Dozens of rockets were fired.",
    "Several rockets were fired.",
    "The tenth attack with rockets this month.",
    "The 107mm rockets were fired from a truck.",
    "An MQ-9 flew over the site.",
    "In 2020 rockets hit the base at 7:20 pm.",
    "A second drone attack targeted the field.",
    "Rockets hit the base.",
])
def test_not_a_count(text: str) -> None:
    assert all(m.count is None for m in find_weapons(text))


def test_other_rockets_falling_outside_are_added() -> None:
    text = "Five Katyusha rockets hit the base, and three other rockets fell outside the perimeter."
    assert [m.role for m in find_weapons(text)] == [None, "outside"]
    assert count_projectiles([text]) == 8


def test_other_rockets_in_a_second_sentence_are_added() -> None:
    texts = ["At least three rockets hit the base.", "Three other rockets fell near it."]
    assert count_projectiles(texts) == 6


def test_same_number_repeated_is_one_report() -> None:
    assert count_projectiles(["Three rockets hit the base.", "The three rockets landed inside."]) == 3
    assert count_projectiles(["Three rockets hit the base.", "The rockets landed inside."]) == 3


def test_weapon_types_add_up() -> None:
    assert count_projectiles(["Two rockets and a drone targeted the base."]) == 3


def test_one_of_them_shot_down_is_not_extra() -> None:
    assert count_projectiles(["Four rockets were fired; one of them was shot down."]) == 4


def test_intercepted_count_alone_is_the_count() -> None:
    text = "Two explosive-laden drones were shot down by air defences."
    assert one(text).role == "intercepted"
    assert count_projectiles([text]) == 2


def test_shot_down_plus_another_that_struck() -> None:
    assert count_projectiles(["One drone was shot down, but another hit the compound."]) == 2


def test_ordinal_means_at_least_that_many() -> None:
    assert count_projectiles(["Two drones were shot down, while a third struck the compound."]) == 3
    texts = ["Three drones attacked.", "Two drones were shot down, while a third struck."]
    assert count_projectiles(texts) == 3


def test_launchers_and_defences_never_count() -> None:
    assert count_projectiles(["One rocket hit; two rocket launchers were found nearby."]) == 1
    assert count_projectiles(["Two Patriot batteries fired."]) is None


def test_no_number_gives_none() -> None:
    assert count_projectiles(["A salvo of rockets hit the base."]) is None
    assert count_projectiles([]) is None


def test_incident_weapons_rules() -> None:
    assert incident_weapons(["Katyusha rockets hit; the missiles came from the west."]) == ["rocket"]
    assert incident_weapons(["Indirect fire hit the base.", "Two rockets landed."]) == ["rocket"]
    assert incident_weapons(["The US struck sites in response to a drone attack."], "strike") == ["airstrike"]
    assert incident_weapons(["A US drone strike killed a commander."], "strike") == ["airstrike"]
    assert incident_weapons(["A drone hit the base after US air strikes."], "attack") == ["drone"]
    assert incident_weapons(["Artillery hit the launch point."], "strike") == ["artillery"]


def test_gate_covers_the_reference_vocabulary(shared_dir: Path) -> None:
    """Every reference weapon name our lexicon matches also passes the gate derived from the forms."""
    lex = W._lexicon("en")
    assert lex.keys is not None
    entries = yaml.safe_load((shared_dir / "reference" / "weapons.yaml").read_text(encoding="utf-8"))
    for name in (n for e in entries for n in e["names"]):
        low = name.lower()
        if lex.pattern.search(low):
            assert any(k in low for k in lex.keys), name


def test_lexicon_weapons_are_schema_vocabulary() -> None:
    from salvo.model import WEAPONS

    assert {e.weapon for e in W._lexicon("en").entries.values()} <= set(WEAPONS)


def test_bad_lexicon_names_the_file() -> None:
    bad = {"entries": [{"weapon": "rocket", "forms": ["(unclosed"]}]}
    with pytest.raises(W.LexiconError, match="xx/weapons.yaml"):
        W._compile(bad, "xx/weapons.yaml")
    with pytest.raises(W.LexiconError, match="entries"):
        W._compile([], "xx/weapons.yaml")


@pytest.mark.parametrize("text", [
    "Militants fired 130 mm rockets at the outpost.",
    "At 11 pm rockets landed near the camp.",
    "The camp, 5 km from the town, was hit by rockets.",
    "On March 3 rockets struck the airfield.",
    "On 3 March rockets struck the airfield.",
    "On Nov. 3 rockets struck the airfield.",
    "Two F-16 jets and an MQ-9 struck the depot.",
    "In 2022 drones hit the outpost.",
])
def test_calibre_measure_time_day_and_model_are_not_counts(text: str) -> None:
    assert count_projectiles([text]) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("A single rocket hit the outpost.", 1),
    ("Three 122mm Katyusha rockets hit the outpost.", 3),
    ("A 60-millimetre mortar round fell inside the camp.", 1),
    ("Both drones were intercepted over the camp.", 2),
    ("The camp was attacked by two explosive-laden drones overnight.", 2),
    ("Of about 20 rockets launched, a dozen landed inside the camp.", 20),
    ("A drone hit the outpost.", 1),
    ("Drones hit the outpost.", None),
    ("A barrage of rockets hit the outpost.", None),
])
def test_counts_that_are_counts(text: str, expected: int | None) -> None:
    assert count_projectiles([text]) == expected


@pytest.mark.parametrize(("texts", "expected"), [
    (["A one-way attack drone hit the outpost.",
      "It followed more than 30 drone and rocket attacks on the outposts this year."], ["drone"]),
    (["A suicide drone struck the camp.",
      "The attacks, mostly by drones and rockets, have wounded dozens."], ["drone"]),
    (["A roadside bomb hit the convoy.", "A year of rocket and roadside bomb attacks had ended."], ["ied"]),
    (["The outposts came under drone and rocket attacks on Monday."], ["drone", "rocket"]),
])
def test_weapons_of_a_series_do_not_join_this_incident(texts: list[str], expected: list[str]) -> None:
    assert incident_weapons(texts, "attack") == expected


def test_a_weapon_moved_or_in_a_programme_is_not_used() -> None:
    texts = ["Rockets hit the camp.", "Officials say the group is trying to move ballistic missiles into the area.",
             "Sanctions target its missile programmes."]
    assert incident_weapons(texts, "attack") == ["rocket"]
    assert incident_weapons(["Militants moved rockets to the launch site and fired them."], "attack") == ["rocket"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Four mortar rounds hit the camp and two fell outside.", 6),
    ("Four mortar rounds hit the camp while two others fell short.", 6),
    ("Four rockets struck the camp and two were intercepted.", 6),
    ("Four rockets were fired and two hit the camp.", 4),
    ("They used two drones, and while one was intercepted, another struck the camp.", 2),
])
def test_parts_told_without_their_noun_add_up(text: str, expected: int) -> None:
    assert count_projectiles([text]) == expected


def test_a_lone_gunman_is_small_arms() -> None:
    assert incident_weapons(["A lone gunman opened an ambush on the patrol."], "attack") == ["small_arms"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Half a dozen rockets hit the camp.", 6),
    ("An explosive-laden drone hit the camp; a second was intercepted.", 2),
])
def test_half_a_dozen_and_a_second_one_downed(text: str, expected: int) -> None:
    assert count_projectiles([text]) == expected


def test_the_weapon_cues_compile_through_the_language_loader() -> None:
    from salvo import lang

    assert {"intercept_after", "series_joint", "not_used_before"} <= set(lang.cues("en", "weapons"))
