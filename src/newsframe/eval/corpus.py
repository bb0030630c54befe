"""Run the whole pipeline over a corpus and validate our own tables: robustness, counts, our own gate.

Reads JSON lines with ``id`` and ``text`` (optional ``title``, ``published_at`` or
``date``), JSON lines of CoNLL-2003 documents (``sentences`` of ``tokens``; the
text is rebuilt and the dateline "LONDON 1996-08-30" gives the publication date),
or a directory of ``.txt`` files. Every article must process: a failing run is
retried article by article, and the articles that still fail are listed under
``failed`` (the target is none).

The tables the pipeline writes are then validated with the built-in contracts,
exactly as ``newsframe run`` does: ``gate`` lists every error-level check that
failed (the target is none: a producer that emits rows its own contract rejects
is a bug in the producer) and every warning.

Examples
--------
>>> from newsframe.eval.corpus import read_corpus
>>> callable(read_corpus)
True
"""

from __future__ import annotations

import json
import re
import statistics
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from newsframe.errors import InputError
from newsframe.jsonlines import records

__all__ = ["evaluate", "gate_summary", "read_corpus"]

_DATELINE = re.compile(r"\b((?:19|20)\d\d-[01]\d-[0-3]\d)\b")
_SCHEMA = {"doc_id": pl.String, "title": pl.String, "text": pl.String, "published_at": pl.Date}


def _date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _conll_rows(path: Path) -> list[dict[str, Any]]:
    from newsframe.eval.conll import read_conll

    rows = []
    for doc in read_conll(path):
        head = doc.text[:300]
        found = _DATELINE.search(head)
        rows.append(
            {
                "doc_id": doc.doc_id,
                "title": None,
                "text": doc.text,
                "published_at": _date(found and found.group(1)),
            }
        )
    return rows


def read_corpus(path: Path, *, dates: bool = True, published: date | None = None) -> pl.DataFrame:
    """Documents (``doc_id``, ``title``, ``text``, ``published_at``) from JSON lines or a folder of ``.txt`` files.

    Parameters
    ----------
    path
        Articles as JSON lines, CoNLL-2003 documents as JSON lines, or a folder of ``.txt`` files.
    dates
        Read publication dates (``False`` for sets whose dates are placeholders, such as the PLOVER
        records' "2000-01-01").
    published
        A publication date for the documents that have none (BBC politics has none: a fixed date
        makes every relative expression resolve, a stress test of the date checks).

    Raises
    ------
    InputError
        For a missing path or a line that is not a JSON object with ``text`` (or CoNLL ``sentences``).
    """
    path = Path(path)
    rows: list[dict[str, Any]] = []
    if path.is_dir():
        for f in sorted(path.glob("*.txt")):
            rows.append(
                {"doc_id": f.stem, "title": None, "text": f.read_text(encoding="utf-8"), "published_at": None}
            )
    elif path.is_file():
        with path.open(encoding="utf-8") as fh:
            first = fh.readline()
        if '"sentences"' in first and '"tokens"' in first:
            rows = _conll_rows(path)
        else:
            for n, rec in records(path, what="the corpus"):
                if not isinstance(rec.get("text"), str):
                    raise InputError("not an article: no string 'text'", path=path, line=n, field="text")
                rows.append(
                    {
                        "doc_id": str(rec.get("id", n)),
                        "title": rec.get("title") if isinstance(rec.get("title"), str) else None,
                        "text": rec["text"],
                        "published_at": _date(rec.get("published_at") or rec.get("date")) if dates else None,
                    }
                )
    else:
        raise InputError("corpus not found", path=path)
    frame = pl.DataFrame(rows, schema=_SCHEMA)
    if published is not None:
        frame = frame.with_columns(pl.col("published_at").fill_null(pl.lit(published, dtype=pl.Date)))
    return frame


def gate_summary(results: Any) -> dict[str, Any]:
    """Error-level failures and warnings of a :class:`newsframe.results.Results`, by check id (failing rows)."""
    failed = {c.id: c.failing_rows for c in results.checks if c.status in ("failed", "error")}
    warned = {c.id: c.failing_rows for c in results.checks if c.status == "warning"}
    return {
        "passed": not failed,
        "error_failures": failed,
        "warnings": warned,
        "samples": {c.id: c.sample[:3] for c in results.checks if c.status in ("failed", "error")},
    }


