"""JUnit XML: parsed back with xml.etree and checked for counts, names, failures and escaping."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from newsframe.report.junit import to_xml, write_junit
from newsframe.results import Results

from ._build import HOSTILE, check


def _parse(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def test_one_suite_per_table_one_case_per_check(results: Results, tmp_path: Path) -> None:
    root = _parse(write_junit(results, tmp_path / "deep" / "junit.xml"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {c.table for c in results.checks}
    for name, suite in suites.items():
        expected = [c for c in results.checks if c.table == name]
        cases = suite.findall("testcase")
        assert len(cases) == len(expected) == int(suite.get("tests", "-1"))
        assert {c.get("classname") for c in cases} == {f"newsframe.{name}"}
    assert int(root.get("tests", "-1")) == len(results.checks)


def test_counts_and_names(results: Results, tmp_path: Path) -> None:
    root = _parse(write_junit(results, tmp_path / "junit.xml"))
    names = [c.get("name") for c in root.iter("testcase")]
    assert len(names) == len(set((c.get("classname"), c.get("name")) for c in root.iter("testcase")))
    assert "fk-missing[target_actor_id]" in names
    assert "fk-missing[source_actor_id]" in names
    assert "near-duplicate" in names  # table-level check: the slug alone
    # failed=2, error=1, skipped=1; warnings pass at the default --fail-on error
    assert (root.get("failures"), root.get("errors"), root.get("skipped")) == ("2", "1", "1")
    events = next(s for s in root.findall("testsuite") if s.get("name") == "events")
    assert (events.get("failures"), events.get("errors"), events.get("skipped")) == ("1", "0", "1")


def test_failure_carries_slug_message_and_sample(results: Results, tmp_path: Path) -> None:
    root = _parse(write_junit(results, tmp_path / "junit.xml"))
    case = next(c for c in root.iter("testcase") if c.get("name") == "fk-missing[target_actor_id]")
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("type") == "fk-missing"
    assert "2 rows break fk-missing" in (failure.get("message") or "")
    body = failure.text or ""
    assert "failing rows: 2 of 100" in body
    assert '"target_actor_id": "a-ghost"' in body
    assert "sample (2 of 2 failing rows)" in body


def test_error_skipped_and_passed(results: Results, tmp_path: Path) -> None:
    root = _parse(write_junit(results, tmp_path / "junit.xml"))
    by_name = {c.get("name"): c for c in root.iter("testcase")}
    err = by_name["gx-suite"].find("error")
    assert err is not None and err.get("type") == "gx-suite" and "boom" in (err.get("message") or "")
    assert by_name["date-inconsistent[date_start]"].find("skipped") is not None
    passed = by_name["schema-dtype[doc_id]"]
    assert [child.tag for child in passed] == ["properties"]


def test_warnings_pass_unless_fail_on_warning(results: Results, tmp_path: Path) -> None:
    root = _parse(write_junit(results, tmp_path / "a.xml"))
    warn = next(c for c in root.iter("testcase") if c.get("name") == "near-duplicate")
    assert warn.find("failure") is None
    out = warn.find("system-out")
    assert out is not None and "WARNING" in (out.text or "") and "duplication_ratio" in (out.text or "")
    props = {p.get("name"): p.get("value") for p in warn.iter("property")}
    assert props["status"] == "warning" and props["severity"] == "warning"

    strict = _parse(write_junit(results, tmp_path / "b.xml", fail_on="warning"))
    warn = next(c for c in strict.iter("testcase") if c.get("name") == "near-duplicate")
    failure = warn.find("failure")
    assert failure is not None and (failure.get("message") or "").startswith("warning: ")
    assert strict.get("failures") == "4"  # 2 failed + 2 warnings


def test_duplicate_names_are_made_unique() -> None:
    twins = [
        check("fk-missing", "events", "source_actor_id", "failed", failing_rows=1, id=f"x{i}")
        for i in range(3)
    ]
    root = ET.fromstring(to_xml(Results(checks=twins)))
    assert [c.get("name") for c in root.iter("testcase")] == [
        "fk-missing[source_actor_id]",
        "fk-missing[source_actor_id]#2",
        "fk-missing[source_actor_id]#3",
    ]


def test_hostile_text_stays_well_formed(tmp_path: Path) -> None:
    nasty = HOSTILE + "\x00\x07\x1b[31m\ud800 ]]> <![CDATA[ x"
    c = check(
        "span-mismatch",
        'mentions"<&>',
        "text",
        "failed",
        failing_rows=1,
        sample=[{"doc_id": "d1", "text": nasty}],
        message=nasty,
    )
    path = write_junit(Results(checks=[c]), tmp_path / "junit.xml")
    root = _parse(path)  # raises if the file is not well formed
    case = next(root.iter("testcase"))
    assert case.get("classname") == 'newsframe.mentions"<&>'
    failure = case.find("failure")
    assert failure is not None
    assert '<script>alert("pwned")</script>' in (failure.get("message") or "")
    assert "\x00" not in (failure.text or "") and "\ufffd" in (failure.text or "")
    raw = path.read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw


def test_empty_results_is_a_valid_document(tmp_path: Path) -> None:
    root = _parse(write_junit(Results(), tmp_path / "junit.xml"))
    assert root.tag == "testsuites" and root.get("tests") == "0" and not list(root.iter("testsuite"))


def test_strict_schema_attributes(results: Results) -> None:
    results.run["validation_seconds"] = {"pandera": 0.4, "total": 1.25}
    root = ET.fromstring(to_xml(results))
    assert root.get("time") == "1.250"
    for suite in root.iter("testsuite"):
        for attr in ("name", "tests", "failures", "errors", "skipped", "time", "timestamp", "hostname"):
            assert suite.get(attr), attr
        for case in suite.iter("testcase"):
            assert case.get("name") and case.get("classname") and case.get("time") == "0"
