"""Evidence: the verbatim sentences that state an incident and its values, without page clutter."""

from __future__ import annotations

import datetime as dt

from salvo.extract.evidence import gives_a_value, pieces
from salvo.model import Article, Incident
from salvo.pipeline import extract_article

MONDAY = dt.date(2023, 11, 13)


def extract(text: str) -> list[Incident]:
    return extract_article(Article(id="t", text=text, published=MONDAY))


def evidence(text: str) -> list[str]:
    found = extract(text)
    assert len(found) == 1, [i.to_json() for i in found]
    assert all(e in text for e in found[0].evidence)  # verbatim, always
    return found[0].evidence


def test_a_dateline_preamble_is_not_evidence() -> None:
    text = "KIRKUK (Newswire) - Two rockets hit a base hosting US troops near Kirkuk on Sunday, officials said."
    assert evidence(text) == ["Two rockets hit a base hosting US troops near Kirkuk on Sunday, officials said."]


def test_a_metadata_date_and_an_outlet_tag_are_not_evidence() -> None:
    text = " date 2023-11-13 Example News/ Two rockets hit a base hosting US troops near Kirkuk on Sunday."
    assert evidence(text) == ["Two rockets hit a base hosting US troops near Kirkuk on Sunday."]


def test_markup_that_joins_two_paragraphs_splits_the_evidence() -> None:
    text = ("Two rockets hit a base hosting US troops near Kirkuk on Sunday. < / p > < p > The mayor opened "
            "a new school in the town on Monday.")
    assert pieces(text)[0] == (0, len("Two rockets hit a base hosting US troops near Kirkuk on Sunday."))
    assert all("school" not in e for e in evidence(text))


def test_a_non_breaking_space_after_a_sentence_end_splits_it_but_not_between_words() -> None:
    text = "Two rockets hit Ain&nbsp;al-Asad air base on Sunday.&nbsp;The mayor opened a school on Monday."
    assert [text[lo:hi] for lo, hi in pieces(text)] == [
        "Two rockets hit Ain&nbsp;al-Asad air base on Sunday.", "The mayor opened a school on Monday."
    ]


def test_two_sentences_run_together_keep_only_the_one_that_tells_the_incident() -> None:
    text = "Two rockets hit a base hosting US troops near Kirkuk on Sunday.The mayor opened a new school there."
    assert evidence(text) == ["Two rockets hit a base hosting US troops near Kirkuk on Sunday."]


def test_a_sentence_about_many_attacks_is_not_evidence_of_one() -> None:
    assert not gives_a_value("The group has claimed responsibility for most of the attacks on US troops.")
    assert not gives_a_value("The statement reads below:")
    assert gives_a_value("No group claimed responsibility for the attack.")
    assert gives_a_value("Two soldiers were wounded.")


def test_a_follow_up_that_gives_no_value_is_not_evidence() -> None:
    text = ("Two rockets hit a base hosting US troops near Kirkuk on Sunday. Two soldiers were wounded in the attack. "
            "The group has claimed responsibility for most of the attacks on US troops.")
    assert evidence(text) == [
        "Two rockets hit a base hosting US troops near Kirkuk on Sunday.", "Two soldiers were wounded in the attack."
    ]


def test_a_long_list_of_attacks_gives_each_its_own_part_as_evidence() -> None:
    text = ("A list of recent attacks includes two rockets fired at Camp Taji on Monday that wounded no one "
            "and caused minor damage to a hangar used by the coalition forces stationed at the base; a roadside "
            "bomb that hit a convoy near Nasiriyah in Dhi Qar province on Tuesday, damaging one of its trucks.")
    assert all(len(e) < len(text) for i in extract(text) for e in i.evidence)
    assert pieces(text)[0][1] == text.index(";") + 1


def test_a_follow_up_about_the_answering_strikes_is_not_evidence_of_the_attack() -> None:
    text = ("A drone attacked US troops at Harir air base in Erbil province on Monday, injuring three soldiers. "
            "The general said the strikes that followed were meant to hold responsible those behind it.")
    attacks = [i for i in extract(text) if i.category == "attack"]
    assert attacks and all("strikes that followed" not in e for e in attacks[0].evidence)


def test_a_headline_printed_twice_is_evidence_once() -> None:
    text = ("Rockets hit Iraq’s Ain al-Asad base hosting US troops\n"
            "Rockets hit Iraq's Ain al-Asad base hosting US troops\n"
            "Ten rockets struck Ain al-Asad air base on Sunday, the coalition said.")
    assert len([e for e in evidence(text) if e.startswith("Rockets hit")]) == 1


def test_an_outlets_name_before_the_first_sentence_is_not_evidence() -> None:
    text = "Daily Example Times: At least ten rockets struck Ain al-Asad air base on Sunday, the coalition said."
    assert evidence(text) == ["At least ten rockets struck Ain al-Asad air base on Sunday, the coalition said."]


def test_a_clause_that_only_refers_back_to_the_attack_is_not_evidence() -> None:
    text = ("Two rockets hit a base hosting US troops near Kirkuk on Sunday, officials said. "
            "The attack is the tenth of its kind since October.")
    assert all("tenth" not in e for e in evidence(text))
