"""Unit tests for newsframe.temporal: one rule per case, junk that must not be found, the seed article."""

from __future__ import annotations

import doctest
from datetime import date, datetime

import pytest

import newsframe.temporal as temporal
from conftest import shared_path
from newsframe.temporal import (
    DateMention,
    Interval,
    _calendar,
    _detect,
    _rules,
    find_dates,
    is_relative,
    resolve,
    resolve_frame,
    resolve_many,
)

PUB = date(2024, 4, 2)  # the seed article: Tuesday


def iv(start: str, end: str, precision: str) -> Interval:
    return Interval(date.fromisoformat(start), date.fromisoformat(end), precision)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------- resolve
@pytest.mark.parametrize(
    ("text", "published", "tense", "expected"),
    [
        # weekdays
        ("on Tuesday morning", PUB, "past", iv("2024-04-02", "2024-04-02", "day")),
        ("Tuesday", PUB, "future", iv("2024-04-02", "2024-04-02", "day")),
        ("Tuesday's", PUB, None, iv("2024-04-02", "2024-04-02", "day")),
        ("on Thursday", PUB, "future", iv("2024-04-04", "2024-04-04", "day")),
        ("on Thursday", PUB, "past", iv("2024-03-28", "2024-03-28", "day")),
        ("on Thursday", PUB, None, iv("2024-04-04", "2024-04-04", "day")),  # nearer
        ("on Monday", PUB, None, iv("2024-04-01", "2024-04-01", "day")),
        ("last Tuesday", PUB, None, iv("2024-03-26", "2024-03-26", "day")),
        ("next Tuesday", PUB, None, iv("2024-04-09", "2024-04-09", "day")),
        ("this Sunday", PUB, None, iv("2024-04-07", "2024-04-07", "day")),
        ("early Monday", date(2023, 10, 14), "past", iv("2023-10-09", "2023-10-09", "day")),
        # day words
        ("yesterday", PUB, None, iv("2024-04-01", "2024-04-01", "day")),
        ("today", PUB, None, iv("2024-04-02", "2024-04-02", "day")),
        ("tomorrow evening", PUB, None, iv("2024-04-03", "2024-04-03", "day")),
        ("last night", PUB, None, iv("2024-04-01", "2024-04-01", "day")),
        # weeks (ISO, Monday..Sunday)
        ("next week", PUB, None, iv("2024-04-08", "2024-04-14", "week")),
        ("last week", PUB, None, iv("2024-03-25", "2024-03-31", "week")),
        ("this week", date(2024, 12, 30), None, iv("2024-12-30", "2025-01-05", "week")),
        ("earlier this week", PUB, None, iv("2024-04-01", "2024-04-02", "week")),
        ("later this week", PUB, None, iv("2024-04-02", "2024-04-07", "week")),
        ("early next week", PUB, None, iv("2024-04-08", "2024-04-10", "week")),
        ("two weeks ago", PUB, None, iv("2024-03-18", "2024-03-24", "week")),
        ("in two weeks", PUB, "future", iv("2024-04-15", "2024-04-21", "week")),
        ("within two weeks", PUB, "future", iv("2024-04-02", "2024-04-16", "week")),
        ("in the weeks ahead", PUB, "future", iv("2024-04-02", "2024-05-14", "week")),
        ("in the coming weeks", PUB, None, iv("2024-04-02", "2024-05-14", "week")),
        ("in recent weeks", PUB, None, iv("2024-02-20", "2024-04-02", "week")),
        ("the past two weeks", PUB, None, iv("2024-03-19", "2024-04-02", "week")),
        # months
        ("last month", PUB, None, iv("2024-03-01", "2024-03-31", "month")),
        ("Last month", date(2024, 1, 5), None, iv("2023-12-01", "2023-12-31", "month")),
        ("next month", date(2024, 12, 30), None, iv("2025-01-01", "2025-01-31", "month")),
        ("in November", PUB, "past", iv("2023-11-01", "2023-11-30", "month")),
        ("in November", PUB, "future", iv("2024-11-01", "2024-11-30", "month")),
        ("in November", date(2024, 1, 20), None, iv("2023-11-01", "2023-11-30", "month")),
        ("in April", PUB, "past", iv("2024-04-01", "2024-04-30", "month")),
        ("in April", PUB, "future", iv("2024-04-01", "2024-04-30", "month")),
        ("last November", PUB, None, iv("2023-11-01", "2023-11-30", "month")),
        ("next May", PUB, None, iv("2024-05-01", "2024-05-31", "month")),
        ("in mid-March", PUB, "past", iv("2024-03-11", "2024-03-20", "month")),
        ("almost five months ago", PUB, None, iv("2023-11-01", "2023-11-30", "month")),
        ("a few months ago", PUB, None, iv("2023-09-01", "2024-02-29", "month")),
        ("one month ago", date(2024, 3, 31), None, iv("2024-02-01", "2024-02-29", "month")),
        ("earlier this month", PUB, None, iv("2024-04-01", "2024-04-02", "month")),
        ("later this month", PUB, None, iv("2024-04-02", "2024-04-30", "month")),
        ("late last month", PUB, None, iv("2024-03-21", "2024-03-31", "month")),
        ("in the coming months", PUB, None, iv("2024-04-02", "2024-10-02", "month")),
        # years
        ("earlier this year", PUB, None, iv("2024-01-01", "2024-04-02", "year")),
        ("later this year", PUB, None, iv("2024-04-02", "2024-12-31", "year")),
        ("last year", PUB, None, iv("2023-01-01", "2023-12-31", "year")),
        ("a year ago", PUB, None, iv("2023-01-01", "2023-12-31", "year")),
        ("in 2023", None, None, iv("2023-01-01", "2023-12-31", "year")),
        ("in early 2025", None, None, iv("2025-01-01", "2025-04-30", "year")),
        ("mid-2023", None, None, iv("2023-05-01", "2023-08-31", "year")),
        ("the end of next year", PUB, None, iv("2025-09-01", "2025-12-31", "year")),
        ("the 1990s", None, None, iv("1990-01-01", "1999-12-31", "year")),
        ("since 2019", PUB, None, iv("2019-01-01", "2024-04-02", "year")),
        ("in recent years", PUB, None, iv("2019-04-02", "2024-04-02", "year")),
        # explicit dates
        ("April 2, 2024", None, None, iv("2024-04-02", "2024-04-02", "day")),
        ("2 April 2024", None, None, iv("2024-04-02", "2024-04-02", "day")),
        ("2024-04-02", None, None, iv("2024-04-02", "2024-04-02", "day")),
        ("the 2nd of April, 2024", None, None, iv("2024-04-02", "2024-04-02", "day")),
        ("Sept. 25", date(2023, 9, 28), "past", iv("2023-09-25", "2023-09-25", "day")),
        ("on Tuesday, April 9", PUB, None, iv("2024-04-09", "2024-04-09", "day")),
        ("March 16", PUB, None, iv("2024-03-16", "2024-03-16", "day")),
        ("March 16", PUB, "future", iv("2025-03-16", "2025-03-16", "day")),
        ("on December 28", date(2024, 1, 15), "past", iv("2023-12-28", "2023-12-28", "day")),
        ("March 2023", None, None, iv("2023-03-01", "2023-03-31", "month")),
        # ranges
        ("between 3 and 5 May", PUB, None, iv("2024-05-03", "2024-05-05", "day")),
        ("from March to May", date(2024, 1, 15), "past", iv("2023-03-01", "2023-05-31", "month")),
        ("from 12 to 14 December 2019", None, None, iv("2019-12-12", "2019-12-14", "day")),
        ("June 20-25", date(2023, 6, 16), "future", iv("2023-06-20", "2023-06-25", "day")),
        ("3-5 May 2022", None, None, iv("2022-05-03", "2022-05-05", "day")),
        ("between 2015 and 2019", None, None, iv("2015-01-01", "2019-12-31", "year")),
        ("2019-21", None, None, iv("2019-01-01", "2021-12-31", "year")),
        ("from Tuesday to Thursday", date(2025, 3, 3), "future", iv("2025-03-04", "2025-03-06", "day")),
        ("between November and February", date(2024, 3, 10), "past", iv("2023-11-01", "2024-02-29", "month")),
        ("on 29 and 30 July", date(2024, 7, 31), "past", iv("2024-07-29", "2024-07-30", "day")),
        # month + relative year, holidays, singular windows
        ("in October last year", date(2023, 6, 16), None, iv("2022-10-01", "2022-10-31", "month")),
        ("early March next year", PUB, None, iv("2025-03-01", "2025-03-10", "month")),
        ("on Christmas Day", date(2024, 12, 30), "past", iv("2024-12-25", "2024-12-25", "day")),
        ("on Christmas Day", date(2025, 1, 8), None, iv("2024-12-25", "2024-12-25", "day")),
        ("on New Year's Day", date(2024, 12, 30), "future", iv("2025-01-01", "2025-01-01", "day")),
        ("New Year's Eve 2023", None, None, iv("2023-12-31", "2023-12-31", "day")),
        ("over the past year", date(2023, 1, 10), None, iv("2022-01-10", "2023-01-10", "year")),
        ("the coming week", PUB, None, iv("2024-04-02", "2024-04-09", "week")),
        ("the past fortnight", PUB, None, iv("2024-03-19", "2024-04-02", "week")),
        ("in a few months' time", PUB, None, iv("2024-06-01", "2024-11-30", "month")),
        # weekends and seasons
        ("over the weekend", date(2024, 1, 15), "past", iv("2024-01-13", "2024-01-14", "day")),
        ("this weekend", PUB, None, iv("2024-04-06", "2024-04-07", "day")),
        ("last weekend", date(2023, 10, 14), None, iv("2023-10-07", "2023-10-08", "day")),
        ("last summer", date(2024, 1, 15), None, iv("2023-06-01", "2023-08-31", "month")),
        ("next spring", date(2023, 9, 28), None, iv("2024-03-01", "2024-05-31", "month")),
        ("winter 2023", None, None, iv("2023-12-01", "2024-02-29", "month")),
    ],
)
def test_resolve_rules(text: str, published: date | None, tense: str | None, expected: Interval) -> None:
    assert resolve(text, published, tense=tense) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "published", "tense"),
    [
        ("last month", None, None),  # relative, no publication date
        ("on Thursday", None, "future"),
        ("March 16", None, None),  # no year written
        ("in almost five months", PUB, "past"),  # a duration
        ("in just 24 hours", PUB, None),
        ("24 hours", PUB, None),
        ("04/02/2024", None, None),  # April or February: no guess
        ("banana", PUB, None),
        ("", PUB, None),
        ("February 30, 2024", None, None),
        ("the day before", PUB, None),
    ],
)
def test_resolve_none(text: str, published: date | None, tense: str | None) -> None:
    assert resolve(text, published, tense=tense) is None  # type: ignore[arg-type]


