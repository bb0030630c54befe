"""JUnit XML for CI: one ``<testsuite>`` per table, one ``<testcase>`` per check.

Mapping
-------
- testsuite ``name`` = the table; testcase ``classname`` = ``newsframe.<table>`` and
  ``name`` = the slug plus the column in brackets (``fk-missing[actor_id]``), so names
  are unique and stable across runs (a repeated name gets ``#2``, ``#3``...).
- ``failed`` → ``<failure type="<slug>" message="...">`` whose text holds the rule,
  the failing row count, the check id and a sample of the failing rows (one JSON
  object per line).
- ``error`` (the check could not run) → ``<error type="<slug>" ...>``.
- ``skipped`` → ``<skipped message="..."/>``.
- ``warning`` → a **passing** testcase with the details in ``<system-out>`` and a
  ``status=warning`` property, unless ``fail_on="warning"``, in which case it is a
  ``<failure>`` like an error. Reason: GitHub test reporters, GitLab and Jenkins
  turn any ``<failure>`` red; a warning that does not fail the gate must not turn
  the CI report red either, but it stays visible in the test's output.

The file is UTF-8, well formed whatever the data holds: markup is escaped by the
XML writer and characters XML 1.0 forbids (NUL, most control characters, lone
surrogates) become U+FFFD.

Examples
--------
>>> import xml.etree.ElementTree as ET
>>> from newsframe.results import CheckResult, Results
>>> c = CheckResult(slug="key-duplicate", table="events", column="event_id", rule="event_id is unique",
...                 severity="error", dimension="uniqueness", status="failed", engine="pandera",
...                 failing_rows=2, sample=[{"event_id": "e1"}], message="2 duplicate ids")
>>> root = ET.fromstring(to_xml(Results(checks=[c])))
>>> case = root.find("testsuite/testcase")
>>> case.get("name"), case.get("classname"), case.find("failure").get("type")
('key-duplicate[event_id]', 'newsframe.events', 'key-duplicate')
"""

from __future__ import annotations

import datetime as dt
import platform
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from newsframe import __version__
from newsframe.report._common import case_name, one_line, row_json, truncate, where
from newsframe.results import CheckResult, FailOn, Results, jsonable

__all__ = ["to_xml", "write_junit"]

_ILLEGAL_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text: object) -> str:
    """Text that XML 1.0 can hold (escaping itself is the writer's job)."""
    return _ILLEGAL_XML.sub("\ufffd", str(text))


def _details(check: CheckResult, *, max_sample: int) -> str:
    total = f" of {check.total_rows:,}" if check.total_rows is not None else ""
    lines = [
        f"{check.message}" if check.message else "",
        f"rule: {check.rule}",
        f"where: {where(check)}   severity: {check.severity}   dimension: {check.dimension}   engine: {check.engine}",
        f"failing rows: {check.failing_rows:,}{total}",
        f"id: {check.id}",
    ]
    if check.metrics:
        lines.append("metrics: " + row_json(jsonable(check.metrics)))
    if check.sample:
        shown = check.sample[:max_sample]
        lines.append(f"sample ({len(shown)} of {check.failing_rows:,} failing rows):")
        lines += [f"  {row_json(row, limit=1000)}" for row in shown]
    return _x("\n".join(line for line in lines if line))


def _fails(check: CheckResult, fail_on: FailOn) -> bool:
    return (
        check.status == "failed"
        or (check.status == "warning" and fail_on in ("warning", "skipped"))
        or (check.status == "skipped" and fail_on == "skipped")
    )


