"""ODCS thresholds (``mustBe``, ``mustBeLessThan``... with ``unit``): a rule fails only past its threshold,
on every engine and for the factual checks; and the contract is the source of truth for a factual check's
dimension, severity and description."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

from newsframe.assets import asset_dir
from newsframe.contracts import lint, load_contracts
from newsframe.contracts.engines import get_engine
from newsframe.contracts.kinds import ZERO_FAILURES, Threshold
from newsframe.validation import validate

from .tablesets import build_tables

pytestmark = pytest.mark.xdist_group("gx")

CONTRACT = """\
apiVersion: v3.2.0
kind: DataContract
id: threshold-things
name: things
version: 1.0.0
status: active
schema:
- name: things
  physicalType: table
  properties:
  - name: thing_id
    logicalType: string
    physicalType: String
  - name: name
    logicalType: string
    physicalType: String
    quality:
    - {type: library, metric: nullValues, mustBeLessOrEqualTo: 1}
  - name: colour
    logicalType: string
    physicalType: String
    quality:
    - type: library
      metric: invalidValues
      arguments: {validValues: [red, blue]}
      mustBeLessThan: 30
      unit: percent
  - name: start
    logicalType: integer
    physicalType: Int64
  - name: end
    logicalType: integer
    physicalType: Int64
  quality:
  - type: custom
    engine: newsframe
    implementation: pair-order
    customProperties: [{property: lesser, value: start}, {property: greater, value: end}]
"""


@pytest.fixture(scope="module")
def things(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("thresholds")
    (folder / "things.odcs.yaml").write_text(CONTRACT, encoding="utf-8")
    return folder


def _frame(nulls: int, bad_colours: int, bad_orders: int) -> pl.DataFrame:
    n = 10
    return pl.DataFrame(
        {
            "thing_id": [f"t{i}" for i in range(n)],
            "name": [None if i < nulls else f"n{i}" for i in range(n)],
            "colour": ["green" if i < bad_colours else "red" for i in range(n)],
            "start": list(range(n)),
            "end": [i - 1 if i < bad_orders else i + 1 for i in range(n)],
        }
    )


def test_thresholds_are_read_from_the_contract(things: Path) -> None:
    rules = {r.slug: r for r in load_contracts(things)["things"].rules}
    assert rules["not-null"].threshold == Threshold("mustBeLessOrEqualTo", 1.0, "rows")
    assert rules["enum-value"].threshold == Threshold("mustBeLessThan", 30.0, "percent")
    assert rules["pair-order"].threshold == ZERO_FAILURES


@pytest.mark.parametrize("engine", ["polars", "pandera", "gx"])
def test_every_engine_fails_a_rule_only_past_its_threshold(things: Path, engine: str) -> None:
    contracts = load_contracts(things)
    run = get_engine(engine)

    def statuses(frame: pl.DataFrame) -> dict[str, str]:
        results = run.run(contracts, {"things": frame}, sample_size=5)
        return {r.slug: r.status for r in results if r.slug in ("not-null", "enum-value", "pair-order")}

    within = statuses(_frame(nulls=1, bad_colours=2, bad_orders=0))
    assert within == {"not-null": "passed", "enum-value": "passed", "pair-order": "passed"}
    past = statuses(_frame(nulls=2, bad_colours=3, bad_orders=1))
    assert past == {"not-null": "failed", "enum-value": "failed", "pair-order": "failed"}


def test_a_result_within_its_threshold_keeps_its_failing_rows(things: Path) -> None:
    results = get_engine("polars").run(load_contracts(things), {"things": _frame(1, 0, 0)}, sample_size=5)
    nulls = next(r for r in results if r.slug == "not-null")
    assert (nulls.status, nulls.failing_rows, nulls.sample[0]["row"]) == ("passed", 1, 0)
    assert "within the threshold (failing rows <= 1)" in nulls.message


@pytest.mark.parametrize(
    ("props", "reason"),
    [
        ({"mustBeLessThan": 1, "mustBe": 0}, "give one threshold operator, not mustBe, mustBeLessThan"),
        ({"mustBeLessThan": 1, "unit": "bytes"}, "threshold unit must be 'rows' or 'percent', not 'bytes'"),
        ({"mustBeLessThan": "many"}, "mustBeLessThan needs a number, not 'many'"),
        ({"mustBeBetween": [1]}, "mustBeBetween needs a pair of numbers"),
    ],
)
def test_a_bad_threshold_on_a_custom_rule_is_a_lint_problem_naming_the_field(
    tmp_path: Path, props: dict[str, Any], reason: str
) -> None:
    doc = yaml.safe_load(CONTRACT)
    item = doc["schema"][0]["quality"][0]
    item["customProperties"] += [{"property": k, "value": v} for k, v in props.items()]
    (tmp_path / "things.odcs.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    problems = lint(tmp_path)
    assert len(problems) == 1, problems
    assert "schema[0].quality[0].customProperties" in problems[0] and reason in problems[0], problems


def test_a_custom_rules_threshold_comes_from_its_custom_properties(tmp_path: Path) -> None:
    doc = yaml.safe_load(CONTRACT)
    doc["schema"][0]["quality"][0]["customProperties"] += [
        {"property": "mustBeLessOrEqualTo", "value": 2},
    ]
    (tmp_path / "things.odcs.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    rule = next(r for r in load_contracts(tmp_path)["things"].rules if r.slug == "pair-order")
    assert rule.threshold == Threshold("mustBeLessOrEqualTo", 2.0, "rows")
    assert set(rule.params) == {"lesser", "greater"}
    results = get_engine("pandera").run(load_contracts(tmp_path), {"things": _frame(0, 0, 2)}, sample_size=5)
    assert next(r for r in results if r.slug == "pair-order").status == "passed"


def test_a_library_threshold_the_odcs_schema_rejects_is_a_lint_problem(tmp_path: Path) -> None:
    doc = yaml.safe_load(CONTRACT)
    doc["schema"][0]["properties"][1]["quality"][0]["mustBe"] = 0  # two operators
    (tmp_path / "things.odcs.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    problems = lint(tmp_path)
    assert problems and all("schema[0].properties[1].quality[0]" in p for p in problems), problems


def _edited_contracts(tmp_path: Path, **changes: Any) -> Path:
    """The built-in contracts, with the mentions contract's span-mismatch item changed."""
    folder = tmp_path / "contracts"
    shutil.copytree(asset_dir("contracts"), folder)
    path = folder / "mentions.odcs.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    item = next(q for q in doc["schema"][0]["quality"] if q.get("implementation") == "span-mismatch")
    props = {k: v for k, v in changes.items() if k.startswith("must")}
    item.update({k: v for k, v in changes.items() if k not in props})
    item.setdefault("customProperties", []).extend({"property": k, "value": v} for k, v in props.items())
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return folder


