"""Assertions for a project's own tests: its tables are valid, and its faults are caught.

``assert_valid`` fails a test with the failing checks and their sample rows;
``assert_check_fails`` is for fault-injection tests of your own extractor:
corrupt a valid table the way a check guards against and assert that the check
catches it, on the row you corrupted. Both take what :func:`newsframe.validate`
takes (a folder, a mapping of DataFrames, one DataFrame with ``table=``).

Examples
--------
>>> import polars as pl, newsframe
>>> from newsframe.testing import assert_check_fails, assert_valid
>>> tables = newsframe.example_tables("byoe")
>>> [c.id for c in assert_check_fails(tables, "number-ungrounded", rows=["evt-05"])]
['events.quantity.number-ungrounded']
>>> assert_valid(tables)
Traceback (most recent call last):
...
newsframe.testing.ValidationAssertionError: ... newsframe check(s) failed:
...
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from newsframe.errors import ValidationError
from newsframe.results import CheckResult, FailOn

__all__ = ["ValidationAssertionError", "assert_check_fails", "assert_valid", "describe_check"]

_SHOWN_CHECKS = 10
_SHOWN_ROWS = 5


class ValidationAssertionError(ValidationError, AssertionError):
    """A newsframe assertion failed: a :class:`~newsframe.errors.ValidationError` that pytest reports as a
    failed assertion; ``results`` holds every check."""


def describe_check(check: CheckResult, *, max_rows: int = _SHOWN_ROWS) -> str:
    """A failing check in words: id, status, rule, count, message and its first sample rows (one JSON a line)."""
    total = f" of {check.total_rows}" if check.total_rows is not None else ""
    lines = [
        f"{check.id} [{check.status}] {check.rule}",
        f"  {check.failing_rows}{total} row(s): {check.message}",
    ]
    for row in check.sample[:max_rows]:
        lines.append("    " + json.dumps(row, ensure_ascii=False, default=str))
    if len(check.sample) > max_rows:
        lines.append(f"    ... {len(check.sample) - max_rows} more sample row(s)")
    return "\n".join(lines)


def _levels(fail_on: FailOn) -> set[str]:
    return {"failed", "error"} | ({"warning"} if fail_on == "warning" else set())


def assert_valid(tables: Any, *, fail_on: FailOn = "error", **options: Any) -> Any:
    """Assert that tables pass validation; return the :class:`~newsframe.api.Results`.

    Parameters
    ----------
    tables
        What :func:`newsframe.validate` takes.
    fail_on
        ``error`` (failed and errored checks fail the assertion), ``warning`` (warnings too).
    **options
        Passed to :func:`newsframe.validate` (``contracts=``, ``table=``, ``gx=``...).

    Raises
    ------
    ValidationAssertionError
        Naming every failing check (up to 10) with its sample rows.
    """
    from newsframe.api import validate

    results = validate(tables, **options)
    bad = [c for c in results.checks if c.status in _levels(fail_on)]
    if bad:
        shown = "\n".join(describe_check(c) for c in bad[:_SHOWN_CHECKS])
        more = f"\n... and {len(bad) - _SHOWN_CHECKS} more" if len(bad) > _SHOWN_CHECKS else ""
        raise ValidationAssertionError(
            f"{len(bad)} newsframe check(s) failed:\n{shown}{more}", results=results
        )
    return results


def _matches(check: CheckResult, slug: str, table: str | None, column: str | None) -> bool:
    if "." in slug:  # a check id: events.quantity.number-ungrounded (its #2 / @gx variants too)
        base = check.id.split("#")[0].removesuffix("@gx")
        return slug in (check.id, base)
    return (
        check.slug == slug
        and (table is None or check.table == table)
        and (column is None or check.column == column)
    )


def _has_row(check: CheckResult, key: object) -> bool:
    return any(key in row.values() for row in check.sample)


def assert_check_fails(
    tables: Any,
    slug: str,
    *,
    table: str | None = None,
    column: str | None = None,
    rows: Iterable[object] | None = None,
    count: int | None = None,
    **options: Any,
) -> list[CheckResult]:
    """Assert that a check catches a fault: the checks with this slug (or id) fail; return them.

    Parameters
    ----------
    tables
        What :func:`newsframe.validate` takes: typically your extractor's output with a fault injected.
    slug
        A check slug (``number-ungrounded``) or a check id (``events.quantity.number-ungrounded``).
    table, column
        Only the checks of this table / column (with a slug). With one DataFrame, ``table``
        also names it (as ``table=`` of :func:`newsframe.validate`).
    rows
        Values that identify the corrupted rows (their key, e.g. ``["evt-05"]``): each must be in the
        sample of a failing check. Keep the fault small, the sample holds ``sample_size`` rows.
    count
        The exact number of failing rows, summed over the matching failing checks.
    **options
        Passed to :func:`newsframe.validate`.

    Raises
    ------
    AssertionError
        When no matching check failed (naming what did fail instead), a row is not reported,
        or the count differs.
    """
    from newsframe.api import validate

    if table is not None and not isinstance(tables, str | Path | Mapping):
        options.setdefault("table", table)  # one frame: the table filter names it too
    results = validate(tables, **options)
    matching = [c for c in results.checks if _matches(c, slug, table, column)]
    failing = [c for c in matching if c.status in ("failed", "warning")]
    where = "".join(f" {k}={v!r}" for k, v in (("table", table), ("column", column)) if v is not None)
    if not failing:
        if matching:
            states = ", ".join(f"{c.id}: {c.status} ({c.message})" for c in matching[:5])
            detail = f"it ran but did not fail: {states}"
        else:
            known = sorted({c.slug for c in results.checks})
            detail = f"no such check ran (slugs that ran: {', '.join(known)})"
        others = [c.id for c in results.checks if c.status in ("failed", "warning", "error")]
        also = f"; failing instead: {', '.join(others[:10])}" if others else "; nothing failed"
        raise AssertionError(f"expected check {slug!r}{where} to fail, but {detail}{also}")
    missing = [r for r in (rows or ()) if not any(_has_row(c, r) for c in failing)]
    if missing:
        samples = "\n".join(describe_check(c) for c in failing)
        raise AssertionError(f"check {slug!r}{where} failed, but not on row(s) {missing}:\n{samples}")
    if count is not None:
        found = sum(c.failing_rows for c in failing)
        if found != count:
            raise AssertionError(f"check {slug!r}{where} failed on {found} row(s), not {count}")
    return failing
