"""Codebooks: event codes exist, and what a code implies (recipient, root, quad class, Goldstein) holds.

PLOVER categories come from ``seeds/reference/plover_codebook.csv``; CAMEO
codes from ``seeds/reference/cameo_codes.csv`` (columns ``code, root_code,
quad_class, goldstein``; a ``cameo_code`` column is read as ``code``).

Examples
--------
>>> import polars as pl
>>> from newsframe.checks import run_check
>>> ev = pl.DataFrame({"event_id": ["e1", "e2"], "event_type": ["CONSULT", "DEMAND"],
...                    "target_actor_id": ["CHN", None]})
>>> [(r.column, r.failing_rows) for r in run_check("codebook-mismatch", {"events": ev}, params={})]
[('event_type', 1), ('target_actor_id', 0)]
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import polars as pl

from newsframe.assets import asset_path
from newsframe.checks.base import CheckContext, Tables, keyed, missing
from newsframe.errors import InputError
from newsframe.results import CheckResult

__all__ = ["CAMEO_COLUMNS", "codebook_mismatch", "derive_plover", "load_cameo", "load_plover"]

CAMEO_COLUMNS: tuple[dict[str, str], ...] = (
    {
        "code": "EventCode",
        "root_code": "EventRootCode",
        "quad_class": "QuadClass",
        "goldstein": "GoldsteinScale",
    },
    {"code": "cameo_code", "root_code": "cameo_root", "quad_class": "quad_class", "goldstein": "goldstein"},
    {"code": "cameo_code", "root_code": "root_code", "quad_class": "quad_class", "goldstein": "goldstein"},
)
"""Column names of CAMEO-coded tables, recognised in this order (GDELT 2.0 first)."""

_GOLDSTEIN_TOLERANCE = 0.05


@lru_cache(maxsize=4)
def load_plover(path: str | None = None) -> pl.DataFrame:
    """The PLOVER codebook: ``event_type, quad_class, requires_target`` (bool)."""
    p = Path(path) if path else asset_path("seeds", "reference", "plover_codebook.csv")
    df = pl.read_csv(p, infer_schema=False)
    return df.select(
        "event_type",
        pl.col("quad_class").cast(pl.Int64),
        (pl.col("requires_target").str.to_lowercase() == "true").alias("requires_target"),
    )


@lru_cache(maxsize=4)
def load_cameo(path: str | None = None) -> pl.DataFrame | None:
    """The CAMEO table ``code, root_code, quad_class, goldstein`` (codes as strings), or ``None`` if absent.

    Reads CSV or TSV; a ``cameo_code`` column stands for ``code``.
    """
    p = Path(path) if path else asset_path("seeds", "reference", "cameo_codes.csv")
    if not p.is_file():
        if path:
            raise InputError("CAMEO reference table not found", path=p)
        return None
    df = pl.read_csv(p, infer_schema=False, separator="\t" if p.suffix == ".tsv" else ",")
    if "code" not in df.columns and "cameo_code" in df.columns:
        df = df.rename({"cameo_code": "code"})
    return df.select(
        "code",
        "root_code",
        pl.col("quad_class").cast(pl.Int64),
        pl.col("goldstein").cast(pl.Float64),
    )


def _cameo_tables(tables: Tables, ctx: CheckContext) -> list[tuple[str, dict[str, str]]]:
    wanted = ctx.param("cameo_table")
    found = []
    for name, df in tables.items():
        if wanted and name != wanted:
            continue
        variants = [
            {k: v for k, v in cols.items() if v in df.columns}
            for cols in CAMEO_COLUMNS
            if cols["code"] in df.columns
        ]
        if variants:
            found.append((name, max(variants, key=len)))
    return found


def derive_plover(frame: pl.DataFrame | pl.LazyFrame, codebook: pl.DataFrame) -> pl.LazyFrame:
    """What codebook-mismatch derives from the PLOVER codebook, once for every engine: ``frame`` (all its
    columns) with ``_known_type`` (``event_type`` is a category of ``codebook``; null when there is no
    ``event_type``) and ``_requires_target`` (the category requires a recipient: the codebook's
    ``requires_target``; False for an unknown or missing category).

    codebook-mismatch fails ``event_type`` where ``_known_type`` is False, and ``target_actor_id`` where
    ``_requires_target`` holds and it is null; the GX engine checks the same columns
    (:mod:`newsframe.contracts.gx_factual`).

    Examples
    --------
    >>> ev = pl.DataFrame({"event_type": ["CONSULT", "DEMAND", "ACCUSE", None]})
    >>> derive_plover(ev, load_plover()).select("_known_type", "_requires_target").collect().rows()
    [(True, False), (False, False), (True, True), (None, False)]
    """
    types = codebook["event_type"].implode()
    needs = codebook.filter("requires_target")["event_type"].implode()
    event_type = pl.col("event_type").cast(pl.String)
    return frame.lazy().with_columns(
        event_type.is_in(types).alias("_known_type"),
        event_type.is_in(needs).fill_null(False).alias("_requires_target"),
    )


def _plover(tables: Tables, ctx: CheckContext) -> list[CheckResult]:
    events = tables.get("events")
    if events is None or "event_type" not in events.columns:
        return []
    codebook = load_plover(ctx.param("plover_codebook"))
    ev, keys = keyed(events, "events")
    derived = derive_plover(ev, codebook)
    out = []
    rule = "event_type is a category of the PLOVER 2021 codebook"
    bad = derived.filter(pl.col("_known_type").not_()).select(*keys, "event_type").collect()
    out.append(
        ctx.result(table="events", column="event_type", rule=rule, failures=bad, total_rows=events.height)
    )
    rule = "target_actor_id is set for categories that require a recipient (codebook requires_target)"
    why = missing(tables, {"events": ["target_actor_id"]})
    if why:
        out.append(ctx.skipped(table="events", column="target_actor_id", rule=rule, message=why))
        return out
    bad = (
        derived.filter(pl.col("_requires_target") & pl.col("target_actor_id").is_null())
        .select(*keys, "event_type", "target_actor_id")
        .collect()
    )
    out.append(
        ctx.result(
            table="events", column="target_actor_id", rule=rule, failures=bad, total_rows=events.height
        )
    )
    return out


def _cameo(table: str, cols: dict[str, str], tables: Tables, ctx: CheckContext) -> list[CheckResult]:
    code = cols["code"]
    rule_code = f"{code} is a CAMEO event code"
    ref = load_cameo(ctx.param("cameo_reference"))
    if ref is None:
        msg = "seeds/reference/cameo_codes.csv is absent (set params.cameo_reference)"
        return [ctx.skipped(table=table, column=code, rule=rule_code, message=msg)]
    df = tables[table]
    declared = ctx.param("key")
    if declared:
        keys = [declared] if isinstance(declared, str) else list(declared)
    elif "GLOBALEVENTID" in df.columns:
        keys = ["GLOBALEVENTID"]
    else:
        df, keys = keyed(df, table)
    present = [c for c in cols.values() if c in df.columns]
    joined = (
        df.select(*dict.fromkeys([*keys, *present]))
        .with_columns(pl.col(code).cast(pl.String))
        .join(
            ref.rename({c: f"ref_{c}" for c in ref.columns if c != "code"}),
            left_on=code,
            right_on="code",
            how="left",
        )
    )
    out = []
    known = pl.col("ref_root_code").is_not_null()
    bad = joined.filter(pl.col(code).is_not_null() & ~known).select(*keys, code)
    out.append(ctx.result(table=table, column=code, rule=rule_code, failures=bad, total_rows=df.height))
    compare = {
        "root_code": (lambda c: pl.col(c).cast(pl.String) != pl.col("ref_root_code"), "root code"),
        "quad_class": (
            lambda c: pl.col(c).cast(pl.Int64, strict=False).ne_missing(pl.col("ref_quad_class")),
            "quad class",
        ),
        "goldstein": (
            lambda c: (
                (pl.col(c).cast(pl.Float64, strict=False) - pl.col("ref_goldstein")).abs().fill_null(1e9)
                > _GOLDSTEIN_TOLERANCE
            ),
            "Goldstein score",
        ),
    }
    for field, (differs, words) in compare.items():
        col = cols.get(field)
        if col is None:
            continue
        bad = joined.filter(known & pl.col(col).is_not_null() & differs(col)).select(
            *keys, code, col, pl.col(f"ref_{field}").alias(f"expected_{field}")
        )
        rule = f"{col} equals the {words} of {code} in the CAMEO table"
        out.append(ctx.result(table=table, column=col, rule=rule, failures=bad, total_rows=df.height))
    return out


def codebook_mismatch(tables: Tables, ctx: CheckContext) -> list[CheckResult]:
    """An event code outside its codebook, or a code whose implications the row contradicts.

    Rationale: a category is a promise about the rest of the row. For PLOVER
    tables (``events.event_type``): the type must be one of the 16 PLOVER 2021
    categories, and categories that require a recipient (REQUEST, ACCUSE,
    SANCTION...) need ``target_actor_id``. For CAMEO-coded tables (GDELT's
    ``EventCode``, or a ``cameo_code`` column): the code must exist, and the
    root code, quad class and Goldstein score (within 0.05) must be the code's.

    Example: an LLM's ``event_type="DEMAND"`` (PLOVER 2016, folded into REQUEST
    in 2021) fails; so does GDELT's ``EventCode="190"`` with ``QuadClass=1``
    (190 is material conflict, quad class 4).

    Parameters (``params``): ``plover_codebook``, ``cameo_reference`` (paths),
    ``cameo_table`` (restrict the CAMEO rules to one table), ``key`` (the CAMEO
    table's key columns for the sample; default ``GLOBALEVENTID`` when present).
    """
    out = _plover(tables, ctx)
    for table, cols in _cameo_tables(tables, ctx):
        out.extend(_cameo(table, cols, tables, ctx))
    if not out:
        out.append(
            ctx.skipped(
                table="events",
                column="event_type",
                rule="event codes belong to their codebook",
                message="no events.event_type and no CAMEO-coded table",
            )
        )
    return out
