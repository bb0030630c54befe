"""GX on its Spark datasource (``validate --spark --gx``) gives the Polars-side GX run's results.

The same suites (:func:`newsframe.contracts.gx_engine.suite_dict`) run on a pandas datasource
(:func:`~newsframe.contracts.gx_engine.run_gx`) and on a Spark one
(:func:`newsframe.spark.gx.run_gx_spark`); every contract-rule expectation must give the same status,
count and failing rows (by key; a keyless table's Spark samples carry no row number). The factual
mirrors are reported ``skipped`` on Spark, with the reason.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from checks.conftest import build_seed_tables
from contracts.test_gx_engine import faulty_tables
from newsframe.contracts import load_contracts
from newsframe.results import CheckResult


def _row(row: Any) -> str:
    """A failing row, order- and date-format-free (pandas gives dates as timestamps)."""
    items = sorted((k, str(v).removesuffix("T00:00:00")) for k, v in row.items())
    return str(items)


def _compare(spark: Any, tables: dict[str, pl.DataFrame], *, at_least: int) -> dict[str, CheckResult]:
    from newsframe.contracts.engines.spark import as_spark
    from newsframe.contracts.gx_engine import run_gx
    from newsframe.spark.gx import run_gx_spark

    contracts = load_contracts()
    local = {r.id: r for r in run_gx(contracts, tables, sample_size=1000)}
    frames, totals = {}, {}
    for name, frame in tables.items():
        frames[name], totals[name] = as_spark(spark, frame)
    on_spark = {r.id: r for r in run_gx_spark(contracts, frames, totals, sample_size=1000)}
    mirrors = {r.id for r in on_spark.values() if "derived columns" in (r.message or "")}
    assert mirrors and all(on_spark[i].status == "skipped" for i in mirrors)
    compared = 0
    for key, want in local.items():
        if key in mirrors:
            continue
        got = on_spark[key]
        assert (got.status, got.failing_rows, got.total_rows) == (
            want.status,
            want.failing_rows,
            want.total_rows,
        ), key
        keyed = bool(load_contracts()[got.table].key)
        if keyed:
            assert sorted(map(_row, got.sample)) == sorted(map(_row, want.sample)), key
        compared += 1
    assert compared >= at_least
    return on_spark


def test_gx_on_spark_agrees_on_the_fault_cases(spark: Any) -> None:
    # four tables (a GX suite per table costs seconds on Spark): enums, ranges, patterns, lengths, keys,
    # pair orders and one-column foreign keys among them, failing and passing
    tables = {n: f for n, f in faulty_tables().items() if n in ("events", "mentions", "actors", "topics")}
    found = _compare(spark, tables, at_least=30)
    failed = {k for k, r in found.items() if r.failed}
    assert {"events.modality.enum-value@gx", "events.source_actor_id.fk-missing@gx"} <= failed
    assert found["events.quantity.out-of-range@gx"].sample == [{"event_id": "e1", "quantity": -3.0}]


@pytest.mark.slow
def test_gx_on_spark_agrees_on_the_seed(spark: Any) -> None:
    found = _compare(spark, build_seed_tables(), at_least=40)
    assert not any(r.failed for r in found.values())


def test_validate_spark_runs_gx_on_spark(spark: Any) -> None:
    from newsframe.spark.validate import validate_spark

    tables = {"events": faulty_tables()["events"]}
    results = validate_spark(tables, spark=spark, gx=True)
    gx = {c.id: c for c in results.checks if c.engine == "gx"}
    assert gx["events.modality.enum-value@gx"].failed
    assert results.run["validation_seconds"]["gx"] > 0
