"""Temporal expressions in news: find them in a sentence and resolve them to honest intervals.

``find_dates`` finds expressions such as "on Tuesday morning", "last month", "almost five months ago" or
"between 3 and 5 May" (character offsets into the sentence). ``resolve`` turns one expression into an
:class:`Interval` (start, end, precision) relative to the publication date. Validation calls ``resolve_many``
over distinct (text, published, tense) triples, so results are cached.

Conventions (what a careful human coder writes; the evaluation set ``seeds/eval/dates.jsonl`` follows them)
---------------------------------------------------------------------------------------------------------
* **Never a fake day.** An interval covers what the text says and no less: "last month" is the whole month.
* **precision** is the calendar unit the expression is stated in: dates, weekdays, "yesterday", weekends and
  day ranges are ``day``; "next week", "two weeks ago", "in the weeks ahead" are ``week``; months, month
  ranges, seasons and "earlier this month" are ``month``; years, decades, "earlier this year", "early 2024"
  are ``year``. Intervals are closed (``end`` is included).
* **Weeks** are ISO weeks, Monday to Sunday: "next week" is Monday..Sunday of the next ISO week.
* **The publication weekday means the publication day**: "Tuesday" in a Tuesday paper is that day.
  Otherwise a bare weekday is the most recent one before publication (past tense), the next one after it
  (future tense), or the nearer of the two (no tense; the earlier on a tie). "last Tuesday" is the most recent
  Tuesday strictly before publication, "next Tuesday" the first strictly after it, "this Tuesday" the one in
  the publication's ISO week. Day parts ("Tuesday morning", "Tuesday's call") do not narrow the day.
* **A month or a day without a year** ("in November", "March 16"): past tense → the latest occurrence
  starting on or before publication; future → the earliest ending on or after publication; no tense → the
  nearest (so "in November" in a January paper is the November just gone). "last November" is the latest
  November before the publication month, "next November" the first after it.
* **"N units ago"** is the calendar unit containing publication − N units (hedges such as "almost", "about",
  "more than" are dropped: the precision carries the vagueness). "almost five months ago" on 2024-04-02 is
  November 2023, precision month. "a few/several units ago" spans 7..2 units back ("in a few months"
  2..7 units ahead).
* **Partial periods.** "earlier this year/month/week" runs from the period's start to publication; "later
  this ..." from publication to the period's end; both keep the period's unit as precision. "early/mid/late"
  split a year into Jan–Apr, May–Aug, Sep–Dec, a month into days 1–10, 11–20, 21–end, a week into Mon–Wed,
  Tue–Thu, Thu–Sun; "the start/end of" mean early/late.
* **Vague windows** include publication: "in the weeks ahead"/"in the coming weeks" = publication .. +6 weeks;
  "in the coming days" = +7 days; "the coming months" = +6 months; "in recent years" = −5 years; with a
  number, that many units ("the past two weeks" = publication − 14 days .. publication); a singular unit is
  one unit ("over the past year" = publication − 1 year .. publication, "the coming week" = +7 days), whereas
  "last/next/this week" (no article) are calendar weeks.
* "October last year", "March next year" fix the year from publication. Fixed-date holidays ("on Christmas
  Day", "New Year's Eve") follow the day-without-year rule.
* "in two weeks" (future or no tense) is the unit containing publication + 2 weeks; in past tense it is a
  duration ("their first talk in five months") and resolves to ``None``. "within two weeks" = the window.
* **Ranges** are the hull of both ends; the left end borrows month and year from the right ("between 3 and
  5 May"); precision is the finer of the two ends.
* "since X" = start of X .. publication. Seasons are meteorological (northern hemisphere): spring Mar–May,
  summer Jun–Aug, autumn Sep–Nov, winter Dec–Feb (winter 2023 = Dec 2023–Feb 2024), precision month.
* Absolute expressions (with a written year) need no publication date; relative ones with ``published=None``
  give ``None``. Ambiguous numeric dates ("04/02/2024") give ``None``. Times of day are ignored.

Examples
--------
>>> from datetime import date
>>> from newsframe.temporal import find_dates, resolve
>>> [m.text for m in find_dates("Yellen will travel to China on Thursday.")]
['on Thursday']
>>> resolve("on Thursday", date(2024, 4, 2), tense="future")
Interval(start=datetime.date(2024, 4, 4), end=datetime.date(2024, 4, 4), precision='day')
>>> resolve("last month", date(2024, 4, 2)).precision
'month'
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

from newsframe.temporal._detect import DateMention, find_dates
from newsframe.temporal._rules import PRECISIONS, Interval, Precision, Tense, resolve_text

__all__ = [
    "MODALITY_TENSE",
    "PRECISIONS",
    "DateMention",
    "Interval",
    "Precision",
    "Tense",
    "find_dates",
    "is_relative",
    "resolve",
    "resolve_frame",
    "resolve_many",
    "settle",
    "tense_for",
]

_PROBE = date(2024, 6, 15)

MODALITY_TENSE: dict[str, Tense] = {"future": "future", "asserted": "past", "negated": "past"}
"""Event modality → the tense a date expression is resolved in. A hypothetical event has no tense (``None``).

