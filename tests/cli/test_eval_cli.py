"""`salvo eval` on files we write: figures, --json, --errors listing, several gold files, bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from salvo.cli import app

TEXT = (
    "Rockets hit the Ain al-Asad air base in Anbar on Wednesday, the coalition said. "
    "A contractor died. Separately, drones were shot down near Erbil on Tuesday."
)
ROCKETS = "Rockets hit the Ain al-Asad air base in Anbar on Wednesday, the coalition said."
DRONES = "Separately, drones were shot down near Erbil on Tuesday."


def incident(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "date": "2021-03-03",
        "date_precision": "day",
        "category": "attack",
        "weapons": ["rocket"],
        "projectiles": 10,
        "place": "Ain al-Asad",
        "admin1": "Anbar",
        "country": "IQ",
        "lat": 33.8,
        "lon": 42.44,
        "location_precision": "site",
        "perpetrator": "unknown",
        "attribution": "none",
        "killed": 1,
        "injured": None,
        "evidence": [ROCKETS],
    }
    base.update(over)
    return base


def write(path: Path, *lines: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


def article(aid: str, title: str = "Rockets hit Ain al-Asad") -> dict[str, Any]:
    return {
        "id": aid,
        "title": title,
        "outlet": "Test Wire",
        "url": None,
        "published": "2021-03-03",
        "text": TEXT,
    }


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["eval", *args])
    return result.exit_code, result.stdout, result.stderr


def test_perfect_prediction_scores_one(tmp_path: Path) -> None:
    gold = write(tmp_path / "gold.jsonl", {"article": article("a"), "incidents": [incident(event_key="k1")]})
    pred = write(
        tmp_path / "pred.jsonl", {"article": article("a"), "incidents": [incident(incident_id="i1")]}
    )
    code, out, err = invoke(str(gold), "--pred", str(pred), "--json")
    assert code == 0, err
    figures = json.loads(out)
    assert figures["incidents"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert figures["slots"]["f1"] == 1.0 and figures["grounding"]["share"] == 1.0
    assert figures["merge_bcubed"]["f1"] == 1.0


def test_errors_lists_miss_false_alarm_and_wrong_field_with_evidence(tmp_path: Path) -> None:
    gold = write(
        tmp_path / "gold.jsonl",
        {
            "article": article("a"),
            "incidents": [
                incident(event_key="k1"),
                incident(
                    date="2021-03-02",
                    weapons=["drone"],
                    place="Erbil",
                    admin1="Erbil",
                    lat=36.19,
                    lon=44.01,
                    projectiles=None,
                    killed=None,
                    evidence=[DRONES],
                    event_key="k2",
                ),
            ],
        },
    )
    pred = write(
        tmp_path / "pred.jsonl",
        {
            "article": article("a"),
            "incidents": [
                incident(killed=2, weapons=["rocket", "mortar"], incident_id="i1"),
                incident(
                    category="strike",
                    perpetrator="United States",
                    evidence=["Not a sentence of the text."],
                    incident_id="i2",
                ),
            ],
        },
    )
    code, out, _ = invoke(str(gold), "--pred", str(pred), "--errors")
    assert code == 0
    assert "== a  Rockets hit Ain al-Asad  (Test Wire, 2021-03-03)" in out
    assert "MISSED" in out and DRONES in out
    assert "FALSE ALARM  strike" in out
    assert "WRONG FIELDS" in out
    assert "killed       gold 1  |  predicted 2" in out
    assert "weapons      gold rocket  |  predicted rocket or mortar" in out
    assert "NOT IN TEXT" in out and "Not a sentence of the text." in out
    assert "1 missed, 1 false alarms, 2 wrong fields" in out
    assert "incidents  P 0.500  R 0.500  F1 0.500  (tp 1 fp 1 fn 1)" in out


def test_several_gold_files_are_one_corpus(tmp_path: Path) -> None:
    g1 = write(tmp_path / "g1.jsonl", {"article": article("a"), "incidents": [incident(event_key="k")]})
    g2 = write(tmp_path / "g2.jsonl", {"article": article("b"), "incidents": [incident(event_key="k")]})
    pred = write(
        tmp_path / "pred.jsonl",
        {"article": article("a"), "incidents": [incident(incident_id="same")]},
        {"article": article("b"), "incidents": [incident(incident_id="other")]},
    )
    code, out, _ = invoke(str(g1), str(g2), "--pred", str(pred), "--json")
    figures = json.loads(out)
    assert code == 0 and figures["articles"] == 2 and figures["incidents"]["tp"] == 2
    assert figures["merge_bcubed"]["recall"] == 0.5  # one real incident split in two ids


def test_without_pred_the_pipeline_runs_on_the_gold_articles(tmp_path: Path) -> None:
    gold = write(tmp_path / "gold.jsonl", {"article": article("a"), "incidents": [incident(event_key="k1")]})
    saved = tmp_path / "out" / "pred.jsonl"
    code, out, err = invoke(str(gold), "--json", "--save-pred", str(saved))
    assert code == 0, err
    figures = json.loads(out)
    assert figures["articles"] == 1 and figures["missing_articles"] == []
    assert [json.loads(x)["article"]["id"] for x in saved.read_text().splitlines()] == ["a"]


def test_bad_gold_and_prediction_lines_are_reported_and_scored_around(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"article": article("a"), "incidents": [incident()]})
        + "\nnot json\n"
        + json.dumps({"article": {"text": "no id"}, "incidents": []})
        + "\n"
    )
    pred = write(tmp_path / "pred.jsonl", {"article": article("a"), "incidents": "oops"})
    code, out, err = invoke(str(gold), "--pred", str(pred))
    assert code == 1
    assert f"{gold}:2: malformed JSON" in err and f"{gold}:3: article has no 'id'" in err
    assert f"{pred}:1: 'incidents' must be a list" in err
    assert "articles 1 (missing in pred: 1)" in out
    assert "Traceback" not in err


def test_missing_gold_file_is_an_error(tmp_path: Path) -> None:
    code, _, err = invoke(str(tmp_path / "none.jsonl"), "--pred", str(tmp_path / "none.jsonl"))
    assert code == 2 and f"{tmp_path / 'none.jsonl'}: cannot read file" in err


def test_us_command_counts_as_united_states(tmp_path: Path) -> None:
    actors = tmp_path / "actors.yaml"
    actors.write_text(
        "- name: US Central Command\n  aliases: [CENTCOM]\n- name: United States\n  aliases: [US]\n"
    )
    gold = write(
        tmp_path / "gold.jsonl",
        {
            "article": article("a"),
            "incidents": [incident(category="strike", perpetrator="United States", attribution="claimed")],
        },
    )
    pred = write(
        tmp_path / "pred.jsonl",
        {
            "article": article("a"),
            "incidents": [incident(category="strike", perpetrator="CENTCOM", attribution="claimed")],
        },
    )
    code, out, _ = invoke(str(gold), "--pred", str(pred), "--actors", str(actors), "--json")
    assert code == 0 and json.loads(out)["fields"]["perpetrator"]["accuracy"] == 1.0


def test_several_gold_files_are_also_scored_each_on_its_own(tmp_path: Path) -> None:
    g1 = write(tmp_path / "g1.jsonl", {"article": article("a"), "incidents": [incident(event_key="k1")]})
    g2 = write(tmp_path / "g2.jsonl", {"article": article("b"), "incidents": [incident(event_key="k2")]})
    pred = write(tmp_path / "pred.jsonl", {"article": article("a"), "incidents": [incident(incident_id="i")]})
    code, out, _ = invoke(str(g1), str(g2), "--pred", str(pred), "--json")
    figures = json.loads(out)
    assert code == 0 and set(figures["per_file"]) == {str(g1), str(g2)}
    assert figures["per_file"][str(g1)]["incidents"]["f1"] == 1.0
    assert figures["per_file"][str(g2)]["incidents"]["fn"] == 1
    code, text, _ = invoke(str(g1), str(g2), "--pred", str(pred))
    assert "per file" in text and "g1.jsonl" in text and "g2.jsonl" in text


def test_story_split_is_reported_in_text_and_json(tmp_path: Path) -> None:
    gold = write(
        tmp_path / "gold.jsonl",
        {"article": article("a"), "incidents": [incident(event_key="k1")]},
        {"article": article("b"), "incidents": [incident(event_key="k2")]},
    )
    pred = write(tmp_path / "pred.jsonl", {"article": article("a"), "incidents": [incident(incident_id="i")]})
    code, out, _ = invoke(str(gold), "--pred", str(pred), "--json")
    split = json.loads(out)["story_split"]
    assert code == 0 and "per_file" not in json.loads(out)
    assert sorted(h["incident_f1"] for h in split["halves"].values()) == [0.0, 1.0]
    assert abs(split["gap"]["incident_f1"]) == 1.0
    code, text, _ = invoke(str(gold), "--pred", str(pred), "--errors")
    assert "MISSED" in text and "story split" in text and "gap A-B" in text
