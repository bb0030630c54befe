"""Loading and linting contracts: ODCS v3 schema, the ODCS model, newsframe's own rules; clear errors."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsframe.cli import main
from newsframe.contracts import lint, load_contracts, parse_contract
from newsframe.errors import ContractError

BUILTIN = Path(__file__).resolve().parents[2] / "contracts"


def _copy(tmp_path: Path) -> Path:
    out = tmp_path / "contracts"
    out.mkdir()
    for p in BUILTIN.glob("*.odcs.yaml"):
        shutil.copy(p, out / p.name)
    return out


def _edit(folder: Path, table: str, change: Callable[[dict[str, Any]], None]) -> Path:
    path = folder / f"{table}.odcs.yaml"
    doc = yaml.safe_load(path.read_text())
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def test_builtin_and_example_contracts_lint_clean() -> None:
    assert lint() == []
    assert lint(BUILTIN / "examples") == []
    assert main(["contracts", "lint"]) == 0


def _props(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return doc["schema"][0]["properties"]


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        (
            lambda d: _props(d)[1].update(logicalType="strng"),
            "schema[0].properties[1].logicalType",
            "is not one of",
        ),
        (lambda d: d.pop("apiVersion"), "", "'apiVersion' is a required property"),
        (
            lambda d: d["schema"][0]["quality"][0].update(window=3),
            "schema[0].quality[0]",
            "'window' was unexpected",
        ),
        (
            lambda d: _props(d)[2].update(physicalType="Int65"),
            "schema[0].properties[2].physicalType",
            "unknown physicalType",
        ),
        (
            lambda d: _props(d)[1]["relationships"][0].update(to="documents.nope"),
            "events.doc_id.fk-missing",
            "unknown column documents.nope",
        ),
        (
            lambda d: d["schema"][0]["quality"][0]["customProperties"].pop(0),
            "schema[0].quality[0].customProperties",
            "pair-order needs parameter(s) lesser",
        ),
        (
            lambda d: d["schema"][0]["quality"][3].update(implementation="no-such-check"),
            "events.*.no-such-check",
            "unknown check",
        ),
        (
            lambda d: _props(d)[0].setdefault("logicalTypeOptions", {}).update(pattern="^[A-Z{3}$"),
            "schema[0].properties[0].logicalTypeOptions.pattern",
            "not a valid regular expression",
        ),
        (
            lambda d: _props(d)[3]["quality"][0].update(
                arguments={"validValuesRef": "seeds/reference/plover_codebook.csv#nope"}
            ),
            "schema[0].properties[3].quality[0].arguments.validValuesRef",
            "has no column 'nope'",
        ),
    ],
)
def test_bad_contract_names_file_and_field(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], field: str, reason: str
) -> None:
    folder = _copy(tmp_path)
    path = _edit(folder, "events", change)
    problems = lint(folder)
    assert problems, "the fault must be found"
    assert any(p.startswith(f"{path}: {field or '<root>'}: ") and reason in p for p in problems), problems
    with pytest.raises(ContractError) as exc:
        load_contracts(folder)
    assert exc.value.path == str(path)
    assert exc.value.exit_code == 2


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "topics.odcs.yaml"
    path.write_text(path.read_text() + "\n  bad: [unclosed\n")
    problems = lint(folder)
    assert any(p.startswith(f"{path}: line ") and "not valid YAML" in p for p in problems), problems


def test_cli_lint_exit_2_on_bad_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "topics", lambda d: _props(d)[0].update(required="yes"))
    assert main(["contracts", "lint", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "topics.odcs.yaml: schema[0].properties[0].required: 'yes' is not of type 'boolean'" in err


def test_missing_or_empty_folder_is_a_contract_error(tmp_path: Path) -> None:
    with pytest.raises(ContractError, match="contracts folder not found"):
        load_contracts(tmp_path / "nope")
    with pytest.raises(ContractError, match=r"no \*\.odcs\.yaml"):
        load_contracts(tmp_path)
    assert lint(tmp_path) and "no *.odcs.yaml" in lint(tmp_path)[0]


def test_parse_reads_keys_rules_and_file_patterns() -> None:
    gdelt = parse_contract(BUILTIN / "examples" / "gdelt_events.odcs.yaml")
    assert gdelt.key == ("GLOBALEVENTID",)
    assert gdelt.strict
    assert gdelt.matches("gdelt2_events_sample") and not gdelt.matches("events")
    slugs = [r.slug for r in gdelt.rules if r.kind == "frame"]
    assert slugs.count("prefix-mismatch") == 2 and slugs.count("reference-mismatch") == 2
    assert slugs.count("null-island") == 3
    docs = parse_contract(BUILTIN / "documents.odcs.yaml")
    assert docs.required_table and not docs.strict


def test_a_changed_codebook_is_picked_up(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "codes.csv").write_text("code\n01\n02\n")
    (folder / "t.odcs.yaml").write_text(
        "apiVersion: v3.2.0\nkind: DataContract\nid: t\nversion: 1.0.0\n"
        "schema:\n- name: t\n  properties:\n  - name: code\n    logicalType: string\n    quality:\n"
        "    - {type: library, metric: invalidValues, mustBe: 0, arguments: {validValuesRef: codes.csv#code}}\n"
    )
    (rule,) = [r for r in load_contracts(folder)["t"].rules if r.slug == "enum-value"]
    assert rule.params["values"] == ("01", "02")
    (folder / "codes.csv").write_text("code\n01\n02\n03\n")
    (rule,) = [r for r in load_contracts(folder)["t"].rules if r.slug == "enum-value"]
    assert rule.params["values"] == ("01", "02", "03")
