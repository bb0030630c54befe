"""What every factual-consistency check shares: its spec, its run context and table helpers.

A check is a function ``(tables, ctx) -> list[CheckResult]`` over whole
Polars tables. It never loops over rows in Python: it joins, filters and
compares columns, then hands the failing rows to :meth:`CheckContext.result`.

Examples
--------
>>> import polars as pl
>>> from newsframe.checks.base import keys_of, missing
>>> keys_of("events")
['event_id']
>>> missing({"events": pl.DataFrame({"event_id": ["e1"]})}, {"events": ["event_id", "quantity"]})
"table 'events' has no column 'quantity'"
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from newsframe.results import CheckResult, Severity

__all__ = [
    "ENGINE",
    "EVENT_PAIR_COLUMNS",
    "CheckContext",
    "CheckFn",
    "CheckSpec",
    "Tables",
    "as_date",
    "event_pairs",
    "keyed",
    "keys_of",
    "missing",
    "normalise",
    "pair_key",
    "project",
    "with_keys",
]

ENGINE = "newsframe"
"""The ``engine`` of every result a factual check writes."""

Tables = Mapping[str, pl.DataFrame]
Reads = Mapping[str, Sequence[str]]
"""Table name (or ``"*"``) to the columns a check reads from it."""

_EXTRA_KEYS: dict[str, list[str]] = {
    "document_topics": ["doc_id", "topic_id", "row"],
    "quotes": ["quote_id"],
}


@dataclass(frozen=True)
class CheckSpec:
    """A registered factual check.

    Parameters
    ----------
    slug
        Stable identifier, e.g. ``span-mismatch``.
    severity
        Default severity, ``error`` or ``warning``; a contract may override it.
    dimension
        ODCS data-quality dimension (``accuracy``, ``consistency``...).
    tables
        Tables the check needs at least; when one is absent the check is skipped.
    rule
        The rule in one line.
    fn
        The implementation; its docstring holds the rationale and an example
        (see :attr:`doc`).
    params
        Parameters the check accepts, with their defaults.
    reads
        Every column of every table the check may read (``"*"``: any table), or a function of the
        check's params giving them; ``None``: whole tables. Each table's key columns are added.
        :func:`newsframe.checks.run_check` hands the check only these columns (collected from a
        LazyFrame one table at a time), so that a check's memory is that of the columns it reads.
    """

    slug: str
    severity: Severity
    dimension: str
    tables: tuple[str, ...]
    rule: str
    fn: CheckFn = field(repr=False, compare=False)
    params: Mapping[str, Any] = field(default_factory=dict)
    reads: Reads | Callable[[Mapping[str, Any]], Reads] | None = field(default=None, compare=False)

    def columns_read(self, params: Mapping[str, Any]) -> Reads | None:
        """The columns the check reads with these params (:attr:`reads`, resolved)."""
        if callable(self.reads):
            return self.reads({**self.params, **{k: v for k, v in params.items() if v is not None}})
        return self.reads

    @property
    def doc(self) -> str:
        """The rationale and example: the implementation's docstring."""
        return (self.fn.__doc__ or self.rule).strip()


@dataclass(frozen=True)
class CheckContext:
    """What a check needs besides the tables: its spec, effective severity, sample size, params, and the
    dimension and description its results carry (the declaring contract's, else the spec's).

    ``param(name)`` returns the caller's value, else the spec's default.
    """

    spec: CheckSpec
    severity: Severity
    sample_size: int
    params: Mapping[str, Any]
    dimension_override: str | None = None
    description: str | None = None
    """The declaring contract's description of the check: when given, every result's ``rule`` (what the
    results document and the reports show), instead of the check's own words for each condition."""

    @property
    def dimension(self) -> str:
        """The ODCS dimension of this run's results: the contract's when it gave one, else the check's."""
        return self.dimension_override or self.spec.dimension

    def param(self, name: str) -> Any:
        """The parameter ``name``: the caller's value, else the spec's default."""
        if name in self.params and self.params[name] is not None:
            return self.params[name]
        return self.spec.params.get(name)

    def flag(self, name: str) -> bool:
        """The boolean parameter ``name``; YAML or CLI strings such as ``"false"`` and ``"no"`` read as False."""
        value = self.param(name)
        if isinstance(value, str):
            return value.strip().lower() not in ("false", "no", "0", "off", "")
        return bool(value)

    def number(self, name: str) -> int:
        """The integer parameter ``name`` (``"6"`` reads as 6)."""
        return int(float(self.param(name)))

    def result(
        self,
        *,
        table: str,
        column: str | None,
        rule: str,
        failures: pl.DataFrame,
        total_rows: int | None,
        severity: Severity | None = None,
        metrics: Mapping[str, float] | None = None,
        message: str | None = None,
    ) -> CheckResult:
        """A result from the failing rows (their keys and offending values)."""
        return CheckResult.from_failures(
            slug=self.spec.slug,
            table=table,
            column=column,
            rule=self.description or rule,
            severity=severity or self.severity,
            dimension=self.dimension,
            engine=ENGINE,
            failures=failures,
            total_rows=total_rows,
            message=message,
            sample_size=self.sample_size,
            metrics=metrics,
        )

    def skipped(self, *, table: str, column: str | None, rule: str, message: str) -> CheckResult:
        """A ``skipped`` result: a table or column the check needs is absent."""
        return CheckResult(
            slug=self.spec.slug,
            table=table,
            column=column,
            rule=self.description or rule,
            severity=self.severity,
            dimension=self.dimension,
            status="skipped",
            engine=ENGINE,
            message=f"skipped: {message}",
        )


