"""Tables as Spark DataFrames: reading a folder of tables, dtypes, row numbers and lossless coercion.

The Spark side of :mod:`newsframe.tableio` and :func:`newsframe.contracts.dtypes.coerce`: a
folder holds ``<table>.parquet`` (a file, or a folder of Parquet part files as ``newsframe run``
writes at scale), ``<table>.csv`` or ``<table>.jsonl``; CSV is read as text and converted to the
contract dtypes only where every value parses (otherwise the column keeps its type and the
unparsable rows are reported as ``dtype-mismatch``), as the local run does.

Every table gets ``__row``, its 0-based row number in file order (computed in the JVM from the
partition ids, not by numbering rows in Python), so that failing rows name the same ``row`` as the
local engines.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from newsframe.contracts.dtypes import type_name
from newsframe.errors import InputError
from newsframe.tableio import SUFFIXES

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

__all__ = ["ROW", "coerce", "polars_dtype", "read_tables", "spark_type", "to_polars", "with_row_numbers"]

ROW = "__row"
"""The row-number column every table carries on the Spark path (dropped before results are shown)."""


def spark_type(dtype: pl.DataType) -> Any:
    """The Spark SQL type of a contract (Polars) dtype."""
    from pyspark.sql import types as T

    simple = {
        pl.String: T.StringType(),
        pl.Int64: T.LongType(),
        pl.Int32: T.IntegerType(),
        pl.Int16: T.ShortType(),
        pl.Int8: T.ByteType(),
        pl.Float64: T.DoubleType(),
        pl.Float32: T.FloatType(),
        pl.Boolean: T.BooleanType(),
        pl.Date: T.DateType(),
    }
    for base, stype in simple.items():
        if dtype == base:
            return stype
    if isinstance(dtype, pl.Datetime):
        return T.TimestampNTZType() if dtype.time_zone is None else T.TimestampType()
    if isinstance(dtype, pl.List):
        inner = dtype.inner if isinstance(dtype.inner, pl.DataType) else dtype.inner()
        return T.ArrayType(spark_type(inner))
    raise ValueError(f"no Spark type for {type_name(dtype)}")


def polars_dtype(stype: Any) -> pl.DataType:
    """The Polars dtype a Spark SQL type arrives as (through Arrow, as ``toArrow`` gives it)."""
    import pyarrow as pa
    from pyspark.sql.pandas.types import to_arrow_type

    arrow = to_arrow_type(stype)
    if pa.types.is_timestamp(arrow):
        return pl.Datetime("us", arrow.tz)
    return pl.from_arrow(pa.table({"x": pa.array([], type=arrow)})).schema["x"]  # type: ignore[union-attr]


def _table_files(folder: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.is_dir() and path.suffix.lower() in ("", ".parquet") and any(path.rglob("*.parquet")):
            stem = path.name[: -len(path.suffix)] if path.suffix else path.name
        elif path.is_file() and path.suffix.lower() in SUFFIXES:
            stem = path.name[: -len(path.suffix)]
        else:
            continue
        if stem in files:
            raise InputError(f"two files for table {stem!r}: {files[stem].name} and {path.name}", path=folder)
        files[stem] = path
    return files


def read_tables(spark: SparkSession, directory: Path) -> dict[str, tuple[DataFrame, int]]:
    """Every table of a folder as a Spark DataFrame with :data:`ROW`, and its row count, keyed by file stem.

    Raises
    ------
    InputError
        The folder is missing or holds no table, or a file cannot be read (exit code 2).
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise InputError("tables folder not found" if not folder.exists() else "not a folder", path=folder)
    files = _table_files(folder)
    if not files:
        raise InputError(
            f"no table files ({', '.join(SUFFIXES)} or Parquet folders) in this folder", path=folder
        )
    out: dict[str, tuple[DataFrame, int]] = {}
    for name, path in files.items():
        fmt = "parquet" if path.is_dir() else SUFFIXES[path.suffix.lower()]
        try:
            if fmt == "parquet":
                frame = spark.read.parquet(str(path))
            elif fmt == "csv":
                frame = spark.read.option("header", "true").option("inferSchema", "false").csv(str(path))
            elif path.stat().st_size == 0:
                frame = spark.createDataFrame([], "__empty string").drop("__empty")
            else:
                frame = spark.read.option("mode", "FAILFAST").json(str(path))
            out[name] = with_row_numbers(frame)
        except Exception as exc:  # Spark's AnalysisException and friends: name the file, no stack trace
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"cannot read as {fmt} with Spark ({reason[:300]})", path=path) from None
    return out


