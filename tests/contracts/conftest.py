"""Fixtures for the contract tests."""

from __future__ import annotations

import polars as pl
import pytest

from .tablesets import build_tables


@pytest.fixture()
def tables() -> dict[str, pl.DataFrame]:
    """A fresh copy of the valid tables (tests may corrupt it)."""
    return build_tables()
