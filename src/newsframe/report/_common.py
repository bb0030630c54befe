"""Small helpers shared by the reporters: ordering, locations and safe one-line text.

Examples
--------
>>> from newsframe.results import CheckResult
>>> c = CheckResult(slug="fk-missing", table="mentions", column="actor_id", rule="r",
...                 severity="error", dimension="consistency", status="failed", engine="polars")
>>> where(c), case_name(c)
('mentions.actor_id', 'fk-missing[actor_id]')
>>> one_line("a\\nb\\x1b[31m")
'a b [31m'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from newsframe.results import CheckResult, Results

__all__ = [
    "STATUS_LABEL",
    "STATUS_ORDER",
    "by_dimension",
    "by_table",
    "case_name",
    "failing_checks",
    "one_line",
    "row_json",
    "truncate",
    "where",
]

STATUS_ORDER: tuple[str, ...] = ("error", "failed", "warning", "skipped", "passed")
"""Statuses from the most to the least severe."""

STATUS_LABEL: dict[str, str] = {
    "error": "ERROR",
    "failed": "FAILED",
    "warning": "WARNING",
    "skipped": "SKIPPED",
    "passed": "PASSED",
}

# C0/C1 control characters (tab and newline included) and the Unicode line/paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(text: object) -> str:
    """``text`` on one line, control characters (ANSI escapes included) replaced by a space."""
    return _CONTROL.sub(" ", str(text)).strip()


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, marking the cut with an ellipsis.

    Examples
    --------
    >>> truncate("abcdef", 4)
    'abc…'
    """
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def where(check: CheckResult) -> str:
    """``table.column``, or ``table`` for a table-level check."""
    return f"{check.table}.{check.column}" if check.column else check.table


def case_name(check: CheckResult) -> str:
    """The check's test name: the slug, plus the column in brackets when there is one."""
    return f"{check.slug}[{check.column}]" if check.column else check.slug


def failing_checks(
    results: Results, *, statuses: Iterable[str] = ("error", "failed", "warning")
) -> list[CheckResult]:
    """Checks with one of ``statuses``, most severe first, then most failing rows, then by id."""
    wanted = set(statuses)
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    return sorted(
        (c for c in results.checks if c.status in wanted),
        key=lambda c: (rank.get(c.status, 99), -int(c.failing_rows or 0), c.id),
    )


def by_table(results: Results) -> dict[str, dict[str, int]]:
    """Check counts per table and status, tables in first-seen order, every status present."""
    out: dict[str, dict[str, int]] = {}
    for c in results.checks:
        row = out.setdefault(c.table, dict.fromkeys(STATUS_ORDER, 0))
        row[c.status] = row.get(c.status, 0) + 1
    return out


def by_dimension(results: Results) -> dict[str, dict[str, int]]:
    """Check counts per ODCS dimension and status, dimensions sorted by name."""
    out: dict[str, dict[str, int]] = {}
    for c in sorted(results.checks, key=lambda c: c.dimension or ""):
        row = out.setdefault(c.dimension or "unspecified", dict.fromkeys(STATUS_ORDER, 0))
        row[c.status] = row.get(c.status, 0) + 1
    return out


def row_json(row: Any, *, limit: int = 400) -> str:
    """A sample row as compact one-line JSON, truncated to ``limit`` characters."""
    text = json.dumps(row, ensure_ascii=False, default=str, separators=(", ", ": "))
    return truncate(text, limit)
