"""actor-conflict."""

from __future__ import annotations

import polars as pl

from newsframe.checks import run_check

from .conftest import run_all, update


def test_minimal_conflicts() -> None:
    act = pl.DataFrame(
        {
            "actor_id": ["GEO", "GEO", "a1", "a2", "a3"],
            "name": ["Georgia", "Georgia", "The White House", "white house", "White House"],
            "type": ["GPE", "GPE", "ORG", "ORG", "ORG"],
            "country": ["GEO", "USA", "USA", "USA", None],
        }
    )
    by_col = {r.column: r for r in run_check("actor-conflict", {"actors": act}, params={})}
    assert [s["country"] for s in by_col["actor_id"].sample] == ["GEO", "USA"]
    assert [s["actor_id"] for s in by_col["name"].sample] == ["a1", "a2"]  # a3 has no country: not the same


def test_swapped_mention_actor_id(seed_tables: dict[str, pl.DataFrame]) -> None:
    # "Joe Biden" (PERSON) linked to China (GPE)
    assert run_all(
        {**seed_tables, "mentions": update(seed_tables["mentions"], "mention_id", "m000", actor_id="CHN")}
    ) == {("actor-conflict", "mentions", "actor_id"): {"m000"}}


def test_unlinked_alias_and_conflicting_rows(seed_tables: dict[str, pl.DataFrame]) -> None:
    actors = seed_tables["actors"]
    alias = actors.filter(pl.col("actor_id") == "joe_biden").with_columns(
        pl.lit("biden").alias("actor_id"), pl.lit("joe biden").alias("name")
    )
    clash = actors.filter(pl.col("actor_id") == "TWN").with_columns(pl.lit("CHN").alias("country"))
    tables = {**seed_tables, "actors": pl.concat([actors, alias, clash])}
    got = run_all(tables)
    assert got == {
        ("actor-conflict", "actors", "name"): {"joe_biden", "biden"},
        ("actor-conflict", "actors", "actor_id"): {"TWN"},
        ("actor-ungrounded", "actors", "actor_id"): {"biden"},
    }
