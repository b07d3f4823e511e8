"""Finding and assembling incidents, phenomenon by phenomenon, on short texts we wrote."""

from __future__ import annotations

import datetime as dt

from salvo.model import Article, Incident
from salvo.pipeline import extract_article

WEDNESDAY = dt.date(2021, 7, 7)


def extract(text: str, published: dt.date | None = WEDNESDAY) -> list[Incident]:
    return extract_article(Article(id="t", text=text, published=published))


def only(incidents: list[Incident], category: str = "attack") -> Incident:
    found = [i for i in incidents if i.category == category]
    assert len(found) == 1, [i.to_json() for i in incidents]
    return found[0]


def test_rocket_attack_on_a_base_with_every_field() -> None:
    text = (
        "Rockets strike western Iraqi base\n\n"
        "Fourteen rockets were fired at Ain al-Asad air base in Anbar province on Monday, the coalition said.\n"
        "Two service members sustained minor injuries.\n"
        "No group claimed responsibility for the attack."
    )
    incident = only(extract(text))
    assert incident.date == dt.date(2021, 7, 5)
    assert incident.date_precision == "day"
    assert incident.place == "Ain al-Asad Air Base" and incident.country == "IQ"
    assert incident.location_precision == "site"
    assert incident.weapons == ["rocket"] and incident.projectiles == 14
    assert incident.injured == 2
    assert (incident.perpetrator, incident.attribution) == ("unknown", "none")


def test_weekday_before_publication_day() -> None:
    text = "A drone struck the US base at al-Tanf garrison in Syria late on Saturday, officials said."
    assert only(extract(text)).date == dt.date(2021, 7, 3)


def test_claim_by_a_front_group() -> None:
    text = (
        "Two drones targeted Erbil airport, which hosts coalition troops, on Tuesday.\n"
        "A group calling itself Saraya Awliya al-Dam claimed responsibility for the attack."
    )
    incident = only(extract(text))
    assert incident.perpetrator == "Saraya Awliya al-Dam"
    assert incident.attribution == "claimed"


def test_past_incident_in_a_later_article_keeps_its_own_date() -> None:
    text = (
        "Three rockets hit Ain al-Asad air base on Monday, the coalition said.\n"
        "The base was also hit by a rocket on June 20."
    )
    dates = sorted(i.date for i in extract(text) if i.date)
    assert dates == [dt.date(2021, 6, 20), dt.date(2021, 7, 5)]


def test_story_incident_without_a_date_is_dated_to_publication() -> None:
    text = "Rockets land near US embassy\n\nTwo rockets landed near the US embassy in Baghdad, police said."
    assert only(extract(text, dt.date(2023, 12, 8))).date == dt.date(2023, 12, 8)


def test_threat_is_not_an_incident() -> None:
    text = "The militia vowed to attack US bases in Iraq with drones if American troops do not leave."
    assert extract(text) == []


def test_found_launcher_is_not_an_incident() -> None:
    text = "Iraqi police said they found a rocket launcher near the airport in Baghdad on Tuesday."
    assert extract(text) == []


def test_aggregate_count_is_not_an_incident() -> None:
    text = "US forces in Iraq and Syria have been attacked more than 60 times since mid-October."
    assert extract(text) == []


def test_out_of_scope_violence_is_not_an_incident() -> None:
    text = (
        "Turkish drones struck PKK positions in Sinjar on Monday.\n"
        "Islamic State fighters attacked an Iraqi army checkpoint in Kirkuk, killing two soldiers."
    )
    assert extract(text) == []


def test_us_strike_on_a_militia_is_a_claimed_strike() -> None:
    text = "US F-15 jets struck a weapons storage facility used by Iran-backed militias near Abu Kamal on Wednesday."
    strike = only(extract(text, dt.date(2023, 11, 9)), "strike")
    assert strike.perpetrator == "United States" and strike.attribution == "claimed"
    assert strike.weapons == ["airstrike"]
    assert strike.country == "SY"


