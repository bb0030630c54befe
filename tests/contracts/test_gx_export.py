"""Exported GX suites (contracts/gx, contracts/examples/gx): stable, id-free, and a test fails on drift."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsframe.cli import main
from newsframe.contracts import export_gx

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "folder", [ROOT / "contracts", ROOT / "contracts" / "examples"], ids=["v1", "examples"]
)
def test_exported_suites_match_the_contracts(folder: Path) -> None:
    written, drift = export_gx(folder, check=True)
    assert drift == [], (
        "run `newsframe contracts export` (and for examples: `newsframe contracts export contracts/examples`)"
    )
    assert {p.name for p in written} == {
        p.name.replace(".odcs.yaml", ".json") for p in folder.glob("*.odcs.yaml")
    }


def test_suites_are_stable_and_carry_no_ids(tmp_path: Path) -> None:
    first, _ = export_gx(None, out=tmp_path / "a")
    second, _ = export_gx(None, out=tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
        assert '"id"' not in a.read_text()
        suite = json.loads(a.read_text())
        assert suite["name"] == f"newsframe.{a.stem}" and suite["expectations"]


def test_drift_is_detected_and_fixed_by_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "contracts"
    shutil.copytree(ROOT / "contracts", folder, ignore=shutil.ignore_patterns("examples"))
    assert main(["contracts", "export", str(folder), "--check"]) == 0
    path = folder / "topics.odcs.yaml"
    path.write_text(path.read_text().replace("minLength: 1", "minLength: 2"))
    (folder / "gx" / "retired.json").write_text("{}\n")
    _, drift = export_gx(folder, check=True)
    assert [p.name for p in drift] == ["topics.json", "retired.json"]
    assert main(["contracts", "export", str(folder), "--check"]) == 1
    assert "topics.json: out of date with its contract" in capsys.readouterr().err
    assert main(["contracts", "export", str(folder)]) == 0
    suite = json.loads((folder / "gx" / "topics.json").read_text())
    lengths = [
        e["kwargs"] for e in suite["expectations"] if e["type"] == "expect_column_value_lengths_to_be_between"
    ]
    assert lengths == [{"column": "label", "min_value": 2}]
