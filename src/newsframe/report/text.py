"""The short terminal summary that ``newsframe run`` and ``newsframe validate`` print.

It says, in a few lines: the status, the check counts by status, the failing
checks (slug, table.column, failing rows, message) most severe first, and the
exit code that the gate returns at the chosen ``--fail-on`` level. Data never
reaches the terminal raw: control characters (ANSI escapes included) are removed.

Examples
--------
>>> from newsframe.results import CheckResult, Results
>>> c = CheckResult(slug="fk-missing", table="events", column="source_actor_id",
...                 rule="source_actor_id references actors", severity="error",
...                 dimension="consistency", status="failed", engine="polars",
...                 failing_rows=2, total_rows=10, message="2 orphan rows")
>>> print(summary(Results(checks=[c]), fail_on="error"))
newsframe: FAILED  (1 check: 0 passed, 0 warning, 1 failed, 0 error, 0 skipped)
failing checks:
  FAILED   fk-missing  events.source_actor_id  2/10 rows  2 orphan rows
exit 1: gate FAILED (--fail-on error: failed checks fail the gate)
"""

from __future__ import annotations

from newsframe.report._common import STATUS_LABEL, failing_checks, one_line, truncate, where
from newsframe.results import FailOn, Results

__all__ = ["summary"]

_STATUS_WORDS = ("passed", "warning", "failed", "error", "skipped")
_GATE_LEVELS: dict[str, str] = {
    "error": "failed checks fail the gate",
    "warning": "failed and warning checks fail the gate",
    "skipped": "failed, warning and skipped checks fail the gate",
    "never": "the gate never fails",
}


def summary(results: Results, *, fail_on: FailOn, max_lines: int = 20) -> str:
    """Summarise a run in a few readable lines.

    Parameters
    ----------
    results
        The run's results.
    fail_on
        The gate level (``error``, ``warning`` or ``never``); decides the exit line.
    max_lines
        Failing checks listed at most; the rest are counted.

    Returns
    -------
    str
        The summary, without a trailing newline.
    """
    counts = results.counts()
    n = len(results.checks)
    parts = ", ".join(f"{counts.get(s, 0)} {s}" for s in _STATUS_WORDS)
    lines = [
        f"newsframe: {STATUS_LABEL[results.status]}  ({n} check{'s' if n != 1 else ''}"
        + (f": {parts})" if n else ")")
    ]
    engine = results.run.get("engine")
    if engine:
        lines.append(f"engine: {one_line(engine)}")
    failing = failing_checks(results)
    if failing:
        shown = failing[:max_lines]
        w_slug = max(len(c.slug) for c in shown)
        w_where = max(len(where(c)) for c in shown)
        lines.append("failing checks:")
        for c in shown:
            rows = f"{c.failing_rows:,}/{c.total_rows:,}" if c.total_rows else f"{c.failing_rows:,}"
            message = truncate(one_line(c.message or c.rule), 120)
            lines.append(
                f"  {STATUS_LABEL[c.status]:<8} {one_line(c.slug):<{w_slug}}  {one_line(where(c)):<{w_where}}"
                f"  {rows} rows  {message}".rstrip()
            )
        if len(failing) > max_lines:
            lines.append(f"  … and {len(failing) - max_lines} more (see --json, --junit or --html)")
    skipped = [c for c in results.checks if c.status == "skipped"]
    if skipped:
        reasons: dict[str, int] = {}
        for c in skipped:
            reason = truncate(one_line(c.message or "skipped"), 120)
            reasons[reason] = reasons.get(reason, 0) + 1
        lines.append("skipped checks (not run):")
        for reason, n in list(reasons.items())[:5]:
            lines.append(f"  {n:>4} x {reason}")
        if len(reasons) > 5:
            lines.append(f"  … and {len(reasons) - 5} more reasons (see --json or --html)")
    code = results.exit_code(fail_on=fail_on)
    verdict = "gate passed" if code == 0 else "gate FAILED"
    lines.append(f"exit {code}: {verdict} (--fail-on {fail_on}: {_GATE_LEVELS.get(fail_on, '')})")
    return "\n".join(lines)