def with_row_numbers(frame: DataFrame) -> tuple[DataFrame, int]:
    """``frame`` with :data:`ROW`, the 0-based row number in scan order, and its row count (one job, in the JVM).

    ``monotonically_increasing_id`` holds the partition id in its upper 31 bits and the row
    within the partition in its lower 33; the partitions' row counts give each its offset.
    """
    from pyspark.sql import functions as F

    tagged = frame.withColumn("__pid", F.spark_partition_id()).withColumn(
        "__within", F.monotonically_increasing_id().bitwiseAND(F.lit((1 << 33) - 1))
    )
    counts = sorted((r["__pid"], r["count"]) for r in tagged.groupBy("__pid").count().collect())
    offsets: list[Any] = []
    acc = 0
    for pid, n in counts:
        offsets += [F.lit(pid), F.lit(acc)]
        acc += n
    offset = F.element_at(F.create_map(*offsets), F.col("__pid")) if offsets else F.lit(0)
    numbered = tagged.withColumn(ROW, (offset + F.col("__within")).cast("long")).drop("__pid", "__within")
    return numbered, acc


def _parse(col: Column, source: Any, target: pl.DataType) -> Column | None:
    """``col`` from Spark type ``source`` to ``target`` (null where a value does not parse), or None."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    stype = spark_type(target)
    if isinstance(source, T.NullType):
        return col.cast(stype)
    if isinstance(source, T.StringType):
        text = F.trim(col)
        if target.is_integer() or target.is_float():
            return text.cast(stype)
        if target == pl.Date:
            return F.to_date(text, "yyyy-MM-dd")
        if isinstance(target, pl.Datetime):
            return text.cast(stype)
        if target == pl.Boolean:
            low = F.lower(text)
            return F.when(low.isin("true", "1"), F.lit(True)).when(low.isin("false", "0"), F.lit(False))
        if isinstance(target, pl.List):
            return F.from_json(text, stype)
        return None
    if isinstance(source, T.NumericType) and (target.is_integer() or target.is_float()):
        return col.cast(stype)
    return None


def coerce(frame: DataFrame, dtypes: Mapping[str, pl.DataType]) -> tuple[DataFrame, dict[str, DataFrame]]:
    """Cast the columns of ``frame`` to ``dtypes`` where nothing is lost (as :func:`~newsframe.contracts.dtypes.coerce`).

    Returns the frame and, per column that keeps its type because a value does not parse, a
    DataFrame of the offending rows (``__row`` and ``value``, the original as text).
    """
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    schema = {f.name: f.dataType for f in frame.schema.fields}
    plans: dict[str, Column] = {}
    for name, target in dtypes.items():
        if name not in schema or polars_dtype(schema[name]) == target:
            continue
        parsed = _parse(F.col(name), schema[name], target)
        if parsed is not None:
            plans[name] = parsed
    if not plans:
        return frame, {}
    probe = frame.select(
        ROW,
        *[F.col(n).alias(f"o_{i}") for i, n in enumerate(plans)],
        *[p.alias(f"n_{i}") for i, p in enumerate(plans.values())],
    )
    lost_exprs = []
    for i, name in enumerate(plans):
        old, new = F.col(f"o_{i}"), F.col(f"n_{i}")
        lost = old.isNotNull() & new.isNull()
        if isinstance(schema[name], T.StringType):
            lost = lost & (F.trim(old) != "")
        elif isinstance(schema[name], T.NumericType):
            lost = lost | (new.isNotNull() & ~F.coalesce(new.cast(schema[name]) == old, F.lit(False)))
        lost_exprs.append(lost.alias(f"l_{i}"))
    flags = probe.select(ROW, *[F.col(f"o_{i}") for i in range(len(plans))], *lost_exprs)
    counts = flags.agg(
        *[F.sum(F.col(f"l_{i}").cast("long")).alias(f"c_{i}") for i in range(len(plans))]
    ).first()
    failures: dict[str, DataFrame] = {}
    keep: dict[str, Column] = {}
    for i, (name, parsed) in enumerate(plans.items()):
        if counts is not None and (counts[f"c_{i}"] or 0) > 0:
            failures[name] = flags.filter(F.col(f"l_{i}")).select(
                ROW, F.col(f"o_{i}").cast("string").alias("value")
            )
        else:
            keep[name] = parsed
    if keep:
        frame = frame.withColumns(keep)
    return frame, failures


def to_polars(frame: DataFrame) -> pl.DataFrame:
    """Collect a (small) Spark DataFrame as Polars, through Arrow."""
    table = frame.toArrow()
    out = pl.from_arrow(table)
    assert isinstance(out, pl.DataFrame)
    return out
