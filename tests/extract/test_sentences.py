"""Sentence splitter: golden test on the seed article, and the hard cases one by one."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from newsframe import tables
from newsframe.extract.sentences import split, split_text

SEED = Path(__file__).resolve().parents[2] / "seeds" / "documents" / "000_a51778374016c8c0.txt"


def _sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_text(text)]


def test_seed_golden() -> None:
    text = SEED.read_text(encoding="utf-8")
    frame = split(pl.DataFrame({"doc_id": ["seed"], "text": [text]}))
    assert frame.schema == tables.TABLES["sentences"].schema
    assert frame.height == 27
    assert frame["sentence_id"].to_list() == list(range(27))
    # offsets index the text exactly
    assert all(text[s:e] == t for s, e, t in frame.select("start", "end", "text").iter_rows())
    sents = frame["text"].to_list()
    assert sents[0].startswith("President Joe Biden held a phone call") and sents[0].endswith(
        "powerful nations."
    )
    # a line without final punctuation still ends at the newline
    assert sents[5].endswith("their first conversation in almost five months")
    assert sents[6] == (
        "'Like with any message we deliver to China or to other countries, it is one of continual "
        "reinforcement of concern,' said the official."
    )
    # two sentences on one line, the second starting after a full stop
    assert sents[7].endswith("will or will not do something.")
    assert sents[8] == "It is about verifying as the president says."
    # "U.S." inside a sentence
    assert sents[16].startswith("The wildly popular app is in the sights of U.S. lawmakers")
    assert sents[16].endswith("do sell its stakes.")
    # "Jr." followed by "and" does not end the sentence
    assert sents[25].endswith("Ferdinand Marcos Jr. and Japanese Prime Minister Fumio Kishida.")
    assert sents[26] == "Chinese influence is expected to be top of the agenda."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("Gen. Milley and Sen. Rubio spoke.", ["Gen. Milley and Sen. Rubio spoke."]),
        ("J. K. Rowling wrote it. It sold.", ["J. K. Rowling wrote it.", "It sold."]),
        ("He moved to the U.S. The move was quick.", ["He moved to the U.S.", "The move was quick."]),
        ("The U.S. Senate voted.", ["The U.S. Senate voted."]),
        ("Marcos Jr. arrived. Then he spoke.", ["Marcos Jr. arrived.", "Then he spoke."]),
        ("Sammy Davis Jr. The singer.", ["Sammy Davis Jr.", "The singer."]),
        ('"We will win," he said. "Now."', ['"We will win," he said.', '"Now."']),
        ("Is it over? Yes! Really...", ["Is it over?", "Yes!", "Really..."]),
        ("It rose 3.5 per cent. Then fell.", ["It rose 3.5 per cent.", "Then fell."]),
        ("Where? he asked.", ["Where? he asked."]),
        ('Paid £1,400. "We have doubled it."', ["Paid £1,400.", '"We have doubled it."']),
        ("A line\nAnother line", ["A line", "Another line"]),
        ("A wrapped\nline of text.", ["A wrapped\nline of text."]),
        ("First para\n\nsecond para.", ["First para", "second para."]),
        ("Meet at No. 10 today. Fine.", ["Meet at No. 10 today.", "Fine."]),
        ("He said no. Then he left.", ["He said no.", "Then he left."]),
        ("  Padded.  ", ["Padded."]),
        ('He said: "It is over. "\n\nThen he left.', ['He said: "It is over. "', "Then he left."]),
        ("Call him on\n\n.", ["Call him on\n\n."]),
        ("", []),
    ],
)
def test_rules(text: str, expected: list[str]) -> None:
    assert _sents(text) == expected


def test_split_numbers_each_document_from_zero() -> None:
    docs = pl.DataFrame({"doc_id": ["a", "b", "c"], "text": ["One. Two.", "Three.", ""]})
    frame = split(docs)
    assert frame.select("doc_id", "sentence_id").rows() == [("a", 0), ("a", 1), ("b", 0)]


def test_split_empty_table() -> None:
    assert split(tables.empty("documents")).equals(tables.empty("sentences"))
