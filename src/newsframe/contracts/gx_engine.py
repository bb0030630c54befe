"""Compile contracts to Great Expectations 1.x suites, export them as JSON, and run them.

The suite of a contract is built as plain JSON-ready data (:func:`suite_dict`)
so that ``newsframe contracts export`` is fast and its output stable (no
``id`` fields, expectations in contract order); ``gx.ExpectationSuite(**d)``
reads it back. Each expectation carries ``meta.newsframe.rule``: the id of
the contract rule it implements, so that GX results map onto the same
:class:`~newsframe.results.CheckResult` as Pandera's (``engine="gx"``).

Relations are expressed in GX by a documented equivalent: a single-column
foreign key ``events.doc_id → documents.doc_id`` is
``expect_column_values_to_be_in_set(column="doc_id", value_set={"$PARAMETER":
"documents__doc_id"})``; the value set is filled at run time from the target
table (``expectation_parameters``). Cardinality rules (every document has a
sentence) are the same expectation on the other side. What GX cannot express
(dtypes after the pandas conversion, composite foreign keys, prefix,
reference and null-island rules, the factual checks GX does not mirror) is
listed in the suite's ``meta.newsframe.not_in_gx`` and checked by Pandera and
Polars.

The factual checks (span-mismatch, span-out-of-range, number-ungrounded,
quote-ungrounded, date-inconsistent, codebook-mismatch) are mirrored by
built-in expectations over columns derived from the source tables
(:mod:`.gx_factual`); they sit in the suite of the table they check, whichever
contract declares them, and carry ``meta.newsframe.mirror``.

GX has no Polars engine: tables run through ``to_pandas()`` (pyarrow) on a
pandas datasource in an ephemeral context, analytics off. great_expectations
is imported only inside :func:`run_gx` (it takes seconds to import).

Examples
--------
>>> from newsframe.contracts import load_contracts
>>> d = suite_dict(load_contracts()["sentences"])
>>> d["name"], d["expectations"][0]["type"]
('newsframe.sentences', 'expect_column_to_exist')
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from newsframe.contracts import gx_factual
from newsframe.contracts.kinds import Bounds
from newsframe.contracts.loader import contracts_dir, load_contracts
from newsframe.contracts.model import Contract, ContractSet, Rule
from newsframe.results import SAMPLE_SIZE, CheckResult, jsonable

__all__ = ["GX_SEVERITY", "export_gx", "run_gx", "suite_dict", "suite_json"]

GX_SEVERITY = {"error": "critical", "warning": "warning"}


def _exp(rule: Rule, type_: str, **kwargs: Any) -> dict[str, Any]:
    return {
        "type": type_,
        "kwargs": kwargs,
        "meta": {"newsframe": {"rule": rule.id, "slug": rule.slug}},
        "severity": GX_SEVERITY[rule.severity],
    }


def _num(v: Any) -> Any:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


def rule_expectations(rule: Rule) -> list[dict[str, Any]] | None:
    """The GX expectations of one rule, or None when GX cannot express it."""
    p = rule.params
    col = rule.column
    if rule.slug == "not-null":
        return [_exp(rule, "expect_column_values_to_not_be_null", column=col)]
    if rule.slug == "key-duplicate":
        cols = list(p.get("columns", (col,)))
        if len(cols) > 1:
            return [_exp(rule, "expect_compound_columns_to_be_unique", column_list=cols)]
        return [_exp(rule, "expect_column_values_to_be_unique", column=cols[0])]
    if rule.slug == "enum-value":
        return [_exp(rule, "expect_column_values_to_be_in_set", column=col, value_set=list(p["values"]))]
    if rule.slug == "pattern-mismatch":
        return [_exp(rule, "expect_column_values_to_match_regex", column=col, regex=str(p["pattern"]))]
    if rule.slug == "length-out-of-range":
        kw: dict[str, Any] = {"column": col}
        if "minLength" in p:
            kw["min_value"] = int(p["minLength"])
        if "maxLength" in p:
            kw["max_value"] = int(p["maxLength"])
        return [_exp(rule, "expect_column_value_lengths_to_be_between", **kw)]
    if rule.slug == "out-of-range":
        b = Bounds.decode(p)
        kw = {"column": col}
        if b.low is not None:
            kw["min_value"] = _num(b.low)
            if not b.low_inclusive:  # GX drops the default (False) on a round trip
                kw["strict_min"] = True
        if b.high is not None:
            kw["max_value"] = _num(b.high)
            if not b.high_inclusive:
                kw["strict_max"] = True
        return [_exp(rule, "expect_column_values_to_be_between", **kw)]
    if rule.slug == "pair-order":
        return [
            _exp(
                rule,
                "expect_column_pair_values_a_to_be_greater_than_b",
                column_A=str(p["greater"]),
                column_B=str(p["lesser"]),
                or_equal=bool(p.get("orEqual", False)),
                ignore_row_if="either_value_is_missing",
            )
        ]
    if rule.slug in ("fk-missing", "cardinality-missing") and len(p["from"]) == 1:
        exp = _exp(
            rule,
            "expect_column_values_to_be_in_set",
            column=p["from"][0],
            value_set={"$PARAMETER": f"{p['to_table']}__{p['to'][0]}"},
        )
        exp["meta"]["newsframe"]["value_set_from"] = f"{p['to_table']}.{p['to'][0]}"
        return [exp]
    return None


def _declared(contract: Contract, contracts: Iterable[Contract] | None) -> list[Rule]:
    """The factual rules declared by the contract set (or by ``contract`` alone)."""
    return [r for c in (contracts if contracts is not None else [contract]) for r in c.rules_of("factual")]


def suite_dict(contract: Contract, *, contracts: Iterable[Contract] | None = None) -> dict[str, Any]:
    """The contract as a GX 1.x ExpectationSuite, as JSON-ready data without ids.

    ``contracts`` is the contract set: factual checks it declares anywhere are
    mirrored in this suite when they check this table (span-mismatch, declared
    by mentions, also checks events.trigger). Without it, only this contract's
    factual rules are mirrored.
    """
    expectations: list[dict[str, Any]] = []
    not_in_gx: list[dict[str, str]] = []
    factual_in_gx: list[dict[str, Any]] = []
    for name in contract.columns:
        presence = Rule(
            "schema-column-missing",
            contract.name,
            name,
            "schema",
            f"column {name} is present",
            dimension="completeness",
        )
        expectations.append(_exp(presence, "expect_column_to_exist", column=name))
    for rule in contract.rules:
        if rule.slug == "schema-column-missing":
            continue
        exps = rule_expectations(rule)
        if rule.kind == "factual" and rule.slug in gx_factual.COVERAGE:
            covered, rest = gx_factual.COVERAGE[rule.slug]
            entry: dict[str, Any] = {"rule": rule.id, "in_gx": covered}
            if rest:
                entry["not_in_gx"] = f"{rest}: run by newsframe.checks"
            factual_in_gx.append(entry)
            continue
        if exps is None:
            why = {
                "schema": "dtypes change in the pandas conversion; checked by Pandera",
                "frame": "no built-in GX expectation; checked by Pandera",
                "relation": "composite key; checked by the Polars anti-join",
                "factual": "factual check; run by newsframe.checks",
            }.get(rule.kind, "checked by Pandera")
            not_in_gx.append({"rule": rule.id, "why": why})
        else:
            expectations.extend(exps)
    expectations.extend(gx_factual.mirror_expectations(contract.name, _declared(contract, contracts)))
    meta: dict[str, Any] = {
        "contract": contract.contract_id,
        "contract_version": contract.version,
        "table": contract.name,
        "key": list(contract.key),
        "not_in_gx": not_in_gx,
    }
    if factual_in_gx:
        meta["factual_in_gx"] = factual_in_gx
    return {
        "name": f"newsframe.{contract.name}",
        "expectations": expectations,
        "meta": {"newsframe": meta},
        "notes": None,
    }


def suite_json(contract: Contract, *, contracts: Iterable[Contract] | None = None) -> str:
    """The exported suite text: stable JSON (2-space indent, trailing newline)."""
    return (
        json.dumps(jsonable(suite_dict(contract, contracts=contracts)), indent=2, ensure_ascii=False) + "\n"
    )


def export_gx(
    directory: Path | None = None, *, out: Path | None = None, check: bool = False
) -> tuple[list[Path], list[Path]]:
    """Export every contract of ``directory`` as ``<out>/<table>.json`` (default ``<directory>/gx``).

    With ``check=True`` nothing is written: ``drift`` lists the suites that
    are missing, differ from their contract, or have no contract any more.

    Returns
    -------
    (written, drift)
        The suite paths (written, or checked), and the drifted ones.

    Examples
    --------
    >>> written, drift = export_gx(None, check=True)
    >>> drift
    []
    """
    contracts = load_contracts(directory)
    target = Path(out) if out is not None else contracts_dir(directory) / "gx"
    written: list[Path] = []
    drift: list[Path] = []
    expected: set[str] = set()
    for contract in contracts:
        path = target / f"{contract.name}.json"
        expected.add(path.name)
        text = suite_json(contract, contracts=contracts)
        if check:
            current = path.read_text(encoding="utf-8") if path.is_file() else None
            if current != text:
                drift.append(path)
        else:
            target.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        written.append(path)
    if check and target.is_dir():
        drift.extend(sorted(p for p in target.glob("*.json") if p.name not in expected))
    return written, drift


# ------------------------------------------------------------------------------------------------ running


def _context(docs: Path | None) -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    if docs is not None:
        ctx.add_data_docs_site(
            site_name="newsframe",
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(Path(docs).resolve()),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
    return ctx


def _columns_of(exp: Mapping[str, Any]) -> list[str]:
    kw = exp["kwargs"]
    cols = [kw[k] for k in ("column", "column_A", "column_B") if k in kw]
    return [*cols, *kw.get("column_list", [])]


def _rules_by_id(contract: Contract) -> dict[str, Rule]:
    out = {r.id: r for r in contract.rules}
    for name in contract.columns:
        r = Rule(
            "schema-column-missing",
            contract.name,
            name,
            "schema",
            f"column {name} is present",
            dimension="completeness",
        )
        out[r.id] = r
    return out


@dataclass
class ReadySuite:
    """A contract's suite made ready for one table: what GX needs to run it on its own."""

    suite: dict[str, Any]
    """The suite (JSON-ready, no ids) with the expectations that can run on these tables."""
    frame: pl.DataFrame
    """The table, with the derived ``nf__*`` columns the factual mirrors read (and ``nf__row``) when any run."""
    parameters: dict[str, list[Any]]
    """Values of the suite's ``$PARAMETER`` references (``expectation_parameters``)."""
    skipped: list[CheckResult]
    """The expectations that cannot run here (a column or table is absent), as ``skipped`` results."""
    mirrored: bool


