"""One result model for every engine.

Pandera, Great Expectations, the relation checks and the factual-consistency
checks all report into :class:`CheckResult`; the reporters (JSON, JUnit,
GitHub, HTML, Markdown, diff) read only :class:`Results`.

A check's ``slug`` is stable (``span-mismatch``, ``fk-missing``...): it is the
JUnit test name, the GitHub annotation title and the HTML report anchor.
Several results may share a slug (``fk-missing`` on several columns); ``id``
tells them apart and is stable across runs.

Examples
--------
>>> import polars as pl
>>> from newsframe.results import CheckResult, Results
>>> bad = pl.DataFrame({"mention_id": ["m1"], "start": [3]})
>>> r = CheckResult.from_failures(
...     slug="span-mismatch", table="mentions", column="start",
...     rule="text equals documents.text[start:end]", severity="error",
...     dimension="accuracy", engine="newsframe", failures=bad, total_rows=10,
... )
>>> (r.status, r.failing_rows, r.sample)
('failed', 1, [{'mention_id': 'm1', 'start': 3}])
>>> Results(checks=[r]).status
'failed'
>>> Results(checks=[r]).exit_code(fail_on="never")
0
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, cast, get_args

import polars as pl

from newsframe import __version__
from newsframe.errors import InputError

__all__ = [
    "DIMENSIONS",
    "RESULTS_VERSION",
    "SAMPLE_SIZE",
    "CheckResult",
    "Dimension",
    "FailOn",
    "Results",
    "Severity",
    "Status",
    "jsonable",
]

RESULTS_VERSION = "1.0"
"""Version of the results document; bumped on any incompatible change."""

SAMPLE_SIZE = 20
"""Default cap on the failing rows kept per check."""

Severity = Literal["error", "warning"]
Status = Literal["passed", "failed", "warning", "error", "skipped"]
FailOn = Literal["error", "warning", "skipped", "never"]
Dimension = Literal[
    "accuracy",
    "completeness",
    "conformity",
    "consistency",
    "coverage",
    "timeliness",
    "uniqueness",
]
DIMENSIONS: tuple[str, ...] = get_args(Dimension)
"""The ODCS v3 data-quality dimensions."""

STATUSES: tuple[str, ...] = get_args(Status)


def jsonable(value: Any) -> Any:
    """Convert a cell value to something ``json.dumps`` accepts, losslessly where possible.

    Examples
    --------
    >>> import datetime as dt
    >>> jsonable(dt.date(2024, 4, 2)), jsonable(float("nan")), jsonable((1, 2))
    ('2024-04-02', None, [1, 2])
    """
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, pl.Series):
        return [jsonable(v) for v in value.to_list()]
    if hasattr(value, "item"):  # numpy scalar
        return jsonable(value.item())
    return str(value)


@dataclass
class CheckResult:
    """The outcome of one check on one table (and column).

    Parameters
    ----------
    slug
        Stable identifier of the kind of check, e.g. ``fk-missing``.
    table
        The table checked.
    column
        The column checked, or ``None`` for a table-level rule.
    rule
        The rule in words, e.g. ``"actor_id references actors.actor_id"``.
    severity
        ``"error"`` or ``"warning"``.
    dimension
        ODCS data-quality dimension.
    status
        ``passed``, ``failed`` (an error-severity check found failures),
        ``warning`` (a warning-severity check found failures), ``error``
        (the check could not run) or ``skipped``.
    engine
        What evaluated it: ``pandera``, ``gx``, ``polars`` or ``newsframe``.
    failing_rows
        How many rows failed (all of them, not only the sample).
    total_rows
        Rows in the table checked, when known.
    sample
        Up to ``SAMPLE_SIZE`` failing rows, each with its key columns and the
        offending values, as JSON-ready dicts.
    message
        One line for humans.
    id
        Stable, unique id of this check in a run; defaults to
        ``"<table>.<column or *>.<slug>"``.
    metrics
        Optional numbers the check measured (e.g. ``duplication_ratio``).
    """

    slug: str
    table: str
    column: str | None
    rule: str
    severity: Severity
    dimension: str
    status: Status
    engine: str
    failing_rows: int = 0
    total_rows: int | None = None
    sample: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""
    id: str = ""
    metrics: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = f"{self.table}.{self.column or '*'}.{self.slug}"
        if self.severity not in ("error", "warning"):
            raise ValueError(f"severity must be 'error' or 'warning', not {self.severity!r}")
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {self.status!r}")

    @classmethod
    def from_failures(
        cls,
        *,
        slug: str,
        table: str,
        column: str | None,
        rule: str,
        severity: Severity,
        dimension: str,
        engine: str,
        failures: pl.DataFrame,
        total_rows: int | None = None,
        failing_rows: int | None = None,
        message: str | None = None,
        sample_size: int = SAMPLE_SIZE,
        id: str = "",
        metrics: Mapping[str, float] | None = None,
    ) -> CheckResult:
        """Build a result from the DataFrame of failing rows.

        The status follows from the count and the severity: no failures is
        ``passed``; failures are ``failed`` for errors, ``warning`` for warnings.
        """
        count = failures.height if failing_rows is None else failing_rows
        status: Status = "passed" if count == 0 else ("failed" if severity == "error" else "warning")
        if message is None:
            message = f"{count} row(s) break: {rule}" if count else f"passed: {rule}"
        return cls(
            slug=slug,
            table=table,
            column=column,
            rule=rule,
            severity=severity,
            dimension=dimension,
            status=status,
            engine=engine,
            failing_rows=count,
            total_rows=total_rows,
            sample=[jsonable(r) for r in failures.head(sample_size).to_dicts()],
            message=message,
            id=id,
            metrics=dict(metrics or {}),
        )

    @property
    def failed(self) -> bool:
        """True when the check found failures or could not run."""
        return self.status in ("failed", "warning", "error")

    def to_dict(self) -> dict[str, Any]:
        """The check as a JSON-ready dict (the ``checks[]`` item of results.json)."""
        return cast(dict[str, Any], jsonable(asdict(self)))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckResult:
        """Rebuild a check from :meth:`to_dict` output; unknown keys are ignored."""
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Results:
    """Everything one validation run found.

    Parameters
    ----------
    checks
        Every check that ran (passed ones included).
    metrics
        Run-level metrics: ``tables`` (per-table ``rows``, ``null_rates``,
        ``distinct``), and any others (e.g. ``duplication_ratio``).
    run
        Facts about the run: newsframe version, extraction engine, inputs,
        contracts directory, timings.
    version
        Version of the results document.
    """

    checks: list[CheckResult] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    run: dict[str, Any] = field(default_factory=dict)
    version: str = RESULTS_VERSION

    @property
    def status(self) -> Status:
        """``error`` if a check could not run, else ``failed`` if an error-severity
        check failed, else ``warning`` if a warning-severity check did, else ``passed``."""
        statuses = {c.status for c in self.checks}
        for s in ("error", "failed", "warning"):
            if s in statuses:
                return cast(Status, s)
        return "passed"

    def counts(self) -> dict[str, int]:
        """Number of checks per status, every status present (zeros included)."""
        out = dict.fromkeys(STATUSES, 0)
        for c in self.checks:
            out[c.status] += 1
        return out

    def exit_code(self, *, fail_on: FailOn = "error") -> int:
        """The gate's exit code: 1 when a check reaches ``fail_on``, else 0.

        ``fail_on="error"`` fails on ``failed`` and ``error`` checks;
        ``"warning"`` also on ``warning`` ones; ``"skipped"`` also on ``skipped`` ones (a check that
        could not run because its table is absent); ``"never"`` always passes.
        """
        if fail_on == "never":
            return 0
        levels = {"failed", "error"} | ({"warning"} if fail_on in ("warning", "skipped") else set())
        levels |= {"skipped"} if fail_on == "skipped" else set()
        return 1 if any(c.status in levels for c in self.checks) else 0

    def extend(self, checks: Iterable[CheckResult]) -> None:
        """Append checks, making ids unique by suffixing ``#2``, ``#3``..."""
        seen = {c.id for c in self.checks}
        for c in checks:
            base, n = c.id, 1
            while c.id in seen:
                n += 1
                c.id = f"{base}#{n}"
            seen.add(c.id)
            self.checks.append(c)

    def to_dict(self) -> dict[str, Any]:
        """The results document (``results.json``)."""
        return {
            "version": self.version,
            "status": self.status,
            "generator": f"newsframe {__version__}",
            "summary": self.counts(),
            "run": jsonable(self.run),
            "metrics": jsonable(self.metrics),
            "checks": [c.to_dict() for c in self.checks],
        }

    def to_json(self, path: str | Path | None = None, *, indent: int = 2) -> str:
        """Serialise to JSON, and write it to ``path`` when given."""
        text = json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
        if path is not None:
            p = Path(path)
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text + "\n", encoding="utf-8")
        return text

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Results:
        """Rebuild from a results document."""
        return cls(
            checks=[CheckResult.from_dict(c) for c in data.get("checks", [])],
            metrics=dict(data.get("metrics", {})),
            run=dict(data.get("run", {})),
            version=str(data.get("version", RESULTS_VERSION)),
        )

    @classmethod
    def read(cls, path: str | Path) -> Results:
        """Read a results document, with a clear error when it is missing or malformed."""
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError("results file not found", path=p) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read results file: {exc}", path=p) from None
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON: {exc.msg}", path=p, line=exc.lineno) from None
        if not isinstance(data, dict) or "checks" not in data:
            raise InputError("not a newsframe results document (no 'checks')", path=p)
        problem = _document_problem(data)
        if problem is not None:
            raise InputError(f"malformed results document: {problem}", path=p)
        try:
            return cls.from_dict(data)
        except (TypeError, ValueError) as exc:
            raise InputError(f"malformed results document: {exc}", path=p) from None


