"""The pipeline: documents in, the eight v1 tables out (ingest -> sentences -> annotate -> topics).

A pipeline definition is a YAML file (``pipelines/default.yaml`` is the
built-in one; ``pipelines/README.md`` documents every key). :func:`run_pipeline`
reads the inputs, extracts, and returns every table conformed to
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

import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from newsframe import __version__, tables
from newsframe.assets import asset_path
from newsframe.errors import InputError

__all__ = [
    "ENGINES",
    "STEPS",
    "PipelineConfig",
    "PipelineOutput",
    "TopicsConfig",
    "load_pipeline",
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
        Documents per batch, passed to ``annotate`` as ``options["batch_size"]``.
    text_column
        Text column of CSV/Parquet inputs.
    topics
        Topic assignment settings.
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
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
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
    if "options" in data:
        opts = data["options"] if data["options"] is not None else {}
        _want(isinstance(opts, dict), "must be a mapping", path=file, key="options")
        cfg = replace(cfg, options=dict(opts))
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
        '0 inputs -> 0 documents, 0 rejects; 0 sentences, 0 mentions, 0 actors, 0 events, 0 topics; engine rules; 0.50 s'
        """
        counts = self.run.get("counts", {})
        rows = {name: frame.height for name, frame in self.tables.items()}
        parts = ", ".join(f"{rows.get(n, 0)} {n}" for n in ("sentences", "mentions", "actors", "events"))
        n_topics = rows.get("document_topics", 0)
        seconds = self.run.get("timings", {}).get("total", 0.0)
        return (
            f"{counts.get('inputs', 0)} inputs -> {rows.get('documents', 0)} documents, {rows.get('rejects', 0)} rejects; "
            f"{parts}, {n_topics} topics; engine {self.run.get('engine', '?')}; {seconds:.2f} s"
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
    """A reference file named in a pipeline: absolute, else beside the YAML file, else under ``seeds/``."""
    path = Path(name)
    if path.is_absolute():
        return path
    if config.path is not None:
        beside = Path(config.path).parent / path
        if beside.is_file():
            return beside
    return asset_path("seeds", *path.parts)


def _annotate(
    documents: pl.DataFrame,
    sentences: pl.DataFrame,
    *,
    engine: str,
    workers: int,
    options: Mapping[str, Any],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, str]:
    """Run :func:`newsframe.extract.annotate`: mentions, actors, events and the engine that ran."""
    from newsframe.extract import annotate

    ann = annotate(documents, sentences, engine=engine, workers=workers, options=options, progress=progress)
    return ann.mentions, ann.actors, ann.events, str(ann.engine)


def run_pipeline(
    inputs: Sequence[Path],
    *,
    config: PipelineConfig,
    engine: str | None,
    workers: int | None,
    text_column: str | None,
) -> PipelineOutput:
    """Run ingest -> sentences -> annotate (actors, events) -> topics; return all eight tables.

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
    from newsframe.extract import sentences as sentence_splitter
    from newsframe.extract import topics as topic_assigner
    from newsframe.ingest import read_documents

    engine = engine or config.engine
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}", field="engine")
    n_workers = workers if workers is not None else config.workers
    if n_workers < 1:
        raise InputError(f"workers must be at least 1, not {n_workers}", field="workers")
    column = text_column or config.text_column
    stages = _Stages(enabled=_Stages.terminal())
    steps = set(config.steps)

    ingested = stages.run(
        "ingest", f"{len(inputs)} input(s)", lambda: read_documents(inputs, text_column=column)
    )
    documents = ingested.documents
    n_docs = documents.height
    out: dict[str, pl.DataFrame] = {name: tables.empty(name) for name in tables.TABLE_ORDER}
    out["documents"] = documents
    out["rejects"] = ingested.rejects
    used_engine = "none"
    try:
        if steps & {"sentences", "actors", "events", "topics"}:
            out["sentences"] = stages.run(
                "sentences", f"{n_docs} documents", lambda: sentence_splitter.split(documents)
            )
        if steps & {"actors", "events"} and n_docs:
            options = {"batch_size": config.batch_size, "steps": list(config.steps), **dict(config.options)}
            mentions, actors, events, used_engine = stages.run(
                "annotate",
                f"{n_docs} documents, engine {engine}, {n_workers} worker(s)",
                lambda: _annotate(
                    documents,
                    out["sentences"],
                    engine=engine,
                    workers=n_workers,
                    options=options,
                    progress=stages.progress("annotate"),
                ),
            )
            out["mentions"], out["actors"] = mentions, actors
            if "events" in steps:
                out["events"] = events
        if "topics" in steps and n_docs:
            topics_cfg = config.topics
            out["topics"], out["document_topics"] = stages.run(
                "topics",
                f"{n_docs} documents",
                lambda: topic_assigner.assign(
                    documents,
                    out["sentences"],
                    taxonomy=_reference(topics_cfg.taxonomy, config),
                    options={
                        "keywords": _reference(topics_cfg.keywords, config),
                        "min_score": topics_cfg.min_score,
                        "max_per_document": topics_cfg.max_per_document,
                    },
                ),
            )
        result = {name: tables.conform(name, out[name]) for name in tables.TABLE_ORDER}
    finally:
        stages.close()

    counts: dict[str, int] = dict(ingested.counts)
    counts.update({name: frame.height for name, frame in result.items() if name not in counts})
    total = stages.timings.get("total", 0.0)
    run: dict[str, Any] = {
        "command": "run",
        "newsframe_version": __version__,
        "engine": used_engine,
        "engine_requested": engine,
        "pipeline": config.name,
        "pipeline_file": config.path,
        "steps": list(config.steps),
        "workers": n_workers,
        "batch_size": config.batch_size,
        "inputs": [str(p) for p in inputs],
        "input_files": [str(p) for p in ingested.files],
        "skipped_files": [str(p) for p in ingested.skipped],
        "counts": counts,
        "topics_taxonomy": "IPTC Media Topics (iptc.org, CC BY 4.0)" if "topics" in steps else None,
        "rejects_by_reason": ingested.rejects_by_reason,
        "timings": dict(stages.timings),
        "documents_per_second": round(n_docs / total, 2) if total > 0 else None,
    }
    return PipelineOutput(tables=result, run=run)
