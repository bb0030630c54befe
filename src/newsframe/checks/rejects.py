"""Rejects: the share of the inputs that ingest rejected, so that a gate can refuse a run of rejects.

Examples
--------
>>> import polars as pl
>>> from newsframe.checks import run_check
>>> docs = pl.DataFrame({"doc_id": ["a"], "text": ["One."]})
>>> rej = pl.DataFrame({"source_file": ["in.jsonl"] * 8, "line": list(range(2, 10)), "doc_id": [None] * 8,
...     "reason": ["malformed-json"] * 8})
>>> r = run_check("reject-rate", {"documents": docs, "rejects": rej}, params={})[0]
>>> r.status, r.failing_rows, r.total_rows, round(r.metrics["reject_rate"], 3)
('warning', 8, 9, 0.889)
"""

from __future__ import annotations

import polars as pl

from newsframe.checks.base import CheckContext, Tables, missing
from newsframe.results import CheckResult

__all__ = ["reject_rate"]


def reject_rate(tables: Tables, ctx: CheckContext) -> list[CheckResult]:
    """Every reject is a failing row out of all inputs (``documents`` + ``rejects``).

    Rationale: each reject is accounted for, but a run where 8 of 9 inputs are rejects still
    "passes" every table check; only the share of rejects says the input was wrong. Declare it on
    the rejects contract with an ODCS threshold in percent of the inputs, for instance
    ``mustBeLessThan: 10`` and ``unit: percent`` (as ``customProperties``); without a threshold
    any reject is reported. Not declared in the built-in contracts (off by default). The metric
    ``reject_rate`` is the share of rejected inputs.

    Example: 8 malformed lines and 1 good record: 8 failing rows of 9, ``reject_rate`` 0.889.
    """
    rule = "inputs that ingest rejected, out of documents + rejects"
    why = missing(tables, {"rejects": ["reason"], "documents": []})
    if why:
        return [ctx.skipped(table="rejects", column="reason", rule=rule, message=why)]
    rejects, documents = tables["rejects"], tables["documents"]
    total = rejects.height + documents.height
    keep = [c for c in ("source_file", "line", "doc_id", "reason", "detail") if c in rejects.columns]
    failures = rejects.select(keep) if keep else pl.DataFrame()
    share = rejects.height / total if total else 0.0
    return [
        ctx.result(
            table="rejects",
            column="reason",
            rule=rule,
            failures=failures,
            total_rows=total,
            metrics={"reject_rate": share},
            message=f"{rejects.height:,} of {total:,} inputs rejected ({share:.1%})",
        )
    ]