def _run(documents: pl.DataFrame, *, engine: str, workers: int) -> Any:
    """The default pipeline over these documents (through a temporary JSON lines file, as a user runs it)."""
    from newsframe.pipeline import load_pipeline, run_pipeline

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for row in documents.iter_rows(named=True):
                rec = {"id": row["doc_id"], "text": row["text"]}
                if row["title"]:
                    rec["title"] = row["title"]
                if row["published_at"]:
                    rec["published_at"] = row["published_at"].isoformat()
                fh.write(json.dumps(rec) + "\n")
        return run_pipeline(
            [src], config=load_pipeline(None), engine=engine, workers=workers, text_column=None
        )


def evaluate(
    path: Path,
    *,
    engine: str = "auto",
    top: int = 10,
    workers: int = 0,
    dates: bool = True,
    published: date | None = None,
    gate: bool = True,
) -> dict[str, Any]:
    """Run the pipeline on every article; counts, failures, top actors and event types, and our own gate."""
    from newsframe.pipeline import _cpu_workers

    documents = read_corpus(path, dates=dates, published=published)
    n_workers = workers if workers > 0 else _cpu_workers()
    t0 = time.perf_counter()
    failed: list[dict[str, str]] = []
    try:
        out = _run(documents, engine=engine, workers=n_workers)
    except Exception:  # find the articles that break it
        for doc in documents.iter_slices(1):
            try:
                _run(doc, engine=engine, workers=1)
            except Exception as exc:
                failed.append({"doc_id": str(doc["doc_id"][0]), "error": f"{type(exc).__name__}: {exc}"})
        if not failed:
            raise
        documents = documents.filter(~pl.col("doc_id").is_in([f["doc_id"] for f in failed]))
        out = _run(documents, engine=engine, workers=n_workers)
    elapsed = time.perf_counter() - t0
    tables = out.tables
    mentions, actors, events = tables["mentions"], tables["actors"], tables["events"]
    counts = (
        documents.select("doc_id")
        .join(tables["sentences"].group_by("doc_id").len("sentences"), on="doc_id", how="left")
        .join(mentions.group_by("doc_id").len("mentions"), on="doc_id", how="left")
        .join(
            mentions.filter(pl.col("actor_id").is_not_null())
            .group_by("doc_id")
            .agg(pl.col("actor_id").n_unique().alias("actors")),
            on="doc_id",
            how="left",
        )
        .join(events.group_by("doc_id").len("events"), on="doc_id", how="left")
        .fill_null(0)
    )
    actor_counts = Counter(mentions["actor_id"].drop_nulls().to_list())
    info = {r["actor_id"]: r for r in actors.iter_rows(named=True)}
    top_actors = [
        {k: info[a].get(k) for k in ("name", "type", "country", "role", "sector")} | {"mentions": n}
        for a, n in actor_counts.most_common(top)
        if a in info
    ]
    event_types = Counter(events["event_type"].to_list())

    def _summary(col: str) -> dict[str, float]:
        values = counts[col].to_list()
        return {
            "total": int(sum(values)),
            "min": int(min(values)) if values else 0,
            "median": float(statistics.median(values)) if values else 0.0,
            "max": int(max(values)) if values else 0,
        }

    result: dict[str, Any] = {
        "set": "corpus",
        "path": str(path),
        "published": published.isoformat() if published else None,
        "engine": out.run.get("engine"),
        "articles": documents.height + len(failed),
        "processed": documents.height,
        "rejects": tables["rejects"].height,
        "failed": failed,
        "seconds": round(elapsed, 2),
        "docs_per_second": round(documents.height / elapsed, 2) if elapsed else None,
        "counts": {c: _summary(c) for c in ("sentences", "mentions", "actors", "events")},
        "articles_without_events": int((counts["events"] == 0).sum()),
        "top_actors": top_actors,
        "top_event_types": dict(event_types.most_common(top)),
    }
    if gate:
        from newsframe.validation import validate

        result["gate"] = gate_summary(validate(tables))
    result["per_article"] = counts.sort("doc_id").rows(named=True)
    return result
