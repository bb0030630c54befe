"""The resolution rules behind :func:`newsframe.temporal.resolve` (see the package docstring for the conventions).

Each rule reads a normalised expression (lower case, governing preposition and hedges removed) and returns
an :class:`Interval` or ``None``. Rules are tried in order; dateparser is the last resort, for explicit dates
in shapes the rules do not cover.

Examples
--------
>>> from datetime import date
>>> resolve_text("last month", date(2024, 4, 2), None)
Interval(start=datetime.date(2024, 3, 1), end=datetime.date(2024, 3, 31), precision='month')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from newsframe.temporal._calendar import (
    MONTHS,
    WEEKDAYS,
    add_months,
    add_years,
    iso_week,
    month_bounds,
    month_part,
    week_part,
    year_bounds,
    year_part,
)

__all__ = ["PRECISIONS", "Interval", "Precision", "Tense", "normalise", "resolve_text"]

Precision = Literal["day", "week", "month", "year"]
Tense = Literal["past", "future"] | None
PRECISIONS: tuple[Precision, ...] = ("day", "week", "month", "year")


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval of days ``start..end`` and the precision the expression was stated at.

    Examples
    --------
    >>> from datetime import date
    >>> Interval(date(2024, 3, 1), date(2024, 3, 31), "month").days
    31
    """

    start: date
    end: date
    precision: Precision

    @property
    def days(self) -> int:
        """Number of days in the interval, both ends included."""
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        """Whether ``day`` lies within the interval."""
        return self.start <= day <= self.end


# ---------------------------------------------------------------------------------------------------------
# normalisation
_MONTH_RE = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_WEEKDAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_ORD = r"(?:st|nd|rd|th)?"
_PREPOSITIONS = (
    "as of",
    "on",
    "in",
    "during",
    "at",
    "by",
    "until",
    "till",
    "over",
    "within",
    "throughout",
    "of",
    "for",
    "since",
)
_HEDGES = (
    "just over", "just under", "more than", "less than", "fewer than", "at least", "almost", "nearly", "about",
    "around", "roughly", "approximately", "some", "over", "barely", "exactly", "only", "just", "precisely", "circa",
    "well over",
)  # fmt: skip
_PREFIX_RE = re.compile(r"^(?:" + "|".join(re.escape(p) for p in _PREPOSITIONS + _HEDGES) + r")\s+")
_HEDGE_SET = frozenset(_HEDGES)

_NUMBERS: dict[str, int | None] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "a dozen": 12, "a couple of": 2, "a couple": 2, "couple of": 2, "a few": None, "few": None,
    "several": None, "a handful of": None, "many": None,
}  # fmt: skip
_NUM_RE = r"(?:\d{1,3}|" + "|".join(re.escape(k) for k in sorted(_NUMBERS, key=len, reverse=True)) + r")"
_UNIT_RE = r"(?:day|week|fortnight|month|year|decade)s?"
# Default width (in units) of vague windows: "in the weeks ahead" = 6 weeks, "in recent days" = 7 days.
_WINDOW_DEFAULT = {"day": 7, "week": 6, "month": 6, "year": 5}


def normalise(text: str) -> tuple[str, list[str]]:
    """Lower-case ``text``, unify punctuation, strip possessives and leading prepositions/hedges.

    Returns the normalised text and the stripped leading words (so that "in two weeks" is told apart
    from "two weeks ago").

    Examples
    --------
    >>> normalise("almost five months ago")
    ('five months ago', ['almost'])
    >>> normalise("Tuesday's")
    ('tuesday', [])
    """
    t = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    t = re.sub(r"\s+", " ", t).strip(" ,.;:!?()[]\"'")
    t = re.sub(r"'s$|(?<=s)'$", "", t)
    t = re.sub(r"\bmid (?=\w)", "mid-", t)
    stripped: list[str] = []
    while True:
        m = _PREFIX_RE.match(t)
        if not m:
            break
        stripped.append(m.group(0).strip())
        t = t[m.end() :]
    return t, stripped


# ---------------------------------------------------------------------------------------------------------
# helpers
def _iv(span: tuple[date, date], precision: Precision) -> Interval:
    return Interval(span[0], span[1], precision)


