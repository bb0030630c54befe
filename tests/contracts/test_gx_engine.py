"""Great Expectations compiled from the same contracts: suites round-trip, and both engines flag the same rows.

Engine parity: every rule that compiles to both Pandera (or the Polars
relations) and GX is broken by an injected fault, and both engines must
report the same failing row count. All faults are injected into one table
set (each on its own column, so they do not interact) and GX runs once,
sharing one import across this module (``xdist_group`` keeps it on one worker).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from newsframe.contracts import load_contracts
from newsframe.contracts.gx_engine import rule_expectations, suite_dict
from newsframe.results import Results
from newsframe.validation import validate

from .tablesets import build_tables

pytestmark = pytest.mark.xdist_group("gx")

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = load_contracts()


def _set(frame: pl.DataFrame, row: int, **values: object) -> pl.DataFrame:
    idx = pl.int_range(pl.len()) == row
    return frame.with_columns(
        [
            pl.when(idx).then(pl.lit(v, dtype=frame.schema[c])).otherwise(pl.col(c)).alias(c)
            for c, v in values.items()
        ]
    )


def _add(frame: pl.DataFrame, row: int, **values: object) -> pl.DataFrame:
    copy = frame[row].with_columns([pl.lit(v, dtype=frame.schema[c]).alias(c) for c, v in values.items()])
    return pl.concat([frame, copy])


def faulty_tables() -> dict[str, pl.DataFrame]:
    """One fault for every rule kind GX can express, each on its own column (expected counts in EXPECTED)."""
    t = build_tables()
    t["documents"] = _add(
        t["documents"], 0, doc_id="d2", language="EN"
    )  # cardinality (no sentence) + pattern
    t["sentences"] = _add(_set(t["sentences"], 1, start=200), 0)  # pair-order + composite key duplicate x2
    t["mentions"] = _set(_set(_set(t["mentions"], 1, label="PER"), 2, text=""), 3, actor_id="a_ghost")
    t["mentions"] = _set(t["mentions"], 0, mention_id="m1")  # key duplicate x2
    t["actors"] = _set(_add(t["actors"], 0, actor_id="a_lonely", country="usa"), 1, name=None)
    t["events"] = _set(t["events"], 0, event_type="DEMAND", quantity=-3.0, source_actor_id="a_ghost")
    t["events"] = _set(t["events"], 1, modality="maybe", date_end=dt.date(2024, 2, 1), trigger_end=0)
    t["topics"] = _set(t["topics"], 1, parent_id="medtop:0", label="")
    t["document_topics"] = _set(t["document_topics"], 0, score=1.5, topic_id="medtop:0")
    t["rejects"] = _set(_add(t["rejects"], 0), 1, line=0, reason=None)
    return t


EXPECTED = {
    "documents.language.pattern-mismatch": 1,
    "documents.doc_id.cardinality-missing": 1,
    "sentences.end.pair-order": 1,
    "sentences.doc_id+sentence_id.key-duplicate": 2,
    "mentions.mention_id.key-duplicate": 2,
    "mentions.label.enum-value": 1,
    "mentions.text.length-out-of-range": 1,
    "mentions.actor_id.fk-missing": 1,
    "actors.country.pattern-mismatch": 1,
    "actors.name.not-null": 1,
    "actors.actor_id.cardinality-missing": 2,  # a_lonely, and a_twn once its mention pointed at a ghost
    "events.event_type.enum-value": 1,
    "events.quantity.out-of-range": 1,
    "events.source_actor_id.fk-missing": 1,
    "events.modality.enum-value": 1,
    "events.date_end.pair-order": 1,
    "events.trigger_end.pair-order": 1,
    "topics.parent_id.fk-missing": 1,
    "topics.label.length-out-of-range": 1,
    "document_topics.score.out-of-range": 1,
    "document_topics.topic_id.fk-missing": 1,
    "rejects.line.out-of-range": 1,
    "rejects.reason.not-null": 1,
}


@pytest.fixture(scope="session")
def gx_results() -> Results:
    """Pandera, relations and GX over the faulty tables, in one validate() call (GX imported once)."""
    return validate(faulty_tables(), gx=True, sample_size=5)


def _by_engine(results: Results) -> tuple[dict[str, Any], dict[str, Any]]:
    native = {c.id: c for c in results.checks if c.engine in ("pandera", "polars")}
    gx = {c.id.removesuffix("@gx"): c for c in results.checks if c.engine == "gx"}
    return native, gx


def test_every_injected_fault_is_flagged_by_both_engines(gx_results: Results) -> None:
    native, gx = _by_engine(gx_results)
    for rule_id, count in EXPECTED.items():
        assert native[rule_id].failing_rows == count, (rule_id, native[rule_id])
        assert gx[rule_id].failing_rows == count, (rule_id, gx[rule_id])
        assert gx[rule_id].status == native[rule_id].status == "failed"
        assert (gx[rule_id].slug, gx[rule_id].table, gx[rule_id].column, gx[rule_id].dimension) == (
            native[rule_id].slug,
            native[rule_id].table,
            native[rule_id].column,
            native[rule_id].dimension,
        )
    flagged = {i for i, c in native.items() if c.status == "failed"}
    gx_only_composite = {
        "sentences.doc_id+sentence_id.fk-missing",
        "mentions.doc_id+sentence_id.fk-missing",
        "events.doc_id+sentence_id.fk-missing",
    }
    assert flagged - gx_only_composite == set(EXPECTED)


def test_engines_agree_on_every_shared_rule(gx_results: Results) -> None:
    native, gx = _by_engine(gx_results)
    shared = set(native) & set(gx)
    assert len(shared) > 60
    disagree = {
        i: (native[i].failing_rows, gx[i].failing_rows)
        for i in shared
        if native[i].failing_rows != gx[i].failing_rows
    }
    assert not disagree


def test_every_rule_gx_can_express_is_in_the_suites() -> None:
    kinds = set()
    for contract in CONTRACTS:
        suite_rules = {e["meta"]["newsframe"]["rule"] for e in suite_dict(contract)["expectations"]}
        for rule in contract.rules:
            if rule_expectations(rule) is not None:
                assert rule.id in suite_rules
                kinds.add(rule.slug)
    assert kinds == {
        "not-null",
        "key-duplicate",
        "enum-value",
        "out-of-range",
        "pattern-mismatch",
        "length-out-of-range",
        "pair-order",
        "fk-missing",
        "cardinality-missing",
    }
    assert kinds == {rule_id.rsplit(".", 1)[1] for rule_id in EXPECTED}, (
        "every GX rule kind has a parity fault"
    )


def test_gx_samples_carry_the_key(gx_results: Results) -> None:
    _, gx = _by_engine(gx_results)
    assert gx["events.event_type.enum-value"].sample == [{"event_type": "DEMAND", "event_id": "e1"}]
    assert (
        gx["rejects.line.out-of-range"].sample[0]["line"] == 0
    )  # no key: GX reports values with row indexes


def test_missing_column_is_reported_by_gx(gx_results: Results) -> None:
    tables = build_tables()
    tables = {"topics": tables["topics"].drop("label")}
    results = validate(tables, gx=True)
    gx = {c.id: c for c in results.checks if c.engine == "gx"}
    assert gx["topics.label.schema-column-missing@gx"].status == "failed"
    assert gx["topics.label.not-null@gx"].status == "skipped"


@pytest.mark.parametrize("suite", sorted((ROOT / "contracts").glob("**/gx/*.json")), ids=lambda p: p.name)
def test_exported_suites_round_trip_through_gx(suite: Path, gx_results: Results) -> None:
    import great_expectations as gx

    data = json.loads(suite.read_text())
    back = gx.ExpectationSuite(**data).to_json_dict()

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "id"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    assert strip(back) == data


def test_gx_data_docs_are_built(tmp_path: Path, gx_results: Results) -> None:
    tables = build_tables()
    validate({"topics": tables["topics"]}, gx_docs=tmp_path / "docs")
    assert (tmp_path / "docs" / "index.html").is_file()
