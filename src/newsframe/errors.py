"""One flat exception hierarchy.

Every error newsframe raises on purpose derives from :class:`NewsframeError`
and carries an ``exit_code`` that the CLI uses. Messages name the file, the
line or record, and the reason, so that a user never needs a traceback.

Examples
--------
>>> from newsframe.errors import InputError
>>> err = InputError("no such file", path="in.jsonl")
>>> str(err)
'in.jsonl: no such file'
>>> err.exit_code
2
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = [
    "ContractError",
    "InputError",
    "NewsframeError",
    "OutputError",
    "UsageError",
    "ValidationError",
]


class NewsframeError(Exception):
    """Base class of every newsframe error.

    Parameters
    ----------
    message
        What went wrong, in words a user can act on.
    path
        The file concerned, if any.
    line
        The 1-based line (or record) number in that file, if any.
    field
        The field or column concerned, if any.
    """

    exit_code: int = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


class UsageError(NewsframeError):
    """The command line was used wrongly (exit code 2)."""


class InputError(NewsframeError):
    """An input file or directory is missing or cannot be read (exit code 2)."""


class ContractError(NewsframeError):
    """A data contract is missing, unreadable or does not follow ODCS (exit code 2)."""


class ValidationError(NewsframeError):
    """Tables failed validation (exit code 1); ``results`` holds every check.

    Raised by ``Results.raise_for_status()`` and ``newsframe.testing.assert_valid``.
    """

    exit_code = 1

    def __init__(self, message: str, *, results: Any) -> None:
        self.results = results
        super().__init__(message)


class OutputError(NewsframeError):
    """An output could not be written (no space, read-only, a path that is a folder); nothing was replaced (exit code 2)."""
