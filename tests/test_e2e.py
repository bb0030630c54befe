"""End to end, as a user runs it: the console script on seeds/, then `validate` on what it wrote.

This runs in CI (not marked slow): it is the one test that proves the whole path works.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import polars as pl
import pytest

from newsframe.tables import TABLES

ROOT = Path(__file__).resolve().parent.parent
NEWSFRAME = Path(sys.executable).with_name("newsframe")


def _newsframe(*args: str) -> subprocess.CompletedProcess[str]:
    exe = [str(NEWSFRAME)] if NEWSFRAME.exists() else [sys.executable, "-m", "newsframe"]
    return subprocess.run([*exe, *args], capture_output=True, text=True, cwd=ROOT, timeout=600)


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("e2e") / "out"
    proc = _newsframe(
        "run", "seeds/documents", "--out", str(out), "--junit", str(out / "junit.xml"), "--no-github"
    )
    return out, proc


def test_run_on_seeds_exits_0_and_writes_everything(
    seed_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, proc = seed_run
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    for name in TABLES:
        assert (out / "tables" / f"{name}.parquet").is_file(), name
    results = json.loads((out / "results.json").read_text())
    assert results["status"] in ("passed", "warning")
    assert results["run"]["engine"].startswith("spacy:en_core_web_sm")
    assert not [c for c in results["checks"] if c["status"] in ("failed", "error")]
    html = (out / "report.html").read_text()
    assert "<html" in html.lower() and "http://" not in html.split("</head>")[0]
    suites = ET.parse(out / "junit.xml").getroot()
    assert int(suites.get("failures", "0")) == 0


def test_seed_tables_hold_the_story(seed_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, _ = seed_run
    actors = pl.read_parquet(out / "tables" / "actors.parquet")
    events = pl.read_parquet(out / "tables" / "events.parquet")
    documents = pl.read_parquet(out / "tables" / "documents.parquet")
    assert documents["published_at"].to_list()[0].isoformat() == "2024-04-02"
    by_name = {r["name"]: r for r in actors.iter_rows(named=True)}
    assert by_name["Joe Biden"]["country"] == "USA" and by_name["Joe Biden"]["role"] == "President"
    assert by_name["Xi Jinping"]["country"] == "CHN"
    biden, xi = by_name["Joe Biden"]["actor_id"], by_name["Xi Jinping"]["actor_id"]
    call = events.filter(
        (pl.col("event_type") == "CONSULT")
        & (pl.col("source_actor_id") == biden)
        & (pl.col("target_actor_id") == xi)
    ).sort("trigger_start")
    assert call.height >= 1
    assert call["date_start"][0].isoformat() == call["date_end"][0].isoformat() == "2024-04-02"
    assert call["date_precision"][0] == "day"


def test_validate_what_run_wrote_and_in_csv_form(
    seed_run: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    out, _ = seed_run
    proc = _newsframe("validate", str(out / "tables"), "--json", str(tmp_path / "r.json"), "--no-github")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The same tables as JSON Lines, as another extractor might hand them over, validate the same way.
    jl = tmp_path / "jsonl"
    jl.mkdir()
    for path in (out / "tables").glob("*.parquet"):
        pl.read_parquet(path).write_ndjson(jl / f"{path.stem}.jsonl")
    proc2 = _newsframe("validate", str(jl), "--json", str(tmp_path / "r2.json"), "--no-github")
    assert proc2.returncode == 0, proc2.stdout + proc2.stderr
    first = json.loads((tmp_path / "r.json").read_text())
    second = json.loads((tmp_path / "r2.json").read_text())
    # An empty JSON Lines file carries no columns, so checks on empty tables may differ (skipped); all others agree.
    empty = {t for t, p in first["metrics"]["tables"].items() if p["rows"] == 0}
    assert empty == {"rejects"}

    def statuses(doc: dict[str, list[dict[str, str]]]) -> dict[str, str]:
        return {c["id"]: c["status"] for c in doc["checks"] if c["table"] not in empty}

    assert statuses(first) == statuses(second)


def test_a_broken_table_fails_the_gate(
    seed_run: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    out, _ = seed_run
    tables = tmp_path / "tables"
    shutil.copytree(out / "tables", tables)
    mentions = pl.read_parquet(tables / "mentions.parquet")
    mentions.with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.col("start") + 1)
        .otherwise(pl.col("start"))
        .alias("start")
    ).write_parquet(tables / "mentions.parquet")
    proc = _newsframe("validate", str(tables), "--json", str(tmp_path / "r.json"), "--no-github")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    failed = {
        c["slug"] for c in json.loads((tmp_path / "r.json").read_text())["checks"] if c["status"] == "failed"
    }
    assert "span-mismatch" in failed


def test_missing_input_is_exit_2(tmp_path: Path) -> None:
    proc = _newsframe("run", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert "nope.jsonl" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_our_output_on_real_news_passes_our_own_checks(tmp_path: Path) -> None:
    """417 BBC politics articles: every article processes and the tables pass every error-level check.

    The corpus has no publication dates, so relative dates are (rightly) warnings.
    """
    corpus = ROOT.parent / "shared" / "corpora" / "bbc_politics" / "articles.jsonl"
    if not corpus.is_file():
        pytest.skip(f"{corpus} is absent")
    out = tmp_path / "out"
    proc = _newsframe("run", str(corpus), "--out", str(out), "--no-github")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads((out / "results.json").read_text())
    assert results["run"]["counts"]["documents"] == 417 and results["run"]["counts"]["rejects"] == 0
    not_passed = {c["id"]: c["status"] for c in results["checks"] if c["status"] not in ("passed", "skipped")}
    assert not_passed == {"events.date_text.date-inconsistent": "warning"}
