"""The Polars engine: the reference semantics of every contract rule, on DataFrames or LazyFrames.

Each row-wise rule is its kind's expression (:func:`newsframe.contracts.kinds.valid_expr`); the failing
rows of all of a table's row-wise rules are counted in ONE query (the streaming engine on a LazyFrame),
and only the rules that fail fetch a sample. Keys are ``is_duplicated`` over the key columns, the schema
rules compare the frame's schema with the contract, and the relations are anti-joins
(:mod:`newsframe.contracts.relations`). Results carry ``engine="polars"`` and the rule's id.

Examples
--------
>>> import polars as pl
>>> from newsframe.contracts import load_contracts
>>> topics = load_contracts()["topics"]
>>> frame = pl.DataFrame({"topic_id": ["a", "a"], "label": ["x", ""], "parent_id": ["a", None]})
>>> [(r.slug, r.failing_rows) for r in PolarsEngine().run_table(topics, frame) if r.failed]
[('key-duplicate', 2), ('length-out-of-range', 1)]
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

import polars as pl

from newsframe.contracts.dtypes import type_name
from newsframe.contracts.kinds import passes, rule_columns
from newsframe.contracts.model import Contract, ContractSet, Rule
from newsframe.results import SAMPLE_SIZE, CheckResult

__all__ = ["PolarsEngine", "collect", "column_problems", "per_column", "schema_results", "skip_reason"]

ROW = "row"


def collect(frame: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """``frame`` as a DataFrame (a LazyFrame is collected with the streaming engine)."""
    return frame.collect(engine="streaming") if isinstance(frame, pl.LazyFrame) else frame


def _failing(rule: Rule, dtype: pl.DataType | None) -> pl.Expr:
    """True on the rows that fail ``rule`` (a row-wise, not-null or key rule)."""
    if rule.slug == "not-null":
        return pl.col(rule.column or "").is_null()
    if rule.slug == "key-duplicate":
        cols = [str(c) for c in rule.params.get("columns", (rule.column,))]
        target = pl.col(cols[0]) if len(cols) == 1 else pl.struct(cols)
        return target.is_duplicated()
    return ~passes(rule, dtype)


class PolarsEngine:
    """The reference engine (see the module docstring)."""

    name = "polars"
    families = frozenset({"schema", "column", "frame", "relation"})

    def supports(self, rule: Rule) -> bool:
        """Every rule of the contracts package's families."""
        return rule.kind in self.families

    def run(
        self,
        contracts: ContractSet,
        tables: Mapping[str, pl.DataFrame | pl.LazyFrame],
        *,
        sample_size: int = SAMPLE_SIZE,
        families: Collection[str] | None = None,
        dtype_failures: Mapping[str, Mapping[str, pl.DataFrame]] | None = None,
    ) -> list[CheckResult]:
        """Run the rules of ``families`` (default: all four) of every contract whose table is present."""
        wanted = self.families if families is None else self.families & set(families)
        out: list[CheckResult] = []
        if wanted - {"relation"}:
            for contract in contracts:
                frame = tables.get(contract.name)
                if frame is not None:
                    out.extend(
                        self.run_table(
                            contract,
                            frame,
                            sample_size=sample_size,
                            families=wanted,
                            dtype_failures=(dtype_failures or {}).get(contract.name),
                        )
                    )
        if "relation" in wanted:
            from newsframe.contracts.relations import check_relations

            out.extend(check_relations(contracts, tables, sample_size=sample_size))
        return out

    def run_table(
        self,
        contract: Contract,
        frame: pl.DataFrame | pl.LazyFrame,
        *,
        sample_size: int = SAMPLE_SIZE,
        families: Collection[str] = frozenset({"schema", "column", "frame"}),
        dtype_failures: Mapping[str, pl.DataFrame] | None = None,
    ) -> list[CheckResult]:
        """The schema, column and frame rules of one table, in contract order."""
        lazy = frame.lazy()
        schema = lazy.collect_schema()
        bad = column_problems(contract, schema)
        runnable: list[tuple[Rule, pl.DataType | None]] = []
        seen: set[tuple[str, str | None]] = set()
        skipped: dict[str, str] = {}
        for rule in contract.rules:
            if rule.kind not in families or rule.kind not in ("column", "frame"):
                continue
            if rule.slug in ("not-null", "key-duplicate"):
                if (rule.slug, rule.column) in seen:
                    continue  # a second declaration of one constraint (required + nullValues)
                seen.add((rule.slug, rule.column))
            why = skip_reason(rule, contract, bad)
            if why is not None:
                skipped[rule.id] = why
                continue
            column = contract.columns.get(rule.column or "")
            runnable.append((rule, column.dtype if column is not None else None))
        counts = (
            lazy.select(
                pl.len().alias("_total"),
                *[_failing(rule, dtype).sum().alias(f"r{i}") for i, (rule, dtype) in enumerate(runnable)],
            )
            .collect(engine="streaming")
            .row(0, named=True)
        )
        total = int(counts["_total"])
        key = [k for k in contract.key if k in schema and k not in bad]
        results: list[CheckResult] = []
        if "schema" in families:
            parsed = dtype_failures or {}

            def mismatch(rule: Rule, col: str, expected: str, found: str) -> CheckResult | None:
                parse = parsed.get(col)
                if parse is None or not parse.height:
                    return None
                return rule.failures_result(
                    pl.DataFrame({"column": [col], "expected": [expected], "found": [found]}),
                    engine=self.name,
                    count=parse.height,
                    total=total,
                    sample_size=sample_size,
                    message=f"{col} is {found}, not {expected}",
                )

            results.extend(
                schema_results(
                    contract,
                    schema,
                    total=total,
                    engine=self.name,
                    sample_size=sample_size,
                    mismatch=mismatch,
                )
            )
        index = {id(rule): i for i, (rule, _) in enumerate(runnable)}
        for rule in contract.rules:
            if rule.kind not in families or rule.kind not in ("column", "frame"):
                continue
            if rule.id in skipped:
                results.append(
                    rule.status_result(
                        "skipped", f"not checked: {skipped[rule.id]}", engine=self.name, total=total
                    )
                )
                continue
            if id(rule) not in index:
                continue
            i = index[id(rule)]
            count = int(counts[f"r{i}"] or 0)
            sample = pl.DataFrame()
            if count:
                cols = list(dict.fromkeys([*key, *rule_columns(rule)]))
                sample = (
                    lazy.with_row_index(ROW)
                    .filter(_failing(rule, runnable[i][1]))
                    .head(sample_size)
                    .select(pl.col(ROW).cast(pl.Int64), *cols)
                    .collect()
                )
            results.append(
                rule.failures_result(
                    sample, engine=self.name, count=count, total=total, sample_size=sample_size
                )
            )
        return results