def runnable_expectations(
    contract: Contract,
    suite: Mapping[str, Any],
    columns: Sequence[str],
    total: int,
    values: Callable[[str, str], list[Any] | None],
) -> tuple[list[dict[str, Any]], dict[str, list[Any]], list[CheckResult]]:
    """The suite's plain (non-mirror) expectations that can run on a table with ``columns``.

    Returns the expectations to keep, the ``$PARAMETER`` values of the foreign-key ones, and a
    ``skipped`` result for each that cannot run (a column of its own is missing, or its
    ``value_set_from`` table or column is absent). ``values(table, column)`` gives the distinct
    non-null values of that column, or ``None`` when it is absent; it is the one engine-specific
    part (Polars for :func:`prepare_suite`, Spark for :mod:`newsframe.spark.gx`).
    """
    rules = _rules_by_id(contract)
    keep: list[dict[str, Any]] = []
    params: dict[str, list[Any]] = {}
    skipped: list[CheckResult] = []
    for exp in suite["expectations"]:
        meta = exp["meta"]["newsframe"]
        if "mirror" in meta:  # the factual mirrors are prepared apart
            continue
        rule = rules[meta["rule"]]
        missing = [c for c in _columns_of(exp) if c not in columns]
        if missing and exp["type"] != "expect_column_to_exist":
            why = f"not checked: column {missing[0]} is missing"
            skipped.append(rule.status_result("skipped", why, engine="gx", total=total, suffix="@gx"))
            continue
        vs = exp["kwargs"].get("value_set")
        if isinstance(vs, Mapping):
            ref = str(meta["value_set_from"])
            t, _, c = ref.rpartition(".")
            found = values(t, c)
            if found is None:
                why = f"not checked: {ref} is absent"
                skipped.append(rule.status_result("skipped", why, engine="gx", total=total, suffix="@gx"))
                continue
            params[str(vs["$PARAMETER"])] = found
        keep.append(exp)
    return keep, params, skipped


