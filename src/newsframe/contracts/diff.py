"""Compare two versions of the contracts: which changes break the people downstream, and which semver bump each needs.

:func:`diff_contracts` reads two folders (or two files) of ODCS v3 contracts
and classifies every difference between them. It works on the ODCS documents
themselves, not on an engine's compiled form, so it reads any valid ODCS
contract and stays stable while the engines change.

=====================  =================================================  ==========  =====
kind                   when                                               breaking    bump
=====================  =================================================  ==========  =====
table-removed          a table is no longer in the contracts              yes         major
column-removed         a column is no longer in the table                 yes         major
type-changed           ``logicalType`` or ``physicalType`` (as a dtype)   yes         major
required-added         an optional column becomes required                yes         major
column-added-required  a new column that must be present and non-null     yes         major
enum-narrowed          allowed values removed (``enum``, ``validValues``) yes         major
range-narrowed         a minimum raised, a maximum lowered, a new bound   yes         major
pattern-added          a new or changed ``pattern``                       yes         major
key-added              a new primary key, or its columns changed          yes         major
unique-added           ``unique: true`` added                             yes         major
relationship-added     a new foreign key                                  yes         major
rule-added             a new quality rule of severity error               yes         major
rule-changed           a rule's parameters changed, or warning → error    yes         major
strict-added           ``strict: true`` (extra columns now fail)          yes         major
table-required         ``requiredTable: true`` added                      yes         major
table-added            a new table                                        no          minor
column-added-optional  a new optional column                              no          minor
required-removed       a required column becomes optional                 no          minor
enum-widened           allowed values added                               no          minor
range-widened          a bound lowered, raised or dropped                 no          minor
pattern-removed        a ``pattern`` dropped                              no          minor
key-removed            a primary key dropped                              no          minor
unique-removed         ``unique`` dropped                                 no          minor
relationship-removed   a foreign key dropped                              no          minor
rule-removed           a quality rule dropped                             no          minor
rule-relaxed           a rule's severity lowered (error → warning)        no          minor
rule-added-warning     a new quality rule of severity warning             no          minor
strict-removed         extra columns now allowed                          no          minor
table-optional         ``requiredTable`` dropped                          no          minor
description-changed    descriptions, examples, tags, names for humans     no          patch
metadata-changed       any other field (status, domain, team...)          no          patch
=====================  =================================================  ==========  =====

"Breaking" is from the point of view of whoever writes tables to the
contract and whoever reads them: a breaking change can make tables that were
valid yesterday fail today, or remove something a reader relies on.

Each contract's ``version`` is semver. :meth:`ContractsDiff.version_problems`
says where the version did not move enough for the changes (a breaking change
needs a major bump, an addition a minor one, a description a patch).

Examples
--------
>>> old = {"version": "1.0.0", "schema": [{"name": "t", "properties": [
...     {"name": "a", "logicalType": "string", "required": False}]}]}
>>> new = {"version": "1.0.0", "schema": [{"name": "t", "properties": [
...     {"name": "a", "logicalType": "string", "required": True}]}]}
>>> d = diff_documents({"t": old}, {"t": new})
>>> [(c.kind, c.breaking, c.bump) for c in d.changes]
[('required-added', True, 'major')]
>>> d.version_problems()
['t: version 1.0.0 → 1.0.0, but the changes need a major bump (to 2.0.0)']
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from newsframe.errors import ContractError

__all__ = [
    "BUMPS",
    "Change",
    "ContractsDiff",
    "TableVersion",
    "diff_contracts",
    "diff_documents",
    "read_contract_documents",
]

Bump = Literal["none", "patch", "minor", "major"]
BUMPS: tuple[Bump, ...] = ("none", "patch", "minor", "major")
"""Semver bumps, weakest first."""

_BREAKING: dict[str, bool] = {
    "table-removed": True,
    "column-removed": True,
    "type-changed": True,
    "required-added": True,
    "column-added-required": True,
    "enum-narrowed": True,
    "range-narrowed": True,
    "pattern-added": True,
    "key-added": True,
    "unique-added": True,
    "relationship-added": True,
    "rule-added": True,
    "rule-changed": True,
    "strict-added": True,
    "table-required": True,
    "table-added": False,
    "column-added-optional": False,
    "required-removed": False,
    "enum-widened": False,
    "range-widened": False,
    "pattern-removed": False,
    "key-removed": False,
    "unique-removed": False,
    "relationship-removed": False,
    "rule-removed": False,
    "rule-relaxed": False,
    "rule-added-warning": False,
    "strict-removed": False,
    "table-optional": False,
    "description-changed": False,
    "metadata-changed": False,
}
"""Every kind of change, and whether it breaks."""

_PATCH_KINDS = frozenset({"description-changed", "metadata-changed"})
_HUMAN_KEYS = frozenset(
    {
        "description",
        "purpose",
        "usage",
        "limitations",
        "examples",
        "tags",
        "title",
        "businessName",
        "authoritativeDefinitions",
        "name",  # of a quality rule; rules are matched by position when unnamed
    }
)
_LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength")
_UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength")
_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$")


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new contracts.

    Parameters
    ----------
    table
        The table (schema object name).
    field
        The column, ``*`` for the table itself, or ``<column>.<rule>`` for a rule.
    kind
        What changed (``column-removed``, ``enum-widened``...; see the module table).
    detail
        The change in words, with the old and new values.
    """

    table: str
    field: str
    kind: str
    detail: str

    @property
    def breaking(self) -> bool:
        """True when the change can make valid tables fail or remove what a reader relies on."""
        return _BREAKING[self.kind]

    @property
    def bump(self) -> Bump:
        """The semver bump the change needs: ``major``, ``minor`` or ``patch``."""
        if self.breaking:
            return "major"
        return "patch" if self.kind in _PATCH_KINDS else "minor"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "table": self.table,
            "field": self.field,
            "kind": self.kind,
            "breaking": self.breaking,
            "bump": self.bump,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class TableVersion:
    """A table's contract version before and after, and the bump its changes need."""

    table: str
    old: str | None
    new: str | None
    required: Bump

    @property
    def actual(self) -> Bump | None:
        """The bump from ``old`` to ``new`` (``none`` when equal); None when either is not semver."""
        a, b = _semver(self.old), _semver(self.new)
        if a is None or b is None:
            return None
        if b[0] != a[0]:
            return "major"
        if b[1] != a[1]:
            return "minor"
        return "patch" if b[2] != a[2] else "none"

    @property
    def suggested(self) -> str | None:
        """The smallest new version the changes allow (``old`` bumped as required)."""
        a = _semver(self.old)
        if a is None:
            return None
        major, minor, patch = a
        if self.required == "major":
            return f"{major + 1}.0.0"
        if self.required == "minor":
            return f"{major}.{minor + 1}.0"
        if self.required == "patch":
            return f"{major}.{minor}.{patch + 1}"
        return self.old

    def problem(self) -> str | None:
        """Why the new version does not fit the changes, or None when it does."""
        if self.old is None or self.new is None:
            return None  # an added or removed table: no version to compare
        a, b = _semver(self.old), _semver(self.new)
        if b is None:
            return f"{self.table}: version {self.new!r} is not semver (MAJOR.MINOR.PATCH)"
        if a is None:
            return None  # the old version was not semver: nothing to hold the new one to
        if b < a:
            return f"{self.table}: version went backwards, {self.old} → {self.new}"
        actual = self.actual or "none"
        if BUMPS.index(actual) < BUMPS.index(self.required):
            return (
                f"{self.table}: version {self.old} → {self.new}, but the changes need a "
                f"{self.required} bump (to {self.suggested})"
            )
        return None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "table": self.table,
            "old": self.old,
            "new": self.new,
            "required_bump": self.required,
            "actual_bump": self.actual,
            "suggested": self.suggested,
            "ok": self.problem() is None,
        }


