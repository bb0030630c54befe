"""number-ungrounded and the number reader."""

from __future__ import annotations

import polars as pl
import pytest

from newsframe.checks import run_check
from newsframe.checks.numbers import sentence_numbers

from .conftest import run_all, update


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Last month 32 Chinese warplanes", 32.0),
        ("thirty-two warplanes", 32.0),
        ("Thirty two warplanes", 32.0),
        ("some 1,000 troops", 1000.0),
        ("1.5 million people", 1_500_000.0),
        ("a $2bn deal", 2e9),
        ("two hundred thousand marchers", 200_000.0),
        ("a dozen ships", 12.0),
        ("rose 40% in", 40.0),
        ("nineteen arrests", 19.0),
    ],
)
def test_sentence_numbers_reads_digits_and_words(text: str, value: float) -> None:
    s = pl.DataFrame({"doc_id": ["d"], "sentence_id": [0], "text": [text]})
    assert value in sentence_numbers(s)["value"].to_list()


def test_minimal_table() -> None:
    sents = pl.DataFrame(
        {"doc_id": ["d", "d"], "sentence_id": [0, 1], "text": ["Five ships sailed.", "Then 7 more."]}
    )
    ev = pl.DataFrame(
        {
            "event_id": ["a", "b", "c", "d"],
            "doc_id": ["d"] * 4,
            "sentence_id": [0, 0, 0, 1],
            "quantity": [5.0, 7.0, None, 7.0],
        }
    )
    (r,) = run_check("number-ungrounded", {"events": ev, "sentences": sents}, params={})
    assert [s["event_id"] for s in r.sample] == ["b"]
    assert r.sample[0]["evidence"] == "Five ships sailed."
    (r,) = run_check("number-ungrounded", {"events": ev, "sentences": sents}, params={"window": 1})
    assert r.failing_rows == 0


def test_32_changed_to_23(seed_tables: dict[str, pl.DataFrame]) -> None:
    ev = update(seed_tables["events"], "event_id", "e05", quantity=23.0)
    assert run_all({**seed_tables, "events": ev}) == {("number-ungrounded", "events", "quantity"): {"e05"}}


def test_32_in_words_is_grounded(seed_tables: dict[str, pl.DataFrame]) -> None:
    sents = seed_tables["sentences"].with_columns(pl.col("text").str.replace("32", "thirty-two"))
    (r,) = run_check("number-ungrounded", {**seed_tables, "sentences": sents}, params={})
    assert r.status == "passed"
    ev = update(seed_tables["events"], "event_id", "e05", quantity=33.0)
    (r,) = run_check("number-ungrounded", {**seed_tables, "sentences": sents, "events": ev}, params={})
    assert [s["event_id"] for s in r.sample] == ["e05"]