def prepare_suite(
    contract: Contract, contracts: ContractSet, frame: pl.DataFrame, tables: Mapping[str, pl.DataFrame]
) -> ReadySuite:
    """The suite of ``contract`` for ``frame``: parameters from the other ``tables``, derived columns added."""
    declared = {r.id: r for r in _declared(contract, contracts)}
    data = suite_dict(contract, contracts=contracts)
    mirrors = [e for e in data["expectations"] if "mirror" in e["meta"]["newsframe"]]

    def values(table: str, column: str) -> list[Any] | None:
        target = tables.get(table)
        if target is None or column not in target.columns:
            return None
        return target.get_column(column).drop_nulls().unique().to_list()

    keep, params, results = runnable_expectations(contract, data, frame.columns, frame.height, values)
    checked = frame
    mirrored = False
    if mirrors:
        prepared = gx_factual.prepare(contract.name, frame, tables, mirrors, declared)
        results.extend(prepared.skipped)
        if prepared.expectations:
            mirrored = True
            keep.extend(prepared.expectations)
            params.update(prepared.parameters)
            checked = prepared.frame
    data["expectations"] = keep
    return ReadySuite(data, checked, params, results, mirrored)


def run_gx(
    contracts: ContractSet,
    tables: Mapping[str, pl.DataFrame],
    *,
    sample_size: int = SAMPLE_SIZE,
    docs: Path | None = None,
) -> list[CheckResult]:
    """Run each present table's suite in GX (pandas datasource on ``to_pandas()``); results with ``engine="gx"``.

    Expectations on absent columns, and relation expectations whose target
    table is absent, are reported ``skipped``. With ``docs``, GX Data Docs are
    built there (they load CSS/JS from CDNs: see the README).
    """
    import great_expectations as gx

    ctx = _context(docs)
    results: list[CheckResult] = []
    for contract in contracts:
        frame = tables.get(contract.name)
        if frame is None:
            continue
        rules = _rules_by_id(contract)
        declared = {r.id: r for r in _declared(contract, contracts)}
        ready = prepare_suite(contract, contracts, frame, tables)
        results.extend(ready.skipped)
        data, params, checked, mirrored = ready.suite, ready.parameters, ready.frame, ready.mirrored
        vd, key, result_format = validation_definition(
            ctx, contract, data, frame.columns, spark=False, row_column=bool(mirrored)
        )
        pdf = checked.to_pandas()
        if docs is not None:
            checkpoint = ctx.checkpoints.add(
                gx.Checkpoint(
                    name=f"newsframe_{contract.name}",
                    validation_definitions=[vd],
                    actions=[gx.checkpoint.UpdateDataDocsAction(name="docs")],
                    result_format=result_format,
                )
            )
            run = checkpoint.run(batch_parameters={"dataframe": pdf}, expectation_parameters=params)
            outcome = next(iter(run.run_results.values()))
        else:
            outcome = vd.run(
                batch_parameters={"dataframe": pdf},
                expectation_parameters=params,
                result_format=result_format,
            )
        results.extend(_map(contract, rules, outcome, frame, sample_size))
        if mirrored:
            results.extend(
                gx_factual.map_mirrors(
                    contract.name,
                    outcome.results,
                    declared,
                    key=key,
                    total=frame.height,
                    sample_size=sample_size,
                )
            )
    return results


