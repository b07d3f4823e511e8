"""Killed and injured, each phenomenon on short texts of our own."""

from __future__ import annotations

import pytest

from salvo.extract.casualties import Casualties, combine_casualties, covering_zeros, find_casualties


def ki(text: str) -> tuple[int | None, int | None]:
    c = find_casualties(text)
    return c.killed, c.injured


@pytest.mark.parametrize("text", [
    "There were no casualties.",
    "The attack caused no casualties or damage.",
    "No one was injured or killed.",
    "No US troops were killed or injured in the incident.",
    "There were no reports of damage or casualties.",
    "The attack resulted in zero casualties.",
    "The strike caused no human casualties.",
])
def test_no_casualties_is_zero_and_zero(text: str) -> None:
    assert ki(text) == (0, 0)


@pytest.mark.parametrize("text", [
    "There were no injuries.",
    "The attack caused no injuries or damage.",
    "No one was hurt.",
    "Nobody was wounded.",
])
def test_nobody_hurt_is_nobody_killed_either(text: str) -> None:
    """Gold reads "no injuries" as no casualties at all (killed 0 is accepted beside null)."""
    assert ki(text) == (0, 0)


@pytest.mark.parametrize(("text", "expected"), [
    ("The rockets killed a US contractor.", (1, None)),
    ("A civilian contractor was killed in the attack.", (1, None)),
    ("Three American soldiers were killed and more than 40 injured.", (3, 40)),
    ("Two service members sustained minor injuries.", (None, 2)),
    ("More than 100 troops suffered traumatic brain injuries.", (None, 100)),
    ("The strikes hit a depot, killing four fighters.", (4, None)),
    ("Six Kurdish-led fighters killed in the drone attack.", (6, None)),
    ("At least two militants were killed and six others wounded.", (2, 6)),
    ("The drone attack injured three US service members.", (None, 3)),
    ("The toll rose to six wounded individuals.", (None, 6)),
    ("Officials reported 3 minor injuries.", (None, 3)),
    ("A soldier was wounded by shrapnel.", (None, 1)),
    ("The blast caused the death of a contractor.", (1, None)),
])
def test_numbers_of_killed_and_injured(text: str, expected: tuple[int | None, int | None]) -> None:
    assert ki(text) == expected


def test_distinct_groups_in_one_sentence_add_up() -> None:
    assert ki("Rockets hit the base, wounding two Iraqi officers and two airmen.") == (None, 4)
    assert ki("One guard was killed, four guards injured and one medic injured.") == (1, 5)


def test_groups_in_different_places_are_not_added() -> None:
    killed, _ = ki("The raids caused the death of 12 fighters in one town and 5 people in another.")
    assert killed == 12


def test_breakdown_in_brackets_is_not_added_again() -> None:
    assert ki("One worker was killed, and 9 injured (7 workers / 2 soldiers).") == (1, 9)


@pytest.mark.parametrize("text", [
    "Several service members were lightly wounded.",
    "Dozens were injured in the attack.",
    "An unspecified number of civilians were wounded.",
    "Deaths and injuries were reported after the strike.",
])
def test_vague_amounts_stay_none(text: str) -> None:
    assert ki(text) == (None, None)


def test_killed_or_injured_merged_is_none() -> None:
    assert ki("Ten militants were killed or injured.") == (None, None)


def test_one_of_them_is_a_subset_not_a_count() -> None:
    assert ki("One of the soldiers was seriously hurt.") == (None, None)
    assert ki("The drone injured three soldiers, one of them critically.") == (None, 3)


def test_years_and_named_people_are_not_counts() -> None:
    assert ki("The strike killed General Suleimani and his deputy in 2020.") == (None, None)


def test_death_from_a_cardiac_episode_during_the_attack_counts_as_killed() -> None:
    assert ki("One contractor died of a cardiac episode while sheltering.") == (1, None)


def test_hurt_elsewhere_in_sentence_keeps_the_positive_number() -> None:
    assert ki("Two guards were injured, but no US troops were injured.") == (None, 2)


def test_spans_point_into_the_text() -> None:
    text = "Rockets hit the base on Monday, killing two guards."
    c = find_casualties(text)
    assert isinstance(c, Casualties) and c.spans
    s, e = c.spans[0]
    assert "killing two" in text[s:e]


def test_combine_takes_the_largest_report_not_the_sum() -> None:
    c = combine_casualties(["Six fighters were killed.", "Seven fighters were killed and 18 injured.",
                            "No civilians were injured."])
    assert (c.killed, c.injured) == (7, 18)


def test_combine_zero_only_when_nothing_else() -> None:
    assert combine_casualties(["No one was hurt.", "The rockets hit the base."]).injured == 0
    assert combine_casualties([]).killed is None


def test_a_place_that_killed_is_not_one_victim() -> None:
    assert find_casualties("The blast at a market killed hundreds of people.").killed is None


def test_several_dozen_is_vague() -> None:
    assert find_casualties("The attacks caused several dozen injuries.").injured is None


def test_some_before_digits_is_an_estimate() -> None:
    assert find_casualties("Some 12 soldiers were wounded.").injured == 12


def test_coordinated_victims_before_the_verb_add_up() -> None:
    assert find_casualties("Two American troops and a British soldier were killed.").killed == 3