def test_strikes_in_two_countries_are_two_incidents() -> None:
    text = (
        "US forces carried out airstrikes on Kataib Hezbollah on Sunday.\n"
        "The strikes hit three facilities in Syria and two in Iraq."
    )
    strikes = [i for i in extract(text) if i.category == "strike"]
    assert sorted(i.country or "" for i in strikes) == ["IQ", "SY"]


def test_one_sentence_naming_two_targets_gives_two_incidents() -> None:
    text = "Drones attacked the US embassy in Baghdad and the US consulate in Erbil on Tuesday."
    places = sorted(i.place or "" for i in extract(text))
    assert len(places) == 2 and places[0] != places[1]


def test_counts_outside_the_perimeter_add_up() -> None:
    text = (
        "Five Katyusha rockets hit a base hosting US troops at Ain al-Asad on Wednesday.\n"
        "Three other rockets fell outside the base perimeter."
    )
    assert only(extract(text)).projectiles == 8


def test_no_casualties_gives_zero_killed_and_injured() -> None:
    text = "Two rockets hit the Green Zone near the US embassy in Baghdad on Friday, causing no casualties."
    incident = only(extract(text, dt.date(2023, 12, 8)))
    assert (incident.killed, incident.injured) == (0, 0)


def test_evidence_is_copied_verbatim_and_clutter_is_never_evidence() -> None:
    text = (
        "Join our Telegram channel for updates!\n"
        "Drone attack on Harir base\n"
        "A drone targeted Harir air base, which hosts US forces, on Friday.\n"
        "Powered by automated translation"
    )
    incident = only(extract(text, dt.date(2023, 10, 21)))
    assert incident.evidence and all(sentence in text for sentence in incident.evidence)
    assert not any("Telegram" in sentence for sentence in incident.evidence)


def test_us_forces_as_subject_strike_rather_than_suffer_an_attack() -> None:
    text = "US forces struck more than 80 targets at seven facilities in western Iraq on Friday, the command said."
    assert [i.category for i in extract(text, dt.date(2024, 2, 3))] == ["strike"]


def test_ordinal_count_of_attacks_is_not_an_incident() -> None:
    text = "The attack is the eleventh on bases hosting US troops since late October."
    assert extract(text) == []


def test_disputed_location_of_the_same_attack_is_not_a_second_incident() -> None:
    text = (
        "A drone struck Tower 22, a small US base in northeastern Jordan, on Sunday, killing three soldiers.\n"
        "Jordan's government said the attack took place across the border at the al-Tanf garrison, "
        "a claim US officials rejected."
    )
    incidents = extract(text, dt.date(2024, 1, 29))
    assert [i.place for i in incidents] == ["Tower 22"]


def test_statement_day_is_not_the_event_day() -> None:
    text = "US officials said on Monday that a drone attack last week on the al-Tanf garrison was launched by Iran."
    incident = only(extract(text, dt.date(2021, 10, 26)))
    assert incident.date_precision == "week" and incident.date == dt.date(2021, 10, 18)


def test_warning_with_a_date_is_still_not_an_incident() -> None:
    text = "Last month the top US commander warned that militias would attack US bases in Iraq with drones."
    assert extract(text) == []


def test_group_that_has_been_attacking_is_a_description_not_an_incident() -> None:
    text = "The Pentagon confirmed the death of the leader of a militia in Iraq which has been attacking US bases."
    assert [i for i in extract(text) if i.category == "attack"] == []


def test_drone_bombardment_of_a_militia_headquarters_is_a_strike() -> None:
    text = "An unidentified drone bombardment targeted a militia headquarters in eastern Baghdad on Thursday."
    strike = only(extract(text, dt.date(2024, 1, 4)), "strike")
    assert (strike.perpetrator, strike.attribution) == ("unknown", "none")


def test_dateline_with_two_cities_is_not_the_place() -> None:
    text = (
        "WASHINGTON/BAGHDAD: The attack by militias on a base hosting US forces over the weekend was serious, "
        "officials said.\nBallistic missiles were fired at Ain al-Asad air base late on Saturday."
    )
    incident = only(extract(text, dt.date(2024, 1, 22)))
    assert incident.place == "Ain al-Asad Air Base"


