"""Benchmark: the factual-consistency checks, as ratios against baselines measured in the same run.

1. A synthetic table set with 1M events (50k documents of 20 sentences, 2M mentions, up to 100k actors; 0.1% of the
   events carry a planted fault): every factual check, against a plain Polars scan of the same tables
   (read the Parquet files + a trivial aggregation per table). Random actor pairs repeat by chance across
   documents (~30 events with the same type, pair and trigger on other dates): date-conflict reports them.
2. If ``newsframe.pipeline`` works and ``../shared/corpora/bbc_politics`` exists: the checks over that corpus's
   extracted tables, as a ratio of the extraction time. Otherwise it prints why it was skipped.

Run: ``.venv/bin/python benchmarks/bench_checks.py [--events N] [--no-corpus]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from newsframe.checks import REGISTRY, run_check

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc_politics" / "articles.jsonl"
SENTENCES_PER_DOC = 20
N_ACTORS = 100_000
PHRASES = ["last month", "yesterday", "tomorrow"]
MODALITY = {"last month": "asserted", "yesterday": "asserted", "tomorrow": "future"}
TYPES = ["CONSULT", "AGREE", "COOPERATE", "MOBILIZE", "REJECT", "PROTEST"]


def synthetic(n_events: int, seed: int = 7, *, offset: int = 0) -> dict[str, pl.DataFrame]:
    """A valid v1 table set with ``n_events`` events (one per sentence), built with Polars expressions.

    ``offset`` starts the event numbering there (a multiple of the sentences per document), so that
    consecutive calls build consecutive, disjoint parts of one larger table set.
    """
    i = pl.int_range(offset, offset + n_events, dtype=pl.Int64)
    base = pl.select(i.alias("i")).with_columns(
        (pl.col("i") // SENTENCES_PER_DOC).alias("d"),
        (pl.col("i") % SENTENCES_PER_DOC).alias("sentence_id"),
        (pl.col("i").hash(seed) % N_ACTORS).cast(pl.Int64).alias("a"),
        (pl.col("i").hash(seed + 1) % N_ACTORS).cast(pl.Int64).alias("b"),
        (pl.col("i").hash(seed + 2) % len(TYPES)).cast(pl.Int64).alias("t"),
        ((pl.col("i") * 31) % 97 + 2).alias("q"),
        (pl.col("i") % len(PHRASES)).alias("p"),
    )
    base = base.with_columns(
        pl.when(pl.col("a") == pl.col("b"))
        .then((pl.col("b") + 1) % N_ACTORS)
        .otherwise(pl.col("b"))
        .alias("b")
    ).with_columns(
        pl.format("d{}", pl.col("d")).alias("doc_id"),
        pl.format("Actor{}", pl.col("a")).alias("src"),
        pl.format("Actor{}", pl.col("b")).alias("tgt"),
        pl.col("p").replace_strict(dict(enumerate(PHRASES)), return_dtype=pl.String).alias("date_text"),
    )
    base = base.with_columns(
        pl.format("{} met {} and sent {} ships {}.", "src", "tgt", "q", "date_text").alias("text")
    ).with_columns(pl.col("text").str.len_chars().cast(pl.Int64).alias("len"))
    base = base.with_columns(
        ((pl.col("len") + 1).cum_sum().over("d") - pl.col("len") - 1).alias("start"),
    ).with_columns((pl.col("start") + pl.col("len")).alias("end"))
    # one publication date per document, spread over a year, so the resolver sees ~1k distinct triples
    published = (pl.lit(dt.date(2024, 4, 2)) + pl.duration(days=pl.col("d") % 365)).alias("published_at")
    documents = (
        base.group_by("doc_id", "d", maintain_order=True)
        .agg(pl.col("text").str.join(" "))
        .with_columns(published)
        .select(
            "doc_id",
            pl.lit(None, pl.String).alias("title"),
            pl.lit("synthetic").alias("source"),
            pl.lit(None, pl.String).alias("url"),
            "published_at",
            pl.lit("en").alias("language"),
            "text",
            pl.lit("").alias("text_sha256"),
        )
    )
    sentences = base.select("doc_id", "sentence_id", "start", "end", "text")
    src_len = pl.col("src").str.len_chars().cast(pl.Int64)
    m_src = base.select(
        pl.format("m{}s", "i").alias("mention_id"), "doc_id", "sentence_id", "start",
        (pl.col("start") + src_len).alias("end"), pl.col("src").alias("text"), pl.lit("PERSON").alias("label"),
        pl.col("src").alias("actor_id"),
    )  # fmt: skip
    tgt_start = pl.col("start") + src_len + 5
    m_tgt = base.select(
        pl.format("m{}t", "i").alias("mention_id"), "doc_id", "sentence_id", tgt_start.alias("start"),
        (tgt_start + pl.col("tgt").str.len_chars().cast(pl.Int64)).alias("end"), pl.col("tgt").alias("text"),
        pl.lit("PERSON").alias("label"), pl.col("tgt").alias("actor_id"),
    )  # fmt: skip
    mentions = pl.concat([m_src, m_tgt])
    actors = mentions.select(pl.col("actor_id").unique().sort()).select(
        "actor_id", pl.col("actor_id").str.replace("Actor", "Actor ").alias("name"),
        pl.lit("PERSON").alias("type"), pl.lit("USA").alias("country"), pl.lit(None, pl.String).alias("role"),
        pl.concat_list("actor_id").alias("aliases"), pl.lit(None, pl.String).alias("sector"),
    )  # fmt: skip
    pub = pl.col("_pub")
    start = (
        pl.when(pl.col("date_text") == "last month")
        .then(pub.dt.offset_by("-1mo").dt.month_start())
        .when(pl.col("date_text") == "yesterday")
        .then(pub - pl.duration(days=1))
        .otherwise(pub + pl.duration(days=1))
    )
    end = (
        pl.when(pl.col("date_text") == "last month")
        .then(pub.dt.offset_by("-1mo").dt.month_end())
        .otherwise(start)
    )
    events = base.with_columns(published.alias("_pub")).select(
        pl.format("e{}", "i").alias("event_id"), "doc_id", "sentence_id",
        pl.col("t").replace_strict(dict(enumerate(TYPES)), return_dtype=pl.String).alias("event_type"),
        pl.col("src").alias("source_actor_id"), pl.col("tgt").alias("target_actor_id"), pl.lit("met").alias("trigger"),
        (pl.col("start") + src_len + 1).alias("trigger_start"), (pl.col("start") + src_len + 4).alias("trigger_end"),
        pl.col("q").cast(pl.Float64).alias("quantity"), "date_text", start.alias("date_start"), end.alias("date_end"),
        pl.when(pl.col("date_text") == "last month").then(pl.lit("month")).otherwise(pl.lit("day")).alias("date_precision"),
        pl.col("date_text").replace_strict(MODALITY, return_dtype=pl.String).alias("modality"),
    )  # fmt: skip
    # plant 0.1% faults: wrong quantities and shifted trigger offsets
    fault = (pl.col("event_id").str.slice(1).cast(pl.Int64) % 2000) == 0
    events = events.with_columns(
        pl.when(fault).then(pl.col("quantity") + 1000).otherwise("quantity").alias("quantity"),
        pl.when(fault).then(pl.col("trigger_start") + 1).otherwise("trigger_start").alias("trigger_start"),
        pl.when(fault).then(pl.col("trigger_end") + 1).otherwise("trigger_end").alias("trigger_end"),
    )
    return {
        "documents": documents,
        "sentences": sentences,
        "mentions": mentions,
        "actors": actors,
        "events": events,
    }


def scan_baseline(folder: Path) -> float:
    """Read every table back from Parquet and run a trivial aggregation on each: the floor any check pays."""
    t = time.perf_counter()
    for path in sorted(folder.glob("*.parquet")):
        df = pl.read_parquet(path)
        df.select(pl.len(), pl.all().null_count().sum())
    return time.perf_counter() - t


def time_checks(tables: dict[str, pl.DataFrame]) -> tuple[float, dict[str, float], dict[str, int]]:
    per: dict[str, float] = {}
    failing: dict[str, int] = {}
    for slug in REGISTRY:
        t = time.perf_counter()
        results = run_check(slug, tables, params={})
        per[slug] = time.perf_counter() - t
        failing[slug] = sum(r.failing_rows for r in results)
    return sum(per.values()), per, failing


def bench_synthetic(n_events: int) -> None:
    t = time.perf_counter()
    tables = synthetic(n_events)
    built = time.perf_counter() - t
    rows = {k: v.height for k, v in tables.items()}
    print(f"synthetic table set built in {built:.1f} s: {rows}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, df in tables.items():
            df.write_parquet(folder / f"{name}.parquet")
        scan = min(scan_baseline(folder) for _ in range(3))
        t = time.perf_counter()
        read = {p.stem: pl.read_parquet(p) for p in folder.glob("*.parquet")}
        read_time = time.perf_counter() - t
    total, per, failing = time_checks(read)
    print(f"plain Polars scan (read Parquet + trivial aggregation, best of 3): {scan:.2f} s")
    for slug, secs in per.items():
        print(f"  {slug:<22} {secs:7.2f} s   failing rows: {failing[slug]}")
    print(
        f"all factual checks on {n_events:,} events: {total:.2f} s (+ {read_time:.2f} s to read the tables)"
    )
    print(
        f"ratio checks / scan: {total / scan:.1f}x   (read + checks) / scan: {(total + read_time) / scan:.1f}x"
    )


def bench_corpus() -> None:
    if not CORPUS.is_file():
        print(f"corpus: skipped ({CORPUS} is absent)")
        return
    try:
        from newsframe.pipeline import load_pipeline, run_pipeline
    except ImportError as exc:
        print(f"corpus: skipped (newsframe.pipeline is not available: {exc})")
        return
    t = time.perf_counter()
    try:
        out = run_pipeline([CORPUS], config=load_pipeline(None), engine=None, workers=None, text_column=None)
    except Exception as exc:
        print(f"corpus: skipped (the pipeline failed: {type(exc).__name__}: {exc})")
        return
    extract = time.perf_counter() - t
    total, per, failing = time_checks(out.tables)
    rows = {k: v.height for k, v in out.tables.items()}
    print(f"corpus {CORPUS.parent.name}: extraction {extract:.1f} s ({out.run.get('engine')}), tables {rows}")
    for slug, secs in per.items():
        print(f"  {slug:<22} {secs:7.3f} s   failing rows: {failing[slug]}")
    print(f"all factual checks: {total:.2f} s = {total / extract:.2%} of extraction time")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--no-corpus", action="store_true")
    args = ap.parse_args(argv)
    bench_synthetic(args.events)
    if args.no_corpus:
        print("corpus: skipped (--no-corpus)")
    else:
        bench_corpus()
    return 0


if __name__ == "__main__":
    sys.exit(main())
