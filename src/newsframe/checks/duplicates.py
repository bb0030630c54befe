"""Duplicates: two rows of one document that describe the same happening.

Examples
--------
>>> import datetime as dt
>>> import polars as pl
>>> from newsframe.checks import run_check
>>> d = dt.date(2024, 4, 2)
>>> ev = pl.DataFrame({"event_id": ["e1", "e2", "e3"], "doc_id": ["d"] * 3, "event_type": ["CONSULT"] * 3,
...     "source_actor_id": ["USA", "CHN", "USA"], "target_actor_id": ["CHN", "USA", "JPN"],
...     "date_start": [d] * 3, "date_end": [d] * 3})
>>> r = run_check("duplicate-event", {"events": ev}, params={})[0]
>>> r.status, r.failing_rows, r.metrics
('warning', 2, {'duplication_ratio': 0.3333333333333333})
"""

from __future__ import annotations

import polars as pl

from newsframe.checks.base import EVENT_PAIR_COLUMNS, CheckContext, Tables, event_pairs, missing
from newsframe.results import CheckResult

__all__ = ["duplicate_event"]


def duplicate_event(tables: Tables, ctx: CheckContext) -> list[CheckResult]:
    """Events in one document with the same type, the same unordered actor pair and overlapping dates.

    Rationale: news repeats itself ("held a phone call" in the lead, "had
    spoken by telephone" three paragraphs on); an extractor that emits both
    double-counts the happening in every aggregate. Overlapping rows are
    chained into clusters (sorted by start date, a row joins the cluster when it
    starts on or before the latest end so far); every row of a cluster of two or
    more is reported, with ``duplicate_of`` naming another event of its cluster
    (the lowest other ``event_id``), never the row itself.
    The metric ``duplication_ratio`` is the share of event rows that
    deduplication would drop (cluster size minus one, summed, over all rows).
    Undated events are not compared unless ``undated: true``, when they count
    as overlapping each other. A warning by default: restating is not wrong.

    Example: the seed's Biden-Xi CONSULT "phone call" (sentence 0) and
    "spoken ... by telephone" (sentence 5), both 2024-04-02.

    Parameters (``params``): ``undated`` (bool, default false).
    """
    rule = "no two events of a document share type, actor pair and overlapping dates"
    why = missing(tables, {"events": list(EVENT_PAIR_COLUMNS)})
    if why:
        return [ctx.skipped(table="events", column="event_id", rule=rule, message=why)]
    events = tables["events"]
    ev = event_pairs(events).with_columns(
        pl.col("_start").cast(pl.Int32).alias("_s"), pl.col("_end").cast(pl.Int32).alias("_e")
    )
    if ctx.flag("undated"):
        ev = ev.with_columns(pl.col("_s").fill_null(0), pl.col("_e").fill_null(0))
    else:
        ev = ev.filter(pl.col("_s").is_not_null())
    group = ["doc_id", "event_type", "_a", "_b"]
    # Only rows whose (document, type, pair) occurs twice can be duplicates: a hash filter drops the rest.
    ev = ev.filter(pl.struct(group).is_duplicated()).sort([*group, "_s", "event_id"], nulls_last=True)
    # Plain scans over the sorted rows, no per-group windows: a running maximum of the end date that
    # restarts at each group (group number * 2^22 + day, so an earlier group never wins the maximum).
    shifted = [pl.col(c).shift(1) for c in group]
    new_group = pl.any_horizontal(*[pl.col(c).ne_missing(p) for c, p in zip(group, shifted, strict=True)])
    ev = ev.with_columns(new_group.fill_null(True).cum_sum().cast(pl.Int64).alias("_g"))
    running = (pl.col("_g") * 2**22 + pl.col("_e").cast(pl.Int64) + 2**21).cum_max().shift(1)
    prev_end = pl.when(running // 2**22 == pl.col("_g")).then(running % 2**22 - 2**21)
    ev = ev.with_columns((prev_end.is_null() | (pl.col("_s") > prev_end)).alias("_new"))
    # A row belongs to a cluster of two or more when it continues one, or the next row continues its own.
    flagged = ev.with_columns(
        pl.col("_new").cum_sum().alias("_cluster"),
        (~pl.col("_new") | ~pl.col("_new").shift(-1).fill_null(True)).alias("_dup"),
    ).filter("_dup")
    # Each row names another row of its cluster: the lowest event_id, and that row the next lowest.
    # Sorted by (cluster, event_id) both are scans: the cluster's first row and the row after it.
    first = pl.col("_cluster").ne_missing(pl.col("_cluster").shift(1))
    lowest = pl.when(first).then(pl.col("event_id")).forward_fill()
    flagged = flagged.sort("_cluster", "event_id").with_columns(
        pl.when(first).then(pl.col("event_id").shift(-1)).otherwise(lowest).alias("duplicate_of")
    )
    redundant = flagged.filter(~pl.col("_new")).height
    ratio = redundant / events.height if events.height else 0.0
    bad = flagged.select(*EVENT_PAIR_COLUMNS, "duplicate_of").sort("event_id")
    return [
        ctx.result(
            table="events",
            column="event_id",
            rule=rule,
            failures=bad,
            total_rows=events.height,
            metrics={"duplication_ratio": ratio},
        )
    ]