# ----------------------------------------------------------------- shared by every engine that reads a schema


def column_problems(contract: Contract, dtypes: Mapping[str, pl.DataType]) -> dict[str, str]:
    """The contract columns a table cannot be checked on: missing, or not of the contract dtype (with why)."""
    bad: dict[str, str] = {}
    for name, col in contract.columns.items():
        if name not in dtypes:
            bad[name] = f"column {name} is missing"
        elif dtypes[name] != col.dtype:
            bad[name] = f"column {name} is {type_name(dtypes[name])}, not {type_name(col.dtype)}"
    return bad


def skip_reason(rule: Rule, contract: Contract, problems: Mapping[str, str]) -> str | None:
    """Why ``rule`` cannot run on a table with these :func:`column_problems` (None when it can)."""
    gone = [c for c in rule_columns(rule) if c in problems or c not in contract.columns]
    return "; ".join(problems.get(c, f"column {c} not in the contract") for c in gone) or None


MismatchFn = Callable[[Rule, str, str, str], "CheckResult | None"]
"""An engine's ``dtype-mismatch`` result for one column ``(rule, column, expected, found)`` from the values
that did not convert, or None when it has none (the whole column then fails)."""


def schema_results(
    contract: Contract,
    dtypes: Mapping[str, pl.DataType],
    *,
    total: int,
    engine: str,
    sample_size: int = SAMPLE_SIZE,
    mismatch: MismatchFn | None = None,
) -> list[CheckResult]:
    """The results of a contract's schema rules on a table of these ``dtypes`` (any engine's: one builder).

    ``schema-column-missing`` and ``dtype-mismatch`` give one result per offending column (one passed
    result when none offends), ``schema-column-extra`` one result listing the columns outside the contract.
    ``mismatch`` lets an engine report the unconvertible values of a column it has them for.
    """
    out: list[CheckResult] = []
    n = sample_size
    for rule in contract.rules_of("schema"):
        if rule.slug == "schema-column-missing":
            missing = [c for c in contract.columns if c not in dtypes]
            if not missing:
                out.append(rule.failures_result(pl.DataFrame(), engine=engine, count=0, total=total))
            for col in missing:
                expected = type_name(contract.columns[col].dtype)
                out.append(
                    per_column(rule, col, f"column {col} is present").failures_result(
                        pl.DataFrame({"column": [col], "expected": [expected]}),
                        engine=engine,
                        count=total,
                        total=total,
                        sample_size=n,
                        message=f"column {col} is missing",
                    )
                )
        elif rule.slug == "schema-column-extra":
            extra = [c for c in dtypes if c not in contract.columns]
            out.append(
                rule.failures_result(
                    pl.DataFrame({"column": extra}),
                    engine=engine,
                    count=total if extra else 0,
                    total=total,
                    sample_size=n,
                    message=f"columns not in the contract: {', '.join(extra)}" if extra else None,
                )
            )
        elif rule.slug == "dtype-mismatch":
            wrong = [c for c in contract.columns if c in dtypes and dtypes[c] != contract.columns[c].dtype]
            if not wrong:
                out.append(rule.failures_result(pl.DataFrame(), engine=engine, count=0, total=total))
            for col in wrong:
                expected = type_name(contract.columns[col].dtype)
                found = type_name(dtypes[col])
                r = per_column(rule, col, f"{col} is {expected}")
                given = mismatch(r, col, expected, found) if mismatch is not None else None
                out.append(
                    given
                    if given is not None
                    else r.failures_result(
                        pl.DataFrame({"column": [col], "expected": [expected], "found": [found]}),
                        engine=engine,
                        count=total,
                        total=total,
                        sample_size=n,
                        message=f"{col} is {found}, not {expected}",
                    )
                )
    return out


def per_column(rule: Rule, column: str, text: str) -> Rule:
    """``rule`` (a table-wide schema rule) for one column: the id of its per-column result."""
    return Rule(rule.slug, rule.table, column, rule.kind, text, rule.severity, rule.dimension)
