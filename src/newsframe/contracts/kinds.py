"""Every rule kind, registered once: its slug, family, dimension, parameters, the columns it reads, its Polars semantics.

A contract's rule (:class:`~newsframe.contracts.model.Rule`) names its kind
by slug. :data:`RULE_KINDS` maps the slug to a :class:`RuleKind`, which
says everything an engine needs to know about it, in one place:

``family``
    ``schema`` (columns and dtypes), ``column`` (a row-wise test of one
    column, or a key), ``frame`` (a row-wise test over several columns),
    ``relation`` (across tables) or ``factual`` (a check of
    :mod:`newsframe.checks`, which registers those kinds itself).
``dimension``
    The ODCS data-quality dimension a rule of this kind has unless its
    contract says otherwise.
``params`` / ``optional``
    The parameters a contract must / may give (custom rules take them from
    the quality item's ``customProperties``).
``columns``
    The table columns a rule of this kind reads (an engine skips the rule
    when one is missing, and a linter checks they exist).
``valid``
    For the row-wise kinds: the **reference semantics**, a Polars
    expression True where a row passes and null where the tested value is
    null (nulls pass: ``not-null`` says otherwise). The Polars engine runs
    it; Pandera and GX compile the same kind to their built-ins, and the
    parity tests (``tests/contracts/test_parity.py``) hold them to it.

Two things are decoded here and nowhere else: numeric bounds
(``minimum``, ``maximum``, ``exclusiveMinimum``, ``exclusiveMaximum``:
:class:`Bounds`) and ODCS thresholds (``mustBe``, ``mustBeLessThan``,
... with ``unit: rows|percent``: :class:`Threshold`). A rule fails only
past its threshold; without one it tolerates no failing row.

Adding a rule kind: add a :class:`RuleKind` to :data:`RULE_KINDS` below
(its parser hook, if it needs a new ODCS form, goes in ``model.py``), then
its compilation in each engine that can express it (``pandera_engine.py``,
``gx_engine.py``, ``SPARK_SQL`` in ``engines/spark.py``); an engine that cannot
reports it as not supported and the Polars reference runs it (Spark runs the
kind's Polars expression on its executors). See ``contracts/README.md``.

Examples
--------
>>> Bounds.decode({"minimum": 0, "exclusiveMaximum": 1}).text()
'>= 0 and < 1'
>>> Threshold.decode({"mustBeLessThan": 5, "unit": "percent"}).allows(4, 100)
True
>>> Threshold.decode({"mustBeLessThan": 5, "unit": "percent"}).allows(5, 100)
False
>>> sorted(k.slug for k in RULE_KINDS.values() if k.family == "frame")
['null-island', 'pair-order', 'prefix-mismatch', 'reference-mismatch']
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

if TYPE_CHECKING:
    from newsframe.contracts.model import Rule
    from newsframe.results import CheckResult, Status

__all__ = [
    "FAMILIES",
    "RULE_KINDS",
    "THRESHOLD_KEYS",
    "ZERO_FAILURES",
    "Bounds",
    "RuleKind",
    "Threshold",
    "kind_of",
    "reference_table",
    "register_rule_kind",
    "rule_columns",
    "valid_expr",
]

Family = Literal["schema", "column", "frame", "relation", "factual"]
FAMILIES: tuple[str, ...] = ("schema", "column", "frame", "relation", "factual")

# ---------------------------------------------------------------------------------------------- bounds

BOUND_KEYS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


@dataclass(frozen=True)
class Bounds:
    """Numeric bounds, decoded once from ODCS ``logicalTypeOptions`` (``minimum``, ``exclusiveMaximum``...).

    Examples
    --------
    >>> b = Bounds.decode({"exclusiveMinimum": 0, "maximum": 1})
    >>> b.low, b.low_inclusive, b.high, b.high_inclusive
    (0, False, 1, True)
    >>> pl.DataFrame({"x": [0.0, 0.5, None]}).select(b.expr(pl.col("x")))["x"].to_list()
    [False, True, None]
    """

    low: Any = None
    high: Any = None
    low_inclusive: bool = True
    high_inclusive: bool = True

    @classmethod
    def decode(cls, params: Mapping[str, Any]) -> Bounds:
        """The bounds a rule's params (or a property's ``logicalTypeOptions``) give."""
        low_incl = "minimum" in params
        high_incl = "maximum" in params
        return cls(
            low=params.get("minimum", params.get("exclusiveMinimum")),
            high=params.get("maximum", params.get("exclusiveMaximum")),
            low_inclusive=low_incl or "exclusiveMinimum" not in params,
            high_inclusive=high_incl or "exclusiveMaximum" not in params,
        )

    def expr(self, col: pl.Expr) -> pl.Expr:
        """True where ``col`` lies within the bounds (null where it is null)."""
        parts = []
        if self.low is not None:
            parts.append(col.ge(self.low) if self.low_inclusive else col.gt(self.low))
        if self.high is not None:
            parts.append(col.le(self.high) if self.high_inclusive else col.lt(self.high))
        if not parts:
            raise ValueError("out-of-range needs minimum, maximum, exclusiveMinimum or exclusiveMaximum")
        return parts[0] if len(parts) == 1 else parts[0].and_(parts[1])

    def text(self) -> str:
        """The bounds in words: ``>= 0 and < 1``."""
        parts = []
        if self.low is not None:
            parts.append(f"{'>=' if self.low_inclusive else '>'} {self.low}")
        if self.high is not None:
            parts.append(f"{'<=' if self.high_inclusive else '<'} {self.high}")
        return " and ".join(parts)


# ------------------------------------------------------------------------------------------- thresholds

THRESHOLD_KEYS = (
    "mustBe",
    "mustNotBe",
    "mustBeGreaterThan",
    "mustBeGreaterOrEqualTo",
    "mustBeLessThan",
    "mustBeLessOrEqualTo",
    "mustBeBetween",
    "mustNotBeBetween",
)
"""The ODCS quality operators on a rule's metric (its failing rows, or their percent of the rows)."""

