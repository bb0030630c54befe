"""Read JSON Lines files of records, with errors that name the file and the line.

Used by the evaluation loaders (CoNLL, PLOVER, dates, corpora) and by
``tableio`` to explain a JSON Lines table that Polars could not read. Ingest
has its own reader, because there a bad line becomes a ``rejects`` row
instead of an error.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "r.jsonl"
>>> _ = p.write_text('{"a": 1}\\n\\n{"a": 2}\\n')
>>> list(records(p, what="test records"))
[(1, {'a': 1}), (3, {'a': 2})]
>>> _ = p.write_text('{"a": 1}\\n[2]\\n')
>>> list(records(p, what="test records"))
Traceback (most recent call last):
...
newsframe.errors.InputError: ...r.jsonl:2: one JSON object per line expected in test records, found a list
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsframe.errors import InputError

__all__ = ["records"]


def records(path: Path, *, what: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for each non-blank line of a JSON Lines file.

    Parameters
    ----------
    path
        The file.
    what
        What the file holds, for messages ("PLOVER records", "the dates gold set").

    Raises
    ------
    InputError
        When the file is missing or not UTF-8, or a line is not a JSON object
        (the message names the file and the line).
    """
    if not path.is_file():
        raise InputError(f"{what} not found", path=path)
    try:
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"malformed JSON: {exc.msg}", path=path, line=number) from None
                if not isinstance(value, dict):
                    raise InputError(
                        f"one JSON object per line expected in {what}, found a {type(value).__name__}",
                        path=path,
                        line=number,
                    )
                yield number, value
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text: {exc.reason}", path=path) from None