_CHECK_FIELDS: dict[str, tuple[type, ...]] = {
    "slug": (str,),
    "table": (str,),
    "column": (str, type(None)),
    "rule": (str,),
    "severity": (str,),
    "dimension": (str,),
    "status": (str,),
    "engine": (str,),
    "failing_rows": (int,),
    "total_rows": (int, type(None)),
    "sample": (list,),
    "message": (str, type(None)),
    "id": (str,),
    "metrics": (dict,),
}


def _document_problem(data: Mapping[str, Any]) -> str | None:
    """The first structural problem of a results document (its JSON path and what is wrong), or None.

    Examples
    --------
    >>> _document_problem({"checks": [{"slug": 3}]})
    'checks[0].slug: an int, not a string'
    >>> _document_problem({"checks": "x"})
    'checks: a str, not a list'
    """
    checks = data.get("checks")
    if not isinstance(checks, list):
        return f"checks: a {type(checks).__name__}, not a list"
    for key in ("metrics", "run"):
        if key in data and not isinstance(data[key], dict):
            return f"{key}: a {type(data[key]).__name__}, not an object"
    tables = data.get("metrics", {}).get("tables", {})
    if not isinstance(tables, dict):
        return f"metrics.tables: a {type(tables).__name__}, not an object"
    for name, profile in tables.items():
        if not isinstance(profile, dict):
            return f"metrics.tables.{name}: a {type(profile).__name__}, not an object"
        for key, value in profile.items():
            if key == "rows" and (not isinstance(value, int) or isinstance(value, bool)):
                return f"metrics.tables.{name}.rows: a {type(value).__name__}, not a whole number"
            if key in ("null_rates", "distinct"):
                if not isinstance(value, dict):
                    return f"metrics.tables.{name}.{key}: a {type(value).__name__}, not an object"
                for col, number in value.items():
                    if not isinstance(number, int | float) or isinstance(number, bool):
                        return f"metrics.tables.{name}.{key}.{col}: a {type(number).__name__}, not a number"
    required = ("slug", "table", "rule", "severity", "dimension", "status", "engine")
    for i, check in enumerate(checks):
        if not isinstance(check, dict):
            return f"checks[{i}]: a {type(check).__name__}, not an object"
        for key, types in _CHECK_FIELDS.items():
            if key not in check:
                if key in required:
                    return f"checks[{i}]: no {key!r}"
                continue
            value = check[key]
            if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
                wanted = " or ".join("null" if t is type(None) else _TYPE_WORDS[t] for t in types)
                return f"checks[{i}].{key}: {_kind(value)}, not {wanted}"
        if check["status"] not in STATUSES:
            return f"checks[{i}].status: {check['status']!r} is not one of {', '.join(STATUSES)}"
    return None


def _kind(value: Any) -> str:
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


_TYPE_WORDS: dict[type, str] = {str: "a string", int: "a whole number", list: "a list", dict: "an object"}
