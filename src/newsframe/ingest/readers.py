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
    ``language``. Lines end in ``\\n``, ``\\r\\n`` or ``\\r``; blank lines are
    skipped. ``line`` is the 1-based line number.
``.csv`` / ``.parquet``
    One document per row, the text in column ``text`` (or ``text_column``),
    the other fields in columns of the same names as JSON Lines. ``line`` is
    the 1-based physical line where the row starts in a CSV file (the header
    is line 1; a quoted field may span lines, and a ``\\r\\n`` inside it is
    kept as is) and the 1-based row number in a Parquet file. A Parquet
    ``published_at`` may be a string, a date or a datetime. An empty CSV field
    is null.

Record-level problems are rejects of that record only: a CSV row with more or
fewer fields than the header or a quote that never closes (``malformed-csv``;
parsing resumes on the next line), bytes that are not UTF-8 in any field or a
lone surrogate from a JSON ``\\ud800`` escape (``undecodable``), a field of the
wrong type (``bad-field``: an object or list anywhere, a boolean id). A file
in UTF-16 or UTF-32 (it starts with a byte-order mark) gives one
``undecodable`` reject per record, so that the counts still add up.

Ids: a string id is kept as written, an integer id becomes its decimal string
(so ``7`` and ``"7"`` are the same doc_id: the second is a ``duplicate-id``
or ``duplicate`` reject, never a silent merge).

A file found inside a folder that cannot be read at all (permissions, a
dangling symlink, a CSV/Parquet without the text column, a corrupt Parquet)
is one ``unreadable-file`` or ``missing-column`` reject naming it; the other
files are read. A file named on the command line raises
:class:`~newsframe.errors.InputError` for those problems instead (exit 2).

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

import csv
import io
import json
import re
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


_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_END = re.compile(rb"\r\n|\r|\n")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _unicode_problem(name: str, value: str) -> str | None:
    r"""Why a decoded string is not valid Unicode text (a byte that was not UTF-8, a lone surrogate), or None.

    Examples
    --------
    >>> _unicode_problem("title", "caf\udce9")
    'title: byte 0xE9 at character 3 is not UTF-8'
    >>> _unicode_problem("text", "Joe \ud800 Biden")
    'text: lone surrogate U+D800 at character 4 is not valid Unicode'
    >>> _unicode_problem("text", "caf\ufffd is fine")
    """
    bad = _SURROGATE.search(value)
    if bad is None:
        return None
    code = ord(bad.group(0))
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (decoded with errors="surrogateescape")
        return f"{name}: byte 0x{code - 0xDC00:02X} at character {bad.start()} is not UTF-8"
    return f"{name}: lone surrogate U+{code:04X} at character {bad.start()} is not valid Unicode"


