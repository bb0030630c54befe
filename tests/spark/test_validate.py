"""Validation on Spark gives the same results as the local engines: every check, count and failing row.

Each comparison is one Spark run (the machine's session is shared): the fault cases are stacked
into one table set, each in its own copy of the documents, so that 25 faults cost one run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from checks.conftest import build_seed_tables
from contracts.tablesets import build_tables
from newsframe.validation import validate

from .faults import FAULTS
from .parity import differences, failing, stack

N = 1000  # sample size: every failing row is compared, not only the first 20


def test_seed_tables_agree(spark: Any) -> None:
    from newsframe.spark.validate import validate_spark

    tables = build_seed_tables()
    local = validate(tables, sample_size=N)
    on_spark = validate_spark(tables, spark=spark, sample_size=N)
    assert differences(local.checks, on_spark.checks) == []
    assert len(on_spark.checks) > 100
    assert {c.engine for c in on_spark.checks} >= {"spark", "newsframe"}
    assert on_spark.run["validation_engine"] == "spark"


def test_every_fault_case_fails_the_same_rows(spark: Any) -> None:
    from newsframe.spark.validate import validate_spark

    tables = stack(build_tables(), {case: fault for case, (fault, _) in FAULTS.items()})
    local = validate(tables, sample_size=N)
    on_spark = validate_spark(tables, spark=spark, sample_size=N)
    assert differences(local.checks, on_spark.checks) == []
    failed = failing(on_spark.checks)
    for case, (_, ids) in FAULTS.items():
        assert ids and set(ids) <= set(failed), case
    # not vacuous: the failing rows name the case whose fault broke them
    mention = failed["mentions.text.span-mismatch"].sample
    assert {row["mention_id"] for row in mention} >= {"span:m0"}
    assert failed["events.quantity.out-of-range"].sample[0]["event_id"] == "range:e2"


def test_a_folder_read_by_spark_agrees_with_the_local_reader(spark: Any, tmp_path: Path) -> None:
    """CSV (text, coerced losslessly), JSON Lines and Parquet part-file folders, with a bad value and a missing column."""
    from newsframe.spark.validate import validate_spark
    from newsframe.tableio import read_tables

    tables = build_tables()
    sentences = tables["sentences"].with_columns(pl.col("start").cast(pl.String))
    sentences = sentences.with_columns(
        pl.when(pl.col("sentence_id") == 1).then(pl.lit("x1")).otherwise("start").alias("start")
    )
    sentences.write_csv(tmp_path / "sentences.csv")
    tables["topics"].write_ndjson(tmp_path / "topics.jsonl")
    tables["mentions"].drop("label").write_parquet(tmp_path / "mentions.parquet")
    (tmp_path / "events").mkdir()
    tables["events"].head(1).write_parquet(tmp_path / "events" / "part-0.parquet")
    tables["events"].tail(1).write_parquet(tmp_path / "events" / "part-1.parquet")
    for name in ("documents", "actors", "document_topics", "rejects"):
        tables[name].write_parquet(tmp_path / f"{name}.parquet")
    local_tables = read_tables(tmp_path) | {"events": tables["events"]}  # the local reader reads files only
    local = validate(local_tables, sample_size=N)
    on_spark = validate_spark(tmp_path, spark=spark, sample_size=N)
    assert differences(local.checks, on_spark.checks) == []
    failed = failing(on_spark.checks)
    assert failed["sentences.start.dtype-mismatch"].sample == [
        {"row": 1, "doc_id": "d1", "sentence_id": 1, "start": "x1"}
    ]
    assert "mentions.label.schema-column-missing" in failed


def test_unreadable_table_is_an_input_error(spark: Any, tmp_path: Path) -> None:
    from newsframe.errors import InputError
    from newsframe.spark.validate import validate_spark

    (tmp_path / "events.parquet").write_text("not parquet")
    with pytest.raises(InputError, match=r"events\.parquet"):
        validate_spark(tmp_path, spark=spark)


def test_the_python_api_takes_spark(spark: Any) -> None:
    import newsframe

    folder = newsframe.example_tables("byoe")
    local = newsframe.validate(folder, sample_size=N)
    on_spark = newsframe.validate(folder, spark=spark, sample_size=N)
    assert not on_spark.ok
    assert differences(local.checks, on_spark.checks) == []
