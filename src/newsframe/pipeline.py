"""The pipeline: documents in, the eight v1 tables out (ingest -> sentences -> annotate -> topics).

A pipeline definition is a YAML file (``pipelines/default.yaml`` is the
built-in one; ``pipelines/README.md`` documents every key).

The work is split in two, so that it scales out:

* :func:`extract_batch` is everything one document needs on its own
  (sentences, NER, in-document linking, events with provisional actor keys,
  topics), over one batch of documents: deterministic and independent of
  other batches (a worker process or a Spark ``mapInArrow`` task runs it);
* :func:`newsframe.linking.link` is the cross-document pass (actors and their
  ids across documents, events' final actor ids and repeats, the topics
  table), relational operations over whole (lazy) tables.

:func:`run_pipeline` runs both in memory and returns every table conformed to
:mod:`newsframe.tables`, with facts about the run (engine, counts, timings) for
the results document. Validation is not done here: the CLI wires that.

Examples
--------
>>> from pathlib import Path
>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "a.jsonl").write_text('{"id": "a1", "text": "Biden called Xi. They spoke."}\\n')
>>> out = run_pipeline([d / "a.jsonl"], config=load_pipeline(None), engine="rules", workers=1, text_column=None)
>>> out.tables["sentences"].height, out.run["counts"]["documents"]
(2, 1)
"""

from __future__ import annotations

import collections
import itertools
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from newsframe import __version__, tables
from newsframe.assets import asset_path
from newsframe.errors import InputError

__all__ = [
    "ENGINES",
    "STEPS",
    "DatasetRun",
    "PipelineConfig",
    "PipelineOutput",
    "TopicsConfig",
    "extract_batch",
    "extract_stream",
    "load_pipeline",
    "run_dataset",
    "run_pipeline",
]

STEPS: tuple[str, ...] = ("sentences", "actors", "events", "topics")
"""Stages a pipeline may list after ingest (ingest always runs)."""

ENGINES: tuple[str, ...] = ("auto", "spacy", "rules")


@dataclass(frozen=True)
class TopicsConfig:
    """The ``topics:`` block: taxonomy and keyword files (relative to ``seeds/``) and thresholds."""

    taxonomy: str = "reference/iptc_mediatopics.csv"
    keywords: str = "reference/iptc_keywords.csv"
    min_score: float = 0.5
    max_per_document: int = 16


SPACY_MAX_CHARS = 1_000_000
"""spaCy's ``nlp.max_length``: no sentence handed to it may be longer."""


@dataclass(frozen=True)
class LimitsConfig:
    """The ``limits:`` block: bounds on each document's work (exceeding one is never a crash or a hang).

    A text longer than ``max_document_chars`` is a ``too-large`` reject; a
    sentence longer than ``max_sentence_chars`` is cut at a space into
    consecutive sentences no longer than that. Both are recorded in
    ``results.json`` (``run.limits``).
    """

    max_document_chars: int = 1_000_000
    max_sentence_chars: int = 10_000


