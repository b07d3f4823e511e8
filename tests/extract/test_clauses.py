"""What a clause reports: an in-scope attack, an in-scope strike, or nothing (texts we wrote)."""

from __future__ import annotations

import datetime as dt

from salvo.extract import cues
from salvo.extract.clauses import _names_militia_target, _names_us_target, analyse_sentence
from salvo.extract.places import Gazetteer
from salvo.model import Article, Incident
from salvo.pipeline import extract_article
from salvo.sentences import split_sentences

PUBLISHED = dt.date(2023, 11, 15)  # a Wednesday


def verdicts(sentence: str) -> list[str | None]:
    """The verdict of each clause of one sentence."""
    [only] = split_sentences(sentence)
    return [c.category for c in analyse_sentence(only, PUBLISHED, Gazetteer.default()).clauses]


def extract(text: str) -> list[Incident]:
    return extract_article(Article(id="t", text=text, published=PUBLISHED))


def categories(text: str) -> list[str]:
    return sorted(i.category for i in extract(text))


def test_an_attack_on_the_coalition_against_isis_is_an_attack() -> None:
    assert "attack" in verdicts(
        "A base of the international coalition against ISIS at Harir was targeted by two drones on Tuesday."
    )
    assert "attack" in verdicts("Two roadside bombs hit an anti-Daesh coalition supply convoy in Dhi Qar on Monday.")


def test_the_war_on_the_islamic_state_is_out_of_scope() -> None:
    assert categories("US aircraft struck Islamic State hideouts in the desert of Anbar on Monday.") == []


def test_a_us_victim_is_not_a_us_striker() -> None:
    assert not cues.US_ACTOR.search("An American contractor was killed in a drone attack on the base.")
    assert not cues.US_ACTOR.search("American Contractor Killed, Five Soldiers Wounded in Syria")
    assert not cues.US_ACTOR.search("Convoys supplying the US-led coalition were targeted with roadside bombs.")
    assert not cues.US_ACTOR.search("A drone hit a hangar on a coalition base killed a contractor.")
    assert not cues.US_ACTOR.search("Militias attacked US targets in Iraq and Syria.")


def test_a_militias_drone_strike_is_an_attack() -> None:
    assert verdicts("American Contractor Killed, Five Soldiers Wounded in Syria by Suspected Proxy Drone Strike") == [
        "attack"
    ]


def test_a_headline_in_the_present_tense_names_the_us_striker() -> None:
    assert cues.US_ACTOR.search("US kills militia commander in Baghdad strike")
    assert cues.US_ACTOR.search("US conducts strikes on militia sites in Syria")


def test_us_forces_firing_on_militants_is_a_strike() -> None:
    assert verdicts("U.S. warplanes and artillery later fired on militants near Mayadin on Thursday.") == ["strike"]
    used = "U.S. forces used helicopters and gunships to destroy three launchers near Mayadin on Thursday."
    assert verdicts(used) == ["strike"]


def test_counts_of_attacks_are_no_incident() -> None:
    for sentence in (
        "The group has carried out a series of sharply escalating drone and missile attacks on US troops in Syria.",
        "More than 40 drone and rocket attacks were launched at US forces in Iraq, wounding dozens.",
        "Militias have recently launched several drone attacks on US bases in Iraq and Syria.",
        "The strikes answer a slew of drone attacks against US bases that began early last week.",
        "Militants made five rocket attacks on US facilities in Iraq between August 12 and August 18.",
        "Drone strikes hit installations housing U.S. troops throughout Iraq and Syria.",
    ):
        assert set(verdicts(sentence)) == {None}, sentence


def test_a_day_named_inside_a_window_of_weeks_is_an_incident() -> None:
    assert "attack" in verdicts("In recent weeks, one other attack on November 8 saw rockets slam into the US embassy.")
    assert set(verdicts("In recent weeks, rockets were fired at the US embassy in Baghdad.")) == {None}


def test_a_convoy_for_the_us_led_coalition_that_was_targeted_is_a_us_target() -> None:
    assert _names_us_target("Convoys carrying equipment for the US-led coalition were targeted with roadside bombs.")
    assert not _names_us_target("US-led coalition jets targeted a militia depot.")


