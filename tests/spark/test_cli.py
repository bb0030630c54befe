"""``newsframe validate DIR --spark``: the same gate, exit code and results document as without it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from contracts.tablesets import build_tables
from newsframe.cli import main

from .parity import set_row


def _write(tables: dict[str, Any], folder: Path) -> Path:
    folder.mkdir()
    for name, frame in tables.items():
        frame.write_parquet(folder / f"{name}.parquet")
    return folder


def test_validate_spark_gate(spark: Any, tmp_path: Path) -> None:
    tables = build_tables()
    tables["events"] = set_row(tables["events"], 0, source_actor_id="x")
    folder = _write(tables, tmp_path / "t")
    out = tmp_path / "results.json"
    code = main(["validate", str(folder), "--spark", "--json", str(out), "--quiet"])
    assert code == 1
    doc = json.loads(out.read_text())
    assert doc["run"]["validation_engine"] == "spark"
    failed = {c["id"] for c in doc["checks"] if c["status"] == "failed"}
    assert "events.source_actor_id.fk-missing" in failed


def test_gx_docs_with_spark_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _write(build_tables(), tmp_path / "t")
    assert main(["validate", str(folder), "--spark", "--gx-docs", str(tmp_path / "docs")]) == 2
    assert "--gx-docs" in capsys.readouterr().err


def test_spark_missing_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsframe.spark import session

    monkeypatch.setattr(session, "spark_missing", lambda: "pyspark is not installed: install the extra")
    folder = _write(build_tables(), tmp_path / "t")
    assert main(["validate", str(folder), "--spark-master", "local[1]"]) == 2
    assert "pyspark is not installed" in capsys.readouterr().err
