"""The contracts as newsframe reads them: tables, columns and rules, parsed from ODCS v3 YAML.

One ``<table>.odcs.yaml`` holds one ODCS ``DataContract`` whose single
``schema`` object describes one table. Parsing turns it into a
:class:`Contract`: its columns (:class:`Column`) and every rule it declares
(:class:`Rule`), each with the stable slug its results carry:

=======================  ==========================================  ==================
slug                     declared by                                 engines
=======================  ==========================================  ==================
schema-column-missing    every property (all columns must exist)     pandera, gx
schema-column-extra      ``customProperties: strict: true``          pandera
dtype-mismatch           ``physicalType`` (or ``logicalType``)       pandera
not-null                 ``required: true`` (and primary keys)       pandera, gx
key-duplicate            ``primaryKey``/``primaryKeyPosition``,      pandera, gx
                         ``unique: true``
enum-value               ``enum``, or quality ``metric:              pandera, gx
                         invalidValues`` with ``validValues`` or
                         ``validValuesRef: <csv>#<column>``
out-of-range             ``logicalTypeOptions`` minimum/maximum,     pandera, gx
                         exclusiveMinimum/exclusiveMaximum
pattern-mismatch         ``logicalTypeOptions.pattern``              pandera, gx
length-out-of-range      ``logicalTypeOptions`` minLength/maxLength  pandera, gx
pair-order               custom ``pair-order`` (lesser < greater)    pandera, gx
prefix-mismatch          custom ``prefix-mismatch``                  pandera
reference-mismatch       custom ``reference-mismatch``               pandera
null-island              custom ``null-island`` (both zero)          pandera
fk-missing               ``relationships`` (foreignKey)              polars, gx (1-col)
cardinality-missing      custom ``cardinality-missing``              polars, gx
<factual slug>           custom, any other implementation            newsframe.checks
=======================  ==========================================  ==================

Every slug but the factual ones is a :class:`~newsframe.contracts.kinds.RuleKind`
of :data:`~newsframe.contracts.kinds.RULE_KINDS`, which fixes its meaning once
(the Polars engine runs it as such: ``polars`` is in every row above). The
document is read by the ODCS pydantic model (``open_data_contract_standard``)
and walked as typed objects.

Custom rules are ODCS ``quality`` items ``{type: custom, engine: newsframe,
implementation: <slug>}``; their parameters go in the item's
``customProperties`` (``[{property: window, value: 1}]``), because ODCS does
not allow other keys there. So does a custom rule's threshold
(``mustBeLessThan``, ``unit``: :class:`~newsframe.contracts.kinds.Threshold`),
which a library metric gives as item keys.

Examples
--------
>>> from newsframe.assets import asset_path
>>> c = parse_contract(asset_path("contracts", "sentences.odcs.yaml"))
>>> c.name, c.key
('sentences', ('doc_id', 'sentence_id'))
>>> sorted({r.slug for r in c.rules})[:3]
['dtype-mismatch', 'fk-missing', 'key-duplicate']
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import polars as pl
import yaml
from open_data_contract_standard.model import (
    CustomProperty,
    DataQuality,
    OpenDataContractStandard,
    Relationship,
    SchemaProperty,
)

from newsframe.contracts.dtypes import LOGICAL_DEFAULTS, parse_physical_type
from newsframe.contracts.kinds import (
    BOUND_KEYS,
    CUSTOM_KINDS,
    RULE_KINDS,
    THRESHOLD_KEYS,
    ZERO_FAILURES,
    Bounds,
    Threshold,
    rule_columns,
)
from newsframe.errors import ContractError
from newsframe.results import DIMENSIONS, SAMPLE_SIZE, CheckResult, Severity, Status

__all__ = [
    "BUILTIN_CUSTOM",
    "Column",
    "Contract",
    "ContractSet",
    "Problem",
    "Rule",
    "parse_contract",
    "resolve_reference",
]

BUILTIN_CUSTOM: dict[str, tuple[str, ...]] = {slug: RULE_KINDS[slug].params for slug in CUSTOM_KINDS}
"""Custom rule implementations compiled by the contracts package itself, with their required parameters
(from their :data:`~newsframe.contracts.kinds.RULE_KINDS` entries)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a contract: file, field path (``schema[0].properties[2].logicalType``), reason."""

    path: Path
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field or '<root>'}: {self.reason}"

    def error(self) -> ContractError:
        """This problem as a :class:`ContractError` (exit code 2)."""
        return ContractError(self.reason, path=self.path, field=self.field or None)


@dataclass(frozen=True)
class Column:
    """One property of a contract's schema object (a table column)."""

    name: str
    dtype: pl.DataType
    logical_type: str
    required: bool
    primary_key_position: int | None = None
    unique: bool = False
    description: str = ""


