"""The factual checks mirrored in Great Expectations: same failing rows as the Polars checks, in the suites and Data Docs.

One fault per mirrored check is injected into the valid seed tables of
tests/checks (the realistic set: 27 sentences, 48 mentions, 9 events, topic
evidence, quotes), plus a second document without a publication date. GX runs
once over the faulty set (building Data Docs on the way) and once over the
clean set; both runs share this module's worker (``xdist_group``), so GX is
imported once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl
import pytest

from newsframe.checks.base import keys_of
from newsframe.contracts import load_contracts, suite_dict
from newsframe.contracts.gx_engine import run_gx
from newsframe.contracts.gx_factual import COVERAGE, MIRRORS, ROW
from newsframe.results import CheckResult, Results
from newsframe.tables import conform
from newsframe.validation import validate

pytestmark = pytest.mark.xdist_group("gx")

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = load_contracts()
SLUGS = set(COVERAGE)


def _seed_module() -> ModuleType:
    """tests/checks/conftest.py, loaded by path (its builders are plain functions)."""
    spec = importlib.util.spec_from_file_location(
        "_nf_seed_tables", ROOT / "tests" / "checks" / "conftest.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SEED = _seed_module()
update = SEED.update


def _second_document(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Add d2: no publication date, one event dated 'last month' (a relative date that cannot resolve)."""
    text = "Troops moved last month."
    docs = conform(
        "documents",
        [
            {
                "doc_id": "d2",
                "title": None,
                "source": "test",
                "url": None,
                "published_at": None,
                "language": "en",
                "text": text,
                "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
            }
        ],
    )
    sents = conform(
        "sentences", [{"doc_id": "d2", "sentence_id": 0, "start": 0, "end": len(text), "text": text}]
    )
    at = text.index("moved")
    event = {
        "event_id": "e99",
        "doc_id": "d2",
        "sentence_id": 0,
        "event_type": "MOBILIZE",
        "source_actor_id": "CHN",
        "target_actor_id": None,
        "trigger": "moved",
        "trigger_start": at,
        "trigger_end": at + len("moved"),
        "quantity": None,
        "date_text": "last month",
        "date_start": None,
        "date_end": None,
        "date_precision": None,
        "modality": "asserted",
    }
    out = dict(tables)
    out["documents"] = pl.concat([tables["documents"], docs])
    out["sentences"] = pl.concat([tables["sentences"], sents])
    out["events"] = pl.concat([tables["events"], conform("events", [event])], how="diagonal_relaxed")
    return out


def clean_tables() -> dict[str, pl.DataFrame]:
    """The valid seed tables plus d2, with a verbatim ``quote`` column on events (curly quotes, extra spaces)."""
    t = _second_document(SEED.build_seed_tables())
    verbatim = "\u201cLike with any message we deliver to  China or to other countries,\u201d"
    quotes = {"e01": verbatim, "e05": "it is one of continual reinforcement of concern"}
    t["events"] = t["events"].with_columns(
        pl.col("event_id").replace_strict(quotes, default=None, return_dtype=pl.String).alias("quote")
    )
    return t


def faulty_tables() -> dict[str, pl.DataFrame]:
    """One fault (or two) per mirrored check; expected failing keys in EXPECTED."""
    t = clean_tables()
    D = dt.date
    s = t["sentences"]
    t["sentences"] = update(
        update(s, "sentence_id", 3, text="X" + s.filter(pl.col("sentence_id") == 3)["text"][0][1:]),
        "sentence_id",
        4,
        end=10**6,
    )
    m = update(t["mentions"], "mention_id", "m000", text="Joe Bidn")
    t["mentions"] = update(update(m, "mention_id", "m001", end=10**6), "mention_id", "m002", start=-1)
    e = t["events"]
    e = update(e, "event_id", "e02", trigger="meetings")
    start = e.filter(pl.col("event_id") == "e03")["trigger_start"][0]
    e = update(e, "event_id", "e03", trigger_end=start, target_actor_id=None)
    e = update(e, "event_id", "e05", quantity=23.0)
    e = update(e, "event_id", "e04", event_type="DEMAND")
    e = update(e, "event_id", "e01", date_start=D(2024, 4, 9), date_end=D(2024, 4, 9))
    e = update(e, "event_id", "e06", date_start=D(2024, 3, 1), date_end=D(2024, 3, 1))
    e = update(e, "event_id", "e08", date_start=D(2024, 6, 1), date_end=None)
    e = update(e, "event_id", "e02", quote="It is about verification, as the president said")
    e = update(e, "event_id", "e03", quote="\u201c \u201d")
    t["events"] = e
    dtop = t["document_topics"]
    first = dtop["evidence_start"][1]
    t["document_topics"] = dtop.with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.lit("fentanil"))
        .otherwise(pl.col("evidence"))
        .alias("evidence"),
        pl.when(pl.int_range(pl.len()) == 1)
        .then(pl.lit(first - 1, dtype=pl.Int64))
        .otherwise(pl.col("evidence_end"))
        .alias("evidence_end"),
    )
    return t