def validation_definition(
    ctx: Any,
    contract: Contract,
    suite: dict[str, Any],
    columns: Sequence[str],
    *,
    spark: bool,
    row_column: bool = False,
) -> tuple[Any, list[str], dict[str, Any]]:
    """A table's suite on a whole-dataframe batch of a pandas (or Spark) datasource, its key and result format.

    One place for what :func:`run_gx` and the Spark GX run (:mod:`newsframe.spark.gx`) share: the suite,
    the datasource named after the table, the validation definition, and a ``COMPLETE`` result format
    that names the failing rows by the table's key (and by the factual mirrors' row number, ``row_column``).
    """
    import great_expectations as gx

    name = f"newsframe_{'spark_' if spark else ''}{contract.name}"
    added = ctx.suites.add(gx.ExpectationSuite(**suite))
    source = ctx.data_sources.add_spark(name) if spark else ctx.data_sources.add_pandas(name)
    batch = source.add_dataframe_asset(contract.name).add_batch_definition_whole_dataframe("all")
    vd = ctx.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=added))
    key = [k for k in contract.key if k in columns]
    result_format: dict[str, Any] = {"result_format": "COMPLETE"}
    if key or row_column:
        result_format["unexpected_index_column_names"] = [*key, *([gx_factual.ROW] if row_column else [])]
    return vd, key, result_format


