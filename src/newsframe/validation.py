"""Validate tables against the contracts: one call, every engine, one result model.

:func:`validate` runs, for every contract whose table is present:

1. the contract rules on the table engine (``engine``, default Pandera: the
   schema compiled from the contract: columns, dtypes, nulls, keys, enums,
   ranges, patterns, lengths, built-in multi-column rules; see
   :mod:`newsframe.contracts.engines`);
2. the relations between tables (on the Polars reference engine unless the
   table engine runs them: anti-joins, ``fk-missing``, ``cardinality-missing``);
3. with ``gx=True``, the same contract as a Great Expectations suite
   (results with ``engine="gx"``; ``gx_docs`` also builds GX Data Docs);
4. the factual-consistency checks the contracts declare
   (``{type: custom, engine: newsframe, implementation: <slug>}``), run by
   :func:`newsframe.checks.run_check`; an unknown slug or a check that
   raises is reported as an ``error`` result, never a crash.

Tables are first matched to contracts (file stem, ``physicalName`` or the
contract's ``filePattern``) and converted losslessly to the contract dtypes.
A contract whose table is absent yields one ``table-missing`` result, which
fails when the table is required: the contract marks it ``requiredTable:
true`` (documents), or another present table refers to it (a relationship:
its ``fk-missing`` checks cannot run without it). A table declared optional
(``requiredTable: false`` in its contract, or ``optional_tables``, the
``--optional-table`` flag) is ``skipped`` instead, with the reason; so is
every check of an absent table.

Examples
--------
>>> import polars as pl
>>> from newsframe.tables import empty
>>> results = validate({"topics": pl.DataFrame({"topic_id": ["t1", "t1"], "label": ["a", "b"], "parent_id": [None, None]})})
>>> [(c.slug, c.failing_rows) for c in results.checks if c.table == "topics" and c.failed]
[('key-duplicate', 2)]
>>> results.metrics["tables"]["topics"]["rows"]
2
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import polars as pl

from newsframe.contracts.dtypes import coerce
from newsframe.contracts.engines import get_engine
from newsframe.contracts.loader import load_contracts
from newsframe.contracts.model import Contract, ContractSet, Rule
from newsframe.errors import InputError
from newsframe.profile import profile_tables
from newsframe.results import SAMPLE_SIZE, CheckResult, Results

__all__ = ["assign_tables", "conform_tables", "run_factual", "uncontracted_results", "validate"]


Frame = pl.DataFrame | pl.LazyFrame
"""A table as :func:`validate` takes it: a DataFrame, or a LazyFrame (read lazily, one table and the
columns a check reads at a time)."""


def assign_tables(contracts: ContractSet, tables: Mapping[str, Frame]) -> dict[str, Frame]:
    """Rename tables to their contract's table name (file stem → ``filePattern`` match); others keep their name."""
    out: dict[str, Frame] = {}
    for name, frame in tables.items():
        target = contracts.table_for(name) or name
        if target in out:  # two inputs claim one contract: keep the exact name's
            target = name
        out[target] = frame
    return out


def conform_tables(
    contracts: ContractSet, tables: Mapping[str, Frame]
) -> tuple[dict[str, Frame], dict[str, dict[str, pl.DataFrame]]]:
    """Convert each table to its contract's dtypes where lossless; return the tables and the unparsable values.

    A table with neither rows nor columns (an empty JSON Lines or CSV file) becomes an empty table with
    the contract's columns. A LazyFrame whose columns already have the contract's dtypes stays lazy;
    one that needs converting is collected and converted.
    """
    out: dict[str, Frame] = {}
    failures: dict[str, dict[str, pl.DataFrame]] = {}
    for name, frame in tables.items():
        if name not in contracts:
            out[name] = frame
            continue
        dtypes = contracts[name].dtypes
        if isinstance(frame, pl.LazyFrame):
            schema = frame.collect_schema()
            if len(schema) and all(schema[c] == t for c, t in dtypes.items() if c in schema):
                out[name] = frame
                continue
            frame = frame.collect()
        if frame.width == 0 and frame.height == 0:
            frame = pl.DataFrame(schema=dtypes)  # an empty JSON Lines file: no rows, no columns
        frame, bad = coerce(frame, dtypes)
        if bad:
            failures[name] = bad
        out[name] = frame
    return out, failures


