"""span-mismatch, span-out-of-range, span-outside-sentence."""

from __future__ import annotations

import polars as pl

from newsframe.checks import run_check

from .conftest import run_all, update

DOCS = pl.DataFrame({"doc_id": ["d"], "text": ["Biden met Xi. Then he left."]})
SENTS = pl.DataFrame({"doc_id": ["d", "d"], "sentence_id": [0, 1], "start": [0, 14], "end": [13, 27]})


def _mentions(rows: list[tuple[str, int, int, int, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"mention_id": m, "doc_id": "d", "sentence_id": s, "start": a, "end": b, "text": t}
            for m, s, a, b, t in rows
        ]
    )


def test_minimal_span_checks() -> None:
    men = _mentions(
        [
            ("ok", 0, 0, 5, "Biden"),
            ("shifted", 0, 1, 6, "Biden"),
            ("inverted", 0, 5, 0, "Biden"),
            ("past_end", 1, 20, 99, "left."),
            ("wrong_sentence", 1, 10, 12, "Xi"),
        ]
    )
    tables = {"documents": DOCS, "sentences": SENTS, "mentions": men}
    mism = {r.table: r for r in run_check("span-mismatch", tables, params={})}
    assert [s["mention_id"] for s in mism["mentions"].sample] == ["shifted"]
    assert mism["mentions"].sample[0]["found"] == "iden "
    rng = {r.table: r for r in run_check("span-out-of-range", tables, params={})}
    assert [s["mention_id"] for s in rng["mentions"].sample] == ["inverted", "past_end"]
    out = {r.table: r for r in run_check("span-outside-sentence", tables, params={})}
    assert [s["mention_id"] for s in out["mentions"].sample] == ["past_end", "wrong_sentence"]


def test_shifted_mention_offset_is_a_mismatch_only(seed_tables: dict[str, pl.DataFrame]) -> None:
    men = seed_tables["mentions"]
    row = men.filter(pl.col("text") == "Xi Jinping").row(0, named=True)
    men = update(men, "mention_id", row["mention_id"], start=row["start"] + 1, end=row["end"] + 1)
    assert run_all({**seed_tables, "mentions": men}) == {
        ("span-mismatch", "mentions", "text"): {row["mention_id"]}
    }


def test_shifted_trigger_and_evidence_offsets(seed_tables: dict[str, pl.DataFrame]) -> None:
    ev = seed_tables["events"]
    e = ev.filter(pl.col("event_id") == "e05").row(0, named=True)
    ev = update(ev, "event_id", "e05", trigger_start=e["trigger_start"] - 1, trigger_end=e["trigger_end"] - 1)
    dt = seed_tables["document_topics"].with_columns(
        pl.when(pl.col("topic_id") == "medtop:20000418")
        .then(pl.col("evidence_start") + 2)
        .otherwise(pl.col("evidence_start"))
        .alias("evidence_start")
    )
    got = run_all({**seed_tables, "events": ev, "document_topics": dt})
    assert got == {
        ("span-mismatch", "events", "trigger"): {"e05"},
        ("span-mismatch", "document_topics", "evidence"): {("000_a51778374016c8c0", "medtop:20000418", 2)},
    }


def test_offsets_past_the_end_are_out_of_range_not_mismatch(seed_tables: dict[str, pl.DataFrame]) -> None:
    n = len(seed_tables["documents"]["text"][0])
    men = update(seed_tables["mentions"], "mention_id", "m047", start=n - 2, end=n + 5)
    got = run_all({**seed_tables, "mentions": men})
    assert got == {
        ("span-out-of-range", "mentions", "start"): {"m047"},
        ("span-outside-sentence", "mentions", "sentence_id"): {"m047"},
    }


def test_mention_filed_under_the_wrong_sentence(seed_tables: dict[str, pl.DataFrame]) -> None:
    men = update(seed_tables["mentions"], "mention_id", "m002", sentence_id=1)
    assert run_all({**seed_tables, "mentions": men}) == {
        ("span-outside-sentence", "mentions", "sentence_id"): {"m002"}
    }


def test_topic_evidence_without_text_column_is_skipped_for_mismatch(
    seed_tables: dict[str, pl.DataFrame],
) -> None:
    tables = {**seed_tables, "document_topics": seed_tables["document_topics"].drop("evidence")}
    res = {(r.table, r.status) for r in run_check("span-mismatch", tables, params={})}
    assert ("document_topics", "skipped") in res
    res = {(r.table, r.status) for r in run_check("span-out-of-range", tables, params={})}
    assert ("document_topics", "passed") in res
