"""A realistic, valid set of v1 tables for the seed article, built by hand.

Offsets are computed with ``str.find`` on the real seed text (from
seeds/documents/), so a table here is exactly what a careful extractor would
write. Fault-injection tests corrupt a copy and assert which rows fail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

import polars as pl
import pytest

from newsframe.checks import run_checks
from newsframe.checks.base import keys_of
from newsframe.results import CheckResult
from newsframe.tables import conform

SEED = Path(__file__).resolve().parents[2] / "seeds" / "documents" / "000_a51778374016c8c0.txt"
DOC = "000_a51778374016c8c0"
PUBLISHED = dt.date(2024, 4, 2)

# (sentence, surface, label, actor_id)
MENTIONS: list[tuple[int, str, str, str | None]] = [
    (0, "Joe Biden", "PERSON", "joe_biden"),
    (0, "Chinese", "NORP", "CHN"),
    (0, "Xi Jinping", "PERSON", "xi_jinping"),
    (1, "California", "GPE", None),
    (2, "Taiwan", "GPE", "TWN"),
    (5, "The White House", "ORG", "white_house"),
    (5, "Joe Biden", "PERSON", "joe_biden"),
    (5, "Chinese", "NORP", "CHN"),
    (5, "Xi Jinping", "PERSON", "xi_jinping"),
    (6, "China", "GPE", "CHN"),
    (7, "Chinese", "NORP", "CHN"),
    (10, "Biden", "PERSON", "joe_biden"),
    (10, "Beijing", "GPE", "CHN"),
    (10, "Russia", "GPE", "RUS"),
    (10, "Ukraine", "GPE", "UKR"),
    (13, "Taiwan", "GPE", "TWN"),
    (13, "Lai Ching-te", "PERSON", "lai_ching_te"),
    (13, "Beijing", "GPE", "CHN"),
    (14, "Biden", "PERSON", "joe_biden"),
    (14, "Washington", "GPE", "USA"),
    (14, "Beijing", "GPE", "CHN"),
    (14, "Taiwan", "GPE", "TWN"),
    (15, "TikTok", "ORG", "tiktok"),
    (16, "U.S.", "GPE", "USA"),
    (16, "Chinese", "NORP", "CHN"),
    (17, "Chinese", "NORP", "CHN"),
    (17, "Taiwan", "GPE", "TWN"),
    (18, "Chinese", "NORP", "CHN"),
    (18, "US", "GPE", "USA"),
    (19, "Joe Biden", "PERSON", "joe_biden"),
    (19, "Chinese", "NORP", "CHN"),
    (19, "Xi Jinping", "PERSON", "xi_jinping"),
    (19, "California", "GPE", None),
    (21, "Janet Yellen", "PERSON", "janet_yellen"),
    (21, "China", "GPE", "CHN"),
    (21, "Antony Blinken", "PERSON", "antony_blinken"),
    (22, "Jake Sullivan", "PERSON", "jake_sullivan"),
    (23, "San Francisco", "GPE", None),
    (23, "Chinese", "NORP", "CHN"),
    (23, "Taiwan", "GPE", "TWN"),
    (23, "American", "NORP", "USA"),
    (25, "White House", "ORG", "white_house"),
    (25, "Biden", "PERSON", "joe_biden"),
    (25, "Philippines", "GPE", "PHL"),
    (25, "Ferdinand Marcos Jr.", "PERSON", "ferdinand_marcos_jr"),
    (25, "Japanese", "NORP", "JPN"),
    (25, "Fumio Kishida", "PERSON", "fumio_kishida"),
    (26, "Chinese", "NORP", "CHN"),
]

ACTORS = [
    ("joe_biden", "Joe Biden", "PERSON", "USA", "President", ["Biden", "Joe Biden"]),
    ("xi_jinping", "Xi Jinping", "PERSON", "CHN", "President", ["Xi Jinping"]),
    ("lai_ching_te", "Lai Ching-te", "PERSON", "TWN", None, ["Lai Ching-te"]),
    ("janet_yellen", "Janet Yellen", "PERSON", "USA", "Treasury Secretary", ["Janet Yellen"]),
    ("antony_blinken", "Antony Blinken", "PERSON", "USA", "Secretary of State", ["Antony Blinken"]),
    ("jake_sullivan", "Jake Sullivan", "PERSON", "USA", "National Security Adviser", ["Jake Sullivan"]),
    ("ferdinand_marcos_jr", "Ferdinand Marcos Jr.", "PERSON", "PHL", "President", ["Ferdinand Marcos Jr."]),
    ("fumio_kishida", "Fumio Kishida", "PERSON", "JPN", "Prime Minister", ["Fumio Kishida"]),
    ("white_house", "The White House", "ORG", "USA", None, ["White House", "The White House"]),
    ("tiktok", "TikTok", "ORG", None, None, ["TikTok"]),
    ("USA", "United States", "GPE", "USA", None, ["U.S.", "US", "Washington", "American"]),
    ("CHN", "China", "GPE", "CHN", None, ["China", "Chinese", "Beijing"]),
    ("TWN", "Taiwan", "GPE", "TWN", None, ["Taiwan"]),
    ("RUS", "Russia", "GPE", "RUS", None, ["Russia"]),
    ("UKR", "Ukraine", "GPE", "UKR", None, ["Ukraine"]),
    ("PHL", "Philippines", "GPE", "PHL", None, ["Philippines"]),
    ("JPN", "Japan", "GPE", "JPN", None, ["Japanese"]),
]

# (event_id, sentence, type, source, target, trigger, quantity, date_text, start, end, precision, modality)
D = dt.date
EVENTS = [
    ("e01", 0, "CONSULT", "joe_biden", "xi_jinping", "phone call", None, "on Tuesday morning",
     D(2024, 4, 2), D(2024, 4, 2), "day", "asserted"),
    ("e02", 1, "CONSULT", "joe_biden", "xi_jinping", "meeting", None, "almost five months ago",
     D(2023, 11, 1), D(2023, 11, 30), "month", "asserted"),
    ("e03", 10, "ACCUSE", "joe_biden", "CHN", "express concerns", None, None, None, None, None, "future"),
    ("e04", 11, "AGREE", "joe_biden", "xi_jinping", "agreed", None, None, None, None, None, "asserted"),
    ("e05", 17, "MOBILIZE", "CHN", "TWN", "detected", 32.0, "Last month",
     D(2024, 3, 1), D(2024, 3, 31), "month", "asserted"),
    ("e06", 21, "CONSULT", "janet_yellen", "CHN", "travel", None, "on Thursday",
     D(2024, 4, 4), D(2024, 4, 4), "day", "future"),
    ("e07", 21, "CONSULT", "antony_blinken", "CHN", "trip", None, "in the weeks ahead",
     D(2024, 4, 2), D(2024, 5, 14), "week", "future"),
    ("e08", 25, "CONSULT", "joe_biden", "ferdinand_marcos_jr", "host", None, "next week",
     D(2024, 4, 8), D(2024, 4, 14), "week", "future"),
    ("e09", 25, "CONSULT", "joe_biden", "fumio_kishida", "host", None, "next week",
     D(2024, 4, 8), D(2024, 4, 14), "week", "future"),
]  # fmt: skip

# (topic_id, label, evidence surface, sentence)
TOPICS = [
    ("medtop:20000096", "drug trafficking", "fentanyl", 9),
    ("medtop:20001298", "artificial intelligence", "artificial intelligence", 9),
    ("medtop:20000418", "climate change", "climate change", 9),
    ("medtop:20000062", "war", "war in Ukraine", 10),
    ("medtop:20000574", "election", "election interference", 4),
]

QUOTES = [
    ("q1", 6, "Like with any message we deliver to China or to other countries, "
     "it is one of continual reinforcement of concern,", None),
    ("q2", 11, "The two leaders agreed to maintain regular open lines of communication to responsibly "
     "manage competition and prevent unintended conflict,", None),
]  # fmt: skip


def seed_text() -> str:
    """The seed article, as ingested (UTF-8 text of seeds/documents/000_*.txt)."""
    return SEED.read_text(encoding="utf-8")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences: each line, split again after ``.``/``?``/``!`` before a capital or a quote."""
    out = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        for piece in re.split(r"(?<=[.?!]) (?=[A-Z'])", line):
            s = text.find(piece, start)
            out.append((s, s + len(piece)))
            start = s + len(piece)
        pos += len(line) + 1
    return [(s, e) for s, e in out if e > s]


