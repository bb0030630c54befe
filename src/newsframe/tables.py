"""The v1 tables: names, columns, dtypes, keys and nullability, generated from ``contracts/``.

The ODCS contracts under ``contracts/`` (``<table>.odcs.yaml``) are the one
definition of every table: this module reads the built-in contracts once, at
import, and exposes them in the producer's terms (:data:`TABLES`, a
:class:`TableSpec` per table, and the vocabularies of the enum columns), so
that adding a column or changing a dtype is one edit, in the contract. Only the
order in which the pipeline writes the tables (:data:`TABLE_ORDER`) is kept here.

Offsets (``start``/``end``, ``trigger_start``/``trigger_end``,
``evidence_start``/``evidence_end``) are character offsets into
``documents.text`` (Python string indices), end exclusive, so that
``text[start:end]`` is the span.

Examples
--------
>>> from newsframe.tables import TABLES, empty
>>> TABLES["events"].key
('event_id',)
>>> empty("sentences").columns
['doc_id', 'sentence_id', 'start', 'end', 'text']
>>> MODALITIES
('asserted', 'future', 'hypothetical', 'negated')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

__all__ = [
    "ACTOR_TYPES",
    "DATE_PRECISIONS",
    "MENTION_LABELS",
    "MODALITIES",
    "TABLES",
    "TABLE_ORDER",
    "TableSpec",
    "conform",
    "empty",
    "specs_from_contracts",
]

TABLE_ORDER: tuple[str, ...] = (
    "documents",
    "sentences",
    "mentions",
    "actors",
    "events",
    "topics",
    "document_topics",
    "rejects",
)
"""The v1 tables, in the order the pipeline writes and reports them (each has a contract)."""


@dataclass(frozen=True)
class TableSpec:
    """One v1 table: its columns in order, their dtypes, key and nullable columns.

    Parameters
    ----------
    name
        Table name, also the Parquet file stem (``out/tables/<name>.parquet``).
    columns
        Column name to Polars dtype, in the public order.
    key
        Columns that together identify a row; empty for tables with no key.
    nullable
        Columns that may hold nulls.
    enums
        Column name to its allowed values, for the columns whose contract gives them.
    """

    name: str
    columns: Mapping[str, pl.DataType]
    key: tuple[str, ...] = ()
    nullable: frozenset[str] = field(default_factory=frozenset)
    enums: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)

    @property
    def schema(self) -> pl.Schema:
        """The Polars schema of the table."""
        return pl.Schema(dict(self.columns))


def specs_from_contracts(
    directory: Path | None = None, *, order: tuple[str, ...] = TABLE_ORDER
) -> dict[str, TableSpec]:
    """The :class:`TableSpec` of every table in ``order`` from the contracts of ``directory`` (default:
    the built-in ``contracts/``): columns and dtypes in contract order, primary key, nullability
    (not ``required``), and the values of each column's enum rule.

    Raises
    ------
    ContractError
        When a table of ``order`` has no contract there, or a contract does not parse.
    """
    from newsframe.contracts.model import parse_contract
    from newsframe.errors import ContractError

    if directory is None:
        from newsframe.assets import asset_dir

        directory = asset_dir("contracts")
    out: dict[str, TableSpec] = {}
    for name in order:
        path = Path(directory) / f"{name}.odcs.yaml"
        if not path.is_file():
            raise ContractError(f"the v1 table {name!r} has no contract", path=path)
        contract = parse_contract(path)
        enums = {
            str(r.column): tuple(r.params["values"])
            for r in contract.rules
            if r.slug == "enum-value" and r.column in contract.columns
        }
        out[name] = TableSpec(
            name,
            contract.dtypes,
            key=contract.key,
            nullable=frozenset(c for c, col in contract.columns.items() if not col.required),
            enums=enums,
        )
    return out


TABLES: dict[str, TableSpec] = specs_from_contracts()
"""Every v1 table by name, from the built-in contracts."""

MENTION_LABELS: tuple[str, ...] = tuple(TABLES["mentions"].enums["label"])
"""Mention labels (OntoNotes names, restricted to actor-bearing types): ``mentions.label``'s enum."""

ACTOR_TYPES: tuple[str, ...] = tuple(TABLES["actors"].enums["type"])
"""Actor types: ``actors.type``'s enum (the mention labels' vocabulary)."""

DATE_PRECISIONS: tuple[str, ...] = tuple(TABLES["events"].enums["date_precision"])
MODALITIES: tuple[str, ...] = tuple(TABLES["events"].enums["modality"])


def empty(name: str) -> pl.DataFrame:
    """Return an empty DataFrame with the public columns and dtypes of table ``name``.

    Examples
    --------
    >>> empty("topics").schema
    Schema([('topic_id', String), ('label', String), ('parent_id', String)])
    """
    return pl.DataFrame(schema=TABLES[name].schema)


def conform(name: str, rows: list[dict[str, Any]] | pl.DataFrame) -> pl.DataFrame:
    """Build table ``name`` from rows, in the public column order and dtypes.

    Public columns come first, in order; extra columns a producer added are kept
    after them. Missing public columns are filled with nulls.

    Examples
    --------
    >>> conform("topics", [{"topic_id": "medtop:11000000", "label": "politics"}]).row(0)
    ('medtop:11000000', 'politics', None)
    """
    spec = TABLES[name]
    if isinstance(rows, pl.DataFrame):
        frame = rows
    elif rows:
        frame = pl.DataFrame(rows, infer_schema_length=None)
    else:
        return empty(name)
    exprs = [
        (pl.col(col).cast(dtype) if col in frame.columns else pl.lit(None, dtype=dtype)).alias(col)
        for col, dtype in spec.columns.items()
    ]
    extras = [pl.col(c) for c in frame.columns if c not in spec.columns]
    return frame.select(*exprs, *extras)
