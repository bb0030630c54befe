"""Every rule on every registered engine: the Polars reference and each engine flag the same rows.

The faulty v1 tables (one fault per rule kind, :func:`faulty_tables`) and a small contract exercising
the kinds the v1 contracts do not declare (strict schema, prefix, reference, null-island, dtype) are run
on each engine of ``ENGINES_UNDER_TEST``; for every rule an engine supports, its failing rows (the
0-based ``row`` of every failing row, all of them sampled) must be the reference's.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polars as pl
import pytest

from newsframe.contracts import load_contracts
from newsframe.contracts.engines import Engine, engine_names, get_engine
from newsframe.contracts.kinds import RULE_KINDS
from newsframe.contracts.model import ContractSet
from newsframe.results import CheckResult

from .test_gx_engine import faulty_tables

pytestmark = pytest.mark.xdist_group("gx")

ENGINES_UNDER_TEST = ("pandera", "gx", "spark")
"""Every registered engine but the reference; a new engine is added here (and must pass)."""
PARAMS = [
    pytest.param(n, marks=pytest.mark.xdist_group("spark")) if n == "spark" else n for n in ENGINES_UNDER_TEST
]
"""The engines as test parameters: Spark's cases join the Spark tests' worker (one JVM per test run)."""
SAMPLE = 10_000

FRAME_CONTRACT = """\
apiVersion: v3.2.0
kind: DataContract
id: parity-places
name: places
version: 1.0.0
status: active
schema:
- name: places
  physicalType: table
  properties:
  - name: code
    logicalType: string
    physicalType: String
    required: true
    primaryKey: true
  - name: root
    logicalType: string
    physicalType: String
  - name: score
    logicalType: number
    physicalType: Float64
    logicalTypeOptions: {exclusiveMinimum: -10, maximum: 10}
  - name: lat
    logicalType: number
    physicalType: Float64
  - name: lon
    logicalType: number
    physicalType: Float64
  - name: count
    logicalType: integer
    physicalType: Int64
  quality:
  - type: custom
    engine: newsframe
    implementation: prefix-mismatch
    customProperties: [{property: column, value: root}, {property: source, value: code}, {property: length, value: 2}]
  - type: custom
    engine: newsframe
    implementation: reference-mismatch
    customProperties:
    - {property: reference, value: ref.csv}
    - {property: key, value: code}
    - {property: referenceKey, value: code}
    - {property: column, value: score}
    - {property: referenceColumn, value: score}
  - type: custom
    engine: newsframe
    implementation: null-island
    customProperties: [{property: columns, value: [lat, lon]}]
  customProperties:
  - {property: strict, value: true}
"""


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> tuple[ContractSet, dict[str, pl.DataFrame]]:
    folder = tmp_path_factory.mktemp("parity")
    (folder / "places.odcs.yaml").write_text(FRAME_CONTRACT, encoding="utf-8")
    (folder / "ref.csv").write_text("code,score\n0101,1.0\n0202,2.0\n", encoding="utf-8")
    frame = pl.DataFrame(
        {
            "code": ["0101", "0202", "0303", "0101"],
            "root": ["01", "03", "03", "01"],
            "score": [1.0, 2.5, -10.0, 1.0],
            "lat": [1.0, 0.0, 0.0, None],
            "lon": [2.0, 0.0, 3.0, 0.0],
            "count": [1.0, 2.0, 3.0, 4.0],  # Float64, not the contract's Int64: dtype-mismatch
            "extra": [1, 2, 3, 4],  # strict: schema-column-extra
        }
    )
    return load_contracts(folder), {"places": frame}


def _rows(result: CheckResult, key: tuple[str, ...]) -> list[object]:
    """The failing rows of a result: by key when the sample carries it (GX does), else by row number."""
    return sorted(
        str(tuple(r[k] for k in key)) if key and all(k in r for k in key) else str(r.get("row"))
        for r in result.sample
    )


def _run(
    engine: Engine, contracts: ContractSet, tables: Mapping[str, pl.DataFrame]
) -> dict[str, CheckResult]:
    results = engine.run(contracts, tables, sample_size=SAMPLE)
    return {r.id.removesuffix(f"@{engine.name}"): r for r in results}


@pytest.fixture(scope="module")
def v1() -> tuple[ContractSet, dict[str, pl.DataFrame]]:
    return load_contracts(), faulty_tables()


def _engine(name: str) -> Engine:
    """Engine ``name``; Spark on the test session's ``local[2]`` (its cases skip without pyspark or Java)."""
    if name != "spark":
        return get_engine(name)
    from newsframe.spark import spark_missing, spark_session

    reason = spark_missing()
    if reason is not None:
        pytest.skip(f"the Spark engine needs pyspark and Java: {reason}")
    return get_engine("spark", spark=spark_session("local[2]", app_name="newsframe-tests"))


