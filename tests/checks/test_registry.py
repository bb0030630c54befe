"""The registry and run_check: specs, errors, skips, severity overrides, and no false alarm on the seed."""

from __future__ import annotations

import polars as pl
import pytest

from newsframe.checks import REGISTRY, run_check, run_checks
from newsframe.results import DIMENSIONS

from .conftest import run_all, update

SLUGS = [
    "span-mismatch",
    "span-out-of-range",
    "span-outside-sentence",
    "actor-ungrounded",
    "number-ungrounded",
    "quote-ungrounded",
    "date-inconsistent",
    "date-conflict",
    "codebook-mismatch",
    "actor-conflict",
    "duplicate-event",
    "reject-rate",
]


def test_registry_lists_every_check_with_spec_and_docs() -> None:
    assert list(REGISTRY) == SLUGS
    for slug, spec in REGISTRY.items():
        assert spec.slug == slug
        assert spec.severity in ("error", "warning")
        assert spec.dimension in DIMENSIONS
        assert "Rationale" in spec.doc and "Example" in spec.doc, slug
    assert REGISTRY["duplicate-event"].severity == "warning"


def test_unknown_slug_and_bad_severity_raise_value_error() -> None:
    with pytest.raises(ValueError, match="unknown factual check 'nope'"):
        run_check("nope", {}, params={})
    with pytest.raises(ValueError, match="severity"):
        run_check("span-mismatch", {}, params={}, severity="fatal")


def test_absent_table_or_column_is_skipped_with_a_message(seed_tables: dict[str, pl.DataFrame]) -> None:
    (r,) = run_check("number-ungrounded", {"events": seed_tables["events"]}, params={})
    assert (r.status, r.table) == ("skipped", "sentences")
    assert "sentences" in r.message
    tables = {**seed_tables, "events": seed_tables["events"].drop("quantity")}
    (r,) = run_check("number-ungrounded", tables, params={})
    assert r.status == "skipped" and "quantity" in r.message
    assert all(
        r.status == "skipped" for r in run_check("date-inconsistent", {"events": tables["events"]}, params={})
    )


@pytest.mark.parametrize("slug", SLUGS)
def test_clean_seed_tables_raise_no_alarm(slug: str, seed_tables: dict[str, pl.DataFrame]) -> None:
    results = run_check(slug, seed_tables, params={})
    assert results, slug
    assert {r.status for r in results} == {"passed"}, [(r.table, r.column, r.sample) for r in results]
    assert all(r.engine == "newsframe" and r.total_rows for r in results)


def test_severity_override_and_sample_size(seed_tables: dict[str, pl.DataFrame]) -> None:
    events = seed_tables["events"].with_columns(pl.lit("DEMAND").alias("event_type"))
    tables = {**seed_tables, "events": events}
    (r, _) = run_check("codebook-mismatch", tables, params={}, severity="warning", sample_size=3)
    assert (r.status, r.severity, r.failing_rows, len(r.sample)) == ("warning", "warning", 9, 3)


def test_run_all_reports_only_the_fault(seed_tables: dict[str, pl.DataFrame]) -> None:
    assert run_all(seed_tables) == {}
    events = update(seed_tables["events"], "event_id", "e05", event_type="FIGHT")
    assert run_all({**seed_tables, "events": events}) == {
        ("codebook-mismatch", "events", "event_type"): {"e05"}
    }


def test_run_checks_runs_a_subset_in_order(seed_tables: dict[str, pl.DataFrame]) -> None:
    results = run_checks(seed_tables, slugs=["duplicate-event", "span-outside-sentence"])
    assert [r.slug for r in results] == ["duplicate-event", "span-outside-sentence", "span-outside-sentence"]


def test_params_from_yaml_strings(seed_tables: dict[str, pl.DataFrame]) -> None:
    assert run_all(seed_tables, actor_ungrounded={"window": "5"}) == {
        ("actor-ungrounded", "events", "target_actor_id"): {"e04"}
    }
    (r,) = run_check("date-conflict", seed_tables, params={"same_trigger": "false"})
    assert r.failing_rows == 2
    (r,) = run_check("date-conflict", seed_tables, params={"same_trigger": "true"})
    assert r.failing_rows == 0


def test_empty_tables_pass_and_repeated_documents_do_not_repeat_failures(
    seed_tables: dict[str, pl.DataFrame],
) -> None:
    from newsframe.tables import TABLES, empty

    results = run_checks({n: empty(n) for n in TABLES})
    assert {r.status for r in results} <= {"passed", "skipped"}
    men = update(seed_tables["mentions"], "mention_id", "m002", start=0)
    docs = pl.concat([seed_tables["documents"]] * 2)
    assert run_all({**seed_tables, "documents": docs, "mentions": men}) == {
        ("span-mismatch", "mentions", "text"): {"m002"}
    }
    (r, *_) = [
        r
        for r in run_check("span-mismatch", {**seed_tables, "documents": docs, "mentions": men}, params={})
        if r.table == "mentions"
    ]
    assert r.failing_rows == 1
