"""Find temporal expressions in a sentence: regular expressions, longest match first, context filters.

The spans follow the conventions of :mod:`newsframe.temporal`: a governing "on", "in", "during", "since",
"over", "within" or "throughout" directly before the expression is part of it ("on Tuesday morning",
"in the weeks ahead"); a possessive is not ("Tuesday" in "Tuesday's call"). Durations are not dates:
"their first talk in five months" and "in 24 hours" give nothing.

Examples
--------
>>> [m.text for m in find_dates("Last month 32 Chinese warplanes were detected over Taiwan in just 24 hours.")]
['Last month']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DateMention", "find_dates"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A temporal expression in a text: ``text == source[start:end]`` (character offsets, end exclusive).

    Examples
    --------
    >>> DateMention(0, 9, "yesterday").text
    'yesterday'
    """

    start: int
    end: int
    text: str


def _cap(words: str) -> str:
    """``"last|next"`` → ``"[Ll]ast|[Nn]ext"``: each alternative may open a sentence."""
    return "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" if w[0].isalpha() else w for w in words.split("|"))


_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MONTH = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
_WD = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_NUM = (
    r"(?:\d{1,3}|"
    + _cap(
        "a couple of|a few|a dozen|a|an|one|two|three|four|five|six|seven|eight|nine|ten"
        "|eleven|twelve|fifteen|twenty|thirty|forty|fifty|few|several"
    )
    + ")"
)
_HEDGE = (
    "(?:"
    + _cap(
        "almost|nearly|about|around|roughly|approximately|some|more than|less than|just over|just under|over|at least|barely|only|just|well over"
    )
    + ")"
)
_DAYPART = "(?:morning|afternoon|evening|night|lunchtime)"
_PART = "(?:" + _cap("early|mid|late|the start of|the beginning of|the middle of|the end of") + ")[- ]"
_B = r"(?<![\w'-])"  # a word start that is not inside a hyphenated or apostrophised token
_E = r"(?![\w-])"

_SIMPLE = (
    rf"(?:{_MONTH} {_DAY}(?:,? {_YEAR})?|{_DAY}(?: of)? {_MONTH}(?:,? {_YEAR})?|(?:{_MONTH_FULL})(?:,? {_YEAR})?"
    rf"|{_YEAR}|{_WD})"
)

# (kind, pattern): kind names the context filter applied to the match
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("date", re.compile(rf"{_B}\d{{4}}-\d{{2}}-\d{{2}}{_E}")),
    ("date", re.compile(rf"{_B}(?:{_WD},? )?(?:the )?(?:{_MONTH} {_DAY}(?:,? {_YEAR})?|{_DAY}(?: of)? {_MONTH}(?:,? {_YEAR})?){_E}")),
    ("range", re.compile(rf"{_B}(?:{_cap('between|from')}) (?:the )?{_DAY} (?:and|to|until|-) {_DAY}(?: of)? {_MONTH}(?:,? {_YEAR})?{_E}")),
    ("range", re.compile(rf"{_B}{_DAY} ?[-–] ?{_DAY} {_MONTH}(?:,? {_YEAR})?{_E}")),
    ("range", re.compile(rf"{_B}{_MONTH} {_DAY} ?[-–] ?{_DAY}(?:,? {_YEAR})?{_E}")),
    ("range", re.compile(rf"{_B}(?:{_cap('between|from')}) {_SIMPLE} (?:and|to|until|till|through) {_SIMPLE}{_E}")),
    ("month", re.compile(rf"{_B}(?:(?:{_PART}|(?:{_cap('last|next|this')}) ))?(?:{_MONTH_FULL})(?:,? (?:of )?{_YEAR})?{_E}")),
    ("date", re.compile(rf"{_B}(?:{_PART})?(?:{_MONTH_FULL}) (?:of )?(?:last|next|this) year{_E}")),
    ("range", re.compile(rf"{_B}{_DAY} (?:and|&) {_DAY} {_MONTH}(?:,? {_YEAR})?{_E}")),
    ("date", re.compile(rf"{_B}(?:(?:{_cap('last|next|this')}) )?(?:Christmas Day|Christmas Eve|Boxing Day|New Year's Day|New Year's Eve|Valentine's Day|Halloween|Bastille Day)(?:,? {_YEAR})?{_E}")),
    ("weekday", re.compile(rf"{_B}(?:(?:{_cap('early|late')}) )?(?:(?:{_cap('this past|this coming|the coming|this|last|next')}) )?{_WD}(?: {_DAYPART})?{_E}")),
    ("dayword", re.compile(rf"{_B}(?:{_cap('today|tonight|yesterday|tomorrow|last night|this morning|this afternoon|this evening|earlier today|later today|the day before yesterday|the day after tomorrow')})(?: {_DAYPART})?{_E}")),
    ("relunit", re.compile(rf"{_B}(?:(?:{_cap('earlier|later')}) |{_PART})?(?:{_cap('this|last|next')}) (?:week|month|year|decade){_E}")),
    ("window", re.compile(rf"{_B}(?:{_cap('the past|the last|the coming|the next|the upcoming|the previous|coming|recent|past')})(?: {_NUM})? (?:days|weeks|months|years|decades|week|month|year|fortnight){_E}")),
    ("window", re.compile(rf"{_B}(?:{_cap('the')} )?(?:days|weeks|months|years) (?:ahead|to come){_E}")),
    ("weekend", re.compile(rf"{_B}(?:{_cap('this past|the coming|this|last|next|the')}) weekend{_E}")),
    ("ago", re.compile(rf"{_B}(?:{_HEDGE} )*{_NUM} (?:day|week|fortnight|month|year|decade)s?(?: and a half)? ago{_E}")),
    ("in_n", re.compile(rf"{_B}(?:{_cap('in|within')}) (?:{_HEDGE} )*{_NUM} (?:day|week|fortnight|month|year)s?(?:'? time)?{_E}")),
    ("year", re.compile(rf"{_B}(?:{_PART})?{_YEAR}{_E}(?![,.]\d|%| ?per ?cent)")),
    ("decade", re.compile(rf"{_B}(?:{_cap('the')} )?(?:(?:early|mid|late)[- ])?(?:1[89]|20)\d0s{_E}")),
    ("season", re.compile(rf"{_B}(?:{_PART})?(?:(?:{_cap('this past|the coming|last|next|this|the')}) )?(?:spring|summer|autumn|winter|fall)(?:,? (?:of )?{_YEAR})?{_E}")),
]  # fmt: skip