def _foreign_encoding(data: bytes) -> str | None:
    """The encoding named by a UTF-16/UTF-32 byte-order mark at the start of ``data``, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _decode_file(data: bytes) -> tuple[str, str | None]:
    """A file's text and, when the file is not UTF-8 as a whole, why (every record is then a reject).

    UTF-8 is decoded with ``errors="surrogateescape"`` so that each record can be checked on its own
    (:func:`_unicode_problem`); a UTF-16/UTF-32 file (byte-order mark) is decoded to find its records.
    """
    encoding = _foreign_encoding(data)
    if encoding is not None:
        problem = f"the file is {encoding.upper()[:6]} (byte-order mark), not UTF-8: re-encode it as UTF-8"
        return data.decode(encoding, errors="replace").lstrip("\ufeff"), problem
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", errors="surrogateescape"), None


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    return f"a {type(value).__name__}"


def _scalar(name: str, value: Any) -> tuple[str | None, str | None]:
    """A metadata value as a string (numbers too) and, when it cannot be one, why.

    Examples
    --------
    >>> _scalar("doc_id", 7), _scalar("title", "  "), _scalar("url", {"href": "x"})
    (('7', None), (None, None), (None, 'url is an object, not a string'))
    >>> _scalar("doc_id", True)
    (None, 'doc_id is a boolean (true), not a string or a whole number')
    """
    if value is None:
        return None, None
    if isinstance(value, dict | list | tuple) or (isinstance(value, bool) and name == "doc_id"):
        kind = "a string or a whole number" if name == "doc_id" else "a string"
        return None, f"{name} is {_describe(value)}, not {kind}"
    text = str(value).strip()
    return text or None, None


def _fill(rec: RawRecord, fields: dict[str, Any], *, text_key: str = "text") -> RawRecord:
    """Copy metadata and text from a mapping into a record, setting reasons for a bad field or text."""
    problems: list[tuple[str, str]] = []
    for key, value in fields.items():
        name = FIELD_ALIASES.get(key, key)
        if key == text_key or name not in FIELDS or (name != key and fields.get(name) is not None):
            continue
        if name == "published_at" and not isinstance(value, dict | list | tuple | bool):
            rec["published_at"] = value
            if isinstance(value, str) and (why := _unicode_problem(key, value)):
                problems.append(("undecodable", why))
            continue
        scalar, why = _scalar(name, value)
        if why:
            problems.append(("bad-field", why.replace(name, key, 1)))
            continue
        if scalar is not None and (why := _unicode_problem(key, scalar)):
            problems.append(("undecodable", why))
        rec[name] = scalar  # type: ignore[literal-required]
    text = fields.get(text_key)
    if text is None:
        problems.append(("missing-field", f"no text: the {text_key!r} field is absent or null"))
    elif not isinstance(text, str):
        problems.append(("bad-field", f"{text_key} is {_describe(text)}, not a string"))
    else:
        rec["text"] = text
        if why := _unicode_problem(text_key, text):
            problems.append(("undecodable", why))
    if problems and rec["reason"] is None:
        # A bad text outranks a bad metadata field; the first problem of that kind is reported.
        order = ("undecodable", "missing-field", "bad-field")
        problems.sort(key=lambda p: (0 if p[1].startswith(text_key) else 1, order.index(p[0])))
        rec["reason"], rec["detail"] = problems[0]
    if rec["reason"] is not None and rec["text"] is not None and _SURROGATE.search(rec["text"]):
        rec["text"] = None  # never store text that is not valid Unicode (it cannot even be hashed)
    for name in ("doc_id", "title", "url", "source", "language"):
        value = rec[name]  # type: ignore[literal-required]
        if isinstance(value, str) and _SURROGATE.search(value):
            rec[name] = None  # type: ignore[literal-required]
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
        raw = side.read_bytes()
        problem = "undecodable" if _foreign_encoding(raw) else None
        loaded: Any = None
        if problem is None:
            try:
                loaded = json.loads(raw)
            except UnicodeDecodeError:
                problem = "undecodable"
            except json.JSONDecodeError:
                pass
        if not isinstance(loaded, dict):
            # The document is rejected rather than ingested without the metadata its user meant it to have.
            yield _record(str(side), None, reason=problem or "malformed-json")
            return
        meta = loaded
    text, problem = _decode_file(path.read_bytes())
    fields = {k: v for k, v in meta.items() if k != "text"}
    if problem is not None:
        rec["reason"], rec["detail"] = "undecodable", problem
    yield _fill(rec, fields | {"text": text})


def _read_jsonl(path: Path) -> Iterator[RawRecord]:
    data = path.read_bytes()
    encoding = _foreign_encoding(data)
    if encoding is not None:
        text, problem = _decode_file(data)
        for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
            if line.strip():
                yield _record(str(path), number, reason="undecodable", detail=problem)
        return
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for number, chunk in enumerate(_LINE_END.split(data), start=1):
        if not chunk.strip():
            continue
        rec = _record(str(path), number)
        try:
            line = chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            rec["reason"] = "undecodable"
            rec["detail"] = f"byte 0x{chunk[exc.start]:02X} at byte {exc.start} of the line is not UTF-8"
            yield rec
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            obj = None
            rec["detail"] = f"not JSON: {exc.msg} (column {exc.colno})"
        except RecursionError:
            obj = None
            rec["detail"] = "not JSON: nested too deeply"
        if not isinstance(obj, dict):
            rec["reason"] = "malformed-json"
            rec["detail"] = rec["detail"] or f"a JSON {type(obj).__name__}, not an object"
            yield rec
            continue
        yield _fill(rec, obj)


def _missing_column(path: Path, columns: list[str], text_column: str) -> InputError:
    return InputError(
        f"no text column {text_column!r} (columns: {', '.join(columns) or 'none'}); use --text-column",
        path=path,
        field=text_column,
    )


def _frame_records(
    path: Path, frame: pl.DataFrame, *, text_column: str, first_line: int
) -> Iterator[RawRecord]:
    if text_column not in frame.columns:
        raise _missing_column(path, frame.columns, text_column)
    keep = [c for c in frame.columns if c == text_column or FIELD_ALIASES.get(c, c) in FIELDS]
    for number, row in enumerate(frame.select(keep).iter_rows(named=True), start=first_line):
        yield _fill(_record(str(path), number), row, text_key=text_column)


def _physical_lines(text: str) -> list[str]:
    """Lines ending in ``\\n``, ``\\r\\n`` or ``\\r``, endings kept (not ``str.splitlines``: no U+2028 etc.)."""
    return io.StringIO(text, newline="").readlines()


def _csv_rows(lines: list[str]) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """``(first physical line, fields, None)`` per CSV record, or ``(line, None, why)`` for a malformed one.

    After a malformed record, parsing resumes on the line after the one it started on, so that an
    unterminated quote costs one record, not the rest of the file.
    """
    start = 0
    while start < len(lines):
        reader = csv.reader((lines[i] for i in range(start, len(lines))), strict=True)
        consumed = 0
        try:
            for row in reader:
                first = start + consumed + 1
                consumed = reader.line_num
                if row:
                    yield first, row, None
            return
        except csv.Error as exc:
            first = start + consumed + 1
            why = str(exc)
            if why == "unexpected end of data":
                why = "a quoted field never closes"
            yield first, None, why
            start = first


def _read_csv(path: Path, *, text_column: str) -> Iterator[RawRecord]:
    text, problem = _decode_file(path.read_bytes())
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    rows = _csv_rows(_physical_lines(text))
    header: list[str] | None = None
    for number, fields, why in rows:
        if fields is None:
            if header is None:
                raise InputError(f"the header line is not valid CSV: {why}", path=path, line=number)
            yield _record(str(path), number, reason="malformed-csv", detail=why)
            continue
        if header is None:
            header = fields
            bad = _unicode_problem("header", ",".join(header))
            if bad and problem is None:
                raise InputError(f"the header line is not UTF-8 ({bad})", path=path, line=number)
            if text_column not in header:
                raise _missing_column(path, header, text_column)
            continue
        rec = _record(str(path), number)
        if problem is not None:
            rec["reason"], rec["detail"] = "undecodable", problem
            yield rec
            continue
        if len(fields) != len(header):
            rec["reason"] = "malformed-csv"
            rec["detail"] = f"{len(fields)} fields where the header has {len(header)}"
            yield rec
            continue
        values = {k: (v if v != "" else None) for k, v in zip(header, fields, strict=True)}
        yield _fill(rec, values, text_key=text_column)


def _read_parquet(path: Path, *, text_column: str) -> Iterator[RawRecord]:
    try:
        frame = pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        yield _record(str(path), None, reason="unreadable-file", detail=_first_line(exc))
        return
    yield from _frame_records(path, frame, text_column=text_column, first_line=1)


def read_file(path: Path, *, text_column: str = "text", listed: bool = False) -> Iterator[RawRecord]:
    """Yield the raw records of one input file, choosing the reader by suffix.

    Parameters
    ----------
    path
        A ``.txt``, ``.jsonl``/``.ndjson``, ``.csv`` or ``.parquet`` file.
    text_column
        Column holding the text in CSV and Parquet files.
    listed
        True for a file found inside an input folder: a file that cannot be
        read at all is then one reject (``unreadable-file``, or
        ``missing-column`` for a CSV/Parquet without the text column), and the
        run goes on with the other files.

    Raises
    ------
    InputError
        For a file named by the user (``listed=False``): when it is missing or
        unreadable as a whole, its suffix is not supported, or a CSV/Parquet
        file lacks the text column.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "a.csv").write_text("id,body\\n1,Hello.\\n")
    >>> [(r["reason"], r["detail"]) for r in read_file(d / "a.csv", listed=True)]
    [('missing-column', "no text column 'text' (columns: id, body); use --text-column")]
    """
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(
            f"unsupported input format {path.suffix or '(no suffix)'!r}; use {', '.join(sorted(SUFFIXES))}",
            path=path,
        )
    try:
        if not path.is_file():
            raise InputError("input file not found", path=path)
        if kind == "txt":
            yield from _read_txt(path)
        elif kind == "jsonl":
            yield from _read_jsonl(path)
        elif kind == "csv":
            yield from _read_csv(path, text_column=text_column)
        else:
            yield from _read_parquet(path, text_column=text_column)
    except OSError as exc:
        if listed:
            yield _record(
                str(path), None, reason="unreadable-file", detail=f"cannot read: {exc.strerror or exc}"
            )
            return
        raise InputError(f"cannot read input: {exc.strerror or exc}", path=path) from exc
    except InputError as exc:
        if not listed:
            raise
        reason = "missing-column" if exc.field == text_column else "unreadable-file"
        line = exc.line
        yield _record(str(path), line, reason=reason, detail=exc.message)
