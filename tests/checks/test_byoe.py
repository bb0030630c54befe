"""seeds/byoe: an LLM's tables for the seed article; every planted fault is caught, exactly, and nothing else."""

from __future__ import annotations

from pathlib import Path

from newsframe.checks import REGISTRY

from .conftest import run_all

BYOE = Path(__file__).resolve().parents[2] / "seeds" / "byoe"

PLANTED = {
    ("actor-ungrounded", "actors", "actor_id"): {"A18"},
    ("actor-ungrounded", "events", "target_actor_id"): {"evt-10"},
    ("number-ungrounded", "events", "quantity"): {"evt-05"},
    ("date-inconsistent", "events", "date_start"): {"evt-06"},
    ("quote-ungrounded", "quotes", "text"): {"q3"},
    ("span-mismatch", "mentions", "text"): {"men-034", "men-036", "men-037"},
    ("codebook-mismatch", "events", "event_type"): {"evt-11"},
}


def test_every_planted_fault_is_caught_exactly() -> None:
    from newsframe.tableio import read_tables

    tables = read_tables(BYOE)
    assert {"documents", "sentences", "mentions", "actors", "events", "quotes"} <= set(tables)
    assert run_all(tables) == PLANTED


def test_readme_lists_every_planted_row() -> None:
    readme = (BYOE / "README.md").read_text(encoding="utf-8")
    for (slug, table, column), rows in PLANTED.items():
        assert f"`{slug}` → `{table}.{column}`" in readme or f"`{table}.{column}`" in readme, (
            slug,
            table,
            column,
        )
        for row in rows:
            assert row in readme, row


def test_validate_reports_the_same_factual_failures() -> None:
    from newsframe.tableio import read_tables
    from newsframe.validation import validate

    results = validate(read_tables(BYOE))
    failed = {
        (c.slug, c.table, c.column): c.failing_rows
        for c in results.checks
        if c.slug in REGISTRY and c.status in ("failed", "warning", "error")
    }
    assert failed == {k: len(v) for k, v in PLANTED.items()}
    assert results.exit_code(fail_on="error") == 1


def test_the_same_tables_as_untyped_csv_give_the_same_findings(tmp_path: Path) -> None:
    import polars as pl

    from newsframe.tableio import read_tables

    for name, df in read_tables(BYOE).items():
        lists = [pl.col(c).list.join("|") for c, d in df.schema.items() if isinstance(d, pl.List)]
        df.with_columns(lists).write_csv(tmp_path / f"{name}.csv")
    tables = read_tables(tmp_path)
    assert (
        tables["quotes"].schema["start"] == pl.String
    )  # no contract: read as text, normalised by the checks
    assert run_all(tables) == PLANTED