def _unrow(item: Any, *, keyed: bool) -> Any:
    """A failing row without the mirrors' row number (kept as ``row`` for a keyless table)."""
    if not isinstance(item, Mapping) or gx_factual.ROW not in item:
        return item
    rest = {k: v for k, v in item.items() if k != gx_factual.ROW}
    return rest if keyed else {"row": item[gx_factual.ROW], **rest}


def _map(
    contract: Contract, rules: Mapping[str, Rule], outcome: Any, frame: pl.DataFrame, n: int
) -> list[CheckResult]:
    total = frame.height
    out: list[CheckResult] = []
    presence_failed = False
    ordered = {r.id: i for i, r in enumerate(rules.values())}
    items = sorted(
        (r for r in outcome.results if "mirror" not in r.expectation_config.meta["newsframe"]),
        key=lambda r: ordered.get(r.expectation_config.meta["newsframe"]["rule"], 0),
    )
    for res in items:
        rule = rules[res.expectation_config.meta["newsframe"]["rule"]]
        info = res.exception_info or {}
        if info.get("raised_exception"):
            out.append(
                rule.status_result(
                    "error",
                    f"GX could not run it: {str(info.get('exception_message'))[:300]}",
                    engine="gx",
                    total=total,
                    suffix="@gx",
                )
            )
            continue
        if rule.slug == "schema-column-missing":
            if res.success:
                continue
            presence_failed = True
            out.append(
                rule.failures_result(
                    pl.DataFrame({"column": [rule.column]}),
                    engine="gx",
                    count=total,
                    total=total,
                    message=f"column {rule.column} is missing",
                    suffix="@gx",
                )
            )
            continue
        result = res.result or {}
        count = 0 if res.success else int(result.get("unexpected_count") or 0)
        if not res.success and count == 0:
            count = total
        sample = [
            _unrow(jsonable(r), keyed=bool(contract.key))
            for r in (result.get("unexpected_index_list") or [])[:n]
        ]
        if sample and not isinstance(sample[0], Mapping):  # no key: row numbers, with the values beside them
            values = [jsonable(v) for v in (result.get("unexpected_list") or [])[:n]]
            column = rule.column or "value"
            sample = [{"row": r, column: v} for r, v in zip(sample, values, strict=False)]
        failures = pl.DataFrame(sample, infer_schema_length=None) if sample else pl.DataFrame()
        out.append(
            rule.failures_result(failures, engine="gx", count=count, total=total, sample_size=n, suffix="@gx")
        )
    if not presence_failed:
        r = Rule(
            "schema-column-missing",
            contract.name,
            None,
            "schema",
            "every contract column is present",
            dimension="completeness",
        )
        out.insert(0, r.failures_result(pl.DataFrame(), engine="gx", count=0, total=total, suffix="@gx"))
    return out
