"""The Great Expectations engine: each contract as a GX 1.x ExpectationSuite on a pandas datasource.

A thin adapter over :mod:`newsframe.contracts.gx_engine` (suites, export, run, result mapping). GX runs
alongside the table engine (``newsframe validate --gx``): its results carry ``engine="gx"`` and the id
``<rule id>@gx``. It expresses what :func:`~newsframe.contracts.gx_engine.rule_expectations` can (and the
factual checks mirrored over derived columns); the rest is listed in each suite's
``meta.newsframe.not_in_gx``.

Examples
--------
>>> from newsframe.contracts import load_contracts
>>> rules = {r.slug: r for r in load_contracts()["events"].rules}
>>> GXEngine().supports(rules["not-null"]), GXEngine().supports(rules["dtype-mismatch"])
(True, False)
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

import polars as pl

from newsframe.contracts.engines.polars import collect
from newsframe.contracts.model import ContractSet, Rule
from newsframe.results import SAMPLE_SIZE, CheckResult

__all__ = ["GXEngine"]


class GXEngine:
    """Contract rules (and six factual checks) through GX built-in expectations."""

    name = "gx"
    families = frozenset({"schema", "column", "frame", "relation", "factual"})

    def __init__(self, *, docs: Path | None = None) -> None:
        self.docs = docs

    def supports(self, rule: Rule) -> bool:
        """True when GX expresses ``rule`` with a built-in expectation (or mirrors its factual check)."""
        from newsframe.contracts import gx_engine, gx_factual

        if rule.kind == "factual":
            return rule.slug in gx_factual.COVERAGE
        return rule.slug == "schema-column-missing" or gx_engine.rule_expectations(rule) is not None

    def run(
        self,
        contracts: ContractSet,
        tables: Mapping[str, pl.DataFrame | pl.LazyFrame],
        *,
        sample_size: int = SAMPLE_SIZE,
        families: Collection[str] | None = None,
        dtype_failures: Mapping[str, Mapping[str, pl.DataFrame]] | None = None,
    ) -> list[CheckResult]:
        """The suites of every present table (GX runs a whole suite: ``families`` is not used to split it)."""
        from newsframe.contracts.gx_engine import run_gx

        frames = {name: collect(frame) for name, frame in tables.items()}
        return run_gx(contracts, frames, sample_size=sample_size, docs=self.docs)