def _find(text: str, surface: str, bounds: tuple[int, int]) -> int:
    at = text.find(surface, bounds[0], bounds[1])
    assert at >= 0, f"{surface!r} not in sentence {bounds}"
    return at


def build_seed_tables() -> dict[str, pl.DataFrame]:
    """The valid v1 tables (plus a quotes table) for the seed article."""
    text = seed_text()
    spans = sentence_spans(text)
    assert len(spans) == 27
    documents = conform(
        "documents",
        [
            {
                "doc_id": DOC,
                "title": None,
                "source": "seeds/documents/000_a51778374016c8c0.txt",
                "url": None,
                "published_at": PUBLISHED,
                "language": "en",
                "text": text,
                "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
            }
        ],
    )
    sentences = conform(
        "sentences",
        [
            {"doc_id": DOC, "sentence_id": i, "start": s, "end": e, "text": text[s:e]}
            for i, (s, e) in enumerate(spans)
        ],
    )
    mention_rows = []
    cursor: dict[int, int] = {}
    for n, (sid, surface, label, actor) in enumerate(MENTIONS):
        lo = max(spans[sid][0], cursor.get(sid, 0))
        at = _find(text, surface, (lo, spans[sid][1]))
        cursor[sid] = at + len(surface)
        mention_rows.append(
            {
                "mention_id": f"m{n:03d}",
                "doc_id": DOC,
                "sentence_id": sid,
                "start": at,
                "end": at + len(surface),
                "text": surface,
                "label": label,
                "actor_id": actor,
            }
        )
    mentions = conform("mentions", mention_rows)
    actors = conform(
        "actors",
        [
            {"actor_id": a, "name": n, "type": t, "country": c, "role": r, "aliases": al}
            for a, n, t, c, r, al in ACTORS
        ],
    )
    event_rows = []
    for eid, sid, etype, src, tgt, trig, qty, dtext, ds, de, prec, mod in EVENTS:
        at = _find(text, trig, spans[sid])
        event_rows.append(
            {
                "event_id": eid,
                "doc_id": DOC,
                "sentence_id": sid,
                "event_type": etype,
                "source_actor_id": src,
                "target_actor_id": tgt,
                "trigger": trig,
                "trigger_start": at,
                "trigger_end": at + len(trig),
                "quantity": qty,
                "date_text": dtext,
                "date_start": ds,
                "date_end": de,
                "date_precision": prec,
                "modality": mod,
            }
        )
    events = conform("events", event_rows)
    topics = conform("topics", [{"topic_id": t, "label": lab, "parent_id": None} for t, lab, _, _ in TOPICS])
    dt_rows = []
    for t, _, surface, sid in TOPICS:
        at = _find(text, surface, spans[sid])
        dt_rows.append(
            {
                "doc_id": DOC,
                "topic_id": t,
                "score": 0.9,
                "evidence_start": at,
                "evidence_end": at + len(surface),
                "evidence": surface,
            }
        )
    document_topics = conform("document_topics", dt_rows)
    quote_rows = []
    for qid, sid, quote, speaker in QUOTES:
        at = _find(text, quote, spans[sid])
        quote_rows.append(
            {
                "quote_id": qid,
                "doc_id": DOC,
                "sentence_id": sid,
                "text": quote,
                "speaker_actor_id": speaker,
                "start": at,
                "end": at + len(quote),
            }
        )
    quotes = pl.DataFrame(
        quote_rows,
        schema={
            "quote_id": pl.String,
            "doc_id": pl.String,
            "sentence_id": pl.Int64,
            "text": pl.String,
            "speaker_actor_id": pl.String,
            "start": pl.Int64,
            "end": pl.Int64,
        },
    )
    return {
        "documents": documents,
        "sentences": sentences,
        "mentions": mentions,
        "actors": actors,
        "events": events,
        "topics": topics,
        "document_topics": document_topics,
        "rejects": conform("rejects", []),
        "quotes": quotes,
    }


