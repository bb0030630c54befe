"""``diff_results`` on two runs that differ in known ways, and ``newsframe diff`` end to end."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from newsframe.cli import main
from newsframe.report.diff import MARKER, diff_results
from newsframe.results import Results

from ._build import HOSTILE, check


def _tables(events_rows: int, docs_rows: int, target_null: float, actor_null: float) -> dict[str, Any]:
    return {
        "documents": {"rows": docs_rows, "null_rates": {"doc_id": 0.0}, "distinct": {"doc_id": docs_rows}},
        "events": {"rows": events_rows, "null_rates": {"event_id": 0.0, "target_actor_id": target_null}},
        "mentions": {"rows": 500, "null_rates": {"actor_id": actor_null}},
    }


@pytest.fixture
def runs() -> tuple[Results, Results]:
    old = Results(
        checks=[
            check("fk-missing", "events", "target_actor_id", "passed"),
            check("span-mismatch", "mentions", "start", "failed", failing_rows=5),
            check(
                "near-duplicate",
                "events",
                None,
                "warning",
                failing_rows=4,
                metrics={"duplication_ratio": 0.04},
            ),
            check("gx-suite", "topics", None, "error"),
            check("key-duplicate", "events", "event_id", "failed", failing_rows=10),
            check("schema-dtype", "documents", "doc_id", "passed"),
        ],
        metrics={"tables": _tables(160, 40, 0.16, 0.0)},
    )
    new = Results(
        checks=[
            check("fk-missing", "events", "target_actor_id", "failed", failing_rows=7, message=HOSTILE),
            check("span-mismatch", "mentions", "start", "passed"),
            check(
                "near-duplicate",
                "events",
                None,
                "warning",
                failing_rows=20,
                metrics={"duplication_ratio": 0.20},
            ),
            check("trigger-not-in-sentence", "events", "trigger", "warning", failing_rows=1),
            check("key-duplicate", "events", "event_id", "failed", failing_rows=100),
            check("schema-dtype", "documents", "doc_id", "passed"),
        ],
        metrics={"tables": {**_tables(240, 41, 0.40, 0.02), "rejects": {"rows": 3, "null_rates": {}}}},
    )
    return old, new


def test_known_differences(runs: tuple[Results, Results]) -> None:
    d = diff_results(*runs, tolerance=0.05)
    assert [c.id for c in d.new_failures] == ["events.target_actor_id.fk-missing"]
    assert [c.id for c in d.new_warnings] == ["events.trigger.trigger-not-in-sentence"]
    assert [c.id for c in d.fixed] == ["mentions.start.span-mismatch"]
    assert [(o.failing_rows, n.failing_rows) for o, n in d.worse] == [(4, 20), (10, 100)]
    assert [c.id for c in d.unchecked] == ["topics.*.gx-suite"]
    drift = {(x.table, x.metric, x.column): (x.old, x.new) for x in d.drift}
    assert drift == {
        ("events", "rows", None): (160, 240),
        ("events", "null_rate", "target_actor_id"): (0.16, 0.40),
        ("rejects", "rows", None): (None, 3),
        ("events", "duplication_ratio", None): (0.04, 0.20),
    }
    assert d.regressed


def test_tolerance_moves_the_line(runs: tuple[Results, Results]) -> None:
    d = diff_results(*runs, tolerance=0.5)
    assert {(x.table, x.metric, x.column) for x in d.drift} == {("rejects", "rows", None)}
    d = diff_results(*runs, tolerance=0.01)
    assert ("documents", "rows", None) in {(x.table, x.metric, x.column) for x in d.drift}
    assert ("mentions", "null_rate", "actor_id") in {(x.table, x.metric, x.column) for x in d.drift}


def test_same_run_is_no_regression(runs: tuple[Results, Results]) -> None:
    old, _ = runs
    d = diff_results(old, copy.deepcopy(old), tolerance=0.05)
    assert not d.regressed and not d.drift and not d.fixed and not d.worse
    assert d.to_text().splitlines() == [
        "newsframe diff: OK (0 new failures, 0 fixed, 0 metrics drifted)",
        "no changes in check outcomes or metrics",
    ]


def test_fixing_only_is_no_regression() -> None:
    only_fixed = diff_results(
        Results(checks=[check("span-mismatch", "mentions", "start", "failed", failing_rows=5)]),
        Results(checks=[check("span-mismatch", "mentions", "start", "passed")]),
        tolerance=0.05,
    )
    assert not only_fixed.regressed and len(only_fixed.fixed) == 1


def test_text_and_markdown(runs: tuple[Results, Results]) -> None:
    d = diff_results(*runs, tolerance=0.05)
    text = d.to_text()
    assert text.splitlines()[0] == "newsframe diff: REGRESSED (1 new failure, 1 fixed, 4 metrics drifted)"
    assert "(was passed)" in text
    assert "events rows: 160 → 240 (+50.0%)" in text
    assert "events.target_actor_id null rate: 16.0% → 40.0% (+24.0 pp)" in text
    md = d.to_markdown()
    assert md.startswith(MARKER + "\n### ❌ newsframe data quality: 1 new failure")
    assert (
        "#### New failures (1)" in md and "#### Fixed (1)" in md and "#### Metric drift beyond 0.05 (4)" in md
    )
    assert "<script>" not in md and "&lt;script&gt;" in md  # PR comments render HTML: data is escaped
    fixed_row = next(line for line in md.splitlines() if "`span-mismatch`" in line)
    assert (
        fixed_row.startswith("| ✅ passed |")
        and "| 5 → 0 |" in fixed_row
        and fixed_row.endswith("| failed |")
    )
    assert "  PASSED   span-mismatch" in text and "(was failed)" in text
    table_lines = [line for line in md.splitlines() if line.startswith("| ")]
    assert all(line.endswith(" |") for line in table_lines)
    new_failure_row = next(line for line in table_lines if "`fk-missing`" in line)
    assert new_failure_row.count(" | ") == 5  # 6 cells: the hostile message cannot add columns


def test_cli_diff_exit_codes(
    runs: tuple[Results, Results], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = runs
    a, b = old.to_json(tmp_path / "old.json"), new.to_json(tmp_path / "new.json")
    assert a and b
    md = tmp_path / "pr" / "comment.md"
    assert main(["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--markdown", str(md)]) == 1
    assert capsys.readouterr().out.startswith("newsframe diff: REGRESSED")
    assert md.read_text(encoding="utf-8").startswith(MARKER)
    assert main(["diff", str(tmp_path / "old.json"), str(tmp_path / "old.json")]) == 0
    assert main(["diff", str(tmp_path / "old.json"), str(tmp_path / "missing.json")]) == 2


def test_negative_tolerance_is_a_usage_error(runs: tuple[Results, Results]) -> None:
    from newsframe.errors import UsageError

    with pytest.raises(UsageError):
        diff_results(*runs, tolerance=-0.1)
