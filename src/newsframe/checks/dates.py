"""Dates: event dates agree with their own words, with the publication date, and with each other.

``date-inconsistent`` re-resolves every ``events.date_text`` against its
document's ``published_at`` with :func:`newsframe.temporal.resolve`, the same
resolver extraction uses but run independently of whatever extractor wrote the
table. ``date-conflict`` compares events that describe the same happening.

Examples
--------
>>> import datetime as dt
>>> import polars as pl
>>> from newsframe.checks import run_check
>>> ev = pl.DataFrame({"event_id": ["e1", "e2"], "doc_id": ["d", "d"], "event_type": ["CONSULT"] * 2,
...     "source_actor_id": ["USA", "CHN"], "target_actor_id": ["CHN", "USA"], "trigger": ["call", "Call"],
...     "date_start": [dt.date(2024, 4, 2), dt.date(2024, 4, 9)],
...     "date_end": [dt.date(2024, 4, 2), dt.date(2024, 4, 9)], "modality": ["asserted"] * 2})
>>> r = run_check("date-conflict", {"events": ev}, params={})[0]
>>> r.status, [s["event_id"] for s in r.sample]
('failed', ['e1', 'e2'])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import polars as pl

from newsframe.checks.base import EVENT_PAIR_COLUMNS, CheckContext, Tables, as_date, event_pairs, missing
from newsframe.results import CheckResult, Severity
from newsframe.temporal import MODALITY_TENSE

__all__ = ["date_conflict", "date_inconsistent", "derive_dates"]

_TENSE = MODALITY_TENSE  # one map for the producer and the checker (newsframe.temporal)


def _resolver() -> Callable[..., Any] | None:
    """:func:`newsframe.temporal.resolve`, or ``None`` when it cannot be imported."""
    try:
        from newsframe.temporal import resolve
    except ImportError:
        return None
    return resolve


def _is_relative() -> Callable[[str], bool] | None:
    """:func:`newsframe.temporal.is_relative`, or ``None`` when it cannot be imported."""
    try:
        from newsframe.temporal import is_relative
    except ImportError:
        return None
    return is_relative


def _resolve_distinct(pairs: pl.DataFrame, resolve: Callable[..., Any]) -> pl.DataFrame:
    """Resolve each distinct ``(date_text, published_at, tense)`` once.

    This is the one place a Python loop runs on the validation path, and it runs
    over the DISTINCT triples only (a few per document at most; a corpus repeats
    "on Tuesday" and "last month" endlessly), never over event rows; the answers
    are joined back onto the events by the caller.
    """
    relative_fn = _is_relative()
    starts: list[dt.date | None] = []
    ends: list[dt.date | None] = []
    relative: list[bool] = []
    for text, published, tense in pairs.iter_rows():
        interval = resolve(text, published, tense=tense)
        starts.append(getattr(interval, "start", None))
        ends.append(getattr(interval, "end", None))
        # Relative: needs the publication date to mean anything ("last month"), and there is none.
        if published is not None:
            relative.append(False)
        elif relative_fn is not None:
            relative.append(bool(relative_fn(text)))
        else:
            relative.append(interval is None)
    return pairs.with_columns(
        pl.Series("resolved_start", starts, dtype=pl.Date),
        pl.Series("resolved_end", ends, dtype=pl.Date),
        pl.Series("_relative", relative, dtype=pl.Boolean),
    )


def derive_dates(events: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """What ``date-inconsistent`` derives from the source, once for every engine.

    Every row of ``events`` (in order, its other columns kept) with ``date_text`` as text, its interval
    (``date_start``/``date_end`` as ``pl.Date``, a missing end is the start and vice versa), ``modality``
    (null when the table has none), its document's ``published_at`` and ``_has_doc`` (the ``doc_id``
    has a document), and what :func:`newsframe.temporal.resolve` makes of ``date_text``:
    ``resolved_start``/``resolved_end`` (null when it cannot, or when ``newsframe.temporal`` is not
    available) and ``_relative`` (a relative phrase with no publication date to anchor it). The Polars
    check and the GX mirrors (:mod:`newsframe.contracts.gx_factual`) compare these columns.

    Examples
    --------
    >>> import datetime as d
    >>> ev = pl.DataFrame({"event_id": ["e"], "doc_id": ["x"], "date_text": ["yesterday"],
    ...     "date_start": [d.date(2024, 4, 1)], "date_end": [None]})
    >>> docs = pl.DataFrame({"doc_id": ["x"], "published_at": [d.date(2024, 4, 2)]})
    >>> derive_dates(ev, docs).select("date_end", "resolved_start", "_relative").row(0)
    (datetime.date(2024, 4, 1), datetime.date(2024, 4, 1), False)
    """
    dated = ("date_text", "date_start", "date_end", "modality")
    ev = events.select(
        *[c for c in events.columns if c not in dated],
        pl.col("date_text").cast(pl.String),
        as_date(events, "date_start").alias("date_start"),
        as_date(events, "date_end").alias("date_end"),
        (pl.col("modality") if "modality" in events.columns else pl.lit(None, dtype=pl.String)).alias(
            "modality"
        ),
    ).join(
        documents.select(
            "doc_id", as_date(documents, "published_at").alias("published_at"), pl.lit(True).alias("_has_doc")
        ),
        on="doc_id",
        how="left",
        maintain_order="left",
    )
    ev = ev.with_columns(
        pl.coalesce("date_start", "date_end").alias("date_start"),
        pl.coalesce("date_end", "date_start").alias("date_end"),
        pl.col("_has_doc").fill_null(False),
        pl.col("modality").replace_strict(_TENSE, default=None, return_dtype=pl.String).alias("_tense"),
    )
    resolve = _resolver()
    if resolve is None:
        return ev.with_columns(
            pl.lit(None, dtype=pl.Date).alias("resolved_start"),
            pl.lit(None, dtype=pl.Date).alias("resolved_end"),
            pl.lit(False).alias("_relative"),
        )
    keys = ["date_text", "published_at", "_tense"]
    pairs = ev.filter(pl.col("date_text").is_not_null()).select(keys).unique()
    return ev.join(
        _resolve_distinct(pairs, resolve), on=keys, how="left", nulls_equal=True, maintain_order="left"
    ).with_columns(pl.col("_relative").fill_null(False))


def date_inconsistent(tables: Tables, ctx: CheckContext) -> list[CheckResult]:
    """Event dates that contradict their ``date_text`` or the publication date.

    Rationale: dates are where extractors guess most ("on Thursday" is which
    Thursday?), and a wrong date silently moves an event into another news
    cycle. Four rules, reported per column:

    - ``date_start``: the table's ``[date_start, date_end]`` does not overlap the
      interval that ``temporal.resolve(date_text, published_at, tense=...)``
      gives (tense from modality: future → future; asserted, negated → past),
      allowing ``tolerance_days`` (default 0). Unresolvable phrases are not judged.
    - ``modality``: an asserted event that starts after publication, or a future
      event that ends before it.
    - ``date_text`` (warning): a relative phrase ("last month") in a document
      with no ``published_at``: nothing anchors it.

    Example: the seed (published Tuesday 2024-04-02) says Yellen "will travel to
    China on Thursday"; ``date_start=2024-04-11`` fails the first rule (Thursday
    is 2024-04-04); the phone call dated 2024-04-10 and asserted fails the
    second as well.

    Parameters (``params``): ``tolerance_days`` (int, default 0).
    """
    need_ev = ["event_id", "doc_id", "date_text", "date_start", "date_end"]
    why = missing(tables, {"events": need_ev, "documents": ["doc_id", "published_at"]})
    rules = {
        "date_start": "[date_start, date_end] overlaps temporal.resolve(date_text, published_at)",
        "modality": "asserted events start on or before publication; future events end on or after it",
        "date_text": "a relative date_text needs documents.published_at",
    }

    def skip(column: str, message: str) -> CheckResult:
        return ctx.skipped(table="events", column=column, rule=rules[column], message=message)

    if why:
        return [skip(c, why) for c in rules]
    tol = dt.timedelta(days=ctx.number("tolerance_days"))
    events, docs = tables["events"], tables["documents"]

    def report(column: str, bad: pl.DataFrame, severity: Severity | None = None) -> CheckResult:
        return ctx.result(
            table="events",
            column=column,
            rule=rules[column],
            failures=bad.sort("event_id"),
            total_rows=events.height,
            severity=severity,
        )

    no_modality = missing(tables, {"events": ["modality"]})
    ev = derive_dates(events, docs).filter("_has_doc")
    out: list[CheckResult] = []
    pub = pl.col("published_at")
    resolve = _resolver()
    if resolve is None:
        out.append(skip("date_start", "newsframe.temporal.resolve is not available"))
    else:
        bad = ev.filter(
            pub.is_not_null()
            & pl.col("resolved_start").is_not_null()
            & pl.col("date_start").is_not_null()
            & (
                (pl.col("date_end") + tol < pl.col("resolved_start"))
                | (pl.col("date_start") - tol > pl.col("resolved_end"))
            )
        )
        when = ["event_id", "doc_id", "date_text", "published_at", "date_start", "date_end"]
        out.append(report("date_start", bad.select(*when, "resolved_start", "resolved_end")))
    if no_modality:
        out.append(skip("modality", no_modality))
    else:
        bad = ev.filter(
            pub.is_not_null()
            & (
                ((pl.col("modality") == "asserted") & (pl.col("date_start") - tol > pub))
                | ((pl.col("modality") == "future") & (pl.col("date_end") + tol < pub))
            )
        )
        cols = ["event_id", "doc_id", "modality", "date_text", "published_at", "date_start", "date_end"]
        out.append(report("modality", bad.select(cols)))
    if resolve is not None:
        bad = ev.filter(pl.col("_relative").fill_null(False))
        out.append(
            report("date_text", bad.select("event_id", "doc_id", "date_text", "published_at"), "warning")
        )
    return out


def date_conflict(tables: Tables, ctx: CheckContext) -> list[CheckResult]:
    """The same event (type, unordered actor pair, trigger word) given disjoint dates.

    Rationale: one happening has one date. Two rows of the same event type,
    between the same two actors and named by the same trigger word
    (case-insensitive), whose date intervals do not overlap, contradict each
    other: within a document exactly, and across documents beyond
    ``tolerance_days`` (default 1, for time zones and late reports). The trigger
    is part of the identity because the same pair really does meet more than
    once: the seed's Biden-Xi "call" (2024-04-02) and "meeting" (November 2023)
    are two CONSULT events, not a conflict. Hypothetical and negated events are
    not happenings, and one-sided events (no target) are too generic to identify
    a happening ("Labour pledged" in 1997 and in 2001): both are left out. Set
    ``same_trigger: false`` to compare on type and pair alone, and
    ``across_documents: false`` to stay within documents.

    Example: "call" on 2024-04-02 in one row and "call" on 2024-04-09 in another
    row of the same document, both Biden-Xi CONSULT: both rows fail.

    Parameters (``params``): ``tolerance_days`` (int, default 1), ``same_trigger``
    (bool, default true), ``across_documents`` (bool, default true).
    """
    rule = "one event (type, actor pair, trigger) has overlapping date intervals"
    same_trigger = ctx.flag("same_trigger")
    why = missing(tables, {"events": [*EVENT_PAIR_COLUMNS, *(["trigger"] if same_trigger else [])]})
    if why:
        return [ctx.skipped(table="events", column="date_start", rule=rule, message=why)]
    events = tables["events"]
    tol = dt.timedelta(days=ctx.number("tolerance_days"))
    trig = pl.col("trigger").str.to_lowercase().str.strip_chars() if same_trigger else pl.lit("")
    modality = pl.col("modality") if "modality" in events.columns else pl.lit("asserted")
    ev = event_pairs(events, trig.alias("_trigger"), modality.alias("_modality"))
    ev = ev.filter(
        pl.col("_start").is_not_null()
        & pl.col("target_actor_id").is_not_null()
        & ~pl.col("_modality").is_in(["hypothetical", "negated"])
    )
    key = ["event_type", "_a", "_b", "_trigger"]
    # Only an event whose key occurs twice can conflict: a hash filter drops the rest before the windows.
    ev = ev.filter(pl.struct(key).is_duplicated())

    def clash(group: list[str], tolerance: dt.timedelta) -> pl.Expr:
        # Row i is disjoint from at least one other row of its group iff it starts after the group's
        # earliest end or ends before the group's latest start (exact, given start <= end on every row).
        return (pl.col("_start") - tolerance > pl.col("_end").min().over(group)) | (
            pl.col("_end") + tolerance < pl.col("_start").max().over(group)
        )

    in_doc = clash([*key, "doc_id"], dt.timedelta(0))
    across = clash(key, tol) if ctx.flag("across_documents") else pl.lit(False)
    bad = (
        ev.with_columns(in_doc.alias("_in_doc"), across.alias("_across"))
        .filter(pl.col("_in_doc") | pl.col("_across"))
        .select(
            "event_id",
            "doc_id",
            "event_type",
            "source_actor_id",
            "target_actor_id",
            pl.col("_start").alias("date_start"),
            pl.col("_end").alias("date_end"),
            pl.when(pl.col("_in_doc")).then(pl.lit("document")).otherwise(pl.lit("corpus")).alias("scope"),
        )
        .sort("event_id")
    )
    return [
        ctx.result(table="events", column="date_start", rule=rule, failures=bad, total_rows=events.height)
    ]
