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

import polars as pl

__all__ = ["clear_conflicting_dates", "ground_quantities"]

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
    needed = sentences.join(
        with_q.select("doc_id", "sentence_id").unique(), on=["doc_id", "sentence_id"], how="semi"
    )
    stated = sentence_numbers(needed).select("doc_id", "sentence_id", pl.col("value").round(6)).unique()
    grounded = (
        with_q.select(
            "event_id", "doc_id", "sentence_id", pl.col("quantity").cast(pl.Float64).round(6).alias("value")
        )
        .join(stated, on=["doc_id", "sentence_id", "value"], how="semi")
        .select("event_id")
    )
    keep = pl.col("event_id").is_in(grounded["event_id"].implode())
    return events.with_columns(pl.when(keep).then(pl.col("quantity")).otherwise(None).alias("quantity"))


def clear_conflicting_dates(events: pl.DataFrame, *, tolerance_days: int = 1) -> pl.DataFrame:
    """Empty the interval of every event whose happening carries another, disjoint interval."""
    if not events.height:
        return events
    tol = dt.timedelta(days=tolerance_days)
    a, b = pl.col("source_actor_id"), pl.col("target_actor_id")
    ev = events.with_row_index("_row").with_columns(
        pl.min_horizontal(a, b).alias("_a"),
        pl.max_horizontal(a, b).alias("_b"),
        pl.col("trigger").str.to_lowercase().str.strip_chars().alias("_trigger"),
        pl.coalesce("date_start", "date_end").alias("_start"),
        pl.coalesce("date_end", "date_start").alias("_end"),
    )
    key = ["event_type", "_a", "_b", "_trigger"]
    cand = ev.filter(
        pl.col("_start").is_not_null()
        & b.is_not_null()
        & ~pl.col("modality").is_in(["hypothetical", "negated"])
    ).filter(pl.struct(key).is_duplicated())
    if not cand.height:
        return events

    def clash(group: list[str], tolerance: dt.timedelta) -> pl.Expr:
        return (pl.col("_start") - tolerance > pl.col("_end").min().over(group)) | (
            pl.col("_end") + tolerance < pl.col("_start").max().over(group)
        )

    bad = cand.filter(clash([*key, "doc_id"], dt.timedelta(0)) | clash(key, tol))["_row"].implode()
    clear = pl.int_range(pl.len()).is_in(bad)
    return events.with_columns(
        pl.when(clear).then(None).otherwise(pl.col(c)).alias(c) for c in _DATE_COLUMNS if c in events.columns
    )
