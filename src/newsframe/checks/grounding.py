"""Grounding: every actor an event names is mentioned near the event, and every actor somewhere.

Examples
--------
>>> import polars as pl
>>> from newsframe.checks import run_check
>>> men = pl.DataFrame({"mention_id": ["m1"], "doc_id": ["d"], "sentence_id": [0], "actor_id": ["USA"]})
>>> ev = pl.DataFrame({"event_id": ["e1"], "doc_id": ["d"], "sentence_id": [0],
...                    "source_actor_id": ["USA"], "target_actor_id": ["ATL"]})
>>> act = pl.DataFrame({"actor_id": ["USA", "ATL"]})
>>> [(r.column, r.failing_rows) for r in run_check("actor-ungrounded",
...     {"mentions": men, "events": ev, "actors": act}, params={})]
[('source_actor_id', 0), ('target_actor_id', 1), ('actor_id', 1)]
"""

from __future__ import annotations

import polars as pl

from newsframe.checks.base import CheckContext, Tables, missing
from newsframe.results import CheckResult

__all__ = ["actor_ungrounded"]

_ROLES = ("source_actor_id", "target_actor_id")


def actor_ungrounded(tables: Tables, ctx: CheckContext) -> list[CheckResult]:
    """An event's source or target actor with no mention near the event, or an actor never mentioned.

    Rationale: an LLM readily names an actor the article never mentions, or
    attaches the right event to the wrong party. An event's actor must have a
    mention (``mentions.actor_id``) in the same document within ``window``
    sentences of the event's sentence (default 6: plural anaphora such as
    "the two leaders" reach back a paragraph or two); every row of ``actors``
    must have at least one mention anywhere. The sample gives the nearest
    mention's sentence (null when the document never mentions the actor).

    Example: in the seed, "32 Chinese warplanes were detected over Taiwan"
    (sentence 17) with target ``PHL``: the Philippines first appear in sentence
    25, eight sentences on, so the target is ungrounded.

    Parameters (``params``): ``window`` (int, default 6).
    """
    window = ctx.number("window")
    why = missing(tables, {"mentions": ["doc_id", "sentence_id", "actor_id"]})
    rule_ev = f"actor has a mention within {window} sentence(s) of the event's sentence"
    out: list[CheckResult] = []
    if why:
        for col in _ROLES:
            out.append(ctx.skipped(table="events", column=col, rule=rule_ev, message=why))
        out.append(ctx.skipped(table="actors", column="actor_id", rule="actor has a mention", message=why))
        return out
    mentions = tables["mentions"].select(
        "doc_id", "actor_id", pl.col("sentence_id").alias("mention_sentence")
    )
    mentions = mentions.filter(pl.col("actor_id").is_not_null())
    by_sentence: pl.DataFrame | None = None  # sorted for the as-of join, built only when needed
    for col in _ROLES if "events" in tables else ():  # no events table: only the actors are held
        why = missing(tables, {"events": ["event_id", "doc_id", "sentence_id", col]})
        if why:
            out.append(ctx.skipped(table="events", column=col, rule=rule_ev, message=why))
            continue
        events = tables["events"]
        ev = events.select("event_id", "doc_id", "sentence_id", pl.col(col).alias("actor_id")).filter(
            pl.col("actor_id").is_not_null()
        )
        # Most events name actors of their own sentence: a hash anti-join settles those; only the rest
        # go through the as-of join that finds the nearest mention.
        ev = ev.join(
            mentions,
            left_on=["doc_id", "actor_id", "sentence_id"],
            right_on=["doc_id", "actor_id", "mention_sentence"],
            how="anti",
        ).sort("sentence_id")
        if ev.height and by_sentence is None:
            by_sentence = mentions.unique().sort("mention_sentence")
        nearest = ev.join_asof(
            by_sentence if by_sentence is not None else mentions.clear(),
            left_on="sentence_id",
            right_on="mention_sentence",
            by=["doc_id", "actor_id"],
            strategy="nearest",
            check_sortedness=False,
        )
        bad = (
            nearest.filter(
                pl.col("mention_sentence").is_null()
                | ((pl.col("mention_sentence") - pl.col("sentence_id")).abs() > window)
            )
            .select(
                "event_id",
                "doc_id",
                "sentence_id",
                pl.col("actor_id").alias(col),
                pl.col("mention_sentence").alias("nearest_mention_sentence"),
            )
            .sort("event_id")
        )
        out.append(
            ctx.result(table="events", column=col, rule=rule_ev, failures=bad, total_rows=events.height)
        )
    actors = tables.get("actors")
    if actors is not None:
        rule = "every actor has at least one mention (mentions.actor_id)"
        why = missing(tables, {"actors": ["actor_id"]})
        if why:
            out.append(ctx.skipped(table="actors", column="actor_id", rule=rule, message=why))
        else:
            cols = [c for c in ("actor_id", "name") if c in actors.columns]
            bad = actors.select(cols).join(mentions.select("actor_id"), on="actor_id", how="anti")
            out.append(
                ctx.result(
                    table="actors", column="actor_id", rule=rule, failures=bad, total_rows=actors.height
                )
            )
    return out
