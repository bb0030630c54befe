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