def test_while_another_is_a_second_incident_on_the_same_day() -> None:
    text = (
        "A drone was shot down near Ain al-Asad air base on Wednesday morning, "
        "while another exploded near a US facility at Harir in Erbil province."
    )
    incidents = extract(text, dt.date(2023, 10, 19))
    assert sorted((i.place, i.date, tuple(i.weapons)) for i in incidents) == [
        ("Ain al-Asad Air Base", dt.date(2023, 10, 18), ("drone",)),
        ("Harir Air Base", dt.date(2023, 10, 18), ("drone",)),
    ]


def test_and_another_at_a_second_base_is_a_second_incident() -> None:
    text = (
        "Coalition troops engaged two drones at Ain al-Asad air base and another at a base in northern Iraq "
        "on Oct. 18."
    )
    incidents = extract(text, dt.date(2023, 10, 21))
    assert len(incidents) == 2
    assert all(i.date == dt.date(2023, 10, 18) for i in incidents)


def test_the_same_base_where_an_earlier_attack_happened_is_a_past_incident_there() -> None:
    text = (
        "At least ten rockets hit Ain al-Asad air base, which hosts US troops, on Wednesday.\n"
        "Wednesday's attack targeted the same base where Iran attacked with ballistic missiles in January 2020."
    )
    incidents = extract(text, dt.date(2021, 3, 4))
    past = [i for i in incidents if i.date_precision == "month"]
    assert len(incidents) == 2 and len(past) == 1
    assert past[0].place == "Ain al-Asad Air Base" and past[0].weapons == ["ballistic_missile"]


def test_casualty_remark_in_a_trailing_clause_belongs_to_the_incident() -> None:
    text = "Three rockets hit Ain al-Asad air base on Monday, the coalition said, adding that there were no casualties."
    incident = only(extract(text, dt.date(2021, 7, 5)))
    assert (incident.killed, incident.injured) == (0, 0)


def test_two_targets_listed_together_a_base_and_a_town_are_two_incidents() -> None:
    text = "Iran fired ballistic missiles at Ain al-Asad and Erbil on Wednesday in revenge for the killing."
    places = sorted(i.place or "" for i in extract(text, dt.date(2020, 1, 9)))
    assert places == ["Ain al-Asad Air Base", "Erbil"]


def test_convoy_supplying_the_coalition_is_an_in_scope_target() -> None:
    text = (
        "A roadside bomb hit a convoy of trucks carrying equipment for the US-led coalition in Babil province "
        "on Saturday."
    )
    incident = only(extract(text, dt.date(2021, 5, 9)))
    assert incident.weapons == ["ied"] and incident.admin1 == "Babil"


def test_launcher_found_primed_and_defused_is_not_an_incident() -> None:
    text = "Police found a rocket launcher primed with three rockets near Balad air base and defused it on Wednesday."
    assert extract(text, dt.date(2023, 10, 26)) == []


def test_headline_without_a_date_joins_the_story_incident() -> None:
    text = (
        "Tower 22 attack: what we know\n\n"
        "The drone that killed three US soldiers at Tower 22 in Jordan on January 28 was launched from Iraq, "
        "officials said on Monday."
    )
    incident = only(extract(text, dt.date(2024, 2, 5)))
    assert incident.date == dt.date(2024, 1, 28) and incident.killed == 3


def test_places_each_with_its_own_date_are_separate_past_incidents() -> None:
    text = (
        "A rocket attack targeted the US embassy in Baghdad on Monday evening, sources said. "
        "It followed attacks after rockets hit Erbil on February 15 and Balad air base on February 20."
    )
    found = {(i.place, i.date) for i in extract(text, dt.date(2021, 2, 22))}
    assert ("Erbil", dt.date(2021, 2, 15)) in found
    assert ("Balad Air Base", dt.date(2021, 2, 20)) in found


