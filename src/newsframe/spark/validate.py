"""Validate tables on Spark: the contracts' rules as Spark SQL, the factual checks on the executors.

:func:`validate_spark` is :func:`newsframe.validation.validate` for tables held as Spark
DataFrames (or read by Spark from a folder), and writes the same :class:`~newsframe.results.Results`:

* **schema rules** (``schema-column-missing``, ``schema-column-extra``, ``dtype-mismatch``) from the
  DataFrame's schema and a lossless coercion (:func:`newsframe.spark.frames.coerce`);
* **column and frame rules** as native Spark SQL column expressions, all the rules of a table
  counted in ONE aggregation, then a sample (first rows by row number) per failing rule;
  ``key-duplicate`` is a window count over the key;
* **relations** (``fk-missing``, ``cardinality-missing``) as left anti-joins;
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

from newsframe.contracts.dtypes import type_name
from newsframe.contracts.loader import load_contracts
from newsframe.contracts.model import Contract, ContractSet, Rule
from newsframe.contracts.relations import target_absent
from newsframe.results import SAMPLE_SIZE, CheckResult, Results
from newsframe.spark.frames import ROW, coerce, polars_dtype, read_tables, to_polars, with_row_numbers
from newsframe.validation import uncontracted_results

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

__all__ = ["DOCUMENT_TABLES", "ENGINE", "validate_spark"]

ENGINE = "spark"
"""The ``engine`` of the results of the contract rules run on Spark."""

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


# ------------------------------------------------------------------------------------ row-wise rules


def _bound(col: Column, params: Mapping[str, Any]) -> Column:
    """Numeric bounds as Spark SQL, decoded by the one decoder (:class:`~newsframe.contracts.kinds.Bounds`)."""
    from newsframe.contracts.kinds import Bounds

    b = Bounds.decode(params)
    parts = []
    if b.low is not None:
        parts.append(col >= b.low if b.low_inclusive else col > b.low)
    if b.high is not None:
        parts.append(col <= b.high if b.high_inclusive else col < b.high)
    if not parts:
        raise ValueError("out-of-range needs minimum, maximum, exclusiveMinimum or exclusiveMaximum")
    return parts[0] if len(parts) == 1 else parts[0] & parts[1]


def _reference_map(rule: Rule, dtype: pl.DataType | None) -> Column:
    """The reference CSV of a ``reference-mismatch`` rule as a literal map key -> expected value."""
    from pyspark.sql import functions as F

    from newsframe.contracts.kinds import reference_table
    from newsframe.spark.frames import spark_type

    p = rule.params
    target = dtype or pl.String()
    ref = (
        reference_table(str(p["referencePath"]))
        .select(
            pl.col(str(p["referenceKey"])).alias("k"),
            pl.col(str(p["referenceColumn"])).cast(target, strict=False).alias("v"),
        )
        .unique("k", keep="first", maintain_order=True)
        .drop_nulls("k")
    )
    pairs: list[Any] = []
    for k, v in ref.iter_rows():
        pairs += [F.lit(k), F.lit(v).cast(spark_type(target))]
    return F.create_map(*pairs)


def _valid(rule: Rule, dtypes: Mapping[str, pl.DataType]) -> Column:
    """The rule as a Spark SQL expression: True where a row passes, null where the tested value is null."""
    from pyspark.sql import functions as F

    p = rule.params
    col = F.col(rule.column or "")
    slug = rule.slug
    if slug == "not-null":
        return col.isNotNull()
    if slug == "enum-value":
        return col.isin(list(p["values"]))
    if slug == "out-of-range":
        return _bound(col, p)
    if slug == "pattern-mismatch":
        pattern = str(p["pattern"])
        return col.rlike(pattern if pattern.startswith("^") else f"^{pattern}")
    if slug == "length-out-of-range":
        n = F.char_length(col)
        lo, hi = p.get("minLength"), p.get("maxLength")
        parts = ([n >= lo] if lo is not None else []) + ([n <= hi] if hi is not None else [])
        if not parts:
            raise ValueError("length-out-of-range needs minLength or maxLength")
        return parts[0] if len(parts) == 1 else parts[0] & parts[1]
    if slug == "pair-order":
        lesser, greater = F.col(str(p["lesser"])), F.col(str(p["greater"]))
        ok = (greater >= lesser) if p.get("orEqual") else (greater > lesser)
        return lesser.isNull() | greater.isNull() | ok
    if slug == "prefix-mismatch":
        c, src = F.col(str(p["column"])), F.col(str(p["source"]))
        ok = c.cast("string") == F.substring(src.cast("string"), 1, int(p["length"]))
        return c.isNull() | src.isNull() | ok
    if slug == "reference-mismatch":
        target = dtypes.get(str(p["column"]))
        expected = F.element_at(_reference_map(rule, target), F.col(str(p["key"])).cast("string"))
        c = F.col(str(p["column"]))
        tol = float(p.get("tolerance", 0) or 0)
        numeric = target is not None and target.is_numeric()
        ok = (F.abs(c - expected) <= tol) if numeric and tol else (c == expected)
        return c.isNull() | expected.isNull() | ok
    if slug == "null-island":
        zero = None
        for name in p["columns"]:
            part = F.col(str(name)) == 0
            zero = part if zero is None else zero & part
        return F.coalesce(~zero, F.lit(True)) if zero is not None else F.lit(True)
    raise ValueError(f"no Spark SQL for rule kind {slug!r}")


def _rule_columns(rule: Rule) -> list[str]:
    """The table columns a rule reads (its checked columns in a failure sample), from its registered kind."""
    return rule.columns


def _sample(
    frame: DataFrame, fails: Column, columns: list[str], key: tuple[str, ...], n: int
) -> pl.DataFrame:
    """The first ``n`` failing rows by row number: ``row``, the key and the checked columns."""
    keep = [c for c in dict.fromkeys([*key, *columns]) if c in frame.columns]
    picked = frame.filter(fails).orderBy(ROW).limit(n).select(ROW, *keep)
    return to_polars(picked).rename({ROW: "row"})


def _row_rules(
    contract: Contract, frame: DataFrame, dtypes: Mapping[str, pl.DataType], *, total: int
) -> tuple[list[CheckResult], DataFrame, list[tuple[Rule, Column]]]:
    """The column and frame rules of a table as failure conditions (True where a row breaks the rule).

    Returns the results decided without data (rules on a missing or mistyped column: skipped),
    the frame (with window columns for keys) and the ``(rule, fails)`` pairs to count.
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    results: list[CheckResult] = []
    checks: list[tuple[Rule, Column]] = []
    seen: set[str] = set()
    windows: dict[tuple[str, ...], str] = {}
    for rule in contract.rules_of("column", "frame"):
        if rule.id in seen:  # a rule declared twice (required + nullValues) is reported once
            continue
        seen.add(rule.id)
        cols = _rule_columns(rule)
        bad = [c for c in cols if c not in dtypes]
        wrong = [
            c
            for c in cols
            if c in dtypes and c in contract.columns and dtypes[c] != contract.columns[c].dtype
        ]
        if bad or wrong:
            why = (
                f"column {bad[0]} is missing"
                if bad
                else f"column {wrong[0]} is {type_name(dtypes[wrong[0]])}, not {type_name(contract.columns[wrong[0]].dtype)}"
            )
            results.append(rule.status_result("skipped", f"not checked: {why}", engine=ENGINE, total=total))
            continue
        if rule.slug == "key-duplicate":
            names = tuple(cols)
            if names not in windows:
                windows[names] = f"__dup{len(windows)}"
                frame = frame.withColumn(windows[names], F.count(F.lit(1)).over(Window.partitionBy(*names)))
            checks.append((rule, F.col(windows[names]) > 1))
            continue
        try:
            checks.append((rule, F.coalesce(~_valid(rule, dtypes), F.lit(False))))
        except (ValueError, KeyError) as exc:
            results.append(
                rule.status_result("error", f"check could not run: {exc}", engine=ENGINE, total=total)
            )
    return results, frame, checks


