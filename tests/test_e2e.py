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

from newsframe.tableio import read_tables
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
    for name in TABLES:  # one Parquet dataset (a folder of parts) per table
        assert list((out / "tables" / name).glob("part-*.parquet")), name
    results = json.loads((out / "results.json").read_text())
    assert results["status"] in ("passed", "warning")
    assert results["run"]["engine"].startswith("spacy:en_core_web_sm")
    assert not [c for c in results["checks"] if c["status"] in ("failed", "error")]
    html = (out / "report.html").read_text()
    assert "<html" in html.lower() and "http://" not in html.split("</head>")[0]
    suites = ET.parse(out / "junit.xml").getroot()
    assert int(suites.get("failures", "0")) == 0


def test_seed_tables_hold_the_story(seed_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    """The careful reader's list for the seed article (issue 2), read back from what `run` wrote."""
    import datetime as dt

    out, _ = seed_run
    t = read_tables(out / "tables")
    assert t["documents"]["published_at"].to_list() == [dt.date(2024, 4, 2)]
    text = t["documents"]["text"][0]
    actors = {r["name"]: r for r in t["actors"].iter_rows(named=True)}
    for name, country, role in [
        ("Joe Biden", "USA", "President"),
        ("Xi Jinping", "CHN", "President"),
        ("Lai Ching-te", "TWN", None),
        ("Janet Yellen", "USA", "Treasury Secretary"),
        ("Antony Blinken", "USA", "Secretary of State"),
        ("Jake Sullivan", "USA", "National Security Adviser"),
        ("Ferdinand Marcos Jr.", "PHL", "President"),
        ("Fumio Kishida", "JPN", "Prime Minister"),
    ]:
        a = actors[name]
        assert (a["type"], a["country"]) == ("PERSON", country), name
        if role:
            assert a["role"] == role, name
    assert (actors["White House"]["type"], actors["White House"]["country"]) == ("ORG", "USA")
    assert actors["TikTok"]["type"] == "ORG"
    gpe = {a["country"] for a in actors.values() if a["type"] == "GPE"}
    assert {"USA", "CHN", "TWN", "RUS", "UKR", "PHL", "JPN"} <= gpe
    orgs = {a["name"] for a in actors.values() if a["type"] == "ORG"}
    assert not orgs & {"Treasury", "State", "White House National Security"}
    biden = actors["Joe Biden"]["actor_id"]
    bare = t["mentions"].filter(pl.col("text") == "Biden")
    assert bare.height >= 3 and set(bare["actor_id"]) == {biden}

    ids = {a["actor_id"]: a["name"] for a in actors.values()}
    events = t["events"].with_columns(
        source=pl.col("source_actor_id").replace_strict(ids, default=None),
        target=pl.col("target_actor_id").replace_strict(ids, default=None),
    )

    def find(**kw: object) -> list[dict[str, object]]:
        rows = events.to_dicts()
        return [r for r in rows if all(r[k] == v for k, v in kw.items())]

    call = find(trigger="phone call")
    assert [
        (r["event_type"], r["source"], r["target"], r["date_start"], r["date_end"], r["modality"])
        for r in call
    ] == [("CONSULT", "Joe Biden", "Xi Jinping", dt.date(2024, 4, 2), dt.date(2024, 4, 2), "asserted")]
    # the California meeting: "almost five months ago" and "in November" both point to November 2023
    november = find(
        event_type="CONSULT", source="Joe Biden", target="Xi Jinping", date_start=dt.date(2023, 11, 1)
    )
    assert november and {(r["date_end"], r["date_precision"]) for r in november} == {
        (dt.date(2023, 11, 30), "month")
    }
    (yellen,) = find(source="Janet Yellen")
    assert (yellen["event_type"], yellen["date_start"], yellen["modality"]) == (
        "CONSULT",
        dt.date(2024, 4, 4),
        "future",
    )
    hosts = find(trigger="host")
    assert {r["target"] for r in hosts} == {"Ferdinand Marcos Jr.", "Fumio Kishida"}
    assert {(r["event_type"], r["date_start"], r["date_end"], r["modality"]) for r in hosts} == {
        ("CONSULT", dt.date(2024, 4, 8), dt.date(2024, 4, 14), "future")
    }
    (jets,) = find(event_type="MOBILIZE")
    assert (actors[jets["source"]]["country"], actors[jets["target"]]["country"]) == ("CHN", "TWN")
    assert (jets["quantity"], jets["date_start"], jets["date_end"]) == (
        32.0,
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 31),
    )
    agree = {frozenset((r["source"], r["target"])) for r in find(event_type="AGREE")}
    assert frozenset(("Joe Biden", "Xi Jinping")) in agree  # "the two leaders agreed"

    labels = dict(t["topics"].select("topic_id", "label").iter_rows())
    evidence = {
        (labels[r["topic_id"]], text[r["evidence_start"] : r["evidence_end"]])
        for r in t["document_topics"].iter_rows(named=True)
    }
    for label, span in [
        ("international relations", "tensions between"),  # Taiwan and cross-strait relations
        ("drug trafficking", "counter-narcotics"),
        ("artificial intelligence", "artificial intelligence"),
        ("climate change", "climate change"),
        ("war", "war in Ukraine"),
        ("social media", "TikTok"),
        ("election", "election"),
        ("trade policy", "exports controls"),
        ("armed forces", "military"),
    ]:
        assert (label, span) in evidence, (label, span)


def test_validate_what_run_wrote_and_in_csv_form(
    seed_run: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    out, _ = seed_run
    proc = _newsframe("validate", str(out / "tables"), "--json", str(tmp_path / "r.json"), "--no-github")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The same tables as JSON Lines, as another extractor might hand them over, validate the same way.
    jl = tmp_path / "jsonl"
    jl.mkdir()
    for name, frame in read_tables(out / "tables").items():
        frame.write_ndjson(jl / f"{name}.jsonl")
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
    mentions = pl.read_parquet(tables / "mentions")
    shutil.rmtree(tables / "mentions")  # the table as one file now: a file or a folder of parts, never both
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
