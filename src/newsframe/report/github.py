"""GitHub Actions output: workflow-command annotations and the job's step summary.

Each failing check becomes one annotation line on ``stream``::

    ::error title=<slug>::<table.column>: <message> (<n> of <total> rows) [<id>]%0A<sample rows>
    ::warning title=<slug>::...

following GitHub's workflow-command syntax ``::command key=value,key=value::data``:
in the data ``%``, ``\\r`` and ``\\n`` become ``%25``, ``%0D`` and ``%0A``; in property
values ``:`` and ``,`` also become ``%3A`` and ``%2C`` (as ``@actions/core`` does). So no
data, however hostile, can end the command early or start a new one.

``failed`` and ``error`` checks are ``::error``, ``warning`` checks ``::warning``.
GitHub shows only the first annotations of each kind per step, so at most
``max_annotations`` are written, most severe first, and a ``::notice`` counts the rest.
When ``summary_path`` is set (the CLI passes ``$GITHUB_STEP_SUMMARY``), a Markdown
summary (:func:`newsframe.report.markdown.results_summary`) is appended to it.

Examples
--------
>>> import io
>>> from newsframe.results import CheckResult, Results
>>> c = CheckResult(slug="span-mismatch", table="mentions", column="start", rule="r",
...                 severity="error", dimension="accuracy", status="failed", engine="newsframe",
...                 failing_rows=1, message="100% off, a:b")
>>> buf = io.StringIO()
>>> emit(Results(checks=[c]), stream=buf, summary_path=None)
1
>>> buf.getvalue().splitlines()[0]
'::error title=span-mismatch::mentions.start: 100%25 off, a:b (1 row) [mentions.start.span-mismatch]'
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from newsframe.report._common import failing_checks, row_json, truncate, where
from newsframe.report.markdown import results_summary
from newsframe.results import CheckResult, FailOn, Results

__all__ = ["command", "emit", "escape_data", "escape_property"]


def escape_data(text: object) -> str:
    """Escape the data part of a workflow command (``%``, CR, LF).

    Examples
    --------
    >>> escape_data("50%\\nnext")
    '50%25%0Anext'
    """
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: object) -> str:
    """Escape a property value of a workflow command (``%``, CR, LF, ``:`` and ``,``).

    Examples
    --------
    >>> escape_property("a:b,c")
    'a%3Ab%2Cc'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, data: object = "", properties: Mapping[str, object] | None = None) -> str:
    """One workflow command line (without the newline).

    Examples
    --------
    >>> command("warning", "x", {"title": "date-inconsistent"})
    '::warning title=date-inconsistent::x'
    """
    props = ",".join(f"{k}={escape_property(v)}" for k, v in (properties or {}).items() if v is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(data)}"


def _message(check: CheckResult, *, max_sample: int) -> str:
    n = check.failing_rows
    rows = f"{n:,} of {check.total_rows:,} rows" if check.total_rows else f"{n:,} row{'s' if n != 1 else ''}"
    text = f"{where(check)}: {check.message or check.rule} ({rows}) [{check.id}]"
    lines = [truncate(text, 1000)]
    lines += [f"  {row_json(r, limit=300)}" for r in check.sample[:max_sample]]
    return "\n".join(lines)


def emit(
    results: Results,
    *,
    stream: TextIO,
    summary_path: str | Path | None,
    fail_on: FailOn | None = None,
    max_annotations: int = 50,
    max_sample: int = 3,
) -> int:
    """Write one annotation per failing check to ``stream`` and append the step summary.

    Parameters
    ----------
    results
        The run's results.
    stream
        Where the workflow commands go (the CLI passes ``sys.stdout``).
    summary_path
        ``$GITHUB_STEP_SUMMARY``, or ``None`` for no summary.
    fail_on
        Shown in the summary with the exit code it gives, when known.
    max_annotations
        Annotations written at most; a notice counts the rest.
    max_sample
        Sample rows added to each annotation's message.

    Returns
    -------
    int
        The number of annotations written.
    """
    failing = failing_checks(results)
    shown = failing[:max_annotations]
    for check in shown:
        level = "warning" if check.status == "warning" else "error"
        stream.write(command(level, _message(check, max_sample=max_sample), {"title": check.slug}) + "\n")
    if len(failing) > len(shown):
        rest = len(failing) - len(shown)
        stream.write(
            command(
                "notice",
                f"{rest} more failing checks are not annotated; see the step summary or the report.",
                {"title": "newsframe"},
            )
            + "\n"
        )
    if summary_path:
        try:
            with open(summary_path, "a", encoding="utf-8") as fh:
                fh.write(results_summary(results, fail_on=fail_on) + "\n")
        except OSError as exc:
            stream.write(
                command("warning", f"could not write the step summary: {exc}", {"title": "newsframe"}) + "\n"
            )
    stream.flush()
    return len(shown)
