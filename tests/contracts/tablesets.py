"""A small, valid set of the eight v1 tables for one two-sentence document, built by hand (tests corrupt copies)."""

from __future__ import annotations

import datetime as dt
import hashlib

import polars as pl

from newsframe.tables import conform

TEXT = (
    "President Joe Biden spoke with Xi Jinping on Tuesday. China sent 32 warplanes toward Taiwan last month."
)


def _span(text: str, start: int = 0) -> tuple[int, int]:
    s = TEXT.index(text, start)
    return s, s + len(text)


def build_tables() -> dict[str, pl.DataFrame]:
    """Eight valid v1 tables for one two-sentence document."""
    s1_end = TEXT.index(".") + 1
    s2_start = s1_end + 1
    documents = conform(
        "documents",
        [
            {
                "doc_id": "d1",
                "title": "Call",
                "source": "seed",
                "url": None,
                "published_at": dt.date(2024, 4, 2),
                "language": "en",
                "text": TEXT,
                "text_sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
            }
        ],
    )
    sentences = conform(
        "sentences",
        [
            {"doc_id": "d1", "sentence_id": 0, "start": 0, "end": s1_end, "text": TEXT[:s1_end]},
            {"doc_id": "d1", "sentence_id": 1, "start": s2_start, "end": len(TEXT), "text": TEXT[s2_start:]},
        ],
    )
    ments = []
    for i, (text, label, actor, sid) in enumerate(
        [
            ("Joe Biden", "PERSON", "a_biden", 0),
            ("Xi Jinping", "PERSON", "a_xi", 0),
            ("China", "GPE", "a_chn", 1),
            ("Taiwan", "GPE", "a_twn", 1),
        ]
    ):
        start, end = _span(text)
        ments.append(
            {
                "mention_id": f"m{i}",
                "doc_id": "d1",
                "sentence_id": sid,
                "start": start,
                "end": end,
                "text": text,
                "label": label,
                "actor_id": actor,
            }
        )
    mentions = conform("mentions", ments)
    actors = conform(
        "actors",
        [
            {
                "actor_id": "a_biden",
                "name": "Joe Biden",
                "type": "PERSON",
                "country": "USA",
                "role": "President",
                "aliases": ["Biden"],
            },
            {
                "actor_id": "a_xi",
                "name": "Xi Jinping",
                "type": "PERSON",
                "country": "CHN",
                "role": "President",
                "aliases": [],
            },
            {
                "actor_id": "a_chn",
                "name": "China",
                "type": "GPE",
                "country": "CHN",
                "role": None,
                "aliases": [],
            },
            {
                "actor_id": "a_twn",
                "name": "Taiwan",
                "type": "GPE",
                "country": "TWN",
                "role": None,
                "aliases": [],
            },
        ],
    )
    t1, t2 = _span("spoke"), _span("sent")
    events = conform(
        "events",
        [
            {
                "event_id": "e1",
                "doc_id": "d1",
                "sentence_id": 0,
                "event_type": "CONSULT",
                "source_actor_id": "a_biden",
                "target_actor_id": "a_xi",
                "trigger": "spoke",
                "trigger_start": t1[0],
                "trigger_end": t1[1],
                "quantity": None,
                "date_text": "on Tuesday",
                "date_start": dt.date(2024, 4, 2),
                "date_end": dt.date(2024, 4, 2),
                "date_precision": "day",
                "modality": "asserted",
            },
            {
                "event_id": "e2",
                "doc_id": "d1",
                "sentence_id": 1,
                "event_type": "MOBILIZE",
                "source_actor_id": "a_chn",
                "target_actor_id": "a_twn",
                "trigger": "sent",
                "trigger_start": t2[0],
                "trigger_end": t2[1],
                "quantity": 32.0,
                "date_text": "last month",
                "date_start": dt.date(2024, 3, 1),
                "date_end": dt.date(2024, 3, 31),
                "date_precision": "month",
                "modality": "asserted",
            },
        ],
    )
    topics = conform(
        "topics",
        [
            {"topic_id": "medtop:11000000", "label": "politics", "parent_id": None},
            {"topic_id": "medtop:20000638", "label": "foreign aid", "parent_id": "medtop:11000000"},
        ],
    )
    ev = _span("warplanes")
    document_topics = conform(
        "document_topics",
        [
            {
                "doc_id": "d1",
                "topic_id": "medtop:11000000",
                "score": 0.9,
                "evidence_start": ev[0],
                "evidence_end": ev[1],
            },
        ],
    )
    rejects = conform(
        "rejects",
        [
            {"source_file": "in.jsonl", "line": 3, "doc_id": None, "reason": "empty text"},
        ],
    )
    return {
        "documents": documents,
        "sentences": sentences,
        "mentions": mentions,
        "actors": actors,
        "events": events,
        "topics": topics,
        "document_topics": document_topics,
        "rejects": rejects,
    }
