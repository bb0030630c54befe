"""Format readers: turn one input file into raw records, never raising on a bad record.

Each reader yields :class:`RawRecord` dicts. A record that cannot be read
(undecodable bytes, a malformed JSON line, a missing text field) is still
yielded, with ``reason`` set to a stable reject slug, so that every input
record is accounted for downstream. Only a file-level problem that the user
must fix (a missing file, a missing text column) raises :class:`InputError`.

Formats
-------
``.txt``
    One document per file, UTF-8. Optional sidecar metadata in
    ``<stem>.meta.json`` beside it (``article.txt`` -> ``article.meta.json``),
    a JSON object with any of ``id``, ``title``, ``url``, ``source``,
    ``published_at``, ``language``. The record's ``line`` is null (the whole file).
``.jsonl`` / ``.ndjson``
    One JSON object per line with ``text`` and optional ``id`` (or ``doc_id``),
    ``title``, ``url``, ``source``, ``published_at`` (or ``date``),
    ``language``. Blank lines are skipped. ``line`` is the 1-based line number.
``.csv`` / ``.parquet``
    One document per row, the text in column ``text`` (or ``text_column``),
    the other fields in columns of the same names as JSON Lines. ``line`` is
    the 1-based line of the row in a CSV file (the header is line 1; exact
    unless a quoted field spans lines) and the 1-based row number in a Parquet
    file. A Parquet ``published_at`` may be a string, a date or a datetime.

Examples
--------
>>> from pathlib import Path
>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "a.jsonl").write_text('{"id": "a1", "text": "Hello."}\\n{oops\\n')
>>> [(r["line"], r["doc_id"], r["reason"]) for r in read_file(d / "a.jsonl")]
[(1, 'a1', None), (2, None, 'malformed-json')]
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypedDict

import polars as pl

from newsframe.errors import InputError

__all__ = [
    "FIELDS",
    "FIELD_ALIASES",
    "SIDECAR_SUFFIX",
    "SUFFIXES",
    "RawRecord",
    "read_file",
    "sidecar_path",
]

SIDECAR_SUFFIX = ".meta.json"
"""``article.txt`` takes its metadata from ``article.meta.json`` in the same folder."""

SUFFIXES: dict[str, str] = {
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
"""File suffix (lower case) to reader name."""

FIELDS: tuple[str, ...] = ("doc_id", "title", "url", "source", "published_at", "language")
"""Metadata fields a record may carry besides its text."""

FIELD_ALIASES: dict[str, str] = {"id": "doc_id", "date": "published_at"}
"""Accepted alternative field names, mapped to the public ones (the public name wins when both are present)."""


class RawRecord(TypedDict):
    """One input record as read, before checks.

    ``published_at`` is still raw (a string, a date or null); ``reason`` is a
    reject slug when the reader already knows the record is bad.
    """

    source_file: str
    line: int | None
    doc_id: str | None
    title: str | None
    url: str | None
    source: str | None
    published_at: Any
    language: str | None
    text: str | None
    reason: str | None
    detail: str | None


def _record(
    source_file: str, line: int | None, *, reason: str | None = None, detail: str | None = None
) -> RawRecord:
    return RawRecord(
        source_file=source_file,
        line=line,
        doc_id=None,
        title=None,
        url=None,
        source=None,
        published_at=None,
        language=None,
        text=None,
        reason=reason,
        detail=detail,
    )


def _first_line(exc: BaseException) -> str:
    """The first line of an exception's message, for a reject's ``detail``."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _scalar(value: Any) -> str | None:
    """A metadata value as a string (numbers too), or None for null/blank/nested values."""
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def _decode(data: bytes) -> str | None:
    """UTF-8 (a leading BOM dropped), or None when the bytes are not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _fill(rec: RawRecord, fields: dict[str, Any], *, text_key: str = "text") -> RawRecord:
    """Copy metadata and text from a mapping into a record, setting reasons for a bad text."""
    for key, value in fields.items():
        name = FIELD_ALIASES.get(key, key)
        if name in FIELDS and not (name != key and fields.get(name) is not None):
            if name == "published_at":
                rec["published_at"] = value
            else:
                rec[name] = _scalar(value)  # type: ignore[literal-required]
    if text_key not in fields or fields[text_key] is None:
        rec["reason"] = rec["reason"] or "missing-field"
    elif not isinstance(fields[text_key], str):
        rec["reason"] = rec["reason"] or "bad-field"
    else:
        rec["text"] = fields[text_key]
    return rec


def sidecar_path(path: Path) -> Path:
    """The metadata sidecar of a ``.txt`` file: ``<stem>.meta.json`` beside it.

    Examples
    --------
    >>> sidecar_path(Path("docs/article.txt")).as_posix()
    'docs/article.meta.json'
    """
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def _read_txt(path: Path) -> Iterator[RawRecord]:
    rec = _record(str(path), None)
    meta: dict[str, Any] = {}
    side = sidecar_path(path)
    if side.is_file():
        raw = _decode(side.read_bytes())
        try:
            loaded = json.loads(raw) if raw is not None else None
        except json.JSONDecodeError:
            loaded = None
        if not isinstance(loaded, dict):
            # The document is rejected rather than ingested without the metadata its user meant it to have.
            bad = _record(str(side), None, reason="malformed-json" if raw is not None else "undecodable")
            yield bad
            return
        meta = loaded
    text = _decode(path.read_bytes())
    fields = {k: v for k, v in meta.items() if k != "text"}
    if text is None:
        rec["reason"] = "undecodable"
        yield _fill(rec, fields)
        return
    yield _fill(rec, fields | {"text": text})


def _read_jsonl(path: Path) -> Iterator[RawRecord]:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for number, chunk in enumerate(data.split(b"\n"), start=1):
        if not chunk.strip():
            continue
        rec = _record(str(path), number)
        line = _decode(chunk)
        if line is None:
            rec["reason"] = "undecodable"
            yield rec
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            obj = None
            rec["detail"] = f"not JSON: {exc.msg} (column {exc.colno})"
        if not isinstance(obj, dict):
            rec["reason"] = "malformed-json"
            rec["detail"] = rec["detail"] or f"a JSON {type(obj).__name__}, not an object"
            yield rec
            continue
        yield _fill(rec, obj)


def _frame_records(
    path: Path, frame: pl.DataFrame, *, text_column: str, first_line: int
) -> Iterator[RawRecord]:
    if text_column not in frame.columns:
        raise InputError(
            f"no text column {text_column!r} (columns: {', '.join(frame.columns) or 'none'}); use --text-column",
            path=path,
            field=text_column,
        )
    keep = [c for c in frame.columns if c == text_column or FIELD_ALIASES.get(c, c) in FIELDS]
    for number, row in enumerate(frame.select(keep).iter_rows(named=True), start=first_line):
        rec = _record(str(path), number)
        text = row.get(text_column)
        if isinstance(text, str) and "\ufffd" in text and path.suffix.lower() == ".csv":
            rec["reason"] = "undecodable"
        yield _fill(rec, row, text_key=text_column)


def _read_csv(path: Path, *, text_column: str) -> Iterator[RawRecord]:
    try:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8")
    except pl.exceptions.NoDataError:
        return
    except pl.exceptions.ComputeError:
        # Invalid UTF-8 somewhere: read lossily, and reject the rows that hold a replacement character.
        try:
            frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
        except pl.exceptions.PolarsError as exc:
            yield _record(str(path), None, reason="unreadable-file", detail=_first_line(exc))
            return
    except pl.exceptions.PolarsError as exc:
        yield _record(str(path), None, reason="unreadable-file", detail=_first_line(exc))
        return
    yield from _frame_records(path, frame, text_column=text_column, first_line=2)


def _read_parquet(path: Path, *, text_column: str) -> Iterator[RawRecord]:
    try:
        frame = pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        yield _record(str(path), None, reason="unreadable-file", detail=_first_line(exc))
        return
    yield from _frame_records(path, frame, text_column=text_column, first_line=1)


def read_file(path: Path, *, text_column: str = "text") -> Iterator[RawRecord]:
    """Yield the raw records of one input file, choosing the reader by suffix.

    Parameters
    ----------
    path
        A ``.txt``, ``.jsonl``/``.ndjson``, ``.csv`` or ``.parquet`` file.
    text_column
        Column holding the text in CSV and Parquet files.

    Raises
    ------
    InputError
        When the file is missing or unreadable as a whole, its suffix is not
        supported, or a CSV/Parquet file lacks the text column.
    """
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(
            f"unsupported input format {path.suffix or '(no suffix)'!r}; use {', '.join(sorted(SUFFIXES))}",
            path=path,
        )
    if not path.is_file():
        raise InputError("input file not found", path=path)
    try:
        if kind == "txt":
            yield from _read_txt(path)
        elif kind == "jsonl":
            yield from _read_jsonl(path)
        elif kind == "csv":
            yield from _read_csv(path, text_column=text_column)
        else:
            yield from _read_parquet(path, text_column=text_column)
    except OSError as exc:
        raise InputError(f"cannot read input: {exc.strerror or exc}", path=path) from exc
