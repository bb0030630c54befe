"""The result model: statuses, exit codes, JSON round trip, id uniqueness."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from newsframe.errors import InputError
from newsframe.results import RESULTS_VERSION, CheckResult, Results, jsonable


def _check(slug: str, severity: str, n: int, *, table: str = "events") -> CheckResult:
    failures = pl.DataFrame({"event_id": [f"e{i}" for i in range(n)], "when": [dt.date(2024, 4, 2)] * n})
    return CheckResult.from_failures(
        slug=slug,
        table=table,
        column="event_id",
        rule="a rule",
        severity=severity,  # type: ignore[arg-type]
        dimension="accuracy",
        engine="newsframe",
        failures=failures,
        total_rows=100,
        sample_size=3,
    )


def test_status_follows_severity_and_count() -> None:
    assert _check("x", "error", 0).status == "passed"
    assert _check("x", "error", 2).status == "failed"
    assert _check("x", "warning", 2).status == "warning"


def test_sample_is_capped_but_count_is_not() -> None:
    c = _check("x", "error", 10)
    assert c.failing_rows == 10
    assert len(c.sample) == 3
    assert c.sample[0] == {"event_id": "e0", "when": "2024-04-02"}


@pytest.mark.parametrize(
    ("checks", "fail_on", "code"),
    [
        ([("error", 0), ("warning", 0)], "error", 0),
        ([("error", 0), ("warning", 3)], "error", 0),
        ([("error", 0), ("warning", 3)], "warning", 1),
        ([("error", 1), ("warning", 0)], "error", 1),
        ([("error", 1), ("warning", 0)], "never", 0),
    ],
)
def test_exit_code_by_fail_on(checks: list[tuple[str, int]], fail_on: str, code: int) -> None:
    results = Results(checks=[_check(f"s{i}", sev, n) for i, (sev, n) in enumerate(checks)])
    assert results.exit_code(fail_on=fail_on) == code  # type: ignore[arg-type]


def test_error_status_fails_the_gate_and_wins_overall() -> None:
    broken = CheckResult(
        slug="span-mismatch",
        table="mentions",
        column=None,
        rule="r",
        severity="warning",
        dimension="accuracy",
        status="error",
        engine="newsframe",
        message="column missing",
    )
    results = Results(checks=[_check("a", "error", 1), broken])
    assert results.status == "error"
    assert results.exit_code(fail_on="error") == 1


def test_extend_makes_ids_unique() -> None:
    results = Results()
    results.extend([_check("fk-missing", "error", 0), _check("fk-missing", "error", 0)])
    assert [c.id for c in results.checks] == ["events.event_id.fk-missing", "events.event_id.fk-missing#2"]


def test_json_round_trip(tmp_path: Path) -> None:
    results = Results(
        checks=[_check("span-mismatch", "error", 2)], metrics={"tables": {"events": {"rows": 100}}}
    )
    path = tmp_path / "r" / "results.json"
    results.to_json(path)
    data = json.loads(path.read_text())
    assert data["version"] == RESULTS_VERSION
    assert data["status"] == "failed"
    assert {"slug", "table", "column", "severity", "status", "failing_rows", "sample"} <= set(
        data["checks"][0]
    )
    again = Results.read(path)
    assert again.to_dict() == results.to_dict()


def test_read_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        Results.read(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{\n  oops")
    with pytest.raises(InputError, match=r"bad\.json:2: not valid JSON"):
        Results.read(bad)
    other = tmp_path / "other.json"
    other.write_text("[1, 2]")
    with pytest.raises(InputError, match="not a newsframe results document"):
        Results.read(other)


def test_invalid_severity_or_status_is_rejected() -> None:
    with pytest.raises(ValueError, match="severity"):
        CheckResult(
            slug="s",
            table="t",
            column=None,
            rule="r",
            severity="fatal",
            dimension="accuracy",  # type: ignore[arg-type]
            status="passed",
            engine="x",
        )
    with pytest.raises(ValueError, match="status"):
        CheckResult(
            slug="s",
            table="t",
            column=None,
            rule="r",
            severity="error",
            dimension="accuracy",
            status="ok",
            engine="x",
        )  # type: ignore[arg-type]


def test_jsonable_handles_cells() -> None:
    assert jsonable({"a": [dt.date(2024, 1, 1), float("inf")], 1: (True,)}) == {
        "a": ["2024-01-01", None],
        "1": [True],
    }