def test_sites_used_for_attacks_describe_targets_not_incidents() -> None:
    text = (
        "US aircraft struck weapons storage facilities of Iran-backed militias in Syria on Sunday.\n"
        "The targets, near al-Qaim and Abu Kamal, were used by Kataib Hezbollah for drone attacks against US troops."
    )
    assert [i.category for i in extract(text, dt.date(2021, 6, 28))] == ["strike"]


def test_event_two_days_before_the_one_told_is_dated_from_it() -> None:
    text = (
        "US jets struck Kataib Hezbollah sites in Syria on Sunday, "
        "just two days after drones attacked the US consulate in Erbil."
    )
    attack = only(extract(text, dt.date(2021, 6, 29)))
    assert attack.date == dt.date(2021, 6, 25)


def test_on_that_day_takes_the_date_of_the_sentence_before() -> None:
    text = (
        "Two rockets hit the US embassy in Baghdad on Sunday.\n"
        "Anger at the US has run high in Iraq since January 3.\n"
        "On that day, a US drone strike killed an Iranian general at Baghdad airport."
    )
    strike = only(extract(text, dt.date(2020, 8, 16)), "strike")
    assert strike.date == dt.date(2020, 1, 3)


def test_ordinal_remark_about_the_attack_adds_its_place_not_an_incident() -> None:
    text = (
        "Two rockets targeted coalition forces at a US patrol base in northeastern Syria on Friday.\n"
        "The attack at its base in al-Shaddadi was the third of its kind in a week.\n"
        "On November 17, rockets targeted the Green Village base."
    )
    places = sorted(i.place or "" for i in extract(text, dt.date(2022, 11, 26)))
    assert places == ["Al-Shaddadi", "Green Village"]


def test_militia_drone_strike_on_a_base_is_a_drone_attack() -> None:
    text = "A drone strike hit Ain al-Asad air base on Saturday, causing minor damage, officials said."
    incident = only(extract(text, dt.date(2023, 11, 20)))
    assert incident.weapons == ["drone"]


def test_timeline_lines_in_the_present_tense_are_incidents() -> None:
    text = "Timeline\n\nJan. 8, 2020 - Iran fires ballistic missiles at Ain al-Asad air base."
    incident = only(extract(text, dt.date(2020, 3, 15)))
    assert incident.date == dt.date(2020, 1, 8) and incident.perpetrator == "Iran"


def test_strikes_over_the_past_few_days_are_many_events() -> None:
    text = "The attacks follow similar drone strikes over the past few days against US bases in Iraq."
    assert extract(text, dt.date(2023, 10, 19)) == []


def test_interception_is_marked_and_intercepted_drones_still_count() -> None:
    text = (
        "Two drones targeted al-Tanf garrison, which hosts US forces, on Thursday.\n"
        "One drone was shot down by air defences, while the other struck the compound."
    )
    incident = only(extract(text, dt.date(2023, 10, 20)))
    assert incident.intercepted is True and incident.projectiles == 2


def test_no_interception_word_leaves_interception_unknown() -> None:
    text = "Three rockets hit Ain al-Asad air base on Monday, the coalition said."
    assert only(extract(text, dt.date(2021, 7, 5))).intercepted is None


def test_us_named_as_speaker_of_its_own_strikes_is_their_author() -> None:
    text = "The US said on Saturday that its Friday strikes on 85 targets in Iraq and Syria were a success."
    strikes = extract(text, dt.date(2024, 2, 4))
    assert strikes and all(s.category == "strike" and s.perpetrator == "United States" for s in strikes)


def test_appositive_count_does_not_cancel_the_claimed_attack() -> None:
    text = (
        "The Islamic Resistance in Iraq said it launched a drone at the Harir base in Erbil on Sunday, "
        "the fourth attack on the base in two weeks."
    )
    incident = only(extract(text, dt.date(2023, 11, 13)))
    assert incident.place == "Harir Air Base" and incident.attribution == "claimed"


def test_clause_break_after_a_comma_is_seen_by_the_gate() -> None:
    text = "Rockets hit Ain al-Asad air base on Monday, while a drone struck Harir air base on Tuesday."
    assert len(extract(text, dt.date(2023, 11, 15))) == 2