_CACHE: dict[str, pl.DataFrame] = {}


@pytest.fixture
def seed_tables() -> dict[str, pl.DataFrame]:
    """A fresh dict of the valid seed tables (DataFrames are immutable; corrupt with ``with_columns``)."""
    if not _CACHE:
        _CACHE.update(build_seed_tables())
    return dict(_CACHE)


def update(df: pl.DataFrame, key: str, value: str, **changes: object) -> pl.DataFrame:
    """``df`` with the columns in ``changes`` set on the row(s) where ``key == value``."""
    hit = pl.col(key) == value
    assert df.filter(hit).height >= 1, f"no row {key}={value!r}"
    return df.with_columns(
        pl.when(hit).then(pl.lit(v, dtype=df.schema[c])).otherwise(pl.col(c)).alias(c)
        for c, v in changes.items()
    )


def failures(results: Iterable[CheckResult]) -> dict[tuple[str, str | None], list[dict[str, object]]]:
    """Failing samples by (table, column), for results that failed or warned."""
    return {(r.table, r.column): r.sample for r in results if r.status in ("failed", "warning", "error")}


def keys(results: Iterable[CheckResult], column: str) -> dict[tuple[str, str | None], set[object]]:
    """The failing rows' ``column`` values by (table, column) of the failing results."""
    return {k: {row[column] for row in sample} for k, sample in failures(results).items()}


def _key(table: str, row: dict[str, object]) -> object:
    cols = keys_of(table)
    vals = tuple(row.get(c) for c in cols)
    return vals[0] if len(vals) == 1 else vals


def run_all(
    tables: dict[str, pl.DataFrame], **params: dict[str, object]
) -> dict[tuple[str, str, str | None], set[object]]:
    """Run every factual check; the failing rows' keys by (slug, table, column), for failing results only.

    ``params`` are per check, by slug with ``_`` for ``-`` (``date_conflict={"tolerance_days": 3}``).
    """
    by_slug = {k.replace("_", "-"): v for k, v in params.items()}
    results = run_checks(tables, params=by_slug, sample_size=1000)
    out: dict[tuple[str, str, str | None], set[object]] = {}
    for r in results:
        assert r.engine == "newsframe"
        assert r.status != "error", r.message
        if r.status in ("failed", "warning"):
            out[(r.slug, r.table, r.column)] = {_key(r.table, row) for row in r.sample}
    return out
