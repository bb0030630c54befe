"""The eval table: PLOVER dev and held-out side by side, per-category P/R, and the gate per corpus."""

from __future__ import annotations

import json
from pathlib import Path

from newsframe.eval.table import render, render_metrics


def _part(acc: float) -> dict[str, object]:
    return {
        "records": 10,
        "category_accuracy": acc,
        "source_country_accuracy": 0.5,
        "target_country_accuracy": None,
        "per_category": {"AGREE": {"precision": 1.0, "recall": 0.5, "gold": 4, "predicted": 2}},
    }


def test_plover_parts_side_by_side(tmp_path: Path) -> None:
    f = tmp_path / "plover.json"
    f.write_text(json.dumps({"set": "plover", "dev": _part(0.8), "heldout": _part(0.6)}), encoding="utf-8")
    lines = render([f]).splitlines()
    assert lines[0] == "| what | dev | held-out |"
    assert "| PLOVER category accuracy | 0.800 | 0.600 |" in lines
    assert "| PLOVER target country | n/a | n/a |" in lines
    assert "|   AGREE | P 1.000 R 0.500 (n=4) | P 1.000 R 0.500 (n=4) |" in lines


def test_gate_row_names_failing_checks() -> None:
    corpus = {
        "set": "corpus",
        "path": "/x/bbc_politics/articles.jsonl",
        "processed": 3,
        "counts": {"events": {"total": 7}},
        "gate": {"passed": False, "error_failures": {"events.quantity.number-ungrounded": 2}},
    }
    out = render_metrics([corpus])
    assert "our own gate on bbc_politics (3 docs, 7 events)" in out
    assert "FAILS events.quantity.number-ungrounded (2)" in out
