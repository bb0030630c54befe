"""GitHub workflow commands, checked against the runner's syntax ``::cmd k=v,k=v::data``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsframe.report.github import command, emit, escape_data, escape_property
from newsframe.results import Results

from ._build import check


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Parse one workflow-command line the way the Actions runner does (ActionCommand.TryParseV2)."""
    assert line.startswith("::"), line
    end = line.index("::", 2)
    head, data = line[2:end], line[end + 2 :]
    name, _, props = head.partition(" ")
    properties: dict[str, str] = {}
    if props:
        for pair in props.split(","):
            key, sep, value = pair.partition("=")
            assert sep, f"property without '=': {pair!r}"
            properties[key] = _unescape_property(value)
    return name, properties, _unescape_data(data)


def _unescape_data(s: str) -> str:
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(s: str) -> str:
    return (
        s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


HOSTILE = "50% done\r\nline two::error::injected, title=x:y %0A literal"


def test_escaping_matches_actions_core() -> None:
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    # % goes first, so an already-escaped-looking text round-trips literally
    assert _unescape_data(escape_data("%0A")) == "%0A"


@pytest.mark.parametrize("text", [HOSTILE, "", "plain", "::", "%%", "a=b,c=d"])
def test_command_round_trips(text: str) -> None:
    line = command("error", text, {"title": text or "t", "file": "x,y:z"})
    assert "\n" not in line and "\r" not in line
    name, props, data = parse_command(line)
    assert name == "error"
    assert props == {"title": text or "t", "file": "x,y:z"}
    assert data == text


def test_emit_one_annotation_per_failing_check(results: Results, tmp_path: Path) -> None:
    buf = io.StringIO()
    n = emit(results, stream=buf, summary_path=None)
    lines = buf.getvalue().splitlines()
    assert n == len(lines) == 5  # 2 failed + 1 error + 2 warnings
    parsed = [parse_command(line) for line in lines]
    assert [p[0] for p in parsed] == ["error", "error", "error", "warning", "warning"]
    titles = {p[1]["title"] for p in parsed}
    assert titles == {"gx-suite", "span-mismatch", "fk-missing", "near-duplicate", "trigger-not-in-sentence"}
    fk = next(p for p in parsed if p[1]["title"] == "fk-missing")
    assert fk[2].startswith("events.target_actor_id: 2 rows break fk-missing (2 of 100 rows)")
    assert '"target_actor_id": "a-ghost"' in fk[2]  # the sample rides along, on escaped new lines


def test_hostile_data_cannot_inject_commands() -> None:
    c = check(
        "span-mismatch",
        "mentions",
        "text",
        "failed",
        failing_rows=1,
        message=HOSTILE,
        sample=[{"text": HOSTILE}],
    )
    buf = io.StringIO()
    emit(Results(checks=[c]), stream=buf, summary_path=None)
    lines = buf.getvalue().splitlines()
    assert len(lines) == 1
    name, props, data = parse_command(lines[0])
    assert (name, props) == ("error", {"title": "span-mismatch"})
    assert HOSTILE in data


def test_cap_with_notice() -> None:
    many = [check("fk-missing", "events", f"c{i}", "failed", failing_rows=1) for i in range(7)]
    buf = io.StringIO()
    assert emit(Results(checks=many), stream=buf, summary_path=None, max_annotations=5) == 5
    lines = buf.getvalue().splitlines()
    assert len(lines) == 6
    name, _, data = parse_command(lines[-1])
    assert name == "notice" and data.startswith("2 more failing checks")


def test_summary_appended(results: Results, tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    path.write_text("# earlier step\n", encoding="utf-8")
    emit(results, stream=io.StringIO(), summary_path=str(path), fail_on="error")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n")
    assert "newsframe data quality: error" in text
    assert "`fk-missing`" in text and "`--fail-on error` → exit 1" in text


def test_passing_run_emits_nothing(tmp_path: Path) -> None:
    buf = io.StringIO()
    assert (
        emit(Results(checks=[check("fk-missing", "events", "x", "passed")]), stream=buf, summary_path=None)
        == 0
    )
    assert buf.getvalue() == ""


def test_unwritable_summary_is_a_warning_not_a_crash(results: Results, tmp_path: Path) -> None:
    buf = io.StringIO()
    emit(results, stream=buf, summary_path=str(tmp_path / "missing-dir" / "summary.md"))
    name, props, data = parse_command(buf.getvalue().splitlines()[-1])
    assert name == "warning" and props["title"] == "newsframe" and "step summary" in data