def _day(d: date) -> Interval:
    return Interval(d, d, "day")


def _unit(u: str) -> Precision:
    u = u.rstrip("s")
    if u == "fortnight":
        return "week"
    if u == "decade":
        return "year"
    return u  # type: ignore[return-value]


def _unit_len(u: str) -> int:
    u = u.rstrip("s")
    return {"fortnight": 2, "decade": 10}.get(u, 1)


def _shift(pub: date, unit: Precision, n: int) -> date:
    if unit == "day":
        return pub + timedelta(days=n)
    if unit == "week":
        return pub + timedelta(weeks=n)
    if unit == "month":
        return add_months(pub, n)
    return add_years(pub, n)


def _containing(d: date, unit: Precision) -> tuple[date, date]:
    if unit == "day":
        return d, d
    if unit == "week":
        return iso_week(d)
    if unit == "month":
        return month_bounds(d.year, d.month)
    return year_bounds(d.year)


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBERS.get(word)


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    y = int(text)
    return y if 1800 <= y <= 2199 else None


def _pick_year(
    pub: date, tense: Tense, candidates: Callable[[int], tuple[date, date] | None]
) -> tuple[date, date] | None:
    """Choose among the yearly recurrences of a period (a month, a day of the year, a season).

    past: the latest one starting on or before ``pub``; future: the earliest one ending on or after ``pub``;
    no tense: the one whose middle is nearest to ``pub`` (the earlier one on a tie).
    """
    spans = [s for y in range(pub.year - 2, pub.year + 3) if (s := candidates(y)) is not None]
    if tense == "past":
        past = [s for s in spans if s[0] <= pub]
        return past[-1] if past else None
    if tense == "future":
        future = [s for s in spans if s[1] >= pub]
        return future[0] if future else None

    def distance(s: tuple[date, date]) -> tuple[int, date]:
        if s[0] <= pub <= s[1]:
            return 0, s[0]
        mid = s[0] + (s[1] - s[0]) / 2
        return abs((mid - pub).days), s[0]

    return min(spans, key=distance) if spans else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3)}


def _season(year: int, name: str) -> tuple[date, date]:
    start_month, length = _SEASONS[name]
    start = date(year, start_month, 1)
    end = add_months(start, length) - timedelta(days=1)
    return start, end


_PART = {
    "early": "early", "the start of": "early", "the beginning of": "early", "the middle of": "mid", "mid": "mid",
    "late": "late", "the end of": "late", "end of": "late", "start of": "early", "beginning of": "early",
}  # fmt: skip
_PART_RE = r"(?:(?P<part>early|mid|late|(?:the )?(?:start|beginning|middle|end) of)[- ])?"


# ---------------------------------------------------------------------------------------------------------
# absolute rules (no publication date needed when a year is written)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MDY = re.compile(rf"^(?:{_WEEKDAY_RE},? )?(?:the )?({_MONTH_RE})\.? (\d{{1,2}}){_ORD}(?:,? (\d{{4}}))?$")
_DMY = re.compile(
    rf"^(?:{_WEEKDAY_RE},? )?(?:the )?(\d{{1,2}}){_ORD}(?: of)? ({_MONTH_RE})\.?(?:,? (\d{{4}}))?$"
)
_MONTH = re.compile(
    rf"^{_PART_RE}(?:(?P<rel>last|next|this|the) )?(?P<month>{_MONTH_RE})\.?(?:,? (?:of )?(?P<year>\d{{4}}))?$"
)
_YEAR = re.compile(rf"^{_PART_RE}(?:the year )?(?P<year>\d{{4}})$")
_DECADE = re.compile(r"^(?:the )?(?P<part>early|mid|late)?[- ]?(\d{3})0'?s$")
_SEASON = re.compile(
    r"^(?:(?P<part>early|late|mid)[- ])?(?:(?P<rel>last|next|this|the|this past|the coming) )?"
    r"(?P<season>spring|summer|autumn|fall|winter)(?:,? (?:of )?(?P<year>\d{4}))?$"
)


def _rule_iso(t: str, pub: date | None, tense: Tense) -> Interval | None:
    m = _ISO.match(t)
    if not m:
        return None
    d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
    return _day(d) if d else None