def _count_all(jobs: list[tuple[DataFrame, list[Column]]]) -> list[list[int]]:
    """Sum each frame's failure conditions, every frame in ONE Spark job (a union of aggregations)."""
    from functools import reduce

    from pyspark.sql import functions as F

    parts = []
    for j, (frame, conditions) in enumerate(jobs):
        if not conditions:
            continue
        sums = [F.coalesce(F.sum(c.cast("long")), F.lit(0)).alias(f"c{i}") for i, c in enumerate(conditions)]
        row = frame.agg(*sums).select(
            F.lit(j).alias("job"), F.array(*[F.col(f"c{i}") for i in range(len(conditions))]).alias("counts")
        )
        parts.append(row)
    out: list[list[int]] = [[0] * len(conditions) for _, conditions in jobs]
    if parts:
        for r in reduce(lambda a, b: a.unionByName(b), parts).collect():
            out[r["job"]] = [int(x) for x in r["counts"]]
    return out


# --------------------------------------------------------------------------------------- schema rules


def _schema_rules(
    contract: Contract,
    frame: DataFrame,
    dtypes: Mapping[str, pl.DataType],
    parse_failures: Mapping[str, DataFrame],
    *,
    sample_size: int,
    total: int,
) -> list[CheckResult]:
    from pyspark.sql import functions as F

    results: list[CheckResult] = []
    n = sample_size

    def column_rule(rule: Rule, col: str, text: str) -> Rule:
        return Rule(rule.slug, rule.table, col, rule.kind, text, rule.severity, rule.dimension)

    for rule in contract.rules_of("schema"):
        if rule.slug == "schema-column-missing":
            missing = [c for c in contract.columns if c not in dtypes]
            if not missing:
                results.append(rule.failures_result(pl.DataFrame(), engine=ENGINE, count=0, total=total))
            for col in missing:
                expected = type_name(contract.columns[col].dtype)
                results.append(
                    column_rule(rule, col, f"column {col} is present").failures_result(
                        pl.DataFrame({"column": [col], "expected": [expected]}),
                        engine=ENGINE,
                        count=total,
                        total=total,
                        sample_size=n,
                        message=f"column {col} is missing",
                    )
                )
        elif rule.slug == "schema-column-extra":
            extra = [c for c in dtypes if c not in contract.columns]
            results.append(
                rule.failures_result(
                    pl.DataFrame({"column": extra}),
                    engine=ENGINE,
                    count=total if extra else 0,
                    total=total,
                    sample_size=n,
                    message=f"columns not in the contract: {', '.join(extra)}" if extra else None,
                )
            )
        elif rule.slug == "dtype-mismatch":
            flagged = False
            for col, spec in contract.columns.items():
                if col not in dtypes or dtypes[col] == spec.dtype:
                    continue
                flagged = True
                expected, found = type_name(spec.dtype), type_name(dtypes[col])
                r = column_rule(rule, col, f"{col} is {expected}")
                bad = parse_failures.get(col)
                if bad is not None:
                    count = bad.count()
                    keep = [k for k in contract.key if k in frame.columns]
                    sample = bad.orderBy(ROW).limit(n)
                    if keep:
                        sample = sample.join(frame.select(ROW, *keep), on=ROW, how="left")
                    picked = to_polars(sample.orderBy(ROW).select(ROW, *keep, F.col("value").alias(col)))
                    results.append(
                        r.failures_result(
                            picked.rename({ROW: "row"}),
                            engine=ENGINE,
                            count=count,
                            total=total,
                            sample_size=n,
                            message=f"{count} value(s) of {col} are not {expected} (read as {found})",
                        )
                    )
                else:
                    results.append(
                        r.failures_result(
                            pl.DataFrame({"column": [col], "expected": [expected], "found": [found]}),
                            engine=ENGINE,
                            count=total,
                            total=total,
                            sample_size=n,
                            message=f"{col} is {found}, not {expected}",
                        )
                    )
            if not flagged:
                results.append(rule.failures_result(pl.DataFrame(), engine=ENGINE, count=0, total=total))
    return results


