"""The GDELT 2.0 example contract on the real sample in ../shared (skipped when absent), and on planted faults."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from conftest import shared_path
from newsframe.cli import main
from newsframe.results import Results
from newsframe.tableio import read_tables
from newsframe.validation import validate

EXAMPLES = Path(__file__).resolve().parents[2] / "contracts" / "examples"


@pytest.fixture(scope="module")
def sample() -> pl.DataFrame:
    folder = shared_path("corpora", "gdelt_sample")
    return read_tables(folder)["gdelt2_events_sample"]


def _failed(results: Results) -> dict[str, tuple[int, list[dict[str, object]]]]:
    return {c.id: (c.failing_rows, c.sample) for c in results.checks if c.failed}


def test_sample_findings_are_the_known_ones(sample: pl.DataFrame) -> None:
    results = validate({"gdelt2_events_sample": sample}, contracts_dir=EXAMPLES)
    assert {c.table for c in results.checks} == {"gdelt_events"}
    failed = _failed(results)
    assert {k: v[0] for k, v in failed.items()} == {
        # a few codes carry other Goldstein scores than the CAMEO table (016: -2.0 vs 3.4, 124, 022, 166)
        "gdelt_events.GoldsteinScale.reference-mismatch": 28,
        # codes outside our 280-code CAMEO table (0253, 1014, 1031, 116, 1241, 129): a warning
        "gdelt_events.EventCode.enum-value": 21,
    }
    statuses = {c.id: c.status for c in results.checks}
    assert statuses["gdelt_events.EventCode.enum-value"] == "warning"
    assert statuses["gdelt_events.GoldsteinScale.reference-mismatch"] == "failed"
    passed = {c.id for c in results.checks if c.status == "passed"}
    # QuadClass follows GDELT's convention (roots 06-09 material cooperation, 10-14 verbal conflict): every row agrees
    assert "gdelt_events.QuadClass.reference-mismatch" in passed
    for rule in (
        "EventRootCode.prefix-mismatch",
        "EventBaseCode.prefix-mismatch",
        "GLOBALEVENTID.key-duplicate",
        "GoldsteinScale.out-of-range",
        "ActionGeo_Lat+ActionGeo_Long.null-island",
        "ActionGeo_Lat.out-of-range",
        "EventCode.pattern-mismatch",
    ):
        assert f"gdelt_events.{rule}" in passed


def test_codes_are_read_as_text_with_leading_zeros(sample: pl.DataFrame) -> None:
    assert sample.schema["EventCode"] == pl.String
    assert sample["EventCode"].str.starts_with("0").sum() > 1000
    assert sample["EventRootCode"].str.len_chars().unique().to_list() == [2]


def test_planted_faults_are_found(sample: pl.DataFrame) -> None:
    head = sample.head(50)
    row = pl.int_range(pl.len())
    faulty = head.with_columns(
        pl.when(row == 0).then(pl.lit("05")).otherwise("EventRootCode").alias("EventRootCode"),
        pl.when(row == 1).then(pl.lit("999")).otherwise("EventBaseCode").alias("EventBaseCode"),
        pl.when(row == 2).then(pl.lit("4")).otherwise("QuadClass").alias("QuadClass"),
        pl.when(row == 3).then(pl.lit("11.5")).otherwise("GoldsteinScale").alias("GoldsteinScale"),
        pl.when(row.is_in([4, 5])).then(pl.lit("0")).otherwise("ActionGeo_Lat").alias("ActionGeo_Lat"),
        pl.when(row.is_in([4, 5])).then(pl.lit("0")).otherwise("ActionGeo_Long").alias("ActionGeo_Long"),
        pl.when(row == 6).then(pl.lit("95.0")).otherwise("Actor1Geo_Lat").alias("Actor1Geo_Lat"),
        pl.when(row == 7).then(pl.lit("40")).otherwise("EventCode").alias("EventCode"),
        pl.when(row == 8)
        .then(pl.col("GLOBALEVENTID").shift(1))
        .otherwise("GLOBALEVENTID")
        .alias("GLOBALEVENTID"),
    )
    failed = _failed(validate({"gdelt_events": faulty}, contracts_dir=EXAMPLES))
    rows = {k: sorted(s["row"] for s in v[1]) for k, v in failed.items()}
    assert rows["gdelt_events.EventRootCode.prefix-mismatch"] == [0, 7]
    assert rows["gdelt_events.EventBaseCode.prefix-mismatch"] == [1, 7]
    assert 2 in rows["gdelt_events.QuadClass.reference-mismatch"]
    assert rows["gdelt_events.GoldsteinScale.out-of-range"] == [3]
    assert 3 in rows["gdelt_events.GoldsteinScale.reference-mismatch"]
    assert rows["gdelt_events.ActionGeo_Lat+ActionGeo_Long.null-island"] == [4, 5]
    assert rows["gdelt_events.Actor1Geo_Lat.out-of-range"] == [6]
    assert rows["gdelt_events.EventCode.pattern-mismatch"] == [7]  # the lost leading zero
    assert rows["gdelt_events.GLOBALEVENTID.key-duplicate"] == [7, 8]


def test_cli_validates_the_shared_folder(capsys: pytest.CaptureFixture[str]) -> None:
    folder = shared_path("corpora", "gdelt_sample")
    assert main(["validate", str(folder), "--contracts", str(EXAMPLES)]) == 1
    out = capsys.readouterr().out
    assert "reference-mismatch" in out and "gdelt_events.GoldsteinScale" in out
    assert "gdelt_events.QuadClass" not in out
    assert main(["validate", str(folder), "--contracts", str(EXAMPLES), "--fail-on", "never", "-q"]) == 0
