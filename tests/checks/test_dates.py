"""date-inconsistent (with the real newsframe.temporal, and a stub) and date-conflict."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from newsframe.checks import dates as dates_mod
from newsframe.checks import run_check

from .conftest import DOC, run_all, update

D = dt.date


def test_date_moved_past_publication(seed_tables: dict[str, pl.DataFrame]) -> None:
    # The phone call "on Tuesday morning" (2024-04-02), asserted, dated a week later.
    ev = update(seed_tables["events"], "event_id", "e01", date_start=D(2024, 4, 10), date_end=D(2024, 4, 10))
    assert run_all({**seed_tables, "events": ev}) == {
        ("date-inconsistent", "events", "date_start"): {"e01"},
        ("date-inconsistent", "events", "modality"): {"e01"},
    }


def test_wrong_thursday(seed_tables: dict[str, pl.DataFrame]) -> None:
    # Yellen "will travel to China on Thursday": 2024-04-04, not the Thursday after.
    ev = update(seed_tables["events"], "event_id", "e06", date_start=D(2024, 4, 11), date_end=D(2024, 4, 11))
    got = run_all({**seed_tables, "events": ev})
    assert got == {("date-inconsistent", "events", "date_start"): {"e06"}}
    (r, *_) = run_check("date-inconsistent", {**seed_tables, "events": ev}, params={})
    assert r.sample[0]["resolved_start"] == "2024-04-04"
    assert run_all({**seed_tables, "events": ev}, date_inconsistent={"tolerance_days": 7}) == {}


def test_future_event_dated_before_publication(seed_tables: dict[str, pl.DataFrame]) -> None:
    ev = update(seed_tables["events"], "event_id", "e08", date_start=D(2024, 3, 25), date_end=D(2024, 3, 31))
    ev = update(ev, "event_id", "e08", date_text=None)
    assert run_all({**seed_tables, "events": ev}) == {("date-inconsistent", "events", "modality"): {"e08"}}


def test_relative_date_without_publication_date_warns(seed_tables: dict[str, pl.DataFrame]) -> None:
    docs = seed_tables["documents"].with_columns(pl.lit(None, dtype=pl.Date).alias("published_at"))
    res = run_check("date-inconsistent", {**seed_tables, "documents": docs}, params={})
    by_col = {r.column: r for r in res}
    assert by_col["date_text"].status == "warning" and by_col["date_text"].severity == "warning"
    assert {s["event_id"] for s in by_col["date_text"].sample} == {
        "e01",
        "e02",
        "e05",
        "e06",
        "e07",
        "e08",
        "e09",
    }
    assert by_col["date_start"].status == by_col["modality"].status == "passed"


def test_absolute_date_text_without_publication_is_not_relative() -> None:
    docs = pl.DataFrame(
        {"doc_id": ["d"], "published_at": [None]}, schema={"doc_id": pl.String, "published_at": pl.Date}
    )
    ev = pl.DataFrame(
        {
            "event_id": ["a", "b"],
            "doc_id": ["d", "d"],
            "date_text": ["2 April 2024", "last month"],
            "date_start": [D(2024, 4, 2), None],
            "date_end": [D(2024, 4, 2), None],
            "modality": ["asserted", "asserted"],
        }
    )
    by_col = {
        r.column: r for r in run_check("date-inconsistent", {"documents": docs, "events": ev}, params={})
    }
    assert [s["event_id"] for s in by_col["date_text"].sample] == ["b"]


def test_string_dates_from_foreign_tables(seed_tables: dict[str, pl.DataFrame]) -> None:
    ev = seed_tables["events"].with_columns(pl.col("date_start", "date_end").cast(pl.String))
    docs = seed_tables["documents"].with_columns(pl.col("published_at").cast(pl.String))
    ev = update(ev, "event_id", "e06", date_start="2024-04-11", date_end="2024-04-11")
    got = run_all({**seed_tables, "events": ev, "documents": docs})
    assert got == {("date-inconsistent", "events", "date_start"): {"e06"}}


def test_resolver_is_called_once_per_distinct_phrase(
    seed_tables: dict[str, pl.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, ...]] = []

    def stub(text: str, published: dt.date | None, *, tense: str | None = None) -> None:
        calls.append((text, published, tense))

    monkeypatch.setattr(dates_mod, "_resolver", lambda: stub)
    ev = pl.concat([seed_tables["events"]] * 50)
    run_check("date-inconsistent", {**seed_tables, "events": ev}, params={})
    assert len(calls) == len(set(calls)) == 6  # 7 dated events; "next week" (e08, e09) is one phrase
    assert ("on Thursday", D(2024, 4, 2), "future") in calls


def test_without_temporal_the_reresolution_is_skipped(
    seed_tables: dict[str, pl.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dates_mod, "_resolver", lambda: None)
    by_col = {r.column: r.status for r in run_check("date-inconsistent", seed_tables, params={})}
    assert by_col == {"date_start": "skipped", "modality": "passed"}


def test_date_conflict_within_and_across_documents(seed_tables: dict[str, pl.DataFrame]) -> None:
    ev = seed_tables["events"]
    # the same phone call restated in the same document, dated a week apart
    extra = ev.filter(pl.col("event_id") == "e01").with_columns(
        pl.lit("e10").alias("event_id"),
        pl.lit(D(2024, 4, 9)).alias("date_start"),
        pl.lit(D(2024, 4, 9)).alias("date_end"),
        pl.lit("xi_jinping").alias("source_actor_id"),
        pl.lit("joe_biden").alias("target_actor_id"),
        pl.lit("Phone call").alias("trigger"),
    )
    got = run_all({**seed_tables, "events": pl.concat([ev, extra])})
    assert got[("date-conflict", "events", "date_start")] == {"e01", "e10"}
    # in another document: a conflict beyond the tolerance only
    other = extra.with_columns(pl.lit("other").alias("doc_id"), pl.lit(D(2024, 4, 3)).alias("date_start"))
    other = other.with_columns(pl.col("date_start").alias("date_end"))
    tables = {**seed_tables, "events": pl.concat([ev, other])}
    assert run_check("date-conflict", tables, params={})[0].status == "passed"
    (r,) = run_check("date-conflict", tables, params={"tolerance_days": 0})
    assert {(s["event_id"], s["scope"]) for s in r.sample} == {("e01", "corpus"), ("e10", "corpus")}
    (r,) = run_check("date-conflict", tables, params={"tolerance_days": 0, "across_documents": False})
    assert r.status == "passed"


def test_date_conflict_ignores_other_triggers_unless_asked(seed_tables: dict[str, pl.DataFrame]) -> None:
    # e01 "phone call" (2024-04-02) and e02 "meeting" (November 2023): two happenings, not a conflict
    (r,) = run_check("date-conflict", seed_tables, params={})
    assert r.status == "passed"
    (r,) = run_check("date-conflict", seed_tables, params={"same_trigger": False})
    assert {s["event_id"] for s in r.sample} == {"e01", "e02"}
    assert DOC in {s["doc_id"] for s in r.sample}
