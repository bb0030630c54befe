"""Ingest: input files to the ``documents`` and ``rejects`` tables, every record accounted for.

Every input record ends in exactly one of the two tables, so that
``inputs == documents + rejects`` always holds (see :attr:`Ingested.counts`).
A bad record becomes a ``rejects`` row (source file, line, doc_id when known,
reason) and never stops the run; a missing input file raises
:class:`~newsframe.errors.InputError` (exit code 2).

Documents
---------
``doc_id``
    The id the record gives (``id`` or ``doc_id``), else derived from the
    content: ``"doc-"`` + the first 16 hex digits of the SHA-256 of the
    normalised text (Unicode NFC, whitespace runs collapsed to one space,
    stripped). The same article therefore gets the same id on every run,
    whatever its line endings or file name.
``text``
    The text exactly as read (line endings too); a byte-order mark that starts a file is not text.
    All offsets in the other tables index this string.
``text_sha256``
    SHA-256 (hex) of ``text`` in UTF-8: the bytes of the input text.
``language``
    Given (lower-cased), else ``"en"``.
``published_at``
    Parsed to a date: ISO 8601 dates and date-times (``2024-04-02``,
    ``2024-04-02T09:30:00Z``; the date is taken as written, not converted to
    UTC), ``2024/04/02``, ``02 Apr 2024``, ``2 April 2024``, ``April 2, 2024``
    and RFC 2822 (``Tue, 02 Apr 2024 09:30:00 GMT``). Anything else is a
    ``bad-date`` reject, never a silent null.

Reject reasons (stable slugs)
-----------------------------
``undecodable``      the bytes are not UTF-8
``malformed-json``   a JSON Lines line (or a ``.meta.json`` sidecar) is not a JSON object
``missing-field``    the record has no text (no ``text`` field/column, or null)
``bad-field``        the text is not a string
``empty-text``       the text is empty or whitespace only
``bad-date``         ``published_at`` cannot be parsed to a date
``duplicate-id``     an earlier record has the same doc_id but different text
``duplicate``        an exact duplicate (same doc_id, same normalised text) of an
                     earlier record: the first is kept, the others are rejected so
                     that they stay visible and counted
``unreadable-file``  a file or sub-folder inside an input folder could not be read or parsed at all
                     (permissions, a dangling symlink, a corrupt Parquet; line null)
``missing-column``   a CSV/Parquet file inside a folder has no text column
``malformed-csv``    a CSV record with more or fewer fields than the header, or a quote that never
                     closes (that record only; line = its first physical line)
``too-large``        the text is longer than ``max_document_chars`` (``limits`` in the pipeline)

Examples
--------
>>> from pathlib import Path
>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "a.jsonl").write_text('{"id": "a1", "text": "Hi."}\\n{"id": "a1", "text": "Other."}\\n')
>>> got = read_documents([d / "a.jsonl"])
>>> got.documents["doc_id"].to_list(), got.rejects["reason"].to_list()
(['a1'], ['duplicate-id'])
>>> got.counts["inputs"], got.counts["documents"], got.counts["rejects"]
(2, 1, 1)
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import polars as pl

from newsframe import tables
from newsframe.errors import InputError
from newsframe.ingest.readers import SIDECAR_SUFFIX, SUFFIXES, RawRecord, _record, read_file

__all__ = [
    "DEFAULT_LANGUAGE",
    "MAX_DOCUMENT_CHARS",
    "REJECT_REASONS",
    "DocumentBatches",
    "Ingested",
    "Listing",
    "derive_doc_id",
    "expand_inputs",
    "list_inputs",
    "parse_date",
    "read_documents",
]

DEFAULT_LANGUAGE = "en"

REJECT_DETAILS: dict[str, str] = {
    "undecodable": "the bytes are not UTF-8",
    "malformed-json": "not a JSON object",
    "missing-field": "no text: the text field is absent or null",
    "bad-field": "the text is not a string",
    "empty-text": "the text is empty or whitespace only",
    "bad-date": "published_at is not a date",
    "duplicate-id": "an earlier record has this doc_id with different text",
    "duplicate": "an exact duplicate of an earlier record",
    "unreadable-file": "the file could not be read or parsed",
    "missing-column": "the file has no text column",
    "malformed-csv": "not a CSV record of the header's fields",
    "too-large": "the text is longer than the limit",
}
"""Every reason a record can be rejected for, with its default wording for the ``detail`` column."""

REJECT_REASONS: tuple[str, ...] = tuple(REJECT_DETAILS)
"""Every reason a record can be rejected for (see the module docstring)."""

MAX_DOCUMENT_CHARS = 1_000_000
"""Default ``limits.max_document_chars``: a longer text is a ``too-large`` reject (bounds each document's work)."""

_SPACE = re.compile(r"\s+")
_DATE_FORMATS = ("%Y/%m/%d", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%d.%m.%Y")


@dataclass
class Ingested:
    """What ingest produced: the two tables and the counts that reconcile them.

    Attributes
    ----------
    documents
        The ``documents`` table (conformed).
    rejects
        The ``rejects`` table (conformed).
    files
        The input files read, in order (folders expanded).
    skipped
        Files inside input folders that were not read (unsupported suffix).
    """

    documents: pl.DataFrame
    rejects: pl.DataFrame
    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """``inputs`` (records read) ``== documents + rejects``, plus ``input_files``."""
        return {
            "input_files": len(self.files),
            "inputs": self.documents.height + self.rejects.height,
            "documents": self.documents.height,
            "rejects": self.rejects.height,
        }

    @property
    def rejects_by_reason(self) -> dict[str, int]:
        """Reject counts per reason slug, most frequent first."""
        if self.rejects.is_empty():
            return {}
        grouped = self.rejects.group_by("reason").len().sort(["len", "reason"], descending=[True, False])
        return dict(zip(grouped["reason"].to_list(), grouped["len"].to_list(), strict=True))


def parse_date(value: Any) -> date | None:
    """Parse a publication date; None for null/blank, ValueError when unparseable.

    Examples
    --------
    >>> parse_date("2024-04-02T23:30:00-05:00")
    datetime.date(2024, 4, 2)
    >>> parse_date("Tue, 02 Apr 2024 09:30:00 GMT")
    datetime.date(2024, 4, 2)
    >>> parse_date("April 2, 2024")
    datetime.date(2024, 4, 2)
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError) as exc:
        raise ValueError(f"unparseable date {text!r}") from exc


def _normalised(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def derive_doc_id(text: str) -> str:
    """The content-derived doc_id: ``doc-`` + 16 hex digits of SHA-256 of the normalised text.

    Examples
    --------
    >>> derive_doc_id("Hello  world.\\r\\n") == derive_doc_id("Hello world.")
    True
    >>> derive_doc_id("Hello world.")
    'doc-aa3ec16e6acc809d'
    """
    return "doc-" + hashlib.sha256(_normalised(text).encode("utf-8")).hexdigest()[:16]


@dataclass
class Listing:
    """The input files found by :func:`list_inputs`.

    Attributes
    ----------
    files
        ``(path, listed)`` in reading order; ``listed`` is True for a file found inside a folder
        (a file that cannot be read is then a reject, not an error).
    skipped
        Files inside folders left out because their suffix is not an input format.
    unreadable
        ``(path, reason)`` of what could not be listed or followed: a folder without read
        permission, a dangling symlink, a symlink loop. Each becomes an ``unreadable-file`` reject.
    """

    files: list[tuple[Path, bool]] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)


def _walk(folder: Path, listing: Listing, seen: set[str]) -> int:
    """List ``folder`` recursively into ``listing`` (sorted, hidden entries skipped); return input files found."""
    try:
        real = os.path.realpath(folder)
        if real in seen:
            listing.unreadable.append((folder, "symlink loop: this folder is already being read"))
            return 0
        seen.add(real)
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        listing.unreadable.append((folder, f"cannot list folder: {exc.strerror or exc}"))
        return 0
    found = 0
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = Path(entry.path)
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError as exc:
            listing.unreadable.append((child, f"cannot read: {exc.strerror or exc}"))
            continue
        if is_dir:
            found += _walk(child, listing, seen)
        elif is_file:
            if child.suffix.lower() in SUFFIXES:
                listing.files.append((child, True))
                found += 1
            elif not child.name.endswith(SIDECAR_SUFFIX):
                listing.skipped.append(child)
        elif entry.is_symlink():
            listing.unreadable.append((child, f"dangling symlink to {os.readlink(child)}"))
        elif child.suffix.lower() in SUFFIXES:
            listing.unreadable.append((child, "not a regular file"))
    return found


def list_inputs(inputs: Iterable[Path]) -> Listing:
    """Expand folders (recursively, sorted, hidden entries skipped) to input files.

    Everything inside a folder is accounted for: input files are read, other
    files are listed as skipped, and what cannot be listed or followed (an
    unreadable sub-folder, a dangling symlink) is listed as unreadable.

    Raises
    ------
    InputError
        When an input named by the user does not exist or cannot be listed, or
        a folder holds no input file and nothing unreadable.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("A.")
    >>> (d / "gone.txt").symlink_to(d / "missing.txt")
    >>> got = list_inputs([d])
    >>> [p.name for p, _ in got.files], [(p.name, why.split(" to ")[0]) for p, why in got.unreadable]
    (['a.txt'], [('gone.txt', 'dangling symlink')])
    """
    listing = Listing()
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            before = len(listing.unreadable)
            if not _walk(path, listing, set()) and len(listing.unreadable) == before:
                raise InputError(f"folder holds no input files ({', '.join(sorted(SUFFIXES))})", path=path)
            if listing.unreadable[before:] and listing.unreadable[before][0] == path:
                raise InputError(listing.unreadable[before][1], path=path)
        elif path.is_file():
            listing.files.append((path, False))
        elif path.is_symlink():
            raise InputError(f"dangling symlink to {os.readlink(path)}", path=path)
        else:
            raise InputError("input file not found", path=path)
    return listing


def expand_inputs(inputs: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """The input files and the skipped files of :func:`list_inputs` (see there).

    Raises
    ------
    InputError
        When an input does not exist, or a folder holds no input file.
    """
    listing = list_inputs(inputs)
    return [p for p, _ in listing.files], listing.skipped


def _finish(
    records: list[RawRecord], *, max_chars: int | None = None, seen: _Seen | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Parse dates, derive ids and hashes, flag empty texts and duplicates; split into the two tables.

    ``seen`` carries the documents of earlier batches (:class:`DocumentBatches`): a record with the
    doc_id of an earlier batch's document is a duplicate of it, as within one batch.
    """
    rows: list[dict[str, Any]] = []
    for rec in records:
        reason = rec["reason"]
        text = rec["text"]
        published: date | None = None
        norm_sha = sha = None
        doc_id = rec["doc_id"]
        if text is not None:
            if reason is None and not text.strip():
                reason = "empty-text"
            if reason is None and max_chars is not None and len(text) > max_chars:
                reason = "too-large"
                rec["detail"] = (
                    f"the text has {len(text):,} characters, more than max_document_chars ({max_chars:,})"
                )
            if text.strip():
                norm = _normalised(text)
                norm_sha = hashlib.sha256(norm.encode("utf-8")).hexdigest()
                sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
                doc_id = doc_id or "doc-" + norm_sha[:16]
        detail = rec.get("detail")
        if reason is None:
            try:
                published = parse_date(rec["published_at"])
            except ValueError:
                reason = "bad-date"
                detail = f"published_at {rec['published_at']!r} is not a date"
        rows.append(
            {
                "source_file": rec["source_file"],
                "line": rec["line"],
                "doc_id": doc_id,
                "title": rec["title"],
                "source": rec["source"],
                "url": rec["url"],
                "published_at": published,
                "language": (rec["language"] or DEFAULT_LANGUAGE).lower(),
                "text": text,
                "text_sha256": sha,
                "_norm": norm_sha,
                "reason": reason,
                "detail": detail,
            }
        )
    schema = {
        "source_file": pl.String,
        "line": pl.Int64,
        "doc_id": pl.String,
        "title": pl.String,
        "source": pl.String,
        "url": pl.String,
        "published_at": pl.Date,
        "language": pl.String,
        "text": pl.String,
        "text_sha256": pl.String,
        "_norm": pl.String,
        "reason": pl.String,
        "detail": pl.String,
    }
    frame = (
        pl.DataFrame(rows, schema=schema)
        .with_row_index("_order")
        .with_columns(pl.col("_order").cast(pl.Int64))
    )
    if seen:
        ids = set(frame["doc_id"].drop_nulls().to_list()) & seen.keys()
        if ids:  # earlier batches' documents, as rows before this batch's (dropped below)
            ghosts = pl.DataFrame(
                [
                    {"doc_id": i, "_norm": seen[i][0], "source_file": seen[i][1], "line": seen[i][2]}
                    for i in ids
                ],
                schema={"doc_id": pl.String, "_norm": pl.String, "source_file": pl.String, "line": pl.Int64},
            ).with_columns(pl.lit(-1, pl.Int64).alias("_order"))
            frame = pl.concat([ghosts, frame], how="diagonal_relaxed")
    # Duplicates among the otherwise good records, first occurrence wins (vectorised).
    ok = pl.col("reason").is_null()
    first_norm = pl.col("_norm").filter(ok).first().over("doc_id")
    rank = pl.int_range(pl.len()).over(pl.col("doc_id"), ok)
    dup_reason = (
        pl.when(ok & (rank > 0))
        .then(
            pl.when(pl.col("_norm") == first_norm).then(pl.lit("duplicate")).otherwise(pl.lit("duplicate-id"))
        )
        .otherwise(pl.col("reason"))
    )
    first_line = pl.col("line").filter(ok).first().over("doc_id").cast(pl.String).fill_null("?")
    where = pl.col("source_file").filter(ok).first().over("doc_id") + pl.lit(":") + first_line
    dup_detail = (
        pl.when(pl.col("reason").is_null() & (dup_reason == "duplicate"))
        .then(pl.lit("same text as ") + where)
        .when(pl.col("reason").is_null() & (dup_reason == "duplicate-id"))
        .then(pl.lit("doc_id already used with different text at ") + where)
        .otherwise(pl.col("detail").fill_null(pl.col("reason").replace_strict(REJECT_DETAILS, default=None)))
    )
    frame = frame.with_columns(dup_detail.alias("detail"), dup_reason.alias("reason")).sort("_order")
    frame = frame.filter(pl.col("_order") >= 0)
    if seen is not None:
        good = frame.filter(pl.col("reason").is_null())
        seen.update(
            (d, (n, f, ln))
            for d, n, f, ln in good.select("doc_id", "_norm", "source_file", "line").iter_rows()
        )
    documents = tables.conform(
        "documents", frame.filter(pl.col("reason").is_null()).select(list(tables.TABLES["documents"].columns))
    )
    rejects = tables.conform(
        "rejects",
        frame.filter(pl.col("reason").is_not_null()).select(*tables.TABLES["rejects"].columns, "detail"),
    )
    return documents, rejects


_Seen = dict[str, tuple[str, str, int | None]]
"""doc_id -> (SHA-256 of the normalised text, source file, line) of every document kept so far."""


class DocumentBatches:
    """Input files read as a stream of :class:`Ingested` batches, every record accounted for.

    The same records, reasons and order as :func:`read_documents`, in batches of
    at most ``batch_size`` records, so that a corpus of any size is never held
    in memory at once. Duplicates are found across batches too: the only state
    kept from batch to batch is each kept document's doc_id, text hash and
    position (about 150 bytes a document). Files are read one record at a time
    where the format allows (``.txt``, JSON Lines); a CSV or Parquet file is
    read whole by its reader, then cut into batches.

    ``seen`` (doc_id -> text hash, file, line) holds the documents kept before
    this stream (``--append``: the dataset's), and gains this stream's.

    Attributes
    ----------
    files
        Every input file, in order (folders expanded), as in :attr:`Ingested.files`.
    skipped
        Files inside input folders that were not read (unsupported suffix).

    Examples
    --------
    >>> from pathlib import Path
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> lines = ['{"id": "a", "text": "One."}', '{"id": "b", "text": "Two."}', '{"id": "a", "text": "One."}']
    >>> _ = (d / "a.jsonl").write_text("\\n".join(lines) + "\\n")
    >>> [(b.documents["doc_id"].to_list(), b.rejects["reason"].to_list()) for b in DocumentBatches([d], batch_size=2)]
    [(['a', 'b'], []), ([], ['duplicate'])]
    """

    def __init__(
        self,
        inputs: Sequence[Path],
        *,
        text_column: str | None = None,
        max_document_chars: int | None = MAX_DOCUMENT_CHARS,
        batch_size: int = 500,
        seen: _Seen | None = None,
    ) -> None:
        if batch_size < 1:
            raise InputError(f"batch_size must be at least 1, not {batch_size}", field="batch_size")
        self._listing = list_inputs(inputs)
        self._column = text_column or "text"
        self._max = max_document_chars
        self._size = batch_size
        self._seen: _Seen = seen if seen is not None else {}
        self.files: list[Path] = [p for p, _ in self._listing.files] + [
            p for p, _ in self._listing.unreadable
        ]
        self.skipped: list[Path] = list(self._listing.skipped)

    def _records(self) -> Iterator[RawRecord]:
        for path, why in self._listing.unreadable:
            yield _record(str(path), None, reason="unreadable-file", detail=why)
        for path, listed in self._listing.files:
            yield from read_file(path, text_column=self._column, listed=listed)

    def __iter__(self) -> Iterator[Ingested]:
        records = self._records()
        while batch := list(itertools.islice(records, self._size)):
            documents, rejects = _finish(batch, max_chars=self._max, seen=self._seen)
            yield Ingested(documents=documents, rejects=rejects)


def read_documents(
    inputs: Sequence[Path],
    *,
    text_column: str | None = None,
    max_document_chars: int | None = MAX_DOCUMENT_CHARS,
) -> Ingested:
    """Read input files and folders into the ``documents`` and ``rejects`` tables.

    Parameters
    ----------
    inputs
        Files (``.txt`` with optional ``.meta.json`` sidecar, ``.jsonl``,
        ``.csv``, ``.parquet``) and folders of them.
    text_column
        Text column of CSV and Parquet inputs (default ``"text"``).
    max_document_chars
        A longer text is a ``too-large`` reject (None: no limit). The pipeline's
        ``limits.max_document_chars`` sets it.

    Raises
    ------
    InputError
        A missing input, an unsupported file given by name, an empty folder, or
        a CSV/Parquet file named by the user without the text column (exit code
        2). Inside a folder, a file that cannot be read is a reject instead.

    Examples
    --------
    >>> from pathlib import Path
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("Biden called Xi.")
    >>> _ = (d / "a.meta.json").write_text('{"published_at": "2024-04-02"}')
    >>> read_documents([d]).documents.select("doc_id", "published_at", "language").row(0)
    ('doc-f54fd18e6195cb3b', datetime.date(2024, 4, 2), 'en')
    >>> read_documents([d], max_document_chars=10).rejects.select("reason", "detail").row(0)
    ('too-large', 'the text has 16 characters, more than max_document_chars (10)')
    """
    listing = list_inputs(inputs)
    column = text_column or "text"
    records: list[RawRecord] = [
        _record(str(path), None, reason="unreadable-file", detail=why) for path, why in listing.unreadable
    ]
    for path, listed in listing.files:
        records.extend(read_file(path, text_column=column, listed=listed))
    documents, rejects = _finish(records, max_chars=max_document_chars)
    return Ingested(
        documents=documents,
        rejects=rejects,
        files=[p for p, _ in listing.files] + [p for p, _ in listing.unreadable],
        skipped=listing.skipped,
    )
