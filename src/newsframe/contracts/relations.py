"""Relations between tables, as vectorised Polars anti-joins that return the orphan rows.

``fk-missing``: rows whose (non-null) foreign key has no match in the target
table (``events.source_actor_id → actors.actor_id``, composite
``(doc_id, sentence_id) → sentences``). ``cardinality-missing``: rows with
no row pointing at them (a document without sentences, an actor without
mentions); it is the same anti-join, declared on the other side.

Examples
--------
>>> import polars as pl
>>> from newsframe.contracts.model import Rule
>>> rule = Rule("fk-missing", "events", "doc_id", "relation", "doc_id references documents(doc_id)",
...             params={"from": ("doc_id",), "to_table": "documents", "to": ("doc_id",)})
>>> orphans(rule, pl.DataFrame({"doc_id": ["a", "b", None]}), pl.DataFrame({"doc_id": ["a"]})).to_dicts()
[{'row': 1, 'doc_id': 'b'}]
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from newsframe.contracts.model import ContractSet, Rule
from newsframe.results import SAMPLE_SIZE, CheckResult

__all__ = ["check_relations", "orphans", "target_absent"]


def orphans(
    rule: Rule, frame: pl.DataFrame | pl.LazyFrame, target: pl.DataFrame | pl.LazyFrame
) -> pl.DataFrame:
    """Rows of ``frame`` (with their 0-based ``row``) whose key is not in ``target``; null keys are skipped.

    Both sides may be LazyFrames: the anti-join then runs on the streaming engine, reading only the key
    columns.
    """
    src = list(rule.params["from"])
    dst = list(rule.params["to"])
    left = frame.lazy().select(src).with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    left = left.filter(pl.all_horizontal(pl.col(c).is_not_null() for c in src))
    right = target.lazy().select([pl.col(d).alias(s) for s, d in zip(src, dst, strict=True)]).unique()
    ls, rs = left.collect_schema(), right.collect_schema()
    casts = [pl.col(s).cast(pl.String) for s in src if ls[s] != rs[s]]
    if casts:  # mismatched dtypes: compare as text rather than fail
        left = left.with_columns(casts)
        right = right.with_columns(casts)
    found: pl.DataFrame = (
        left.join(right, on=src, how="anti", nulls_equal=False).sort("row").collect(engine="streaming")
    )
    return found


def target_absent(contracts: ContractSet, rule: Rule, *, engine: str, total: int | None) -> CheckResult:
    """The ``skipped`` result of a relation whose target table is absent (saying when the contract needs it)."""
    target_name = str(rule.params["to_table"])
    why = f"{target_name} table is absent" + (
        " (the relation checks need it)"
        if target_name in contracts and contracts[target_name].required_table
        else ""
    )
    return rule.status_result("skipped", f"not checked: {why}", engine=engine, total=total)


def _height(frame: pl.DataFrame | pl.LazyFrame) -> int:
    if isinstance(frame, pl.DataFrame):
        return frame.height
    return int(frame.select(pl.len()).collect(engine="streaming").item())


def _rows(frame: pl.DataFrame | pl.LazyFrame, columns: list[str], rows: list[int]) -> pl.DataFrame:
    """``columns`` of the given 0-based rows of ``frame``, in that order."""
    if isinstance(frame, pl.DataFrame):
        return frame.select(columns)[rows] if rows else frame.select(columns).clear()
    picked = (
        frame.with_row_index("_row")
        .filter(pl.col("_row").is_in(rows))
        .select("_row", *columns)
        .collect(engine="streaming")
    )
    order = pl.DataFrame({"_row": pl.Series(rows, dtype=picked.schema["_row"])})
    return order.join(picked, on="_row", how="left").drop("_row")


def check_relations(
    contracts: ContractSet,
    tables: Mapping[str, pl.DataFrame | pl.LazyFrame],
    *,
    sample_size: int = SAMPLE_SIZE,
) -> list[CheckResult]:
    """Run every relation rule of every contract whose table is present; one result per rule."""
    results: list[CheckResult] = []
    for contract in contracts:
        frame = tables.get(contract.name)
        if frame is None:
            continue
        columns = frame.collect_schema().names() if isinstance(frame, pl.LazyFrame) else frame.columns
        key = [k for k in contract.key if k in columns]
        total: int | None = None
        for rule in contract.rules_of("relation"):
            if total is None:
                total = _height(frame)
            target_name = str(rule.params["to_table"])
            target = tables.get(target_name)
            if target is None:
                results.append(target_absent(contracts, rule, engine="polars", total=total))
                continue
            target_columns = target.collect_schema().names()
            gone = [c for c in rule.params["from"] if c not in columns]
            gone += [f"{target_name}.{c}" for c in rule.params["to"] if c not in target_columns]
            if gone:
                results.append(
                    rule.status_result(
                        "skipped",
                        f"not checked: column {gone[0]} is missing",
                        engine="polars",
                        total=total,
                    )
                )
                continue
            bad = orphans(rule, frame, target)
            sample = bad.head(sample_size)
            if key:
                extra = [k for k in key if k not in sample.columns]
                if extra:
                    sample = sample.with_columns(_rows(frame, extra, sample["row"].to_list()))
                sample = sample.select(
                    "row", *key, *[c for c in sample.columns if c not in key and c != "row"]
                )
            results.append(
                rule.failures_result(
                    sample, engine="polars", count=bad.height, total=total, sample_size=sample_size
                )
            )
    return results
