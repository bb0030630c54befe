"""Table profiles."""

from __future__ import annotations

import polars as pl

from newsframe.profile import profile_table, profile_tables


def test_profile_counts_nulls_and_distincts() -> None:
    frame = pl.DataFrame({"a": ["x", "x", None, "y"], "b": [[1], [2], None, None]})
    prof = profile_table(frame)
    assert prof["rows"] == 4
    assert prof["null_rates"] == {"a": 0.25, "b": 0.5}
    assert prof["distinct"] == {"a": 3}  # x, y and null; nested columns get no distinct count


def test_profile_of_empty_table() -> None:
    assert profile_tables({"t": pl.DataFrame({"a": []})}) == {
        "t": {"rows": 0, "null_rates": {"a": 0.0}, "distinct": {"a": 0}}
    }