def _month_day(
    month: int, day: int, year_text: str | None, pub: date | None, tense: Tense
) -> Interval | None:
    year = _year(year_text)
    if year_text is not None:
        d = _safe_date(year, month, day) if year else None
        return _day(d) if d else None
    if pub is None or not 1 <= day <= 31:
        return None

    def candidate(y: int) -> tuple[date, date] | None:
        d = _safe_date(y, month, day)
        return (d, d) if d else None

    span = _pick_year(pub, tense, candidate)
    return _iv(span, "day") if span else None


def _rule_mdy(t: str, pub: date | None, tense: Tense) -> Interval | None:
    m = _MDY.match(t)
    if not m:
        return None
    return _month_day(MONTHS[m[1]], int(m[2]), m[3], pub, tense)


def _rule_dmy(t: str, pub: date | None, tense: Tense) -> Interval | None:
    m = _DMY.match(t)
    if not m:
        return None
    return _month_day(MONTHS[m[2]], int(m[1]), m[3], pub, tense)


def _rule_month(t: str, pub: date | None, tense: Tense) -> Interval | None:
    m = _MONTH.match(t)
    if not m:
        return None
    month = MONTHS[m["month"]]
    part = _PART.get(m["part"] or "", "")
    if m["year"] is not None:
        year = _year(m["year"])
        return _iv(month_part(year, month, part), "month") if year else None
    if pub is None:
        return None
    rel = m["rel"]
    if rel == "this":
        year = pub.year
    elif rel == "last":
        year = pub.year if month < pub.month else pub.year - 1
    elif rel == "next":
        year = pub.year if month > pub.month else pub.year + 1
    else:
        span = _pick_year(pub, tense, lambda y: month_bounds(y, month))
        if span is None:
            return None
        year = span[0].year
    return _iv(month_part(year, month, part), "month")


def _rule_year(t: str, pub: date | None, tense: Tense) -> Interval | None:
    m = _YEAR.match(t)
    if not m:
        return None
    year = _year(m["year"])
    return _iv(year_part(year, _PART.get(m["part"] or "", "")), "year") if year else None


def _rule_decade(t: str, pub: date | None, tense: Tense) -> Interval | None:
    m = _DECADE.match(t)
    if not m:
        return None
    first = int(m[2]) * 10
    if not 1800 <= first <= 2190:
        return None
    offsets = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(m["part"] or "", (0, 9))
    return Interval(date(first + offsets[0], 1, 1), date(first + offsets[1], 12, 31), "year")


def _rule_season(t: str, pub: date | None, tense: Tense) -> Interval | None:
    m = _SEASON.match(t)
    if not m:
        return None
    name, rel = m["season"], m["rel"]
    if name == "fall" and rel is None and m["year"] is None:
        return None  # "fall" alone is a verb far more often than a season
    if m["year"] is not None:
        year = _year(m["year"])
        if year is None:
            return None
        span = _season(year, name)
    elif pub is None:
        return None
    elif rel == "this":
        span = _season(pub.year - 1, name) if name == "winter" and pub.month <= 2 else _season(pub.year, name)
    elif rel in ("last", "this past"):
        spans = [_season(y, name) for y in range(pub.year - 2, pub.year + 1)]
        span = [s for s in spans if s[1] < pub][-1]
    elif rel in ("next", "the coming"):
        spans = [_season(y, name) for y in range(pub.year - 1, pub.year + 2)]
        span = next(s for s in spans if s[0] > pub)
    else:
        found = _pick_year(pub, tense, lambda y: _season(y, name))
        if found is None:
            return None
        span = found
    part = m["part"]
    if part:
        thirds = {"early": 0, "mid": 1, "late": 2}[part]
        first = add_months(span[0], thirds)
        span = (first, add_months(first, 1) - timedelta(days=1))
    return _iv(span, "month")


