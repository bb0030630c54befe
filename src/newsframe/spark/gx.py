"""Great Expectations on its Spark datasource: ``newsframe validate DIR --spark --gx``.

The suites are the ones the GX engine builds (:func:`newsframe.contracts.gx_engine.suite_dict`, one per
contract, each expectation tagged with the rule it implements) and their results map onto the same
:class:`~newsframe.results.CheckResult` (``engine="gx"``, id ``<rule id>@gx``) by the same mapping;
only the datasource differs: ``context.data_sources.add_spark(...)`` with a dataframe asset, the
Spark DataFrame passed as the batch parameter, so GX computes its metrics in Spark SQL.

What runs on Spark: the expectations of the contract rules (presence, nulls, keys, enums, ranges,
patterns, lengths, pair orders, one-column relations, whose value sets are collected from the target
table by Spark). The factual mirrors (:mod:`newsframe.contracts.gx_factual`) derive their columns with
Polars from whole tables, so they are not run here: each is reported ``skipped`` with that reason, and
the factual checks themselves run as always (``engine="newsframe"``). Failing rows are identified by
the table's key (a keyless table's samples carry no row number: Spark rows have no index).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from newsframe.contracts.model import ContractSet
from newsframe.results import SAMPLE_SIZE, CheckResult

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["run_gx_spark"]

ROW = "__row"


def run_gx_spark(
    contracts: ContractSet,
    tables: Mapping[str, DataFrame],
    totals: Mapping[str, int],
    *,
    sample_size: int = SAMPLE_SIZE,
) -> list[CheckResult]:
    """Run each present table's GX suite on a Spark datasource; results as :func:`~newsframe.contracts.gx_engine.run_gx`."""
    from pyspark.sql import functions as F

    from newsframe.contracts import gx_factual
    from newsframe.contracts.gx_engine import (
        _context,
        _declared,
        _map,
        _rules_by_id,
        runnable_expectations,
        suite_dict,
        validation_definition,
    )

    ctx = _context(None)
    results: list[CheckResult] = []
    for contract in contracts:
        frame = tables.get(contract.name)
        if frame is None:
            continue
        frame = frame.drop(ROW) if ROW in frame.columns else frame
        total = totals[contract.name]
        rules = _rules_by_id(contract)
        data = suite_dict(contract, contracts=contracts)

        def values(table: str, column: str) -> list[Any] | None:
            target = tables.get(table)
            if target is None or column not in target.columns:
                return None
            return [r[0] for r in target.select(column).where(F.col(column).isNotNull()).distinct().collect()]

        keep, params, skipped = runnable_expectations(contract, data, frame.columns, total, values)
        results.extend(skipped)
        data["expectations"] = keep
        declared = _declared(contract, contracts)
        for m in gx_factual.mirrors_for(contract.name, declared):
            why = "its derived columns are computed with Polars, so it does not run on Spark (the factual check ran)"
            results.append(gx_factual._skip(m, gx_factual._declaring(m.slug, declared), why, total))
        vd, _key, result_format = validation_definition(ctx, contract, data, frame.columns, spark=True)
        outcome = vd.run(
            batch_parameters={"dataframe": frame}, expectation_parameters=params, result_format=result_format
        )
        sized = cast(Any, SimpleNamespace(height=total))  # _map reads the row count only
        results.extend(_map(contract, rules, outcome, sized, sample_size))
    return results