def test_claim_by_a_group_no_lexicon_knows_names_it() -> None:
    text = (
        "Three rockets hit the Green Zone near the US embassy in Baghdad on Friday.\n"
        "A little-known group calling itself Saraya Thar al-Shuhada claimed responsibility for the attack."
    )
    incident = only(extract(text, dt.date(2023, 12, 9)))
    assert (incident.perpetrator, incident.attribution) == ("Saraya Thar al-Shuhada", "claimed")


def test_speculation_that_was_wrong_is_not_an_incident() -> None:
    text = "Early speculation posited that the explosions at Baghdad airport were rockets fired by a militia."
    assert extract(text, dt.date(2020, 1, 3)) == []


def test_a_spike_of_attacks_is_a_count_not_an_incident() -> None:
    text = "The al-Tanf outpost and Ain al-Asad air base have recently seen a spike of attacks by Iranian proxies."
    assert extract(text, dt.date(2023, 11, 10)) == []


def test_attacks_in_a_year_are_many_events() -> None:
    text = "Militia attacks on US forces in 2011, using larger rockets, killed 15 servicemen in the space of a month."
    assert extract(text, dt.date(2021, 7, 7)) == []


def test_since_a_date_marks_where_a_count_starts_not_the_strike_day() -> None:
    text = (
        "Two F-16 jets struck weapons depots used by the IRGC near Abu Kamal on Friday.\n"
        "Austin said the precision strikes responded to attacks by Iranian-backed militias since October 17."
    )
    strikes = [i for i in extract(text, dt.date(2023, 10, 27)) if i.category == "strike"]
    assert [s.date for s in strikes] == [dt.date(2023, 10, 27)]


def test_drone_attack_on_the_prime_ministers_residence_is_not_against_the_us() -> None:
    text = (
        "Iraq's prime minister survived an assassination attempt by drone attack on his residence on Sunday.\n"
        "Seven bodyguards were injured in the attack on the heavily guarded Green Zone."
    )
    assert extract(text, dt.date(2021, 11, 7)) == []


def test_logistics_headquarters_of_a_militia_is_a_strike_target_not_a_us_site() -> None:
    text = (
        "The logistical support headquarters of a PMF brigade in eastern Baghdad was subjected to an aerial "
        "strike by a drone on Thursday."
    )
    assert [i.category for i in extract(text, dt.date(2024, 1, 4))] == ["strike"]


def test_near_the_airport_refers_to_the_airport_already_named() -> None:
    text = (
        "Two rockets hit near the military section of Baghdad airport on Wednesday.\n"
        "A larger rocket was used in a similar attack near the airport on Friday."
    )
    places = {i.date: i.place for i in extract(text, dt.date(2019, 12, 12))}
    assert places[dt.date(2019, 12, 6)] == "Baghdad International Airport"


def test_strikes_in_two_named_countries_are_anchored_without_a_date() -> None:
    text = "In response, the US conducted strikes on multiple facilities in Iraq and Syria, targeting the IRGC."
    assert sorted(i.country or "" for i in extract(text, None)) == ["IQ", "SY"]


def test_vague_earlier_strikes_in_two_countries_are_not_incidents() -> None:
    text = "Lawmakers debated on Thursday, weeks after US strikes in Iraq and Syria killed dozens of fighters."
    assert extract(text, dt.date(2024, 3, 1)) == []


def test_strikes_on_sites_near_two_listed_towns_are_two_incidents() -> None:
    found = extract("US forces carried out airstrikes on Sunday on sites near Abu Kamal and Mayadin in eastern "
                    "Syria used by Iran-backed militias.", published=dt.date(2023, 11, 13))
    assert sorted(i.place or "" for i in found if i.category == "strike") == ["Abu Kamal", "Mayadin"]


def test_a_base_near_one_town_is_one_incident() -> None:
    found = extract("Rockets hit a base near Kirkuk on Sunday, wounding two US soldiers.",
                    published=dt.date(2023, 11, 13))
    assert len(found) == 1