@dataclass(frozen=True)
class Rule:
    """One check a contract declares.

    Parameters
    ----------
    slug
        The stable slug of the results (``not-null``, ``fk-missing``, ``span-mismatch``...).
    table, column
        Where it applies; ``column`` is None for table-level rules (the
        greater column for ``pair-order``, the from-columns joined by ``+``
        for relations).
    kind
        ``schema`` (columns and dtypes), ``column`` (compiled into Pandera and GX),
        ``frame`` (a built-in custom rule over several columns), ``relation``
        (across tables) or ``factual`` (run by :func:`newsframe.checks.run_check`).
    params
        Rule parameters (values, bounds, columns, referenced tables...).
    name
        The ODCS quality ``name`` when one was given.
    threshold
        How many failing rows it tolerates (ODCS ``mustBe``, ``mustBeLessThan``... with ``unit``);
        by default none. Every engine builds its results with :meth:`failures_result`, which judges them.
    """

    slug: str
    table: str
    column: str | None
    kind: str
    rule: str
    severity: Severity = "error"
    dimension: str = "conformity"
    params: Mapping[str, Any] = field(default_factory=dict)
    name: str = ""
    threshold: Threshold = ZERO_FAILURES

    @property
    def id(self) -> str:
        """Stable id, also the CheckResult id: ``<table>.<column or *>.<slug>``."""
        return f"{self.table}.{self.column or '*'}.{self.slug}"

    def failures_result(
        self,
        failures: pl.DataFrame,
        *,
        engine: str,
        count: int,
        total: int | None,
        sample_size: int = SAMPLE_SIZE,
        message: str | None = None,
        suffix: str = "",
    ) -> CheckResult:
        """The result of this rule from its failing rows (``count`` of them; ``failures`` holds a sample),
        judged against the rule's threshold."""
        return self.judge(
            CheckResult.from_failures(
                **self._identity(suffix),
                engine=engine,
                failures=failures,
                failing_rows=count,
                total_rows=total,
                sample_size=sample_size,
                message=message,
            )
        )

    def judge(self, result: CheckResult) -> CheckResult:
        """``result`` (of this rule, from any engine) with its status judged against :attr:`threshold`."""
        return self.threshold.apply(result)

    @property
    def columns(self) -> list[str]:
        """The table columns this rule reads (from its registered kind)."""
        return rule_columns(self)

    def status_result(
        self, status: Status, message: str, *, engine: str, total: int | None = None, suffix: str = ""
    ) -> CheckResult:
        """A result with no failing rows (``skipped``, ``error``, or a table-level ``failed``)."""
        return CheckResult(
            **self._identity(suffix), status=status, engine=engine, total_rows=total, message=message
        )

    def _identity(self, suffix: str) -> dict[str, Any]:
        """What every result of this rule carries: slug, table, column, rule, severity, dimension, id."""
        return {
            "slug": self.slug,
            "table": self.table,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity,
            "dimension": self.dimension,
            "id": self.id + suffix,
        }


@dataclass
class Contract:
    """One table's contract."""

    name: str
    path: Path
    contract_id: str
    version: str
    columns: dict[str, Column]
    rules: list[Rule]
    strict: bool = False
    required_table: bool = False
    optional_table: bool = False
    """``requiredTable: false`` said explicitly: the table may be absent even when other tables refer to it."""
    physical_name: str = ""
    file_patterns: tuple[str, ...] = ()
    references: tuple[Path, ...] = ()
    """Reference files the contract reads (codebooks): a change to one invalidates the loaded contracts."""

    @property
    def key(self) -> tuple[str, ...]:
        """Primary-key columns in ``primaryKeyPosition`` order."""
        keyed = [c for c in self.columns.values() if c.primary_key_position is not None]
        return tuple(c.name for c in sorted(keyed, key=lambda c: c.primary_key_position or 0))

    @property
    def dtypes(self) -> dict[str, pl.DataType]:
        """Column name to Polars dtype."""
        return {name: col.dtype for name, col in self.columns.items()}

    def rules_of(self, *kinds: str) -> list[Rule]:
        """The rules of the given kinds, in declaration order."""
        return [r for r in self.rules if r.kind in kinds]

    def matches(self, stem: str) -> bool:
        """True when a file stem names this table: its name, physicalName, or a ``filePattern`` glob."""
        if stem in (self.name, self.physical_name):
            return True
        return any(fnmatch.fnmatchcase(stem, pattern) for pattern in self.file_patterns)