@dataclass
class ContractsDiff:
    """Every change between two sets of contracts, with the versions of each table."""

    changes: list[Change] = field(default_factory=list)
    versions: list[TableVersion] = field(default_factory=list)
    old_label: str = "old"
    new_label: str = "new"

    @property
    def breaking(self) -> list[Change]:
        """The breaking changes."""
        return [c for c in self.changes if c.breaking]

    @property
    def required_bump(self) -> Bump:
        """The largest bump any change needs (``none`` when nothing changed)."""
        return max((c.bump for c in self.changes), key=BUMPS.index, default="none")

    def version_problems(self) -> list[str]:
        """Tables whose ``version`` did not move as far as their changes need (empty when all fit)."""
        return [p for p in (v.problem() for v in self.versions) if p]

    def exit_code(self, *, fail_on: str = "breaking") -> int:
        """1 when the diff fails the gate: ``breaking`` (any breaking change or a version problem),
        ``version`` (only a version that did not move enough), ``never``; else 0."""
        if fail_on == "never":
            return 0
        if fail_on == "version":
            return 1 if self.version_problems() else 0
        return 1 if self.breaking or self.version_problems() else 0

    def to_dict(self) -> dict[str, Any]:
        """The diff as a JSON-ready document (``version`` is this document's schema version)."""
        return {
            "version": "1.0",
            "old": self.old_label,
            "new": self.new_label,
            "breaking": bool(self.breaking),
            "required_bump": self.required_bump,
            "summary": {
                "changes": len(self.changes),
                "breaking": len(self.breaking),
                "version_problems": len(self.version_problems()),
            },
            "changes": [c.to_dict() for c in self.changes],
            "versions": [v.to_dict() for v in self.versions],
            "version_problems": self.version_problems(),
        }

    def to_json(self) -> str:
        """The diff as JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_text(self) -> str:
        """A terminal summary, one line per change."""
        lines = [self._headline()]
        for c in self.changes:
            flag = "BREAKING" if c.breaking else c.bump
            lines.append(f"  {flag:<8} {c.kind:<22} {c.table}.{c.field}: {c.detail}")
        lines.extend(f"  VERSION  {p}" for p in self.version_problems())
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A PR comment: the headline, the changes and the versions (every data cell escaped)."""
        from newsframe.report.markdown import code, escape, table

        out = ["<!-- newsframe-contracts-diff -->", f"### {escape(self._headline())}", ""]
        if self.changes:
            out.append(
                table(
                    ["table", "field", "change", "breaking", "bump", "detail"],
                    [
                        [
                            code(c.table),
                            code(c.field),
                            code(c.kind),
                            "**yes**" if c.breaking else "no",
                            c.bump,
                            escape(c.detail),
                        ]
                        for c in self.changes
                    ],
                )
            )
            out.append("")
        rows = [v for v in self.versions if v.required != "none" or v.old != v.new]
        if rows:
            out.append("#### Versions")
            out.append("")
            out.append(
                table(
                    ["table", "old", "new", "needs", "verdict"],
                    [
                        [
                            code(v.table),
                            escape(v.old or "—"),
                            escape(v.new or "—"),
                            v.required,
                            "ok" if v.problem() is None else f"❌ {escape(v.problem())}",
                        ]
                        for v in rows
                    ],
                )
            )
            out.append("")
        return "\n".join(out)

    def _headline(self) -> str:
        if not self.changes:
            return f"contracts: no change between {self.old_label} and {self.new_label}"
        n, b = len(self.changes), len(self.breaking)
        verdict = f"{b} breaking" if b else "nothing breaking"
        problems = self.version_problems()
        tail = f"; {len(problems)} version problem(s)" if problems else ""
        return f"contracts: {n} change(s), {verdict} (needs a {self.required_bump} bump){tail}"