def test_resolve_accepts_datetime_and_rejects_bad_tense() -> None:
    assert resolve("yesterday", datetime(2024, 4, 2, 23, 59)) == iv("2024-04-01", "2024-04-01", "day")
    with pytest.raises(ValueError, match="tense"):
        resolve("yesterday", PUB, tense="present")  # type: ignore[arg-type]


@pytest.mark.parametrize("published", [date(1, 1, 1), date(9999, 12, 31)])
def test_resolve_survives_extreme_publication_dates(published: date) -> None:
    for text in ("in May", "next week", "two years ago", "in the coming months", "March 16"):
        resolve(text, published, tense="future")  # no exception; None where the calendar ends
    assert resolve("in May", date(9999, 12, 31), tense="future") is None


def test_dateparser_fallback_for_other_explicit_shapes() -> None:
    assert resolve("13/02/2024", None) == iv("2024-02-13", "2024-02-13", "day")


def test_interval_is_frozen_and_measures_days() -> None:
    interval = iv("2024-03-01", "2024-03-31", "month")
    assert interval.days == 31
    assert interval.contains(date(2024, 3, 15)) and not interval.contains(date(2024, 4, 1))
    with pytest.raises(AttributeError):
        interval.start = date(2024, 1, 1)  # type: ignore[misc]