def _shift_mentions(tables: dict[str, pl.DataFrame], n: int) -> dict[str, pl.DataFrame]:
    shifted = pl.int_range(pl.len()) < n
    mentions = tables["mentions"].with_columns(
        pl.when(shifted).then(pl.col(c) + 1).otherwise(pl.col(c)).alias(c) for c in ("start", "end")
    )
    return {**tables, "mentions": mentions}


def test_a_factual_check_fails_only_past_its_threshold(tmp_path: Path) -> None:
    folder = _edited_contracts(tmp_path, mustBeLessOrEqualTo=1)
    tables = build_tables()
    one = {c.id: c for c in validate(_shift_mentions(tables, 1), contracts_dir=folder).checks}
    two = {c.id: c for c in validate(_shift_mentions(tables, 2), contracts_dir=folder).checks}
    assert one["mentions.text.span-mismatch"].status == "passed"
    assert one["mentions.text.span-mismatch"].failing_rows == 1
    assert two["mentions.text.span-mismatch"].status == "failed"
    assert two["mentions.text.span-mismatch"].failing_rows == 2


EDITED = "Mention offsets point at the mention's own words (edited in the YAML)."


def test_the_contract_sets_a_factual_checks_dimension_severity_and_description_on_every_engine(
    tmp_path: Path,
) -> None:
    folder = _edited_contracts(tmp_path, dimension="consistency", severity="warning", description=EDITED)
    results = validate(_shift_mentions(build_tables(), 1), contracts_dir=folder, gx=True)
    by_id = {c.id: c for c in results.checks}
    for rid in ("mentions.text.span-mismatch", "mentions.text.span-mismatch@gx"):
        check = by_id[rid]
        assert (check.dimension, check.severity, check.status) == ("consistency", "warning", "warning"), rid
        assert check.rule == EDITED, rid
    # the default contracts say accuracy and error
    default = {c.id: c for c in validate(_shift_mentions(build_tables(), 1)).checks}
    assert (
        default["mentions.text.span-mismatch"].dimension,
        default["mentions.text.span-mismatch"].status,
    ) == (
        "accuracy",
        "failed",
    )


def test_an_edited_description_shows_in_the_results_and_every_report(tmp_path: Path) -> None:
    """The contract, not the check registry, says what a factual check is: results.json, JUnit and HTML."""
    from newsframe.api import Results
    from newsframe.report import html, junit

    folder = _edited_contracts(tmp_path, description=EDITED)
    tables = _shift_mentions(build_tables(), 1)
    results = validate(tables, contracts_dir=folder)
    check = next(c for c in results.checks if c.id == "mentions.text.span-mismatch")
    assert (check.rule, check.status) == (EDITED, "failed")
    doc = Results.from_dict(results.to_dict())
    assert next(c for c in doc.checks if c.id == check.id).rule == EDITED
    assert EDITED in junit.to_xml(results)
    assert EDITED.replace("'", "&#x27;") in html.render_html(results, tables)
    # without the edit, the built-in contract's own description (not the registry's words) is shown
    default = next(c for c in validate(tables).checks if c.id == "mentions.text.span-mismatch")
    mentions = yaml.safe_load((asset_dir("contracts") / "mentions.odcs.yaml").read_text(encoding="utf-8"))
    item = next(q for q in mentions["schema"][0]["quality"] if q.get("implementation") == "span-mismatch")
    assert default.rule == item["description"] != EDITED