# ---------------------------------------------------------------------------------------------- reading


def _semver(text: str | None) -> tuple[int, int, int] | None:
    m = _SEMVER.match(str(text or "").strip())
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _read(path: Path) -> dict[str, Any]:
    from newsframe.contracts.model import read_yaml

    doc, problems = read_yaml(path)
    if problems:
        raise problems[0].error()
    if not isinstance(doc, Mapping) or not isinstance(doc.get("schema"), list):
        raise ContractError("not an ODCS contract: no 'schema' list", path=path)
    return dict(doc)


def read_contract_documents(path: Path) -> dict[str, dict[str, Any]]:
    """The ODCS documents of a file or of a folder's ``*.odcs.yaml``, keyed by table name.

    A document with several schema objects (several tables) appears once per table.

    Raises
    ------
    ContractError
        When the path is missing, holds no contract, or a file is not ODCS YAML.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(
            p for p in path.iterdir() if p.is_file() and p.name.endswith((".odcs.yaml", ".odcs.yml"))
        )
        if not files:
            raise ContractError("no *.odcs.yaml contract in this folder", path=path)
    elif path.is_file():
        files = [path]
    else:
        raise ContractError("no such contract file or folder", path=path)
    out: dict[str, dict[str, Any]] = {}
    for file in files:
        doc = _read(file)
        for i, obj in enumerate(doc["schema"]):
            if not isinstance(obj, Mapping) or not obj.get("name"):
                raise ContractError("a schema object needs a name", path=file, field=f"schema[{i}]")
            name = str(obj["name"])
            if name in out:
                raise ContractError(f"table {name!r} is in two contracts", path=file, field=f"schema[{i}]")
            out[name] = {**doc, "schema": [obj], "__path__": str(file)}
    return out


def diff_contracts(old: Path | str, new: Path | str) -> ContractsDiff:
    """Compare the contracts of two folders (or two files).

    Parameters
    ----------
    old, new
        A folder of ``*.odcs.yaml`` contracts, or one contract file each.

    Returns
    -------
    ContractsDiff
        Every change, classified, and the version of every table.

    Raises
    ------
    ContractError
        When either side cannot be read (exit code 2).

    Examples
    --------
    >>> from newsframe.assets import asset_dir
    >>> d = diff_contracts(asset_dir("contracts"), asset_dir("contracts"))
    >>> d.changes, d.version_problems()
    ([], [])
    """
    d = diff_documents(read_contract_documents(Path(old)), read_contract_documents(Path(new)))
    d.old_label, d.new_label = str(old), str(new)
    return d


def diff_documents(
    old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]
) -> ContractsDiff:
    """Compare two sets of ODCS documents keyed by table name (one schema object each)."""
    result = ContractsDiff()
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name), new.get(name)
        changes: list[Change] = []
        if after is None:
            changes.append(Change(name, "*", "table-removed", "the table's contract was removed"))
        elif before is None:
            changes.append(Change(name, "*", "table-added", "a new table"))
        else:
            base = Path(str(after.get("__path__", "."))).parent
            old_base = Path(str(before.get("__path__", "."))).parent
            changes.extend(_diff_table(name, _table(before, old_base), _table(after, base)))
            changes.extend(_diff_meta(name, before, after))
        result.changes.extend(changes)
        result.versions.append(
            TableVersion(
                name,
                str(before["version"]) if before is not None and "version" in before else None,
                str(after["version"]) if after is not None and "version" in after else None,
                max((c.bump for c in changes), key=BUMPS.index, default="none"),
            )
        )
    return result


# ---------------------------------------------------------------------------------------------- normal form


def _custom(items: Any) -> dict[str, Any]:
    if not isinstance(items, list):
        return {}
    return {str(i["property"]): i.get("value") for i in items if isinstance(i, Mapping) and "property" in i}


def _dtype(prop: Mapping[str, Any]) -> str:
    """The column's type as a comparable string: the Polars dtype when newsframe knows the name."""
    from newsframe.contracts.dtypes import LOGICAL_DEFAULTS, parse_physical_type, type_name

    physical = prop.get("physicalType")
    if physical:
        try:
            return type_name(parse_physical_type(str(physical)))
        except ValueError:
            return str(physical).strip().lower()
    logical = str(prop.get("logicalType") or "")
    if logical == "array":
        items = prop.get("items") or {}
        return f"List({_dtype(items) if items else 'String'})"
    return type_name(LOGICAL_DEFAULTS[logical]) if logical in LOGICAL_DEFAULTS else logical


