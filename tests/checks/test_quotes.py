"""quote-ungrounded."""

from __future__ import annotations

import polars as pl
import pytest

from newsframe.checks import run_check

from .conftest import run_all, update


def test_minimal_quote_marks_and_whitespace() -> None:
    docs = pl.DataFrame({"doc_id": ["d"], "text": ["He said: \u201cWe will\n  act now.\u201d Then left."]})
    q = pl.DataFrame(
        {
            "quote_id": ["straight", "paraphrase", "empty"],
            "doc_id": ["d"] * 3,
            "text": ["'We will act now.'", "We shall act now.", "\u201d"],
        }
    )
    (r,) = run_check("quote-ungrounded", {"documents": docs, "quotes": q}, params={})
    assert [s["quote_id"] for s in r.sample] == ["paraphrase", "empty"]


def test_quote_column_in_another_table_is_found() -> None:
    docs = pl.DataFrame({"doc_id": ["d"], "text": ["'Go home,' she said."]})
    ev = pl.DataFrame({"event_id": ["e1", "e2"], "doc_id": ["d", "d"], "quote": ["Go home,", "Go away"]})
    (r,) = run_check("quote-ungrounded", {"documents": docs, "events": ev}, params={})
    assert (r.table, r.column, [s["event_id"] for s in r.sample]) == ("events", "quote", ["e2"])


def test_no_quotes_anywhere_is_skipped() -> None:
    docs = pl.DataFrame({"doc_id": ["d"], "text": ["x"]})
    (r,) = run_check("quote-ungrounded", {"documents": docs}, params={})
    assert r.status == "skipped"


def test_paraphrased_quote_on_the_seed(seed_tables: dict[str, pl.DataFrame]) -> None:
    q = update(
        seed_tables["quotes"],
        "quote_id",
        "q2",
        text="The two leaders agreed to keep regular open lines of communication to manage competition responsibly",
    )
    assert run_all({**seed_tables, "quotes": q}) == {("quote-ungrounded", "quotes", "text"): {"q2"}}


def test_declared_columns_one_string_or_a_clear_error() -> None:
    docs = pl.DataFrame({"doc_id": ["d"], "text": ["'Go home,' she said."]})
    ev = pl.DataFrame({"event_id": ["e1"], "doc_id": ["d"], "quote": ["Go away"]})
    (r,) = run_check(
        "quote-ungrounded", {"documents": docs, "events": ev}, params={"columns": "events.quote"}
    )
    assert (r.table, r.column, r.failing_rows) == ("events", "quote", 1)
    with pytest.raises(ValueError, match=r"'table\.column' entries, not \['quote'\]"):
        run_check("quote-ungrounded", {"documents": docs, "events": ev}, params={"columns": ["quote"]})
