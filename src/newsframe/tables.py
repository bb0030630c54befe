"""The v1 table contract: table names, columns, dtypes and keys, defined once.

This module is the producer's view of the public tables: what the pipeline
writes, with the Polars dtypes it writes them in. The ODCS contracts under
``contracts/`` are the validator's view; ``tests/contracts/test_tables_agree.py`` asserts that
the two agree column for column.

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
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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
]

MENTION_LABELS: tuple[str, ...] = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
"""Mention labels (OntoNotes names, restricted to actor-bearing types)."""

ACTOR_TYPES: tuple[str, ...] = MENTION_LABELS
"""Actor types use the same vocabulary as mention labels."""

DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year")
MODALITIES: tuple[str, ...] = ("asserted", "future", "hypothetical", "negated")

_STR = pl.String()
_INT = pl.Int64()
_DATE = pl.Date()
_FLOAT = pl.Float64()


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
    """

    name: str
    columns: Mapping[str, pl.DataType]
    key: tuple[str, ...] = ()
    nullable: frozenset[str] = field(default_factory=frozenset)

    @property
    def schema(self) -> pl.Schema:
        """The Polars schema of the table."""
        return pl.Schema(dict(self.columns))


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "documents",
            {
                "doc_id": _STR,
                "title": _STR,
                "source": _STR,
                "url": _STR,
                "published_at": _DATE,
                "language": _STR,
                "text": _STR,
                "text_sha256": _STR,
            },
            key=("doc_id",),
            nullable=frozenset({"title", "source", "url", "published_at"}),
        ),
        TableSpec(
            "sentences",
            {"doc_id": _STR, "sentence_id": _INT, "start": _INT, "end": _INT, "text": _STR},
            key=("doc_id", "sentence_id"),
        ),
        TableSpec(
            "mentions",
            {
                "mention_id": _STR,
                "doc_id": _STR,
                "sentence_id": _INT,
                "start": _INT,
                "end": _INT,
                "text": _STR,
                "label": _STR,
                "actor_id": _STR,
            },
            key=("mention_id",),
            nullable=frozenset({"actor_id"}),
        ),
        TableSpec(
            "actors",
            {
                "actor_id": _STR,
                "name": _STR,
                "type": _STR,
                "country": _STR,
                "role": _STR,
                "sector": _STR,
                "aliases": pl.List(_STR),
            },
            key=("actor_id",),
            nullable=frozenset({"country", "role", "sector"}),
        ),
        TableSpec(
            "events",
            {
                "event_id": _STR,
                "doc_id": _STR,
                "sentence_id": _INT,
                "event_type": _STR,
                "source_actor_id": _STR,
                "target_actor_id": _STR,
                "trigger": _STR,
                "trigger_start": _INT,
                "trigger_end": _INT,
                "quantity": _FLOAT,
                "date_text": _STR,
                "date_start": _DATE,
                "date_end": _DATE,
                "date_precision": _STR,
                "modality": _STR,
            },
            key=("event_id",),
            nullable=frozenset(
                {"target_actor_id", "quantity", "date_text", "date_start", "date_end", "date_precision"}
            ),
        ),
        TableSpec(
            "topics",
            {"topic_id": _STR, "label": _STR, "parent_id": _STR},
            key=("topic_id",),
            nullable=frozenset({"parent_id"}),
        ),
        TableSpec(
            "document_topics",
            {
                "doc_id": _STR,
                "topic_id": _STR,
                "score": _FLOAT,
                "evidence_start": _INT,
                "evidence_end": _INT,
            },
        ),
        TableSpec(
            "rejects",
            {"source_file": _STR, "line": _INT, "doc_id": _STR, "reason": _STR},
            nullable=frozenset({"line", "doc_id"}),
        ),
    )
}

TABLE_ORDER: tuple[str, ...] = tuple(TABLES)


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