# ---------------------------------------------------------------------------------------------------------
# relative rules (need the publication date)
_DAYWORD = re.compile(
    r"^(?:(?:early|late) )?(?P<word>today|tonight|this (?:morning|afternoon|evening)|earlier today|later today"
    r"|yesterday|last night|tomorrow|the day before yesterday|the day after tomorrow)"
    r"(?: (?:morning|afternoon|evening|night|lunchtime))?$"
)
_WEEKDAY = re.compile(
    rf"^(?:(?:early|late) )?(?:(?P<rel>this|last|next|this past|this coming|the coming|the) )?(?P<wd>{_WEEKDAY_RE})"
    r"(?: (?:morning|afternoon|evening|night|lunchtime|midday))?$"
)
_WEEKEND = re.compile(r"^(?:(?P<rel>the|this|last|next|this past|the coming|the past) )?weekend$")
_RELUNIT = re.compile(
    r"^(?:(?P<mod>earlier|later|early|late|mid|(?:the )?(?:start|beginning|middle|end) of)[- ])?"
    r"(?P<rel>this|last|next|the current|the following|the previous|previous|the same) "
    r"(?P<unit>week|month|year|decade)$"
)
_AGO = re.compile(rf"^(?P<num>{_NUM_RE}) (?P<unit>{_UNIT_RE})(?: and a half)? (?:ago|earlier|before)$")
_IN_N = re.compile(rf"^(?P<num>{_NUM_RE}) (?P<unit>{_UNIT_RE})(?:'? time)?$")
_WIN_FUT = re.compile(
    rf"^(?:the )?(?:coming|next|upcoming|following)(?: (?P<num>{_NUM_RE}))? (?P<unit>{_UNIT_RE})$"
    rf"|^(?:the )?(?:(?P<num2>{_NUM_RE}) )?(?P<unit2>{_UNIT_RE}) (?:ahead|to come)$"
)
_WIN_PAST = re.compile(
    rf"^(?:the )?(?:past|last|previous|recent|preceding)(?: (?P<num>{_NUM_RE}))? (?P<unit>{_UNIT_RE})$"
)
_DAYPART_PAST = {"yesterday": -1, "last night": -1, "the day before yesterday": -2}
_DAYPART_FUT = {"tomorrow": 1, "the day after tomorrow": 2}


def _rule_dayword(t: str, pub: date | None, tense: Tense) -> Interval | None:
    m = _DAYWORD.match(t)
    if not m or pub is None:
        return None
    word = m["word"]
    offset = _DAYPART_PAST.get(word, _DAYPART_FUT.get(word, 0))
    return _day(pub + timedelta(days=offset))


def _rule_weekday(t: str, pub: date | None, tense: Tense) -> Interval | None:
    m = _WEEKDAY.match(t)
    if not m or pub is None:
        return None
    wd, rel = WEEKDAYS[m["wd"]], m["rel"]
    back = (pub.weekday() - wd) % 7  # days back to the most recent such weekday (0 = publication day)
    ahead = (wd - pub.weekday()) % 7
    if rel in ("last", "this past"):
        return _day(pub - timedelta(days=back or 7))
    if rel in ("next", "this coming", "the coming"):
        return _day(pub + timedelta(days=ahead or 7))
    if rel == "this":
        return _day(iso_week(pub)[0] + timedelta(days=wd))
    if tense == "past":
        return _day(pub - timedelta(days=back))
    if tense == "future":
        return _day(pub + timedelta(days=ahead))
    return _day(pub - timedelta(days=back) if back <= ahead else pub + timedelta(days=ahead))


def _rule_weekend(t: str, pub: date | None, tense: Tense) -> Interval | None:
    m = _WEEKEND.match(t)
    if not m or pub is None:
        return None
    rel = m["rel"]
    monday = iso_week(pub)[0]
    this = (monday + timedelta(days=5), monday + timedelta(days=6))
    last = (this[0] - timedelta(days=7), this[1] - timedelta(days=7))
    nxt = (this[0] + timedelta(days=7), this[1] + timedelta(days=7))
    if rel == "this":
        span = this
    elif rel == "last":
        span = last
    elif rel in ("this past", "the past"):
        span = this if pub >= this[0] else last
    elif rel == "next":
        span = nxt
    elif rel == "the coming":
        span = this if pub < this[0] else nxt
    elif tense == "future":
        span = this
    else:
        span = this if pub >= this[0] else last
    return _iv(span, "day")