def test_irans_own_missiles_on_a_spy_centre_are_no_incident() -> None:
    assert categories(
        "The IRGC claims missile strikes on spy headquarters in Iraq.\n\n"
        "Late Monday, Iran launched missiles at what it called an Israeli spy headquarters near the US consulate "
        "in Erbil.\n"
        "The Revolutionary Guards said they also fired ballistic missiles at Islamic State targets in Syria."
    ) == []


def test_irans_missiles_on_a_us_base_are_an_attack() -> None:
    assert verdicts("Iran launched ballistic missiles at Ain al-Asad air base on Wednesday.") == ["attack"]


def test_us_strikes_on_iranian_targets_are_a_strike() -> None:
    assert verdicts("US Carries Out Two Airstrikes On Iranian Targets In Syria") == ["strike"]


def test_a_us_facility_spared_or_nearby_is_no_target() -> None:
    assert not _names_us_target("Missiles hit a residential zone near the US consulate, and no US personnel were hurt.")
    assert _names_us_target("Rockets landed near the US embassy in Baghdad.")


def test_a_foiled_plot_or_a_denied_report_is_no_incident() -> None:
    assert set(verdicts("Police foiled an operation to attack the airport with ten rockets on Monday.")) == {None}
    denied = "The ministry said the attack hurt no one, denying reports that the US consulate was hit."
    assert set(verdicts(denied)) == {None}


def test_an_arrest_is_no_incident() -> None:
    text = (
        "Police Arrest Suspects in Attack on US Embassy in Baghdad\n\n"
        "Iraqi police have arrested three suspects in last week's rocket attack on the US embassy, officials said.\n"
    )
    assert categories(text) == []


def test_an_arrest_joins_the_attack_the_story_tells() -> None:
    text = (
        "Rockets hit the US embassy in Baghdad on Monday, officials said.\n"
        "Police arrested two suspects in the attack on the embassy on Tuesday."
    )
    [incident] = extract(text)
    assert incident.category == "attack" and incident.date == dt.date(2023, 11, 13)


def test_an_answer_told_after_a_dateline_is_its_own_event() -> None:
    sentence = (
        "WASHINGTON (AP) — In response to a series of attacks on US troops in Syria, two US F-15 jets "
        "conducted an airstrike on a weapons storage facility near Mayadin on Wednesday."
    )
    assert verdicts(sentence)[-1] == "strike"


def test_the_attack_that_comes_days_after_a_strike_tells_the_strike() -> None:
    found = verdicts("The attack comes days after a US drone killed five militia members near Kirkuk.")
    assert found[-1] == "strike"


def test_an_islamic_state_ambush_on_us_soldiers_is_an_attack() -> None:
    assert verdicts("Two US soldiers were killed in an ambush by an ISIS gunman in Palmyra on Saturday.") == ["attack"]
    assert set(verdicts("ISIS gunmen ambushed an Iraqi army patrol near Kirkuk on Saturday.")) == {None}


def test_a_militia_named_as_the_one_acting_is_not_its_target() -> None:
    assert not _names_militia_target("Iran-backed militias launched drones at the base, the militia said.")
    assert _names_militia_target("US jets struck a militia headquarters near Qaim.")
    assert _names_militia_target("Iran-backed militias were targeted in US strikes near Qaim.")


def test_a_drone_strike_the_militia_tells_is_an_attack() -> None:
    assert verdicts("A drone strike hit the outpost near Erbil on Monday, the militia said.") == ["attack"]
    assert verdicts("A drone strike hit a militia headquarters near Qaim on Monday.") == ["strike"]


def test_claims_written_as_announcements_are_attacks() -> None:
    for sentence in (
        "The Islamic Resistance in Iraq announced on Thursday the targeting of a US base at Erbil Airport.",
        "The Islamic Resistance in Iraq declared new strikes on American occupation forces in eastern Syria.",
        "The resistance conducted a drone attack on American forces stationed at Ain al-Asad Airbase on Sunday.",
    ):
        assert verdicts(sentence) == ["attack"], sentence


def test_security_reports_of_a_coalition_base_targeted_are_attacks() -> None:
    assert verdicts(
        "Counter-terrorism forces said a base belonging to the international coalition at Harir was targeted "
        "by two explosive-laden drones on Tuesday."
    ) == ["attack"]
    assert verdicts("Suicide drones targeted Harir airbase, which houses coalition troops, on Friday morning.") == [
        "attack"
    ]