_OPS: dict[str, Callable[[float, Any], bool]] = {
    "mustBe": lambda m, v: m == float(v),
    "mustNotBe": lambda m, v: m != float(v),
    "mustBeGreaterThan": lambda m, v: m > float(v),
    "mustBeGreaterOrEqualTo": lambda m, v: m >= float(v),
    "mustBeLessThan": lambda m, v: m < float(v),
    "mustBeLessOrEqualTo": lambda m, v: m <= float(v),
    "mustBeBetween": lambda m, v: float(v[0]) <= m <= float(v[1]),
    "mustNotBeBetween": lambda m, v: not float(v[0]) <= m <= float(v[1]),
}
_OP_TEXT = {
    "mustBe": "=",
    "mustNotBe": "!=",
    "mustBeGreaterThan": ">",
    "mustBeGreaterOrEqualTo": ">=",
    "mustBeLessThan": "<",
    "mustBeLessOrEqualTo": "<=",
    "mustBeBetween": "between",
    "mustNotBeBetween": "not between",
}


@dataclass(frozen=True)
class Threshold:
    """How many failing rows a rule tolerates: an ODCS operator on the failing rows (``unit: rows``) or their
    percent of the table's rows (``unit: percent``). The default, :data:`ZERO_FAILURES`, tolerates none.

    Examples
    --------
    >>> t = Threshold.decode({"mustBeLessOrEqualTo": 2})
    >>> t.allows(2, 1000), t.allows(3, 1000), t.text()
    (True, False, 'failing rows <= 2')
    >>> Threshold.decode({"mustBeBetween": [0, 1], "unit": "percent"}).text()
    'failing rows between 0 and 1 percent'
    """

    operator: str = "mustBe"
    value: Any = 0
    unit: str = "rows"

    @classmethod
    def decode(cls, item: Mapping[str, Any]) -> Threshold:
        """The threshold of an ODCS quality item (the first operator it gives), else :data:`ZERO_FAILURES`.

        Raises
        ------
        ValueError
            When it gives two operators, a unit other than ``rows`` or ``percent``, or a value that is
            not a number (a pair for the ``Between`` operators).
        """
        given = [k for k in THRESHOLD_KEYS if item.get(k) is not None]
        if not given:
            return ZERO_FAILURES
        if len(given) > 1:
            raise ValueError(f"give one threshold operator, not {', '.join(given)}")
        op = given[0]
        value = item[op]
        unit = str(item.get("unit") or "rows")
        if unit not in ("rows", "percent"):
            raise ValueError(f"threshold unit must be 'rows' or 'percent', not {unit!r}")
        pair = op.endswith("Between")
        try:
            if pair:
                if not isinstance(value, Sequence) or len(value) != 2:
                    raise TypeError
                value = (float(value[0]), float(value[1]))
            else:
                if isinstance(value, bool):
                    raise TypeError
                value = float(value)
        except (TypeError, ValueError):
            want = "a pair of numbers" if pair else "a number"
            raise ValueError(f"{op} needs {want}, not {item[op]!r}") from None
        return cls(op, value, unit)

    @property
    def strict(self) -> bool:
        """True for the default: no failing row tolerated."""
        return self == ZERO_FAILURES

    def metric(self, failing: int, total: int | None) -> float:
        """The measured value: the failing rows, or their percent of ``total``."""
        if self.unit == "percent":
            return 100.0 * failing / total if total else (0.0 if failing == 0 else 100.0)
        return float(failing)

    def allows(self, failing: int, total: int | None) -> bool:
        """True when ``failing`` rows (of ``total``) are within the threshold."""
        return _OPS[self.operator](self.metric(failing, total), self.value)

    def text(self) -> str:
        """The threshold in words."""
        v = self.value
        shown = f"{_num(v[0])} and {_num(v[1])}" if isinstance(v, tuple) else _num(v)
        unit = " percent" if self.unit == "percent" else ""
        return f"failing rows {_OP_TEXT[self.operator]} {shown}{unit}"

    def apply(self, result: CheckResult) -> CheckResult:
        """``result`` with its status judged against this threshold (unchanged for the default).

        A ``failed``/``warning`` result within the threshold becomes ``passed`` (its failing rows and
        sample are kept, and the message says why); a ``passed`` one past it (``mustBeGreaterThan``...)
        becomes ``failed``/``warning``. ``skipped`` and ``error`` results are unchanged.
        """
        if self.strict or result.status not in ("passed", "failed", "warning"):
            return result
        ok = self.allows(result.failing_rows, result.total_rows)
        metric = self.metric(result.failing_rows, result.total_rows)
        shown = f"{metric:.4g}%" if self.unit == "percent" else f"{result.failing_rows}"
        if ok and result.status != "passed":
            return replace(
                result, status="passed", message=f"{shown} failing, within the threshold ({self.text()})"
            )
        if not ok and result.status == "passed":
            status: Status = "failed" if result.severity == "error" else "warning"
            return replace(
                result, status=status, message=f"{shown} failing, outside the threshold ({self.text()})"
            )
        if not ok:
            return replace(result, message=f"{result.message} ({shown}; threshold: {self.text()})".lstrip())
        return result


