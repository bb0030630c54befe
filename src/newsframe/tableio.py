"""Read and write folders of tables: Parquet, CSV and JSON Lines, one file per table.

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

from collections.abc import Mapping
from pathlib import Path

import polars as pl

from newsframe.contracts.dtypes import coerce
from newsframe.errors import InputError
from newsframe.jsonlines import records
from newsframe.tables import TABLE_ORDER, TABLES

__all__ = ["SUFFIXES", "read_table", "read_tables", "write_tables"]

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


def read_tables(directory: Path) -> dict[str, pl.DataFrame]:
    """Read every table file of a folder, keyed by file stem, v1 tables first in contract order.

    v1 tables are converted to their contract dtypes where that is lossless
    (see the module docstring); extra columns are kept.

    Raises
    ------
    InputError
        When the folder is missing or holds no table file, when two files name
        the same table, or when a file cannot be read (exit code 2).
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise InputError("tables folder not found" if not folder.exists() else "not a folder", path=folder)
    files: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() not in SUFFIXES:
            continue
        stem = path.name[: -len(path.suffix)]
        if stem in files:
            raise InputError(f"two files for table {stem!r}: {files[stem].name} and {path.name}", path=folder)
        files[stem] = path
    if not files:
        raise InputError(f"no table files ({', '.join(SUFFIXES)}) in this folder", path=folder)
    tables: dict[str, pl.DataFrame] = {}
    order = [n for n in TABLE_ORDER if n in files] + [n for n in files if n not in TABLES]
    for name in order:
        frame = read_table(files[name])
        if name in TABLES and frame.width == 0 and frame.height == 0:
            frame = pl.DataFrame(schema=TABLES[name].schema)  # an empty file: the empty table
        if name in TABLES:
            frame, _ = coerce(frame, TABLES[name].columns)
        tables[name] = frame
    return tables


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