def _rule_relunit(t: str, pub: date | None, tense: Tense) -> Interval | None:
    m = _RELUNIT.match(t)
    if not m or pub is None:
        return None
    unit, rel, mod = m["unit"], m["rel"], m["mod"]
    step = {
        "last": -1,
        "previous": -1,
        "the previous": -1,
        "next": 1,
        "the coming": 1,
        "the following": 1,
    }.get(rel, 0)
    if unit == "decade":
        decade = (pub.year // 10 + step) * 10
        return Interval(date(decade, 1, 1), date(decade + 9, 12, 31), "year")
    precision: Precision = unit  # type: ignore[assignment]
    span = _containing(_shift(pub, precision, step), precision)
    if mod in ("earlier", "later"):
        if step != 0:
            return None
        return Interval(span[0], pub, precision) if mod == "earlier" else Interval(pub, span[1], precision)
    part = _PART.get(mod or "", "")
    if part:
        if unit == "week":
            span = week_part(span[0], part)
        elif unit == "month":
            span = month_part(span[0].year, span[0].month, part)
        else:
            span = year_part(span[0].year, part)
    return _iv(span, precision)


def _rule_ago(t: str, pub: date | None, tense: Tense) -> Interval | None:
    m = _AGO.match(t)
    if not m or pub is None:
        return None
    unit = _unit(m["unit"])
    scale = _unit_len(m["unit"])
    n = _number(m["num"])
    if n is None:  # "a few weeks ago", "several months ago": between two and seven units back
        return Interval(
            _containing(_shift(pub, unit, -7 * scale), unit)[0],
            _containing(_shift(pub, unit, -2 * scale), unit)[1],
            unit,
        )
    return _iv(_containing(_shift(pub, unit, -n * scale), unit), unit)


def _rule_in_n(t: str, pub: date | None, tense: Tense, stripped: list[str]) -> Interval | None:
    """ "in two weeks" (a point ahead) and "within two weeks" (a window ahead); durations in the past are None."""
    m = _IN_N.match(t)
    if not m or pub is None or tense == "past":
        return None
    preps = [w for w in stripped if w not in _HEDGE_SET]
    if not preps or preps[0] not in ("in", "within"):
        return None
    unit = _unit(m["unit"])
    n = _number(m["num"])
    scale = _unit_len(m["unit"])
    if n is None:  # "in a few months' time": between two and seven units ahead
        if preps[0] == "within":
            return Interval(pub, _shift(pub, unit, 7 * scale), unit)
        return Interval(
            _containing(_shift(pub, unit, 2 * scale), unit)[0],
            _containing(_shift(pub, unit, 7 * scale), unit)[1],
            unit,
        )
    n *= scale
    if preps[0] == "within":
        return Interval(pub, _shift(pub, unit, n), unit)
    return _iv(_containing(_shift(pub, unit, n), unit), unit)


def _window(pub: date, unit_text: str, num: str | None, sign: int) -> Interval | None:
    unit = _unit(unit_text)
    n = _number(num) if num else None
    if num is not None and num not in _NUMBERS and not num.isdigit():
        return None
    if n is None:  # "the past year" is one year; "the coming weeks" a vague plural
        n = _WINDOW_DEFAULT[unit] if unit_text.endswith("s") else 1
    n *= _unit_len(unit_text)
    other = _shift(pub, unit, sign * n)
    return Interval(min(pub, other), max(pub, other), unit)


def _rule_window(t: str, pub: date | None, tense: Tense) -> Interval | None:
    if pub is None:
        return None
    m = _WIN_FUT.match(t)
    if m:
        return _window(pub, m["unit"] or m["unit2"], m["num"] or m["num2"], +1)
    m = _WIN_PAST.match(t)
    if m:
        if m["num"] is None and not m["unit"].endswith("s") and t.startswith(("last", "previous")):
            return None  # "last week" is the calendar week (relunit), not a window
        return _window(pub, m["unit"], m["num"], -1)
    return None


_MONTH_REL_YEAR = re.compile(
    rf"^{_PART_RE}(?P<month>{_MONTH_RE})\.? (?:of )?(?P<rel>last|next|this|the previous|the following) year$"
)
_HOLIDAYS = {
    "christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26), "new year's day": (1, 1),
    "new year's eve": (12, 31), "valentine's day": (2, 14), "halloween": (10, 31), "bastille day": (7, 14),
}  # fmt: skip
_HOLIDAY = re.compile(
    r"^(?:(?P<rel>last|next|this) )?(?P<name>"
    + "|".join(re.escape(h) for h in _HOLIDAYS)
    + r")(?:,? (?P<year>\d{4}))?$"
)


def _rule_month_rel_year(t: str, pub: date | None, tense: Tense) -> Interval | None:
    """ "October last year", "in March next year", "early June this year"."""
    m = _MONTH_REL_YEAR.match(t)
    if not m or pub is None:
        return None
    step = {"last": -1, "the previous": -1, "next": 1, "the following": 1}.get(m["rel"], 0)
    return _iv(month_part(pub.year + step, MONTHS[m["month"]], _PART.get(m["part"] or "", "")), "month")


def _rule_holiday(t: str, pub: date | None, tense: Tense) -> Interval | None:
    """Fixed-date holidays: "on Christmas Day", "New Year's Eve 2023", "last Halloween"."""
    m = _HOLIDAY.match(t.replace("new year day", "new year's day"))
    if not m:
        return None
    month, day = _HOLIDAYS[m["name"]]
    if m["year"] is not None:
        return _month_day(month, day, m["year"], pub, tense)
    if pub is None:
        return None
    rel = m["rel"]
    if rel == "this":
        return _day(date(pub.year, month, day))
    if rel in ("last", "next"):
        this = date(pub.year, month, day)
        if rel == "last":
            return _day(this if this < pub else date(pub.year - 1, month, day))
        return _day(this if this > pub else date(pub.year + 1, month, day))
    return _month_day(month, day, None, pub, tense)


_RULES: tuple[Callable[[str, date | None, Tense], Interval | None], ...] = (
    _rule_iso,
    _rule_month_rel_year,
    _rule_holiday,
    _rule_mdy,
    _rule_dmy,
    _rule_month,
    _rule_year,
    _rule_decade,
    _rule_season,
    _rule_dayword,
    _rule_weekday,
    _rule_weekend,
    _rule_relunit,
    _rule_ago,
    _rule_window,
)

# ---------------------------------------------------------------------------------------------------------
# ranges: "between 3 and 5 May", "from March to May 2024", "March 3-5", "2019-21"
_RANGE = re.compile(r"^(?:from|between) (?P<a>.+?) (?:to|and|until|till|through|thru|-) (?P<b>.+)$")
_RANGE_DAYS_DM = re.compile(
    rf"^(?P<d1>\d{{1,2}}){_ORD} ?(?:-|to|and) ?(?P<b>\d{{1,2}}{_ORD} (?:of )?{_MONTH_RE}.*)$"
)
_RANGE_DAYS_MD = re.compile(
    rf"^(?P<m>{_MONTH_RE})\.? (?P<d1>\d{{1,2}}){_ORD} ?(?:-|to|and) ?(?P<d2>\d{{1,2}}){_ORD}(?P<y>,? \d{{4}})?$"
)
_RANGE_MONTHS = re.compile(rf"^(?P<a>{_MONTH_RE}) ?(?:-|to|and) ?(?P<b>{_MONTH_RE}(?:,? \d{{4}})?)$")
_RANGE_YEARS = re.compile(r"^(?P<a>\d{4}) ?(?:-|to) ?(?P<b>\d{2}|\d{4})$")
_BARE_DAY = re.compile(rf"^(?:the )?(\d{{1,2}}){_ORD}$")
_BARE_MONTH = re.compile(rf"^({_MONTH_RE})\.?$")
_MONTH_DAY_NOYEAR = re.compile(
    rf"^({_MONTH_RE})\.? (\d{{1,2}}){_ORD}$|^(\d{{1,2}}){_ORD}(?: of)? ({_MONTH_RE})\.?$"
)


def _finer(a: Precision, b: Precision) -> Precision:
    return a if PRECISIONS.index(a) <= PRECISIONS.index(b) else b


def _left_of(a: str, right: Interval, pub: date | None, tense: Tense) -> Interval | None:
    """Resolve the left end of a range, borrowing month and year from the resolved right end."""
    m = _BARE_DAY.match(a)
    if m:
        d = _safe_date(right.start.year, right.start.month, int(m[1]))
        return _day(d) if d else None
    m = _BARE_MONTH.match(a)
    if m:
        month = MONTHS[m[1]]
        year = right.start.year if month <= right.start.month else right.start.year - 1
        return _iv(month_bounds(year, month), "month")
    m = _MONTH_DAY_NOYEAR.match(a)
    if m:
        month = MONTHS[m[1] or m[4]]
        day = int(m[2] or m[3])
        year = right.start.year if month <= right.start.month else right.start.year - 1
        d = _safe_date(year, month, day)
        return _day(d) if d else None
    return _resolve_simple(a, pub, tense)


def _range(a: str, b: str, pub: date | None, tense: Tense) -> Interval | None:
    right = _resolve_simple(b, pub, tense)
    if right is None:
        return None
    left = _left_of(a, right, pub, tense)
    if left is None or left.start > right.end:
        return None
    return Interval(left.start, right.end, _finer(left.precision, right.precision))


def _rule_range(t: str, pub: date | None, tense: Tense) -> Interval | None:
    m = _RANGE_DAYS_MD.match(t)
    if m:
        year = (m["y"] or "").lstrip(",")
        return _range(f"{m['m']} {m['d1']}", f"{m['m']} {m['d2']}{',' + year if year else ''}", pub, tense)
    m = _RANGE_YEARS.match(t)
    if m:
        a, b = m["a"], m["b"]
        if len(b) == 2:
            b = a[:2] + b
        return _range(a, b, pub, tense) if int(b) > int(a) else None
    for pattern in (_RANGE, _RANGE_DAYS_DM, _RANGE_MONTHS):
        m = pattern.match(t)
        if m:
            return _range(m["d1"] if "d1" in pattern.groupindex else m["a"], m["b"], pub, tense)
    return None


# ---------------------------------------------------------------------------------------------------------
# dateparser, last resort for explicit dates in other shapes ("2nd of April, 2024", "Sept. 12 2023")
_DP_CANDIDATE = re.compile(rf"\b{_MONTH_RE}\b|\b\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b")
_AMBIGUOUS_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}$")