def test_us_strikes_the_pentagon_names_are_strikes() -> None:
    assert verdicts(
        "The U.S. military conducted airstrikes on two locations in eastern Syria involving Iranian-backed groups."
    ) == ["strike"]
    assert "strike" in verdicts("A US drone killed five militants near Kirkuk on Sunday, an act of self-defence.")


def test_a_past_attack_in_passing_is_an_incident() -> None:
    [incident] = extract("No group claimed the October 7 attack on the US embassy.")
    assert incident.category == "attack" and incident.date == dt.date(2023, 10, 7)


def test_the_latest_of_several_attacks_is_one_incident() -> None:
    assert verdicts(
        "Two drones targeting U.S. troops in Syria were shot down early Monday in the latest of several recent "
        "attacks on American forces."
    )[0] == "attack"


def test_a_base_belonging_to_the_coalition_names_the_us_side() -> None:
    assert _names_us_target("A military base belonging to the international coalition was targeted by two drones.")
    assert _names_us_target("The base of the International Coalition at Harir was attacked by drones.")


def test_a_us_answer_is_anchored_by_the_attack_it_answers() -> None:
    text = (
        "Militants fired rockets at the Conoco base in Syria on Wednesday.\n"
        "In response, U.S. forces used helicopters and gunships to destroy three rocket launchers."
    )
    assert categories(text) == ["attack", "strike"]


def test_last_week_anchors_an_event_when_the_publication_day_is_unknown() -> None:
    [sentence] = split_sentences("The US struck militia targets along the border last week.")
    clause = analyse_sentence(sentence, None, Gazetteer.default()).clauses[0]
    assert clause.category == "strike" and clause.time_anchor


def test_a_strike_keeps_the_place_it_hit_before_in_response_to() -> None:
    [sentence] = split_sentences(
        "US forces carried out strikes on Monday targeting militias in Syria in response to a drone attack on Erbil."
    )
    first, second = analyse_sentence(sentence, PUBLISHED, Gazetteer.default()).clauses
    assert first.category == "strike" and [p.text for p in first.target_places] == ["Syria"]
    assert second.category == "attack" and [p.text for p in second.target_places] == ["Erbil"]


def test_civilians_killed_near_a_us_mission_are_no_attack_on_it() -> None:
    assert not _names_us_target("Four civilians were killed in the missile attacks near the US consulate in Erbil.")
    assert _names_us_target("Rockets hit the US consulate in Erbil, and two civilians were wounded nearby.")


def test_another_states_mission_is_no_us_target() -> None:
    assert not _names_us_target("Israel has not acknowledged the attack; its embassy in Washington did not respond.")
    assert _names_us_target("Iraqi trucks carrying supplies for the US forces were hit by roadside bombs.")


def test_what_someone_called_the_attacks_is_no_incident() -> None:
    text = (
        "On November 7th, the regional president described the targeting of facilities hosting foreign forces "
        "as a dangerous development."
    )
    assert categories(text) == []


def test_a_condemnation_joins_the_strike_it_names() -> None:
    text = (
        "US jets struck a militia depot near Qaim on Monday.\n"
        "On Tuesday, the government condemned the US strikes on the depot."
    )
    [incident] = extract(text)
    assert incident.category == "strike" and incident.date == dt.date(2023, 11, 13)


def test_one_attack_condemned_is_the_news() -> None:
    assert categories("Iraq's prime minister condemned the rocket attack on the US embassy in Baghdad on Friday.") == [
        "attack"
    ]


def test_a_strike_the_us_calls_self_defence_is_a_strike() -> None:
    assert verdicts(
        "CENTCOM said the strike near Kirkuk was an act of self-defense, as the militants were preparing "
        "to launch a one-way attack drone."
    ) == ["strike"]


def test_a_drone_about_to_be_launched_was_not_fired() -> None:
    assert set(verdicts("Police said the militants were preparing to launch a drone at the base on Monday.")) == {None}


def test_a_militias_own_self_defence_claim_stays_an_attack() -> None:
    assert verdicts("The group said its drone attack on Harir air base on Monday was an act of self-defense.") == [
        "attack"
    ]
