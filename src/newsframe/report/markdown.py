"""Markdown renderings shared by the GitHub step summary and ``newsframe diff``.

Everything that comes from data (messages, sample rows, table and column names)
is escaped: GitHub renders HTML inside Markdown, so ``<``, ``>`` and ``&`` become
entities, ``|`` cannot break a table, and newlines cannot start a new block.

Examples
--------
>>> from newsframe.report.markdown import escape, table
>>> escape("a|b <script>")
'a\\\\|b &lt;script&gt;'
>>> print(table(["slug", "rows"], [["fk-missing", 3]]))
| slug | rows |
| --- | --- |
| fk-missing | 3 |
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from newsframe.report._common import (
    STATUS_LABEL,
    STATUS_ORDER,
    by_dimension,
    by_table,
    failing_checks,
    one_line,
    row_json,
    truncate,
    where,
)
from newsframe.results import CheckResult, FailOn, Results

__all__ = ["ICON", "code", "code_block", "details", "escape", "html_code", "results_summary", "table"]

ICON: dict[str, str] = {
    "passed": "✅",
    "warning": "⚠️",
    "failed": "❌",
    "error": "💥",
    "skipped": "⏭️",
}
"""One emoji per status, for headings and table cells."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def escape(text: object, *, limit: int = 300) -> str:
    """Make ``text`` safe inside a Markdown table cell or paragraph (one line, no HTML, no markup)."""
    flat = truncate(one_line(text), limit)
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)


def code(text: object, *, limit: int = 200) -> str:
    """Inline code for identifiers (slugs, ids) in a table cell or paragraph.

    Backticks become ``'`` (the span is never closed early) and ``|`` becomes ``\\|``: inside a GFM
    table a bare ``|`` ends the cell even within a code span, and ``\\|`` renders as ``|``. Markup
    inside a code span is shown, not rendered. Not for HTML contexts (use :func:`html_code`).

    Examples
    --------
    >>> code("x|<img src=y>`")
    "`x\\\\|<img src=y>'`"
    """
    flat = truncate(one_line(text), limit).replace("`", "'").replace("|", "\\|")
    return f"`{flat}`" if flat else ""


def html_code(text: object, *, limit: int = 200) -> str:
    """Inline code inside HTML (a ``<summary>``, where Markdown is not rendered): ``<code>``, text escaped.

    Examples
    --------
    >>> html_code("x|<img src=y>")
    '<code>x|&lt;img src=y&gt;</code>'
    """
    flat = html.escape(truncate(one_line(text), limit), quote=True)
    return f"<code>{flat}</code>" if flat else ""


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table.

    Header cells and ``str`` body cells are inserted as they are, so pass data through
    :func:`escape` (or :func:`code`) first; other values (numbers, None) are escaped here.
    """
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join("---" for _ in headers) + " |"]
    for row in rows:
        cells = [c if isinstance(c, str) else escape(c) for c in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def code_block(text: str, *, lang: str = "") -> str:
    """A fenced code block whose fence is longer than any backtick run inside ``text``."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    safe = text.replace("\r", "")
    return f"{fence}{lang}\n{safe}\n{fence}"


def details(summary: str, body: str) -> str:
    """A collapsible block (GitHub renders ``<details>``).

    ``summary`` is HTML, not Markdown: build it from :func:`html_code` and :func:`html.escape`d text.
    """
    return f"<details><summary>{summary}</summary>\n\n{body}\n\n</details>"


def _status_cells(counts: dict[str, int]) -> list[str]:
    return [str(counts.get(s, 0)) for s in STATUS_ORDER[::-1]]


def results_summary(
    results: Results,
    *,
    fail_on: FailOn | None = None,
    max_checks: int = 50,
    max_sample: int = 5,
    title: str = "newsframe data quality",
) -> str:
    """The run as Markdown: status, counts by table and by dimension, and the failing checks
    with a few sample rows each. Used for ``$GITHUB_STEP_SUMMARY``.

    Examples
    --------
    >>> from newsframe.results import Results
    >>> results_summary(Results()).splitlines()[0]
    '## ✅ newsframe data quality: passed'
    """
    status = results.status
    out = [f"## {ICON.get(status, '')} {title}: {status}", ""]
    counts = results.counts()
    facts = [f"**{len(results.checks)}** checks"] + [
        f"{ICON[s]} {counts.get(s, 0)} {s}" for s in STATUS_ORDER[::-1] if counts.get(s, 0)
    ]
    out.append(" · ".join(facts))
    engine = results.run.get("engine")
    if engine:
        out.append(f"\nExtraction engine: {code(engine)}")
    if fail_on is not None:
        out.append(f"\nGate: `--fail-on {fail_on}` → exit {results.exit_code(fail_on=fail_on)}")
    out.append("")
    headers = ["", *[f"{ICON[s]} {s}" for s in STATUS_ORDER[::-1]]]
    per_table = by_table(results)
    if per_table:
        out += ["### By table", ""]
        out.append(
            table(["table", *headers[1:]], ([escape(t), *_status_cells(c)] for t, c in per_table.items()))
        )
        out.append("")
        out += ["### By dimension", ""]
        dims = by_dimension(results)
        out.append(
            table(["dimension", *headers[1:]], ([escape(d), *_status_cells(c)] for d, c in dims.items()))
        )
        out.append("")
    failing = failing_checks(results)
    if failing:
        out += ["### Failing checks", ""]
        rows = [
            [
                f"{ICON.get(c.status, '')} {c.status}",
                code(c.slug),
                code(where(c)),
                _rows(c),
                escape(c.message or c.rule, limit=200),
            ]
            for c in failing[:max_checks]
        ]
        out.append(table(["status", "check", "where", "failing rows", "message"], rows))
        if len(failing) > max_checks:
            out.append(f"\n…and {len(failing) - max_checks} more failing checks (see the HTML report).")
        out.append("")
        for c in failing[:max_checks]:
            if not c.sample:
                continue
            shown = c.sample[:max_sample]
            body = code_block("\n".join(row_json(r) for r in shown), lang="json")
            label = (
                f"{html_code(c.slug)} on {html_code(where(c))}: {len(shown)} of {c.failing_rows} failing rows"
            )
            out.append(details(label, body))
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _rows(check: CheckResult) -> str:
    if check.total_rows:
        return f"{check.failing_rows:,} / {check.total_rows:,}"
    return f"{check.failing_rows:,}"


def status_label(status: str) -> str:
    """Upper-case label of a status for plain text."""
    return STATUS_LABEL.get(status, status.upper())