CheckFn = Callable[[Tables, CheckContext], list[CheckResult]]


def keys_of(table: str) -> list[str]:
    """The columns that identify a row of ``table`` in a failure sample.

    Keyless v1 tables get a row number (``row``, 0-based) added by :func:`with_keys`.

    Examples
    --------
    >>> keys_of("sentences"), keys_of("document_topics")
    (['doc_id', 'sentence_id'], ['doc_id', 'topic_id', 'row'])
    """
    from newsframe.tables import TABLES  # generated from the contracts, which import the checks

    if table in _EXTRA_KEYS:
        return list(_EXTRA_KEYS[table])
    spec = TABLES.get(table)
    if spec is not None and spec.key:
        return list(spec.key)
    return ["row"]


def with_keys(df: pl.DataFrame, table: str) -> pl.DataFrame:
    """``df`` with a 0-based ``row`` column when its keys need one."""
    if "row" in keys_of(table) and "row" not in df.columns:
        return df.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    return df


def keyed(df: pl.DataFrame, table: str) -> tuple[pl.DataFrame, list[str]]:
    """``df`` and the columns that identify its rows in a failure sample.

    The keys of ``table`` (:func:`keys_of`) that ``df`` has; when it has none,
    a 0-based ``row`` number is added (a foreign table may lack its key column).

    Examples
    --------
    >>> keyed(pl.DataFrame({"event_id": ["e1"], "event_type": ["X"]}), "events")[1]
    ['event_id']
    >>> df, keys = keyed(pl.DataFrame({"event_type": ["X", "Y"]}), "events")
    >>> keys, df["row"].to_list()
    (['row'], [0, 1])
    """
    df = with_keys(df, table)
    keys = [k for k in keys_of(table) if k in df.columns]
    if keys:
        return df, keys
    if "row" not in df.columns:
        df = df.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    return df, ["row"]


def as_date(df: pl.DataFrame, name: str) -> pl.Expr:
    """Column ``name`` of ``df`` as ``pl.Date`` whatever a foreign table stored it as (ISO strings, datetimes).

    Examples
    --------
    >>> df = pl.DataFrame({"d": ["2024-04-02T10:00", "x"]})
    >>> df.select(as_date(df, "d"))["d"].to_list()
    [datetime.date(2024, 4, 2), None]
    """
    dtype = df.schema[name]
    col = pl.col(name)
    if dtype == pl.Date:
        return col
    if isinstance(dtype, pl.Datetime):
        return col.dt.date()
    if dtype == pl.String:
        return col.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    return pl.lit(None, dtype=pl.Date)


def pair_key(source: str = "source_actor_id", target: str = "target_actor_id") -> list[pl.Expr]:
    """The unordered actor pair as two columns ``_a <= _b`` (``_b`` null for one-sided events).

    Examples
    --------
    >>> pl.DataFrame({"source_actor_id": ["USA", "CHN"], "target_actor_id": ["CHN", None]}).select(
    ...     pair_key()).rows()
    [('CHN', 'USA'), ('CHN', None)]
    """
    s, t = pl.col(source), pl.col(target)
    swap = t.is_not_null() & (t < s)
    return [
        pl.when(swap).then(t).otherwise(s).alias("_a"),
        pl.when(swap).then(s).otherwise(t).alias("_b"),
    ]


EVENT_PAIR_COLUMNS = (
    "event_id",
    "doc_id",
    "event_type",
    "source_actor_id",
    "target_actor_id",
    "date_start",
    "date_end",
)
"""The ``events`` columns that :func:`event_pairs` needs (and keeps, as stored)."""