def test_is_relative() -> None:
    assert is_relative("last month") and is_relative("on Tuesday") and is_relative("March 16")
    assert not is_relative("2 April 2024") and not is_relative("in 2023") and not is_relative("banana")


def test_resolve_many_matches_resolve_and_caches() -> None:
    pairs = [
        ("next week", PUB, None),
        ("next week", PUB, None),
        ("in November", PUB, "future"),
        (None, PUB, None),
    ]
    out = resolve_many(pairs)  # type: ignore[arg-type]
    assert out[0] == out[1] == resolve("next week", PUB)
    assert out[2] == iv("2024-11-01", "2024-11-30", "month")
    assert out[3] is None


def test_resolve_frame_adds_columns_over_distinct_triples() -> None:
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame(
        {
            "date_text": ["on Thursday", "on Thursday", None, "2023"],
            "published_at": [PUB, PUB, PUB, None],
            "tense": ["future", "past", None, "nonsense"],
        }
    )
    out = resolve_frame(frame, tense="tense")
    assert out.columns[-3:] == ["resolved_start", "resolved_end", "resolved_precision"]
    assert out["resolved_start"].to_list() == [date(2024, 4, 4), date(2024, 3, 28), None, date(2023, 1, 1)]
    assert out["resolved_precision"].to_list() == ["day", "day", None, "year"]
    assert out.height == frame.height


