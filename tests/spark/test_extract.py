"""``newsframe run --spark`` writes the same tables as the local run: every row, every column, every dtype."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from newsframe.cli import main
from newsframe.tableio import scan_tables
from newsframe.tables import TABLES

ROOT = Path(__file__).resolve().parents[2]
BBC = ROOT.parent / "shared" / "corpora" / "bbc_politics" / "articles.jsonl"


def _tables(folder: Path) -> dict[str, pl.DataFrame]:
    out = {}
    for name, frame in scan_tables(folder).items():
        df = frame.collect()
        key = list(TABLES[name].key) if name in TABLES and TABLES[name].key else df.columns
        out[name] = df.sort(key) if df.height else df
    return out


def _same_tables(local: Path, spark: Path) -> dict[str, int]:
    a, b = _tables(local), _tables(spark)
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name].schema == b[name].schema, name
        assert a[name].equals(b[name]), name
    return {name: frame.height for name, frame in a.items()}


def _run(out: Path, *args: str) -> int:
    return main(["run", *args, "--out", str(out), "--quiet"])


def test_seed_document_gives_the_same_tables(spark: Any, tmp_path: Path) -> None:
    seeds = str(ROOT / "seeds" / "documents")
    assert _run(tmp_path / "local", seeds, "--no-validate") == 0
    assert _run(tmp_path / "spark", seeds, "--spark") == 0
    rows = _same_tables(tmp_path / "local" / "tables", tmp_path / "spark" / "tables")
    assert rows["events"] > 5 and rows["mentions"] > 20  # the seed article's real content, not empty tables
    results = json.loads((tmp_path / "spark" / "results.json").read_text())
    assert results["run"]["extraction_engine"] == "spark"
    assert results["run"]["validation_engine"] == "spark"
    assert results["run"]["counts"]["events"] == rows["events"]


def test_append_and_partitions_are_refused_with_spark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = str(ROOT / "seeds" / "documents")
    assert (
        main(["run", seeds, "--out", str(tmp_path / "o"), "--spark", "--partition-by", "published_at"]) == 2
    )
    assert "--spark" in capsys.readouterr().err


@pytest.mark.slow
def test_two_thousand_documents_give_the_same_tables(spark: Any, tmp_path: Path) -> None:
    """2,000 documents synthesised from the BBC politics articles (each article under five dates and ids)."""
    if not BBC.is_file():
        pytest.skip("../shared/corpora/bbc_politics is absent")
    articles = [json.loads(line) for line in BBC.read_text(encoding="utf-8").splitlines() if line.strip()]
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(2000):
            art = articles[i % len(articles)]
            doc = {
                "id": f"{art['id']}-{i // len(articles)}",
                "text": art["text"],
                "published_at": f"2005-0{1 + i // len(articles)}-15",
            }
            fh.write(json.dumps(doc) + "\n")
    assert _run(tmp_path / "local", str(corpus), "--engine", "rules", "--no-validate") == 0
    assert _run(tmp_path / "spark", str(corpus), "--engine", "rules", "--spark", "--no-validate") == 0
    rows = _same_tables(tmp_path / "local" / "tables", tmp_path / "spark" / "tables")
    assert rows["documents"] == 2000 and rows["events"] > 1000
