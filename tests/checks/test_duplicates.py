"""duplicate-event and its duplication_ratio metric."""

from __future__ import annotations

import datetime as dt

import polars as pl

from newsframe.checks import run_check

from .conftest import run_all


def test_restated_phone_call_is_a_duplicate(seed_tables: dict[str, pl.DataFrame]) -> None:
    ev = seed_tables["events"]
    restated = ev.filter(pl.col("event_id") == "e01").with_columns(
        pl.lit("e10").alias("event_id"),
        pl.lit(5).cast(pl.Int64).alias("sentence_id"),
        pl.lit("spoken").alias("trigger"),
        pl.lit("xi_jinping").alias("source_actor_id"),
        pl.lit("joe_biden").alias("target_actor_id"),
    )
    text = seed_tables["documents"]["text"][0]
    at = text.find("spoken")
    restated = restated.with_columns(
        pl.lit(at, dtype=pl.Int64).alias("trigger_start"), pl.lit(at + 6, dtype=pl.Int64).alias("trigger_end")
    )
    tables = {**seed_tables, "events": pl.concat([ev, restated])}
    assert run_all(tables) == {("duplicate-event", "events", "event_id"): {"e01", "e10"}}
    (r,) = run_check("duplicate-event", tables, params={})
    assert r.status == "warning"
    assert r.metrics == {"duplication_ratio": 0.1}
    assert {s["event_id"]: s["duplicate_of"] for s in r.sample} == {"e01": "e10", "e10": "e01"}


def test_clean_seed_ratio_is_zero(seed_tables: dict[str, pl.DataFrame]) -> None:
    (r,) = run_check("duplicate-event", seed_tables, params={})
    assert (r.status, r.metrics) == ("passed", {"duplication_ratio": 0.0})


def test_chained_overlaps_form_one_cluster_and_undated_option() -> None:
    d = dt.date
    ev = pl.DataFrame(
        {
            "event_id": ["a", "b", "c", "d", "u1", "u2"],
            "doc_id": ["x"] * 6,
            "event_type": ["MOBILIZE"] * 6,
            "source_actor_id": ["RUS"] * 6,
            "target_actor_id": ["UKR"] * 6,
            "date_start": [d(2024, 3, 1), d(2024, 3, 20), d(2024, 4, 10), d(2024, 6, 1), None, None],
            "date_end": [d(2024, 3, 31), d(2024, 4, 15), d(2024, 4, 10), d(2024, 6, 1), None, None],
        }
    )
    (r,) = run_check("duplicate-event", {"events": ev}, params={})
    assert [(s["event_id"], s["duplicate_of"]) for s in r.sample] == [("a", "b"), ("b", "a"), ("c", "a")]
    assert r.metrics["duplication_ratio"] == 2 / 6
    (r,) = run_check("duplicate-event", {"events": ev}, params={"undated": True})
    assert {s["event_id"] for s in r.sample} == {"a", "b", "c", "u1", "u2"}
    assert {s["event_id"]: s["duplicate_of"] for s in r.sample} == {
        "a": "b",
        "b": "a",
        "c": "a",
        "u1": "u2",
        "u2": "u1",
    }