# ----------------------------------------------------------------------------------------- find_dates
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Yellen will travel to China on Thursday.", ["on Thursday"]),
        ("It was held on Tuesday morning in Washington.", ["on Tuesday morning"]),
        ("More meetings are due to follow Tuesday's call.", ["Tuesday"]),
        ("They met last month and will meet again next week.", ["last month", "next week"]),
        ("They last spoke in November, at the summit.", ["in November"]),
        ("It was their first call since meeting almost five months ago.", ["almost five months ago"]),
        ("Earlier this year, the adviser said so.", ["Earlier this year"]),
        ("A trip is in the works in the weeks ahead.", ["in the weeks ahead"]),
        ("He said yesterday that today is fine.", ["yesterday", "today"]),
        ("Talks are planned this week.", ["this week"]),
        ("The deal was signed on April 2, 2024.", ["on April 2, 2024"]),
        ("The deal was signed 2 April 2024 in Paris.", ["2 April 2024"]),
        ("The filing is dated 2024-04-02.", ["2024-04-02"]),
        ("The ban was lifted on March 16.", ["on March 16"]),
        ("The festival runs between 3 and 5 May.", ["between 3 and 5 May"]),
        ("Prices rose from March to May.", ["from March to May"]),
        ("Exports fell in 2023.", ["in 2023"]),
        ("Relations soured since 2019.", ["since 2019"]),
        ("He won in last year's election.", ["last year"]),
        ("Thousands marched over the weekend.", ["over the weekend"]),
        ("The bridge reopens next spring.", ["next spring"]),
        ("It has risen in recent years.", ["in recent years"]),
        ("The May elections were close.", ["May"]),
        ("Voting closes on 5 May.", ["on 5 May"]),
        ("Fighting intensified in mid-March.", ["in mid-March"]),
        ("In 1998, the treaty was signed.", ["In 1998"]),
        ("The plan will be ready in two weeks.", ["in two weeks"]),
        ("Inflation peaked in October last year.", ["in October last year"]),
        ("Talks held on 29 and 30 July failed.", ["on 29 and 30 July"]),
        ("A truce began on Christmas Day.", ["on Christmas Day"]),
    ],
)
def test_find_dates(sentence: str, expected: list[str]) -> None:
    found = find_dates(sentence)
    assert [m.text for m in found] == expected
    assert all(sentence[m.start : m.end] == m.text for m in found)


@pytest.mark.parametrize(
    "sentence",
    [
        "We will not accept it, we said.",
        "Planes were detected in just 24 hours.",
        "Washington's 'One China' stance was reaffirmed.",
        "Officials may meet again, and they may not.",
        "May I ask a question?",
        "Theresa May said the talks would continue.",
        "Mrs May met the leaders.",
        "The Long March is taught in schools.",
        "April Ryan asked the press secretary.",
        "She told BBC Radio 4's Today programme that it was fine.",
        "He told GMTV's Sunday programme that he would stand.",
        "The Mail on Sunday reported the story.",
        "The Good Friday Agreement was signed.",
        "It was the fall of Kabul.",
        "The winter of discontent haunted Labour.",
        "It is the lowest point in decades.",
        "It was their first conversation in almost five months.",
        "The highest turnout in 30 years was recorded.",
        "Some 2000 people and 1,999 cars were counted, a 2024% rise.",
        "Shops open on a Sunday now.",
        "",
    ],
)
def test_find_dates_ignores_junk(sentence: str) -> None:
    assert find_dates(sentence) == []


def test_find_dates_offsets_are_python_indices() -> None:
    text = "Über café: talks resumed on Friday."
    (mention,) = find_dates(text)
    assert mention == DateMention(text.index("on Friday"), len(text) - 1, "on Friday")