The producer (``newsframe.extract``) and the checker (``date-inconsistent``) both read this one map, so they
resolve every expression the same way."""


def _as_date(published: date | None) -> date | None:
    if isinstance(published, datetime):
        return published.date()
    return published


@lru_cache(maxsize=65536)
def _cached(date_text: str, published: date | None, tense: Tense) -> Interval | None:
    try:
        return resolve_text(date_text, published, tense)
    except (ValueError, OverflowError):  # arithmetic beyond year 1..9999 (a corrupt published_at)
        return None


def resolve(date_text: str, published: date | None, *, tense: Tense = None) -> Interval | None:
    """Resolve a temporal expression to an interval, relative to the publication date.

    Parameters
    ----------
    date_text
        The expression as written, e.g. "on Tuesday morning", "almost five months ago", "April 2, 2024".
    published
        Publication date of the document (a ``datetime`` is reduced to its date); ``None`` leaves only
        absolute expressions resolvable.
    tense
        "past" or "future" from the governing verb, or ``None`` when unknown (see the module conventions).

    Returns
    -------
    Interval or None
        ``None`` when the text is not a date expression, or is relative and ``published`` is ``None``.

    Examples
    --------
    >>> from datetime import date
    >>> resolve("in November", date(2024, 1, 10), tense="past")
    Interval(start=datetime.date(2023, 11, 1), end=datetime.date(2023, 11, 30), precision='month')
    >>> resolve("next week", date(2024, 4, 2))
    Interval(start=datetime.date(2024, 4, 8), end=datetime.date(2024, 4, 14), precision='week')
    >>> resolve("last month", None) is None
    True
    """
    if not isinstance(date_text, str) or not date_text.strip():
        return None
    if tense not in (None, "past", "future"):
        raise ValueError(f"tense must be 'past', 'future' or None, not {tense!r}")
    return _cached(date_text, _as_date(published), tense)


def tense_for(modality: str | None) -> Tense:
    """The resolution tense of an event modality (:data:`MODALITY_TENSE`; ``None`` for hypothetical or unknown).

    Examples
    --------
    >>> tense_for("asserted"), tense_for("future"), tense_for("hypothetical")
    ('past', 'future', None)
    """
    return MODALITY_TENSE.get(modality or "")


def settle(date_text: str, published: date | None, modality: str) -> tuple[str, Interval | None]:
    """The modality and interval a producer may write for an event dated by ``date_text``.

    The interval is what the checker re-resolves (``resolve(date_text, published, tense_for(modality))``),
    and it must agree with the modality: an *asserted* event does not start after publication, a *future*
    one does not end before it. When the words point after publication ("next Tuesday", "this weekend"
    in an asserted sentence), the event is planned: the modality becomes ``future`` and the expression is
    resolved as such. When no reading agrees, the interval is ``None`` (the producer leaves the date empty
    rather than write a row its own contract rejects).

    Examples
    --------
    >>> from datetime import date
    >>> settle("next Tuesday", date(2024, 4, 4), "asserted")
    ('future', Interval(start=datetime.date(2024, 4, 9), end=datetime.date(2024, 4, 9), precision='day'))
    >>> settle("on Tuesday", date(2024, 4, 4), "asserted")[1].start
    datetime.date(2024, 4, 2)
    >>> settle("last week", date(2024, 4, 4), "future")
    ('future', None)
    """
    published = _as_date(published)
    interval = resolve(date_text, published, tense=tense_for(modality))
    if interval is None or published is None:
        return modality, interval
    if modality == "asserted" and interval.start > published:
        planned = resolve(date_text, published, tense="future")
        if planned is not None and planned.end >= published:
            return "future", planned
        return modality, None
    if modality == "future" and interval.end < published:
        return modality, None
    return modality, interval


def resolve_many(pairs: Iterable[tuple[str, date | None, Tense]]) -> list[Interval | None]:
    """Resolve many (date_text, published, tense) triples; repeated triples are resolved once (cached).

    Examples
    --------
    >>> from datetime import date
    >>> out = resolve_many([("yesterday", date(2024, 4, 2), None), ("2023", None, None)])
    >>> [i.start.isoformat() if i else None for i in out]
    ['2024-04-01', '2023-01-01']
    """
    return [
        resolve(text, published, tense=tense) if isinstance(text, str) else None
        for text, published, tense in pairs
    ]


def is_relative(date_text: str) -> bool:
    """Whether the expression needs a publication date to resolve ("last month": yes; "April 2, 2024": no).

    Text that is no date expression at all is not relative.

    Examples
    --------
    >>> is_relative("last month"), is_relative("2 April 2024"), is_relative("banana")
    (True, False, False)
    """
    if resolve(date_text, None) is not None:
        return False
    return resolve(date_text, _PROBE) is not None or resolve(date_text, _PROBE, tense="future") is not None


def resolve_frame(
    frame: pl.DataFrame,
    *,
    text: str = "date_text",
    published: str = "published_at",
    tense: str | None = None,
    prefix: str = "resolved_",
) -> pl.DataFrame:
    """Add ``<prefix>start``, ``<prefix>end`` and ``<prefix>precision`` columns resolving ``text`` per row.

    Only the distinct (text, published, tense) triples are resolved (in Python, cached); the result is joined
    back in Polars, so the cost grows with the number of distinct expressions, not of rows.

    Parameters
    ----------
    frame
        Any table with a string column ``text`` and a date (or datetime) column ``published``.
    text, published
        Column names. A missing ``published`` column counts as unknown publication dates.
    tense
        Optional column holding "past", "future" or null.
    prefix
        Prefix of the three added columns.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import date
    >>> df = pl.DataFrame({"date_text": ["last month", None], "published_at": [date(2024, 4, 2), None]})
    >>> resolve_frame(df)["resolved_start"].to_list()
    [datetime.date(2024, 3, 1), None]
    """
    import polars as pl

    cols = [pl.col(text).cast(pl.String).alias("__text")]
    if published in frame.columns:
        pub_dtype = frame.schema[published]
        pub = (
            pl.col(published).cast(pl.Date)
            if pub_dtype != pl.String
            else pl.col(published).str.to_date(strict=False)
        )
        cols.append(pub.alias("__pub"))
    else:
        cols.append(pl.lit(None, dtype=pl.Date).alias("__pub"))
    if tense is not None:
        tense_expr = pl.col(tense).cast(pl.String)
        cols.append(
            pl.when(tense_expr.is_in(["past", "future"])).then(tense_expr).otherwise(None).alias("__tense")
        )
    else:
        cols.append(pl.lit(None, dtype=pl.String).alias("__tense"))
    keys = frame.select(cols)
    distinct = keys.unique()
    triples = distinct.rows()
    resolved = resolve_many((t, p, s) for t, p, s in triples)
    table = distinct.with_columns(
        pl.Series(f"{prefix}start", [r.start if r else None for r in resolved], dtype=pl.Date),
        pl.Series(f"{prefix}end", [r.end if r else None for r in resolved], dtype=pl.Date),
        pl.Series(f"{prefix}precision", [r.precision if r else None for r in resolved], dtype=pl.String),
    )
    joined = keys.join(
        table, on=["__text", "__pub", "__tense"], how="left", nulls_equal=True, maintain_order="left"
    )
    return pl.concat([frame, joined.drop("__text", "__pub", "__tense")], how="horizontal")