@dataclass
class ContractSet:
    """The contracts of one folder, keyed by table name."""

    directory: Path
    contracts: dict[str, Contract]

    def __iter__(self) -> Iterator[Contract]:
        return iter(self.contracts.values())

    def __contains__(self, name: object) -> bool:
        return name in self.contracts

    def __getitem__(self, name: str) -> Contract:
        return self.contracts[name]

    def table_for(self, stem: str) -> str | None:
        """The table a file stem belongs to, or None."""
        if stem in self.contracts:
            return stem
        for contract in self.contracts.values():
            if contract.matches(stem):
                return contract.name
        return None


# ---------------------------------------------------------------------------------------------- parsing


def _custom_props(items: Sequence[CustomProperty] | None) -> dict[str, Any]:
    """ODCS ``customProperties`` as ``{property: value}``."""
    return {str(i.property): i.value for i in items or () if i.property is not None}


def resolve_reference(ref: str, *, base: Path) -> Path:
    """Resolve a reference file named in a contract (``seeds/reference/x.csv``), inside allowed folders only.

    Relative paths are tried against the contract's folder and its parents, then
    against newsframe's built-in ``seeds/``; the file found must lie inside the
    contract's folder, the built-in ``seeds/`` or a folder of the allow-list
    ``NEWSFRAME_REFERENCE_ROOTS`` (see :func:`newsframe.safeload.resolve_inside`).

    Raises
    ------
    ValueError
        An absolute path, a ``../``, or a file only found outside those folders.
    """
    from newsframe.safeload import resolve_inside

    return resolve_inside(ref, bases=[base], search=base.parents)


def load_reference_values(ref: str, *, base: Path) -> list[str]:
    """Values of ``<file.csv>#<column>`` (read as strings, leading zeros kept), deduplicated, in file order.

    Raises
    ------
    ValueError
        When the file or the column cannot be read.
    """
    file, _, column = ref.partition("#")
    if not column:
        raise ValueError(f"validValuesRef {ref!r} must be '<file.csv>#<column>'")
    path = resolve_reference(file, base=base)
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise ValueError(f"cannot read reference {path}: {exc}") from None
    if column not in frame.columns:
        raise ValueError(f"reference {path} has no column {column!r} (columns: {', '.join(frame.columns)})")
    return frame.get_column(column).drop_nulls().unique(maintain_order=True).to_list()