# every pattern contains one of these; a text without any has no date (the fast path for most sentences)
_ANCHOR = re.compile(
    rf"\d|{_MONTH_FULL}|{_MONTH_ABBR}|{_WD[3:-1]}|Christmas|Boxing|New Year|Valentine|Halloween|Bastille"
    r"|today|tonight|yesterday|tomorrow|night|morning|afternoon|evening|week|month|year|decade|fortnight|days"
    r"|spring|summer|autumn|winter|fall",
    re.IGNORECASE,
)
_PREP = re.compile(r"(?<![\w-])(?:[Oo]n|[Ii]n|[Dd]uring|[Ss]ince|[Oo]ver|[Ww]ithin|[Tt]hroughout) $")
_PREV_WORD = re.compile(r"([\w'-]+)\W*$")
_NEXT_WORD = re.compile(r"^\W*([\w'-]+)")
_TEMPORAL_PREPS = frozenset(
    [
        "in",
        "since",
        "by",
        "until",
        "till",
        "during",
        "of",
        "for",
        "before",
        "after",
        "through",
        "from",
        "between",
        "to",
        "and",
        "early",
        "late",
        "mid",
        "last",
        "next",
        "this",
    ]
)
_WEEKDAY_BEFORE = frozenset(
    ["good", "black", "bloody", "super", "cyber", "ash", "palm", "holy", "easter", "maundy", "shrove"]
)
_WEEKDAY_AFTER = frozenset(
    [
        "times",
        "telegraph",
        "express",
        "mirror",
        "mail",
        "people",
        "post",
        "herald",
        "sport",
        "night",
        "politics",
        "show",
        "club",
        "independent",
        "review",
        "magazine",
        "observer",
        "school",
        "business",
    ]
)
_SUPERLATIVE = re.compile(
    r"\b(?:first|last|highest|lowest|biggest|largest|smallest|worst|best|longest|shortest|strongest|weakest"
    r"|fastest|slowest|most|least|only|once|twice|times|since|ever|\w+est)\b[^.;]*$",
    re.IGNORECASE,
)
_MONTH_NAMES = frozenset(_MONTH_FULL.split("|"))
_SEASON_PREPS = frozenset(
    ["in", "during", "over", "by", "until", "till", "since", "through", "throughout", "before", "after"]
)


def _prev(text: str, start: int) -> str:
    m = _PREV_WORD.search(text[max(0, start - 40) : start])
    return m.group(1) if m else ""


