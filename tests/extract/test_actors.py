"""Actors and attribution: each test is one phenomenon, on short texts we wrote ourselves."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from salvo.extract.actors import (
    attribute,
    attribute_in_article,
    canonical_actor,
    find_actors,
    find_attribution,
)


def actors_of(text: str) -> list[tuple[str, str]]:
    return [(m.actor, m.kind) for m in find_actors(text)]


# ---------------------------------------------------------------- mentions and canonical names


def test_mention_offsets_point_into_the_text() -> None:
    text = "Officials said Kataib Hizballah fired the rockets."
    (m,) = find_actors(text)
    assert text[m.start:m.end] == m.text == "Kataib Hizballah"
    assert (m.actor, m.kind) == ("Kata'ib Hezbollah", "militia")


def test_curly_and_missing_apostrophes_match_the_same_group() -> None:
    for spelling in ("Kata’ib Hezbollah", "Kataib Hezbollah", "Kata'ib Hezbollah", "KATAIB HEZBOLLAH"):
        assert actors_of(f"Then {spelling} said so.") == [("Kata'ib Hezbollah", "militia")]


def test_lebanese_hezbollah_is_not_kataib_hezbollah() -> None:
    assert actors_of("Hezbollah fired at Israel.") == [("Hezbollah", "militia")]
    assert canonical_actor("Hezbollah") == "Hezbollah"
    assert canonical_actor("Hezbollah Brigades") == "Kata'ib Hezbollah"


def test_islamic_resistance_in_iraq_is_not_shortened() -> None:
    assert actors_of("The Islamic Resistance in Iraq said it struck a base.") == [
        ("Islamic Resistance in Iraq", "coalition_of_groups")]


def test_front_group_is_its_own_actor() -> None:
    assert actors_of("a group called Saraya Awliya al-Dam") == [("Saraya Awliya al-Dam", "militia_front")]
    assert canonical_actor("Qassem al-Jabbarin") == "Qasim al-Jabarin"


def test_irgc_folds_to_iran() -> None:
    assert canonical_actor("IRGC") == "Iran"
    assert canonical_actor("Quds Force") == "Iran"
    assert actors_of("the Revolutionary Guards said") == [("Iran", "state_force")]


def test_centcom_folds_to_united_states() -> None:
    assert canonical_actor("CENTCOM") == "United States"
    assert canonical_actor("CJTF-OIR") == "United States"
    assert canonical_actor("U.S.-led coalition") == "United States"
    assert actors_of("US Central Command said") == [("United States", "state_force")]


def test_islamic_state_is_an_actor_under_any_name() -> None:
    for name in ("ISIS", "Daesh", "Islamic State", "ISIL"):
        assert canonical_actor(name) == "Islamic State"


def test_generic_iran_backed_labels() -> None:
    phrases = ("Iran-backed militias", "Iran-aligned groups", "pro-Iran factions", "Iranian-backed militants",
               "militias loyal to Iran", "armed factions linked to Iran")
    for phrase in phrases:
        found = actors_of(f"Officials blamed {phrase} again.")
        assert found[-1] == ("Iran-backed militias", "generic"), phrase


def test_hyphenated_modifier_is_not_the_state() -> None:
    assert actors_of("an Iranian-made drone") == []
    assert actors_of("a US-made rocket") == []


def test_acronyms_match_only_in_capitals() -> None:
    assert actors_of("KH denied it") == [("Kata'ib Hezbollah", "militia")]
    assert actors_of("the kh sound") == []


def test_unknown_names_come_back_unchanged() -> None:
    assert canonical_actor("  Some New Brigade ") == "Some New Brigade"


# ---------------------------------------------------------------- attribution phenomena


def test_claim_by_a_front_group() -> None:
    text = "A shadowy group calling itself Ashab al-Kahf claimed responsibility for the roadside bomb."
    assert attribute([text], "attack") == ("Ashab al-Kahf", "claimed")
    (cue,) = [c for c in find_attribution(text, "attack") if c.attribution == "claimed"]
    assert text[cue.start:cue.end] == cue.text == "claimed"


def test_claim_in_a_statement_with_the_group_named_before() -> None:
    texts = ["Rockets hit the base on Monday.",
             "In a Telegram statement, the Islamic Resistance in Iraq said its fighters targeted the base."]
    assert attribute(texts, "attack") == ("Islamic Resistance in Iraq", "claimed")


def test_claim_by_the_group_resolves_to_the_group_named_earlier() -> None:
    texts = ["Usbat al-Thaireen published a video.", "The group said in a statement it fired six rockets."]
    assert attribute(texts, "attack") == ("Usbat al-Thaireen", "claimed")


def test_statement_attributed_to_a_group() -> None:
    text = "A statement attributed to Saraya Awliya al-Dam said the strike was revenge."
    assert attribute([text], "attack") == ("Saraya Awliya al-Dam", "claimed")


def test_no_group_claimed_responsibility() -> None:
    text = "Two rockets struck near the embassy; no group has yet claimed responsibility."
    assert attribute([text], "attack") == ("unknown", "none")
    assert [(c.attribution, c.actor) for c in find_attribution(text, "attack")] == [("none", None)]


def test_official_speaking_for_the_military_is_not_a_claim() -> None:
    text = "The Iraqi military said in a statement that three rockets landed inside the base."
    assert attribute([text], "attack") == ("unknown", "none")


def test_pentagon_blames_a_named_militia() -> None:
    text = "The Pentagon blamed Kataib Hezbollah for the drone attack on the outpost."
    assert attribute([text], "attack") == ("Kata'ib Hezbollah", "accused")


def test_secretary_says_carried_out_by() -> None:
    text = "Secretary Austin said the strike on the base was carried out by Harakat al-Nujaba."
    assert attribute([text], "attack") == ("Harakat Hezbollah al-Nujaba", "accused")


def test_accusation_of_the_us_side_names_no_attacker() -> None:
    text = "Damascus again accused Washington of helping ISIS fighters near the base."
    assert attribute([text], "attack") == ("unknown", "none")


def test_anonymous_officials_suspect() -> None:
    texts = ["US officials said Iran-backed militias were responsible for the attack.",
             "The officials spoke on condition of anonymity."]
    assert attribute(texts, "attack") == ("Iran-backed militias", "suspected")


def test_hedged_bore_the_hallmarks() -> None:
    text = "The rocket fire bore the hallmarks of Kata'ib Hezbollah, analysts said."
    assert attribute([text], "attack") == ("Kata'ib Hezbollah", "suspected")


def test_hedged_believed_to_have_been_carried_out_by() -> None:
    text = "The raid was believed to have been carried out by Iranian-backed militants."
    assert attribute([text], "attack") == ("Iran-backed militias", "suspected")


def test_usually_blamed() -> None:
    text = "Pro-Iran factions are usually blamed for such rocket fire."
    assert attribute([text], "attack") == ("Iran-backed militias", "suspected")


def test_generic_iran_backed_militias_blamed() -> None:
    text = "The State Department blamed Iran-aligned groups for Sunday's mortar attack."
    assert attribute([text], "attack") == ("Iran-backed militias", "accused")


def test_generic_label_gives_way_to_the_group_in_apposition() -> None:
    text = "Washington is examining the role of an Iranian-backed Shiite militia, Kata'ib Hezbollah."
    assert attribute([text], "attack")[0] == "Kata'ib Hezbollah"


def test_patron_is_not_the_perpetrator() -> None:
    text = "Armed groups that officials say are backed by Iran claimed the attack."
    assert attribute([text], "attack")[0] != "Iran"


def test_iran_claims_its_missile_attack() -> None:
    text = "Iran's Revolutionary Guards said they fired ballistic missiles at the air base."
    assert attribute([text], "attack") == ("Iran", "claimed")


def test_iran_acting_as_a_state_announces_its_attack() -> None:
    text = "Tehran responded with a barrage of missiles at two bases."
    assert attribute([text], "attack") == ("Iran", "claimed")


def test_attack_by_a_named_militia_in_narration() -> None:
    text = "Mortars were fired at the compound, near the river, by Asaib Ahl al-Haq on Friday."
    assert attribute([text], "attack") == ("Asa'ib Ahl al-Haq", "accused")


def test_target_is_not_the_attacker() -> None:
    text = "Rockets were fired at US troops and Syrian Democratic Forces at the oil field."
    assert attribute([text], "attack") == ("unknown", "none")


def test_passive_victim_is_not_the_attacker() -> None:
    text = "A base used in the fight against the Islamic State group was attacked by drones."
    assert attribute([text], "attack") == ("unknown", "none")


def test_claim_outranks_plain_agency() -> None:
    texts = ["Iran-backed militants fired rockets at the base.",
             "Later, Qasim al-Jabarin claimed responsibility."]
    assert attribute(texts, "attack") == ("Qasim al-Jabarin", "claimed")


def test_explicit_blame_outranks_a_mention_of_an_earlier_iranian_attack() -> None:
    texts = ["Weeks after an Iranian missile attack on two bases, rockets hit the embassy.",
             "A former minister blamed the Popular Mobilization Forces for the rockets."]
    assert attribute(texts, "attack") == ("Popular Mobilization Forces", "accused")


def test_us_announces_its_own_strike() -> None:
    text = "US forces conducted strikes on two weapons depots, the Pentagon said."
    assert attribute([text], "strike") == ("United States", "claimed")


def test_us_strike_noun_is_a_claim() -> None:
    text = "An American drone strike killed the commander."
    assert attribute([text], "strike") == ("United States", "claimed")


def test_anonymous_confirmation_of_a_us_strike_is_still_its_own_strike() -> None:
    text = "US jets struck a depot, an official said on condition of anonymity."
    assert attribute([text], "strike") == ("United States", "claimed")


def test_suspected_us_strike() -> None:
    text = "Militia leaders were killed in a suspected US drone strike."
    assert attribute([text], "strike") == ("United States", "suspected")


def test_strike_of_unknown_origin() -> None:
    text = "A drone strike of unknown origin hit the headquarters; no one claimed responsibility."
    assert attribute([text], "strike") == ("unknown", "none")


def test_centcom_statement_on_a_strike() -> None:
    text = "CENTCOM said the strikes destroyed a command node used by militants."
    assert attribute([text], "strike") == ("United States", "claimed")


def test_militia_is_never_the_perpetrator_of_a_us_strike() -> None:
    text = "The strikes targeted Kata'ib Hezbollah, which had fired rockets at the base."
    assert attribute([text], "strike")[0] in ("unknown", "United States")


def test_defaults_when_nothing_is_said() -> None:
    assert attribute([], "attack") == ("unknown", "none")
    assert attribute(["Three rockets landed near the runway."], "attack") == ("unknown", "none")


def test_bad_category_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="category"):
        find_attribution("text", "raid")


def test_article_claim_fills_evidence_that_names_no_one() -> None:
    article = ("Five rockets hit the air base on Tuesday. Hours later a little-known group calling itself "
               "Tha'r al-Muhandis Brigade claimed responsibility.")
    evidence = ["Five rockets hit the air base on Tuesday."]
    assert attribute(evidence, "attack") == ("unknown", "none")
    assert attribute_in_article(evidence, "attack", article) == ("Tha'r al-Muhandis Brigade", "claimed")


def test_article_fallback_respects_a_denied_claim() -> None:
    article = "No group claimed the Taji blast. Elsewhere, Ashab al-Kahf claimed a bombing near Basra."
    evidence = ["No group claimed the Taji blast."]
    assert attribute_in_article(evidence, "attack", article) == ("unknown", "none")


def test_sentence_with_us_abbreviation_is_not_split() -> None:
    text = "The U.S. Central Command said U.S. forces struck the depot."
    assert attribute([text], "strike") == ("United States", "claimed")


# ---------------------------------------------------------------- against the shared gold


def _scorer(shared: Any) -> Any:
    spec = importlib.util.spec_from_file_location("salvo_ref_score", shared / "eval" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_agreement_with_gold_attribution(shared_dir: Any, gold_rows: list[dict[str, Any]]) -> None:
    score = _scorer(shared_dir)
    aliases = score.load_aliases(str(shared_dir / "reference" / "actors.yaml"))

    def canon(s: str) -> str:
        a = aliases.get(score.norm(s), score.norm(s))
        return str(score.FOLD.get(a, a))

    right = total = 0
    for row in gold_rows:
        for g in row["incidents"]:
            if g["perpetrator"] == "*" or g["attribution"] == "*":
                continue
            perp, attr = attribute(g["evidence"], g["category"])
            perps = g["perpetrator"] if isinstance(g["perpetrator"], list) else [g["perpetrator"]]
            attrs = g["attribution"] if isinstance(g["attribution"], list) else [g["attribution"]]
            total += 1
            right += canon(perp) in {canon(p) for p in perps} and attr in attrs
    assert total > 50
    assert right / total >= 0.9
