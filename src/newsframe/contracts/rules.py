"""The built-in multi-column rules, as Polars expressions that are True on valid rows.

These are the custom rules a contract can declare with ``engine: newsframe``
and compile to Pandera dataframe-level checks (and, for ``pair-order``, to a
GX column-pair expectation):

``pair-order``
    ``greater`` > ``lesser`` (``>=`` with ``orEqual: true``); rows where
    either is null pass. Example: ``end`` after ``start``.
``prefix-mismatch``
    ``column`` equals the first ``length`` characters of ``source``.
    Example: GDELT's EventRootCode is EventCode[:2].
``reference-mismatch``
    ``column`` equals ``referenceColumn`` of the reference CSV row whose
    ``referenceKey`` equals ``key`` (within ``tolerance`` for numbers); keys
    absent from the reference pass (an ``enum-value`` rule catches them).
``null-island``
    the ``columns`` (latitude, longitude) are not all exactly 0.

Examples
--------
>>> import polars as pl
>>> from newsframe.contracts.model import Rule
>>> r = Rule("pair-order", "t", "end", "frame", "end > start", params={"lesser": "start", "greater": "end"})
>>> pl.DataFrame({"start": [0, 5], "end": [3, 5]}).select(valid_expr(r, pl.Int64())).to_series().to_list()
[True, False]
"""

from __future__ import annotations

import functools
from pathlib import Path

import polars as pl

from newsframe.contracts.model import Rule

__all__ = ["reference_table", "rule_columns", "valid_expr"]


def reference_table(path: str) -> pl.DataFrame:
    """A reference CSV read as strings (codes keep their leading zeros), cached until the file changes."""
    st = Path(path).stat()
    return _read_reference(path, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=32)
def _read_reference(path: str, mtime_ns: int, size: int) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def rule_columns(rule: Rule) -> list[str]:
    """The table columns a built-in frame rule reads."""
    p = rule.params
    if rule.slug == "pair-order":
        return [str(p["lesser"]), str(p["greater"])]
    if rule.slug == "prefix-mismatch":
        return [str(p["column"]), str(p["source"])]
    if rule.slug == "reference-mismatch":
        return [str(p["key"]), str(p["column"])]
    if rule.slug == "null-island":
        return [str(c) for c in p["columns"]]
    return []


def valid_expr(rule: Rule, dtype: pl.DataType | None = None) -> pl.Expr:
    """The rule as a boolean Polars expression, True where a row passes.

    ``dtype`` is the dtype of the checked column (for ``reference-mismatch``,
    the reference values are cast to it).
    """
    p = rule.params
    if rule.slug == "pair-order":
        lesser, greater = pl.col(str(p["lesser"])), pl.col(str(p["greater"]))
        ok = (greater >= lesser) if p.get("orEqual") else (greater > lesser)
        return (lesser.is_null() | greater.is_null() | ok).alias(rule.slug)
    if rule.slug == "prefix-mismatch":
        col, src = pl.col(str(p["column"])), pl.col(str(p["source"]))
        ok = col.cast(pl.String) == src.cast(pl.String).str.slice(0, int(p["length"]))
        return (col.is_null() | src.is_null() | ok).alias(rule.slug)
    if rule.slug == "reference-mismatch":
        ref = reference_table(str(p["referencePath"]))
        target = dtype or pl.String()
        mapping = ref.select(
            pl.col(str(p["referenceKey"])).alias("k"),
            pl.col(str(p["referenceColumn"])).cast(target, strict=False).alias("v"),
        ).unique("k", keep="first")
        key = pl.col(str(p["key"])).cast(pl.String)
        expected = key.replace_strict(mapping["k"], mapping["v"], default=None, return_dtype=target)
        col = pl.col(str(p["column"]))
        tol = float(p.get("tolerance", 0) or 0)
        ok = ((col - expected).abs() <= tol) if target.is_numeric() and tol else (col == expected)
        return (col.is_null() | expected.is_null() | ok).alias(rule.slug)
    if rule.slug == "null-island":
        zero = pl.all_horizontal([pl.col(str(c)) == 0 for c in p["columns"]])
        return (~zero).fill_null(True).alias(rule.slug)
    raise ValueError(f"{rule.slug!r} is not a built-in frame rule")
