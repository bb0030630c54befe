"""The v1 table definitions: conform() orders, casts, fills and keeps extras."""

from __future__ import annotations

import polars as pl

from newsframe.tables import TABLES, conform, empty


def test_every_key_column_exists_and_is_not_nullable() -> None:
    for spec in TABLES.values():
        assert set(spec.key) <= set(spec.columns), spec.name
        assert not (set(spec.key) & spec.nullable), spec.name
        assert spec.nullable <= set(spec.columns), spec.name


def test_conform_orders_casts_fills_and_keeps_extras() -> None:
    frame = conform(
        "sentences", [{"text": "Hi.", "end": 3, "start": 0, "sentence_id": 0, "doc_id": "d", "extra": 1}]
    )
    assert frame.columns == ["doc_id", "sentence_id", "start", "end", "text", "extra"]
    assert frame.schema["start"] == pl.Int64
    filled = conform("mentions", [{"mention_id": "m"}])
    assert filled["actor_id"].to_list() == [None]
    assert filled.schema["actor_id"] == pl.String


def test_empty_tables_have_public_schema() -> None:
    for name, spec in TABLES.items():
        assert empty(name).schema == spec.schema
        assert conform(name, []).schema == spec.schema