@dataclass(frozen=True)
class PipelineConfig:
    """A pipeline definition, as loaded from YAML by :func:`load_pipeline`.

    Attributes
    ----------
    name
        A name for reports.
    steps
        Stages after ingest, a subset of :data:`STEPS` in that order.
    engine
        ``auto``, ``spacy`` or ``rules``.
    workers
        Worker processes for extraction (``"auto"`` in YAML = CPU cores).
    batch_size
        Documents per extraction batch (the unit of work of a worker).
    text_column
        Text column of CSV/Parquet inputs.
    topics
        Topic assignment settings.
    limits
        Bounds on each document's work.
    options
        Passed as-is to ``newsframe.extract.annotate``.
    path
        The file it was loaded from.
    """

    name: str = "default"
    steps: tuple[str, ...] = STEPS
    engine: str = "auto"
    workers: int = 1
    batch_size: int = 64
    text_column: str = "text"
    topics: TopicsConfig = field(default_factory=TopicsConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    options: Mapping[str, Any] = field(default_factory=dict)
    path: str | None = None


def _cpu_workers() -> int:
    return max(1, os.cpu_count() or 1)


def _want(cond: bool, message: str, *, path: Path, key: str) -> None:
    if not cond:
        raise InputError(message, path=path, field=key)


def _positive_int(value: Any, *, path: Path, key: str, allow_auto: bool = False) -> int:
    if allow_auto and value == "auto":
        return _cpu_workers()
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
    _want(
        ok,
        f"must be a whole number >= 1{' or auto' if allow_auto else ''}, not {value!r}",
        path=path,
        key=key,
    )
    return int(value)


def load_pipeline(path: Path | None) -> PipelineConfig:
    """Load and check a pipeline definition (``None`` = the built-in ``pipelines/default.yaml``).

    Raises
    ------
    InputError
        The file is missing, is not YAML, or a key is unknown or has a bad
        value; the message names the file and the field (exit code 2).

    Examples
    --------
    >>> cfg = load_pipeline(None)
    >>> cfg.name, cfg.steps, cfg.engine
    ('default', ('sentences', 'actors', 'events', 'topics'), 'auto')
    """
    import yaml

    file = Path(path) if path is not None else asset_path("pipelines", "default.yaml")
    if not file.is_file():
        raise InputError("pipeline definition not found", path=file)
    from newsframe.safeload import MAX_YAML_BYTES, load_yaml

    if file.stat().st_size > MAX_YAML_BYTES:
        raise InputError(f"the file is larger than {MAX_YAML_BYTES:,} bytes", path=file)
    try:
        data = load_yaml(file.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(str(exc), path=file) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError(
            f"not valid YAML: {getattr(exc, 'problem', None) or exc}", path=file, line=line
        ) from exc
    if data is None:
        data = {}
    _want(
        isinstance(data, dict),
        "a pipeline definition must be a mapping of keys",
        path=file,
        key="(top level)",
    )
    known = {
        "name",
        "version",
        "steps",
        "engine",
        "workers",
        "batch_size",
        "text_column",
        "topics",
        "limits",
        "options",
    }
    for key in data:
        _want(
            key in known, f"unknown key; expected one of {', '.join(sorted(known))}", path=file, key=str(key)
        )
    cfg = PipelineConfig(path=str(file))
    if "version" in data:
        _want(
            data["version"] == 1,
            f"unsupported version {data['version']!r}; expected 1",
            path=file,
            key="version",
        )
    if "name" in data:
        _want(
            isinstance(data["name"], str) and bool(data["name"]),
            "must be a non-empty string",
            path=file,
            key="name",
        )
        cfg = replace(cfg, name=data["name"])
    if "steps" in data:
        steps = data["steps"]
        _want(
            isinstance(steps, list) and all(isinstance(s, str) for s in steps),
            "must be a list of step names",
            path=file,
            key="steps",
        )
        for step in steps:
            _want(
                step in STEPS,
                f"unknown step {step!r}; expected some of {', '.join(STEPS)}",
                path=file,
                key="steps",
            )
        _want(
            "events" not in steps or "actors" in steps,
            "the events step needs the actors step",
            path=file,
            key="steps",
        )
        cfg = replace(cfg, steps=tuple(s for s in STEPS if s in steps))
    if "engine" in data:
        _want(data["engine"] in ENGINES, f"must be one of {', '.join(ENGINES)}", path=file, key="engine")
        cfg = replace(cfg, engine=data["engine"])
    if "workers" in data:
        cfg = replace(cfg, workers=_positive_int(data["workers"], path=file, key="workers", allow_auto=True))
    else:
        cfg = replace(cfg, workers=_cpu_workers())
    if "batch_size" in data:
        cfg = replace(cfg, batch_size=_positive_int(data["batch_size"], path=file, key="batch_size"))
    if "text_column" in data:
        col = data["text_column"]
        _want(isinstance(col, str) and bool(col), "must be a non-empty string", path=file, key="text_column")
        cfg = replace(cfg, text_column=col)
    if "topics" in data:
        cfg = replace(cfg, topics=_load_topics(data["topics"], path=file))
        for key in ("taxonomy", "keywords"):
            try:
                _reference(getattr(cfg.topics, key), cfg)
            except ValueError as exc:
                raise InputError(str(exc), path=file, field=f"topics.{key}") from None
    if "limits" in data:
        cfg = replace(cfg, limits=_load_limits(data["limits"], path=file))
    if "options" in data:
        opts = data["options"] if data["options"] is not None else {}
        _want(isinstance(opts, dict), "must be a mapping", path=file, key="options")
        cfg = replace(cfg, options=dict(opts))
    return cfg


def _load_limits(block: Any, *, path: Path) -> LimitsConfig:
    _want(isinstance(block, dict), "must be a mapping", path=path, key="limits")
    cfg = LimitsConfig()
    for key, value in block.items():
        _want(
            key in ("max_document_chars", "max_sentence_chars"),
            "unknown key; expected one of max_document_chars, max_sentence_chars",
            path=path,
            key=f"limits.{key}",
        )
        cfg = replace(cfg, **{key: _positive_int(value, path=path, key=f"limits.{key}")})
    _want(
        cfg.max_sentence_chars <= SPACY_MAX_CHARS,
        f"must be at most {SPACY_MAX_CHARS:,} (spaCy's limit), not {cfg.max_sentence_chars:,}",
        path=path,
        key="limits.max_sentence_chars",
    )
    return cfg


def _load_topics(block: Any, *, path: Path) -> TopicsConfig:
    _want(isinstance(block, dict), "must be a mapping", path=path, key="topics")
    known = {"taxonomy", "keywords", "min_score", "max_per_document"}
    for key in block:
        _want(
            key in known,
            f"unknown key; expected one of {', '.join(sorted(known))}",
            path=path,
            key=f"topics.{key}",
        )
    cfg = TopicsConfig()
    for key in ("taxonomy", "keywords"):
        if key in block:
            _want(
                isinstance(block[key], str) and bool(block[key]),
                "must be a path",
                path=path,
                key=f"topics.{key}",
            )
            cfg = replace(cfg, **{key: block[key]})
    if "min_score" in block:
        value = block["min_score"]
        ok = isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1
        _want(ok, f"must be a number in [0, 1], not {value!r}", path=path, key="topics.min_score")
        cfg = replace(cfg, min_score=float(value))
    if "max_per_document" in block:
        cfg = replace(
            cfg,
            max_per_document=_positive_int(
                block["max_per_document"], path=path, key="topics.max_per_document"
            ),
        )
    return cfg


@dataclass
class PipelineOutput:
    """What :func:`run_pipeline` returns.

    Attributes
    ----------
    tables
        All eight v1 tables (``tables.TABLE_ORDER``), each conformed.
    run
        Facts for ``Results.run``: ``engine``, ``pipeline``, ``inputs``,
        ``counts`` (``input_files``, ``inputs``, ``documents``, ``rejects`` and
        the rows of every table), ``rejects_by_reason``, ``timings`` (seconds per
        stage and ``total``), ``documents_per_second``, ``workers``.
    """

    tables: dict[str, pl.DataFrame]
    run: dict[str, Any]

    def summary(self) -> str:
        """A one-line summary of the run.

        Examples
        --------
        >>> out = PipelineOutput(
        ...     tables={n: tables.empty(n) for n in tables.TABLE_ORDER},
        ...     run={"engine": "rules", "counts": {"inputs": 0}, "timings": {"total": 0.5}},
        ... )
        >>> out.summary()
        '0 inputs -> 0 documents, 0 rejects; 0 sentences, 0 mentions, 0 actors, 0 events, 0 topics (0 document-topic links); engine rules; 0.50 s'
        """
        counts = self.run.get("counts", {})
        rows = {name: frame.height for name, frame in self.tables.items()}
        parts = ", ".join(f"{rows.get(n, 0)} {n}" for n in ("sentences", "mentions", "actors", "events"))
        links = rows.get("document_topics", 0)
        seconds = self.run.get("timings", {}).get("total", 0.0)
        return (
            f"{counts.get('inputs', 0)} inputs -> {rows.get('documents', 0)} documents, {rows.get('rejects', 0)} rejects; "
            f"{parts}, {rows.get('topics', 0)} topics ({links} document-topic links); "
            f"engine {self.run.get('engine', '?')}; {seconds:.2f} s"
        )


class _Stages:
    """Times stages, and shows a one-line progress status on a terminal (never in CI or when piped)."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.timings: dict[str, float] = {}
        self._begin = time.perf_counter()

    @staticmethod
    def terminal() -> bool:
        ci = os.environ.get("CI") or os.environ.get("GITHUB_ACTIONS")
        return bool(sys.stderr.isatty() and not ci and os.environ.get("TERM") != "dumb")

    def run(self, name: str, detail: str, func: Callable[[], Any]) -> Any:
        if self.enabled:
            done = len(self.timings)
            bar = "#" * done + "." * max(0, 5 - done)
            sys.stderr.write(f"\r[{bar}] {name}: {detail}".ljust(72)[:100])
            sys.stderr.flush()
        start = time.perf_counter()
        result = func()
        self.timings[name] = round(time.perf_counter() - start, 4)
        return result

    def progress(self, name: str) -> Callable[[int, int], None] | None:
        """A callback drawing ``name``'s progress as a bar, or None when no status is shown."""
        if not self.enabled:
            return None

        def draw(done: int, total: int) -> None:
            width = 30
            filled = width * done // total if total else width
            sys.stderr.write(
                f"\r{name} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} documents".ljust(72)
            )
            sys.stderr.flush()

        return draw

    def close(self) -> None:
        self.timings["total"] = round(time.perf_counter() - self._begin, 4)
        if self.enabled:
            sys.stderr.write("\r" + " " * 100 + "\r")
            sys.stderr.flush()


def _reference(name: str, config: PipelineConfig) -> Path:
    """A reference file named in a pipeline: beside the YAML file, else under ``seeds/``; never outside them.

    Raises
    ------
    ValueError
        ``name`` is absolute, climbs out with ``..``, or resolves outside those folders
        (:func:`newsframe.safeload.resolve_inside`); :func:`load_pipeline` reports it (exit 2).
    """
    from newsframe.safeload import resolve_inside

    base = Path(config.path).parent if config.path is not None else asset_path("seeds")
    found = resolve_inside(name, bases=[base])
    return found if found.exists() else asset_path("seeds", *Path(name).parts)


def _candidate_rows(mentions: list[Any], doc_seq: int, gaz: Any) -> list[dict[str, Any]]:
    """One ``mention_candidates`` row per mention of one document (see :mod:`newsframe.linking`)."""
    from newsframe.extract.actors import candidate_rows

    return candidate_rows(mentions, doc_seq, gaz)


def _staged_empty() -> dict[str, pl.DataFrame]:
    from newsframe.linking import CANDIDATE_SCHEMA

    events = tables.empty("events").with_columns(
        pl.lit(None, pl.Int64).alias("doc_seq"), pl.lit(None, pl.Int64).alias("event_seq")
    )
    return {
        "mention_candidates": pl.DataFrame(schema=CANDIDATE_SCHEMA),
        "event_candidates": events.clear(),
        "topics": tables.empty("topics").with_columns(pl.lit(None, pl.Int64).alias("level")),
    }


def extract_batch(
    documents: pl.DataFrame,
    *,
    config: PipelineConfig,
    engine: str | None = None,
    first_seq: int = 0,
) -> dict[str, pl.DataFrame]:
    """The per-document work on one batch of documents: every table a document yields on its own.

    Deterministic, and independent of other batches: call it on any partition of
    the documents (a process, a Spark ``mapInArrow`` task), then run
    :func:`newsframe.linking.link` once over all batches' staging tables.

    Parameters
    ----------
    documents
        Rows of the ``documents`` table (``doc_id``, ``text``, ``published_at`` are used).
    config
        The pipeline definition (its steps, engine, options and topics).
    engine
        ``auto``, ``spacy`` or ``rules``; ``None`` = the definition's.
    first_seq
        The corpus position of the batch's first document (``doc_seq`` in the
        staging tables, so that linking can follow corpus order).

    Returns
    -------
    dict
        Final tables ``sentences`` and ``document_topics``; staging tables
        ``mention_candidates``, ``event_candidates`` and ``topics`` (for
        :func:`~newsframe.linking.link`); and ``engine``, a one-row frame
        naming the engine that ran.

    Examples
    --------
    >>> docs = pl.DataFrame({"doc_id": ["d1"], "text": ["Joe Biden called Xi Jinping."], "published_at": [None]})
    >>> out = extract_batch(docs, config=load_pipeline(None), engine="rules")
    >>> out["sentences"].height, out["mention_candidates"]["text"].to_list()
    (1, ['Joe Biden', 'Xi Jinping'])
    """
    from newsframe.extract import sentences as sentence_splitter
    from newsframe.extract import topics as topic_assigner

    engine = engine or config.engine
    steps = set(config.steps)
    out: dict[str, pl.DataFrame] = {"sentences": tables.empty("sentences"), **_staged_empty()}
    out["document_topics"] = tables.empty("document_topics")
    used_engine = "none"
    if documents.height and steps:
        out["sentences"] = sentence_splitter.split(documents, max_chars=config.limits.max_sentence_chars)
    if documents.height and steps & {"actors", "events"}:
        from newsframe.extract import _annotate_docs
        from newsframe.extract.gazetteer import load_gazetteer
        from newsframe.extract.nlp import load_engine

        eng = load_engine(engine)
        used_engine = eng.name
        per_doc: dict[str, list[tuple[int, int, int]]] = {}
        for doc_id, sid, start, end in (
            out["sentences"]
            .select("doc_id", "sentence_id", "start", "end")
            .sort("doc_id", "sentence_id")
            .iter_rows()
        ):
            per_doc.setdefault(doc_id, []).append((sid, start, end))
        has_pub = "published_at" in documents.columns
        jobs: list[tuple[str, str, Any, list[tuple[int, int, int]]]] = []
        seqs: list[int] = []
        for n, row in enumerate(
            documents.select("doc_id", "text", *(["published_at"] if has_pub else [])).iter_rows(named=True)
        ):
            if row["doc_id"] in per_doc:
                jobs.append(
                    (row["doc_id"], row["text"] or "", row.get("published_at"), per_doc[row["doc_id"]])
                )
                seqs.append(first_seq + n)
        parser = eng.kind == "spacy" and bool(config.options.get("parser", False))
        results = _annotate_docs(jobs, engine=eng.kind, parser=parser)
        gaz = load_gazetteer()
        cand: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for seq, (mentions, doc_events) in zip(seqs, results, strict=True):
            cand.extend(_candidate_rows(mentions, seq, gaz))
            if "events" in steps:
                events.extend({**ev, "doc_seq": seq, "event_seq": i} for i, ev in enumerate(doc_events))
        from newsframe.linking import CANDIDATE_SCHEMA

        if cand:
            out["mention_candidates"] = pl.DataFrame(cand, schema=CANDIDATE_SCHEMA)
        if events:
            frame = tables.conform("events", events)
            out["event_candidates"] = frame.select(
                *tables.TABLES["events"].columns,
                pl.col("doc_seq").cast(pl.Int64),
                pl.col("event_seq").cast(pl.Int64),
            )
    if documents.height and "topics" in steps:
        topics_cfg = config.topics
        topics, doc_topics = topic_assigner.assign(
            documents,
            out["sentences"],
            taxonomy=_reference(topics_cfg.taxonomy, config),
            options={
                "keywords": _reference(topics_cfg.keywords, config),
                "min_score": topics_cfg.min_score,
                "max_per_document": topics_cfg.max_per_document,
            },
        )
        out["topics"] = (
            topics.select(*out["topics"].columns)
            if "level" in topics.columns
            else topics.with_columns(pl.lit(None, pl.Int64).alias("level"))
        )
        out["document_topics"] = doc_topics
    out["engine"] = pl.DataFrame({"engine": [used_engine]})
    return out


_WORKER: dict[str, Any] = {}


def _init_worker(config: PipelineConfig, engine: str) -> None:
    """Spawned worker start: remember the run's settings and load the engine once."""
    from newsframe.extract.nlp import load_engine

    _WORKER["config"], _WORKER["engine"] = config, engine
    if set(config.steps) & {"actors", "events"}:
        load_engine(engine)


def _work(job: tuple[int, int, pl.DataFrame]) -> tuple[int, dict[str, pl.DataFrame]]:
    number, first_seq, documents = job
    return number, extract_batch(
        documents, config=_WORKER["config"], engine=_WORKER["engine"], first_seq=first_seq
    )


def extract_stream(
    batches: Iterable[pl.DataFrame],
    *,
    config: PipelineConfig,
    engine: str,
    workers: int,
    first_seq: int = 0,
) -> Iterator[tuple[int, pl.DataFrame, dict[str, pl.DataFrame]]]:
    """Run :func:`extract_batch` over batches of documents, in order, with bounded memory.

    Yields ``(batch number, documents, tables)`` in input order. With
    ``workers > 1`` and more than one batch, this process and ``workers - 1``
    *spawned* ones share the batches (each spawned one loads the model once; a
    fork would copy the parent and Polars' thread pool): a batch goes to the
    pool while it has fewer than two batches per worker to do, and is run here
    otherwise, so that this process works while the others start and no worker
    waits for it. At most ``2 * workers`` batches are in flight, so that the
    parent never holds more than that many whatever the corpus size; batches are
    pulled from ``batches`` only as they are taken.
    """
    it = iter(batches)
    head = list(itertools.islice(it, 2))
    seq = first_seq
    if workers <= 1 or len(head) < 2:
        for number, docs in enumerate(itertools.chain(head, it)):
            yield number, docs, extract_batch(docs, config=config, engine=engine, first_seq=seq)
            seq += docs.height
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ctx = multiprocessing.get_context("spawn")
    helpers = workers - 1
    # (number, documents, the pool's Future, or the tables when this process ran the batch)
    pending: collections.deque[tuple[int, pl.DataFrame, Any]] = collections.deque()

    def queued() -> int:
        return sum(1 for _n, _d, h in pending if isinstance(h, Future) and not h.done())

    def finish(entry: tuple[int, pl.DataFrame, Any]) -> tuple[int, pl.DataFrame, dict[str, pl.DataFrame]]:
        number, docs, handle = entry
        return number, docs, handle if isinstance(handle, dict) else handle.result()[1]

    # A ProcessPoolExecutor, not a multiprocessing.Pool: a Pool silently restarts a worker that
    # dies while starting (a script without the __main__ guard), so the run would hang forever.
    pool = ProcessPoolExecutor(
        max_workers=helpers, mp_context=ctx, initializer=_init_worker, initargs=(config, engine)
    )
    try:
        for number, docs in enumerate(itertools.chain(head, it)):
            if queued() < 2 * helpers:
                pending.append((number, docs, pool.submit(_work, (number, seq, docs))))
            else:
                pending.append(
                    (number, docs, extract_batch(docs, config=config, engine=engine, first_seq=seq))
                )
            seq += docs.height
            while pending and (
                len(pending) >= 2 * workers or isinstance(pending[0][2], dict) or pending[0][2].done()
            ):
                yield finish(pending.popleft())
        while pending:
            yield finish(pending.popleft())
    except BrokenProcessPool as exc:
        raise InputError(_BROKEN_POOL, field="workers") from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_BROKEN_POOL = (
    "a worker process died while starting (or running a batch). A script that calls newsframe with "
    'more than one worker must make that call under `if __name__ == "__main__":`, because Python\'s '
    "spawn start method re-imports the script in every worker; or pass workers=1"
)


def _resolve(config: PipelineConfig, engine: str | None, workers: int | None) -> tuple[str, int]:
    engine = engine or config.engine
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}", field="engine")
    n_workers = workers if workers is not None else config.workers
    if n_workers < 1:
        raise InputError(f"workers must be at least 1, not {n_workers}", field="workers")
    return engine, n_workers


def _slices(frame: pl.DataFrame, size: int) -> Iterator[pl.DataFrame]:
    for offset in range(0, frame.height, size):
        yield frame.slice(offset, size)


def _in_memory_batch(n_docs: int, batch_size: int, workers: int) -> int:
    """Documents per batch for a corpus held in memory: the definition's ``batch_size``, or fewer, so
    that each of ``workers`` processes gets about 8 batches (417 documents in batches of 500 would
    be one batch, run by one process; 8 each keeps the last batch short). At least 8 documents.

    Examples
    --------
    >>> _in_memory_batch(417, 500, 2), _in_memory_batch(417, 500, 1), _in_memory_batch(100_000, 500, 2)
    (27, 500, 500)
    """
    if workers <= 1:
        return batch_size
    return max(1, min(batch_size, max(8, -(-n_docs // (8 * workers)))))


def run_pipeline(
    inputs: Sequence[Path],
    *,
    config: PipelineConfig,
    engine: str | None,
    workers: int | None,
    text_column: str | None,
) -> PipelineOutput:
    """Run ingest -> sentences -> annotate (actors, events) -> topics; return all eight tables in memory.

    The same stages as the streaming ``newsframe run`` (:func:`extract_batch`
    per batch, then :func:`newsframe.linking.link`), with every table
    collected: for the Python API and corpora that fit in memory.

    Parameters
    ----------
    inputs
        Files and folders (see :func:`newsframe.ingest.read_documents`).
    config
        The pipeline definition (:func:`load_pipeline`).
    engine, workers, text_column
        Command-line overrides of the definition's values (``None`` = keep).

    Raises
    ------
    InputError
        A missing input file or folder, or a bad override (exit code 2). Bad
        records never raise: they become ``rejects`` rows.
    """
    from newsframe.ingest import read_documents
    from newsframe.linking import STAGED, link

    engine, n_workers = _resolve(config, engine, workers)
    column = text_column or config.text_column
    stages = _Stages(enabled=_Stages.terminal())
    ingested = stages.run(
        "ingest",
        f"{len(inputs)} input(s)",
        lambda: read_documents(
            inputs, text_column=column, max_document_chars=config.limits.max_document_chars
        ),
    )
    documents = ingested.documents
    n_docs = documents.height
    parts: dict[str, list[pl.DataFrame]] = collections.defaultdict(list)
    engines: list[str] = []

    def extract() -> None:
        for _n, _docs, out in extract_stream(
            _slices(documents, _in_memory_batch(n_docs, config.batch_size, n_workers)),
            config=config,
            engine=engine,
            workers=n_workers,
        ):
            for name, frame in out.items():
                parts[name].append(frame)
            engines.extend(e for e in out["engine"]["engine"].to_list() if e != "none")

    try:
        stages.run("extract", f"{n_docs} documents, engine {engine}, {n_workers} worker(s)", extract)
        empty = {
            **_staged_empty(),
            "sentences": tables.empty("sentences"),
            "document_topics": tables.empty("document_topics"),
        }
        merged = {
            name: pl.concat(parts[name], how="vertical_relaxed") if parts[name] else frame
            for name, frame in empty.items()
        }
        if len(parts["document_topics"]) > 1:  # one order whatever the batches: as one batch sorts them
            from newsframe.extract.topics import DOCUMENT_TOPICS_ORDER

            columns, descending = DOCUMENT_TOPICS_ORDER
            merged["document_topics"] = merged["document_topics"].sort(
                columns, descending=descending, maintain_order=True
            )
        staged = {name: merged[name].lazy() for name in STAGED}
        linked = stages.run(
            "link",
            "actors across documents",
            lambda: {name: frame.collect() for name, frame in link(staged, in_memory=True).items()},
        )
        out: dict[str, pl.DataFrame] = {
            "documents": documents,
            "rejects": ingested.rejects,
            "sentences": merged["sentences"],
            "document_topics": merged["document_topics"],
            **linked,
        }
        steps = set(config.steps)
        if "events" not in steps:
            out["events"] = tables.empty("events")
        result = {name: tables.conform(name, out[name]) for name in tables.TABLE_ORDER}
    finally:
        stages.close()
    used_engine = engines[0] if engines else "none"
    run = _run_facts(
        config,
        engine=engine,
        used_engine=used_engine,
        workers=n_workers,
        inputs=inputs,
        files=ingested.files,
        skipped=ingested.skipped,
        counts={**ingested.counts, **{n: f.height for n, f in result.items() if n not in ingested.counts}},
        rejects_by_reason=ingested.rejects_by_reason,
        timings=dict(stages.timings),
        n_docs=n_docs,
    )
    return PipelineOutput(tables=result, run=run)


def _run_facts(
    config: PipelineConfig,
    *,
    engine: str,
    used_engine: str,
    workers: int,
    inputs: Sequence[Path],
    files: Sequence[Path],
    skipped: Sequence[Path],
    counts: Mapping[str, int],
    rejects_by_reason: Mapping[str, int],
    timings: Mapping[str, float],
    n_docs: int,
) -> dict[str, Any]:
    total = timings.get("total", 0.0)
    return {
        "command": "run",
        "newsframe_version": __version__,
        "engine": used_engine,
        "engine_requested": engine,
        "pipeline": config.name,
        "pipeline_file": config.path,
        "steps": list(config.steps),
        "workers": workers,
        "batch_size": config.batch_size,
        "limits": asdict(config.limits),
        "inputs": [str(p) for p in inputs],
        "input_files": [str(p) for p in files],
        "skipped_files": [str(p) for p in skipped],
        "counts": dict(counts),
        "topics_taxonomy": "IPTC Media Topics (iptc.org, CC BY 4.0)" if "topics" in config.steps else None,
        "rejects_by_reason": dict(rejects_by_reason),
        "timings": dict(timings),
        "documents_per_second": round(n_docs / total, 2) if total > 0 else None,
    }


PER_DOCUMENT: tuple[str, ...] = ("documents", "sentences", "document_topics", "rejects")
"""Tables written batch by batch, one part per batch (``--append`` keeps their old parts)."""

PARTITION_KEY = "published_date"
"""The hive partition key of ``--partition-by published_at`` (``published_date=2024-04-02/``)."""

_HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"

EMPTY_PART = "part-empty.parquet"
"""The one part of a table with no rows (it carries the columns)."""


def finish_tables(tables_dir: Path, *, run_id: str) -> dict[str, int]:
    """Give every table with no rows anywhere its one empty part; the row count of each table.

    The last step of a dataset run, local or Spark: after it every table of
    :data:`newsframe.tables.TABLE_ORDER` is a folder with at least one part.
    """
    from newsframe.dataset import write_part

    for name in tables.TABLE_ORDER:
        folder = tables_dir / name
        if not any(folder.rglob("*.parquet")):
            write_part(tables.empty(name), folder / EMPTY_PART, run_id=run_id)
    return {
        name: pl.scan_parquet(tables_dir / name / "**" / "*.parquet", hive_partitioning=False)
        .select(pl.len())
        .collect()
        .item()
        for name in tables.TABLE_ORDER
    }


@dataclass
class DatasetRun:
    """What :func:`run_dataset` wrote: the run facts (as :attr:`PipelineOutput.run`) and the tables folder."""

    run: dict[str, Any]
    tables_dir: Path

    def summary(self) -> str:
        """A one-line summary of the run, as :meth:`PipelineOutput.summary`."""
        counts = self.run.get("counts", {})
        parts = ", ".join(f"{counts.get(n, 0)} {n}" for n in ("sentences", "mentions", "actors", "events"))
        return (
            f"{counts.get('inputs', 0)} inputs -> {counts.get('documents', 0)} documents, "
            f"{counts.get('rejects', 0)} rejects; {parts}, {counts.get('topics', 0)} topics "
            f"({counts.get('document_topics', 0)} document-topic links); engine {self.run.get('engine', '?')}; "
            f"{self.run.get('timings', {}).get('total', 0.0):.2f} s"
        )


def _partitions(frame: pl.DataFrame, dates: pl.DataFrame) -> Iterator[tuple[str | None, pl.DataFrame]]:
    """Split a per-document table by its documents' publication date (``None`` = not partitioned)."""
    if dates.is_empty():
        yield None, frame
        return
    keyed = frame.join(dates, on="doc_id", how="left", maintain_order="left")
    for (value,), part in keyed.partition_by(PARTITION_KEY, as_dict=True, maintain_order=True).items():
        yield f"{PARTITION_KEY}={value if value is not None else _HIVE_NULL}", part.drop(PARTITION_KEY)


def run_dataset(
    inputs: Sequence[Path],
    *,
    staging: Path,
    run_id: str,
    config: PipelineConfig,
    engine: str | None,
    workers: int | None,
    text_column: str | None,
    partition_by: str | None = None,
    previous: Mapping[str, Any] | None = None,
) -> DatasetRun:
    """Stream the pipeline into a folder: read in batches, extract, write Parquet datasets, link; flat memory.

    Writes ``staging/tables/<table>/part-NNNNN.parquet`` (one part per batch
    for the per-document tables; the linked ``mentions``, ``actors``,
    ``events`` and ``topics`` written by a streaming sink), and the linking
    state ``staging/link/`` that ``--append`` needs. Every part carries
    ``run_id`` in its Parquet metadata. Memory holds a few batches, never the
    corpus: batches are read, extracted and written one after another, and
    :func:`newsframe.linking.link` runs on ``pl.scan_parquet`` of the parts.

    Parameters
    ----------
    inputs
        Files and folders, as for :func:`run_pipeline`.
    staging
        The folder to write (normally :attr:`newsframe.dataset.Output.staging`).
    run_id
        The run id written into every part.
    config, engine, workers, text_column
        As for :func:`run_pipeline`.
    partition_by
        ``"published_at"``: hive-partition the per-document tables (and
        mentions, events) by their document's publication date
        (``published_date=YYYY-MM-DD/``; no date: ``__HIVE_DEFAULT_PARTITION__``).
    previous
        The ``.newsframe-run.json`` of the dataset being appended to, whose
        parts are already in ``staging`` (hard links): its documents are not
        read again, their ids are kept, new documents continue their order.

    Raises
    ------
    InputError
        As :func:`run_pipeline`; also an append whose settings (engine,
        pipeline, partitioning) differ from the dataset's.
    """
    from newsframe.dataset import RUN_ID_KEY, part_name, write_part
    from newsframe.ingest import DocumentBatches
    from newsframe.linking import STAGED, link

    engine, n_workers = _resolve(config, engine, workers)
    if partition_by not in (None, "published_at"):
        raise InputError(
            f"cannot partition by {partition_by!r}; expected published_at", field="--partition-by"
        )
    tables_dir, link_dir = staging / "tables", staging / "link"
    prev = dict(previous or {})
    if prev:
        for key, now in (
            ("engine_requested", engine),
            ("pipeline", config.name),
            ("partition_by", partition_by),
        ):
            if prev.get(key) != now:
                raise InputError(
                    f"--append to a dataset written with {key} {prev.get(key)!r}, not {now!r}: "
                    "ids and results would not equal one run over all the documents",
                    field="--append",
                )
    for placeholder in [*tables_dir.rglob(EMPTY_PART), *link_dir.rglob(EMPTY_PART)]:
        placeholder.unlink()  # an appended dataset's empty tables: real parts may come now
    seen: dict[str, tuple[str, str, int | None]] = {}
    if prev and (link_dir / "seen").is_dir():
        for row in pl.scan_parquet(link_dir / "seen" / "*.parquet").collect().iter_rows():
            seen[row[0]] = (row[1], row[2], row[3])
    stages = _Stages(enabled=_Stages.terminal())
    column = text_column or config.text_column
    batches = DocumentBatches(inputs, text_column=column, batch_size=config.batch_size, seen=seen)
    first_batch = int(prev.get("next_batch", 0))
    first_seq = int(prev.get("next_doc_seq", 0))
    counts: dict[str, int] = collections.Counter()
    reasons: dict[str, int] = collections.Counter(prev.get("rejects_by_reason", {}))
    engines: list[str] = [prev["engine"]] if prev.get("engine") not in (None, "none") else []
    dates: dict[int, pl.DataFrame] = {}

    def put(table: str, frame: pl.DataFrame, number: int, *, folder: Path = tables_dir) -> None:
        keyed = partition_by is not None and table in ("documents", "sentences", "document_topics")
        groups = _partitions(frame, dates[number] if keyed else pl.DataFrame())
        for sub, part in groups:
            if part.height:
                where = folder / table if sub is None else folder / table / sub
                write_part(part, where / part_name(number), run_id=run_id)

    def documents() -> Iterator[pl.DataFrame]:
        for number, batch in enumerate(batches, start=first_batch):
            counts["inputs"] += batch.documents.height + batch.rejects.height
            counts["documents"] += batch.documents.height
            counts["rejects"] += batch.rejects.height
            for reason, n in batch.rejects_by_reason.items():
                reasons[reason] += n
            dates[number] = batch.documents.select(
                "doc_id", pl.col("published_at").cast(pl.String).alias(PARTITION_KEY)
            )
            put("documents", batch.documents, number)
            put("rejects", batch.rejects, number)
            fresh = batch.documents["doc_id"].to_list()
            write_part(
                pl.DataFrame(
                    [(d, *seen[d]) for d in fresh],
                    schema={
                        "doc_id": pl.String,
                        "norm": pl.String,
                        "source_file": pl.String,
                        "line": pl.Int64,
                    },
                    orient="row",
                ),
                link_dir / "seen" / part_name(number),
                run_id=run_id,
            )
            yield batch.documents

    def extract() -> int:
        n_batches = 0
        for number, docs, out in extract_stream(
            documents(), config=config, engine=engine, workers=n_workers, first_seq=first_seq
        ):
            n = number + first_batch
            put("sentences", out["sentences"], n)
            put("document_topics", out["document_topics"], n)
            for name in STAGED:
                if out[name].height:
                    write_part(out[name], link_dir / name / part_name(n), run_id=run_id)
            engines.extend(e for e in out["engine"]["engine"].to_list() if e != "none")
            dates.pop(n, None)
            counts["next_doc_seq"] = first_seq + counts["documents"]
            n_batches += 1
            del docs
        return n_batches

    try:
        n_batches = stages.run("extract", f"{len(inputs)} input(s), engine {engine}", extract)
        empty = _staged_empty()
        for name in STAGED:
            if not any((link_dir / name).glob("*.parquet")):
                write_part(empty[name], link_dir / name / EMPTY_PART, run_id=run_id)
        staged = {name: pl.scan_parquet(link_dir / name / "*.parquet") for name in STAGED}
        linked = link(staged)
        if "events" not in config.steps:
            linked["events"] = tables.empty("events").lazy()

        def sink() -> None:
            for name, frame in linked.items():
                frame = frame.select([*tables.TABLES[name].columns, *(["level"] if name == "topics" else [])])
                if partition_by is not None and name in ("mentions", "events"):
                    docs = pl.scan_parquet(
                        tables_dir / "documents" / "**" / "*.parquet", hive_partitioning=False
                    )
                    keyed = frame.join(
                        docs.select("doc_id", pl.col("published_at").cast(pl.String).alias(PARTITION_KEY)),
                        on="doc_id",
                        how="left",
                        maintain_order="left",
                    ).with_columns(pl.col(PARTITION_KEY).fill_null(_HIVE_NULL))
                    shutil.rmtree(tables_dir / name, ignore_errors=True)
                    keyed.sink_parquet(
                        pl.PartitionBy(tables_dir / name, key=PARTITION_KEY, include_key=False),
                        metadata={RUN_ID_KEY: run_id},
                        mkdir=True,
                    )
                else:
                    shutil.rmtree(tables_dir / name, ignore_errors=True)
                    (tables_dir / name).mkdir(parents=True)
                    frame.sink_parquet(tables_dir / name / part_name(0), metadata={RUN_ID_KEY: run_id})

        stages.run("link", "actors across documents", sink)
        totals = finish_tables(tables_dir, run_id=run_id)
    finally:
        stages.close()
    files = [*prev.get("input_files", []), *(str(p) for p in batches.files)]
    all_inputs = [*prev.get("inputs", []), *(str(p) for p in inputs)]
    run_counts = {
        "input_files": len(files),
        "inputs": int(prev.get("counts", {}).get("inputs", 0)) + counts["inputs"],
        **{name: int(n) for name, n in totals.items()},
    }
    facts = _run_facts(
        config,
        engine=engine,
        used_engine=engines[0] if engines else "none",
        workers=n_workers,
        inputs=[Path(p) for p in all_inputs],
        files=[Path(p) for p in files],
        skipped=[*map(Path, prev.get("skipped_files", [])), *batches.skipped],
        counts=run_counts,
        rejects_by_reason=dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
        timings=dict(stages.timings),
        n_docs=counts["documents"],
    )
    facts.update(
        run_id=run_id,
        layout="parquet-dataset",
        partition_by=partition_by,
        appended=bool(prev),
        batches=n_batches,
        next_batch=first_batch + n_batches,
        next_doc_seq=first_seq + counts["documents"],
    )
    return DatasetRun(run=facts, tables_dir=tables_dir)
