"""Judged precision: the hand-judged events of seeds/eval, and bad files named with their line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsframe.errors import InputError
from newsframe.eval.judged import evaluate


def test_the_built_in_sample_is_at_least_50_judged_events() -> None:
    r = evaluate()
    assert r["judged"] >= 50
    assert r["precision"] == round(r["correct"] / r["judged"], 4)
    assert sum(t["judged"] for t in r["per_type"].values()) == r["judged"]
    assert sum(r["errors"].values()) == r["judged"] - r["correct"]


def test_precision_and_a_bad_line(tmp_path: Path) -> None:
    rows = [
        {"doc_id": "d", "excerpt": "x", "event_type": "AGREE", "source": "A", "correct": True, "reason": "ok"},
        {"doc_id": "d", "excerpt": "y", "event_type": "AGREE", "source": "A", "correct": False, "reason": "no",
         "error": "trigger"},
    ]  # fmt: skip
    path = tmp_path / "j.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert evaluate(path)["precision"] == 0.5
    path.write_text(json.dumps({"doc_id": "d", "correct": "yes"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        evaluate(path)
    assert err.value.line == 1


def test_the_latest_sample_is_current_and_the_earlier_beside_it(tmp_path: Path) -> None:
    def row(ok: bool, commit: str) -> str:
        r = {"doc_id": "d", "excerpt": "x", "event_type": "AGREE", "source": "A", "correct": ok, "reason": "r",
             "commit": commit}  # fmt: skip
        if not ok:
            r["error"] = "source"
        return json.dumps(r) + "\n"

    (tmp_path / "judged_events.jsonl").write_text(row(False, "aaa") + row(False, "aaa"), encoding="utf-8")
    (tmp_path / "judged_events_2.jsonl").write_text(row(True, "bbb") + row(False, "bbb"), encoding="utf-8")
    (tmp_path / "judged_events_10.jsonl").write_text(row(True, "ccc") + row(True, "ccc"), encoding="utf-8")
    r = evaluate(tmp_path)
    assert (r["sample"], r["commit"], r["precision"]) == (10, "ccc", 1.0)
    assert [(e["sample"], e["commit"], e["precision"]) for e in r["earlier"]] == [
        (2, "bbb", 0.5),
        (1, "aaa", 0.0),
    ]
    assert r["earlier"][0]["errors"] == {"source": 1}
    assert r["per_type"]["AGREE"] == {"judged": 2, "correct": 2, "precision": 1.0}
    (tmp_path / "judged_events_2.jsonl").write_text(row(True, "bbb") + row(True, "zzz"), encoding="utf-8")
    with pytest.raises(InputError):
        evaluate(tmp_path)