# ------------------------------------------------------------------------------------------ relations


def _relations(
    contracts: ContractSet, tables: Mapping[str, DataFrame], totals: Mapping[str, int], *, sample_size: int
) -> list[CheckResult]:
    """Every relation rule as a left anti-join (null keys skipped), as :mod:`newsframe.contracts.relations`."""
    from pyspark.sql import functions as F

    results: list[CheckResult | None] = []
    pending: list[tuple[int, Rule, DataFrame, list[str], list[str], int]] = []
    for contract in contracts:
        frame = tables.get(contract.name)
        if frame is None:
            continue
        total = totals[contract.name]
        key = [k for k in contract.key if k in frame.columns]
        for rule in contract.rules_of("relation"):
            target_name = str(rule.params["to_table"])
            target = tables.get(target_name)
            if target is None:
                results.append(target_absent(contracts, rule, engine=ENGINE, total=total))
                continue
            src, dst = list(rule.params["from"]), list(rule.params["to"])
            gone = [c for c in src if c not in frame.columns] + [
                f"{target_name}.{c}" for c in dst if c not in target.columns
            ]
            if gone:
                results.append(
                    rule.status_result(
                        "skipped", f"not checked: column {gone[0]} is missing", engine=ENGINE, total=total
                    )
                )
                continue
            left = frame.select(ROW, *dict.fromkeys([*src, *key]))
            for c in src:
                left = left.filter(F.col(c).isNotNull())
            right = target.select(*[F.col(d).alias(f"__to{i}") for i, d in enumerate(dst)]).distinct()
            ltypes = {f.name: f.dataType for f in frame.schema.fields}
            rtypes = {f.name: f.dataType for f in target.schema.fields}
            cond = None
            for i, (s, d) in enumerate(zip(src, dst, strict=True)):
                lc, rc = F.col(s), right[f"__to{i}"]
                if ltypes[s] != rtypes[d]:  # mismatched dtypes: compare as text rather than fail
                    lc, rc = lc.cast("string"), rc.cast("string")
                part = lc == rc
                cond = part if cond is None else cond & part
            bad = left.join(right, on=cond, how="left_anti")
            pending.append((len(results), rule, bad, key, src, total))
            results.append(None)  # counted below, with every other anti-join, in one job
    counts = _count_all([(bad, [F.lit(True)]) for _, _, bad, _, _, _ in pending])
    for (slot, rule, bad, key, src, total), (count,) in zip(pending, counts, strict=True):
        sample = pl.DataFrame()
        if count:
            picked = to_polars(bad.orderBy(ROW).limit(sample_size)).rename({ROW: "row"})
            sample = picked.select(["row", *key, *[c for c in src if c not in key]])
        results[slot] = rule.failures_result(
            sample, engine=ENGINE, count=count, total=total, sample_size=sample_size
        )
    return [r for r in results if r is not None]


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


