"""Topics from IPTC Media Topics (placeholder until the taxonomy lands)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from newsframe import tables

__all__ = ["assign"]


def assign(
    documents: pl.DataFrame,
    sentences: pl.DataFrame,
    *,
    taxonomy: Path | None = None,
    options: Mapping[str, Any] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return ``(topics, document_topics)``; empty for now."""
    del documents, sentences, taxonomy, options
    return tables.empty("topics"), tables.empty("document_topics")
