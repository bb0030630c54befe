"""The exported GX suites (contracts/gx/*.json) run on their own in a fresh file-based GX 1.x project."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import newsframe
import newsframe.gx
from newsframe.assets import asset_dir

SUITES = sorted((asset_dir("contracts") / "gx").glob("*.json"))
BYOE = newsframe.example_tables("byoe")


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Parquet tables the pipeline wrote for the seed article (they pass every error-level check)."""
    out = tmp_path_factory.mktemp("tables")
    newsframe.extract(asset_dir("seeds") / "documents", engine="rules").write(out)
    assert newsframe.validate(out).ok
    return out


def _run_exported(tables: Path, project: Path) -> dict[str, Any]:
    """As a user would: a file context of their own, the exported suite, newsframe.gx.prepare for the data."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="file", project_root_dir=str(project))
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    ready = newsframe.gx.prepare(tables)
    outcomes: dict[str, Any] = {}
    for path in SUITES:
        name = path.stem
        if name not in ready:
            continue
        exported = json.loads(path.read_text(encoding="utf-8"))
        runnable = ready[name].suite
        # what runs is the exported suite, less only the expectations prepare() says cannot run here
        assert all(e in exported["expectations"] for e in runnable["expectations"])
        left_out = len(exported["expectations"]) - len(runnable["expectations"])
        assert (
            left_out == 0
            or ready[name].skipped
            or any(e["meta"]["newsframe"].get("optional") for e in exported["expectations"])
        )
        suite = ctx.suites.add(gx.ExpectationSuite(**runnable))
        source = ctx.data_sources.add_pandas(f"newsframe_{name}")
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("all")
        vd = ctx.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
        outcomes[name] = vd.run(
            batch_parameters={"dataframe": ready[name].to_pandas()},
            expectation_parameters=ready[name].parameters,
        )
    assert (project / "gx" / "great_expectations.yml").is_file()  # a real file context
    return outcomes


def _failing(outcome: Any) -> list[tuple[str, str, bool]]:
    return [
        (
            str(r.expectation_config.meta.get("newsframe", {}).get("rule", "")),
            str(r.expectation_config.meta.get("newsframe", {}).get("mirror", "")),
            bool(r.exception_info.get("raised_exception")) if isinstance(r.exception_info, dict) else False,
        )
        for r in outcome.results
        if not r.success
    ]


def test_every_exported_suite_passes_clean_tables_in_a_fresh_file_context(
    clean: Path, tmp_path: Path
) -> None:
    outcomes = _run_exported(clean, tmp_path)
    assert sorted(outcomes) == sorted(p.stem for p in SUITES)
    failing = {name: _failing(o) for name, o in outcomes.items() if not o.success}
    assert failing == {}


@pytest.mark.slow
def test_exported_suites_catch_the_planted_faults(tmp_path: Path) -> None:
    outcomes = _run_exported(BYOE, tmp_path)
    rules = {name: {rule for rule, _mirror, _raised in _failing(o)} for name, o in outcomes.items()}
    assert not any(raised for o in outcomes.values() for _r, _m, raised in _failing(o))  # no GX errors
    assert "events.*.number-ungrounded" in rules["events"]
    assert "events.event_type.enum-value" in rules["events"]
    assert "mentions.*.span-mismatch" in rules["mentions"]
    assert rules["documents"] == set() and rules["sentences"] == set()


def test_prepare_gives_parameters_derived_columns_and_what_it_left_out() -> None:
    ready = newsframe.gx.prepare(BYOE)
    assert "rejects" not in ready  # absent table
    events = ready["events"]
    assert set(events.parameters) == {"actors__actor_id", "documents__doc_id"}  # the foreign keys only
    derived = {"nf__document_span", "nf__resolved_start", "nf__quantity_grounded", "nf__event_type_known"}
    assert derived | {"nf__row"} <= set(events.frame.columns)
    flags = events.frame.filter(pl.col("event_id") == "evt-05")  # byoe's planted quantity 23 (32 written)
    assert flags["nf__quantity_grounded"].to_list() == [False]
    assert events.suite["name"] == "newsframe.events"
    exported = json.loads((asset_dir("contracts") / "gx" / "events.json").read_text(encoding="utf-8"))
    assert len(events.suite["expectations"]) <= len(exported["expectations"])
