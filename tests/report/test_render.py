"""The step summary and ``diff --markdown`` rendered by a real Markdown renderer (markdown-it-py, GFM tables,
raw HTML on as on GitHub): data can neither inject an element nor break a table's shape, and a path
printed under ``--github`` cannot forge a workflow command.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsframe.report.diff import diff_results
from newsframe.report.markdown import results_summary
from newsframe.results import Results

from ._build import HOSTILE, check

markdown_it = pytest.importorskip("markdown_it")

COLUMN = "x|<img src=https://evil.example/p.png>"


class _Elements(HTMLParser):
    """Every start tag, and the cell count of every table row."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.row_cells: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.row_cells.append(0)
        elif tag in ("td", "th") and self.row_cells:
            self.row_cells[-1] += 1


def _render(md: str) -> _Elements:
    html = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    parsed = _Elements()
    parsed.feed(html)
    return parsed


def _hostile_results() -> Results:
    return Results(
        checks=[
            check(
                "enum-value",
                "events" + COLUMN,
                COLUMN,
                "failed",
                failing_rows=2,
                message=HOSTILE + " | " + COLUMN,
                sample=[{COLUMN: HOSTILE}],
            ),
            check("fk-missing", "mentions", "actor_id", "passed"),
        ]
    )


def _assert_inert(md: str) -> None:
    parsed = _render(md)
    assert not {"img", "script"} & set(parsed.tags), parsed.tags
    rows_by_table: list[int] = parsed.row_cells
    assert rows_by_table, "the output has tables"


def test_step_summary_renders_inert_with_tables_intact() -> None:
    md = results_summary(_hostile_results(), fail_on="error")
    _assert_inert(md)
    parsed = _render(md)
    assert "details" in parsed.tags and "summary" in parsed.tags and "code" in parsed.tags
    # failing checks: 5 columns in every row, however many pipes the data holds
    five = [n for n in parsed.row_cells if n == 5]
    assert len(five) == 2  # the header and the one failing check


def test_diff_markdown_renders_inert_with_tables_intact() -> None:
    old = Results(checks=[check("enum-value", "events" + COLUMN, COLUMN, "passed")])
    md = diff_results(old, _hostile_results(), tolerance=0.05).to_markdown()
    _assert_inert(md)
    parsed = _render(md)
    widths = set(parsed.row_cells)
    assert len(widths) >= 1 and all(n >= 2 for n in widths)
    assert "evil.example" not in "".join(parsed.tags)


def test_error_path_with_a_newline_cannot_forge_a_workflow_command(tmp_path: Path) -> None:
    forged = tmp_path / "in\n::error title=forged::pwned"
    done = subprocess.run(
        [sys.executable, "-m", "newsframe", "validate", str(forged), "--github"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    for line in (done.stdout + done.stderr).splitlines():
        assert not line.startswith("::error title=forged"), line
    assert "\\n::error" in done.stderr


def test_raw_control_characters_never_reach_the_html_report() -> None:
    import polars as pl

    from newsframe.report.html import render_html

    from ._build import make_hostile_results, make_tables

    tables = make_tables(hostile=True)
    docs = tables["documents"]
    tables["documents"] = docs.with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.col("text") + "\x00\x1b[31m\x07\x7f\x85")
        .otherwise(pl.col("text"))
        .alias("text")
    )
    results = make_hostile_results(tables)
    failed = next(c for c in results.checks if c.status == "failed")
    failed.message = "bad\x00\x1b[2Jmessage"
    page = render_html(results, tables)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", page)
    assert "\u2400" in page  # shown, as a visible symbol
