"""Validate tables on Spark: the contracts' rules as Spark SQL, the factual checks on the executors.

:func:`validate_spark` is :func:`newsframe.validation.validate` for tables held as Spark
DataFrames (or read by Spark from a folder), and writes the same :class:`~newsframe.results.Results`:

* the **contract rules** (schema, column, frame, relation) by the registered ``spark`` engine
  (:class:`newsframe.contracts.engines.spark.SparkEngine`, ``get_engine("spark")``): native Spark SQL
  column expressions, every rule of every table counted in one job, relations as left anti-joins,
  after a lossless coercion to the contract dtypes (:func:`newsframe.spark.frames.coerce`);
* **factual checks** run by the very same units as the local run
  (:func:`newsframe.checks.run_check`), on the executors: the document-level tables are packed
  one row per document and handed to ``mapInArrow``, so that each task checks whole documents;
  the per-task results are summed on the driver. A check that compares documents with each other
  (the actors table, ``date-conflict`` across documents) runs once over the columns it needs,
  collected to the driver (``engine="newsframe"`` either way).

Why not pandera's pyspark backend: it reports which checks failed but not the failing rows
(pandera issue 1540), and importing it imports ``pyspark.pandas``, which fails with pandas 3
(``cannot import name 'DateOffset'``), so it would pin pandas below 3 for the whole install.

Results carry ``engine="spark"`` for the contract rules; failing rows carry ``row`` (file order),
the table's key and the offending columns, as the local engines' do.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from newsframe.contracts.engines import get_engine
from newsframe.contracts.engines.spark import ENGINE, SparkEngine, as_spark
from newsframe.contracts.loader import load_contracts
from newsframe.contracts.model import ContractSet, Rule
from newsframe.results import SAMPLE_SIZE, CheckResult, Results
from newsframe.spark.frames import ROW, coerce, read_tables, to_polars
from newsframe.validation import uncontracted_results

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["DOCUMENT_TABLES", "ENGINE", "validate_spark"]

DOCUMENT_TABLES: tuple[str, ...] = (
    "documents",
    "sentences",
    "mentions",
    "events",
    "document_topics",
    "quotes",
)
"""Tables with a ``doc_id``: packed one row per document for the factual checks on the executors."""

_TABLE_LEVEL = frozenset({"actor-conflict", "actor-ungrounded"})
"""Factual checks that compare rows of different documents (or read the corpus-wide actors table)."""


# ------------------------------------------------------------------------------------- factual checks


def _factual_on_driver(
    rules: list[Rule], tables: Mapping[str, DataFrame], *, sample_size: int
) -> list[CheckResult]:
    """Checks that compare documents: run once over the tables they read, collected to the driver."""
    from newsframe.validation import run_factual

    needed = {"actors", "mentions", "events"}  # what actor-conflict, actor-ungrounded and date-conflict read
    if any(r.slug not in _TABLE_LEVEL and r.slug != "date-conflict" for r in rules):
        needed |= set(DOCUMENT_TABLES) | {"document_topics", "topics"}
    local = {name: to_polars(frame.drop(ROW)) for name, frame in tables.items() if name in needed}
    out: list[CheckResult] = []
    for rule in rules:
        out.extend(run_factual(rule, local, sample_size=sample_size))
    return out


def _merge(parts: list[dict[str, Any]], *, sample_size: int) -> list[CheckResult]:
    """Per-task results of one rule, summed: counts added, samples pooled (sorted), one result per id."""
    by_id: dict[str, list[dict[str, Any]]] = {}
    for part in parts:
        by_id.setdefault(part["id"], []).append(part)
    out: list[CheckResult] = []
    for group in by_id.values():
        first = group[0]
        errors = [g for g in group if g["status"] == "error"]
        if errors:
            out.append(CheckResult.from_dict(errors[0]))
            continue
        ran = [g for g in group if g["status"] != "skipped"]
        if not ran:
            out.append(CheckResult.from_dict(first))
            continue
        sample = sorted(
            (row for g in ran for row in g["sample"]),
            key=lambda r: json.dumps(r, sort_keys=True, default=str),
        )
        count = sum(int(g["failing_rows"]) for g in ran)
        totals = [g["total_rows"] for g in ran if g["total_rows"] is not None]
        metrics = first["metrics"] if len(ran) == 1 else {}
        out.append(
            CheckResult.from_failures(
                slug=first["slug"],
                table=first["table"],
                column=first["column"],
                rule=first["rule"],
                severity=first["severity"],
                dimension=first["dimension"],
                engine=first["engine"],
                failures=pl.DataFrame(sample, infer_schema_length=None) if sample else pl.DataFrame(),
                failing_rows=count,
                total_rows=sum(totals) if totals else None,
                sample_size=sample_size,
                id=first["id"],
                metrics=metrics,
            )
        )
    return out


def _factual_on_executors(
    rules: list[Rule], tables: Mapping[str, DataFrame], *, sample_size: int
) -> list[CheckResult]:
    """Document-level checks: whole documents per task (``mapInArrow``), the same check code as locally."""
    from pyspark.sql import functions as F

    doc_tables = [n for n in DOCUMENT_TABLES if n in tables and "doc_id" in tables[n].columns]
    others = {
        n: to_polars(f.drop(ROW)) for n, f in tables.items() if n not in doc_tables and n in ("topics",)
    }
    from newsframe.checks.base import keys_of

    packed: DataFrame | None = None
    shown: dict[str, DataFrame] = {}
    for name in doc_tables:
        frame = tables[name]
        if "row" in keys_of(name) and "row" not in frame.columns:  # the table-wide row, not the task's
            frame = frame.withColumnRenamed(ROW, "row")
        else:
            frame = frame.drop(ROW)
        shown[name] = frame
        one = frame.groupBy("doc_id").agg(F.collect_list(F.struct(*frame.columns)).alias(name))
        packed = one if packed is None else packed.join(one, on="doc_id", how="full")
    if packed is None:
        return _factual_on_driver(rules, tables, sample_size=sample_size)
    for name in doc_tables:  # documents without rows in a table: an empty list, not null
        packed = packed.withColumn(name, F.coalesce(F.col(name), F.array()))
    # an empty table still shows its columns to the checks: give each task a typed empty frame
    empties = {n: to_polars(f.limit(0)) for n, f in shown.items()}  # (schema only, no job)

    def check(batches: Iterable[Any]) -> Iterator[Any]:
        import pyarrow as pa

        for batch in batches:
            table = pl.from_arrow(pa.Table.from_batches([batch]))
            assert isinstance(table, pl.DataFrame)
            yield from _unpacked(table, doc_tables, empties, rules, others, sample_size)

    rows = packed.select(*doc_tables).mapInArrow(check, "result string").collect()
    parts = [json.loads(r["result"]) for r in rows]
    out: list[CheckResult] = []
    for i, rule in enumerate(rules):
        mine = [{k: v for k, v in p.items() if k != "__rule"} for p in parts if p["__rule"] == i]
        if not mine:  # no document at all: run once on empty tables
            out.extend(
                _factual_on_driver([rule], {n: tables[n].limit(0) for n in tables}, sample_size=sample_size)
            )
            continue
        out.extend(_merge(mine, sample_size=sample_size))
    return out


def _unpacked(  # runs on the executors
    packed: pl.DataFrame,
    doc_tables: list[str],
    empties: Mapping[str, pl.DataFrame],
    rules: list[Rule],
    others: Mapping[str, pl.DataFrame],
    sample_size: int,
) -> Iterator[Any]:
    import pyarrow as pa

    from newsframe.validation import run_factual

    frames: dict[str, pl.DataFrame] = dict(others)
    for name in doc_tables:
        rows = packed.select(pl.col(name)).explode(name).filter(pl.col(name).is_not_null())
        frames[name] = rows.unnest(name) if rows.height else empties[name]
    found: list[str] = []
    for i, rule in enumerate(rules):
        for result in run_factual(rule, frames, sample_size=sample_size):
            found.append(json.dumps({**result.to_dict(), "__rule": i}, default=str))
    yield pa.RecordBatch.from_pydict({"result": found}, schema=pa.schema([("result", pa.string())]))


def _factual(
    contracts: ContractSet, tables: Mapping[str, DataFrame], *, sample_size: int
) -> list[CheckResult]:
    results: list[CheckResult] = []
    local_rules: list[Rule] = []
    table_rules: list[Rule] = []
    for contract in contracts:
        for rule in contract.rules_of("factual"):
            if contract.name not in tables:
                results.append(
                    rule.status_result(
                        "skipped", f"not run: table {contract.name} is absent", engine="newsframe"
                    )
                )
            elif _document_local(rule):
                local_rules.append(rule)
            else:
                table_rules.append(rule)
    if local_rules:
        results.extend(_factual_on_executors(local_rules, tables, sample_size=sample_size))
    if table_rules:
        results.extend(_factual_on_driver(table_rules, tables, sample_size=sample_size))
    return results


def _document_local(rule: Rule) -> bool:
    """True when a factual check only compares rows of one document (so documents can be split up)."""
    if rule.slug in _TABLE_LEVEL:
        return False
    if rule.slug == "date-conflict":
        from newsframe.checks import REGISTRY

        across = rule.params.get("across_documents", REGISTRY[rule.slug].params.get("across_documents"))
        return str(across).strip().lower() in ("false", "no", "0", "off")
    return True


# ----------------------------------------------------------------------------------------------- entry


def validate_spark(
    tables: Mapping[str, Any] | Path,
    *,
    spark: SparkSession | None = None,
    master: str | None = None,
    contracts_dir: Path | None = None,
    sample_size: int = SAMPLE_SIZE,
    gx: bool = False,
) -> Results:
    """Validate tables on Spark against the contracts of ``contracts_dir`` (default: the built-in ones).

    Parameters
    ----------
    tables
        A folder of tables (read by Spark: Parquet files or part-file folders, CSV, JSON Lines), or
        table name to a Spark or Polars DataFrame.
    spark
        The session to use; default the active one, else a new one on ``master``.
    master
        The master of a new session (default ``local[*]``).
    contracts_dir, sample_size
        As for :func:`newsframe.validation.validate`.
    gx
        Also run the Great Expectations suites, on GX's Spark datasource (:mod:`newsframe.spark.gx`).

    Raises
    ------
    SparkUnavailable
        pyspark or Java is missing (exit code 2).
    ContractError, InputError
        As :func:`newsframe.validation.validate` and :func:`newsframe.tableio.read_tables`.
    """
    from newsframe.spark.session import DEFAULT_MASTER, spark_session
    from newsframe.validation import _referrers, _table_missing

    started = time.perf_counter()
    contracts = load_contracts(contracts_dir)
    session = spark or spark_session(master or DEFAULT_MASTER)
    raw: dict[str, tuple[DataFrame, int]] = (
        read_tables(session, tables)
        if isinstance(tables, Path)
        else {n: as_spark(session, f) for n, f in tables.items()}
    )
    named: dict[str, DataFrame] = {}
    totals: dict[str, int] = {}
    for name, (frame, total) in raw.items():
        target = contracts.table_for(name) or name
        if target in named:  # two inputs claim one contract: keep the exact name's
            target = name
        named[target], totals[target] = frame, total
    results = Results(
        run={
            "contracts_dir": str(contracts.directory),
            "contracts": {c.name: c.version for c in contracts},
            "validation_engine": ENGINE,
            "spark_master": session.sparkContext.master,
            "spark_version": session.version,
        }
    )
    timings: dict[str, float] = {}
    t = time.perf_counter()
    conformed: dict[str, DataFrame] = {}
    parse_failures: dict[str, dict[str, DataFrame]] = {}
    for name, frame in named.items():
        if name in contracts:
            frame, parse_failures[name] = coerce(frame, contracts[name].dtypes)
        conformed[name] = frame.persist()  # materialised by the first count below; unpersisted at the end
    engine = get_engine(ENGINE, spark=session)
    assert isinstance(engine, SparkEngine)
    results.extend(
        engine.run_spark(
            contracts,
            conformed,
            totals,
            parse_failures=parse_failures,
            sample_size=sample_size,
            families={"schema", "column", "frame"},
        )
    )
    referrers = _referrers(contracts, conformed)  # type: ignore[arg-type]
    for contract in contracts:
        if contract.name not in conformed:
            results.extend([_table_missing(contract, conformed, referrers=referrers, optional=frozenset())])  # type: ignore[arg-type]
    timings["rules"] = time.perf_counter() - t
    t = time.perf_counter()
    results.extend(
        engine.run_spark(contracts, conformed, totals, sample_size=sample_size, families={"relation"})
    )
    timings["relations"] = time.perf_counter() - t
    if gx:
        from newsframe.spark.gx import run_gx_spark

        t = time.perf_counter()
        results.extend(run_gx_spark(contracts, conformed, totals, sample_size=sample_size))
        timings["gx"] = time.perf_counter() - t
    t = time.perf_counter()
    results.extend(_factual(contracts, conformed, sample_size=sample_size))
    timings["checks"] = time.perf_counter() - t
    results.extend(uncontracted_results(contracts, conformed, engine=ENGINE))
    results.metrics["tables"] = {
        name: {"rows": n, "columns": len(conformed[name].columns) - 1} for name, n in totals.items()
    }
    for frame in conformed.values():
        frame.unpersist()
    timings["total"] = time.perf_counter() - started
    results.run["validation_seconds"] = {k: round(v, 4) for k, v in timings.items()}
    return results
