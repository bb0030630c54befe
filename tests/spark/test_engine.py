"""The registered ``spark`` engine: a rule kind Spark SQL does not compile runs its reference expression.

``tests/contracts/test_parity.py`` holds the engine's native Spark SQL to the Polars reference on every
built-in kind; here the other path: a kind registered without a Spark compilation (and every built-in
kind with the native compilations switched off) is evaluated by its Polars ``valid`` expression on the
executors, and gives the reference's failing rows; a kind with neither is skipped with the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from newsframe.contracts.engines import get_engine
from newsframe.contracts.kinds import RULE_KINDS, RuleKind, register_rule_kind
from newsframe.contracts.model import Column, Contract, ContractSet, Rule
from newsframe.results import CheckResult


def _outcomes(results: list[CheckResult]) -> dict[str, tuple[str, int, list[Any]]]:
    return {r.id: (r.status, r.failing_rows, sorted(map(str, r.sample))) for r in results}


@pytest.fixture
def new_kinds() -> Any:
    """Two kinds registered for one test: a row-wise one (odd numbers fail) and one with no expression."""
    even = RuleKind(
        "even-value",
        "column",
        "conformity",
        "an odd number",
        valid=lambda rule, dtype: (pl.col(rule.column or "") % 2) == 0,
    )
    opaque = RuleKind("opaque-test", "column", "conformity", "no row-wise expression")
    register_rule_kind(even)
    register_rule_kind(opaque)
    yield
    RULE_KINDS.pop("even-value")
    RULE_KINDS.pop("opaque-test")


def _contract() -> ContractSet:
    columns = {
        "id": Column("id", pl.String(), "string", True, primary_key_position=1),
        "n": Column("n", pl.Int64(), "integer", False),
    }
    rules = [
        Rule("even-value", "nums", "n", "column", "n is even"),
        Rule("not-null", "nums", "id", "column", "id is present", dimension="completeness"),
    ]
    contract = Contract("nums", Path("nums.odcs.yaml"), "nums", "1.0.0", columns, rules)
    return ContractSet(Path("."), {"nums": contract})


def test_a_registered_kind_without_spark_sql_runs_its_reference(spark: Any, new_kinds: Any) -> None:
    contracts = _contract()
    frame = pl.DataFrame({"id": ["a", "b", "c", None, "e"], "n": [2, 3, None, 4, 7]})
    engine = get_engine("spark", spark=spark)
    assert engine.supports(contracts["nums"].rules[0])
    on_spark = _outcomes(engine.run(contracts, {"nums": frame}, sample_size=100))
    reference = _outcomes(get_engine("polars").run(contracts, {"nums": frame}, sample_size=100))
    assert on_spark == reference
    assert on_spark["nums.n.even-value"][:2] == ("failed", 2)  # 3 and 7; the null passes
    assert on_spark["nums.n.even-value"][2] == sorted(
        map(str, [{"row": 1, "id": "b", "n": 3}, {"row": 4, "id": "e", "n": 7}])
    )


def test_a_kind_with_no_expression_is_skipped_with_the_reason(spark: Any, new_kinds: Any) -> None:
    contracts = _contract()
    contract = contracts["nums"]
    contract.rules.append(Rule("opaque-test", "nums", "n", "column", "opaque"))
    engine = get_engine("spark", spark=spark)
    assert not engine.supports(contract.rules[-1])
    found = {r.id: r for r in engine.run(contracts, {"nums": pl.DataFrame({"id": ["a"], "n": [1]})})}
    assert found["nums.n.opaque-test"].status == "skipped"
    assert "no Spark SQL and no row-wise reference" in (found["nums.n.opaque-test"].message or "")


def test_every_built_in_kind_by_its_reference_expression(
    spark: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With the native compilations switched off, the reference path alone gives the reference's rows."""
    from contracts.test_gx_engine import faulty_tables
    from contracts.test_parity import FRAME_CONTRACT
    from newsframe.contracts import load_contracts
    from newsframe.contracts.engines import spark as spark_engine

    monkeypatch.setattr(spark_engine, "SPARK_SQL", {})
    (tmp_path / "places.odcs.yaml").write_text(FRAME_CONTRACT, encoding="utf-8")
    (tmp_path / "ref.csv").write_text("code,score\n0101,1.0\n0202,2.0\n", encoding="utf-8")
    frame = pl.DataFrame(
        {
            "code": ["0101", "0202", "0303", "0101"],
            "root": ["01", "03", "03", "01"],
            "score": [1.0, 2.5, -10.0, 1.0],
            "lat": [1.0, 0.0, 0.0, None],
            "lon": [2.0, 0.0, 3.0, 0.0],
            "count": [1, 2, 3, 4],
        }
    )
    faulty = {n: f for n, f in faulty_tables().items() if n in ("mentions", "events", "documents")}
    cases = [(load_contracts(tmp_path), {"places": frame}), (load_contracts(), faulty)]
    rows = {"column", "frame"}
    compared = failed = 0
    for contracts, tables in cases:
        on_spark = _outcomes(
            get_engine("spark", spark=spark).run(contracts, tables, sample_size=1000, families=rows)
        )
        reference = _outcomes(get_engine("polars").run(contracts, tables, sample_size=1000, families=rows))
        for contract in contracts:
            for rule in contract.rules:
                kind = RULE_KINDS.get(rule.slug)
                if kind is not None and kind.row_wise and rule.id in reference:
                    assert on_spark[rule.id] == reference[rule.id], rule.id
                    compared += 1
                    failed += reference[rule.id][0] == "failed"
    assert compared > 15 and failed > 6
