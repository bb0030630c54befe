"""Run extraction over a corpus of articles: robustness, per-article counts, most frequent actors and events.

Reads JSON lines with ``id`` and ``text`` (optional ``title``, ``published_at`` or
``date``), or a directory of ``.txt`` files. Every article must process: a batch
failure is retried article by article, and the articles that still fail are listed
under ``failed`` (the target is none).

Examples
--------
>>> from newsframe.eval.corpus import read_corpus
>>> callable(read_corpus)
True
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from newsframe.errors import InputError
from newsframe.jsonlines import records

__all__ = ["evaluate", "read_corpus"]


def _date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def read_corpus(path: Path) -> pl.DataFrame:
    """Documents (``doc_id``, ``text``, ``published_at``) from JSON lines or a folder of ``.txt`` files.

    Raises
    ------
    InputError
        For a missing path or a line that is not a JSON object with ``text``.
    """
    path = Path(path)
    rows: list[dict[str, Any]] = []
    if path.is_dir():
        for f in sorted(path.glob("*.txt")):
            rows.append({"doc_id": f.stem, "text": f.read_text(encoding="utf-8"), "published_at": None})
    elif path.is_file():
        for n, rec in records(path, what="the corpus"):
            if not isinstance(rec.get("text"), str):
                raise InputError("not an article: no string 'text'", path=path, line=n, field="text")
            rows.append(
                {
                    "doc_id": str(rec.get("id", n)),
                    "text": rec["text"],
                    "published_at": _date(rec.get("published_at") or rec.get("date")),
                }
            )
    else:
        raise InputError("corpus not found", path=path)
    return pl.DataFrame(rows, schema={"doc_id": pl.String, "text": pl.String, "published_at": pl.Date})


def evaluate(path: Path, *, engine: str = "auto", top: int = 10, workers: int = 0) -> dict[str, Any]:
    """Annotate every article; return counts per article, failures, and the top actors and event types."""
    from newsframe.extract import Annotation, annotate
    from newsframe.extract.sentences import split

    documents = read_corpus(path)
    t0 = time.perf_counter()
    sentences = split(documents)
    failed: list[dict[str, str]] = []
    try:
        ann = annotate(documents, sentences, engine=engine, workers=workers)
        parts = [ann]
    except Exception:  # find the articles that break it, keep the rest
        parts = []
        for doc in documents.iter_slices(1):
            try:
                sub = sentences.filter(pl.col("doc_id") == doc["doc_id"][0])
                parts.append(annotate(doc, sub, engine=engine, workers=1))
            except Exception as exc:
                failed.append({"doc_id": str(doc["doc_id"][0]), "error": f"{type(exc).__name__}: {exc}"})
        if not parts:
            raise
        ann = Annotation(
            mentions=pl.concat([p.mentions for p in parts]),
            actors=pl.concat([p.actors for p in parts]).unique("actor_id", keep="first"),
            events=pl.concat([p.events for p in parts]),
            engine=parts[0].engine,
        )
    elapsed = time.perf_counter() - t0
    counts = (
        documents.select("doc_id")
        .join(sentences.group_by("doc_id").len("sentences"), on="doc_id", how="left")
        .join(ann.mentions.group_by("doc_id").len("mentions"), on="doc_id", how="left")
        .join(
            ann.mentions.filter(pl.col("actor_id").is_not_null())
            .group_by("doc_id")
            .agg(pl.col("actor_id").n_unique().alias("actors")),
            on="doc_id",
            how="left",
        )
        .join(ann.events.group_by("doc_id").len("events"), on="doc_id", how="left")
        .fill_null(0)
    )
    actor_counts = Counter(ann.mentions["actor_id"].drop_nulls().to_list())
    info = {r["actor_id"]: r for r in ann.actors.iter_rows(named=True)}
    top_actors = [
        {
            "name": info[a]["name"],
            "type": info[a]["type"],
            "country": info[a]["country"],
            "role": info[a]["role"],
            "mentions": n,
        }
        for a, n in actor_counts.most_common(top)
        if a in info
    ]
    event_types = Counter(ann.events["event_type"].to_list())

    def _summary(col: str) -> dict[str, float]:
        values = counts[col].to_list()
        return {
            "total": int(sum(values)),
            "min": int(min(values)) if values else 0,
            "median": float(statistics.median(values)) if values else 0.0,
            "max": int(max(values)) if values else 0,
        }

    return {
        "set": "corpus",
        "path": str(path),
        "engine": ann.engine,
        "articles": documents.height,
        "processed": documents.height - len(failed),
        "failed": failed,
        "seconds": round(elapsed, 2),
        "docs_per_second": round(documents.height / elapsed, 2) if elapsed else None,
        "counts": {c: _summary(c) for c in ("sentences", "mentions", "actors", "events")},
        "articles_without_events": int((counts["events"] == 0).sum()),
        "top_actors": top_actors,
        "top_event_types": dict(event_types.most_common(top)),
        "per_article": counts.sort("doc_id").rows(named=True),
    }
