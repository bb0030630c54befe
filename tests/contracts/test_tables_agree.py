"""tables.py (the producer's view) is generated from the ODCS contracts: one definition of every table."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
import yaml

from newsframe.assets import asset_dir, asset_path
from newsframe.contracts import load_contracts
from newsframe.errors import ContractError
from newsframe.tables import (
    ACTOR_TYPES,
    DATE_PRECISIONS,
    MENTION_LABELS,
    MODALITIES,
    TABLE_ORDER,
    TABLES,
    specs_from_contracts,
)

CONTRACTS = load_contracts()


def _enum(table: str, column: str) -> tuple[str, ...]:
    rules = [r for r in CONTRACTS[table].rules if r.slug == "enum-value" and r.column == column]
    assert len(rules) == 1, f"{table}.{column} should carry exactly one enum rule"
    return tuple(rules[0].params["values"])


def test_one_contract_per_v1_table() -> None:
    assert set(CONTRACTS.contracts) == set(TABLES)
    for name, contract in CONTRACTS.contracts.items():
        assert contract.path.name == f"{name}.odcs.yaml"


@pytest.mark.parametrize("name", list(TABLES))
def test_tables_are_generated_from_the_contracts(name: str) -> None:
    spec, contract = TABLES[name], CONTRACTS[name]
    assert list(spec.columns) == list(contract.columns), "same columns, same order"
    assert dict(spec.columns) == contract.dtypes
    assert spec.key == contract.key
    assert set(spec.nullable) == {c for c, col in contract.columns.items() if not col.required}


def test_a_column_added_to_a_contract_is_a_column_of_the_table(tmp_path: Path) -> None:
    shutil.copytree(asset_dir("contracts"), tmp_path / "contracts")
    path = tmp_path / "contracts" / "actors.odcs.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["schema"][0]["properties"].append(
        {"name": "wikidata_id", "logicalType": "string", "physicalType": "String", "required": False}
    )
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    specs = specs_from_contracts(tmp_path / "contracts")
    actors = specs["actors"]
    assert list(actors.columns)[-1] == "wikidata_id" and actors.columns["wikidata_id"] == pl.String
    assert "wikidata_id" in actors.nullable and actors.key == ("actor_id",)
    assert list(specs) == list(TABLE_ORDER)


def test_a_v1_table_without_a_contract_is_an_error(tmp_path: Path) -> None:
    shutil.copytree(asset_dir("contracts"), tmp_path / "contracts")
    (tmp_path / "contracts" / "topics.odcs.yaml").unlink()
    with pytest.raises(ContractError, match="the v1 table 'topics' has no contract"):
        specs_from_contracts(tmp_path / "contracts")


def test_the_vocabularies_are_the_contract_enums() -> None:
    assert MENTION_LABELS == ACTOR_TYPES == ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
    assert MODALITIES == ("asserted", "future", "hypothetical", "negated")
    assert DATE_PRECISIONS == ("day", "week", "month", "year")
    assert _enum("mentions", "label") == MENTION_LABELS
    assert _enum("events", "modality") == MODALITIES


def test_event_type_enum_is_the_plover_codebook() -> None:
    codebook = pl.read_csv(asset_path("seeds", "reference", "plover_codebook.csv"))["event_type"].to_list()
    assert list(_enum("events", "event_type")) == codebook
    rule = next(r for r in CONTRACTS["events"].rules if r.column == "event_type" and r.slug == "enum-value")
    assert (
        "ref" not in rule.params
    )  # a standard validValues list; tests/contracts/test_interop.py keeps it in sync


def test_countries_are_iso3_and_offsets_ordered() -> None:
    rules = {(r.slug, r.column): r for r in CONTRACTS["actors"].rules}
    assert rules[("pattern-mismatch", "country")].params["pattern"] == "^[A-Z]{3}$"
    for table, (start, end) in {
        "sentences": ("start", "end"),
        "mentions": ("start", "end"),
        "events": ("trigger_start", "trigger_end"),
        "document_topics": ("evidence_start", "evidence_end"),
    }.items():
        rules = {(r.slug, r.column): r for r in CONTRACTS[table].rules}
        assert rules[("out-of-range", start)].params == {"minimum": 0}
        order = rules[("pair-order", end)]
        assert (order.params["lesser"], order.params["greater"]) == (start, end)
        assert not order.params.get("orEqual")


def test_every_issue_foreign_key_is_declared() -> None:
    fks = {
        (c.name, tuple(r.params["from"]), r.params["to_table"])
        for c in CONTRACTS
        for r in c.rules
        if r.slug == "fk-missing"
    }
    expected = {
        ("mentions", ("doc_id",), "documents"),
        ("mentions", ("doc_id", "sentence_id"), "sentences"),
        ("mentions", ("actor_id",), "actors"),
        ("events", ("doc_id",), "documents"),
        ("events", ("doc_id", "sentence_id"), "sentences"),
        ("events", ("source_actor_id",), "actors"),
        ("events", ("target_actor_id",), "actors"),
        ("document_topics", ("doc_id",), "documents"),
        ("document_topics", ("topic_id",), "topics"),
    }
    assert expected <= fks
    cards = {
        (c.name, r.column, r.params["to_table"])
        for c in CONTRACTS
        for r in c.rules
        if r.slug == "cardinality-missing"
    }
    assert cards == {("documents", "doc_id", "sentences"), ("actors", "actor_id", "mentions")}


def test_factual_checks_are_declared_once_each() -> None:
    # every check newsframe.checks registers (pinned in tests/checks/test_registry.py) is declared once
    from newsframe.checks import OFF_BY_DEFAULT, REGISTRY

    declared = [r.slug for c in CONTRACTS for r in c.rules if r.kind == "factual"]
    assert sorted(declared) == sorted(set(REGISTRY) - OFF_BY_DEFAULT)
    dup = next(r for c in CONTRACTS for r in c.rules if r.slug == "duplicate-event")
    assert dup.severity == "warning"