def _compare(name: str, contracts: ContractSet, tables: Mapping[str, pl.DataFrame]) -> int:
    reference = _run(get_engine("polars"), contracts, tables)
    engine = _engine(name)
    found = _run(engine, contracts, tables)
    compared = 0
    for contract in contracts:
        for rule in contract.rules:
            if rule.kind == "factual" or not engine.supports(rule) or rule.id not in found:
                continue
            ref, got = reference[rule.id], found[rule.id]
            assert (got.status, got.failing_rows) == (ref.status, ref.failing_rows), (name, rule.id, ref, got)
            if rule.kind in ("column", "frame", "relation") and ref.failing_rows:
                assert _rows(got, contract.key) == _rows(ref, contract.key), (name, rule.id)
            compared += 1
    return compared


def test_every_engine_is_under_test() -> None:
    assert set(engine_names()) - {"polars"} <= set(ENGINES_UNDER_TEST)


@pytest.mark.parametrize("name", PARAMS)
def test_engine_flags_the_reference_rows_on_the_v1_contracts(
    name: str, v1: tuple[ContractSet, dict[str, pl.DataFrame]]
) -> None:
    assert _compare(name, *v1) > 40


@pytest.mark.parametrize("name", PARAMS)
def test_engine_flags_the_reference_rows_on_the_frame_kinds(
    name: str, places: tuple[ContractSet, dict[str, pl.DataFrame]]
) -> None:
    _compare(name, *places)


def test_the_reference_runs_every_rule_kind_and_the_faults_fail_it(
    v1: tuple[ContractSet, dict[str, pl.DataFrame]], places: tuple[ContractSet, dict[str, pl.DataFrame]]
) -> None:
    failed: set[str] = set()
    for contracts, tables in (v1, places):
        failed |= {r.slug for r in _run(get_engine("polars"), contracts, tables).values() if r.failed}
    assert set(RULE_KINDS) - failed == {"schema-column-missing"}  # covered below


def test_the_reference_reports_a_missing_column(v1: tuple[ContractSet, dict[str, pl.DataFrame]]) -> None:
    contracts, tables = v1
    broken = {**tables, "topics": tables["topics"].drop("label")}
    results = _run(get_engine("polars"), contracts, broken)
    assert results["topics.label.schema-column-missing"].failed
    assert results["topics.label.length-out-of-range"].status == "skipped"
    pandera = _run(get_engine("pandera"), contracts, broken)
    assert pandera["topics.label.schema-column-missing"].failed


def test_the_reference_runs_on_lazy_frames(v1: tuple[ContractSet, dict[str, pl.DataFrame]]) -> None:
    contracts, tables = v1
    eager = _run(get_engine("polars"), contracts, tables)
    lazy = _run(get_engine("polars"), contracts, {k: v.lazy() for k, v in tables.items()})
    assert {k: (r.status, r.failing_rows, r.sample) for k, r in lazy.items()} == {
        k: (r.status, r.failing_rows, r.sample) for k, r in eager.items()
    }


def test_a_registered_engine_is_found_by_name(tmp_path: Path) -> None:
    from newsframe.contracts import engines

    class Null:
        name = "null"
        families = frozenset({"schema"})

        def supports(self, rule: object) -> bool:
            return False

        def run(self, *args: object, **kwargs: object) -> list[CheckResult]:
            return []

    engines.register_engine("null-test", Null)
    try:
        assert isinstance(get_engine("null-test"), Engine)
        with pytest.raises(ValueError, match="already registered"):
            engines.register_engine("null-test", Null)
    finally:
        engines._FACTORIES.pop("null-test")
    with pytest.raises(ValueError, match="unknown engine 'nope'"):
        get_engine("nope")
