"""The producer's own gate: what extraction may not write because its own contract would reject it.

Two passes over the finished ``events`` table (vectorised Polars, no per-row Python):

* :func:`ground_quantities` keeps a quantity only when the event's sentence states it, read the way the
  ``number-ungrounded`` check reads numbers (:func:`newsframe.checks.numbers.sentence_numbers`); a count
  the checker cannot read back ("a half-dozen") is left empty rather than written as a guess.
* :func:`clear_conflicting_dates` empties the date of every event that the ``date-conflict`` check would
  flag: the same happening (type, unordered actor pair, trigger word; asserted or future, with a
  target) given disjoint date intervals, within a document exactly and across the documents of a run
  beyond one day. Which of two readings is right cannot be decided from the rows, so neither is kept;
  ``date_text`` stays, so the words remain visible.

Examples
--------
>>> import datetime as dt
>>> import polars as pl
>>> ev = pl.DataFrame({"event_id": ["e1", "e2"], "doc_id": ["d", "d"], "sentence_id": [0, 1],
...     "event_type": ["CONSULT"] * 2, "source_actor_id": ["a", "b"], "target_actor_id": ["b", "a"],
...     "trigger": ["met", "met"], "modality": ["asserted"] * 2, "date_precision": ["day"] * 2,
...     "date_start": [dt.date(2024, 4, 1), dt.date(2024, 3, 1)],
...     "date_end": [dt.date(2024, 4, 1), dt.date(2024, 3, 1)]})
>>> clear_conflicting_dates(ev)["date_start"].to_list()
[None, None]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeVar

import polars as pl

__all__ = ["clear_conflicting_dates", "ground_event_rows", "ground_quantities"]

F = TypeVar("F", pl.DataFrame, pl.LazyFrame)

_DATE_COLUMNS = ("date_start", "date_end", "date_precision")


def ground_quantities(events: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """Empty ``quantity`` where the event's sentence (``doc_id``, ``sentence_id``, ``text``) does not state it.

    Examples
    --------
    >>> ev = pl.DataFrame({"event_id": ["e1", "e2"], "doc_id": ["d", "d"], "sentence_id": [0, 0],
    ...                    "quantity": [500.0, 12.0]})
    >>> s = pl.DataFrame({"doc_id": ["d"], "sentence_id": [0], "text": ["Five hundred rebels, a half-dozen men"]})
    >>> ground_quantities(ev, s)["quantity"].to_list()
    [500.0, None]
    """
    from newsframe.checks.numbers import sentence_numbers

    with_q = events.filter(pl.col("quantity").is_not_null())
    if not with_q.height:
        return events
    sentences = sentences.select("doc_id", pl.col("sentence_id").cast(pl.Int64), "text")
    with_q = with_q.select(
        "event_id",
        "doc_id",
        pl.col("sentence_id").cast(pl.Int64),
        pl.col("quantity").cast(pl.Float64).round(6).alias("value"),
    )
    needed = sentences.join(
        with_q.select("doc_id", "sentence_id").unique(), on=["doc_id", "sentence_id"], how="semi"
    )
    stated = sentence_numbers(needed).select("doc_id", "sentence_id", pl.col("value").round(6)).unique()
    grounded = with_q.join(stated, on=["doc_id", "sentence_id", "value"], how="semi")["event_id"]
    keep = pl.col("event_id").is_in(grounded.implode())
    return events.with_columns(pl.when(keep).then(pl.col("quantity")).otherwise(None).alias("quantity"))


def ground_event_rows(rows: list[dict[str, Any]], sentence_text: Mapping[tuple[str, int], str]) -> None:
    """:func:`ground_quantities` on event rows (dicts) in place; ``sentence_text[(doc_id, sentence_id)]``."""
    with_q = [r for r in rows if r.get("quantity") is not None]
    if not with_q:
        return
    keys = sorted({(r["doc_id"], r["sentence_id"]) for r in with_q})
    sentences = pl.DataFrame(
        [(d, sid, sentence_text[(d, sid)]) for d, sid in keys],
        schema={"doc_id": pl.String, "sentence_id": pl.Int64, "text": pl.String},
        orient="row",
    )
    events = pl.DataFrame(
        [(str(n), r["doc_id"], r["sentence_id"], float(r["quantity"])) for n, r in enumerate(with_q)],
        schema={"event_id": pl.String, "doc_id": pl.String, "sentence_id": pl.Int64, "quantity": pl.Float64},
        orient="row",
    )
    kept = ground_quantities(events, sentences)["quantity"].to_list()
    for r, q in zip(with_q, kept, strict=True):
        r["quantity"] = q


def clear_conflicting_dates(events: F, *, tolerance_days: int = 1) -> F:
    """Empty the interval of every event whose happening carries another, disjoint interval.

    Works on a ``DataFrame`` or a ``LazyFrame`` (window expressions only, as the check computes it).
    """
    tol = dt.timedelta(days=tolerance_days)
    a, b = pl.col("source_actor_id"), pl.col("target_actor_id")
    start = pl.coalesce("date_start", "date_end")
    end = pl.coalesce("date_end", "date_start")
    happening = start.is_not_null() & b.is_not_null() & ~pl.col("modality").is_in(["hypothetical", "negated"])
    s, e = pl.when(happening).then(start), pl.when(happening).then(end)
    key: list[pl.Expr] = [
        pl.col("event_type"),
        pl.min_horizontal(a, b),
        pl.max_horizontal(a, b),
        pl.col("trigger").str.to_lowercase().str.strip_chars(),
    ]
    in_doc = (s > e.min().over([*key, pl.col("doc_id")])) | (e < s.max().over([*key, pl.col("doc_id")]))
    across = (s - tol > e.min().over(key)) | (e + tol < s.max().over(key))
    clear = (happening & (in_doc | across)).fill_null(False)
    return events.with_columns(pl.when(clear).then(None).otherwise(pl.col(c)).alias(c) for c in _DATE_COLUMNS)