class _Parser:
    """Turns one ODCS document, parsed by the ODCS pydantic model, into a Contract, collecting problems."""

    def __init__(self, path: Path, doc: OpenDataContractStandard) -> None:
        self.path = path
        self.doc = doc
        self.problems: list[Problem] = []
        self.references: list[Path] = []

    def problem(self, where: str, reason: str) -> None:
        self.problems.append(Problem(self.path, where, reason))

    def parse(self) -> Contract | None:
        schema = self.doc.schema_
        if not isinstance(schema, list) or len(schema) != 1:
            self.problem(
                "schema", "newsframe expects exactly one schema object (one table) per contract file"
            )
            return None
        obj = schema[0]
        table = str(obj.name or "")
        where = "schema[0]"
        cprops = _custom_props(obj.customProperties)
        columns: dict[str, Column] = {}
        rules: list[Rule] = []
        props = obj.properties or []
        if not props:
            self.problem(f"{where}.properties", "a table needs at least one property")
        composite = sum(1 for p in props if p.primaryKey is True) > 1
        for i, prop in enumerate(props):
            col = self._column(prop, f"{where}.properties[{i}]")
            if col is None:
                continue
            if col.name in columns:
                self.problem(f"{where}.properties[{i}].name", f"duplicate column {col.name!r}")
            columns[col.name] = col
            rules.extend(self._column_rules(table, col, prop, f"{where}.properties[{i}]", composite))
        rules[:0] = [
            _builtin("schema-column-missing", table, None, "every contract column is present"),
            _builtin("dtype-mismatch", table, None, "every column has its contract dtype"),
        ]
        if cprops.get("strict") is True:
            rules.insert(1, _builtin("schema-column-extra", table, None, "no column outside the contract"))
        key = sorted(
            (c for c in columns.values() if c.primary_key_position is not None),
            key=lambda c: c.primary_key_position or 0,
        )
        positions = [c.primary_key_position for c in key]
        if len(set(positions)) != len(positions):
            self.problem(f"{where}.properties", f"primaryKeyPosition values repeat: {positions}")
        if len(key) > 1:
            names = tuple(c.name for c in key)
            rules.append(
                _builtin(
                    "key-duplicate",
                    table,
                    "+".join(names),
                    f"({', '.join(names)}) is unique",
                    {"columns": names},
                )
            )
        for j, rel in enumerate(obj.relationships or []):
            rules.extend(self._relationship(table, None, rel, f"{where}.relationships[{j}]"))
        for j, q in enumerate(obj.quality or []):
            rules.extend(self._quality(table, None, q, f"{where}.quality[{j}]"))
        patterns = cprops.get("filePattern") or ()
        if isinstance(patterns, str):
            patterns = (patterns,)
        return Contract(
            name=table,
            path=self.path,
            contract_id=str(self.doc.id or ""),
            version=str(self.doc.version or ""),
            columns=columns,
            rules=rules,
            strict=cprops.get("strict") is True,
            required_table=cprops.get("requiredTable") is True,
            optional_table=cprops.get("requiredTable") is False,
            physical_name=str(obj.physicalName or table),
            file_patterns=tuple(str(p) for p in patterns),
            references=tuple(dict.fromkeys(self.references)),
        )

    def _column(self, prop: SchemaProperty, where: str) -> Column | None:
        name = prop.name
        if not name:
            self.problem(f"{where}.name", "a property needs a name")
            return None
        logical = str(prop.logicalType or "")
        physical = prop.physicalType
        dtype: pl.DataType | None = None
        if physical:
            try:
                dtype = parse_physical_type(str(physical))
            except ValueError as exc:
                self.problem(f"{where}.physicalType", str(exc))
                return None
        elif logical == "array":
            items = prop.items
            inner_logical = str(items.logicalType or "string") if items is not None else "string"
            dtype = pl.List(LOGICAL_DEFAULTS.get(inner_logical, pl.String()))
        elif logical in LOGICAL_DEFAULTS:
            dtype = LOGICAL_DEFAULTS[logical]
        else:
            self.problem(f"{where}.physicalType", "give a physicalType or a scalar logicalType")
            return None
        pk = prop.primaryKey is True
        pos = prop.primaryKeyPosition
        if pk and (not isinstance(pos, int) or pos < 1):
            pos = 1
        return Column(
            name=str(name),
            dtype=dtype,
            logical_type=logical,
            required=bool(prop.required) or pk,
            primary_key_position=int(pos) if pk and pos is not None else None,
            unique=prop.unique is True,
            description=str(prop.description or ""),
        )

    def _column_rules(
        self, table: str, col: Column, prop: SchemaProperty, where: str, composite: bool
    ) -> list[Rule]:
        c = col.name
        out: list[Rule] = []
        if col.required:
            out.append(_builtin("not-null", table, c, f"{c} is never null"))
        if col.unique or (col.primary_key_position is not None and not composite):
            out.append(_builtin("key-duplicate", table, c, f"{c} is unique", {"columns": (c,)}))
        if prop.enum:
            values = [e.value for e in prop.enum]
            out.append(
                _builtin("enum-value", table, c, f"{c} is one of {_short(values)}", {"values": tuple(values)})
            )
        opts = prop.logicalTypeOptions or {}
        if col.logical_type in ("integer", "number") or col.dtype.is_numeric():
            bounds = {k: opts[k] for k in BOUND_KEYS if k in opts}
            if bounds:
                text = Bounds.decode(bounds).text()
                out.append(_builtin("out-of-range", table, c, f"{c} {text}", bounds))
        if col.logical_type == "string" or col.dtype == pl.String:
            if "pattern" in opts:
                try:
                    re.compile(str(opts["pattern"]))
                except re.error as exc:
                    self.problem(
                        f"{where}.logicalTypeOptions.pattern", f"not a valid regular expression: {exc}"
                    )
                    return out
                pattern = str(opts["pattern"])
                out.append(
                    _builtin("pattern-mismatch", table, c, f"{c} matches {pattern}", {"pattern": pattern})
                )
            lengths: dict[str, int] = {k: int(opts[k]) for k in ("minLength", "maxLength") if k in opts}
            if lengths:
                text = f"{c} has length {_length_text(lengths)}"
                out.append(_builtin("length-out-of-range", table, c, text, lengths))
        for j, rel in enumerate(prop.relationships or []):
            out.extend(self._relationship(table, c, rel, f"{where}.relationships[{j}]"))
        for j, q in enumerate(prop.quality or []):
            out.extend(self._quality(table, c, q, f"{where}.quality[{j}]"))
        return out

    def _relationship(self, table: str, column: str | None, rel: Relationship, where: str) -> list[Rule]:
        src = rel.from_ if rel.from_ is not None else (f"{table}.{column}" if column else None)
        dst = rel.to
        if src is None or dst is None:
            self.problem(where, "a relationship needs 'to' (and 'from' at schema level)")
            return []
        src_list = [src] if isinstance(src, str) else list(src)
        dst_list = [dst] if isinstance(dst, str) else list(dst)
        if len(src_list) != len(dst_list):
            self.problem(where, f"'from' has {len(src_list)} columns but 'to' has {len(dst_list)}")
            return []
        from_cols, to_cols, to_tables = [], [], set()
        for s, d in zip(src_list, dst_list, strict=True):
            st, _, sc = str(s).rpartition(".")
            dt_, _, dc = str(d).rpartition(".")
            if st and st != table:
                self.problem(f"{where}.from", f"'from' must name this table ({table}), not {st!r}")
            if not dt_ or not dc:
                self.problem(f"{where}.to", f"{d!r} is not '<table>.<column>'")
                return []
            from_cols.append(sc)
            to_cols.append(dc)
            to_tables.add(dt_)
        if len(to_tables) != 1:
            self.problem(f"{where}.to", "a composite relationship must point into one table")
            return []
        target = to_tables.pop()
        return [
            _builtin(
                "fk-missing",
                table,
                "+".join(from_cols),
                f"({', '.join(from_cols)}) references {target}({', '.join(to_cols)})",
                {"from": tuple(from_cols), "to_table": target, "to": tuple(to_cols)},
            )
        ]

    def _quality(self, table: str, column: str | None, q: DataQuality, where: str) -> list[Rule]:
        """The rules of one ODCS quality item: identity (severity, dimension, name, description) and threshold
        read here once, then the item's own form (library metric or newsframe custom rule)."""
        qtype = q.type or ("library" if q.metric or q.rule else "text")
        severity = str(q.severity or "error")
        if severity not in ("error", "warning"):
            self.problem(
                f"{where}.severity", f"newsframe understands severity 'error' or 'warning', not {severity!r}"
            )
            severity = "error"
        if q.dimension is not None and q.dimension not in DIMENSIONS:
            self.problem(f"{where}.dimension", f"{q.dimension!r} is not an ODCS dimension")
        if qtype == "text":
            return []
        if qtype == "sql":
            self.problem(
                f"{where}.type", "newsframe does not run 'sql' quality rules; use a custom or library rule"
            )
            return []
        # ODCS gives a library metric its threshold as item keys (mustBeLessThan, unit); a custom item
        # allows no other keys, so newsframe reads the same names from its customProperties.
        source = _custom_props(q.customProperties) if qtype == "custom" else q.model_dump()
        try:
            threshold = Threshold.decode({k: source.get(k) for k in (*THRESHOLD_KEYS, "unit")})
        except ValueError as exc:
            self.problem(f"{where}.customProperties" if qtype == "custom" else where, str(exc))
            return []
        name = str(q.name or "")
        spec = _QualitySpec(
            severity=cast(Severity, severity),
            dimension=q.dimension,
            name=name,
            description=str(q.description or name),
            threshold=threshold,
        )
        if qtype == "library":
            return self._library(table, column, q, where, spec)
        if qtype == "custom":
            return self._custom(table, column, q, where, spec)
        self.problem(f"{where}.type", f"unknown quality type {qtype!r}")
        return []

    def _library(
        self, table: str, column: str | None, q: DataQuality, where: str, spec: _QualitySpec
    ) -> list[Rule]:
        metric = q.metric or q.rule
        args = q.arguments or {}
        if metric == "invalidValues" and column is not None:
            if "validValues" in args:
                values = tuple(args["validValues"])
            elif "validValuesRef" in args:
                try:
                    ref_file = str(args["validValuesRef"]).partition("#")[0]
                    self.references.append(resolve_reference(ref_file, base=self.path.parent))
                    values = tuple(load_reference_values(str(args["validValuesRef"]), base=self.path.parent))
                except ValueError as exc:
                    self.problem(f"{where}.arguments.validValuesRef", str(exc))
                    return []
            elif "pattern" in args:
                pattern = str(args["pattern"])
                return [
                    spec.rule(
                        "pattern-mismatch", table, column, f"{column} matches {pattern}", {"pattern": pattern}
                    )
                ]
            else:
                self.problem(
                    f"{where}.arguments", "invalidValues needs validValues, validValuesRef or pattern"
                )
                return []
            ref = {"ref": args["validValuesRef"]} if "validValuesRef" in args else {}
            text = f"{column} is one of {_short(values)}"
            return [spec.rule("enum-value", table, column, text, {"values": values, **ref})]
        if metric == "nullValues" and column is not None:
            return [spec.rule("not-null", table, column, f"{column} is never null")]
        if metric == "duplicateValues" and column is not None:
            return [spec.rule("key-duplicate", table, column, f"{column} is unique", {"columns": (column,)})]
        self.problem(f"{where}.metric", f"newsframe does not support library metric {metric!r} here")
        return []

    def _custom(
        self, table: str, column: str | None, q: DataQuality, where: str, spec: _QualitySpec
    ) -> list[Rule]:
        impl: Any = q.implementation
        threshold_keys = {*THRESHOLD_KEYS, "unit"}
        params = {k: v for k, v in _custom_props(q.customProperties).items() if k not in threshold_keys}
        if isinstance(impl, Mapping):
            params = {**{k: v for k, v in impl.items() if k not in ("slug", "check")}, **params}
            impl = impl.get("slug") or impl.get("check")
        if q.engine != "newsframe":
            return []  # another vendor's rule: not ours to run
        if not isinstance(impl, str) or not impl:
            self.problem(f"{where}.implementation", "give the check slug as a string")
            return []
        if impl not in CUSTOM_KINDS:
            return [spec.factual(impl, table, column, params)]
        missing = [p for p in RULE_KINDS[impl].params if p not in params]
        if missing:
            self.problem(f"{where}.customProperties", f"{impl} needs parameter(s) {', '.join(missing)}")
            return []
        if impl == "cardinality-missing":
            to = str(params["to"])
            tt, _, tc = to.rpartition(".")
            if column is None or not tt:
                self.problem(where, "cardinality-missing goes on a property and needs to: <table>.<column>")
                return []
            text = f"every {table}.{column} appears in {to}"
            return [spec.rule(impl, table, column, text, {"from": (column,), "to_table": tt, "to": (tc,)})]
        col = column
        if impl == "pair-order":
            col = str(params["greater"])
        elif impl in ("prefix-mismatch", "reference-mismatch"):
            col = str(params["column"])
        elif impl == "null-island":
            col = "+".join(str(c) for c in params["columns"])
        if impl == "reference-mismatch":
            try:
                ref = resolve_reference(str(params["reference"]), base=self.path.parent)
            except ValueError as exc:
                self.problem(f"{where}.customProperties", f"reference {exc}")
                return []
            self.references.append(ref)
            if not ref.is_file():
                self.problem(f"{where}.customProperties", f"reference file {params['reference']} not found")
                return []
            params = {**params, "referencePath": str(ref)}
        return [spec.rule(impl, table, col, impl, params)]