def test_a_follow_up_naming_the_attack_by_its_date_dates_an_undated_lead() -> None:
    text = ("The men behind a rocket attack on the US embassy in Baghdad were arrested, officials said.\n"
            "No group claimed responsibility for the December 7 attack.")
    incident = only(extract(text, published=dt.date(2023, 12, 15)))
    assert (incident.date, incident.date_precision) == (dt.date(2023, 12, 7), "day")


def test_a_date_beside_but_not_naming_the_attack_does_not_date_it() -> None:
    text = ("Rockets hit the US embassy in Baghdad, officials said.\n"
            "No group claimed responsibility, and attacks have been rare since December 7 and the talks.")
    incident = only(extract(text, published=dt.date(2023, 12, 15)))
    assert incident.date != dt.date(2023, 12, 7)


def test_a_retaliation_strike_is_not_given_the_wounded_of_the_attack_it_answered() -> None:
    text = ("US forces carried out retaliatory airstrikes in Iraq on Tuesday against Kataib Hezbollah "
            "militants who hit a US base in Erbil, injuring three US personnel.")
    strike = only(extract(text, published=dt.date(2023, 12, 27)), "strike")
    assert strike.injured is None


def test_a_strike_keeps_the_militants_it_killed() -> None:
    text = "US airstrikes on Tuesday killed five Kataib Hezbollah militants in Iraq, the Pentagon said."
    strike = only(extract(text, published=dt.date(2023, 12, 27)), "strike")
    assert strike.killed == 5


def test_a_headline_behind_page_furniture_joins_the_body_incident() -> None:
    text = ("World News\nDrone attack on US base in Syria injures two soldiers\nExample Wire\n"
            "Two drones struck the al-Tanf garrison in Syria on Monday, injuring two US soldiers, officials said.")
    incident = only(extract(text, published=dt.date(2023, 10, 25)))
    assert incident.date == dt.date(2023, 10, 23) and incident.injured == 2


def test_a_drone_clause_and_a_bombing_clause_of_one_attack_are_one_incident() -> None:
    text = ("A drone attacked US forces at Harir air base in Erbil province on Tuesday, officials said. "
            "The bombing caused no casualties, the coalition said.")
    incident = only(extract(text, published=dt.date(2023, 11, 22)))
    assert incident.weapons == ["drone"] and (incident.killed, incident.injured) == (0, 0)


def test_rockets_fired_in_the_same_attack_as_drones_are_one_incident() -> None:
    text = ("Two drones attacked the Conoco base in Deir ez-Zor on Monday. Rockets were also fired at the base "
            "in the same attack, the SDF said.")
    incident = only(extract(text, published=dt.date(2023, 11, 22)))
    assert incident.weapons == ["drone", "rocket"]


def test_a_remark_on_many_attacks_adds_no_weapon_to_the_incident() -> None:
    text = ("A drone hit the al-Tanf garrison in Syria on Monday, the Pentagon said. "
            "The attacks, mainly by drones and rockets, are believed to be the work of Iran-backed groups.")
    incident = only(extract(text, published=dt.date(2023, 10, 24)))
    assert incident.weapons == ["drone"]


def test_strikes_told_in_the_plural_are_still_one_strike() -> None:
    text = ("US fighter jets struck two facilities near Abu Kamal in Syria on Thursday. "
            "The strikes, carried out with precision munitions, targeted weapons depots.")
    strikes = [i for i in extract(text, published=dt.date(2023, 10, 27)) if i.category == "strike"]
    assert len(strikes) == 1


def test_the_answer_to_an_undated_lead_told_as_news_takes_the_story_day() -> None:
    """An attack told as today's news without a date happened on the publication day, and a strike
    told after it as its answer ("later responded") is dated by the same story day, not left undated."""
    text = ("Rockets struck a base housing US troops in western Iraq, officials said.\n"
            "The US military later responded by carrying out airstrikes on militia sites near Al-Qaim.")
    found = extract_article(Article(id="x", text=text, published=dt.date(2021, 3, 5), language="en"))
    assert [(i.category, i.date) for i in found] == [("attack", dt.date(2021, 3, 5)), ("strike", dt.date(2021, 3, 5))]
