"""Read and write folders of tables: Parquet, CSV and JSON Lines, one file or one folder of Parquet parts per table.

The file stem is the table name (``events.parquet``, ``mentions.csv``,
``document_topics.jsonl``); a contract may map other names to its table
(``filePattern`` in its customProperties, e.g. GDELT's
``gdelt2_events_sample.csv`` → ``gdelt_events``), which
:func:`newsframe.validation.validate` applies.

CSV is read without type inference, every column as text, so that codes keep
their leading zeros (``"040"``); JSON Lines keep the JSON types. Columns of
the v1 tables (:mod:`newsframe.tables`) are then converted to their dtypes
where that loses nothing; a column with any value that does not parse stays
text, and validation reports it (``dtype-mismatch``) with the offending rows.

Examples
--------
>>> import tempfile, polars as pl
>>> from pathlib import Path
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "sentences.csv").write_text("doc_id,sentence_id,start,end,text\\n007,0,0,5,Hello\\n")
>>> read_tables(d)["sentences"].row(0)
('007', 0, 0, 5, 'Hello')
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from newsframe.contracts.dtypes import coerce
from newsframe.errors import InputError
from newsframe.jsonlines import records
from newsframe.tables import TABLE_ORDER, TABLES

__all__ = [
    "SUFFIXES",
    "TableSource",
    "read_table",
    "read_tables",
    "scan_table",
    "scan_tables",
    "table_sources",
    "write_tables",
]

SUFFIXES: dict[str, str] = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
"""File suffixes read as tables, and their format."""


def _bad_json_line(path: Path) -> tuple[int | None, str]:
    """The first line of a JSON Lines file that is not a JSON object (only called after a read failed)."""
    try:
        for _ in records(path, what="a JSON Lines table"):
            pass
    except InputError as exc:
        return exc.line, exc.message
    return None, "cannot read as JSON Lines"


def read_table(path: Path) -> pl.DataFrame:
    """Read one table file (format from the suffix).

    Raises
    ------
    InputError
        When the file is missing, unreadable or malformed (exit code 2), naming the file and, where known, the line.
    """
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"not a table file (expected {', '.join(SUFFIXES)})", path=path)
    if not path.is_file():
        raise InputError("table file not found", path=path)
    try:
        if fmt == "parquet":
            return pl.read_parquet(path)
        if fmt == "csv":
            return pl.read_csv(path, infer_schema=False, encoding="utf8")
        if path.stat().st_size == 0:
            return pl.DataFrame()
        return pl.read_ndjson(path, infer_schema_length=None)
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        line: int | None = None
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if fmt == "jsonl":
            line, reason = _bad_json_line(path)
        elif fmt == "parquet":
            reason = f"not a readable Parquet file ({reason})"
        else:
            reason = f"malformed CSV ({reason})"
        raise InputError(reason, path=path, line=line) from None


_PART_LIKE = re.compile(r"^(?P<base>.+?)[_-]\d+$")


@dataclass(frozen=True)
class TableSource:
    """Where one table comes from: a file, or a folder of Parquet parts (maybe hive-partitioned).

    Attributes
    ----------
    name
        The table name (file stem or folder name).
    path
        The file or folder.
    parts
        The Parquet part files of a folder, sorted; empty for a file.
    hive
        The folder is hive-partitioned (``key=value`` sub-folders).
    """

    name: str
    path: Path
    parts: tuple[Path, ...] = ()
    hive: bool = False


def _parts(folder: Path) -> tuple[tuple[Path, ...], bool]:
    parts: list[Path] = []
    hive = False
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        rel = Path(root).relative_to(folder)
        if rel.parts:
            if not all("=" in p for p in rel.parts):
                raise InputError(
                    "a table folder holds Parquet parts, or hive partitions (key=value sub-folders); "
                    f"{rel} is neither",
                    path=folder,
                )
            hive = True
        parts.extend(
            Path(root) / n
            for n in sorted(names)
            if not n.startswith((".", "_")) and n.lower().endswith(".parquet")
        )
    return tuple(sorted(parts)), hive


def table_sources(directory: Path) -> list[TableSource]:
    """The tables of a folder: each table file, and each sub-folder of Parquet parts, v1 tables first.

    A table is one file (``events.parquet``, ``events.csv``...) or one folder of
    Parquet parts (``events/part-00000.parquet``..., or hive partitions
    ``events/published_date=2024-04-02/part-00000.parquet``), never both. A
    file named like a part of another table (``events_2.parquet`` beside
    ``events.parquet``, or beside nothing but a v1 table's name) is an error, not
    a table of its own: put the parts of one table in its folder. Hidden
    entries and ones starting with ``_`` are not read.

    Raises
    ------
    InputError
        The folder is missing or holds no table; two sources for one table; a
        file named like a part; a sub-folder layout that is not parts or hive partitions.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise InputError("tables folder not found" if not folder.exists() else "not a folder", path=folder)
    found: dict[str, TableSource] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "_")):
            continue
        if path.is_dir():
            parts, hive = _parts(path)
            if not parts:
                continue
            source = TableSource(path.name, path, parts, hive)
        elif path.is_file() and path.suffix.lower() in SUFFIXES:
            source = TableSource(path.name[: -len(path.suffix)], path)
        else:
            continue
        if source.name in found:
            raise InputError(
                f"two sources for table {source.name!r}: {found[source.name].path.name} and {path.name}",
                path=folder,
            )
        found[source.name] = source
    for name, source in found.items():
        m = _PART_LIKE.match(name)
        if m and not source.parts and (m["base"] in found or m["base"] in TABLES):
            raise InputError(
                f"{source.path.name} looks like a part of table {m['base']!r}, and would not be validated as it: "
                f"put the parts of one table in a folder ({m['base']}/part-*.parquet), or rename the file",
                path=source.path,
            )
    if not found:
        raise InputError(
            f"no table files ({', '.join(SUFFIXES)}) or folders of Parquet parts in this folder", path=folder
        )
    return [found[n] for n in TABLE_ORDER if n in found] + [s for n, s in found.items() if n not in TABLES]


