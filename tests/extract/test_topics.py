"""Topics: the IPTC reference file, the seed's topics with their evidence, and the matching rules."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from newsframe import tables
from newsframe.errors import InputError
from newsframe.extract.topics import assign, load_taxonomy

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "documents" / "000_a51778374016c8c0.txt"
REFERENCE = ROOT / "seeds" / "reference"


def _docs(*texts: str) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})


def _labelled(topics: pl.DataFrame, doc_topics: pl.DataFrame) -> dict[str, str]:
    """label -> evidence text, for one document."""
    labels = dict(zip(topics["topic_id"], topics["label"], strict=True))
    return {labels[t]: e for t, e in zip(doc_topics["topic_id"], doc_topics["evidence_text"], strict=True)}


def test_reference_file_is_a_tree_of_iptc_codes() -> None:
    tax = pl.read_csv(REFERENCE / "iptc_mediatopics.csv")
    assert tax.height > 1000
    assert tax["topic_id"].is_unique().all()
    assert tax["topic_id"].str.contains(r"^medtop:\d{8}$").all()
    roots = tax.filter(pl.col("parent_id").is_null())
    assert roots.height == 17 and (roots["level"] == 1).all()
    assert tax.filter(pl.col("parent_id").is_not_null())["parent_id"].is_in(tax["topic_id"].implode()).all()
    politics = tax.filter(pl.col("topic_id") == "medtop:11000000").row(0, named=True)
    assert politics["label"] == "politics and government"
    assert "iptc_mediatopics.csv" in (REFERENCE / "SOURCES.md").read_text(encoding="utf-8")


def test_seed_topics_with_evidence() -> None:
    text = SEED.read_text(encoding="utf-8")
    docs = pl.DataFrame({"doc_id": ["seed"], "text": [text]})
    topics, doc_topics = assign(docs, tables.empty("sentences"))
    assert topics.select(list(tables.TABLES["topics"].columns)).schema == tables.TABLES["topics"].schema
    assert list(doc_topics.columns[:5]) == list(tables.TABLES["document_topics"].columns)
    found = _labelled(topics, doc_topics)
    expected = {
        "diplomacy": {"phone call"},
        "international relations": {"tensions between", "One China", "relations"},
        "drug trafficking": {"fentanyl", "counter-narcotics"},
        "artificial intelligence": {"artificial intelligence"},
        "climate change": {"climate change"},
        "war": {"war", "war in Ukraine"},
        "social media": {"TikTok"},
        "election": {"election"},
        "trade policy": {"exports controls"},
        "armed forces": {"military", "warplanes", "defense ministry"},
    }
    for label, evidence in expected.items():
        assert label in found, label
        assert found[label] in evidence, (label, found[label])
    # the evidence is exactly the document's text at the offsets
    for start, end, ev in doc_topics.select("evidence_start", "evidence_end", "evidence_text").iter_rows():
        assert text[start:end] == ev
    # scores in [0, 1], best first
    scores = doc_topics["score"].to_list()
    assert all(0.5 <= s <= 1 for s in scores) and scores == sorted(scores, reverse=True)
    # no sport, weather or arts noise
    assert not {"sport", "weather", "cooperative", "party"} & set(found)
    # parents resolve: every ancestor is in the topics table
    ids = set(topics["topic_id"])
    assert set(doc_topics["topic_id"]) <= ids
    assert set(topics["parent_id"].drop_nulls()) <= ids
    assert "medtop:11000000" in ids and "medtop:16000000" in ids


def test_longest_label_wins_and_plurals_match() -> None:
    topics, doc_topics = assign(
        _docs("The civil war went on. Two treaties were signed."), tables.empty("sentences")
    )
    found = _labelled(topics, doc_topics)
    assert found["civil war"] == "civil war"
    assert "war" not in found  # "war" inside "civil war" does not count again
    assert found["treaty"] == "treaties"


def test_labels_do_not_cross_sentence_punctuation() -> None:
    topics, doc_topics = assign(_docs("It was climate. Change came later."), tables.empty("sentences"))
    assert "climate change" not in _labelled(topics, doc_topics)


def test_switched_off_and_weak_labels() -> None:
    # "party" (celebration) is off; "government" needs three mentions
    topics, doc_topics = assign(_docs("A party for the government."), tables.empty("sentences"))
    assert doc_topics.is_empty() and topics.is_empty()
    _, doc_topics = assign(
        _docs("The government. The government. The government."), tables.empty("sentences")
    )
    assert doc_topics["topic_id"].to_list() == ["medtop:20000593"]
    assert doc_topics["matches"].to_list() == [3]


def test_case_sensitive_rules() -> None:
    _, doc_topics = assign(_docs("AI is here.", "The ai of it."), tables.empty("sentences"))
    assert doc_topics.filter(pl.col("topic_id") == "medtop:20001298")["doc_id"].to_list() == ["d0"]


def test_options_threshold_and_cap() -> None:
    text = SEED.read_text(encoding="utf-8")
    _, few = assign(_docs(text), tables.empty("sentences"), options={"max_per_document": 3})
    assert few.height == 3
    _, strict = assign(_docs(text), tables.empty("sentences"), options={"min_score": 0.9})
    assert strict.height >= 1 and (strict["score"] >= 0.9).all()


def test_empty_inputs() -> None:
    topics, doc_topics = assign(tables.empty("documents"), tables.empty("sentences"))
    assert topics.is_empty()
    assert doc_topics.select(list(tables.TABLES["document_topics"].columns)).equals(
        tables.empty("document_topics")
    )
    topics, doc_topics = assign(_docs("Nothing to see."), tables.empty("sentences"))
    assert topics.is_empty() and doc_topics.is_empty()


def test_bad_keyword_file_names_file_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "kw.csv"
    bad.write_text("topic_id,pattern,weight\nmedtop:11000000,(unclosed,1\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_taxonomy(None, bad)
    assert (err.value.line, err.value.field) == (2, "pattern")
    bad.write_text("topic_id,pattern,weight\nmedtop:99999999,x,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown topic"):
        load_taxonomy(None, bad)
    with pytest.raises(InputError, match="not found"):
        load_taxonomy(tmp_path / "none.csv", None)


def test_bbc_corpus_every_document_gets_politics(shared: Path) -> None:
    from newsframe.ingest import read_documents

    docs = read_documents([_corpus(shared)]).documents
    topics, doc_topics = assign(docs, tables.empty("sentences"))
    politics = set(
        topics.filter(
            pl.col("topic_id").is_in(["medtop:11000000"]) | (pl.col("parent_id") == "medtop:11000000")
        )["topic_id"]
    )
    covered = doc_topics.join(topics, on="topic_id").filter(
        pl.col("topic_id").is_in(list(politics)) | pl.col("parent_id").is_in(list(politics))
    )
    # politics articles: nearly all get a politics-and-government topic
    assert covered["doc_id"].n_unique() >= 0.9 * docs.height


def _corpus(shared: Path) -> Path:
    path = shared / "corpora" / "bbc_politics" / "articles.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return path
