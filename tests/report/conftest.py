"""Fixtures of the report tests."""

from __future__ import annotations

import polars as pl
import pytest

from newsframe.results import Results

from ._build import make_results, make_tables


@pytest.fixture
def tables() -> dict[str, pl.DataFrame]:
    """A small consistent table set (40 documents)."""
    return make_tables()


@pytest.fixture
def results(tables: dict[str, pl.DataFrame]) -> Results:
    """A run with every status, sampled from ``tables``."""
    return make_results(tables)
