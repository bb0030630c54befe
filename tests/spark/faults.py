"""The fault cases of the Spark parity test: one per contract rule kind and per factual check.

They corrupt the hand-built valid tables of ``tests/contracts/tablesets.py`` the way each check
guards against (the same corruptions as the Pandera and factual-check fault tests).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from .parity import Fault, set_row

Tables = dict[str, pl.DataFrame]


def _on(table: str, row: int, **values: object) -> Fault:
    def fault(t: Tables) -> Tables:
        return {**t, table: set_row(t[table], row, **values)}

    return fault


def _append(table: str, row: int, **values: object) -> Fault:
    """A copy of ``row`` with ``values`` appended to ``table``."""

    def fault(t: Tables) -> Tables:
        extra = set_row(t[table].slice(row, 1), 0, **values)
        return {**t, table: pl.concat([t[table], extra])}

    return fault


def _shift_mention(t: Tables) -> Tables:
    m = t["mentions"]
    return {**t, "mentions": set_row(m, 0, start=m["start"][0] + 1, end=m["end"][0] + 1)}


FAULTS: dict[str, tuple[Fault, tuple[str, ...]]] = {
    # contract rules (the cases of tests/contracts/test_pandera_engine.py)
    "enum": (_on("mentions", 1, label="PER"), ("mentions.label.enum-value",)),
    "enum-ev": (_on("events", 1, modality="maybe"), ("events.modality.enum-value",)),
    "not-null": (_on("events", 0, trigger=None), ("events.trigger.not-null",)),
    "range": (_on("events", 1, quantity=-1.0), ("events.quantity.out-of-range",)),
    "range-dt": (_on("document_topics", 0, score=1.5), ("document_topics.score.out-of-range",)),
    "length": (_on("mentions", 0, text=""), ("mentions.text.length-out-of-range",)),
    "pattern": (_on("documents", 0, text_sha256="XYZ"), ("documents.text_sha256.pattern-mismatch",)),
    "pair": (_on("mentions", 2, end=0), ("mentions.end.pair-order",)),
    "pair-dates": (_on("events", 0, date_end=dt.date(2024, 4, 1)), ("events.date_end.pair-order",)),
    "key": (_on("mentions", 1, mention_id="m0"), ("mentions.mention_id.key-duplicate",)),
    "key-2": (_append("sentences", 1), ("sentences.doc_id+sentence_id.key-duplicate",)),
    "fk": (_on("events", 0, source_actor_id="nobody"), ("events.source_actor_id.fk-missing",)),
    "fk-2": (_on("mentions", 3, sentence_id=7), ("mentions.doc_id+sentence_id.fk-missing",)),
    "shared-pattern": (_on("actors", 2, country="chn"), ("actors.country.pattern-mismatch",)),
    "shared-range": (_on("rejects", 0, line=0), ("rejects.line.out-of-range",)),
    # factual checks (the corruptions of tests/checks/)
    "span": (_shift_mention, ("mentions.text.span-mismatch",)),
    "span-range": (_on("events", 1, trigger_end=10_000), ("events.trigger_start.span-out-of-range",)),
    "span-sentence": (_on("mentions", 0, sentence_id=1), ("mentions.sentence_id.span-outside-sentence",)),
    "number": (_on("events", 1, quantity=23.0), ("events.quantity.number-ungrounded",)),
    "date": (
        _on("events", 0, date_start=dt.date(2024, 4, 10), date_end=dt.date(2024, 4, 10)),
        ("events.date_start.date-inconsistent",),
    ),
    "codebook": (_on("events", 0, event_type="FIGHT"), ("events.event_type.codebook-mismatch",)),
    "ungrounded": (_on("events", 0, source_actor_id="nobody"), ("events.source_actor_id.actor-ungrounded",)),
    "duplicate": (_append("events", 0, event_id="e9"), ("events.event_id.duplicate-event",)),
    "conflict": (
        _append("events", 0, event_id="e8", date_start=dt.date(2024, 4, 5), date_end=dt.date(2024, 4, 5)),
        ("events.date_start.date-conflict",),
    ),
    "actor": (
        _append("actors", 0, actor_id="a_biden2"),
        (
            "actors.name.actor-conflict",
            "actors.actor_id.actor-ungrounded",
            "actors.actor_id.cardinality-missing",
        ),
    ),
}
"""Case name -> (fault, check ids it must make fail on every engine)."""
