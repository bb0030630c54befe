"""The dates quality gate: newsframe.eval.dates on the built-in gold set, and its input checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsframe.errors import InputError
from newsframe.eval.dates import evaluate, load_items


def test_gold_set_meets_the_quality_gate() -> None:
    metrics = evaluate(None)
    assert metrics["task"] == "dates"
    assert metrics["n"] >= 80
    assert metrics["interval_accuracy"] >= 0.95, metrics["errors"]
    assert metrics["detection_recall"] >= 0.95, metrics["errors"]


def test_gold_set_covers_the_required_phrases() -> None:
    items = load_items(Path(evaluate(None)["path"]))
    texts = {item["date_text"].lower() for item in items}
    for phrase in (
        "on tuesday morning",
        "last month",
        "next week",
        "almost five months ago",
        "earlier this year",
        "in the weeks ahead",
        "in november",
        "between 3 and 5 may",
        "from march to may",
    ):
        assert phrase in texts, phrase
    # "in November" across a year boundary: published in January/February, resolved to the previous year
    boundary = [
        i
        for i in items
        if i["date_text"].lower() == "in november" and i["published"] and i["published"].month <= 2
    ]
    assert any(i["start"] and i["start"].year == i["published"].year - 1 for i in boundary)
    assert {i["precision"] for i in items} >= {"day", "week", "month", "year"}


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


ROW = {
    "sentence": "Talks resumed on Thursday.",
    "date_text": "on Thursday",
    "published": "2024-04-02",
    "tense": "past",
    "start": "2024-03-28",
    "end": "2024-03-28",
    "precision": "day",
}


def test_scores_and_reports_mismatches(tmp_path: Path) -> None:
    wrong = {**ROW, "start": "2024-04-04", "end": "2024-04-04"}
    duration = {
        **ROW,
        "sentence": "The first talks in five months.",
        "date_text": "in five months",
        "start": None,
        "end": None,
        "precision": None,
        "detect": False,
    }
    metrics = evaluate(_write(tmp_path / "d.jsonl", [ROW, wrong, duration]))
    assert metrics["n"] == 3
    assert metrics["interval_accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert metrics["detection_recall"] == 1.0
    assert [e["line"] for e in metrics["errors"]] == [2]
    assert metrics["errors"][0]["got"] == ["2024-03-28", "2024-03-28", "day"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "malformed JSON"),
        (json.dumps({**ROW, "date_text": "on Friday"}), "does not occur"),
        (json.dumps({**ROW, "published": "02/04/2024"}), "not an ISO date"),
        (json.dumps({**ROW, "precision": "decade"}), "unknown precision"),
        (json.dumps({**ROW, "end": None}), "all set or all null"),
        (json.dumps({**ROW, "tense": "present"}), "tense"),
    ],
)
def test_bad_gold_lines_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(ROW) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        evaluate(path)
    assert info.value.line == 2
    assert info.value.path == str(path)


def test_missing_gold_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        evaluate(tmp_path / "absent.jsonl")
