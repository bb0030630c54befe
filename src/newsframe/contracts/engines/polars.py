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

from collections.abc import Collection, Mapping

import polars as pl

from newsframe.contracts.dtypes import type_name
from newsframe.contracts.kinds import passes, rule_columns
from newsframe.contracts.model import Contract, ContractSet, Rule
from newsframe.results import SAMPLE_SIZE, CheckResult

__all__ = ["PolarsEngine", "collect"]

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
        bad: dict[str, str] = {}
        for name, col in contract.columns.items():
            if name not in schema:
                bad[name] = f"column {name} is missing"
            elif schema[name] != col.dtype:
                bad[name] = f"column {name} is {type_name(schema[name])}, not {type_name(col.dtype)}"
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
            cols = rule_columns(rule)
            gone = [c for c in cols if c in bad or c not in contract.columns]
            if gone:
                skipped[rule.id] = "; ".join(bad.get(c, f"column {c} not in the contract") for c in gone)
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
            results.extend(self._schema(contract, schema, bad, total, sample_size, dtype_failures))
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

    def _schema(
        self,
        contract: Contract,
        schema: pl.Schema,
        bad: Mapping[str, str],
        total: int,
        n: int,
        dtype_failures: Mapping[str, pl.DataFrame] | None,
    ) -> list[CheckResult]:
        out: list[CheckResult] = []
        for rule in contract.rules_of("schema"):
            if rule.slug == "schema-column-missing":
                missing = [c for c in contract.columns if c not in schema]
                if not missing:
                    out.append(rule.failures_result(pl.DataFrame(), engine=self.name, count=0, total=total))
                for col in missing:
                    r = _per_column(rule, col, f"column {col} is present")
                    expected = type_name(contract.columns[col].dtype)
                    out.append(
                        r.failures_result(
                            pl.DataFrame({"column": [col], "expected": [expected]}),
                            engine=self.name,
                            count=total,
                            total=total,
                            message=f"column {col} is missing",
                        )
                    )
            elif rule.slug == "schema-column-extra":
                extra = [c for c in schema if c not in contract.columns]
                out.append(
                    rule.failures_result(
                        pl.DataFrame({"column": extra}),
                        engine=self.name,
                        count=total if extra else 0,
                        total=total,
                        message=f"columns not in the contract: {', '.join(extra)}" if extra else None,
                    )
                )
            elif rule.slug == "dtype-mismatch":
                wrong = [
                    c for c in contract.columns if c in schema and schema[c] != contract.columns[c].dtype
                ]
                if not wrong:
                    out.append(rule.failures_result(pl.DataFrame(), engine=self.name, count=0, total=total))
                for col in wrong:
                    expected = type_name(contract.columns[col].dtype)
                    found = type_name(schema[col])
                    r = _per_column(rule, col, f"{col} is {expected}")
                    parse = (dtype_failures or {}).get(col)
                    count = parse.height if parse is not None and parse.height else total
                    out.append(
                        r.failures_result(
                            pl.DataFrame({"column": [col], "expected": [expected], "found": [found]}),
                            engine=self.name,
                            count=count,
                            total=total,
                            message=f"{col} is {found}, not {expected}",
                        )
                    )
        return out


def _per_column(rule: Rule, column: str, text: str) -> Rule:
    return Rule(rule.slug, rule.table, column, rule.kind, text, rule.severity, rule.dimension)