def _num(v: Any) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


ZERO_FAILURES = Threshold()
"""The default threshold: ``mustBe: 0`` failing rows."""


# ------------------------------------------------------------------------------------------- rule kinds

ValidFn = Callable[["Rule", "pl.DataType | None"], pl.Expr]
ColumnsFn = Callable[["Rule"], list[str]]


@dataclass(frozen=True)
class RuleKind:
    """One kind of rule, registered once in :data:`RULE_KINDS`.

    Parameters
    ----------
    slug
        The stable slug of its results (``out-of-range``).
    family
        ``schema``, ``column``, ``frame``, ``relation`` or ``factual``.
    dimension
        Its ODCS dimension unless the contract gives one.
    description
        One line: what a failing row means.
    params, optional
        Parameters a contract must / may give.
    columns
        The columns of the table a rule of this kind reads.
    valid
        The Polars reference semantics of a row-wise kind: True where a row passes (None otherwise).
    """

    slug: str
    family: Family
    dimension: str
    description: str
    params: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    columns: ColumnsFn = field(default=lambda rule: [rule.column] if rule.column else [], repr=False)
    valid: ValidFn | None = field(default=None, repr=False)

    @property
    def row_wise(self) -> bool:
        """True when a row passes or fails on its own values (the kind has a ``valid`` expression)."""
        return self.valid is not None


