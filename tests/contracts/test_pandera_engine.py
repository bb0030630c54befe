"""Pandera (Polars backend) compiled from the contracts: one fault per rule kind, the exact rows flagged."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import polars as pl
import pytest

from newsframe.contracts import load_contracts
from newsframe.contracts.model import Contract, Rule
from newsframe.contracts.pandera_engine import FUSED_CHECK, compile_schema, run_pandera
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


# --- the fused compilation (what run_pandera validates with) against one Pandera check per rule


def _outcomes(results: list[CheckResult]) -> list[str]:
    """Everything a result says, as text (NaN in a sample compares equal to itself)."""
    return [
        repr((r.id, r.status, r.engine, r.failing_rows, r.total_rows, r.sample, r.message)) for r in results
    ]


def _edge_events(events: pl.DataFrame) -> pl.DataFrame:
    """Twelve events with nulls, NaN, infinities, bounds, empty strings and duplicated keys."""
    n = 12
    return pl.concat([events.head(1)] * n).with_columns(
        pl.Series("event_id", [f"e{i}" for i in range(n - 2)] + ["e0", "e1"]),
        pl.Series("sentence_id", [0, -1, None, 3, 0, -5, 1, 2, 0, 0, 0, 7], dtype=pl.Int64),
        pl.Series("event_type", ["CONSULT", "DEMAND", None] + ["AID"] * 9),
        pl.Series(
            "quantity",
            [None, float("nan"), float("inf"), float("-inf"), 0.0, -0.0, 5.0, 10.0, 10.5, -1.0, 3.0, 1e-9],
        ),
        pl.Series("trigger", [None, "", "m", "me", "met", "meet", "xm", "M", "ém", "mét", "a\nb", "mm"]),
        pl.Series("trigger_start", [0, 5, None, 3, 2, 2, 0, 9, 1, 1, 1, 1], dtype=pl.Int64),
        pl.Series("trigger_end", [1, 5, 4, None, 1, 3, -1, 10, 2, 2, 2, 2], dtype=pl.Int64),
        pl.Series(
            "date_end",
            [None, dt.date(2024, 1, 1), dt.date(2023, 1, 1)] + [dt.date(2024, 4, 2)] * 9,
        ),
        pl.Series("modality", ["asserted", "maybe", None] + ["future"] * 9),
    )


def _with_rules(table: str, *extra: Rule) -> Contract:
    return replace(CONTRACTS[table], rules=[*CONTRACTS[table].rules, *extra])


def test_fused_schema_is_one_check_and_keeps_dtypes_nulls_and_keys() -> None:
    contract = CONTRACTS["events"]
    compiled = compile_schema(contract, fused=True)
    schema = compiled.schema
    assert not schema.checks and compiled.fused_column == "event_id"
    assert {name: [c.name for c in col.checks] for name, col in schema.columns.items() if col.checks} == {
        "event_id": [FUSED_CHECK]
    }
    # on a frame without the first column, the check goes on the next one the frame holds
    frame_schema = {n: c.dtype for n, c in contract.columns.items() if n != "event_id"}
    assert compile_schema(contract, frame_schema=frame_schema, fused=True).fused_column == "doc_id"
    assert schema.columns["event_id"].unique and not schema.columns["event_id"].nullable
    assert str(schema.columns["trigger_start"].dtype) == "Int64"
    value_rules = [r for r in contract.rules_of("column") if r.slug not in ("not-null", "key-duplicate")]
    assert [r for r, _ in compiled.fused] == value_rules + contract.rules_of("frame")
    assert compile_schema(CONTRACTS["sentences"], fused=True).schema.unique == ["doc_id", "sentence_id"]


def test_fused_and_per_rule_checks_agree_on_edge_values(tables: dict[str, pl.DataFrame]) -> None:
    events = _edge_events(tables["events"])
    contract = _with_rules(
        "events",
        *[
            Rule("out-of-range", "events", "quantity", "column", "q", params=params)
            for params in (
                {"minimum": 0, "maximum": 10},
                {"exclusiveMinimum": 0},
                {"exclusiveMaximum": 5},
                {"minimum": 0, "exclusiveMaximum": 10},
                {"maximum": 3},
            )
        ],
        Rule(
            "length-out-of-range", "events", "trigger", "column", "t", params={"minLength": 2, "maxLength": 3}
        ),
        Rule("length-out-of-range", "events", "trigger", "column", "t", params={"maxLength": 2}),
        Rule("pattern-mismatch", "events", "trigger", "column", "t", params={"pattern": "m"}),
        Rule("pattern-mismatch", "events", "trigger", "column", "t", params={"pattern": "^[a-z]+$"}),
    )
    fused = run_pandera(contract, events, sample_size=3)
    assert _outcomes(fused) == _outcomes(run_pandera(contract, events, sample_size=3, fused=False))
    counts = {(r.id, r.rule, str(r.sample[:1])): r.failing_rows for r in fused if r.failed}
    assert len(counts) >= 12  # most rules break somewhere: the comparison above is not vacuous
    by_id = {r.id: r for r in fused}
    assert by_id["events.event_id.key-duplicate"].failing_rows == 4
    assert by_id["events.sentence_id.out-of-range"].failing_rows == 2
    assert by_id["events.trigger_end.pair-order"].failing_rows == 3  # 5 after 5, 1 after 2, -1 after 0
    assert by_id["events.date_end.pair-order"].failing_rows == 2  # both end before 2024-04-02


def test_fused_and_per_rule_checks_agree_on_every_table_and_fault(tables: dict[str, pl.DataFrame]) -> None:
    faults = {
        "mentions": {"label": "PER", "text": "", "end": 0},
        "actors": {"country": "chn", "name": "", "type": "BANK"},
        "documents": {"text_sha256": "XYZ"},
        "sentences": {"start": 200},
        "document_topics": {"score": 1.5, "evidence_end": 0},
        "rejects": {"line": 0},
        "events": {"event_type": "DEMAND", "modality": "maybe", "quantity": -1.0},
    }
    for name, frame in tables.items():
        for broken in (frame, _set(frame, 0, **faults.get(name, {}))):
            fused = run_pandera(CONTRACTS[name], broken)
            assert _outcomes(fused) == _outcomes(run_pandera(CONTRACTS[name], broken, fused=False)), name
            if broken is not frame and name in faults:
                assert any(r.failed for r in fused), name


def test_a_rule_that_cannot_run_is_an_error_of_that_rule_only(tables: dict[str, pl.DataFrame]) -> None:
    # a look-ahead: Python's re accepts it (Pandera builds the check), Polars' regex engine does not
    bad = Rule("pattern-mismatch", "actors", "country", "column", "c", params={"pattern": "(?=[A-Z])[A-Z]+"})
    contract = _with_rules("actors", bad)
    actors = _set(tables["actors"], 1, name="")
    fused = run_pandera(contract, actors)
    assert _outcomes(fused) == _outcomes(run_pandera(contract, actors, fused=False))
    by_rule = {(r.id, r.rule): r for r in fused}
    assert by_rule[(bad.id, "c")].status == "error"
    assert by_rule[(bad.id, "c")].message.startswith("check could not run")
    assert by_rule[("actors.name.length-out-of-range", CONTRACTS["actors"].rules_of("column")[3].rule)].failed
    assert sum(r.status == "error" for r in fused) == 1