DOC = SEED.DOC
EXPECTED: dict[str, set[Any]] = {
    "sentences.text.span-mismatch": {(DOC, 3)},
    "sentences.start.span-out-of-range": {(DOC, 4)},
    "mentions.text.span-mismatch": {"m000"},
    "mentions.start.span-out-of-range": {"m001", "m002"},
    "events.trigger.span-mismatch": {"e02"},
    "events.trigger_start.span-out-of-range": {"e03"},
    "document_topics.evidence.span-mismatch": {0},
    "document_topics.evidence_start.span-out-of-range": {1},
    "events.quantity.number-ungrounded": {"e05"},
    "events.quote.quote-ungrounded": {"e02", "e03"},
    "events.date_start.date-inconsistent": {"e01", "e06", "e08"},
    "events.modality.date-inconsistent": {"e01", "e06"},
    "events.date_text.date-inconsistent": {"e99"},
    "events.event_type.codebook-mismatch": {"e04"},
    "events.target_actor_id.codebook-mismatch": {"e03"},
}
"""Failing keys per mirrored result (``row`` for document_topics, which has no key)."""


def _key(check: CheckResult, row: dict[str, Any]) -> Any:
    cols = ["row"] if check.table == "document_topics" else keys_of(check.table)
    values = tuple(row[c] for c in cols)
    return values[0] if len(values) == 1 else values


def _engines(results: Results) -> tuple[dict[str, CheckResult], dict[str, CheckResult]]:
    native = {c.id: c for c in results.checks if c.engine == "newsframe" and c.slug in SLUGS}
    gx = {c.id.removesuffix("@gx"): c for c in results.checks if c.engine == "gx" and c.slug in SLUGS}
    return native, gx


@pytest.fixture(scope="module")
def faulty() -> Results:
    """validate() over the faulty tables with GX."""
    return validate(faulty_tables(), gx=True, sample_size=100)


@pytest.fixture(scope="module")
def clean() -> Results:
    return validate(clean_tables(), gx=True, sample_size=100)


def test_every_mirrored_fault_is_flagged_by_both_engines_on_the_same_rows(faulty: Results) -> None:
    native, gx = _engines(faulty)
    for rule_id, keys in EXPECTED.items():
        n, g = native[rule_id], gx[rule_id]
        assert n.failing_rows == g.failing_rows == len(keys), (rule_id, n.failing_rows, g.failing_rows)
        assert {_key(n, r) for r in n.sample} == {_key(g, r) for r in g.sample} == keys, rule_id
        assert (g.status, g.severity, g.dimension, g.slug, g.table, g.column) == (
            n.status,
            n.severity,
            n.dimension,
            n.slug,
            n.table,
            n.column,
        )
    assert gx["events.date_text.date-inconsistent"].status == "warning"


def test_every_mirror_ran_and_agrees(faulty: Results) -> None:
    native, gx = _engines(faulty)
    assert set(gx) == {m.id for m in MIRRORS if m.id != "document_topics.evidence_text.span-mismatch"}
    assert set(gx) <= set(native)
    assert all(c.status in ("passed", "failed", "warning") for c in gx.values()), [
        (c.id, c.message) for c in gx.values() if c.status not in ("passed", "failed", "warning")
    ]
    assert set(EXPECTED) == {i for i, c in gx.items() if c.failing_rows}
    # Polars results GX does not mirror: the quotes table (no contract, so no GX suite).
    assert {i for i in set(native) - set(gx) if native[i].status != "skipped"} == {
        "quotes.text.quote-ungrounded",
        "quotes.start.span-out-of-range",
    }


def test_no_false_alarm_on_the_clean_tables(clean: Results) -> None:
    native, gx = _engines(clean)
    assert len(gx) == len(MIRRORS) - 1
    assert {i: c.failing_rows for i, c in gx.items() if c.failing_rows or c.status != "passed"} == {
        "events.date_text.date-inconsistent": 1  # d2: 'last month' and no published_at (a warning)
    }
    assert all(native[i].failing_rows == c.failing_rows for i, c in gx.items())