def reference_table(path: str) -> pl.DataFrame:
    """A reference CSV read as strings (codes keep their leading zeros), cached until the file changes."""
    st = Path(path).stat()
    return _read_reference(path, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=32)
def _read_reference(path: str, mtime_ns: int, size: int) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def _col(rule: Rule) -> pl.Expr:
    return pl.col(rule.column or "")


def _enum(rule: Rule, dtype: pl.DataType | None) -> pl.Expr:
    return _col(rule).is_in(list(rule.params["values"]))


def _pattern(rule: Rule, dtype: pl.DataType | None) -> pl.Expr:
    # anchored at the start, as Pandera's str_matches and GX's regex (re.match) read a pattern
    pattern = str(rule.params["pattern"])
    return _col(rule).str.contains(pattern if pattern.startswith("^") else f"^{pattern}")


def _length(rule: Rule, dtype: pl.DataType | None) -> pl.Expr:
    p = rule.params
    lo, hi = p.get("minLength"), p.get("maxLength")
    if lo is None and hi is None:
        raise ValueError("length-out-of-range needs minLength or maxLength")
    n = _col(rule).str.len_chars()
    if lo is None:
        return n.le(hi)
    return n.ge(lo) if hi is None else n.is_between(lo, hi)


def _range(rule: Rule, dtype: pl.DataType | None) -> pl.Expr:
    return Bounds.decode(rule.params).expr(_col(rule))


def _pair_order(rule: Rule, dtype: pl.DataType | None) -> pl.Expr:
    p = rule.params
    lesser, greater = pl.col(str(p["lesser"])), pl.col(str(p["greater"]))
    ok = (greater >= lesser) if p.get("orEqual") else (greater > lesser)
    return lesser.is_null() | greater.is_null() | ok


def _prefix(rule: Rule, dtype: pl.DataType | None) -> pl.Expr:
    p = rule.params
    col, src = pl.col(str(p["column"])), pl.col(str(p["source"]))
    ok = col.cast(pl.String) == src.cast(pl.String).str.slice(0, int(p["length"]))
    return col.is_null() | src.is_null() | ok


def _reference(rule: Rule, dtype: pl.DataType | None) -> pl.Expr:
    p = rule.params
    ref = reference_table(str(p["referencePath"]))
    target = dtype or pl.String()
    mapping = ref.select(
        pl.col(str(p["referenceKey"])).alias("k"),
        pl.col(str(p["referenceColumn"])).cast(target, strict=False).alias("v"),
    ).unique("k", keep="first")
    key = pl.col(str(p["key"])).cast(pl.String)
    expected = key.replace_strict(mapping["k"], mapping["v"], default=None, return_dtype=target)
    col = pl.col(str(p["column"]))
    tol = float(p.get("tolerance", 0) or 0)
    ok = ((col - expected).abs() <= tol) if target.is_numeric() and tol else (col == expected)
    return col.is_null() | expected.is_null() | ok


def _null_island(rule: Rule, dtype: pl.DataType | None) -> pl.Expr:
    zero = pl.all_horizontal([pl.col(str(c)) == 0 for c in rule.params["columns"]])
    return (~zero).fill_null(True)


def _key_columns(rule: Rule) -> list[str]:
    return [str(c) for c in rule.params.get("columns", (rule.column,)) if c]


