"""Compile a contract to a Pandera (Polars backend) ``DataFrameSchema`` and map its failures to CheckResults.

Each contract column becomes a ``pa.Column`` with its dtype, nullability,
uniqueness and value checks (enum, range, pattern, length); a composite
primary key becomes the schema's ``unique``; the built-in multi-column rules
(:mod:`newsframe.contracts.kinds`) become dataframe-level checks. A
DataFrame (not a LazyFrame, which Pandera validates at schema depth only) is
validated with ``lazy=True`` and ``SchemaErrors.failure_cases`` is turned
into one :class:`~newsframe.results.CheckResult` per contract rule, passed
ones included, each with the failing row count and a sample of the failing
rows (their key, the offending columns and their 0-based ``row``).

:func:`run_pandera` validates with the *fused* compilation
(``compile_schema(..., fused=True)``): the value rules (enum, range, pattern,
length) and the built-in frame rules of a table become ONE Pandera check over
the whole frame (declared on one column, see :func:`compile_schema`), True
where a row passes every one of them, so that Pandera evaluates them in a
single parallel pass instead of one collect per rule.
Dtypes, nullability and keys stay Pandera's own column and schema checks.
Pandera reports the rows that fail the fused check; each rule's failing rows
are then found by evaluating that rule on those rows only (every value and
frame rule is row-wise, so this is exactly the set Pandera's per-rule check
would report). If the fused check cannot run (a pattern Polars rejects, say),
the table is validated again with one Pandera check per rule, so that the
error is reported by the rule that caused it.

Examples
--------
>>> import polars as pl
>>> from newsframe.contracts import load_contracts
>>> topics = load_contracts()["topics"]
>>> frame = pl.DataFrame({"topic_id": ["a", "a"], "label": ["x", ""], "parent_id": ["a", None]})
>>> [(r.slug, r.failing_rows) for r in run_pandera(topics, frame) if r.failed]
[('key-duplicate', 2), ('length-out-of-range', 1)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from newsframe.contracts.dtypes import type_name
from newsframe.contracts.kinds import Bounds, passes, rule_columns, valid_expr
from newsframe.contracts.model import Contract, Rule
from newsframe.results import SAMPLE_SIZE, CheckResult

__all__ = ["FUSED_CHECK", "Compiled", "compile_schema", "run_pandera"]

FUSED_CHECK = "newsframe-value-rules"
"""The name of the one Pandera check a fused compilation puts the value and frame rules in."""


@dataclass
class Compiled:
    """A contract compiled for one frame: the schema, and how to map its failures back to rules."""

    schema: Any  # pandera.polars.DataFrameSchema
    column_checks: dict[str, list[Rule]] = field(default_factory=dict)
    frame_checks: list[Rule] = field(default_factory=list)
    not_null: dict[str, Rule] = field(default_factory=dict)
    unique: dict[str, Rule] = field(default_factory=dict)
    composite_key: Rule | None = None
    skipped: dict[str, str] = field(default_factory=dict)
    """Rule id → why it could not be compiled for this frame."""
    fused: list[tuple[Rule, pl.DataType | None]] = field(default_factory=list)
    """With ``fused=True``: the value and frame rules in the :data:`FUSED_CHECK` (with the checked column's dtype)."""
    fused_column: str | None = None
    """The column the :data:`FUSED_CHECK` is declared on (it reads the whole frame)."""


def _value_check(rule: Rule) -> Any:
    import pandera.polars as pa

    p = rule.params
    if rule.slug == "enum-value":
        return pa.Check.isin(list(p["values"]))
    if rule.slug == "pattern-mismatch":
        return pa.Check.str_matches(str(p["pattern"]))
    if rule.slug == "length-out-of-range":
        return pa.Check.str_length(p.get("minLength"), p.get("maxLength"))
    if rule.slug == "out-of-range":
        b = Bounds.decode(p)
        if b.low is not None and b.high is not None:
            return pa.Check.in_range(b.low, b.high, include_min=b.low_inclusive, include_max=b.high_inclusive)
        if b.low is not None:
            return pa.Check.ge(b.low) if b.low_inclusive else pa.Check.gt(b.low)
        return pa.Check.le(b.high) if b.high_inclusive else pa.Check.lt(b.high)
    raise ValueError(f"no Pandera check for {rule.slug}")


def _frame_check(rule: Rule, dtype: pl.DataType | None) -> Any:
    import pandera.polars as pa

    expr = valid_expr(rule, dtype)
    return pa.Check(lambda data: data.lazyframe.select(expr), name=rule.slug)


def _fused_check(rules: Sequence[tuple[Rule, pl.DataType | None]]) -> Any:
    """One Pandera check over the whole frame: True where a row passes every rule (one pass)."""
    import pandera.polars as pa

    def check(data: Any) -> pl.LazyFrame:
        # built when Pandera runs the check, so that a rule that cannot be built is a check error
        ok = pl.all_horizontal([passes(rule, dtype) for rule, dtype in rules])
        lf: pl.LazyFrame = data.lazyframe.select(ok.alias(FUSED_CHECK))
        return lf

    return pa.Check(check, name=FUSED_CHECK)


def compile_schema(
    contract: Contract, *, frame_schema: Mapping[str, pl.DataType] | None = None, fused: bool = False
) -> Compiled:
    """Compile ``contract`` to a Pandera DataFrameSchema.

    With ``frame_schema`` (the columns and dtypes of the table about to be
    validated), value checks on columns that are absent or of the wrong dtype
    are left out and recorded in ``Compiled.skipped``: Pandera reports the
    missing column or the dtype, and the checks cannot run meaningfully.

    By default each value rule is a built-in check of its column and each
    frame rule a dataframe-level check. With ``fused=True`` all of them are
    one check named :data:`FUSED_CHECK` (its rules, with their dtypes, in
    ``Compiled.fused``), which Pandera evaluates in one pass over the whole
    frame. It is declared on one column, ``Compiled.fused_column`` (the first
    of the contract that the frame holds with the right dtype), so that
    Pandera reports a failing row by that column's value: a dataframe-level
    check reports each failing row as JSON, which takes seconds when most of
    a large table fails.
    """
    import pandera.polars as pa

    out = Compiled(schema=None)
    bad_cols: dict[str, str] = {}
    if frame_schema is not None:
        for name, col in contract.columns.items():
            if name not in frame_schema:
                bad_cols[name] = f"column {name} is missing"
            elif frame_schema[name] != col.dtype:
                bad_cols[name] = (
                    f"column {name} is {type_name(frame_schema[name])}, not {type_name(col.dtype)}"
                )
    columns: dict[str, dict[str, Any]] = {}
    for name, col in contract.columns.items():
        checks: list[Any] = []
        rules: list[Rule] = []
        nullable = True
        unique = False
        for rule in contract.rules_of("column"):
            if rule.column != name:
                continue
            if name in bad_cols:
                out.skipped[rule.id] = bad_cols[name]
                continue
            if rule.slug == "not-null":
                nullable = False
                out.not_null.setdefault(name, rule)
            elif rule.slug == "key-duplicate":
                unique = True
                out.unique.setdefault(name, rule)
            elif fused:
                out.fused.append((rule, col.dtype))
            else:
                checks.append(_value_check(rule))
                rules.append(rule)
        out.column_checks[name] = rules
        columns[name] = {"dtype": col.dtype, "checks": checks, "nullable": nullable, "unique": unique}
    frame_checks = []
    for rule in contract.rules_of("frame"):
        missing = [c for c in rule_columns(rule) if c in bad_cols or c not in contract.columns]
        if missing:
            out.skipped[rule.id] = "; ".join(
                bad_cols.get(c, f"column {c} not in the contract") for c in missing
            )
            continue
        dtype = contract.columns[rule.column].dtype if rule.column in contract.columns else None
        if fused:
            out.fused.append((rule, dtype))
        else:
            frame_checks.append(_frame_check(rule, dtype))
            out.frame_checks.append(rule)
    if out.fused:  # a fused rule's column is present with its dtype, so there is such a column
        out.fused_column = next(c for c in contract.columns if c not in bad_cols)
        columns[out.fused_column]["checks"].append(_fused_check(list(out.fused)))
    unique_cols = None
    for rule in contract.rules_of("column"):
        if rule.slug == "key-duplicate" and len(rule.params.get("columns", ())) > 1:
            cols = list(rule.params["columns"])
            gone = [c for c in cols if c in bad_cols]
            if gone:
                out.skipped[rule.id] = "; ".join(bad_cols[c] for c in gone)
            else:
                unique_cols = cols
                out.composite_key = rule
    out.schema = pa.DataFrameSchema(
        {name: pa.Column(**kw, required=True, name=name) for name, kw in columns.items()},
        checks=frame_checks,
        unique=unique_cols,
        strict=contract.strict,
        name=contract.name,
    )
    return out


def _sample(
    frame: pl.DataFrame, rows: pl.Series, columns: list[str], key: tuple[str, ...], n: int
) -> pl.DataFrame:
    """Failing rows (first ``n`` by row number) with their key, the checked columns and ``row``."""
    if rows.len() == 0:
        return pl.DataFrame({"row": pl.Series([], dtype=pl.Int64)})
    keep = [c for c in dict.fromkeys([*key, *columns]) if c in frame.columns]
    idx = rows.unique().sort().head(n).cast(pl.Int64)
    picked = frame.select(pl.col(keep).gather(idx)).get_columns() if keep else []
    return pl.DataFrame([pl.Series("row", idx), *picked])


def _result(
    rule: Rule,
    failures: pl.DataFrame,
    *,
    count: int,
    total: int,
    n: int,
    engine: str = "pandera",
    message: str | None = None,
) -> CheckResult:
    return rule.failures_result(
        failures, engine=engine, count=count, total=total, sample_size=n, message=message
    )


_CASES: dict[str, Any] = {
    "failure_case": pl.String,
    "schema_context": pl.String,
    "column": pl.String,
    "check": pl.String,
    "check_number": pl.Int32,
    "index": pl.Int32,
}


def _failure_cases(schema: Any, frame: pl.DataFrame) -> pl.DataFrame:
    """Validate ``frame`` lazily (every failure collected); Pandera's failure cases, none when it passed."""
    from pandera.errors import SchemaError, SchemaErrors

    try:
        schema.validate(frame, lazy=True)
        return pl.DataFrame(schema=_CASES)
    except SchemaErrors as exc:
        cases: pl.DataFrame = exc.failure_cases.select([pl.col(c).cast(t) for c, t in _CASES.items()])
        return cases
    except SchemaError as exc:  # pragma: no cover - lazy=True collects, but be safe
        return pl.DataFrame(
            {"failure_case": [str(exc)], "schema_context": ["DataFrameSchema"], "check": ["error"]}
        ).select(
            [
                pl.col(c).cast(t)
                if c in ("failure_case", "schema_context", "check")
                else pl.lit(None, t).alias(c)
                for c, t in _CASES.items()
            ]
        )


def _fused_rows(compiled: Compiled, frame: pl.DataFrame, cases: pl.DataFrame) -> list[pl.Series]:
    """The failing rows of each rule of ``compiled.fused``, from the rows that failed the fused check.

    Each rule is evaluated on those rows only: the rules are row-wise, so a
    row fails a rule here exactly when it fails it in the whole frame.
    """
    failing = (
        cases.filter(
            (pl.col("schema_context") == "Column")
            & (pl.col("column") == compiled.fused_column)
            & (pl.col("check") == FUSED_CHECK)
            & pl.col("index").is_not_null()
        )["index"]
        .unique()
        .sort()
    )
    if failing.len() == 0:
        return [failing] * len(compiled.fused)
    needed = dict.fromkeys(
        c
        for rule, _ in compiled.fused
        for c in (rule_columns(rule) if rule.kind == "frame" else [rule.column or ""])
    )
    rows = frame.select(pl.col(list(needed)).gather(failing))
    fails = rows.select(
        [(~passes(rule, dtype)).alias(f"r{i}") for i, (rule, dtype) in enumerate(compiled.fused)]
    )
    return [failing.filter(fails[f"r{i}"]) for i in range(len(compiled.fused))]


def run_pandera(
    contract: Contract,
    frame: pl.DataFrame,
    *,
    sample_size: int = SAMPLE_SIZE,
    dtype_failures: Mapping[str, pl.DataFrame] | None = None,
    fused: bool = True,
) -> list[CheckResult]:
    """Validate ``frame`` against ``contract`` with Pandera; one result per rule (schema, column and frame rules).

    ``dtype_failures`` are the unparsable values found when the table was
    coerced to the contract dtypes (:func:`newsframe.contracts.dtypes.coerce`):
    they become the sample of that column's ``dtype-mismatch``. ``fused``
    (the default) validates the value and frame rules as one Pandera check
    (see the module docstring); ``fused=False`` as one Pandera check per rule.
    The results are the same.
    """
    compiled = compile_schema(contract, frame_schema=frame.schema, fused=fused)
    total = frame.height
    cases = _failure_cases(compiled.schema, frame)
    if compiled.fused and cases.filter((pl.col("check") == FUSED_CHECK) & pl.col("index").is_null()).height:
        # the fused check could not run: one check per rule, so that the error names its rule
        compiled = compile_schema(contract, frame_schema=frame.schema)
        cases = _failure_cases(compiled.schema, frame)
    fused_rules = [rule for rule, _ in compiled.fused]
    fused_rows = _fused_rows(compiled, frame, cases) if fused_rules else []
    key = contract.key
    results: list[CheckResult] = []
    n = sample_size

    # --- schema rules: presence, extra columns, dtypes (one result per failing column, or one passed)
    for rule in contract.rules_of("schema"):
        if rule.slug == "schema-column-missing":
            missing = cases.filter(pl.col("check") == "column_in_dataframe")["failure_case"].to_list()
            missing = [m for m in missing if m in contract.columns]
            if not missing:
                results.append(_result(rule, pl.DataFrame(), count=0, total=total, n=n))
            for col in missing:
                r = Rule(
                    rule.slug,
                    rule.table,
                    col,
                    rule.kind,
                    f"column {col} is present",
                    rule.severity,
                    rule.dimension,
                )
                results.append(
                    _result(
                        r,
                        pl.DataFrame({"column": [col], "expected": [type_name(contract.columns[col].dtype)]}),
                        count=total,
                        total=total,
                        n=n,
                        message=f"column {col} is missing",
                    )
                )
        elif rule.slug == "schema-column-extra":
            extra = [
                c for c in cases.filter(pl.col("check") == "column_in_schema")["failure_case"].to_list() if c
            ]
            results.append(
                _result(
                    rule,
                    pl.DataFrame({"column": extra}),
                    count=total if extra else 0,
                    total=total,
                    n=n,
                    message=f"columns not in the contract: {', '.join(extra)}" if extra else None,
                )
            )
        elif rule.slug == "dtype-mismatch":
            bad = cases.filter(pl.col("check").str.starts_with("dtype("))
            flagged = False
            for col, found in zip(bad["column"].to_list(), bad["failure_case"].to_list(), strict=True):
                if col not in contract.columns:
                    continue
                flagged = True
                expected = type_name(contract.columns[col].dtype)
                r = Rule(
                    rule.slug,
                    rule.table,
                    col,
                    rule.kind,
                    f"{col} is {expected}",
                    rule.severity,
                    rule.dimension,
                )
                parse = (dtype_failures or {}).get(col)
                if parse is not None and parse.height:
                    sample = parse.head(n).rename({"value": col})
                    if key:
                        sample = _sample(frame, parse["row"], [], key, n).join(sample, on="row", how="right")
                    results.append(
                        _result(
                            r,
                            sample,
                            count=parse.height,
                            total=total,
                            n=n,
                            message=f"{parse.height} value(s) of {col} are not {expected} (read as {found})",
                        )
                    )
                else:
                    results.append(
                        _result(
                            r,
                            pl.DataFrame({"column": [col], "expected": [expected], "found": [found]}),
                            count=total,
                            total=total,
                            n=n,
                            message=f"{col} is {found}, not {expected}",
                        )
                    )
            if not flagged:
                results.append(_result(rule, pl.DataFrame(), count=0, total=total, n=n))

    # the cases of each column (a column rule's selection only looks there), split once
    by_column = {k[0]: v for k, v in cases.partition_by("column", as_dict=True).items()}

    def outcome(rule: Rule, selected: pl.Expr, cols: list[str], column: str | None = None) -> CheckResult:
        """The rule's result from its failure cases (among those of ``column`` when given): an error
        when Pandera could not run the check (a case with no row index), else the failing rows."""
        scope = cases if column is None else by_column.get(column, cases.clear())
        hit = scope.filter(selected) if scope.height else scope
        unindexed = hit["index"].is_null()
        if unindexed.any():
            errs = hit["failure_case"].filter(unindexed).to_list()
            return rule.status_result(
                "error", f"check could not run: {errs[0][:300]}", engine="pandera", total=total
            )
        rows = hit["index"]
        return _result(rule, _sample(frame, rows, cols, key, n), count=rows.n_unique(), total=total, n=n)

    def fused_outcome(rule: Rule, cols: list[str]) -> CheckResult:
        """The rule's result from its rows among those that failed the fused check."""
        rows = fused_rows[fused_rules.index(rule)]
        return _result(rule, _sample(frame, rows, cols, key, n), count=rows.n_unique(), total=total, n=n)

    def skipped(rule: Rule) -> CheckResult:
        return rule.status_result(
            "skipped", f"not checked: {compiled.skipped[rule.id]}", engine="pandera", total=total
        )

    # --- column rules
    for rule in contract.rules_of("column"):
        if rule.id in compiled.skipped:
            results.append(skipped(rule))
            continue
        col = rule.column or ""
        if rule.slug == "not-null" and compiled.not_null.get(col) is rule:
            sel = (pl.col("column") == col) & (pl.col("check") == "not_nullable")
        elif rule.slug == "key-duplicate" and compiled.composite_key is rule:
            sel = pl.col("check") == "multiple_fields_uniqueness"
        elif rule.slug == "key-duplicate" and compiled.unique.get(col) is rule:
            sel = (pl.col("column") == col) & (pl.col("check") == "field_uniqueness")
        elif rule in compiled.column_checks.get(col, []):
            number = compiled.column_checks[col].index(rule)
            sel = (
                (pl.col("column") == col)
                & (pl.col("check_number") == number)
                & ~pl.col("check").is_in(["not_nullable", "field_uniqueness"])
            )
        elif rule in fused_rules:
            results.append(fused_outcome(rule, list(rule.params.get("columns", ())) or [col]))
            continue
        else:  # a duplicate declaration of a rule already compiled (e.g. required + nullValues)
            continue
        scoped = None if compiled.composite_key is rule else col
        results.append(outcome(rule, sel, list(rule.params.get("columns", ())) or [col], scoped))

    # --- frame rules (built-in custom rules)
    for rule in contract.rules_of("frame"):
        if rule.id in compiled.skipped:
            results.append(skipped(rule))
            continue
        if rule in fused_rules:
            results.append(fused_outcome(rule, rule_columns(rule)))
            continue
        number = compiled.frame_checks.index(rule)
        sel = (
            (pl.col("schema_context") == "DataFrameSchema")
            & (pl.col("check_number") == number)
            & ~pl.col("check").is_in(
                ["multiple_fields_uniqueness", "column_in_dataframe", "column_in_schema"]
            )
        )
        results.append(outcome(rule, sel, rule_columns(rule)))
    return results
