"""Table profiles: row counts, null rates and distinct counts, per column.

The profile goes into ``results.metrics["tables"]``; the HTML report shows it
and ``newsframe diff`` compares it between runs.

Examples
--------
>>> import polars as pl
>>> profile_table(pl.DataFrame({"a": [1, None, 1]}))
{'rows': 3, 'null_rates': {'a': 0.3333}, 'distinct': {'a': 2}}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

__all__ = ["profile_table", "profile_tables"]


def profile_table(frame: pl.DataFrame | pl.LazyFrame) -> dict[str, Any]:
    """Profile one table in a single vectorised pass (a LazyFrame: one streaming query).

    Nested columns (lists, structs) get a null rate but no distinct count.
    """
    lazy = frame.lazy()
    schema = lazy.collect_schema()
    columns = list(schema)
    flat = [c for c, t in schema.items() if not t.is_nested()]
    stats = (
        lazy.select(
            pl.len().alias("rows:"),
            *[pl.col(c).null_count().alias(f"n:{c}") for c in columns],
            *[pl.col(c).n_unique().alias(f"d:{c}") for c in flat],
        )
        .collect(engine="streaming")
        .row(0, named=True)
    )
    rows = int(stats["rows:"])
    if not columns:
        return {"rows": rows, "null_rates": {}, "distinct": {}}
    return {
        "rows": rows,
        "null_rates": {c: round(stats[f"n:{c}"] / rows, 4) if rows else 0.0 for c in columns},
        "distinct": {c: int(stats[f"d:{c}"]) for c in flat},
    }


def profile_tables(tables: Mapping[str, pl.DataFrame | pl.LazyFrame]) -> dict[str, dict[str, Any]]:
    """Profile every table, keyed by table name."""
    return {name: profile_table(frame) for name, frame in tables.items()}