def _builtin(
    slug: str, table: str, column: str | None, text: str, params: Mapping[str, Any] | None = None
) -> Rule:
    """A rule a contract implies (a property's type, nullability, key, options): its kind's defaults."""
    kind = RULE_KINDS[slug]
    return Rule(slug, table, column, kind.family, text, dimension=kind.dimension, params=dict(params or {}))


@dataclass(frozen=True)
class _QualitySpec:
    """What an ODCS quality item says of the rule(s) it declares, whatever their kind."""

    severity: Severity
    dimension: str | None
    name: str
    description: str
    threshold: Threshold

    def rule(
        self, slug: str, table: str, column: str | None, text: str, params: Mapping[str, Any] | None = None
    ) -> Rule:
        """A rule of a registered kind; the item's dimension, else the kind's."""
        kind = RULE_KINDS[slug]
        return Rule(
            slug,
            table,
            column,
            kind.family,
            self.description or text,
            self.severity,
            self.dimension or kind.dimension,
            dict(params or {}),
            self.name,
            self.threshold,
        )

    def factual(self, slug: str, table: str, column: str | None, params: Mapping[str, Any]) -> Rule:
        """A factual check: the item's dimension and description, else the check's registered ones."""
        from newsframe.checks import REGISTRY  # the checks register their own kinds

        check = REGISTRY.get(slug)
        dimension = self.dimension or (check.dimension if check is not None else "accuracy")
        text = self.description or (check.rule if check is not None else slug)
        return Rule(
            slug, table, column, "factual", text, self.severity, dimension, params, self.name, self.threshold
        )