def event_pairs(events: pl.DataFrame, *extra: pl.Expr) -> pl.DataFrame:
    """``events`` ready for a self-comparison on (type, unordered actor pair, date interval).

    Keeps :data:`EVENT_PAIR_COLUMNS` as stored and adds the pair ``_a <= _b``
    (:func:`pair_key`) and the interval ``_start, _end`` as ``pl.Date`` (each
    read once with :func:`as_date`; a missing end is the start and vice versa),
    plus any ``extra`` expressions. date-conflict and duplicate-event both start here.

    Examples
    --------
    >>> import datetime as dt
    >>> ev = pl.DataFrame({"event_id": ["e1"], "doc_id": ["d"], "event_type": ["CONSULT"],
    ...     "source_actor_id": ["USA"], "target_actor_id": ["CHN"], "date_start": ["2024-04-02"],
    ...     "date_end": [None]})
    >>> event_pairs(ev).select("_a", "_b", "_start", "_end").rows()
    [('CHN', 'USA', datetime.date(2024, 4, 2), datetime.date(2024, 4, 2))]
    """
    return events.select(
        *EVENT_PAIR_COLUMNS,
        *pair_key(),
        as_date(events, "date_start").alias("_start"),
        as_date(events, "date_end").alias("_end"),
        *extra,
    ).with_columns(
        pl.coalesce("_start", "_end").alias("_start"),
        pl.coalesce("_end", "_start").alias("_end"),
    )


def missing(tables: Tables, needs: Mapping[str, Sequence[str]]) -> str | None:
    """Why a check cannot run: the first absent table or column in ``needs``, else ``None``.

    Examples
    --------
    >>> missing({}, {"documents": ["text"]})
    "table 'documents' is absent"
    """
    for name, columns in needs.items():
        if name not in tables:
            return f"table {name!r} is absent"
        for col in columns:
            if col not in tables[name].columns:
                return f"table {name!r} has no column {col!r}"
    return None


_INT_COLUMNS = frozenset(
    {"sentence_id", "start", "end", "trigger_start", "trigger_end", "evidence_start", "evidence_end"}
)
_FLOAT_COLUMNS = frozenset({"quantity"})


def normalise(tables: Tables) -> dict[str, pl.DataFrame]:
    """Tables with offsets as Int64 and quantities as Float64, whatever a foreign file stored them as,
    and documents unique by ``doc_id`` (the first row of a repeated id is kept).

    A CSV read without type inference holds ``"2533"``; a value that does not
    parse becomes null, which the span checks then report (``span-out-of-range``)
    rather than crash on. Columns already of the right type are untouched.

    Examples
    --------
    >>> normalise({"quotes": pl.DataFrame({"start": ["3", "x"]})})["quotes"]["start"].to_list()
    [3, None]
    """
    out: dict[str, pl.DataFrame] = {}
    for name, df in tables.items():
        casts = [
            pl.col(c).cast(pl.Int64, strict=False)
            for c, dtype in df.schema.items()
            if c in _INT_COLUMNS and dtype != pl.Int64
        ]
        casts += [
            pl.col(c).cast(pl.Float64, strict=False)
            for c, dtype in df.schema.items()
            if c in _FLOAT_COLUMNS and dtype != pl.Float64
        ]
        out[name] = df.with_columns(casts) if casts else df
    docs = out.get("documents")
    if docs is not None and "doc_id" in docs.columns and docs["doc_id"].is_duplicated().any():
        # A repeated doc_id is key-duplicate's finding; joined as is, it would repeat every failure here.
        out["documents"] = docs.unique(subset=["doc_id"], keep="first", maintain_order=True)
    return out


def project(
    tables: Mapping[str, pl.DataFrame | pl.LazyFrame], reads: Reads | None
) -> dict[str, pl.DataFrame]:
    """The tables a check reads, with only the columns it reads (``reads``; ``None``: all), as DataFrames.

    A LazyFrame is collected (streaming engine) with just those columns; a DataFrame is selected (no copy).
    Tables ``reads`` does not name (and no ``"*"``) are left out. Each table keeps its key columns
    (:func:`keys_of`) and its row order, so row numbers and samples are those of the whole table.

    Examples
    --------
    >>> t = {"events": pl.DataFrame({"event_id": ["e"], "quantity": [1.0], "trigger": ["met"]}).lazy()}
    >>> project(t, {"events": ["quantity"]})["events"].columns
    ['event_id', 'quantity']
    """
    out: dict[str, pl.DataFrame] = {}
    for name, frame in tables.items():
        wanted = None if reads is None else reads.get(name, reads.get("*"))
        if reads is not None and wanted is None:
            continue
        schema = frame.collect_schema() if isinstance(frame, pl.LazyFrame) else frame.schema
        if wanted is None:
            cols = list(schema)
        else:
            keep = {*keys_of(name), *wanted}
            cols = [c for c in schema if c in keep]
        if isinstance(frame, pl.LazyFrame):
            out[name] = frame.select(cols).collect(engine="streaming")
        else:
            out[name] = frame if len(cols) == len(schema) else frame.select(cols)
    return out
