"""Pandera (Polars backend) compiled from the contracts: one fault per rule kind, the exact rows flagged."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from newsframe.contracts import load_contracts
from newsframe.contracts.pandera_engine import compile_schema, run_pandera
from newsframe.results import CheckResult

CONTRACTS = load_contracts()


def _failed(results: list[CheckResult]) -> dict[str, CheckResult]:
    return {r.id: r for r in results if r.status != "passed"}


def _set(frame: pl.DataFrame, row: int, **values: object) -> pl.DataFrame:
    idx = pl.int_range(pl.len()) == row
    return frame.with_columns(
        [
            pl.when(idx).then(pl.lit(v, dtype=frame.schema[c])).otherwise(pl.col(c)).alias(c)
            for c, v in values.items()
        ]
    )


def test_valid_tables_pass_every_rule(tables: dict[str, pl.DataFrame]) -> None:
    for name, frame in tables.items():
        results = run_pandera(CONTRACTS[name], frame)
        assert results and all(r.status == "passed" for r in results), _failed(results)
        assert all(r.engine == "pandera" for r in results)


def test_compiles_dtypes_nulls_keys_and_value_checks() -> None:
    compiled = compile_schema(CONTRACTS["sentences"])
    schema = compiled.schema
    assert schema.unique == ["doc_id", "sentence_id"]
    assert str(schema.columns["start"].dtype) == "Int64"
    assert not schema.columns["text"].nullable
    assert [c.name for c in compiled.schema.columns["start"].checks] == ["greater_than_or_equal_to"]
    events = compile_schema(CONTRACTS["events"]).schema
    assert events.columns["event_id"].unique
    assert events.columns["target_actor_id"].nullable


@pytest.mark.parametrize(
    ("table", "row", "values", "rule_id", "sample_key"),
    [
        ("mentions", 1, {"label": "PER"}, "mentions.label.enum-value", {"mention_id": "m1", "label": "PER"}),
        ("events", 0, {"event_type": "DEMAND"}, "events.event_type.enum-value", {"event_id": "e1"}),
        ("events", 1, {"modality": "maybe"}, "events.modality.enum-value", {"event_id": "e2"}),
        (
            "actors",
            2,
            {"country": "chn"},
            "actors.country.pattern-mismatch",
            {"actor_id": "a_chn", "country": "chn"},
        ),
        ("actors", 0, {"name": None}, "actors.name.not-null", {"actor_id": "a_biden"}),
        (
            "events",
            1,
            {"quantity": -1.0},
            "events.quantity.out-of-range",
            {"event_id": "e2", "quantity": -1.0},
        ),
        ("document_topics", 0, {"score": 1.5}, "document_topics.score.out-of-range", {"score": 1.5}),
        ("mentions", 0, {"text": ""}, "mentions.text.length-out-of-range", {"mention_id": "m0"}),
        ("documents", 0, {"text_sha256": "XYZ"}, "documents.text_sha256.pattern-mismatch", {"doc_id": "d1"}),
        ("mentions", 2, {"end": 0}, "mentions.end.pair-order", {"mention_id": "m2", "end": 0}),
        ("sentences", 1, {"start": 200}, "sentences.end.pair-order", {"doc_id": "d1", "sentence_id": 1}),
        ("events", 0, {"date_end": dt.date(2024, 4, 1)}, "events.date_end.pair-order", {"event_id": "e1"}),
        ("rejects", 0, {"line": 0}, "rejects.line.out-of-range", {"line": 0}),
    ],
)
def test_one_fault_one_failure(
    tables: dict[str, pl.DataFrame],
    table: str,
    row: int,
    values: dict[str, object],
    rule_id: str,
    sample_key: dict[str, object],
) -> None:
    frame = _set(tables[table], row, **values)
    failed = _failed(run_pandera(CONTRACTS[table], frame))
    assert list(failed) == [rule_id]
    result = failed[rule_id]
    assert (result.status, result.failing_rows, result.total_rows) == ("failed", 1, frame.height)
    (sample,) = result.sample
    assert sample["row"] == row
    assert sample_key.items() <= sample.items()


def test_key_duplicates_count_every_copy(tables: dict[str, pl.DataFrame]) -> None:
    mentions = _set(tables["mentions"], 3, mention_id="m0")
    failed = _failed(run_pandera(CONTRACTS["mentions"], mentions))
    assert failed["mentions.mention_id.key-duplicate"].failing_rows == 2
    assert [s["row"] for s in failed["mentions.mention_id.key-duplicate"].sample] == [0, 3]
    sentences = pl.concat([tables["sentences"], tables["sentences"].head(1)])
    failed = _failed(run_pandera(CONTRACTS["sentences"], sentences))
    composite = failed["sentences.doc_id+sentence_id.key-duplicate"]
    assert composite.failing_rows == 2 and composite.dimension == "uniqueness"
    assert [(s["row"], s["doc_id"], s["sentence_id"]) for s in composite.sample] == [
        (0, "d1", 0),
        (2, "d1", 0),
    ]


def test_missing_column_is_a_failure_not_a_crash(tables: dict[str, pl.DataFrame]) -> None:
    events = tables["events"].drop("modality", "trigger_end")
    failed = _failed(run_pandera(CONTRACTS["events"], events))
    missing = {r.column for r in failed.values() if r.slug == "schema-column-missing"}
    assert missing == {"modality", "trigger_end"}
    assert all(r.failing_rows == events.height for r in failed.values() if r.slug == "schema-column-missing")
    # the rules on the absent columns are skipped with the reason, the others still ran
    assert failed["events.modality.enum-value"].status == "skipped"
    assert "modality is missing" in failed["events.modality.enum-value"].message
    assert failed["events.trigger_end.pair-order"].status == "skipped"
    assert {r.status for r in failed.values()} == {"failed", "skipped"}


def test_wrong_dtype_is_reported_and_its_value_checks_skipped(tables: dict[str, pl.DataFrame]) -> None:
    sentences = tables["sentences"].with_columns(pl.col("start").cast(pl.String))
    failed = _failed(run_pandera(CONTRACTS["sentences"], sentences))
    dtype = failed["sentences.start.dtype-mismatch"]
    assert (
        dtype.status == "failed"
        and dtype.sample[0]["found"] == "String"
        and dtype.sample[0]["expected"] == "Int64"
    )
    assert failed["sentences.start.out-of-range"].status == "skipped"


def test_extra_columns_allowed_unless_strict(tables: dict[str, pl.DataFrame]) -> None:
    topics = tables["topics"].with_columns(pl.lit("x").alias("note"))
    assert not _failed(run_pandera(CONTRACTS["topics"], topics))
    strict = CONTRACTS["topics"]
    from dataclasses import replace

    from newsframe.contracts.model import Rule

    strict = replace(
        strict,
        strict=True,
        rules=[Rule("schema-column-extra", "topics", None, "schema", "no extra"), *strict.rules],
    )
    failed = _failed(run_pandera(strict, topics))
    assert failed["topics.*.schema-column-extra"].sample == [{"column": "note"}]


def test_sample_size_caps_the_sample_not_the_count(tables: dict[str, pl.DataFrame]) -> None:
    mentions = tables["mentions"].with_columns(pl.lit("XX").alias("label"))
    (result,) = _failed(run_pandera(CONTRACTS["mentions"], mentions, sample_size=2)).values()
    assert result.failing_rows == 4 and len(result.sample) == 2