def _testcase(parent: ET.Element, check: CheckResult, name: str, *, fail_on: FailOn, max_sample: int) -> None:
    case = ET.SubElement(
        parent, "testcase", name=_x(name), classname=_x(f"newsframe.{check.table}"), time="0"
    )
    props = ET.SubElement(case, "properties")
    for key, value in (
        ("id", check.id),
        ("status", check.status),
        ("severity", check.severity),
        ("dimension", check.dimension),
        ("engine", check.engine),
        ("failing_rows", check.failing_rows),
    ):
        ET.SubElement(props, "property", name=key, value=_x(value))
    headline = _x(
        truncate(one_line(f"{check.failing_rows:,} failing rows: {check.message or check.rule}"), 500)
    )
    if check.status == "error":
        el = ET.SubElement(
            case,
            "error",
            type=_x(check.slug),
            message=_x(truncate(one_line(check.message or check.rule), 500)),
        )
        el.text = _details(check, max_sample=max_sample)
    elif _fails(check, fail_on):
        prefix = {"warning": "warning: ", "skipped": "skipped: "}.get(check.status, "")
        if check.status == "skipped":
            headline = _x(truncate(one_line(check.message or "skipped"), 500))
        el = ET.SubElement(case, "failure", type=_x(check.slug), message=prefix + headline)
        el.text = _details(check, max_sample=max_sample)
    elif check.status == "skipped":
        ET.SubElement(case, "skipped", message=_x(truncate(one_line(check.message or "skipped"), 500)))
    elif check.status == "warning":
        out = ET.SubElement(case, "system-out")
        out.text = "WARNING (does not fail the gate at this --fail-on level)\n" + _details(
            check, max_sample=max_sample
        )


def _total_seconds(results: Results) -> str:
    """The run's validation time when the run recorded it (``validation_seconds.total``), else 0."""
    timing = results.run.get("validation_seconds")
    total = timing.get("total") if isinstance(timing, dict) else timing
    return f"{float(total):.3f}" if isinstance(total, (int, float)) and not isinstance(total, bool) else "0"


def _unique_names(checks: Iterable[CheckResult]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for c in checks:
        base = case_name(c)
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return names


def to_xml(results: Results, *, fail_on: FailOn = "error", max_sample: int = 20) -> str:
    """The JUnit XML document as a string (see the module docstring for the mapping)."""
    suites: dict[str, list[CheckResult]] = {}
    for c in results.checks:
        suites.setdefault(c.table, []).append(c)
    root = ET.Element("testsuites", name="newsframe")
    # strict JUnit schemas (junit-10.xsd) require a timestamp and a hostname on every testsuite
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None).isoformat()
    host = _x(platform.node() or "localhost")
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for table, checks in suites.items():
        counts = {
            "tests": len(checks),
            "failures": sum(_fails(c, fail_on) for c in checks),
            "errors": sum(c.status == "error" for c in checks),
            "skipped": sum(c.status == "skipped" for c in checks),
        }
        attrs = {
            "name": _x(table),
            **{k: str(v) for k, v in counts.items()},
            "time": "0",
            "timestamp": stamp,
            "hostname": host,
        }
        suite = ET.SubElement(root, "testsuite", attrs)
        props = ET.SubElement(suite, "properties")
        for key, value in (
            ("newsframe", __version__),
            ("results_version", results.version),
            ("engine", results.run.get("engine", "")),
            ("fail_on", fail_on),
            ("warnings", sum(c.status == "warning" for c in checks)),
        ):
            ET.SubElement(props, "property", name=key, value=_x(value))
        for check, name in zip(checks, _unique_names(checks), strict=True):
            _testcase(suite, check, name, fail_on=fail_on, max_sample=max_sample)
        for k, v in counts.items():
            totals[k] += v
    for k, v in totals.items():
        root.set(k, str(v))
    root.set("time", _total_seconds(results))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_junit(
    results: Results, path: str | Path, *, fail_on: FailOn = "error", max_sample: int = 20
) -> Path:
    """Write the JUnit XML of ``results`` to ``path`` (parents created) and return the path.

    Parameters
    ----------
    results
        The run's results.
    path
        Where to write, e.g. ``out/junit.xml``.
    fail_on
        The gate level: with ``"warning"``, warning checks become ``<failure>`` too.
    max_sample
        Failing rows listed per failure at most (the full count is always given).
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(to_xml(results, fail_on=fail_on, max_sample=max_sample), encoding="utf-8")
    return p
