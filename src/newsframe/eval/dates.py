"""Evaluate :mod:`newsframe.temporal` on a gold set of temporal expressions (``newsframe eval dates``).

Each JSON line holds ``sentence``, ``date_text`` (verbatim in the sentence), ``published`` (ISO date or
null), optional ``tense`` ("past"/"future"), and the expected ``start``, ``end`` and ``precision`` (all null
when the expression must not resolve, e.g. a relative date without a publication date). Optional ``detect``
(default true): when false, the text is a duration rather than a date and ``find_dates`` must not report it.

Two scores:

* ``interval_accuracy``: share of items where ``resolve(date_text, published, tense)`` equals the expected
  start, end and precision exactly;
* ``detection_recall``: share of items where ``find_dates(sentence)`` returns ``date_text`` at its exact
  offsets (or, for ``detect: false`` items, returns nothing overlapping it).

Examples
--------
>>> metrics = evaluate(None)
>>> metrics["task"], metrics["n"] >= 80
('dates', True)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from newsframe.assets import asset_path
from newsframe.errors import InputError
from newsframe.jsonlines import records
from newsframe.temporal import PRECISIONS, find_dates, resolve

__all__ = ["DateItem", "evaluate", "load_items"]

_MAX_ERRORS = 10
DateItem = dict[str, Any]


def _date_field(value: Any, *, path: Path, line: int, field: str, nullable: bool) -> date | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        raise InputError(
            f"{field} must be an ISO date string, got {value!r}", path=path, line=line, field=field
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{field} is not an ISO date: {value!r}", path=path, line=line, field=field
        ) from None


def load_items(path: Path) -> list[DateItem]:
    """Read and check the gold items; a malformed line is an :class:`InputError` naming file, line and field.

    Examples
    --------
    >>> items = load_items(asset_path("seeds", "eval", "dates.jsonl"))
    >>> sorted(items[0])[:3]
    ['date_text', 'detect', 'end']
    """
    items: list[DateItem] = []
    for line_no, record in records(path, what="the dates gold set"):
        for field in ("sentence", "date_text"):
            if not isinstance(record.get(field), str) or not record[field]:
                raise InputError(f"{field} must be a non-empty string", path=path, line=line_no, field=field)
        if record["date_text"] not in record["sentence"]:
            raise InputError(
                "date_text does not occur in sentence", path=path, line=line_no, field="date_text"
            )
        tense = record.get("tense")
        if tense not in (None, "past", "future"):
            raise InputError(
                f"tense must be past, future or null, not {tense!r}",
                path=path,
                line=line_no,
                field="tense",
            )
        precision = record.get("precision")
        if precision is not None and precision not in PRECISIONS:
            raise InputError(f"unknown precision {precision!r}", path=path, line=line_no, field="precision")
        start = _date_field(record.get("start"), path=path, line=line_no, field="start", nullable=True)
        end = _date_field(record.get("end"), path=path, line=line_no, field="end", nullable=True)
        if (start is None) != (end is None) or (start is None) != (precision is None):
            raise InputError("start, end and precision are all set or all null", path=path, line=line_no)
        if start is not None and end is not None and start > end:
            raise InputError("start is after end", path=path, line=line_no, field="start")
        items.append(
            {
                "id": str(record.get("id", line_no)),
                "line": line_no,
                "sentence": record["sentence"],
                "date_text": record["date_text"],
                "published": _date_field(
                    record.get("published"), path=path, line=line_no, field="published", nullable=True
                ),
                "tense": tense,
                "start": start,
                "end": end,
                "precision": precision,
                "detect": bool(record.get("detect", True)),
            }
        )
    if not items:
        raise InputError("dates gold set is empty", path=path)
    return items


def _detected(item: DateItem) -> bool:
    sentence, text = item["sentence"], item["date_text"]
    offset = sentence.find(text)
    mentions = find_dates(sentence)
    if not item["detect"]:
        return not any(m.start < offset + len(text) and offset < m.end for m in mentions)
    return any(m.start == offset and m.end == offset + len(text) for m in mentions)


def evaluate(path: Path | None = None) -> dict[str, Any]:
    """Score detection and resolution on a gold set (default: ``seeds/eval/dates.jsonl``).

    Parameters
    ----------
    path
        JSON lines as described in the module docstring; ``None`` uses the built-in set.

    Returns
    -------
    dict
        ``{"task": "dates", "n", "interval_accuracy", "detection_recall", "by_precision", "errors"}``;
        ``errors`` lists the first mismatches with what was expected and what came out.
    """
    gold = path if path is not None else asset_path("seeds", "eval", "dates.jsonl")
    items = load_items(gold)
    correct = detected = 0
    by_precision: dict[str, list[int]] = {}
    errors: list[dict[str, Any]] = []
    for item in items:
        got = resolve(item["date_text"], item["published"], tense=item["tense"])
        expected = (item["start"], item["end"], item["precision"])
        actual = (got.start, got.end, got.precision) if got is not None else (None, None, None)
        ok = actual == expected
        found = _detected(item)
        correct += ok
        detected += found
        tally = by_precision.setdefault(item["precision"] or "none", [0, 0])
        tally[0] += ok
        tally[1] += 1
        if (not ok or not found) and len(errors) < _MAX_ERRORS:
            errors.append(
                {
                    "id": item["id"],
                    "line": item["line"],
                    "date_text": item["date_text"],
                    "published": item["published"].isoformat() if item["published"] else None,
                    "tense": item["tense"],
                    "expected": [v.isoformat() if isinstance(v, date) else v for v in expected],
                    "got": [v.isoformat() if isinstance(v, date) else v for v in actual],
                    "interval_ok": ok,
                    "detected": found,
                    "found": [m.text for m in find_dates(item["sentence"])],
                }
            )
    n = len(items)
    return {
        "task": "dates",
        "path": str(gold),
        "n": n,
        "interval_accuracy": round(correct / n, 4),
        "detection_recall": round(detected / n, 4),
        "by_precision": {k: round(v[0] / v[1], 4) for k, v in sorted(by_precision.items())},
        "errors": errors,
    }
