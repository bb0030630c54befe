"""ODCS interoperability: our contracts in datacontract-cli 1.2.8 (`make interop`), and the forms that make it work."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

import newsframe
from newsframe.assets import asset_dir
from newsframe.contracts.dtypes import parse_physical_type
from newsframe.contracts.interop import bundle, codebook_values, write_bundle

CONTRACTS = asset_dir("contracts")
ROOT = CONTRACTS.parent
SQL_TYPES = {"string", "varchar", "bigint", "int64", "double", "date", "boolean", "timestamp", "list"}
"""physicalType spellings that DuckDB (datacontract test), Spark and datacontract-cli all read."""


EXAMPLES = CONTRACTS / "examples"


def _docs() -> dict[str, dict[str, Any]]:
    """The built-in contracts and the example ones (GDELT), by file name: all held to standard ODCS."""
    paths = [*sorted(CONTRACTS.glob("*.odcs.yaml")), *sorted(EXAMPLES.glob("*.odcs.yaml"))]
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in paths}


CODE_LISTS = [
    ("events", "event_type", "plover_codebook.csv", "event_type"),
    ("actors", "sector", "cameo_sectors.csv", "sector"),
    ("gdelt_events", "EventCode", "cameo_codes.csv", "code"),
]


@pytest.mark.parametrize(("table", "column", "csv", "csv_column"), CODE_LISTS)
def test_code_lists_are_standard_lists_equal_to_their_reference(
    table: str, column: str, csv: str, csv_column: str
) -> None:
    """validValues (standard ODCS) is generated from seeds/reference/<csv>; they must not drift.

    When this fails, paste the printed list into contracts/[examples/]<table>.odcs.yaml (and bump its version).
    """
    doc = _docs()[f"{table}.odcs.yaml"]
    folder = EXAMPLES if (EXAMPLES / f"{table}.odcs.yaml").is_file() else None
    prop = next(p for p in doc["schema"][0]["properties"] if p["name"] == column)
    (rule,) = [q for q in prop["quality"] if q.get("metric") == "invalidValues"]
    expected = codebook_values(ROOT / "seeds" / "reference" / csv, column=csv_column)
    block = "\n".join(f"        - {v!r}" if v.isdigit() else f"        - {v}" for v in expected)
    assert rule["arguments"] == {"validValues": expected}, f"regenerate:\n        validValues:\n{block}"
    rules = newsframe.contract(table, contracts=folder).rules
    (compiled,) = [r for r in rules if r.id == f"{table}.{column}.enum-value"]
    assert list(compiled.params["values"]) == expected


def test_no_contract_uses_non_standard_arguments() -> None:
    for name, doc in _docs().items():
        text = json.dumps(doc)
        assert "validValuesRef" not in text, f"{name}: validValuesRef is not ODCS; use validValues"


def test_physical_types_are_sql_types_that_keep_our_polars_dtypes() -> None:
    for name, doc in _docs().items():
        for prop in doc["schema"][0]["properties"]:
            physical = str(prop.get("physicalType", ""))
            base = physical.split("(")[0].lower()
            assert base in SQL_TYPES, (
                f"{name}: {prop['name']}: physicalType {physical!r} is not read by DuckDB/Spark"
            )
            parse_physical_type(
                physical
            )  # and newsframe reads it (tests/contracts/test_tables_agree.py: the dtype)
    assert newsframe.contract("events").columns["quantity"].dtype == pl.Float64
    assert newsframe.contract("document_topics").columns["score"].dtype == pl.Float64
    gdelt = newsframe.contract("gdelt_events", contracts=EXAMPLES).columns
    assert gdelt["AvgTone"].dtype == pl.Float64 and gdelt["EventCode"].dtype == pl.String


def test_bundle_holds_every_table_and_its_relationships(tmp_path: Path) -> None:
    doc = bundle(tables=tmp_path)
    names = [s["name"] for s in doc["schema"]]
    assert names == sorted(newsframe.contracts())
    assert doc["servers"] == [
        {
            "server": "local",
            "type": "local",
            "path": f"{tmp_path.resolve()}/{{model}}.parquet",
            "format": "parquet",
        }
    ]
    versions = {p["property"]: p["value"] for p in doc["customProperties"]}
    assert versions["version.events"] == newsframe.contract("events").version
    relations = [r for s in doc["schema"] for p in s["properties"] for r in p.get("relationships", [])]
    assert {"type": "foreignKey", "to": "actors.actor_id"} in relations


# ------------------------------------------------------------------------------------------ datacontract-cli


def _datacontract() -> str:
    found = shutil.which("datacontract") or str(ROOT / ".venv-interop" / "bin" / "datacontract")
    if not Path(found).is_file():
        pytest.skip("datacontract-cli is not installed (make interop)")
    return found


def _run(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATACONTRACT_CLI_TELEMETRY": "off", "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def clean_tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tables")
    newsframe.extract(ROOT / "seeds" / "documents", engine="rules").write(out)
    return out


def test_datacontract_lint_passes_without_warnings(tmp_path: Path) -> None:
    """The bundle holds every table's schema; events.odcs.yaml is the one that used to warn (validValuesRef)."""
    exe = _datacontract()
    paths = [write_bundle(tmp_path / "newsframe.odcs.yaml"), CONTRACTS / "events.odcs.yaml"]
    for path in [*paths, EXAMPLES / "gdelt_events.odcs.yaml"]:  # GDELT used to warn too (validValuesRef)
        done = _run(exe, "lint", str(path), cwd=tmp_path)
        assert done.returncode == 0, f"{path.name}:\n{done.stdout}\n{done.stderr}"
        assert "warning" not in done.stdout.lower(), f"{path.name}:\n{done.stdout}"


