"""The CI gate through the CLI: exit codes for each --fail-on level, and every output it writes.

``validation.validate`` is replaced by a stub returning hand-built results, so these tests pin the
gate's behaviour whatever the contracts find; ``test_gate_on_the_byoe_seed`` then runs the real
validation on the bring-your-own-extractor example, whose planted faults must fail the gate.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from newsframe.cli import main
from newsframe.results import Results

from ._build import check, make_tables

ROOT = Path(__file__).resolve().parents[2]

RUNS: dict[str, list[str]] = {
    "passed": ["passed"],
    "warning": ["passed", "warning"],
    "failed": ["passed", "warning", "failed"],
    "error": ["passed", "error"],
    "skipped": ["skipped", "passed"],
}
EXPECTED: dict[str, dict[str, int]] = {
    "passed": {"error": 0, "warning": 0, "never": 0},
    "warning": {"error": 0, "warning": 1, "never": 0},
    "failed": {"error": 1, "warning": 1, "never": 0},
    "error": {"error": 1, "warning": 1, "never": 0},
    "skipped": {"error": 0, "warning": 0, "never": 0},
}


def _stub(monkeypatch: pytest.MonkeyPatch, statuses: list[str]) -> dict[str, Any]:
    """Replace reading and validation with stubs; return what validate was called with."""
    import newsframe.tableio
    import newsframe.validation

    tables = make_tables(8)
    calls: dict[str, Any] = {}

    def read_tables(directory: Path) -> dict[str, pl.DataFrame]:
        calls["dir"] = directory
        return tables

    def validate(tables_: Any, **kwargs: Any) -> Results:
        calls.update(kwargs)
        checks = [
            check(f"rule-{i}", "events", "event_id", s, failing_rows=0 if s in ("passed", "skipped") else 2)
            for i, s in enumerate(statuses)
        ]
        return Results(checks=checks, metrics={"tables": {}}, run={})

    monkeypatch.setattr(newsframe.tableio, "read_tables", read_tables)
    monkeypatch.setattr(newsframe.tableio, "scan_tables", read_tables)  # `validate DIR` scans lazily
    monkeypatch.setattr(newsframe.validation, "validate", validate)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return calls


@pytest.mark.parametrize("run", sorted(RUNS))
@pytest.mark.parametrize("fail_on", ["error", "warning", "never"])
def test_exit_code_for_each_fail_on_level(
    run: str,
    fail_on: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _stub(monkeypatch, RUNS[run])
    code = main(["validate", str(tmp_path), "--fail-on", fail_on, "--no-github"])
    assert code == EXPECTED[run][fail_on]
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith(
        f"exit {code}: gate {'passed' if code == 0 else 'FAILED'} (--fail-on {fail_on}"
    )


def test_default_fail_on_is_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _stub(monkeypatch, RUNS["warning"])
    assert main(["validate", str(tmp_path), "-q"]) == 0
    _stub(monkeypatch, RUNS["failed"])
    assert main(["validate", str(tmp_path), "-q"]) == 1


def test_usage_errors_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _stub(monkeypatch, RUNS["passed"])
    assert main(["validate", str(tmp_path), "--fail-on", "sometimes"]) == 2
    assert main(["validate", str(tmp_path), "--sample-size", "0"]) == 2


def test_gate_writes_every_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = _stub(monkeypatch, RUNS["failed"])
    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # turns --github on by itself
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    out = tmp_path / "out"
    code = main(
        [
            "validate", str(tmp_path), "--fail-on", "warning", "--sample-size", "7",
            "--junit", str(out / "junit.xml"), "--json", str(out / "results.json"), "--html", str(out / "report.html"),
        ]
    )  # fmt: skip
    assert code == 1
    assert calls["sample_size"] == 7
    stdout = capsys.readouterr().out
    annotations = [line for line in stdout.splitlines() if line.startswith("::")]
    assert [a.split(" ", 1)[0] for a in annotations] == ["::error", "::warning"]
    assert "newsframe data quality: failed" in summary.read_text(encoding="utf-8")
    root = ET.parse(out / "junit.xml").getroot()
    assert root.get("failures") == "2"  # --fail-on warning: the warning is a JUnit failure too
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["status"] == "failed"
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_github_off_outside_actions_and_with_no_github(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _stub(monkeypatch, RUNS["failed"])
    main(["validate", str(tmp_path)])
    assert "::error" not in capsys.readouterr().out
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    main(["validate", str(tmp_path), "--no-github"])
    assert "::error" not in capsys.readouterr().out
    main(["validate", str(tmp_path), "--github"])
    assert "::error title=rule-2::" in capsys.readouterr().out


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 1), ("warning", 1), ("never", 0)])
def test_gate_on_the_byoe_seed(
    fail_on: str, expected: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real validation on tables with planted faults (seeds/byoe): the gate fails, and its JUnit says why."""
    byoe = ROOT / "seeds" / "byoe"
    if not (byoe / "documents.jsonl").is_file():
        pytest.skip("seeds/byoe is absent")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    junit = tmp_path / "junit.xml"
    html = tmp_path / "report.html"
    code = main(
        ["validate", str(byoe), "--fail-on", fail_on, "--junit", str(junit), "--html", str(html), "-q"]
    )
    assert code == expected
    root = ET.parse(junit).getroot()
    failures = [f.get("type") for f in root.iter("failure")]
    assert "span-mismatch" in failures and int(root.get("failures", "0")) == len(failures) > 0
    assert "<mark>" in html.read_text(encoding="utf-8")
