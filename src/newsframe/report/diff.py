"""Compare two runs for a pull request: new failures, fixed failures and metric drift.

Checks are matched by their stable ``id`` (``<table>.<column>.<slug>``).

- **New failure**: a check that is ``failed`` or ``error`` in the new run and was not
  (it passed, warned, was skipped, or did not exist) in the old one. Any new failure
  is a regression: ``newsframe diff`` exits 1.
- **New warning**: a check that warns now and did not fail or warn before (reported,
  not a regression).
- **Fixed**: failed, errored or warned before, passes now.
- **Worse**: failing in both runs, with more failing rows now than the tolerance allows
  (reported, not a regression: the gate already fails on it).
- **No longer checked**: failing before, absent or skipped now.
- **Metric drift**, from ``results.metrics["tables"]`` and the checks' ``metrics``:
  counts (table rows, other check metrics) drift when their *relative* change exceeds
  ``tolerance``; rates and ratios in [0, 1] (null rates, ``duplication_ratio``, any
  metric named ``*_rate``/``*_ratio``) drift when their *absolute* change does, so a
  null rate going from 0.01 to 0.03 is 2 points, not +200%.

Examples
--------
>>> from newsframe.results import CheckResult, Results
>>> def chk(status, n=0):
...     return CheckResult(slug="fk-missing", table="events", column="source_actor_id", rule="r",
...                        severity="error", dimension="consistency", status=status,
...                        engine="polars", failing_rows=n)
>>> d = diff_results(Results(checks=[chk("passed")]), Results(checks=[chk("failed", 3)]), tolerance=0.05)
>>> d.regressed, [c.id for c in d.new_failures]
(True, ['events.source_actor_id.fk-missing'])
>>> d.to_text().splitlines()[0]
'newsframe diff: REGRESSED (1 new failure, 0 fixed, 0 metrics drifted)'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from newsframe.report._common import STATUS_LABEL, one_line, truncate, where
from newsframe.report.markdown import ICON, code, escape, table
from newsframe.results import CheckResult, Results

__all__ = ["Diff", "Drift", "diff_results"]

_FAILING = frozenset({"failed", "error"})
_ANY_FAIL = frozenset({"failed", "error", "warning"})
MARKER = "<!-- newsframe-diff -->"
"""Hidden first line of the Markdown, so a bot can find and update its own PR comment."""


@dataclass(frozen=True)
class Drift:
    """One metric that moved beyond the tolerance.

    ``kind`` is ``"relative"`` (counts) or ``"absolute"`` (rates and ratios); ``old`` or
    ``new`` is ``None`` when the table or column exists in one run only.
    """

    table: str
    metric: str
    column: str | None
    old: float | None
    new: float | None
    kind: str

    @property
    def label(self) -> str:
        """``table.column metric`` in words."""
        place = f"{self.table}.{self.column}" if self.column else self.table
        return f"{place} {self.metric.replace('_', ' ')}"

    @property
    def change(self) -> str:
        """The change in words: ``+40.0%`` for counts, ``+8.0 pp`` for rates."""
        if self.old is None:
            return "new"
        if self.new is None:
            return "gone"
        if self.kind == "absolute":
            return f"{(self.new - self.old) * 100:+.1f} pp"
        if self.old == 0:
            return "from zero"
        return f"{(self.new - self.old) / abs(self.old) * 100:+.1f}%"

    def fmt(self, value: float | None) -> str:
        """A value as shown: a percentage for rates, a grouped number for counts."""
        if value is None:
            return "—"
        if self.kind == "absolute":
            return f"{value * 100:.1f}%"
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


@dataclass
class Diff:
    """What changed between two runs (see the module docstring for the definitions)."""

    new_failures: list[CheckResult] = field(default_factory=list)
    new_warnings: list[CheckResult] = field(default_factory=list)
    fixed: list[CheckResult] = field(default_factory=list)
    worse: list[tuple[CheckResult, CheckResult]] = field(default_factory=list)
    unchecked: list[CheckResult] = field(default_factory=list)
    drift: list[Drift] = field(default_factory=list)
    previous: dict[str, str] = field(default_factory=dict)
    tolerance: float = 0.05

    @property
    def regressed(self) -> bool:
        """True when a check newly fails: ``newsframe diff`` then exits 1."""
        return bool(self.new_failures)

    def _headline(self) -> str:
        n = len(self.new_failures)
        return (
            f"{n} new failure{'s' if n != 1 else ''}, {len(self.fixed)} fixed, "
            f"{len(self.drift)} metric{'s' if len(self.drift) != 1 else ''} drifted"
        )

    def to_text(self) -> str:
        """Plain text for the terminal."""
        state = "REGRESSED" if self.regressed else "OK"
        lines = [f"newsframe diff: {state} ({self._headline()})"]

        def block(title: str, checks: list[CheckResult], *, was: bool, fixed: bool = False) -> None:
            if not checks:
                return
            lines.append(f"{title}:")
            w_slug = max(len(one_line(c.slug)) for c in checks)
            w_where = max(len(one_line(where(c))) for c in checks)
            for c in checks:
                before = f"  (was {self.previous.get(c.id, 'absent')})" if was else ""
                if fixed:
                    before = f"  (was {c.status})"
                rows = f"{c.failing_rows:,} row{'' if c.failing_rows == 1 else 's'}"
                label = "PASSED" if fixed else STATUS_LABEL.get(c.status, c.status)
                lines.append(
                    f"  {label:<8} {one_line(c.slug):<{w_slug}}  "
                    f"{one_line(where(c)):<{w_where}}  {rows:>10}  {truncate(one_line(c.message or c.rule), 90)}{before}"
                )

        block("new failures", self.new_failures, was=True)
        block("new warnings", self.new_warnings, was=True)
        block("fixed", self.fixed, was=False, fixed=True)
        if self.worse:
            lines.append("worse (still failing, more rows):")
            for old, new in self.worse:
                lines.append(
                    f"  {one_line(new.slug)}  {one_line(where(new))}  {old.failing_rows:,} → {new.failing_rows:,} rows"
                )
        block("no longer checked", self.unchecked, was=False)
        if self.drift:
            lines.append(f"metric drift (beyond {self.tolerance:g}):")
            for d in self.drift:
                lines.append(f"  {one_line(d.label)}: {d.fmt(d.old)} → {d.fmt(d.new)} ({d.change})")
        if len(lines) == 1:
            lines.append("no changes in check outcomes or metrics")
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """Markdown fit for a pull-request comment (data escaped, long lists capped)."""
        icon = "❌" if self.regressed else ("⚠️" if self.new_warnings or self.drift else "✅")
        out = [MARKER, f"### {icon} newsframe data quality: {self._headline()}", ""]
        if not self.regressed:
            out.append(
                "No check newly fails."
                + (" Some things moved; see below." if self.drift or self.new_warnings else "")
            )
            out.append("")

        def checks_table(title: str, checks: list[CheckResult], *, was: bool, fixed: bool = False) -> None:
            if not checks:
                return
            out.extend([f"#### {title} ({len(checks)})", ""])
            headers = ["status", "check", "where", "failing rows", "message", "before"]
            rows = []
            for c in checks[:50]:
                if fixed:  # c is the old result: it passes now
                    status, before, count = (
                        f"{ICON['passed']} passed",
                        str(c.status),
                        f"{c.failing_rows:,} → 0",
                    )
                else:
                    status, count = f"{ICON.get(c.status, '')} {c.status}", f"{c.failing_rows:,}"
                    before = self.previous.get(c.id, "absent") if was else ""
                rows.append(
                    [
                        status,
                        code(c.slug),
                        code(where(c)),
                        count,
                        escape(c.message or c.rule, limit=160),
                        escape(before),
                    ]
                )
            out.append(table(headers, rows))
            if len(checks) > 50:
                out.append(f"\n…and {len(checks) - 50} more.")
            out.append("")

        checks_table("New failures", self.new_failures, was=True)
        checks_table("New warnings", self.new_warnings, was=True)
        checks_table("Fixed", self.fixed, was=True, fixed=True)
        if self.worse:
            out.extend([f"#### Worse ({len(self.worse)})", ""])
            out.append(
                table(
                    ["check", "where", "failing rows"],
                    (
                        [code(n.slug), code(where(n)), f"{o.failing_rows:,} → {n.failing_rows:,}"]
                        for o, n in self.worse
                    ),
                )
            )
            out.append("")
        checks_table("No longer checked", self.unchecked, was=False)
        if self.drift:
            out.extend([f"#### Metric drift beyond {self.tolerance:g} ({len(self.drift)})", ""])
            out.append(
                table(
                    ["metric", "before", "after", "change"],
                    ([escape(d.label), d.fmt(d.old), d.fmt(d.new), d.change] for d in self.drift),
                )
            )
            out.append("")
        return "\n".join(out).rstrip() + "\n"


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return None if math.isnan(value) else float(value)


def _is_rate(name: str) -> bool:
    return name in ("null_rate", "null_rates") or name.endswith(("_rate", "_ratio", "ratio", "rate"))


def _drifted(old: float | None, new: float | None, *, kind: str, tolerance: float) -> bool:
    if old is None or new is None:
        return old is not new
    if kind == "absolute":
        return abs(new - old) > tolerance
    return abs(new - old) / max(abs(old), 1.0) > tolerance


def _table_drift(old: Results, new: Results, tolerance: float) -> list[Drift]:
    out: list[Drift] = []
    old_t: dict[str, Any] = old.metrics.get("tables") or {}
    new_t: dict[str, Any] = new.metrics.get("tables") or {}
    for name in list(old_t) + [t for t in new_t if t not in old_t]:
        o, n = old_t.get(name) or {}, new_t.get(name) or {}
        o_rows, n_rows = _num(o.get("rows")), _num(n.get("rows"))
        if _drifted(o_rows, n_rows, kind="relative", tolerance=tolerance):
            out.append(Drift(name, "rows", None, o_rows, n_rows, "relative"))
        if not o or not n:
            continue
        o_null, n_null = o.get("null_rates") or {}, n.get("null_rates") or {}
        for col in list(o_null) + [c for c in n_null if c not in o_null]:
            ov, nv = _num(o_null.get(col)), _num(n_null.get(col))
            if ov is not None and nv is not None and _drifted(ov, nv, kind="absolute", tolerance=tolerance):
                out.append(Drift(name, "null_rate", col, ov, nv, "absolute"))
    return out


def _check_drift(old: dict[str, CheckResult], new: dict[str, CheckResult], tolerance: float) -> list[Drift]:
    out: list[Drift] = []
    for cid, n in new.items():
        o = old.get(cid)
        if o is None:
            continue
        for metric in list(o.metrics) + [m for m in n.metrics if m not in o.metrics]:
            ov, nv = _num(o.metrics.get(metric)), _num(n.metrics.get(metric))
            if ov is None or nv is None:
                continue
            kind = "absolute" if _is_rate(metric) else "relative"
            if _drifted(ov, nv, kind=kind, tolerance=tolerance):
                out.append(Drift(n.table, metric, n.column, ov, nv, kind))
    return out


def diff_results(old: Results, new: Results, *, tolerance: float) -> Diff:
    """Compare ``old`` (e.g. the main branch's results.json) with ``new`` (the pull request's).

    Parameters
    ----------
    old, new
        The two runs.
    tolerance
        Drift threshold: relative for counts, absolute for rates (0.05 = 5% / 5 points).

    Returns
    -------
    Diff
        With ``.regressed``, ``.to_text()`` and ``.to_markdown()``.
    """
    if tolerance < 0:
        from newsframe.errors import UsageError

        raise UsageError(f"--tolerance must be 0 or more, not {tolerance}")
    old_by = {c.id: c for c in old.checks}
    new_by = {c.id: c for c in new.checks}
    d = Diff(tolerance=tolerance)
    for cid, n in new_by.items():
        o = old_by.get(cid)
        before = o.status if o else "absent"
        d.previous[cid] = before
        if n.status in _FAILING and before not in _FAILING:
            d.new_failures.append(n)
        elif n.status == "warning" and before not in _ANY_FAIL:
            d.new_warnings.append(n)
        elif n.status == "passed" and before in _ANY_FAIL and o is not None:
            d.fixed.append(o)
        elif (
            o is not None
            and n.status in _ANY_FAIL
            and before in _ANY_FAIL
            and n.failing_rows > o.failing_rows
            and _drifted(float(o.failing_rows), float(n.failing_rows), kind="relative", tolerance=tolerance)
        ):
            d.worse.append((o, n))
    for cid, o in old_by.items():
        if o.status in _ANY_FAIL and (cid not in new_by or new_by[cid].status == "skipped"):
            d.unchecked.append(o)
    d.drift = _table_drift(old, new, tolerance) + _check_drift(old_by, new_by, tolerance)
    return d
