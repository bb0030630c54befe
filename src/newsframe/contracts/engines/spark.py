"""The Spark engine: the contract rules as Spark SQL over Spark DataFrames, on the executors.

* **schema rules** from the DataFrame's schema, by the one builder every engine uses
  (:func:`~newsframe.contracts.engines.polars.schema_results`); the values a lossless coercion
  (:func:`newsframe.spark.frames.coerce`) could not convert are the sample of ``dtype-mismatch``;
* **column and frame rules**: each row-wise kind compiled to a native Spark SQL column expression
  (:data:`SPARK_SQL`), all the rules of all the tables counted in ONE job, then a sample (the first
  failing rows by row number) per failing rule; ``key-duplicate`` is a window count over the key.
  A row-wise kind with no entry in :data:`SPARK_SQL` (one registered in
  :mod:`newsframe.contracts.kinds` and not compiled here) is not dropped: its **reference
  expression** (the kind's Polars ``valid``) runs on the executors, over Arrow batches of the
  columns it reads (``mapInArrow``). A column or frame kind with neither is ``skipped``, with why;
* **relations** (``fk-missing``, ``cardinality-missing``) as left anti-joins.

Tables come as Spark DataFrames (numbered with ``__row``, the 0-based row in file order, so that
failing rows name the same ``row`` as the local engines) or as Polars frames, which are sent to
Spark. Results carry ``engine="spark"``. pyspark is imported inside the functions that use it.

Examples
--------
>>> from newsframe.contracts import load_contracts
>>> rules = {r.slug: r for r in load_contracts()["events"].rules}
>>> SparkEngine().supports(rules["out-of-range"]), SparkEngine().supports(rules["number-ungrounded"])
(True, False)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import polars as pl

from newsframe.contracts.engines.polars import column_problems, schema_results, skip_reason
from newsframe.contracts.kinds import Bounds, kind_of, passes
from newsframe.contracts.model import Contract, ContractSet, Rule
from newsframe.contracts.relations import target_absent
from newsframe.results import SAMPLE_SIZE, CheckResult

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

__all__ = ["ENGINE", "SPARK_SQL", "SparkEngine", "as_spark"]

ENGINE = "spark"
"""The ``engine`` of the results of the contract rules run on Spark."""

ROW = "__row"
"""The row-number column (:data:`newsframe.spark.frames.ROW`)."""


# ------------------------------------------------------------------------------- row-wise rule kinds


def _bound(rule: Rule, dtypes: Mapping[str, pl.DataType]) -> Column:
    """Numeric bounds as Spark SQL, decoded by the one decoder (:class:`~newsframe.contracts.kinds.Bounds`)."""
    from pyspark.sql import functions as F

    col = F.col(rule.column or "")
    b = Bounds.decode(rule.params)
    parts = []
    if b.low is not None:
        parts.append(col >= b.low if b.low_inclusive else col > b.low)
    if b.high is not None:
        parts.append(col <= b.high if b.high_inclusive else col < b.high)
    if not parts:
        raise ValueError("out-of-range needs minimum, maximum, exclusiveMinimum or exclusiveMaximum")
    return parts[0] if len(parts) == 1 else parts[0] & parts[1]


def _enum(rule: Rule, dtypes: Mapping[str, pl.DataType]) -> Column:
    from pyspark.sql import functions as F

    return F.col(rule.column or "").isin(list(rule.params["values"]))


def _pattern(rule: Rule, dtypes: Mapping[str, pl.DataType]) -> Column:
    from pyspark.sql import functions as F

    pattern = str(rule.params["pattern"])
    return F.col(rule.column or "").rlike(pattern if pattern.startswith("^") else f"^{pattern}")


def _length(rule: Rule, dtypes: Mapping[str, pl.DataType]) -> Column:
    from pyspark.sql import functions as F

    n = F.char_length(F.col(rule.column or ""))
    lo, hi = rule.params.get("minLength"), rule.params.get("maxLength")
    parts = ([n >= lo] if lo is not None else []) + ([n <= hi] if hi is not None else [])
    if not parts:
        raise ValueError("length-out-of-range needs minLength or maxLength")
    return parts[0] if len(parts) == 1 else parts[0] & parts[1]


def _pair_order(rule: Rule, dtypes: Mapping[str, pl.DataType]) -> Column:
    from pyspark.sql import functions as F

    p = rule.params
    lesser, greater = F.col(str(p["lesser"])), F.col(str(p["greater"]))
    ok = (greater >= lesser) if p.get("orEqual") else (greater > lesser)
    return lesser.isNull() | greater.isNull() | ok


def _prefix(rule: Rule, dtypes: Mapping[str, pl.DataType]) -> Column:
    from pyspark.sql import functions as F

    p = rule.params
    c, src = F.col(str(p["column"])), F.col(str(p["source"]))
    ok = c.cast("string") == F.substring(src.cast("string"), 1, int(p["length"]))
    return c.isNull() | src.isNull() | ok


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


def _reference(rule: Rule, dtypes: Mapping[str, pl.DataType]) -> Column:
    from pyspark.sql import functions as F

    p = rule.params
    target = dtypes.get(str(p["column"]))
    expected = F.element_at(_reference_map(rule, target), F.col(str(p["key"])).cast("string"))
    c = F.col(str(p["column"]))
    tol = float(p.get("tolerance", 0) or 0)
    numeric = target is not None and target.is_numeric()
    ok = (F.abs(c - expected) <= tol) if numeric and tol else (c == expected)
    return c.isNull() | expected.isNull() | ok


def _null_island(rule: Rule, dtypes: Mapping[str, pl.DataType]) -> Column:
    from pyspark.sql import functions as F

    zero = None
    for name in rule.params["columns"]:
        part = F.col(str(name)) == 0
        zero = part if zero is None else zero & part
    return F.coalesce(~zero, F.lit(True)) if zero is not None else F.lit(True)


SparkValid = Callable[[Rule, Mapping[str, pl.DataType]], "Column"]

SPARK_SQL: dict[str, SparkValid] = {
    "enum-value": _enum,
    "out-of-range": _bound,
    "pattern-mismatch": _pattern,
    "length-out-of-range": _length,
    "pair-order": _pair_order,
    "prefix-mismatch": _prefix,
    "reference-mismatch": _reference,
    "null-island": _null_island,
}
"""Row-wise kind slug -> its native Spark SQL: True where a row passes, null where the tested value is null
(the semantics of the kind's Polars ``valid``, held to it by ``tests/contracts/test_parity.py``). Optional:
a row-wise kind not listed here runs its Polars reference expression on the executors."""

_BUILT_IN = frozenset({"not-null", "key-duplicate"})
"""Column kinds with no ``valid`` expression, which every engine runs its own way."""


# ------------------------------------------------------------------------------------------ helpers


def as_spark(spark: SparkSession, frame: Any) -> tuple[DataFrame, int]:
    """A Polars or Spark table as a Spark DataFrame with :data:`ROW`, and its row count."""
    from newsframe.spark.frames import with_row_numbers

    if isinstance(frame, pl.LazyFrame):
        frame = frame.collect()
    if isinstance(frame, pl.DataFrame):  # numbered here: no Spark job
        numbered = frame.with_row_index(ROW).with_columns(pl.col(ROW).cast(pl.Int64))
        return spark.createDataFrame(numbered.to_arrow(compat_level=pl.CompatLevel.oldest())), frame.height
    if ROW in frame.columns:
        return frame, frame.count()
    return with_row_numbers(frame)


def _sample(
    frame: DataFrame, fails: Column, columns: list[str], key: tuple[str, ...], n: int
) -> pl.DataFrame:
    """The first ``n`` failing rows by row number: ``row``, the key and the checked columns."""
    from newsframe.spark.frames import to_polars

    keep = [c for c in dict.fromkeys([*key, *columns]) if c in frame.columns]
    picked = frame.filter(fails).orderBy(ROW).limit(n).select(ROW, *keep)
    return to_polars(picked).rename({ROW: "row"})


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


def _reference_flags(
    frame: DataFrame, rules: list[tuple[Rule, pl.DataType | None]], key: tuple[str, ...]
) -> tuple[DataFrame, list[str]]:
    """Rules Spark SQL does not compile, by their Polars reference expression on the executors.

    Returns the table's row number, key and read columns with one boolean column per rule (True where
    the row fails), computed by ``mapInArrow`` over Arrow batches, and those columns' names.
    """
    from pyspark.sql import types as T

    from newsframe.contracts.kinds import rule_columns

    names = [f"__ref{i}" for i in range(len(rules))]
    read = [c for c in dict.fromkeys([ROW, *key, *(c for r, _ in rules for c in rule_columns(r))])]
    sub = frame.select(*[c for c in read if c in frame.columns])
    failing = [(~passes(rule, dtype)).alias(name) for (rule, dtype), name in zip(rules, names, strict=True)]
    schema = T.StructType([*sub.schema.fields, *[T.StructField(n, T.BooleanType(), False) for n in names]])

    def flag(batches: Iterable[Any]) -> Iterator[Any]:  # runs on the executors
        import pyarrow as pa

        for batch in batches:
            table = pl.from_arrow(pa.Table.from_batches([batch]))
            assert isinstance(table, pl.DataFrame)
            flags = table.select(failing)
            arrays = [*batch.columns, *[flags[n].fill_null(False).to_arrow() for n in names]]
            fields = [*batch.schema, *[pa.field(n, pa.bool_(), nullable=False) for n in names]]
            yield pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))

    return sub.mapInArrow(flag, schema), names


# ------------------------------------------------------------------------------------------- engine


class SparkEngine:
    """Contract rules (schema, column, frame, relation) as Spark SQL (see the module docstring)."""

    name = ENGINE
    families = frozenset({"schema", "column", "frame", "relation"})

    def __init__(self, *, spark: SparkSession | None = None, master: str | None = None) -> None:
        self.spark = spark
        self.master = master
        self._persisted: list[DataFrame] = []

    def supports(self, rule: Rule) -> bool:
        """Every schema and relation rule; a column or frame rule natively or by its reference expression."""
        if rule.kind not in self.families:
            return False
        if rule.kind in ("column", "frame"):
            kind = kind_of(rule)
            return rule.slug in _BUILT_IN or rule.slug in SPARK_SQL or (kind is not None and kind.row_wise)
        return True

    def session(self) -> SparkSession:
        """The session given, else the active one, else a new one on ``master`` (default ``local[*]``)."""
        if self.spark is None:
            from newsframe.spark.session import DEFAULT_MASTER, spark_session

            self.spark = spark_session(self.master or DEFAULT_MASTER)
        return self.spark

    def run(
        self,
        contracts: ContractSet,
        tables: Mapping[str, Any],
        *,
        sample_size: int = SAMPLE_SIZE,
        families: Collection[str] | None = None,
        dtype_failures: Mapping[str, Mapping[str, pl.DataFrame]] | None = None,
    ) -> list[CheckResult]:
        """Run the rules of ``families`` of every contract whose table is present.

        ``tables`` are Polars frames (sent to Spark) or Spark DataFrames; ``dtype_failures`` (the values
        that did not convert, ``row`` and ``value``, per table and column) are the samples of
        ``dtype-mismatch``.
        """
        session = self.session()
        frames: dict[str, DataFrame] = {}
        totals: dict[str, int] = {}
        for name, frame in tables.items():
            frames[name], totals[name] = as_spark(session, frame)
        failures: dict[str, dict[str, DataFrame]] = {}
        for table, by_column in (dtype_failures or {}).items():
            for col, bad in by_column.items():
                if bad.height:
                    rows = bad.select(
                        pl.col("row").cast(pl.Int64).alias(ROW), pl.col("value").cast(pl.String)
                    )
                    failures.setdefault(table, {})[col] = session.createDataFrame(rows.to_arrow())
        return self.run_spark(
            contracts, frames, totals, parse_failures=failures, sample_size=sample_size, families=families
        )

    def run_spark(
        self,
        contracts: ContractSet,
        tables: Mapping[str, DataFrame],
        totals: Mapping[str, int],
        *,
        parse_failures: Mapping[str, Mapping[str, DataFrame]] | None = None,
        sample_size: int = SAMPLE_SIZE,
        families: Collection[str] | None = None,
    ) -> list[CheckResult]:
        """:meth:`run` over Spark DataFrames that carry :data:`ROW` (``totals``: their row counts)."""
        from newsframe.spark.frames import polars_dtype

        wanted = self.families if families is None else self.families & set(families)
        results: list[CheckResult] = []
        pending: list[tuple[Contract, DataFrame, list[tuple[Rule, Column, DataFrame]]]] = []
        for contract in contracts:
            frame = tables.get(contract.name)
            if frame is None:
                continue
            total = totals[contract.name]
            dtypes = {f.name: polars_dtype(f.dataType) for f in frame.schema.fields if f.name != ROW}
            if "schema" in wanted:
                failed = (parse_failures or {}).get(contract.name, {})
                results.extend(
                    schema_results(
                        contract,
                        dtypes,
                        total=total,
                        engine=ENGINE,
                        sample_size=sample_size,
                        mismatch=functools.partial(
                            _unconverted,
                            frame=frame,
                            failures=failed,
                            key=contract.key,
                            total=total,
                            n=sample_size,
                        ),
                    )
                )
            if wanted & {"column", "frame"}:
                decided, checks = self._row_rules(contract, frame, dtypes, total=total, families=wanted)
                results.extend(decided)
                pending.append((contract, frame, checks))
        # every condition of every table (and of the reference-flag frames) counted in one job
        jobs: list[tuple[DataFrame, list[Column]]] = []
        for _, _, checks in pending:
            by_frame: dict[int, tuple[DataFrame, list[Column]]] = {}
            for _, fails, on in checks:
                by_frame.setdefault(id(on), (on, []))[1].append(fails)
            jobs.extend(by_frame.values())
        counted = iter(_count_all(jobs))
        for contract, _, checks in pending:
            seen: dict[int, list[int]] = {}
            for _, _, on in checks:
                if id(on) not in seen:
                    seen[id(on)] = next(counted)
            position: dict[int, int] = {}
            for rule, fails, on in checks:
                i = position.get(id(on), 0)
                position[id(on)] = i + 1
                count = seen[id(on)][i]
                sample = (
                    _sample(on, fails, rule.columns, contract.key, sample_size) if count else pl.DataFrame()
                )
                results.append(
                    rule.failures_result(
                        sample,
                        engine=ENGINE,
                        count=count,
                        total=totals[contract.name],
                        sample_size=sample_size,
                    )
                )
        for flagged in self._persisted:
            flagged.unpersist()
        self._persisted.clear()
        if "relation" in wanted:
            results.extend(_relations(contracts, tables, totals, sample_size=sample_size))
        return results

    def _row_rules(
        self,
        contract: Contract,
        frame: DataFrame,
        dtypes: Mapping[str, pl.DataType],
        *,
        total: int,
        families: Collection[str],
    ) -> tuple[list[CheckResult], list[tuple[Rule, Column, DataFrame]]]:
        """The column and frame rules of a table as failure conditions (True where a row breaks the rule).

        Returns the results decided without data (skipped, error) and ``(rule, fails, frame)`` triples to
        count: ``frame`` is the table (with window columns for keys) or, for the rules Spark SQL does not
        compile, the frame of their reference flags.
        """
        from pyspark.sql import Window
        from pyspark.sql import functions as F

        results: list[CheckResult] = []
        checks: list[tuple[Rule, Column | None]] = []
        by_reference: list[tuple[Rule, pl.DataType | None]] = []
        seen: set[str] = set()
        windows: dict[tuple[str, ...], str] = {}
        problems = column_problems(contract, dtypes)
        for rule in contract.rules:
            if rule.kind not in families or rule.kind not in ("column", "frame"):
                continue
            if rule.id in seen:  # a rule declared twice (required + nullValues) is reported once
                continue
            seen.add(rule.id)
            why = skip_reason(rule, contract, problems)
            if why is not None:
                results.append(
                    rule.status_result("skipped", f"not checked: {why}", engine=ENGINE, total=total)
                )
                continue
            kind = kind_of(rule)
            try:
                if rule.slug == "not-null":
                    checks.append((rule, F.col(rule.column or "").isNull()))
                elif rule.slug == "key-duplicate":
                    names = tuple(rule.columns)
                    if names not in windows:
                        windows[names] = f"__dup{len(windows)}"
                        frame = frame.withColumn(
                            windows[names], F.count(F.lit(1)).over(Window.partitionBy(*names))
                        )
                    checks.append((rule, F.col(windows[names]) > 1))
                elif rule.slug in SPARK_SQL:
                    checks.append((rule, F.coalesce(~SPARK_SQL[rule.slug](rule, dtypes), F.lit(False))))
                elif kind is not None and kind.row_wise:
                    column = contract.columns.get(rule.column or "")
                    by_reference.append((rule, column.dtype if column is not None else None))
                    checks.append((rule, None))
                else:
                    results.append(
                        rule.status_result(
                            "skipped",
                            f"not checked: rule kind {rule.slug!r} has no Spark SQL and no row-wise reference "
                            "expression (it runs on the Polars engine)",
                            engine=ENGINE,
                            total=total,
                        )
                    )
            except (ValueError, KeyError) as exc:
                results.append(
                    rule.status_result("error", f"check could not run: {exc}", engine=ENGINE, total=total)
                )
        out: list[tuple[Rule, Column, DataFrame]] = []
        flagged: DataFrame | None = None
        flag_of: dict[int, str] = {}
        if by_reference:
            flagged, flags = _reference_flags(frame, by_reference, contract.key)
            flagged = flagged.persist()  # computed once by the count, read again by the samples
            self._persisted.append(flagged)
            flag_of = {id(rule): n for (rule, _), n in zip(by_reference, flags, strict=True)}
        for rule, fails in checks:
            if fails is None:
                assert flagged is not None
                out.append((rule, F.col(flag_of[id(rule)]), flagged))
            else:
                out.append((rule, fails, frame))
        return results, out


def _unconverted(
    rule: Rule,
    col: str,
    expected: str,
    found: str,
    *,
    frame: DataFrame,
    failures: Mapping[str, DataFrame],
    key: tuple[str, ...],
    total: int,
    n: int,
) -> CheckResult | None:
    """The ``dtype-mismatch`` result of a column whose unconvertible values are known: those rows."""
    from pyspark.sql import functions as F

    from newsframe.spark.frames import to_polars

    bad = failures.get(col)
    if bad is None:
        return None
    count = bad.count()
    keep = [k for k in key if k in frame.columns]
    sample = bad.orderBy(ROW).limit(n)
    if keep:
        sample = sample.join(frame.select(ROW, *keep), on=ROW, how="left")
    picked = to_polars(sample.orderBy(ROW).select(ROW, *keep, F.col("value").alias(col)))
    return rule.failures_result(
        picked.rename({ROW: "row"}),
        engine=ENGINE,
        count=count,
        total=total,
        sample_size=n,
        message=f"{count} value(s) of {col} are not {expected} (read as {found})",
    )


# ------------------------------------------------------------------------------------------ relations


def _relations(
    contracts: ContractSet, tables: Mapping[str, DataFrame], totals: Mapping[str, int], *, sample_size: int
) -> list[CheckResult]:
    """Every relation rule as a left anti-join (null keys skipped), as :mod:`newsframe.contracts.relations`."""
    from pyspark.sql import functions as F

    from newsframe.spark.frames import to_polars

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