def run_factual(rule: Rule, tables: Mapping[str, Frame], *, sample_size: int) -> list[CheckResult]:
    """Run one declared factual check through :func:`newsframe.checks.run_check`, never raising.

    The results carry the contract's severity, dimension and description, and are judged against the
    rule's threshold.
    An unknown slug, or a check that raises, becomes one ``error`` result naming
    the reason, so that one broken check never stops the others.
    """
    from newsframe.checks import REGISTRY, declared_description, run_check

    if rule.slug not in REGISTRY:
        return [
            rule.status_result(
                "error",
                f"unknown check {rule.slug!r}: newsframe.checks has no such slug "
                f"(known: {', '.join(sorted(REGISTRY))})",
                engine="newsframe",
            )
        ]
    try:
        found = run_check(
            rule.slug,
            tables,
            params=dict(rule.params),
            severity=rule.severity,
            dimension=rule.dimension,
            description=declared_description(rule),
            sample_size=sample_size,
        )
    except Exception as exc:  # a failing check must not stop the others
        return [
            rule.status_result(
                "error", f"check failed to run: {type(exc).__name__}: {exc}", engine="newsframe"
            )
        ]
    return [rule.judge(r) for r in found]


def uncontracted_results(contracts: ContractSet, tables: Iterable[str], *, engine: str) -> list[CheckResult]:
    """One ``table-uncontracted`` skip for each table that no contract describes (it is not validated)."""
    out: list[CheckResult] = []
    for name in tables:
        if name not in contracts:
            rule = Rule(
                "table-uncontracted",
                name,
                None,
                "schema",
                f"table {name} has a contract",
                dimension="coverage",
            )
            out.append(
                rule.status_result(
                    "skipped",
                    f"no contract for table {name} in {contracts.directory}: not validated",
                    engine=engine,
                )
            )
    return out


def _referrers(contracts: ContractSet, present: Mapping[str, Frame]) -> dict[str, list[str]]:
    """Absent-or-not table name to the present tables whose relationships refer to it."""
    out: dict[str, list[str]] = {}
    for contract in contracts:
        if contract.name not in present:
            continue
        for rule in contract.rules_of("relation"):
            target = rule.params.get("to_table")
            if (
                isinstance(target, str)
                and target != contract.name
                and contract.name not in out.get(target, [])
            ):
                out.setdefault(target, []).append(contract.name)
    return out


def _table_missing(
    contract: Contract,
    present: Mapping[str, Frame],
    *,
    referrers: Mapping[str, list[str]],
    optional: frozenset[str],
) -> CheckResult:
    rule = Rule(
        "table-missing",
        contract.name,
        None,
        "schema",
        f"table {contract.name} is present",
        dimension="completeness",
    )
    declared_optional = contract.optional_table or contract.name in optional
    if contract.required_table and present and not declared_optional:
        return rule.status_result(
            "failed",
            f"table {contract.name} is absent: the relation and factual checks of the other tables need it",
            engine="newsframe",
        )
    users = referrers.get(contract.name, [])
    if users and not declared_optional:
        return rule.status_result(
            "failed",
            f"table {contract.name} is absent, and {', '.join(users)} refer to it (their relation checks "
            f"cannot run); declare it optional with requiredTable: false in its contract or "
            f"--optional-table {contract.name}",
            engine="newsframe",
        )
    why = "declared optional" if declared_optional else "no present table refers to it"
    return rule.status_result(
        "skipped", f"table {contract.name} is absent ({why}): its checks were skipped", engine="newsframe"
    )