def _values(args: Mapping[str, Any], base: Path) -> frozenset[str] | None:
    """The allowed values of an ``invalidValues`` rule (``validValues`` or a resolved ``validValuesRef``)."""
    if "validValues" in args:
        return frozenset(str(v) for v in args["validValues"] or ())
    if "validValuesRef" in args:
        from newsframe.contracts.model import load_reference_values

        try:
            return frozenset(load_reference_values(str(args["validValuesRef"]), base=base))
        except ValueError:
            return frozenset({f"<unreadable {args['validValuesRef']}>"})
    return None


def _rule(q: Mapping[str, Any], base: Path) -> dict[str, Any]:
    args = dict(q.get("arguments") or {})
    values = _values(args, base) if (q.get("metric") or q.get("rule")) == "invalidValues" else None
    if values is not None:
        args.pop("validValues", None)
        args.pop("validValuesRef", None)
    return {
        "what": str(q.get("implementation") or q.get("metric") or q.get("rule") or q.get("type") or "text"),
        "type": str(q.get("type") or ("library" if "metric" in q or "rule" in q else "text")),
        "engine": q.get("engine"),
        "severity": str(q.get("severity") or "error"),
        "values": values,
        "params": {
            **{k: v for k, v in q.items() if k in ("mustBe", "mustBeLessThan", "mustBeGreaterThan", "query")},
            **args,
            **_custom(q.get("customProperties")),
        },
        "human": {k: q.get(k) for k in ("description", "dimension", "name") if k in q},
    }