def _as_spark(spark: SparkSession, frame: Any) -> tuple[DataFrame, int]:
    """A Polars or Spark table as a Spark DataFrame with :data:`ROW`, and its row count."""
    if isinstance(frame, pl.LazyFrame):
        frame = frame.collect()
    if isinstance(frame, pl.DataFrame):  # numbered here: no Spark job
        numbered = frame.with_row_index(ROW).with_columns(pl.col(ROW).cast(pl.Int64))
        return spark.createDataFrame(numbered.to_arrow(compat_level=pl.CompatLevel.oldest())), frame.height
    if ROW in frame.columns:
        return frame, frame.count()
    return with_row_numbers(frame)


def validate_spark(
    tables: Mapping[str, Any] | Path,
    *,
    spark: SparkSession | None = None,
    master: str | None = None,
    contracts_dir: Path | None = None,
    sample_size: int = SAMPLE_SIZE,
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
        else {n: _as_spark(session, f) for n, f in tables.items()}
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
    pending: list[tuple[Contract, DataFrame, list[tuple[Rule, Column]]]] = []
    for name, frame in named.items():
        failures: dict[str, DataFrame] = {}
        if name in contracts:
            frame, failures = coerce(frame, contracts[name].dtypes)
        frame = frame.persist()  # materialised by the first count below; unpersisted at the end
        conformed[name] = frame
        if name not in contracts:
            continue
        contract = contracts[name]
        dtypes = {f.name: polars_dtype(f.dataType) for f in frame.schema.fields if f.name != ROW}
        results.extend(
            _schema_rules(contract, frame, dtypes, failures, sample_size=sample_size, total=totals[name])
        )
        decided, checked, checks = _row_rules(contract, frame, dtypes, total=totals[name])
        results.extend(decided)
        pending.append((contract, checked, checks))
    counted = _count_all([(frame, [fails for _, fails in checks]) for _, frame, checks in pending])
    for (contract, frame, checks), counts in zip(pending, counted, strict=True):
        for (rule, fails), count in zip(checks, counts, strict=True):
            total = totals[contract.name]
            sample = (
                _sample(frame, fails, _rule_columns(rule), contract.key, sample_size)
                if count
                else pl.DataFrame()
            )
            results.extend(
                [
                    rule.failures_result(
                        sample, engine=ENGINE, count=count, total=total, sample_size=sample_size
                    )
                ]
            )
    referrers = _referrers(contracts, conformed)  # type: ignore[arg-type]
    for contract in contracts:
        if contract.name not in conformed:
            results.extend([_table_missing(contract, conformed, referrers=referrers, optional=frozenset())])  # type: ignore[arg-type]
    timings["rules"] = time.perf_counter() - t
    t = time.perf_counter()
    results.extend(_relations(contracts, conformed, totals, sample_size=sample_size))
    timings["relations"] = time.perf_counter() - t
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