def _next(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text[end : end + 40])
    return m.group(1) if m else ""


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" \t\"'\u201c\u2018(")
    return not before or before[-1] in ".!?:;\n"


def _programme(text: str, start: int, end: int, prev: str, nxt: str) -> bool:
    """BBC Radio 4's Today programme, GMTV's Sunday programme, Sky News' Sunday with Adam Boulton."""
    if text.startswith(("'s ", "\u2019s "), end):
        nxt = _next(text, end + 3)
    if nxt in ("programme", "programmes", "show", "edition") or (
        nxt == "with" and text[end : end + 6] == " with "
    ):
        return True
    possessive = prev.endswith(("'s", "s'")) or text[max(0, start - 2) : start] == "' "
    return (possessive and prev[:1].isupper()) or (prev[:1].isdigit() and prev.endswith("'s"))


def _keep(kind: str, text: str, start: int, end: int) -> bool:
    span = text[start:end]
    prev, nxt = _prev(text, start), _next(text, end)
    prev_l = prev.lower()
    if kind == "month" and span in _MONTH_NAMES:  # a bare month name: Theresa May, Long March, April Ryan
        if prev_l in _TEMPORAL_PREPS - {"the", "and", "to"} or (prev_l == "the" and not nxt[:1].isupper()):
            return True
        if span == "May":
            return False
        if prev[:1].isupper() and not _sentence_start(text, start):
            return False
        return not nxt[:1].isupper() or nxt in _MONTH_NAMES
    if kind == "dayword":
        if (
            span[:1].isupper()
            and not _sentence_start(text, start)
            and span.split()[0] in ("Today", "Tonight")
        ):
            return False  # "told Today": the programme
        return not _programme(text, start, end, prev, nxt)
    if kind == "weekday":
        if prev_l in _WEEKDAY_BEFORE or (nxt.lower() in _WEEKDAY_AFTER and nxt[:1].isupper()):
            return False
        if prev_l in ("a", "every", "each", "any") or _programme(text, start, end, prev, nxt):
            return False
        before = text[max(0, start - 20) : start].rstrip()
        return not re.search(r"\b(?:Mail|Independent|Observer|Express|Mirror) on$", before)
    if kind == "year":
        has_part = not span[:1].isdigit()
        return has_part or prev_l in _TEMPORAL_PREPS or (prev_l in ("the", "year") and not nxt[:1].isdigit())
    if kind == "season":
        words = span.lower().split()
        if span[-4:].isdigit():
            return True
        if "fall" in words and not {"last", "next", "this"} & set(words):
            return False
        if len(words) < 2 or text[end : end + 3] == " of":
            return False
        return words[0] != "the" or prev_l in _SEASON_PREPS
    if kind == "in_n":
        return _SUPERLATIVE.search(text[max(0, start - 80) : start]) is None
    if kind == "window":
        return text[end : end + 3] != " of"
    return True


def find_dates(text: str) -> list[DateMention]:
    """Find the temporal expressions in ``text`` (one sentence or a short passage).

    Parameters
    ----------
    text
        The text to search; offsets in the result index into it.

    Returns
    -------
    list of DateMention
        Non-overlapping mentions in text order; the longest wins where candidates overlap.

    Examples
    --------
    >>> [(m.start, m.text) for m in find_dates("Treasury Secretary Janet Yellen will travel to China on Thursday.")]
    [(53, 'on Thursday')]
    >>> find_dates("We may see One China policy shift within 24 hours.")
    []
    """
    if not text or not _ANCHOR.search(text):
        return []
    candidates: list[tuple[int, int, str]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if _keep(kind, text, m.start(), m.end()):
                candidates.append((m.start(), m.end(), kind))
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    chosen: list[tuple[int, int, str]] = []
    for start, end, kind in candidates:
        if any(start < e and s < end for s, e, _ in chosen):
            continue
        chosen.append((start, end, kind))
    chosen.sort()
    out: list[DateMention] = []
    for start, end, kind in chosen:
        if kind != "in_n" and not text.startswith(("between", "Between", "from", "From"), start):
            prep = _PREP.search(text, max(0, start - 12), start)
            governs = not text.startswith(
                ("'s", "\u2019s"), end
            )  # "in last year's election": "in" governs the noun
            if (
                governs
                and prep
                and prep.end() == start
                and not any(s < start and e > prep.start() for s, e, _ in chosen)
            ):
                start = prep.start()
        out.append(DateMention(start, end, text[start:end]))
    return out