def validate(
    tables: Mapping[str, Frame],
    *,
    contracts_dir: Path | None = None,
    gx: bool = False,
    gx_docs: Path | None = None,
    sample_size: int = SAMPLE_SIZE,
    engine: str = "pandera",
    optional_tables: frozenset[str] | set[str] | tuple[str, ...] = (),
) -> Results:
    """Validate tables against the contracts of ``contracts_dir`` (default: the built-in v1 contracts).

    Parameters
    ----------
    tables
        Table name (or file stem) to DataFrame or LazyFrame, e.g. from :func:`newsframe.tableio.read_tables`.
        With LazyFrames (``pl.scan_parquet`` of a file or a folder of parts) memory stays bounded: the
        table engine collects one table at a time, the relations are streaming anti-joins, and each
        factual check collects only the columns it reads.
    contracts_dir
        Folder of ``*.odcs.yaml`` contracts.
    gx
        Also run the Great Expectations suites (slower: GX imports in seconds and runs on pandas).
    gx_docs
        Build GX Data Docs in this folder (implies ``gx``).
    sample_size
        Failing rows kept per check.
    engine
        The engine (:mod:`newsframe.contracts.engines`) that runs the contract rules; the rule families
        it does not run (Pandera: the relations) run on the Polars reference engine.
    optional_tables
        Tables that may be absent although other tables refer to them (``--optional-table``).

    Returns
    -------
    Results
        One check per rule (passed ones included); ``metrics["tables"]`` holds the table profiles.

    Raises
    ------
    ContractError
        When a contract is missing or invalid (exit code 2).
    InputError
        When a LazyFrame cannot be read while validating (a part file gone or corrupt; exit code 2).
    """
    contracts = load_contracts(contracts_dir)
    try:
        return _validate(
            tables,
            contracts,
            gx=gx,
            gx_docs=gx_docs,
            sample_size=sample_size,
            engine=engine,
            optional_tables=frozenset(optional_tables),
        )
    except (pl.exceptions.ComputeError, OSError) as exc:
        lazy = [name for name, frame in tables.items() if isinstance(frame, pl.LazyFrame)]
        if not lazy:
            raise
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise InputError(f"cannot read the tables {', '.join(lazy)} while validating: {reason}") from None


def _validate(
    tables: Mapping[str, Frame],
    contracts: ContractSet,
    *,
    gx: bool,
    gx_docs: Path | None,
    sample_size: int,
    engine: str,
    optional_tables: frozenset[str] = frozenset(),
) -> Results:
    started = time.perf_counter()
    named = assign_tables(contracts, tables)
    conformed, dtype_failures = conform_tables(contracts, named)
    results = Results(
        run={
            "contracts_dir": str(contracts.directory),
            "contracts": {c.name: c.version for c in contracts},
        }
    )
    timings: dict[str, float] = {}
    primary = get_engine(engine)
    reference = get_engine("polars")
    table_families = {"schema", "column", "frame"}
    t = time.perf_counter()
    referrers = _referrers(contracts, conformed)
    for contract in contracts:
        frame = conformed.get(contract.name)
        if frame is None:
            results.extend(
                [_table_missing(contract, conformed, referrers=referrers, optional=optional_tables)]
            )
            continue
        single = ContractSet(contracts.directory, {contract.name: contract})
        runs = [(primary, table_families & primary.families)]
        if table_families - primary.families:
            runs.append((reference, table_families - primary.families))
        for runner, families in runs:
            results.extend(
                runner.run(
                    single,
                    {contract.name: frame},
                    sample_size=sample_size,
                    families=families,
                    dtype_failures=dtype_failures,
                )
            )
    timings[primary.name] = time.perf_counter() - t
    t = time.perf_counter()
    related = primary if "relation" in primary.families else reference
    results.extend(related.run(contracts, conformed, sample_size=sample_size, families={"relation"}))
    timings["relations"] = time.perf_counter() - t
    if gx or gx_docs is not None:
        t = time.perf_counter()
        results.extend(get_engine("gx", docs=gx_docs).run(contracts, conformed, sample_size=sample_size))
        timings["gx"] = time.perf_counter() - t
    t = time.perf_counter()
    for contract in contracts:
        for rule in contract.rules_of("factual"):
            if contract.name not in conformed:
                results.extend(
                    [
                        rule.status_result(
                            "skipped", f"not run: table {contract.name} is absent", engine="newsframe"
                        )
                    ]
                )
                continue
            results.extend(run_factual(rule, conformed, sample_size=sample_size))
    timings["checks"] = time.perf_counter() - t
    results.extend(uncontracted_results(contracts, conformed, engine="newsframe"))
    results.metrics["tables"] = profile_tables(conformed)
    timings["total"] = time.perf_counter() - started
    results.run["validation_seconds"] = {k: round(v, 4) for k, v in timings.items()}
    return results
