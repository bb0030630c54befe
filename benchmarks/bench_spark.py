"""Spark (local mode) against Polars: validating events tables of 1M and 10M rows, as a ratio, in one run.

Spark is for data that does not fit one machine, spread over many; on one machine it is slower
than Polars, and this benchmark says by how much, honestly:

* **session start**: the time to start a local SparkSession (the JVM), paid once per run;
* **validation**: the contract rules of ``events`` (schema, nulls, key, enums, ranges, patterns,
  pair orders; the relations to ``documents`` and ``actors``) on the same Parquet files, by the
  local engines (:func:`newsframe.validation.validate`, the baseline) and by
  :func:`newsframe.spark.validate.validate_spark` (``local[*]``), both reading the files, with the
  built-in contracts less their factual checks (the synthetic rows have no text to check them
  against); the results of both are compared (``same results``).

``make bench`` runs 1M rows; 10M rows (several GB, minutes) only with ``--big`` or
``NEWSFRAME_BENCH_BIG=1``, on an otherwise idle machine (``flock /work/bigmem.lock`` on the shared one)::

    NEWSFRAME_BENCH_BIG=1 .venv/bin/python benchmarks/bench_spark.py [--rows 1000000]

Prints one line per size: rows, Polars seconds, Spark seconds, ratio (Spark / Polars).
Skips (exit 0, with a message) when pyspark or Java is missing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import polars as pl


def _tables(n: int, folder: Path) -> Path:
    """``events`` of ``n`` rows (valid but for 0.1% broken rows), with their documents and actors, as Parquet."""
    n_docs = max(1, n // 20)
    n_actors = max(2, n // 100)
    idx = pl.int_range(n, eager=True)
    events = pl.DataFrame(
        {
            "event_id": ("e" + idx.cast(pl.String)),
            "doc_id": ("d" + (idx % n_docs).cast(pl.String)),
            "sentence_id": (idx % 30).cast(pl.Int64),
            "event_type": pl.Series(["CONSULT", "MOBILIZE", "ACCUSE", "AID"]).gather(idx % 4),
            "source_actor_id": ("a" + (idx % n_actors).cast(pl.String)),
            "target_actor_id": ("a" + ((idx + 1) % n_actors).cast(pl.String)),
            "trigger": pl.Series(["met"]).gather(idx * 0),
            "trigger_start": (idx % 500).cast(pl.Int64),
            "trigger_end": (idx % 500 + 3).cast(pl.Int64),
            "quantity": pl.Series([None, 32.0]).gather(idx % 2),
            "date_text": pl.Series([None]).cast(pl.String).gather(idx * 0),
            "date_start": pl.Series([None]).cast(pl.Date).gather(idx * 0),
            "date_end": pl.Series([None]).cast(pl.Date).gather(idx * 0),
            "date_precision": pl.Series([None]).cast(pl.String).gather(idx * 0),
            "modality": pl.Series(["asserted", "future"]).gather(idx % 2),
        }
    )
    broken = (idx % 1000) == 7
    events = events.with_columns(
        pl.when(broken).then(pl.lit("maybe")).otherwise(pl.col("modality")).alias("modality"),
        pl.when(broken).then(pl.lit("nobody")).otherwise(pl.col("source_actor_id")).alias("source_actor_id"),
    )
    from newsframe.tables import conform

    d = pl.int_range(n_docs, eager=True)
    documents = conform(
        "documents",
        pl.DataFrame(
            {
                "doc_id": "d" + d.cast(pl.String),
                "title": pl.Series(["t"]).gather(d * 0),
                "source": pl.Series(["bench"]).gather(d * 0),
                "language": pl.Series(["en"]).gather(d * 0),
                "text": pl.Series(["x" * 600]).gather(d * 0),
            }
        ),
    )
    a = pl.int_range(n_actors, eager=True)
    actors = conform(
        "actors",
        pl.DataFrame(
            {
                "actor_id": "a" + a.cast(pl.String),
                "name": "Actor " + a.cast(pl.String),
                "type": pl.Series(["PERSON"]).gather(a * 0),
            }
        ),
    )
    for name, frame in (("events", conform("events", events)), ("documents", documents), ("actors", actors)):
        frame.write_parquet(folder / f"{name}.parquet")
    return folder


def _contracts(folder: Path) -> Path:
    """The built-in contracts without their factual checks (the tables not benchmarked are absent: skipped)."""
    import yaml

    from newsframe.assets import asset_dir
    from newsframe.contracts.model import BUILTIN_CUSTOM

    folder.mkdir()
    for path in sorted(asset_dir("contracts").glob("*.odcs.yaml")):
        name = path.name.removesuffix(".odcs.yaml")
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for obj in doc.get("schema", []):
            for holder in [obj, *(obj.get("properties") or [])]:
                if holder.get("quality"):
                    holder["quality"] = [
                        q
                        for q in holder["quality"]
                        if q.get("type") != "custom" or q.get("implementation") in BUILTIN_CUSTOM
                    ]
        (folder / f"{name}.odcs.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--big", action="store_true", help="also 10M rows (or NEWSFRAME_BENCH_BIG=1)")
    parser.add_argument("--master", default="local[*]")
    parser.add_argument("--memory", default="8g", help="spark.driver.memory (local mode: all of Spark)")
    args = parser.parse_args()
    if (args.big or os.environ.get("NEWSFRAME_BENCH_BIG")) and 10_000_000 not in args.rows:
        args.rows.append(10_000_000)

    from newsframe.spark.session import spark_missing

    reason = spark_missing()
    if reason is not None:
        print(f"bench_spark: skipped: {reason}")
        return 0
    from newsframe.spark.session import spark_session
    from newsframe.spark.validate import validate_spark
    from newsframe.tableio import read_tables
    from newsframe.validation import validate

    t = time.perf_counter()
    spark = spark_session(
        args.master, app_name="newsframe-bench", config={"spark.driver.memory": args.memory}
    )
    spark.range(1).count()
    start = time.perf_counter() - t
    print(
        f"spark {spark.version} on {spark.sparkContext.master}: session start {start:.1f} s (JVM up, first job run)"
    )
    work = Path(tempfile.mkdtemp(prefix="bench_spark_"))
    try:
        contracts = _contracts(work / "contracts")
        print(f"{'rows':>11} {'polars s':>9} {'spark s':>8} {'spark/polars':>13}")
        for n in args.rows:
            (work / f"t{n}").mkdir()
            folder = _tables(n, work / f"t{n}")
            t = time.perf_counter()
            local = validate(read_tables(folder), contracts_dir=contracts)
            polars_s = time.perf_counter() - t
            t = time.perf_counter()
            on_spark = validate_spark(folder, spark=spark, contracts_dir=contracts)
            spark_s = time.perf_counter() - t
            same = {c.id: (c.status, c.failing_rows) for c in local.checks} == {
                c.id: (c.status, c.failing_rows) for c in on_spark.checks
            }
            print(
                f"{n:>11,} {polars_s:>9.1f} {spark_s:>8.1f} {spark_s / polars_s:>12.1f}x  same results: {same}"
            )
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