def test_mirrors_keep_contract_samples_free_of_the_row_number(faulty: Results) -> None:
    gx = [c for c in faulty.checks if c.engine == "gx" and c.sample]
    assert gx and all(ROW not in row for c in gx for row in c.sample)
    dup = next(c for c in faulty.checks if c.id == "document_topics.evidence_end.pair-order@gx")
    assert dup.sample == [
        {
            "row": 1,
            "evidence_end": dup.sample[0]["evidence_end"],
            "evidence_start": dup.sample[0]["evidence_start"],
        }
    ]


def test_data_docs_show_the_mirrors(faulty: Results, tmp_path: Path) -> None:
    tables = faulty_tables()
    docs_dir = tmp_path / "docs"
    validate({t: tables[t] for t in ("documents", "sentences", "mentions", "events")}, gx_docs=docs_dir)
    pages = "\n".join(p.read_text(encoding="utf-8") for p in docs_dir.rglob("*.html"))
    derived_columns = (
        "nf__document_span",
        "nf__quantity_grounded",
        "nf__resolved_start",
        "nf__event_type_known",
        "nf__requires_target",
    )
    for derived in derived_columns:
        assert derived in pages, derived


def test_exported_suites_carry_the_mirrors() -> None:
    suites = {p.stem: json.loads(p.read_text()) for p in (ROOT / "contracts" / "gx").glob("*.json")}
    mirrored = {
        e["meta"]["newsframe"]["mirror"]
        for s in suites.values()
        for e in s["expectations"]
        if "mirror" in e["meta"]["newsframe"]
    }
    assert mirrored == {m.id for m in MIRRORS}
    for name, suite in suites.items():
        assert all(e["meta"]["newsframe"].get("mirror", name).startswith(name) for e in suite["expectations"])
        not_in_gx = {item["rule"].rsplit(".", 1)[1] for item in suite["meta"]["newsframe"]["not_in_gx"]}
        assert not (not_in_gx & SLUGS), name
    events = suites["events"]["meta"]["newsframe"]
    assert {i["rule"] for i in events["factual_in_gx"]} == {
        "events.*.number-ungrounded",
        "events.*.quote-ungrounded",
        "events.*.date-inconsistent",
        "events.*.codebook-mismatch",
    }
    assert {i["rule"] for i in events["not_in_gx"]} >= {"events.*.actor-ungrounded", "events.*.date-conflict"}


def test_a_suite_alone_mirrors_only_its_own_rules() -> None:
    alone = {e["meta"]["newsframe"].get("mirror") for e in suite_dict(CONTRACTS["events"])["expectations"]}
    in_set = {
        e["meta"]["newsframe"].get("mirror")
        for e in suite_dict(CONTRACTS["events"], contracts=CONTRACTS)["expectations"]
    }
    assert "events.trigger.span-mismatch" not in alone  # declared by the mentions contract
    assert "events.trigger.span-mismatch" in in_set and "events.quantity.number-ungrounded" in alone


def test_mirrors_skip_cleanly_without_their_source_tables(faulty: Results) -> None:
    tables = faulty_tables()
    events = tables["events"].drop("quote")
    out = {
        c.id: c
        for c in run_gx(CONTRACTS, {"events": events, "mentions": tables["mentions"]}, sample_size=5)
        if c.slug in SLUGS
    }
    assert out["events.trigger.span-mismatch@gx"].status == "skipped"
    assert "documents" in (out["events.trigger.span-mismatch@gx"].message or "")
    assert out["events.quantity.number-ungrounded@gx"].status == "skipped"
    assert out["events.event_type.codebook-mismatch@gx"].failing_rows == 1
    assert "events.quote.quote-ungrounded@gx" not in out  # optional: no quote column, no result


def test_mirrors_pass_empty_tables_and_report_what_they_cannot_read(faulty: Results) -> None:
    from newsframe.tables import empty

    names = ("documents", "sentences", "mentions", "events", "document_topics")
    assert {c.status for c in run_gx(CONTRACTS, {n: empty(n) for n in names}) if c.slug in SLUGS} == {
        "passed"
    }
    tables = {n: t for n, t in clean_tables().items() if n in ("documents", "mentions", "events")}
    tables["documents"] = tables["documents"].drop("published_at")
    tables["events"] = tables["events"].with_columns(pl.concat_list(pl.col("event_id")).alias("quote"))
    out = {c.id: c for c in run_gx(CONTRACTS, tables) if c.slug in SLUGS}
    assert out["events.date_start.date-inconsistent@gx"].status == "skipped"
    assert "published_at" in (out["events.date_start.date-inconsistent@gx"].message or "")
    assert out["events.quote.quote-ungrounded@gx"].status == "error"  # a list column: an error, not a crash
    assert out["events.trigger.span-mismatch@gx"].status == "passed"