_KINDS = (
    RuleKind("schema-column-missing", "schema", "completeness", "a contract column is absent", columns=lambda r: []),
    RuleKind("schema-column-extra", "schema", "conformity", "a column outside a strict contract", columns=lambda r: []),
    RuleKind("dtype-mismatch", "schema", "conformity", "a column's dtype is not the contract's", columns=lambda r: []),
    RuleKind("not-null", "column", "completeness", "a required value is null"),
    RuleKind("key-duplicate", "column", "uniqueness", "a key value repeats", optional=("columns",), columns=_key_columns),
    RuleKind("enum-value", "column", "conformity", "a value outside the allowed set", ("values",), ("ref",), valid=_enum),
    RuleKind("out-of-range", "column", "conformity", "a number outside its bounds", optional=BOUND_KEYS, valid=_range),
    RuleKind("pattern-mismatch", "column", "conformity", "a text that does not match the pattern", ("pattern",), valid=_pattern),
    RuleKind("length-out-of-range", "column", "conformity", "a text of the wrong length", optional=("minLength", "maxLength"), valid=_length),
    RuleKind(
        "pair-order", "frame", "consistency", "greater is not after lesser", ("lesser", "greater"), ("orEqual",),
        columns=lambda r: [str(r.params["lesser"]), str(r.params["greater"])], valid=_pair_order,
    ),
    RuleKind(
        "prefix-mismatch", "frame", "consistency", "column is not the first length characters of source",
        ("column", "source", "length"), columns=lambda r: [str(r.params["column"]), str(r.params["source"])],
        valid=_prefix,
    ),
    RuleKind(
        "reference-mismatch", "frame", "consistency", "column disagrees with the reference table",
        ("reference", "key", "referenceKey", "column", "referenceColumn"), ("tolerance",),
        columns=lambda r: [str(r.params["key"]), str(r.params["column"])], valid=_reference,
    ),
    RuleKind(
        "null-island", "frame", "accuracy", "coordinates are all exactly zero", ("columns",),
        columns=lambda r: [str(c) for c in r.params["columns"]], valid=_null_island,
    ),
    RuleKind(
        "fk-missing", "relation", "consistency", "a foreign key with no row in the target table",
        columns=lambda r: [str(c) for c in r.params["from"]],
    ),
    RuleKind(
        "cardinality-missing", "relation", "completeness", "a row that no row of the other table points at",
        ("to",), columns=lambda r: [str(c) for c in r.params["from"]],
    ),
)  # fmt: skip

RULE_KINDS: dict[str, RuleKind] = {k.slug: k for k in _KINDS}
"""The rule kinds the contracts package compiles, by slug. Factual kinds live in :data:`newsframe.checks.REGISTRY`."""

CUSTOM_KINDS = ("pair-order", "prefix-mismatch", "reference-mismatch", "null-island", "cardinality-missing")
"""The kinds a contract declares as a custom quality item (``engine: newsframe, implementation: <slug>``)."""


def register_rule_kind(kind: RuleKind) -> RuleKind:
    """Register a new rule kind (a slug may be registered once)."""
    if kind.slug in RULE_KINDS:
        raise ValueError(f"rule kind {kind.slug!r} is already registered")
    RULE_KINDS[kind.slug] = kind
    return kind


def kind_of(rule: Rule) -> RuleKind | None:
    """The registered kind of ``rule`` (None for a factual check, registered in :mod:`newsframe.checks`)."""
    return RULE_KINDS.get(rule.slug)


def rule_columns(rule: Rule) -> list[str]:
    """The table columns ``rule`` reads (its kind's ``columns``)."""
    kind = RULE_KINDS.get(rule.slug)
    return kind.columns(rule) if kind is not None else ([rule.column] if rule.column else [])


def valid_expr(rule: Rule, dtype: pl.DataType | None = None) -> pl.Expr:
    """The Polars reference semantics of a row-wise rule: True where a row passes, null where the value is null.

    ``dtype`` is the dtype of the checked column (for ``reference-mismatch``, the reference values are
    cast to it).

    Raises
    ------
    ValueError
        When ``rule`` is not of a row-wise kind.
    """
    kind = RULE_KINDS.get(rule.slug)
    if kind is None or kind.valid is None:
        raise ValueError(f"{rule.slug!r} is not a row-wise rule kind")
    return kind.valid(rule, dtype).alias(rule.slug)


def passes(rule: Rule, dtype: pl.DataType | None = None) -> pl.Expr:
    """:func:`valid_expr` with nulls counted as passing (a null is ``not-null``'s business)."""
    return valid_expr(rule, dtype).fill_null(True)
