"""placeholder"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str


def find_dates(text: str) -> list[DateMention]:
    return []
