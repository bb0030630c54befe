"""Actors: one actor is one thing, and one thing is one actor.

Examples
--------
>>> import polars as pl
>>> from newsframe.checks import run_check
>>> act = pl.DataFrame({"actor_id": ["a1", "a2"], "name": ["Joe Biden", "joe  biden"],
...                     "type": ["PERSON", "PERSON"], "country": ["USA", "USA"]})
>>> [(r.column, r.failing_rows) for r in run_check("actor-conflict", {"actors": act}, params={})]
[('actor_id', 0), ('name', 2)]
"""

from __future__ import annotations

import polars as pl

from newsframe.checks.base import CheckContext, Tables, missing
from newsframe.results import CheckResult

__all__ = ["actor_conflict", "canonical_name"]


def canonical_name(expr: pl.Expr) -> pl.Expr:
    """A name for comparison: lower case, no leading "the", punctuation dropped, whitespace collapsed."""
    return (
        expr.str.to_lowercase()
        .str.replace_all(r"[^\w\s]", "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.replace(r"^the ", "")
    )


def actor_conflict(tables: Tables, ctx: CheckContext) -> list[CheckResult]:
    """One actor_id described inconsistently, or two actor_ids for one actor.

    Rationale: tables concatenated from several runs or documents, and LLM
    output, give one id two identities (Georgia the country and Georgia the
    state) or one identity two ids (an unlinked alias), and every count per
    actor is then wrong. Three rules:

    - ``actors.actor_id``: rows sharing an ``actor_id`` disagree on ``type`` or on
      ``country`` (nulls are unknown, not a disagreement);
    - ``actors.name``: different ``actor_id`` with the same canonical name (case,
      punctuation, a leading "the" and spacing aside) and the same country;
    - ``mentions.actor_id``: a PERSON mention linked to a non-PERSON actor or the
      reverse (a person is never a country; GPE, NORP, ORG, LOC and FAC may
      legitimately stand for one another, as "Chinese" for China).

    Example: the seed's mention "Joe Biden" (PERSON) with ``actor_id`` swapped to
    ``CHN`` (a GPE) fails the third rule.
    """
    out: list[CheckResult] = []
    rule_id = "rows sharing an actor_id agree on type and country"
    rule_name = "no two actor_ids share a canonical name and country"
    why = missing(tables, {"actors": ["actor_id", "name", "type", "country"]})
    if why:
        out.append(ctx.skipped(table="actors", column="actor_id", rule=rule_id, message=why))
        out.append(ctx.skipped(table="actors", column="name", rule=rule_name, message=why))
        return out
    actors = tables["actors"]
    cols = ["actor_id", "name", "type", "country"]
    conflicting = (pl.col("type").drop_nulls().n_unique().over("actor_id") > 1) | (
        pl.col("country").drop_nulls().n_unique().over("actor_id") > 1
    )
    bad = actors.select(cols).filter(conflicting).sort("actor_id")
    out.append(
        ctx.result(table="actors", column="actor_id", rule=rule_id, failures=bad, total_rows=actors.height)
    )
    distinct = actors.select(cols).unique(subset=["actor_id"], keep="first")
    canon = canonical_name(pl.col("name"))
    bad = (
        distinct.with_columns(canon.alias("canonical_name"))
        .filter(pl.col("actor_id").n_unique().over("canonical_name", "country") > 1)
        .sort("canonical_name", "actor_id")
    )
    out.append(
        ctx.result(table="actors", column="name", rule=rule_name, failures=bad, total_rows=actors.height)
    )
    rule_m = "a PERSON mention links to a PERSON actor, and only a PERSON mention does"
    why = missing(tables, {"mentions": ["mention_id", "label", "actor_id"]})
    if why:
        if "mentions" in tables:
            out.append(ctx.skipped(table="mentions", column="actor_id", rule=rule_m, message=why))
        return out
    mentions = tables["mentions"]
    types = distinct.select("actor_id", pl.col("type").alias("actor_type"))
    m_cols = [
        c
        for c in ("mention_id", "doc_id", "sentence_id", "text", "label", "actor_id")
        if c in mentions.columns
    ]
    bad = (
        mentions.select(m_cols)
        .join(types, on="actor_id", how="inner")
        .filter((pl.col("label") == "PERSON") != (pl.col("actor_type") == "PERSON"))
        .sort("mention_id")
    )
    out.append(
        ctx.result(table="mentions", column="actor_id", rule=rule_m, failures=bad, total_rows=mentions.height)
    )
    return out