def test_source_after_a_comma_is_not_a_second_victim() -> None:
    text = "Rockets hit the base, injuring two US service members, a coalition spokesman said."
    assert find_casualties(text).injured == 2


def test_killed_and_wounded_in_one_sentence_stay_apart() -> None:
    assert ki("The blast killed three guards and wounded 25.") == (3, 25)
    assert ki("There were three dead and 34 injured.") == (3, 34)
    assert ki("The shells hit the camp, wounding at least 40.") == (None, 40)


@pytest.mark.parametrize(("text", "expected"), [
    ("Eleven troops were diagnosed with traumatic brain injuries.", (None, 11)),
    ("Twelve personnel sustained “minor injuries” in the blast.", (None, 12)),
    ("At least six local and foreign fighters were killed in the raid.", (6, None)),
    ("The raid resulted in the martyrdom of three guards.", (3, None)),
    ("Four guards and another contractor were wounded.", (None, 5)),
])
def test_victims_phrases_reporters_use(text: str, expected: tuple[int | None, int | None]) -> None:
    assert ki(text) == expected


@pytest.mark.parametrize("text", [
    "The attack did not result in any human or material losses.",
    "The shells caused no damage to the camp or injuries to its guards.",
    "There were no injuries or damage.",
])
def test_denials_of_losses_are_zero_and_zero(text: str) -> None:
    assert ki(text) == (0, 0)


def test_a_death_the_text_puts_outside_the_attack_is_not_counted() -> None:
    assert ki("A contractor died of a heart attack, but it did not occur during the shelling.") == (None, None)


def both(c: Casualties) -> tuple[int | None, int | None]:
    return c.killed, c.injured


def test_another_wars_toll_is_not_this_attacks() -> None:
    texts = ["Rockets hit the camp on Monday.", "The strikes that followed killed four militants."]
    assert both(combine_casualties(texts, "attack")) == (None, None)
    texts = ["The strike hit a depot.", "Earlier attacks injured three American troops."]
    assert both(combine_casualties(texts, "strike")) == (None, None)
    assert both(combine_casualties(["The strike killed four militants."], "strike")) == (4, None)


def test_nobody_hurt_means_nobody_killed_unless_some_were_wounded() -> None:
    assert both(combine_casualties(["No one was hurt."])) == (0, 0)
    assert both(combine_casualties(["Two guards were wounded.", "No US troops were hurt."])) == (None, 2)


def test_a_named_victim_is_one_and_a_second_makes_two() -> None:
    assert ki("The strike killed the leader of the group.") == (1, None)
    assert ki("The raid ended with the killing of its commander, along with one of his aides.") == (2, None)
    texts = ["The strike killed the leader of the group.", "A second militant was also killed, he said."]
    assert both(combine_casualties(texts, "strike")) == (2, None)


def test_another_victim_adds_to_the_others() -> None:
    texts = ["A drone strike killed a commander.", "Another member of the group was killed in the strike."]
    assert both(combine_casualties(texts, "strike")) == (2, None)
    assert ki("A guard was killed and another was wounded, along with five soldiers.") == (1, 6)


def test_an_exact_figure_below_a_vague_toll_is_only_part_of_it() -> None:
    texts = ["One contractor was killed and several soldiers and local staff were wounded.",
             "A source said a policeman had been wounded."]
    assert both(combine_casualties(texts, "attack")) == (1, None)


def test_a_toll_told_in_an_earlier_events_clause_is_that_events() -> None:
    text = "Two weeks after a missile attack on two outposts, injuring 30 soldiers, rockets hit the camp."
    assert ki(text) == (None, None)
    assert ki("Two weeks after the attack, two soldiers died of their wounds.") == (2, None)


@pytest.mark.parametrize("text", [
    "More than 30,000 people have been killed in Gaza since the war began.",
    "In Lebanon, more than 3,000 people have been killed.",
    "The war in Gaza has killed more than 30,000 people.",
])
def test_another_theatres_toll_is_not_counted(text: str) -> None:
    assert ki(text) == (None, None)


def test_a_toll_beside_a_mention_of_another_war_is_kept() -> None:
    assert ki("An attack amid the war in Gaza killed three soldiers.") == (3, None)
    assert ki("The drone killed three soldiers near the base, as the war in Gaza raged.") == (3, None)


@pytest.mark.parametrize(("text", "expected"), [
    ("Rockets hit two camps. No casualties were reported in the two attacks, officials said.", (0, 0)),
    ("Drones hit two camps. There were no injuries in either attack.", (0, 0)),
    ("Rockets hit the camp. No casualties were reported in the attack.", (None, None)),
    ("Rockets hit two camps. One guard was wounded in the two attacks.", (None, None)),
])
def test_a_denial_for_all_the_attacks_covers_each(text: str, expected: tuple[int | None, int | None]) -> None:
    assert covering_zeros(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The death toll from the blast rose to 12.", (12, None)),
    ("The death toll stands at 3 dead and 12 injured.", (3, 12)),
    ("A 20-year-old guard was killed.", (1, None)),
    ("The shelling did not result in casualties.", (0, 0)),
])
def test_tolls_ages_and_plain_denials(text: str, expected: tuple[int | None, int | None]) -> None:
    assert ki(text) == expected


def test_a_percentage_is_not_a_toll() -> None:
    assert ki("About 10 percent of the guards were injured.") == (None, None)
