"""The Python API: validate tables, read contracts, run the extraction, from a notebook or a test suite.

Everything here is re-exported by :mod:`newsframe` (``newsframe.validate``,
``newsframe.contract``...). It is a thin, stable facade: the contract
internals (:mod:`newsframe.contracts`), the validation engines and the
pipeline may change, these names and signatures do not.

Examples
--------
>>> import newsframe
>>> results = newsframe.validate(newsframe.example_tables("byoe"))
>>> results.ok
False
>>> sorted({c.slug for c in results.failures})[:3]
['actor-ungrounded', 'cardinality-missing', 'codebook-mismatch']
>>> events = newsframe.contract("events")
>>> events.keys
('event_id',)
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from newsframe import results as _results
from newsframe.errors import ContractError, OutputError, UsageError, ValidationError
from newsframe.results import SAMPLE_SIZE, CheckResult, FailOn

if TYPE_CHECKING:
    from newsframe.contracts.diff import ContractsDiff
    from newsframe.contracts.model import Contract as _InternalContract
    from newsframe.contracts.model import ContractSet
    from newsframe.report.diff import Diff

__all__ = [
    "CheckResult",
    "Column",
    "Contract",
    "Results",
    "Rule",
    "Run",
    "Tables",
    "bundle_contracts",
    "contract",
    "contracts",
    "diff_contracts",
    "diff_results",
    "evaluate",
    "example_tables",
    "export_gx_suites",
    "extract",
    "lint_contracts",
    "run",
    "validate",
]

TablesLike = str | Path | Mapping[str, Any] | pl.DataFrame | pl.LazyFrame
"""What :func:`validate` accepts: a folder, a mapping of names to frames, or one frame (with ``table=``)."""


# ---------------------------------------------------------------------------------------------- results


@dataclass
class Results(_results.Results):
    """Everything one validation found: every check (passed ones included), table metrics, run facts.

    ``checks`` holds one :class:`CheckResult` per check, each with its ``id``
    (``events.quantity.number-ungrounded``), ``slug``, ``status``,
    ``failing_rows`` and a ``sample`` of the failing rows.

    Examples
    --------
    >>> import polars as pl, newsframe
    >>> r = newsframe.validate(pl.DataFrame({"topic_id": ["t1", "t1"], "label": ["a", "b"],
    ...                                      "parent_id": [None, None]}), table="topics")
    >>> r.ok, [c.id for c in r.failures]
    (False, ['topics.topic_id.key-duplicate'])
    >>> r.raise_for_status()
    Traceback (most recent call last):
    ...
    newsframe.errors.ValidationError: validation failed: 1 check(s) failed (topics.topic_id.key-duplicate: ...
    """

    tables: Mapping[str, pl.DataFrame | pl.LazyFrame] | None = field(default=None, repr=False, compare=False)
    """The tables that were validated, as given (LazyFrames stay lazy): what the HTML report reads."""

    @property
    def ok(self) -> bool:
        """True when no check failed or could not run (warnings and skipped checks are ok)."""
        return self.exit_code(fail_on="error") == 0

    @property
    def failures(self) -> list[CheckResult]:
        """The checks that failed, warned or could not run, in run order."""
        return [c for c in self.checks if c.status in ("failed", "error", "warning")]

    def check(self, check_id: str) -> CheckResult:
        """The check with this id (``events.quantity.number-ungrounded``).

        Raises
        ------
        KeyError
            When no check has that id.
        """
        for c in self.checks:
            if c.id == check_id:
                return c
        raise KeyError(check_id)

    def raise_for_status(self, *, fail_on: FailOn = "error") -> Results:
        """Raise :class:`~newsframe.errors.ValidationError` (carrying these results) when a check reaches
        ``fail_on`` (``error``: failed or errored checks; ``warning``: warnings too; ``never``); else return self."""
        if self.exit_code(fail_on=fail_on) == 0:
            return self
        levels = {"failed", "error"} | ({"warning"} if fail_on in ("warning", "skipped") else set())
        levels |= {"skipped"} if fail_on == "skipped" else set()
        bad = [c for c in self.checks if c.status in levels]
        shown = "; ".join(f"{c.id}: {c.message}" for c in bad[:5])
        more = f"; and {len(bad) - 5} more" if len(bad) > 5 else ""
        raise ValidationError(
            f"validation failed: {len(bad)} check(s) {_words(bad)} ({shown}{more})", results=self
        )

    def to_junit(self, path: str | Path | None = None, *, fail_on: FailOn = "error") -> str:
        """The JUnit XML (one testsuite per table, one testcase per check); written to ``path`` when given."""
        from newsframe.report import junit

        if path is None:
            return junit.to_xml(self, fail_on=fail_on)
        return junit.write_junit(self, path, fail_on=fail_on).read_text(encoding="utf-8")

    def to_html(self, path: str | Path | None = None) -> str:
        """The self-contained HTML data-quality report; written to ``path`` when given."""
        from newsframe.report import html

        shown = _report_tables(self.tables or {}, self)
        if path is None:
            return html.render_html(self, shown)
        return html.write_html(self, shown, path).read_text(encoding="utf-8")

    def write_reports(
        self,
        *,
        json: str | Path | None = None,
        junit: str | Path | None = None,
        html: str | Path | None = None,
        fail_on: FailOn = "error",
    ) -> None:
        """Write the results document (``json``), the JUnit XML and the HTML report, each when its path is given.

        Raises
        ------
        OutputError
            When a file cannot be written (no space, read-only, a folder in the way); it names the file.
        """
        _write_output(json, "the results document", lambda p: self.to_json(p))
        _write_output(junit, "the JUnit report", lambda p: self.to_junit(p, fail_on=fail_on))
        _write_output(html, "the HTML report", lambda p: self.to_html(p))

    def to_github(
        self, stream: Any, *, summary_path: str | Path | None = None, fail_on: FailOn = "error"
    ) -> None:
        """Write GitHub Actions annotations (``::error title=<slug>::...``) to ``stream`` and append the
        Markdown summary to ``summary_path`` (``$GITHUB_STEP_SUMMARY``) when given."""
        from newsframe.report import github

        github.emit(
            self, stream=stream, summary_path=str(summary_path) if summary_path else None, fail_on=fail_on
        )

    def summary(self, *, fail_on: FailOn = "error") -> str:
        """The terminal summary the CLI prints."""
        from newsframe.report import text

        return text.summary(self, fail_on=fail_on)


def _words(checks: Sequence[CheckResult]) -> str:
    statuses = sorted({c.status for c in checks})
    return "/".join(statuses)


def _write(path: str | Path, text: str) -> None:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")


def _write_output(path: str | Path | None, what: str, writer: Callable[[Path], object]) -> None:
    """Write one output; an OS error (no space, read-only, a folder in the way) is an OutputError naming it."""
    if path is None:
        return
    try:
        writer(Path(path))
    except OSError as exc:
        raise OutputError(f"cannot write {what}: {exc.strerror or exc}", path=path) from None


def _report_tables(
    tables: Mapping[str, pl.DataFrame | pl.LazyFrame], results: _results.Results
) -> dict[str, pl.DataFrame]:
    """What the HTML report reads, collected from lazy tables without collecting the corpus.

    The report draws events, actors and topics whole (small per document), and shows source text only for
    the failing sample rows: documents, sentences and mentions are collected for those documents only.
    """
    lazy = {n: f.lazy() for n, f in tables.items()}
    big = ("documents", "sentences", "mentions")
    out = {n: f.collect() for n, f in lazy.items() if n not in big}
    rows = [r for c in results.checks for r in c.sample]
    docs = {str(r["doc_id"]) for r in rows if r.get("doc_id") is not None}
    if "mentions" in lazy and "mention_id" in lazy["mentions"].collect_schema():
        ids = sorted({str(r["mention_id"]) for r in rows if r.get("mention_id") is not None})
        out["mentions"] = lazy["mentions"].filter(pl.col("mention_id").cast(pl.String).is_in(ids)).collect()
    events = out.get("events")
    if events is not None and {"event_id", "doc_id"} <= set(events.columns):
        ids = sorted({str(r["event_id"]) for r in rows if r.get("event_id") is not None})
        docs |= set(events.filter(pl.col("event_id").cast(pl.String).is_in(ids))["doc_id"].cast(pl.String))
    if "mentions" in out and "doc_id" in out["mentions"].columns:
        docs |= set(out["mentions"]["doc_id"].cast(pl.String).drop_nulls())
    for name in ("documents", "sentences"):
        if name in lazy:
            frame = lazy[name]
            if "doc_id" in frame.collect_schema():
                frame = frame.filter(pl.col("doc_id").cast(pl.String).is_in(sorted(docs)))
            out[name] = frame.collect()
    if "mentions" in lazy and "mentions" not in out:
        out["mentions"] = lazy["mentions"].collect()
    return {n: out[n] for n in tables}


# ---------------------------------------------------------------------------------------------- contracts


@dataclass(frozen=True)
class Column:
    """One column of a contract.

    Parameters
    ----------
    name
        Column name.
    dtype
        The Polars dtype the contract asks for.
    logical_type
        The ODCS ``logicalType`` (``string``, ``integer``, ``number``, ``date``...).
    required
        True when the column must not be null.
    primary_key_position
        1-based position in the primary key, or None.
    unique
        True when the values must be unique.
    description
        The contract's description.
    """

    name: str
    dtype: pl.DataType
    logical_type: str
    required: bool
    primary_key_position: int | None
    unique: bool
    description: str


@dataclass(frozen=True)
class Rule:
    """One check a contract declares.

    Parameters
    ----------
    id
        The check id of its result: ``<table>.<column or *>.<slug>``.
    slug
        The stable kind of check (``not-null``, ``fk-missing``, ``number-ungrounded``...).
    table, column
        Where it applies (``column`` is None for a table-level rule).
    kind
        ``schema``, ``column``, ``frame``, ``relation`` or ``factual``.
    description
        The rule in words.
    severity
        ``error`` or ``warning``.
    dimension
        The ODCS data-quality dimension.
    params
        The rule's parameters (values, bounds, referenced tables...).
    """

    id: str
    slug: str
    table: str
    column: str | None
    kind: str
    description: str
    severity: str
    dimension: str
    params: Mapping[str, Any] = field(default_factory=dict)


class Contract:
    """One table's data contract (an ODCS v3 file), and its compilations to Pandera and Great Expectations.

    Get one with :func:`contract` or :func:`contracts`.

    Examples
    --------
    >>> import newsframe
    >>> c = newsframe.contract("sentences")
    >>> c.name, c.version, c.keys
    ('sentences', '1.0.0', ('doc_id', 'sentence_id'))
    >>> c.columns["start"].dtype
    Int64
    >>> [r.id for r in c.rules if r.slug == "fk-missing"]
    ['sentences.doc_id.fk-missing']
    """

    def __init__(self, internal: _InternalContract, contract_set: ContractSet) -> None:
        self._c = internal
        self._set = contract_set

    def __repr__(self) -> str:
        return f"Contract({self.name!r}, version={self.version!r}, path={str(self.path)!r})"

    @property
    def name(self) -> str:
        """The table name."""
        return self._c.name

    @property
    def version(self) -> str:
        """The contract's semver ``version``."""
        return self._c.version

    @property
    def path(self) -> Path:
        """The contract file."""
        return Path(self._c.path)

    @property
    def columns(self) -> dict[str, Column]:
        """The columns, in contract order."""
        return {
            name: Column(
                name=name,
                dtype=col.dtype,
                logical_type=col.logical_type,
                required=col.required,
                primary_key_position=col.primary_key_position,
                unique=col.unique,
                description=col.description,
            )
            for name, col in self._c.columns.items()
        }

    @property
    def keys(self) -> tuple[str, ...]:
        """The primary-key columns, in ``primaryKeyPosition`` order (empty when the table has no key)."""
        return tuple(self._c.key)

    @property
    def rules(self) -> list[Rule]:
        """Every check the contract declares, in declaration order."""
        return [
            Rule(
                id=r.id,
                slug=r.slug,
                table=r.table,
                column=r.column,
                kind=r.kind,
                description=r.rule,
                severity=r.severity,
                dimension=r.dimension,
                params=dict(r.params),
            )
            for r in self._c.rules
        ]

    def to_pandera(self) -> Any:
        """The contract as a plain ``pandera.polars.DataFrameSchema``.

        One ``pa.Column`` per contract column (dtype, ``nullable``, ``unique``)
        whose checks are Pandera's built-ins, one per rule (``isin``,
        ``in_range``, ``str_matches``, ``str_length``...); the composite key is
        the schema's ``unique``; the multi-column rules (``pair-order``...) are
        dataframe-level checks named by their slug. Rules across tables
        (foreign keys) and the factual checks are not in it: run
        :func:`validate` for those.

        Examples
        --------
        >>> import polars as pl, pandera.polars as pa, newsframe
        >>> schema = newsframe.contract("topics").to_pandera()
        >>> [c.name for c in schema.columns["label"].checks]
        ['str_length']
        >>> bad = pl.DataFrame({"topic_id": ["a", "a"], "label": ["x", ""], "parent_id": [None, None]},
        ...                    schema={"topic_id": pl.String, "label": pl.String, "parent_id": pl.String})
        >>> try:
        ...     schema.validate(bad, lazy=True)
        ... except pa.errors.SchemaErrors as exc:
        ...     sorted(set(exc.failure_cases["check"].to_list()))
        ['field_uniqueness', 'str_length(1, None)']
        """
        from newsframe.contracts.pandera_engine import compile_schema

        return compile_schema(self._c, fused=False).schema

    def to_gx_suite(self) -> Any:
        """The contract as a Great Expectations 1.x ``ExpectationSuite`` (the same as ``contracts/gx/<table>.json``).

        Suites compare with other tables (``$PARAMETER`` value sets) and mirror factual checks on
        derived ``nf__*`` columns; :func:`newsframe.gx.prepare` gives both for a user's own GX project.
        """
        import os

        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        import great_expectations as gx

        from newsframe.contracts.gx_engine import suite_dict

        return gx.ExpectationSuite(**suite_dict(self._c, contracts=self._set))

    def validate(self, frame: pl.DataFrame | pl.LazyFrame, **options: Any) -> Results:
        """Validate one table against this contract alone (see :func:`validate` for the options)."""
        return validate(frame, table=self.name, contracts=self._set.directory, **options)


def _load(directory: str | Path | None) -> ContractSet:
    from newsframe.contracts.loader import load_contracts

    return load_contracts(Path(directory) if directory is not None else None)


def contracts(dir: str | Path | None = None) -> dict[str, Contract]:
    """Every contract of a folder (default: the built-in v1 contracts), by table name.

    Raises
    ------
    ContractError
        When the folder is missing or a contract is invalid (the message names the file and field).

    Examples
    --------
    >>> import newsframe
    >>> list(newsframe.contracts())
    ['actors', 'document_topics', 'documents', 'events', 'mentions', 'rejects', 'sentences', 'topics']
    """
    loaded = _load(dir)
    return {c.name: Contract(c, loaded) for c in loaded}


def contract(name: str, *, contracts: str | Path | None = None) -> Contract:
    """The contract of one table (from the folder ``contracts``, default: the built-in ones).

    Raises
    ------
    ContractError
        When no contract of that folder describes table ``name``.

    Examples
    --------
    >>> import newsframe
    >>> newsframe.contract("nope")
    Traceback (most recent call last):
    ...
    newsframe.errors.ContractError: no contract for table 'nope' (known: actors, document_topics, ...
    """
    loaded = _load(contracts)
    table = loaded.table_for(name)
    if table is None:
        raise ContractError(f"no contract for table {name!r} (known: {', '.join(sorted(loaded.contracts))})")
    return Contract(loaded[table], loaded)


# ---------------------------------------------------------------------------------------------- validate


def _frame(value: Any, name: str) -> pl.DataFrame | pl.LazyFrame:
    """One table as the validator takes it: a DataFrame, or a LazyFrame passed through (never collected here)."""
    if isinstance(value, pl.DataFrame | pl.LazyFrame):
        return value
    if type(value).__module__.split(".")[0] == "pandas":
        return pl.from_pandas(value)
    raise UsageError(
        f"table {name!r} is a {type(value).__name__}; give a Polars DataFrame or LazyFrame (or a pandas DataFrame)"
    )


def _tables(tables: Any, table: str | None) -> tuple[dict[str, pl.DataFrame | pl.LazyFrame], dict[str, Any]]:
    """The tables by name (a folder is scanned lazily, LazyFrames stay lazy), and facts for the results' ``run``."""
    from newsframe.tableio import scan_tables

    if isinstance(tables, str | Path):
        if table is not None:
            raise UsageError("table= names one DataFrame; a folder's tables are named by their files")
        # lazy: the validator reads one table, and the columns a check reads, at a time
        return dict(scan_tables(Path(tables))), {"tables_dir": str(tables)}
    if isinstance(tables, Tables):
        return dict(tables), dict(tables.run)
    if isinstance(tables, Mapping):
        if table is not None:
            raise UsageError("table= names one DataFrame; a mapping's tables are named by its keys")
        return {str(k): _frame(v, str(k)) for k, v in tables.items()}, {}
    if table is None:
        raise UsageError(
            f"one {type(tables).__name__} needs table=<name> (e.g. table='events'); "
            "or pass a folder or a mapping of table names to DataFrames"
        )
    return {table: _frame(tables, table)}, {}


def validate(
    tables: TablesLike,
    *,
    contracts: str | Path | None = None,
    table: str | None = None,
    gx: bool = False,
    spark: Any = False,
    spark_master: str | None = None,
    sample_size: int = SAMPLE_SIZE,
    gx_docs: str | Path | None = None,
    optional_tables: Iterable[str] = (),
) -> Results:
    """Validate tables against the data contracts: schema, relations between tables, factual checks.

    Parameters
    ----------
    tables
        A folder of table files (``<table>.parquet|.csv|.jsonl``, or a folder of Parquet parts per
        table), a mapping of table names to Polars DataFrames or LazyFrames, or one DataFrame (or
        LazyFrame) with ``table=``. LazyFrames (and a folder, which is scanned) are not collected
        here: the validator reads one table, and the columns a check reads, at a time, so a
        ``pl.scan_parquet`` of a large dataset is never materialised whole.
    contracts
        Folder of ``*.odcs.yaml`` contracts (default: the built-in v1 contracts).
    table
        The table name of a single DataFrame. That table is validated on its own: checks
        that need another table (foreign keys, grounding in ``documents``) are skipped.
    gx
        Also run the Great Expectations suites (slower).
    spark
        ``True`` (or a ``SparkSession``) to validate on Spark (:mod:`newsframe.spark`; needs the
        ``spark`` extra and Java): a folder is then read by Spark, Parquet part-file folders included.
    spark_master
        The master of a new Spark session (default ``local[*]``; an active session is reused).
    sample_size
        Failing rows kept per check.
    gx_docs
        Build GX Data Docs in this folder (implies ``gx``).
    optional_tables
        Tables that may be absent although other tables refer to them (their checks are skipped).

    Returns
    -------
    Results
        One check per rule; ``results.ok`` is False when a check failed.

    Raises
    ------
    UsageError
        When ``tables`` is of a kind this does not read, or a single frame has no ``table=``.
    InputError
        When the folder or a table file cannot be read.
    ContractError
        When a contract is missing or invalid.

    Examples
    --------
    >>> import newsframe
    >>> r = newsframe.validate(newsframe.example_tables("byoe"))
    >>> r.check("events.quantity.number-ungrounded").sample
    [{'event_id': 'evt-05', ...}]
    """
    from newsframe.validation import validate as _validate

    if sample_size < 1:
        raise UsageError(f"sample_size must be at least 1, not {sample_size}")
    if spark:
        if gx_docs is not None:
            raise UsageError(
                "gx_docs does not run with spark=True (GX on Spark builds no Data Docs): drop one"
            )
        found, frames, run = _validate_on_spark(
            tables,
            table=table,
            contracts=contracts,
            gx=gx or gx_docs is not None,
            sample_size=sample_size,
            spark=spark,
            spark_master=spark_master,
        )
    else:
        frames, run = _tables(tables, table)
        found = _validate(
            frames,
            contracts_dir=Path(contracts) if contracts is not None else None,
            gx=gx or gx_docs is not None,
            gx_docs=Path(gx_docs) if gx_docs is not None else None,
            sample_size=sample_size,
            optional_tables=frozenset(optional_tables),
        )
    if table is not None:  # one table on its own: the others' absence is not a failure
        for c in found.checks:
            if c.slug == "table-missing" and c.status == "failed":
                c.status = "skipped"
                c.message = (
                    f"table {c.table} is absent (one table was validated on its own): its checks were skipped"
                )
    out = Results(
        checks=found.checks, metrics=found.metrics, run=found.run, version=found.version, tables=frames
    )
    out.run.update(run)
    return out


def _validate_on_spark(
    tables: TablesLike,
    *,
    table: str | None,
    contracts: str | Path | None,
    gx: bool,
    sample_size: int,
    spark: Any,
    spark_master: str | None,
) -> tuple[Any, dict[str, pl.DataFrame | pl.LazyFrame], dict[str, Any]]:
    """:func:`validate` on Spark: the results, the Polars tables (none for a folder) and the run facts."""
    from newsframe.spark.validate import validate_spark

    session = None if spark is True else spark
    if isinstance(tables, str | Path):
        if table is not None:
            raise UsageError("table= names one DataFrame; a folder's tables are named by their files")
        source: Any = Path(tables)
        frames: dict[str, pl.DataFrame | pl.LazyFrame] = {}
        run: dict[str, Any] = {"tables_dir": str(tables)}
    elif (
        isinstance(tables, Mapping)
        and not isinstance(tables, Tables)
        and any(type(v).__module__.startswith("pyspark") for v in tables.values())
    ):
        source, frames, run = dict(tables), {}, {}
    else:
        frames, run = _tables(tables, table)
        source = frames
    found = validate_spark(
        source,
        spark=session,
        master=spark_master,
        contracts_dir=Path(contracts) if contracts is not None else None,
        sample_size=sample_size,
        gx=gx,
    )
    return found, frames, run


def example_tables(name: str = "byoe") -> Path:
    """The folder of an example table set shipped with newsframe: ``byoe`` (an LLM extractor's tables for the
    seed article, with planted hallucinations; see ``seeds/byoe/README.md``).

    Examples
    --------
    >>> example_tables().name
    'byoe'
    """
    from newsframe.assets import asset_dir

    folder = asset_dir("seeds") / name
    if not folder.is_dir():
        raise UsageError(f"no example table set {name!r} (known: byoe)")
    return folder


# ---------------------------------------------------------------------------------------------- extract


class Tables(Mapping[str, pl.DataFrame]):
    """The tables an extraction made, by name (a read-only mapping), with the facts of the run.

    Examples
    --------
    >>> import newsframe
    >>> t = newsframe.extract(["Germany's chancellor Olaf Scholz met Emmanuel Macron in Paris on Monday."],
    ...                       engine="rules")
    >>> list(t)[:3], t["documents"].height
    (['documents', 'sentences', 'mentions'], 1)
    >>> t.validate().ok
    True
    """

    def __init__(self, tables: Mapping[str, pl.DataFrame], *, run: Mapping[str, Any] | None = None) -> None:
        self._tables = dict(tables)
        self.run: dict[str, Any] = dict(run or {})

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{n}: {f.height}" for n, f in self._tables.items())
        return f"Tables({sizes})"

    def validate(self, **options: Any) -> Results:
        """Validate these tables (the options of :func:`validate`)."""
        return validate(self, **options)

    def write(self, directory: str | Path) -> list[Path]:
        """Write each table as ``<directory>/<name>.parquet``; return the paths."""
        from newsframe.tableio import write_tables

        return write_tables(self._tables, Path(directory))


_MEMORY = "<python>"


def _documents_frame(documents: Any) -> pl.DataFrame:
    if isinstance(documents, pl.LazyFrame):
        documents = documents.collect()
    if isinstance(documents, pl.DataFrame):
        return documents
    if isinstance(documents, Sequence) and not isinstance(documents, str | bytes):
        if all(isinstance(d, str) for d in documents):
            return pl.DataFrame({"text": list(documents)}, schema={"text": pl.String})
        if all(isinstance(d, Mapping) for d in documents):
            return pl.DataFrame([dict(d) for d in documents], infer_schema_length=None)
    raise UsageError(
        "documents must be a list of texts, a list of records (dicts with 'text'), a documents "
        "DataFrame, or a file or folder path"
    )


def extract(
    documents: Any,
    *,
    pipeline: str | Path | None = None,
    engine: str | None = None,
    workers: int | None = None,
    text_column: str = "text",
) -> Tables:
    """Run the extraction pipeline: documents in, the eight v1 tables out.

    Parameters
    ----------
    documents
        A list of texts; a list of records (``{"id", "text", "title", "url", "source",
        "published_at"}``); a Polars DataFrame with a ``text`` column (and those optional ones);
        or a file or folder path (what ``newsframe run`` reads).
    pipeline
        A pipeline definition YAML (default: the built-in ``pipelines/default.yaml``).
    engine
        ``auto`` (spaCy when installed), ``spacy`` or ``rules``; default: the pipeline's.
    workers
        Worker processes (default: the pipeline's).
    text_column
        The text column of a DataFrame or of CSV/Parquet inputs.

    Returns
    -------
    Tables
        documents, sentences, mentions, actors, events, topics, document_topics and rejects.
        A record that cannot be processed (empty text, duplicate id, bad date) is a ``rejects``
        row naming its position (``<python>``, line = 1-based record number) and the reason.

    Raises
    ------
    UsageError
        When ``documents`` is of a kind this does not read.
    InputError
        A missing input path or a bad option.
    """
    from newsframe.pipeline import load_pipeline, run_pipeline

    config = load_pipeline(Path(pipeline) if pipeline is not None else None)
    if isinstance(documents, str | Path):
        output = run_pipeline(
            [Path(documents)], config=config, engine=engine, workers=workers, text_column=text_column
        )
        return Tables(output.tables, run=output.run)
    frame = _documents_frame(documents)
    with tempfile.TemporaryDirectory(prefix="newsframe-") as tmp:
        path = Path(tmp) / "documents.parquet"
        frame.write_parquet(path)
        output = run_pipeline([path], config=config, engine=engine, workers=workers, text_column=text_column)
    tables = dict(output.tables)
    rejects = tables.get("rejects")
    if rejects is not None and "source_file" in rejects.columns:
        tables["rejects"] = rejects.with_columns(
            pl.when(pl.col("source_file") == str(path))
            .then(pl.lit(_MEMORY))
            .otherwise(pl.col("source_file"))
            .alias("source_file")
        )
    run = {**output.run, "inputs": [_MEMORY], "input_files": [_MEMORY]}
    return Tables(tables, run=run)


# ---------------------------------------------------------------------------------------------- run


@dataclass
class Run:
    """What :func:`run` wrote: the dataset folder, the facts of the run and, unless ``validate=False``, the results.

    Attributes
    ----------
    out
        The output folder.
    tables_dir
        ``out/tables``: one folder of Parquet parts per table.
    facts
        The facts of the run (inputs, counts, engine, timings), as in ``out/.newsframe-run.json``.
    results
        The validation results (None with ``validate=False``); ``results.tables`` scans ``tables_dir``.
    reports
        The report files written: ``json``, ``html`` and ``junit`` (when asked for) to their paths.
    """

    out: Path
    tables_dir: Path
    facts: dict[str, Any]
    results: Results | None = None
    reports: dict[str, Path] = field(default_factory=dict)
    n_tables: int = 0

    def summary(self) -> str:
        """The one-line summary of the extraction (documents, rejects, table sizes, engine, seconds)."""
        from newsframe.pipeline import DatasetRun

        return DatasetRun(run=self.facts, tables_dir=self.tables_dir).summary()

    def tables(self) -> dict[str, pl.LazyFrame]:
        """The tables written, scanned lazily."""
        from newsframe.tableio import scan_tables

        return scan_tables(self.tables_dir)


_validate_tables = validate  # run() has a parameter named validate

_APPEND_KEEP = ("tables/documents", "tables/sentences", "tables/document_topics", "tables/rejects", "link")
"""What ``append=True`` keeps of the dataset (hard links): the per-document tables and the linking state."""


def run(
    inputs: str | Path | Sequence[str | Path],
    *,
    out: str | Path = "out",
    pipeline: str | Path | None = None,
    engine: str | None = None,
    workers: int | None = None,
    text_column: str | None = None,
    batch_size: int | None = None,
    partition_by: str | None = None,
    append: bool = False,
    spark: bool = False,
    spark_master: str | None = None,
    validate: bool = True,
    contracts: str | Path | None = None,
    gx: bool = False,
    gx_docs: str | Path | None = None,
    optional_tables: Iterable[str] = (),
    sample_size: int = SAMPLE_SIZE,
    fail_on: FailOn = "error",
    json: str | Path | None = None,
    html: str | Path | None = None,
    junit: str | Path | None = None,
) -> Run:
    """Extract documents into a dataset folder, validate it and write the reports: ``newsframe run`` from Python.

    The pipeline streams: inputs are read in batches, each table is written as a folder of Parquet
    parts under ``out/tables/``, and the tables are validated lazily from there. ``out`` is replaced
    as a whole, atomically: a failed run leaves the previous dataset as it was.

    Parameters
    ----------
    inputs
        Files (``.txt``, ``.jsonl``, ``.csv``, ``.parquet``) and folders of them.
    out
        The output folder (a new or empty folder, or one written by a previous run).
    pipeline, engine, workers, text_column
        As for :func:`extract`; ``batch_size`` overrides the pipeline's documents per batch.
    partition_by
        ``"published_at"``: hive-partition the per-document tables by publication date.
    append
        Add the inputs' documents to the dataset in ``out`` without reprocessing its documents.
    spark, spark_master
        Extract (and validate) on Apache Spark (the ``spark`` extra and Java).
    validate
        False: write the tables only (no validation, no reports).
    contracts, gx, gx_docs, optional_tables, sample_size
        As for :func:`validate`.
    fail_on
        The gate level of the JUnit report.
    json, html
        Where to write the results document and the HTML report (default: ``out/results.json``,
        ``out/report.html``); ``junit``: the JUnit XML, when given.

    Returns
    -------
    Run
        The folder, the facts and the results.

    Raises
    ------
    UsageError
        An option out of range, or options that do not run together.
    InputError
        A missing or unreadable input, or a bad pipeline definition.
    OutputError
        When the output cannot be written (the message names the file the user asked for).
    """
    from dataclasses import replace

    from newsframe.dataset import Output, read_marker
    from newsframe.pipeline import load_pipeline, run_dataset
    from newsframe.tableio import scan_tables

    paths = [Path(inputs)] if isinstance(inputs, str | Path) else [Path(p) for p in inputs]
    config = load_pipeline(Path(pipeline) if pipeline is not None else None)
    spark = bool(spark or spark_master)
    if spark and validate and (gx or gx_docs is not None):
        raise UsageError("--gx and --gx-docs do not run with --spark: run GX without --spark")
    if spark and (append or partition_by):
        raise UsageError("--append and --partition-by do not run with --spark yet: run them without --spark")
    if batch_size is not None:
        if batch_size < 1:
            raise UsageError(f"--batch-size must be at least 1, not {batch_size}")
        config = replace(config, batch_size=batch_size)
    if sample_size < 1:
        raise UsageError(f"sample_size must be at least 1, not {sample_size}")
    target = Path(out)
    previous = read_marker(target) if append else None
    if (
        append
        and target.exists()
        and any(target.iterdir())
        and (previous is None or "next_batch" not in previous)
    ):
        raise UsageError(
            f"--append: {target} is not a dataset written by newsframe run "
            f"(no appendable {target}/.newsframe-run.json)"
        )
    wanted = {"json": Path(json) if json is not None else target / "results.json"}
    wanted["html"] = Path(html) if html is not None else target / "report.html"
    if junit is not None:
        wanted["junit"] = Path(junit)
    with Output(target, keep=_APPEND_KEEP if previous else ()) as output:
        previous = read_marker(target) if append else None  # again, now that the lock is held
        staged: dict[str, Path] = {}
        shown: dict[str, Path] = {}
        if validate:
            for kind, path in wanted.items():
                staged[kind] = output.path_for(path)
                shown[str(staged[kind])] = path
        try:
            if spark:
                from newsframe.spark.extract import run_dataset_spark

                ds = run_dataset_spark(
                    paths,
                    staging=output.staging,
                    run_id=output.run_id,
                    config=config,
                    engine=engine,
                    text_column=text_column,
                    master=spark_master,
                )
            else:
                ds = run_dataset(
                    paths,
                    staging=output.staging,
                    run_id=output.run_id,
                    config=config,
                    engine=engine,
                    workers=workers,
                    text_column=text_column,
                    partition_by=partition_by,
                    previous=previous,
                )
            n_tables = len(list(ds.tables_dir.iterdir()))
            results: Results | None = None
            if validate:
                # Spark reads the written dataset itself; else it is scanned lazily, never collected whole
                results = _validate_tables(
                    ds.tables_dir if spark else scan_tables(ds.tables_dir),
                    contracts=contracts,
                    gx=gx,
                    gx_docs=gx_docs,
                    spark=spark,
                    spark_master=spark_master,
                    sample_size=sample_size,
                    optional_tables=optional_tables,
                )
                results.run.pop("tables_dir", None)
                results.run.update(ds.run)
                results.write_reports(
                    json=staged["json"], junit=staged.get("junit"), html=staged["html"], fail_on=fail_on
                )
            output.write_marker(ds.run)
        except OutputError as exc:  # name the file the user asked for, not its staging copy
            raise OutputError(exc.message, path=shown.get(str(exc.path), exc.path)) from None
        except OSError as exc:
            raise OutputError(f"cannot write the output: {exc.strerror or exc}", path=target) from None
        except pl.exceptions.PolarsError as exc:
            if "os error" not in str(exc).lower():
                raise
            raise OutputError(f"cannot write the tables: {str(exc).splitlines()[0]}", path=target) from None
        output.commit()
    tables_dir = target / "tables"
    if results is not None:
        results.tables = {} if spark else scan_tables(tables_dir)
    return Run(
        out=target,
        tables_dir=tables_dir,
        facts=dict(ds.run),
        results=results,
        reports=wanted if validate else {},
        n_tables=n_tables,
    )


# ---------------------------------------------------------------------------------------------- tools


def lint_contracts(dir: str | Path | None = None) -> list[Any]:
    """Check every contract of a folder (default: the built-in ones) against ODCS v3; the problems found.

    Each problem names the file and the field (``str(problem)``); an empty list means all are valid.

    Examples
    --------
    >>> import newsframe
    >>> newsframe.lint_contracts()
    []
    """
    from newsframe.contracts.loader import lint

    return list(lint(Path(dir) if dir is not None else None))


def export_gx_suites(
    dir: str | Path | None = None, *, out: str | Path | None = None, check: bool = False
) -> tuple[list[Path], list[Path]]:
    """Export the contracts as Great Expectations suites (JSON, default: ``<dir>/gx``).

    Returns the suites written (or, with ``check=True``, that would be written) and those out of date
    with their contracts (``check=True`` writes nothing).
    """
    from newsframe.contracts.gx_engine import export_gx

    written, drift = export_gx(
        Path(dir) if dir is not None else None, out=Path(out) if out is not None else None, check=check
    )
    return list(written), list(drift)


def diff_contracts(old: str | Path, new: str | Path) -> ContractsDiff:
    """Classify the changes between two versions of the contracts (folders or files): breaking or not, and the
    semver bump each needs. The result has ``to_text()``, ``to_markdown()``, ``to_json()`` and ``exit_code()``."""
    from newsframe.contracts.diff import diff_contracts as _diff

    return _diff(old, new)


def bundle_contracts(
    out: str | Path,
    dir: str | Path | None = None,
    *,
    tables: str | Path | None = None,
    fmt: str = "parquet",
) -> Path:
    """Write every contract into one ODCS file (for datacontract-cli, which then checks foreign keys across
    tables); with ``tables``, a local server reading ``<tables>/<table>.<fmt>``. Returns the path."""
    from newsframe.contracts.interop import write_bundle

    return write_bundle(out, dir, tables=tables, fmt=fmt)


def diff_results(old: str | Path, new: str | Path, *, tolerance: float = 0.05) -> Diff:
    """Compare two results documents (for a pull request): regressions, fixes and metric drift beyond the
    relative ``tolerance``. The result has ``to_text()``, ``to_markdown()`` and ``regressed``."""
    from newsframe.report.diff import diff_results as _diff

    before, after = Results.read(old), Results.read(new)
    return _diff(before, after, tolerance=tolerance)


_EVALUATIONS = ("conll", "plover", "dates", "corpus", "judged", "table")


def evaluate(kind: str, path: str | Path | Sequence[str | Path] | None = None, **options: Any) -> Any:
    """Score the extraction against gold data (``newsframe eval``): the metrics as a dict.

    Parameters
    ----------
    kind
        ``conll`` (actors and mentions, CoNLL-2003), ``plover`` (event category and countries),
        ``dates`` (temporal expressions; default path: the built-in set), ``corpus`` (counts and our
        own gate on a corpus), ``judged`` (precision of the hand-judged events; default: built-in),
        or ``table`` (``path``: metrics files; returns the rendered table as text).
    path
        The gold data.
    **options
        Passed to the evaluation (``engine=``, ``baseline=``, ``top=``, ``dates=``, ``published=``).
    """
    import importlib

    if kind not in _EVALUATIONS:
        raise UsageError(f"unknown evaluation {kind!r} (known: {', '.join(_EVALUATIONS)})")
    module = importlib.import_module(f"newsframe.eval.{kind}")
    if kind == "table":
        files = [Path(path)] if isinstance(path, str | Path) else [Path(p) for p in path or ()]
        return module.render(files)
    return module.evaluate(Path(path) if isinstance(path, str | Path) else path, **options)
