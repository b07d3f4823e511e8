"""Parts of a corpus: the story split keeps a story on one side, is deterministic and balanced;
per-file figures score each file alone."""

from __future__ import annotations

from typing import Any

from salvo.evaluation import ActorAliases, per_file, story_halves, story_split
from salvo.evaluation.breakdown import story_groups


def line(aid: str, *keys: str) -> dict[str, Any]:
    incidents = [
        {"date": "2021-03-03", "date_precision": "day", "category": "attack", "country": "IQ", "event_key": k}
        for k in keys
    ]
    return {"article": {"id": aid, "text": "x"}, "incidents": incidents}


def corpus(*lines: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {x["article"]["id"]: x for x in lines}


def test_articles_sharing_a_key_even_through_a_third_are_one_story() -> None:
    gold = corpus(line("a", "k1"), line("b", "k1", "k2"), line("c", "k2"), line("d", "k3"), line("e"))
    groups = sorted(sorted(g) for g in story_groups(gold))
    assert groups == [["a", "b", "c"], ["d"], ["e"]]


def test_a_story_never_straddles_the_halves() -> None:
    gold = corpus(*(line(f"a{i}", f"k{i // 3}", f"k{i // 3 + 100}") for i in range(30)))
    first, second = story_halves(gold)
    keys_a = {i["event_key"] for a in first for i in gold[a]["incidents"]}
    keys_b = {i["event_key"] for a in second for i in gold[a]["incidents"]}
    assert first and second and not keys_a & keys_b
    assert sorted(first + second) == sorted(gold)


def test_halves_do_not_depend_on_file_order_and_balance_incidents() -> None:
    lines = [line(f"a{i}", *(f"k{i}-{j}" for j in range(i % 4))) for i in range(40)]
    forward, backward = story_halves(corpus(*lines)), story_halves(corpus(*reversed(lines)))
    assert set(forward[0]) == set(backward[0]) and set(forward[1]) == set(backward[1])
    count = lambda ids: sum(len(lines[int(a[1:])]["incidents"]) for a in ids)  # noqa: E731
    assert abs(count(forward[0]) - count(forward[1])) <= 3


def test_split_reports_each_half_and_the_gap() -> None:
    gold = corpus(line("a", "k1"), line("b", "k2"))
    pred = corpus(line("a", "k1"))  # b's incident is missed
    figures = story_split(gold, pred, ActorAliases.from_yaml(None)).to_json()
    halves = figures["halves"]
    assert {h["incident_f1"] for h in halves.values()} == {0.0, 1.0}
    assert figures["gap"]["incident_f1"] == halves["A"]["incident_f1"] - halves["B"]["incident_f1"]
    assert "event_key" in figures["rule"]


def test_per_file_leaves_out_predictions_of_other_files() -> None:
    files = {"one": corpus(line("a", "k1")), "two": corpus(line("b", "k2"))}
    pred = corpus(line("a", "k1"), line("b"))
    scores = per_file(files, pred, ActorAliases.from_yaml(None))
    assert scores["one"].incident_prf == (1.0, 1.0, 1.0)
    assert scores["two"].tp == 0 and scores["two"].fn == 1 and scores["two"].fp == 0