def _short(values: Any, limit: int = 8) -> str:
    vals = [str(v) for v in values]
    return "{" + ", ".join(vals[:limit]) + (", ..." if len(vals) > limit else "") + "}"


def _length_text(b: Mapping[str, int]) -> str:
    if "minLength" in b and "maxLength" in b:
        return f"between {b['minLength']} and {b['maxLength']}"
    return f">= {b['minLength']}" if "minLength" in b else f"<= {b['maxLength']}"


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Read a YAML file (bounded: :mod:`newsframe.safeload`); problems name the line of a syntax error."""
    from newsframe.safeload import MAX_YAML_BYTES, load_yaml

    try:
        if path.stat().st_size > MAX_YAML_BYTES:
            return None, [Problem(path, "", f"the file is larger than {MAX_YAML_BYTES:,} bytes")]
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(path, "", f"cannot read: {exc}")]
    try:
        return load_yaml(text), []
    except ValueError as exc:
        return None, [Problem(path, "", str(exc))]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark is not None else ""
        return None, [Problem(path, line, f"not valid YAML: {getattr(exc, 'problem', exc)}")]


def parse_contract(path: Path) -> Contract:
    """Parse one contract file without the ODCS schema lint (see :func:`newsframe.contracts.lint`).

    Raises
    ------
    ContractError
        On the first problem found, naming the file and the field.
    """
    doc, problems = read_yaml(path)
    if problems:
        raise problems[0].error()
    if not isinstance(doc, Mapping):
        raise ContractError("a contract must be a YAML mapping", path=path)
    contract, problems = parse_document(path, doc)
    if problems:
        raise problems[0].error()
    assert contract is not None
    return contract


def odcs_model(path: Path, doc: Mapping[str, Any]) -> tuple[OpenDataContractStandard | None, list[Problem]]:
    """``doc`` read by the ODCS pydantic model, or the problems it found (each with its field path)."""
    from pydantic import ValidationError

    try:
        return OpenDataContractStandard.model_validate(dict(doc)), []
    except ValidationError as exc:
        return None, [Problem(path, _field(e["loc"]), e["msg"]) for e in exc.errors()]
    except TypeError as exc:
        return None, [Problem(path, "", str(exc))]


def _field(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_document(
    path: Path, doc: Mapping[str, Any] | OpenDataContractStandard
) -> tuple[Contract | None, list[Problem]]:
    """Parse a contract document (YAML data, or the ODCS model of it), returning the problems rather than raising."""
    if not isinstance(doc, OpenDataContractStandard):
        model, problems = odcs_model(path, doc)
        if model is None:
            return None, problems
        doc = model
    parser = _Parser(path, doc)
    contract = parser.parse()
    return contract, parser.problems
