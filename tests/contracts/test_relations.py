"""Relations as Polars anti-joins: every foreign key of issue 3 and both cardinality rules, orphans exact."""

from __future__ import annotations

import polars as pl
import pytest

from newsframe.contracts import load_contracts
from newsframe.contracts.relations import check_relations

CONTRACTS = load_contracts()


def _failed(tables: dict[str, pl.DataFrame]) -> dict[str, tuple[int, list[dict[str, object]]]]:
    return {
        r.id: (r.failing_rows, r.sample) for r in check_relations(CONTRACTS, tables) if r.status != "passed"
    }


def _add(frame: pl.DataFrame, row: int, **values: object) -> pl.DataFrame:
    """Append a copy of ``row`` with ``values`` changed (the original rows stay, so nothing else breaks)."""
    copy = frame[row].with_columns([pl.lit(v, dtype=frame.schema[c]).alias(c) for c, v in values.items()])
    return pl.concat([frame, copy])


def test_valid_tables_have_no_orphans(tables: dict[str, pl.DataFrame]) -> None:
    results = check_relations(CONTRACTS, tables)
    assert len(results) == sum(len(c.rules_of("relation")) for c in CONTRACTS)
    assert all(r.status == "passed" and r.engine == "polars" for r in results)


@pytest.mark.parametrize(
    ("table", "row", "values", "rule_id", "key"),
    [
        ("sentences", 1, {"doc_id": "d9"}, "sentences.doc_id.fk-missing", {"doc_id": "d9", "sentence_id": 1}),
        (
            "mentions",
            0,
            {"mention_id": "m9", "actor_id": "a_ghost"},
            "mentions.actor_id.fk-missing",
            {"mention_id": "m9"},
        ),
        (
            "mentions",
            1,
            {"mention_id": "m9", "sentence_id": 7},
            "mentions.doc_id+sentence_id.fk-missing",
            {"mention_id": "m9", "doc_id": "d1", "sentence_id": 7},
        ),
        (
            "events",
            0,
            {"event_id": "e9", "source_actor_id": "a_ghost"},
            "events.source_actor_id.fk-missing",
            {"event_id": "e9"},
        ),
        (
            "events",
            1,
            {"event_id": "e9", "target_actor_id": "a_ghost"},
            "events.target_actor_id.fk-missing",
            {"event_id": "e9"},
        ),
        (
            "events",
            1,
            {"event_id": "e9", "sentence_id": 5},
            "events.doc_id+sentence_id.fk-missing",
            {"event_id": "e9"},
        ),
        ("events", 1, {"event_id": "e9", "doc_id": "d0"}, "events.doc_id.fk-missing", {"event_id": "e9"}),
        (
            "mentions",
            1,
            {"mention_id": "m9", "doc_id": "d0"},
            "mentions.doc_id.fk-missing",
            {"mention_id": "m9"},
        ),
        (
            "document_topics",
            0,
            {"topic_id": "medtop:0"},
            "document_topics.topic_id.fk-missing",
            {"topic_id": "medtop:0"},
        ),
        ("document_topics", 0, {"doc_id": "d0"}, "document_topics.doc_id.fk-missing", {"doc_id": "d0"}),
        (
            "topics",
            1,
            {"topic_id": "medtop:9", "parent_id": "medtop:0"},
            "topics.parent_id.fk-missing",
            {"topic_id": "medtop:9"},
        ),
    ],
)
def test_each_foreign_key_returns_its_orphan(
    tables: dict[str, pl.DataFrame],
    table: str,
    row: int,
    values: dict[str, object],
    rule_id: str,
    key: dict[str, object],
) -> None:
    tables[table] = _add(tables[table], row, **values)
    failed = _failed(tables)
    also = (
        {f"{table}.doc_id+sentence_id.fk-missing"}
        if rule_id.endswith(".doc_id.fk-missing") and table != "sentences"
        else set()
    )
    assert set(failed) == {rule_id} | (also if table != "document_topics" else set())
    count, sample = failed[rule_id]
    assert count == 1 and sample[0]["row"] == tables[table].height - 1
    assert key.items() <= sample[0].items()


def test_doc_id_orphans_in_every_table_that_points_at_documents(tables: dict[str, pl.DataFrame]) -> None:
    tables["documents"] = tables["documents"].with_columns(pl.lit("d2").alias("doc_id"))
    failed = _failed(tables)
    for table in ("sentences", "mentions", "events", "document_topics"):
        assert failed[f"{table}.doc_id.fk-missing"][0] == tables[table].height
    assert failed["documents.doc_id.cardinality-missing"][0] == 1  # d2 has no sentence


def test_cardinality_document_without_sentence_and_actor_without_mention(
    tables: dict[str, pl.DataFrame],
) -> None:
    docs = tables["documents"]
    tables["documents"] = pl.concat([docs, docs.with_columns(pl.lit("d2").alias("doc_id"))])
    actors = tables["actors"]
    tables["actors"] = pl.concat([actors, actors.head(1).with_columns(pl.lit("a_lonely").alias("actor_id"))])
    failed = _failed(tables)
    assert failed == {
        "documents.doc_id.cardinality-missing": (1, [{"row": 1, "doc_id": "d2"}]),
        "actors.actor_id.cardinality-missing": (1, [{"row": 4, "actor_id": "a_lonely"}]),
    }


def test_null_foreign_keys_are_not_orphans(tables: dict[str, pl.DataFrame]) -> None:
    tables["mentions"] = _add(tables["mentions"], 0, mention_id="m9", actor_id=None)
    tables["events"] = _add(tables["events"], 0, event_id="e9", target_actor_id=None)
    assert not _failed(tables)


def test_absent_target_table_skips_with_reason(tables: dict[str, pl.DataFrame]) -> None:
    del tables["documents"]
    del tables["topics"]
    results = {r.id: r for r in check_relations(CONTRACTS, tables)}
    skipped = results["events.doc_id.fk-missing"]
    assert (
        skipped.status == "skipped"
        and "documents table is absent (the relation checks need it)" in skipped.message
    )
    assert results["document_topics.topic_id.fk-missing"].status == "skipped"
    assert results["events.source_actor_id.fk-missing"].status == "passed"


def test_mismatched_key_dtypes_compare_as_text(tables: dict[str, pl.DataFrame]) -> None:
    tables["events"] = tables["events"].with_columns(pl.col("sentence_id").cast(pl.String))
    results = {r.id: r for r in check_relations(CONTRACTS, tables)}
    assert results["events.doc_id+sentence_id.fk-missing"].status == "passed"
