"""Calendar arithmetic for :mod:`newsframe.temporal`: months, ISO weeks, years and partial periods.

Examples
--------
>>> from datetime import date
>>> add_months(date(2024, 3, 31), -1)
datetime.date(2024, 2, 29)
>>> iso_week(date(2024, 4, 3))
(datetime.date(2024, 4, 1), datetime.date(2024, 4, 7))
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "add_months",
    "add_years",
    "iso_week",
    "month_bounds",
    "month_part",
    "week_part",
    "year_bounds",
    "year_part",
]

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip


def add_months(day: date, months: int) -> date:
    """Shift ``day`` by whole months, clamping the day of month (31 March − 1 month → 29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """Shift ``day`` by whole years (29 February → 28 February in a common year)."""
    return add_months(day, 12 * years)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First and last day of a calendar month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def year_bounds(year: int) -> tuple[date, date]:
    """1 January and 31 December of ``year``."""
    return date(year, 1, 1), date(year, 12, 31)


def iso_week(day: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week that contains ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def month_part(year: int, month: int, part: str) -> tuple[date, date]:
    """Early (days 1–10), mid (11–20) or late (21–end) part of a month; anything else is the whole month."""
    first, last = month_bounds(year, month)
    if part == "early":
        return first, date(year, month, 10)
    if part == "mid":
        return date(year, month, 11), date(year, month, 20)
    if part == "late":
        return date(year, month, 21), last
    return first, last


def year_part(year: int, part: str) -> tuple[date, date]:
    """Early (January–April), mid (May–August) or late (September–December) part of a year."""
    if part == "early":
        return date(year, 1, 1), date(year, 4, 30)
    if part == "mid":
        return date(year, 5, 1), date(year, 8, 31)
    if part == "late":
        return date(year, 9, 1), date(year, 12, 31)
    return year_bounds(year)


def week_part(monday: date, part: str) -> tuple[date, date]:
    """Early (Monday–Wednesday), mid (Tuesday–Thursday) or late (Thursday–Sunday) part of an ISO week."""
    if part == "early":
        return monday, monday + timedelta(days=2)
    if part == "mid":
        return monday + timedelta(days=1), monday + timedelta(days=3)
    if part == "late":
        return monday + timedelta(days=3), monday + timedelta(days=6)
    return monday, monday + timedelta(days=6)
