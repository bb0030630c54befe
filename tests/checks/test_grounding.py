"""actor-ungrounded."""

from __future__ import annotations

import polars as pl

from newsframe.checks import run_check

from .conftest import run_all, update


def test_minimal_window() -> None:
    men = pl.DataFrame(
        {"mention_id": ["m1", "m2"], "doc_id": ["d", "d"], "sentence_id": [0, 3], "actor_id": ["A", "B"]}
    )
    ev = pl.DataFrame(
        {
            "event_id": ["e1"],
            "doc_id": ["d"],
            "sentence_id": [1],
            "source_actor_id": ["A"],
            "target_actor_id": ["B"],
        }
    )
    tables = {"mentions": men, "events": ev}
    by_col = {r.column: r for r in run_check("actor-ungrounded", tables, params={"window": 1})}
    assert (by_col["source_actor_id"].failing_rows, by_col["target_actor_id"].failing_rows) == (0, 1)
    assert by_col["target_actor_id"].sample[0]["nearest_mention_sentence"] == 3
    by_col = {r.column: r for r in run_check("actor-ungrounded", tables, params={"window": 2})}
    assert by_col["target_actor_id"].failing_rows == 0
    # another document's mention does not ground the actor
    ev2 = ev.with_columns(pl.lit("other").alias("doc_id"))
    by_col = {r.column: r for r in run_check("actor-ungrounded", {"mentions": men, "events": ev2}, params={})}
    assert by_col["source_actor_id"].sample[0]["nearest_mention_sentence"] is None


def test_swapped_target_actor_id(seed_tables: dict[str, pl.DataFrame]) -> None:
    # "32 Chinese warplanes ... over Taiwan" (sentence 17) given to the Philippines (first named in sentence 25)
    ev = update(seed_tables["events"], "event_id", "e05", target_actor_id="PHL")
    assert run_all({**seed_tables, "events": ev}) == {
        ("actor-ungrounded", "events", "target_actor_id"): {"e05"}
    }


def test_deleted_mention_ungrounds_event_and_actor(seed_tables: dict[str, pl.DataFrame]) -> None:
    men = seed_tables["mentions"].filter(pl.col("text") != "Janet Yellen")
    assert run_all({**seed_tables, "mentions": men}) == {
        ("actor-ungrounded", "events", "source_actor_id"): {"e06"},
        ("actor-ungrounded", "actors", "actor_id"): {"janet_yellen"},
    }


def test_window_parameter_on_the_seed(seed_tables: dict[str, pl.DataFrame]) -> None:
    # "The two leaders agreed" (sentence 11): Xi Jinping was last named in sentence 5.
    assert run_all(seed_tables, actor_ungrounded={"window": 5}) == {
        ("actor-ungrounded", "events", "target_actor_id"): {"e04"}
    }