# ------------------------------------------------------------------------------------------- golden
SEED_DATES = [  # (date_text, tense, start, end, precision) in article order: a careful reader's list
    ("on Tuesday morning", "past", "2024-04-02", "2024-04-02", "day"),
    ("almost five months ago", "past", "2023-11-01", "2023-11-30", "month"),
    ("next month", "future", "2024-05-01", "2024-05-31", "month"),
    ("Tuesday", "past", "2024-04-02", "2024-04-02", "day"),
    ("Last month", "past", "2024-03-01", "2024-03-31", "month"),
    ("in November", "past", "2023-11-01", "2023-11-30", "month"),
    ("Tuesday", None, "2024-04-02", "2024-04-02", "day"),
    ("on Thursday", "future", "2024-04-04", "2024-04-04", "day"),
    ("in the weeks ahead", "future", "2024-04-02", "2024-05-14", "week"),
    ("Earlier this year", "past", "2024-01-01", "2024-04-02", "year"),
    ("November", "past", "2023-11-01", "2023-11-30", "month"),
    ("next week", "future", "2024-04-08", "2024-04-14", "week"),
]


def test_golden_seed_article() -> None:
    text = shared_path("seeds", "000_a51778374016c8c0.txt").read_text(encoding="utf-8")
    mentions = find_dates(text)
    assert [m.text for m in mentions] == [d[0] for d in SEED_DATES]
    for mention, (date_text, tense, start, end, precision) in zip(mentions, SEED_DATES, strict=True):
        assert text[mention.start : mention.end] == date_text
        assert resolve(mention.text, PUB, tense=tense) == iv(start, end, precision), date_text  # type: ignore[arg-type]
    # the durations in the article ("in almost five months", "in just 24 hours") are not dates
    duration_starts = {text.index("in almost five months"), text.index("in just 24 hours")}
    assert not any(m.start <= s < m.end for m in mentions for s in duration_starts)


def test_find_dates_is_fast_enough_for_news() -> None:
    text = (
        "Treasury Secretary Janet Yellen will travel to China on Thursday and has a trip in the weeks ahead. "
        * 50
    )
    assert len(find_dates(text)) == 100


@pytest.mark.parametrize("module", [temporal, _rules, _detect, _calendar])
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.failed == 0 and result.attempted > 0


# ------------------------------------------------------------------------------ settle: one answer
def _gold_expressions() -> list[str]:
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "seeds" / "eval" / "dates.jsonl"
    texts = [json.loads(line)["date_text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [*sorted(set(texts)), "this weekend", "next Tuesday", "May 10", "Tuesday", "in December"]


@pytest.mark.parametrize(
    ("text", "published", "modality", "expected"),
    [
        ("next Tuesday", date(2015, 2, 25), "asserted", ("future", iv("2015-03-03", "2015-03-03", "day"))),
        (
            "Tuesday",
            date(2015, 2, 25),
            "hypothetical",
            ("hypothetical", iv("2015-02-24", "2015-02-24", "day")),
        ),
        (
            "May 10",
            date(2013, 5, 21),
            "hypothetical",
            ("hypothetical", iv("2013-05-10", "2013-05-10", "day")),
        ),
        ("May 10", date(2013, 5, 21), "asserted", ("asserted", iv("2013-05-10", "2013-05-10", "day"))),
        ("last week", date(2024, 4, 4), "future", ("future", None)),
        ("next week", None, "asserted", ("asserted", None)),
    ],
)
def test_settle(
    text: str, published: date | None, modality: str, expected: tuple[str, Interval | None]
) -> None:
    assert temporal.settle(text, published, modality) == expected


def test_settle_agrees_with_what_the_checker_re_resolves() -> None:
    """Every gold expression, on 53 publication dates (every weekday, month and year end), in every modality:
    what settle() lets a producer write is the interval the checker re-resolves, and in time for its modality."""
    from datetime import timedelta

    days = [date(2015, 12, 24) + timedelta(days=11 * k) for k in range(53)]
    checked = 0
    for text in _gold_expressions():
        for published in days:
            for modality in ("asserted", "future", "hypothetical", "negated"):
                mod, interval = temporal.settle(text, published, modality)
                if interval is None:
                    continue
                checked += 1
                assert resolve(text, published, tense=temporal.tense_for(mod)) == interval, (
                    text,
                    published,
                    mod,
                )
                assert not (mod == "asserted" and interval.start > published), (text, published)
                assert not (mod == "future" and interval.end < published), (text, published)
    assert checked > 10_000