def _test(exe: str, contract: Path, cwd: Path) -> dict[str, Any]:
    report = cwd / f"{contract.stem}.json"
    done = _run(exe, "test", str(contract), "--output-format", "json", "--output", str(report), cwd=cwd)
    assert report.is_file(), done.stdout + done.stderr
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    data["returncode"] = done.returncode
    return data


def test_datacontract_test_passes_our_tables_and_checks_the_foreign_keys(
    tmp_path: Path, clean_tables: Path
) -> None:
    exe = _datacontract()
    contract = write_bundle(tmp_path / "newsframe.odcs.yaml", tables=clean_tables)
    data = _test(exe, contract, tmp_path)
    checks = data["checks"]
    bad = [
        (c["key"], c["result"], c.get("reason")) for c in checks if c["result"] not in ("passed", "warning")
    ]
    assert data["returncode"] == 0 and not bad, bad
    # the only warnings are datacontract-cli's own limitation on Parquet types
    assert {c["type"] for c in checks if c["result"] == "warning"} <= {"field_type"}
    relations = [c for c in checks if c["type"] == "field_relationships"]
    expected = sum(
        1 for r in (r for c in newsframe.contracts().values() for r in c.rules) if r.slug == "fk-missing"
    )
    assert len(relations) == expected and all(c["result"] == "passed" for c in relations)
    assert any(c["type"] == "field_invalid_values" and c["model"] == "events" for c in checks)  # the codebook


@pytest.mark.slow
def test_datacontract_test_catches_a_broken_foreign_key_and_an_unknown_event_type(
    tmp_path: Path, clean_tables: Path
) -> None:
    exe = _datacontract()
    broken = tmp_path / "tables"
    shutil.copytree(clean_tables, broken)
    events = pl.read_parquet(broken / "events.parquet")
    first = events["event_id"][0]
    events.with_columns(
        pl.when(pl.col("event_id") == first)
        .then(pl.lit("nobody"))
        .otherwise("source_actor_id")
        .alias("source_actor_id"),
        pl.when(pl.col("event_id") == first)
        .then(pl.lit("DEMAND"))
        .otherwise("event_type")
        .alias("event_type"),
    ).write_parquet(broken / "events.parquet")
    data = _test(exe, write_bundle(tmp_path / "newsframe.odcs.yaml", tables=broken), tmp_path)
    failed = {c["key"] for c in data["checks"] if c["result"] == "failed"}
    assert data["returncode"] == 1
    assert any("source_actor_id" in k and "relationship" in k for k in failed), failed
    assert any("event_type" in k and "invalid" in k for k in failed), failed


@pytest.mark.slow
def test_datacontract_test_runs_one_table_contract_too(tmp_path: Path, clean_tables: Path) -> None:
    """events.odcs.yaml alone (the number column used to break the SQL): passes, relationships aside."""
    exe = _datacontract()
    doc = yaml.safe_load((CONTRACTS / "events.odcs.yaml").read_text(encoding="utf-8"))
    doc["servers"] = [
        {
            "server": "local",
            "type": "local",
            "path": str(clean_tables / "events.parquet"),
            "format": "parquet",
        }
    ]
    contract = tmp_path / "events.odcs.yaml"
    contract.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    data = _test(exe, contract, tmp_path)
    assert data["returncode"] == 0, [
        (c["key"], c["result"]) for c in data["checks"] if c["result"] == "failed"
    ]
    assert not [c for c in data["checks"] if c["result"] in ("failed", "error")]


def test_cli_bundle(tmp_path: Path) -> None:
    from newsframe.cli import main

    out = tmp_path / "b" / "newsframe.odcs.yaml"
    assert main(["contracts", "bundle", "--out", str(out), "--tables", str(tmp_path), "--format", "csv"]) == 0
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["servers"][0]["path"].endswith("/{model}.csv") and len(doc["schema"]) == len(
        newsframe.contracts()
    )


@pytest.mark.slow
def test_datacontract_test_on_the_gdelt_sample_finds_what_newsframe_finds(tmp_path: Path) -> None:
    """The GDELT example contract, standard ODCS now, on the real sample (../shared): datacontract-cli runs
    every check (Float64 columns used to break its SQL) and warns on the 21 rows newsframe warns on."""
    from conftest import shared_path

    exe = _datacontract()
    sample = shared_path("corpora", "gdelt_sample", "gdelt2_events_sample.csv")
    doc = yaml.safe_load((EXAMPLES / "gdelt_events.odcs.yaml").read_text(encoding="utf-8"))
    doc["servers"] = [{"server": "local", "type": "local", "path": str(sample), "format": "csv"}]
    contract = tmp_path / "gdelt_events.odcs.yaml"
    contract.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    data = _test(exe, contract, tmp_path)
    not_passed = {c["key"]: c["result"] for c in data["checks"] if c["result"] != "passed"}
    assert data["returncode"] == 0 and not_passed == {
        "gdelt_events__EventCode__field_invalid_values": "warning"
    }, not_passed
    assert len(data["checks"]) > 100
    ours = newsframe.validate(
        {"gdelt2_events_sample": pl.read_csv(sample, infer_schema=False)}, contracts=EXAMPLES
    )
    assert ours.check("gdelt_events.EventCode.enum-value").failing_rows == 21
