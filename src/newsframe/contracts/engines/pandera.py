"""The Pandera engine: each contract compiled to a ``pandera.polars.DataFrameSchema``.

A thin adapter over :mod:`newsframe.contracts.pandera_engine` (compilation and failure mapping), which
runs the schema, column and frame rules of each present table; a LazyFrame is collected first, one table
at a time (Pandera validates a LazyFrame's schema only). Relations fall back to the Polars reference.

Examples
--------
>>> PanderaEngine().supports(__import__("newsframe.contracts", fromlist=["x"]).load_contracts()["events"].rules[0])
True
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import polars as pl

from newsframe.contracts.engines.polars import collect
from newsframe.contracts.model import ContractSet, Rule
from newsframe.results import SAMPLE_SIZE, CheckResult

__all__ = ["PanderaEngine"]


class PanderaEngine:
    """Schema, column and frame rules through Pandera's Polars backend."""

    name = "pandera"
    families = frozenset({"schema", "column", "frame"})

    def supports(self, rule: Rule) -> bool:
        """Every rule of the schema, column and frame families."""
        return rule.kind in self.families

    def run(
        self,
        contracts: ContractSet,
        tables: Mapping[str, pl.DataFrame | pl.LazyFrame],
        *,
        sample_size: int = SAMPLE_SIZE,
        families: Collection[str] | None = None,
        dtype_failures: Mapping[str, Mapping[str, pl.DataFrame]] | None = None,
    ) -> list[CheckResult]:
        """One result per schema, column and frame rule of every present table."""
        from newsframe.contracts.pandera_engine import run_pandera

        if families is not None and not self.families & set(families):
            return []
        out: list[CheckResult] = []
        for contract in contracts:
            frame = tables.get(contract.name)
            if frame is None:
                continue
            out.extend(
                run_pandera(
                    contract,
                    collect(frame),
                    sample_size=sample_size,
                    dtype_failures=(dtype_failures or {}).get(contract.name),
                )
            )
        return out
