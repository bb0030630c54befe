"""Physical types of the contracts and lossless coercion of tables to them.

A contract's ``physicalType`` names a Polars dtype (``String``, ``Int64``,
``Float64``, ``Date``, ``Boolean``, ``List(String)``...), or one of the SQL spellings
``double``, ``bigint``, ``varchar`` (Float64, Int64, String), which DuckDB and Spark also read. When it is absent,
the ``logicalType`` decides (string → String, integer → Int64, number →
Float64, date → Date, boolean → Boolean, timestamp → Datetime, array → List).

:func:`coerce` brings a table read from CSV or JSON Lines (strings) or from a
foreign Parquet file (Int32, Float32...) to the contract's dtypes, but only
losslessly: a column in which any value does not parse keeps its original
dtype, and the unparsable rows are returned so that validation reports them
as ``dtype-mismatch`` (never silent loss).

Examples
--------
>>> import polars as pl
>>> frame, bad = coerce(pl.DataFrame({"n": ["1", "x"], "code": ["040", "01"]}), {"n": pl.Int64(), "code": pl.String()})
>>> frame.dtypes, bad["n"].to_dicts()
([String, String], [{'row': 1, 'value': 'x'}])
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import polars as pl

__all__ = ["LOGICAL_DEFAULTS", "coerce", "parse_physical_type", "type_name"]

_SIMPLE: dict[str, pl.DataType] = {
    "string": pl.String(),
    "utf8": pl.String(),
    "str": pl.String(),
    "int64": pl.Int64(),
    "int32": pl.Int32(),
    "int16": pl.Int16(),
    "int8": pl.Int8(),
    "uint64": pl.UInt64(),
    "uint32": pl.UInt32(),
    "float64": pl.Float64(),
    "float32": pl.Float32(),
    # SQL spellings that DuckDB, Spark and datacontract-cli read (ODCS physicalType is the engine's type)
    "double": pl.Float64(),
    "bigint": pl.Int64(),
    "varchar": pl.String(),
    "boolean": pl.Boolean(),
    "bool": pl.Boolean(),
    "date": pl.Date(),
    "datetime": pl.Datetime("us"),
}

LOGICAL_DEFAULTS: dict[str, pl.DataType] = {
    "string": pl.String(),
    "integer": pl.Int64(),
    "number": pl.Float64(),
    "date": pl.Date(),
    "boolean": pl.Boolean(),
    "timestamp": pl.Datetime("us"),
}

_LIST = re.compile(r"^list\((.+)\)$", re.IGNORECASE)


def parse_physical_type(text: str) -> pl.DataType:
    """Parse a contract ``physicalType`` into a Polars dtype.

    Raises
    ------
    ValueError
        For a name newsframe does not know.

    Examples
    --------
    >>> parse_physical_type("List(String)")
    List(String)
    """
    name = text.strip()
    match = _LIST.match(name)
    if match:
        return pl.List(parse_physical_type(match.group(1)))
    try:
        return _SIMPLE[name.lower()]
    except KeyError:
        known = ", ".join(sorted({type_name(t) for t in _SIMPLE.values()}))
        raise ValueError(f"unknown physicalType {text!r} (known: {known}, List(<type>))") from None


def type_name(dtype: pl.DataType | type[pl.DataType]) -> str:
    """The contract spelling of a Polars dtype (``Int64``, ``List(String)``).

    Examples
    --------
    >>> type_name(pl.List(pl.String()))
    'List(String)'
    """
    if isinstance(dtype, pl.List):
        inner = dtype.inner
        return f"List({type_name(inner if isinstance(inner, pl.DataType) else inner())})"
    if isinstance(dtype, pl.Datetime):
        return "Datetime"
    return str(dtype.base_type().__name__) if isinstance(dtype, type) else repr(dtype).split("(")[0]


def _parse_expr(name: str, source: pl.DataType, target: pl.DataType) -> pl.Expr | None:
    """An expression turning column ``name`` from ``source`` into ``target``, or None when impossible."""
    col = pl.col(name)
    if source == pl.Null:
        return col.cast(target)
    if source == pl.String:
        text = col.str.strip_chars()
        if target.is_integer() or target.is_float():
            return text.cast(target, strict=False)
        if target == pl.Date:
            return text.str.to_date("%Y-%m-%d", strict=False)
        if isinstance(target, pl.Datetime):
            return text.str.to_datetime(strict=False, time_unit="us").dt.replace_time_zone(None)
        if target == pl.Boolean:
            return text.str.to_lowercase().replace_strict(
                ["true", "false", "1", "0"], [True, False, True, False], default=None, return_dtype=pl.Boolean
            )
        if isinstance(target, pl.List):
            return text.str.json_decode(target)
        return None
    if source.is_numeric() and (target.is_integer() or target.is_float()):
        return col.cast(target, strict=False)
    if source == pl.Datetime and target == pl.Date:
        return None
    return None


def coerce(
    frame: pl.DataFrame, dtypes: Mapping[str, pl.DataType]
) -> tuple[pl.DataFrame, dict[str, pl.DataFrame]]:
    """Cast the columns of ``frame`` to ``dtypes`` where that loses nothing.

    Returns the frame (columns that could not be converted keep their dtype)
    and, per such column, a DataFrame of the offending rows (``row``: 0-based
    row number, ``value``: the original value as text). Columns absent from
    the frame, or already of the right dtype, are left alone.
    """
    plans: dict[str, pl.Expr] = {}
    for name, target in dtypes.items():
        if name not in frame.columns or frame.schema[name] == target:
            continue
        expr = _parse_expr(name, frame.schema[name], target)
        if expr is not None:
            plans[name] = expr
    if not plans:
        return frame, {}
    try:
        parsed = frame.select(*[expr.alias(name) for name, expr in plans.items()])
    except pl.exceptions.PolarsError:
        parsed = pl.DataFrame()
        for name, expr in plans.items():  # one column at a time, to keep the ones that work
            try:
                parsed = parsed.hstack([frame.select(expr.alias(name)).to_series()])
            except pl.exceptions.PolarsError:
                continue
    failures: dict[str, pl.DataFrame] = {}
    replace: list[pl.Series] = []
    for name in parsed.columns:
        source = frame.schema[name]
        original = frame.get_column(name)
        new = parsed.get_column(name)
        lost = original.is_not_null() & new.is_null()
        if source.is_numeric() and new.dtype.is_numeric():
            lost = lost | (new.is_not_null() & (new.cast(source, strict=False) != original).fill_null(True))
        if source == pl.String:
            lost = lost & (original.str.strip_chars() != "")
        if lost.any():
            failures[name] = (
                pl.DataFrame({"value": original.cast(pl.String)})
                .with_row_index("row")
                .filter(lost)
                .with_columns(pl.col("row").cast(pl.Int64))
            )
        else:
            replace.append(new)
    if replace:
        frame = frame.with_columns(replace)
    return frame, failures
