"""Helpers of the Spark parity tests: results as comparable outcomes, fault cases stacked into one table set."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import polars as pl

from newsframe.results import CheckResult

Outcome = tuple[str, int, int | None, tuple[str, ...]]

ID_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "sentences": ("doc_id",),
    "mentions": ("doc_id", "mention_id"),
    "events": ("doc_id", "event_id"),
    "document_topics": ("doc_id",),
    "quotes": ("doc_id", "quote_id"),
}
"""The id columns a fault case's copy of a table gets its prefix in (actors and topics are shared)."""


def outcomes(checks: Iterable[CheckResult]) -> dict[str, Outcome]:
    """Each check by id: status, failing rows, total rows and the sample (as sorted JSON rows)."""
    out: dict[str, Outcome] = {}
    for c in checks:
        rows = tuple(sorted(json.dumps(r, sort_keys=True, default=str) for r in c.sample))
        out[c.id] = (c.status, c.failing_rows, c.total_rows, rows)
    return out


def differences(local: Iterable[CheckResult], spark: Iterable[CheckResult]) -> list[str]:
    """What differs between two runs' results, in words (empty when they agree)."""
    a, b = outcomes(local), outcomes(spark)
    diffs = [f"only local: {k}" for k in sorted(set(a) - set(b))]
    diffs += [f"only spark: {k}" for k in sorted(set(b) - set(a))]
    for k in sorted(set(a) & set(b)):
        if a[k] != b[k]:
            diffs.append(f"{k}: local {a[k][:3]} {a[k][3][:2]} != spark {b[k][:3]} {b[k][3][:2]}")
    return diffs


def set_row(frame: pl.DataFrame, row: int, **values: object) -> pl.DataFrame:
    """``frame`` with the columns in ``values`` set on the 0-based ``row``."""
    idx = pl.int_range(pl.len()) == row
    return frame.with_columns(
        pl.when(idx).then(pl.lit(v, dtype=frame.schema[c])).otherwise(pl.col(c)).alias(c)
        for c, v in values.items()
    )


Fault = Callable[[dict[str, pl.DataFrame]], dict[str, pl.DataFrame]]


def stack(base: Mapping[str, pl.DataFrame], faults: Mapping[str, Fault]) -> dict[str, pl.DataFrame]:
    """One table set holding a corrupted copy of ``base`` per fault case (and one clean copy).

    Each copy's document-level ids get the prefix ``<case>:``, so that a fault breaks only its own
    copy; actors, topics and rejects are shared (one copy, which a fault may still change).
    """
    shared = {n: f for n, f in base.items() if n not in ID_COLUMNS}
    parts: dict[str, list[pl.DataFrame]] = {n: [] for n in base if n in ID_COLUMNS}
    for case, fault in {"clean": lambda t: t, **faults}.items():
        tables = fault({**{n: f for n, f in base.items()}, **shared})
        for name, frame in tables.items():
            if name in ID_COLUMNS:
                prefixed = frame.with_columns(
                    (pl.lit(f"{case}:") + pl.col(c)).alias(c) for c in ID_COLUMNS[name] if c in frame.columns
                )
                parts[name].append(prefixed)
            else:
                shared[name] = frame
    return {**{n: pl.concat(p, how="vertical_relaxed") for n, p in parts.items()}, **shared}


def failing(checks: Iterable[CheckResult]) -> dict[str, Any]:
    """The failing checks by id (failed, warning or error)."""
    return {c.id: c for c in checks if c.status in ("failed", "warning", "error")}