def _rules(items: Any, base: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for i, q in enumerate(items or []):
        if not isinstance(q, Mapping):
            continue
        rule = _rule(q, base)
        key = str(q.get("name") or f"{rule['what']}#{i}")
        out[key] = rule
    return out


def _relations(items: Any, table: str, column: str | None) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    out = set()
    for rel in items or []:
        if not isinstance(rel, Mapping) or "to" not in rel:
            continue
        src = rel.get("from", f"{table}.{column}")
        dst = rel["to"]
        out.add(
            (
                tuple([src] if isinstance(src, str) else map(str, src)),
                tuple([dst] if isinstance(dst, str) else map(str, dst)),
            )
        )
    return out


def _column(prop: Mapping[str, Any], table: str, base: Path) -> dict[str, Any]:
    opts = dict(prop.get("logicalTypeOptions") or {})
    enum = prop.get("enum")
    return {
        "logical": str(prop.get("logicalType") or ""),
        "dtype": _dtype(prop),
        "required": prop.get("required") is True or prop.get("primaryKey") is True,
        "pk": prop.get("primaryKeyPosition", 1) if prop.get("primaryKey") is True else None,
        "unique": prop.get("unique") is True,
        "enum": frozenset(str(e.get("value") if isinstance(e, Mapping) else e) for e in enum)
        if enum
        else None,
        "bounds": {k: opts[k] for k in (*_LOWER_BOUNDS, *_UPPER_BOUNDS) if k in opts},
        "pattern": opts.get("pattern"),
        "relations": _relations(prop.get("relationships"), table, str(prop.get("name"))),
        "rules": _rules(prop.get("quality"), base),
        "human": {k: prop.get(k) for k in _HUMAN_KEYS if k in prop},
        "other": {
            k: v
            for k, v in prop.items()
            if k
            not in {
                *_HUMAN_KEYS,
                "logicalType",
                "physicalType",
                "required",
                "primaryKey",
                "primaryKeyPosition",
                "unique",
                "enum",
                "logicalTypeOptions",
                "relationships",
                "quality",
                "items",
            }
        }
        | {
            "logicalTypeOptions": {
                k: v for k, v in opts.items() if k not in (*_LOWER_BOUNDS, *_UPPER_BOUNDS, "pattern")
            }
        },
    }


def _table(doc: Mapping[str, Any], base: Path) -> dict[str, Any]:
    obj = doc["schema"][0]
    name = str(obj["name"])
    cprops = _custom(obj.get("customProperties"))
    return {
        "columns": {
            str(p["name"]): _column(p, name, base)
            for p in obj.get("properties") or []
            if isinstance(p, Mapping) and p.get("name")
        },
        "relations": _relations(obj.get("relationships"), name, None),
        "rules": _rules(obj.get("quality"), base),
        "strict": cprops.get("strict") is True,
        "required_table": cprops.get("requiredTable") is True,
        "human": {k: obj.get(k) for k in _HUMAN_KEYS if k in obj},
        "other": {
            k: v
            for k, v in obj.items()
            if k not in {*_HUMAN_KEYS, "properties", "relationships", "quality", "customProperties"}
        }
        | {"customProperties": {k: v for k, v in cprops.items() if k not in ("strict", "requiredTable")}},
    }


# ---------------------------------------------------------------------------------------------- comparing


def _fmt(value: Any) -> str:
    if isinstance(value, frozenset | set):
        return "{" + ", ".join(sorted(map(str, value))) + "}"
    return json.dumps(value, default=str, sort_keys=True) if not isinstance(value, str) else value


def _diff_table(table: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    out: list[Change] = []
    for name in old["columns"]:
        if name not in new["columns"]:
            out.append(Change(table, name, "column-removed", f"column {name} was removed"))
    for name, col in new["columns"].items():
        before = old["columns"].get(name)
        if before is None:
            kind = "column-added-required" if col["required"] else "column-added-optional"
            out.append(
                Change(
                    table,
                    name,
                    kind,
                    f"new {'required' if col['required'] else 'optional'} column {name} ({col['dtype']})",
                )
            )
            continue
        out.extend(_diff_column(table, name, before, col))
    old_key = _key(old["columns"])
    new_key = _key(new["columns"])
    if old_key != new_key:
        if new_key:
            out.append(
                Change(
                    table,
                    "*",
                    "key-added",
                    f"primary key ({', '.join(old_key) or 'none'}) -> ({', '.join(new_key)})",
                )
            )
        else:
            out.append(Change(table, "*", "key-removed", f"primary key ({', '.join(old_key)}) was dropped"))
    out.extend(_diff_relations(table, "*", old["relations"], new["relations"]))
    out.extend(_diff_rules(table, "*", old["rules"], new["rules"]))
    for flag, label, added, removed in (
        ("strict", "strict", "strict-added", "strict-removed"),
        ("required_table", "requiredTable", "table-required", "table-optional"),
    ):
        if old[flag] != new[flag]:
            kind = added if new[flag] else removed
            out.append(Change(table, "*", kind, f"{label}: {old[flag]} → {new[flag]}"))
    out.extend(_diff_human(table, "*", old["human"], new["human"]))
    out.extend(_diff_other(table, "*", old["other"], new["other"]))
    return out


def _key(columns: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
    keyed = [(c["pk"], n) for n, c in columns.items() if c["pk"] is not None]
    return tuple(n for _, n in sorted(keyed))


def _diff_column(table: str, name: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    out: list[Change] = []
    if (old["logical"], old["dtype"]) != (new["logical"], new["dtype"]):
        out.append(
            Change(
                table,
                name,
                "type-changed",
                f"type {old['logical']}/{old['dtype']} → {new['logical']}/{new['dtype']}",
            )
        )
    if old["required"] != new["required"]:
        kind = "required-added" if new["required"] else "required-removed"
        out.append(Change(table, name, kind, f"required: {old['required']} → {new['required']}"))
    if old["unique"] != new["unique"]:
        out.append(
            Change(
                table,
                name,
                "unique-added" if new["unique"] else "unique-removed",
                f"unique: {old['unique']} → {new['unique']}",
            )
        )
    out.extend(_diff_values(table, name, "enum", old["enum"], new["enum"]))
    out.extend(_diff_bounds(table, name, old["bounds"], new["bounds"]))
    if old["pattern"] != new["pattern"]:
        kind = "pattern-removed" if new["pattern"] is None else "pattern-added"
        out.append(Change(table, name, kind, f"pattern {old['pattern']!r} → {new['pattern']!r}"))
    out.extend(_diff_relations(table, name, old["relations"], new["relations"]))
    out.extend(_diff_rules(table, name, old["rules"], new["rules"]))
    out.extend(_diff_human(table, name, old["human"], new["human"]))
    out.extend(_diff_other(table, name, old["other"], new["other"]))
    return out


def _diff_values(
    table: str, where: str, what: str, old: frozenset[str] | None, new: frozenset[str] | None
) -> list[Change]:
    if old == new:
        return []
    if new is None:
        return [
            Change(
                table, where, "enum-widened", f"{what}: no longer restricted (was {len(old or ())} values)"
            )
        ]
    if old is None:
        return [Change(table, where, "enum-narrowed", f"{what}: now restricted to {_fmt(new)}")]
    out = []
    if old - new:
        out.append(Change(table, where, "enum-narrowed", f"{what}: values removed {_fmt(old - new)}"))
    if new - old:
        out.append(Change(table, where, "enum-widened", f"{what}: values added {_fmt(new - old)}"))
    return out


def _diff_bounds(table: str, name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    out = []
    for key in (*_LOWER_BOUNDS, *_UPPER_BOUNDS):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        lower = key in _LOWER_BOUNDS
        if b is None:
            narrowed = False
        elif a is None:
            narrowed = True
        else:
            try:
                narrowed = float(b) > float(a) if lower else float(b) < float(a)
            except (TypeError, ValueError):
                narrowed = True
        kind = "range-narrowed" if narrowed else "range-widened"
        out.append(
            Change(
                table,
                name,
                kind,
                f"{key}: {_fmt(a) if a is not None else 'none'} → {_fmt(b) if b is not None else 'none'}",
            )
        )
    return out


def _rel_text(rel: tuple[tuple[str, ...], tuple[str, ...]]) -> str:
    return f"({', '.join(rel[0])}) -> ({', '.join(rel[1])})"


def _diff_relations(table: str, where: str, old: set[Any], new: set[Any]) -> list[Change]:
    out = [
        Change(table, where, "relationship-removed", f"foreign key {_rel_text(r)} dropped")
        for r in sorted(old - new)
    ]
    out += [
        Change(table, where, "relationship-added", f"new foreign key {_rel_text(r)}")
        for r in sorted(new - old)
    ]
    return out


def _diff_rules(
    table: str, where: str, old: Mapping[str, dict[str, Any]], new: Mapping[str, dict[str, Any]]
) -> list[Change]:
    out: list[Change] = []
    for key, rule in old.items():
        if key not in new:
            out.append(
                Change(
                    table,
                    f"{where}.{key}" if where != "*" else key,
                    "rule-removed",
                    f"rule {key} ({rule['what']}) dropped",
                )
            )
    for key, rule in new.items():
        at = f"{where}.{key}" if where != "*" else key
        before = old.get(key)
        if before is None:
            if rule["type"] == "text":
                out.append(Change(table, at, "description-changed", f"new text rule {key}"))
            elif rule["severity"] == "warning":
                out.append(
                    Change(table, at, "rule-added-warning", f"new warning rule {key} ({rule['what']})")
                )
            else:
                out.append(Change(table, at, "rule-added", f"new rule {key} ({rule['what']})"))
            continue
        out.extend(_diff_values(table, at, "validValues", before["values"], rule["values"]))
        if (before["what"], before["type"], before["engine"], before["params"]) != (
            rule["what"],
            rule["type"],
            rule["engine"],
            rule["params"],
        ):
            changed = sorted(
                k
                for k in {*before["params"], *rule["params"]}
                if before["params"].get(k) != rule["params"].get(k)
            )
            what = f"parameters {', '.join(changed)}" if changed else f"{before['what']} → {rule['what']}"
            detail = "; ".join(
                f"{k}: {_fmt(before['params'].get(k))} → {_fmt(rule['params'].get(k))}" for k in changed
            )
            out.append(
                Change(
                    table,
                    at,
                    "rule-changed",
                    f"rule {key}: {what} changed" + (f" ({detail})" if detail else ""),
                )
            )
        if before["severity"] != rule["severity"]:
            kind = "rule-changed" if rule["severity"] == "error" else "rule-relaxed"
            out.append(
                Change(table, at, kind, f"rule {key}: severity {before['severity']} → {rule['severity']}")
            )
        out.extend(_diff_human(table, at, before["human"], rule["human"]))
    return out


def _diff_human(table: str, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    keys = sorted(k for k in {*old, *new} if old.get(k) != new.get(k))
    return [Change(table, where, "description-changed", f"{', '.join(keys)} changed")] if keys else []


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    return {prefix: value}


def _diff_other(table: str, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    a, b = _flatten(old), _flatten(new)
    keys = sorted(
        k
        for k in {*a, *b}
        if a.get(k) != b.get(k) and not (a.get(k) in (None, {}) and b.get(k) in (None, {}))
    )
    if not keys:
        return []
    detail = "; ".join(f"{k}: {_fmt(a.get(k))} → {_fmt(b.get(k))}" for k in keys)
    return [Change(table, where, "metadata-changed", detail)]


def _diff_meta(table: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """The document-level fields (everything but the schema and the version)."""
    skip = {"schema", "version", "__path__"}
    human = (
        {k: old[k] for k in ("description", "tags") if k in old},
        {k: new[k] for k in ("description", "tags") if k in new},
    )
    out = _diff_human(table, "*", *human)
    rest = (
        {k: v for k, v in old.items() if k not in skip | {"description", "tags"}},
        {k: v for k, v in new.items() if k not in skip | {"description", "tags"}},
    )
    out.extend(_diff_other(table, "*", *rest))
    return out