def _scan_parts(source: TableSource) -> pl.LazyFrame:
    """One lazy table over a folder of parts; every part's schema is read now, so a bad part is named now."""
    first: pl.Schema | None = None
    for part in source.parts:
        try:
            schema = pl.read_parquet_schema(part)
        except (pl.exceptions.PolarsError, OSError) as exc:
            raise InputError(f"not a readable Parquet file ({_first_line(exc)})", path=part) from None
        if first is None:
            first = pl.Schema(schema)
        elif pl.Schema(schema) != first:
            raise InputError(
                f"this part's columns differ from {source.parts[0].name}'s: {dict(schema)} vs {dict(first)}",
                path=part,
            )
    frame = pl.scan_parquet(list(source.parts), hive_partitioning=source.hive, hive_schema=None)
    if source.hive and source.name in TABLES and first is not None:
        # a hive key that is not a column of the v1 table (newsframe's own ``published_date``) is dropped
        names = frame.collect_schema().names()
        frame = frame.select([c for c in names if c in first or c in TABLES[source.name].columns])
    return frame


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def scan_table(source: TableSource) -> pl.LazyFrame:
    """One table, lazily: Parquet files and folders of parts are scanned (``pl.scan_parquet``); CSV and
    JSON Lines are read (they must be parsed whole) and converted as :func:`read_tables` does."""
    if source.parts:
        frame = _scan_parts(source)
    elif SUFFIXES.get(source.path.suffix.lower()) == "parquet":
        _scan_parts(TableSource(source.name, source.path.parent, (source.path,)))  # names a bad file now
        frame = pl.scan_parquet(source.path)
    else:
        eager = read_table(source.path)
        if source.name in TABLES and eager.width == 0 and eager.height == 0:
            eager = pl.DataFrame(schema=TABLES[source.name].schema)  # an empty file: the empty table
        frame = eager.lazy()
    if source.name in TABLES:
        schema = frame.collect_schema()
        spec = TABLES[source.name].columns
        if any(c in schema and schema[c] != dtype for c, dtype in spec.items()):
            converted, _ = coerce(frame.collect(), spec)
            frame = converted.lazy()
    return frame


def scan_tables(directory: Path) -> dict[str, pl.LazyFrame]:
    """Every table of a folder as a LazyFrame (see :func:`table_sources` for what a table is).

    Examples
    --------
    >>> import tempfile, polars as pl
    >>> from pathlib import Path
    >>> d = Path(tempfile.mkdtemp())
    >>> (d / "events").mkdir()
    >>> for n in range(2):
    ...     pl.DataFrame({"event_id": [f"e{n}"]}).write_parquet(d / "events" / f"part-{n:05d}.parquet")
    >>> scan_tables(d)["events"].collect()["event_id"].to_list()
    ['e0', 'e1']
    """
    return {source.name: scan_table(source) for source in table_sources(directory)}


def read_tables(directory: Path) -> dict[str, pl.DataFrame]:
    """Read every table of a folder, keyed by table name, v1 tables first in contract order.

    A table is a file or a folder of Parquet parts (:func:`table_sources`).
    v1 tables are converted to their contract dtypes where that is lossless
    (see the module docstring); extra columns are kept.

    Raises
    ------
    InputError
        When the folder is missing or holds no table, when two sources name
        the same table, or when a file cannot be read (exit code 2).
    """
    out: dict[str, pl.DataFrame] = {}
    for name, frame in scan_tables(directory).items():
        try:
            out[name] = frame.collect()
        except (pl.exceptions.PolarsError, OSError) as exc:
            raise InputError(
                f"cannot read table {name!r}: {_first_line(exc)}", path=Path(directory)
            ) from None
    return out


def write_tables(tables: Mapping[str, pl.DataFrame], directory: Path) -> list[Path]:
    """Write each table as ``<directory>/<name>.parquet`` (creating the folder); return the paths written.

    Raises
    ------
    InputError
        When the folder cannot be created or a file cannot be written.
    """
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the tables folder: {exc.strerror}", path=folder) from None
    written: list[Path] = []
    for name, frame in tables.items():
        path = folder / f"{name}.parquet"
        try:
            frame.write_parquet(path)
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise InputError(f"cannot write table: {exc}", path=path) from None
        written.append(path)
    return written
