"""reject-rate: a user can gate on the share of rejected inputs (an ODCS threshold in percent), off by default."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from newsframe.cli import main

RULE = """  quality:
  - name: few-rejects
    type: custom
    engine: newsframe
    implementation: reject-rate
    description: Fewer than 10% of the inputs are rejected.
    severity: error
    customProperties:
    - property: mustBeLessThan
      value: 10
    - property: unit
      value: percent
"""


def _inputs(folder: Path, *, good: int, bad: int) -> Path:
    folder.mkdir()
    lines = [
        json.dumps({"id": f"g{i}", "text": f"Joe Biden met Xi Jinping on day {i}."}) for i in range(good)
    ]
    lines += ["{not json"] * bad
    (folder / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def contracts(tmp_path: Path) -> Path:
    folder = tmp_path / "contracts"
    shutil.copytree(ROOT / "contracts", folder, ignore=shutil.ignore_patterns("released", "examples", "gx"))
    path = folder / "rejects.odcs.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "  customProperties:\n  - property: strict"
    assert anchor in text
    path.write_text(text.replace(anchor, RULE + anchor, 1), encoding="utf-8")
    return folder


def test_eight_of_nine_rejected_fails_the_gate_only_when_declared(tmp_path: Path, contracts: Path) -> None:
    inputs = _inputs(tmp_path / "in", good=1, bad=8)
    common = ["run", str(inputs), "--engine", "rules", "--workers", "1", "-q"]
    assert main([*common, "--out", str(tmp_path / "o1")]) == 0  # off by default: the built-in contracts pass
    assert main([*common, "--out", str(tmp_path / "o2"), "--contracts", str(contracts)]) == 1
    results = json.loads((tmp_path / "o2" / "results.json").read_text(encoding="utf-8"))
    (check,) = [c for c in results["checks"] if c["slug"] == "reject-rate"]
    assert check["status"] == "failed" and check["failing_rows"] == 8 and check["total_rows"] == 9
    assert "threshold: failing rows < 10 percent" in check["message"]


def test_a_few_rejects_within_the_threshold_pass(tmp_path: Path, contracts: Path) -> None:
    inputs = _inputs(tmp_path / "in", good=19, bad=1)
    assert (
        main(
            [
                "run",
                str(inputs),
                "--engine",
                "rules",
                "--workers",
                "1",
                "-q",
                "--out",
                str(tmp_path / "o"),
                "--contracts",
                str(contracts),
            ]
        )
        == 0
    )
    results = json.loads((tmp_path / "o" / "results.json").read_text(encoding="utf-8"))
    (check,) = [c for c in results["checks"] if c["slug"] == "reject-rate"]
    assert (
        check["status"] == "passed" and check["failing_rows"] == 1 and check["metrics"]["reject_rate"] == 0.05
    )