def _dateparser(t: str, pub: date | None, tense: Tense) -> Interval | None:
    if (
        not _DP_CANDIDATE.search(t)
        or len(t) > 40
        or re.search(r"\b(?:hours?|minutes?|seconds?|per ?cent)\b", t)
    ):
        return None
    m = _AMBIGUOUS_NUMERIC.match(t)
    if m and int(m[1]) <= 12 and int(m[2]) <= 12 and m[1] != m[2]:
        return None  # 04/02/2024: April or February? a careful coder would not guess
    has_year = re.search(r"\b\d{4}\b", t) is not None
    if pub is None and not has_year:
        return None
    from dateparser.date import DateDataParser  # heavy import, only when the rules did not answer

    base = datetime.combine(pub or date(2000, 1, 1), datetime.min.time())
    prefer = {"past": "past", "future": "future"}.get(tense or "", "current_period")
    parser = DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": False},
    )
    data = parser.get_date_data(t)
    if data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    if period in ("time", "day"):
        return _day(d)
    if period == "week":
        return _iv(iso_week(d), "week")
    if period == "month":
        return _iv(month_bounds(d.year, d.month), "month")
    if period == "year":
        return _iv(year_bounds(d.year), "year")
    return None


# ---------------------------------------------------------------------------------------------------------
def _resolve_simple(
    t: str, pub: date | None, tense: Tense, stripped: list[str] | None = None
) -> Interval | None:
    for rule in _RULES:
        found = rule(t, pub, tense)
        if found is not None:
            return found
    if stripped is not None:
        found = _rule_in_n(t, pub, tense, stripped)
        if found is not None:
            return found
    return None


def resolve_text(text: str, pub: date | None, tense: Tense) -> Interval | None:
    """Resolve one expression (see :func:`newsframe.temporal.resolve`)."""
    t, stripped = normalise(text)
    if not t:
        return None
    found = _resolve_simple(t, pub, tense, stripped) or _rule_range(t, pub, tense)
    if found is None and not _RANGE.match(t):
        found = _dateparser(t, pub, tense)
    if found is None:
        return None
    if "since" in stripped:
        if pub is None or found.start > pub:
            return None
        return Interval(found.start, pub, found.precision)
    return found
