"""``newsframe run --spark``: the per-document extraction on Spark executors, the same tables as the local run.

:func:`run_dataset_spark` writes the same dataset as :func:`newsframe.pipeline.run_dataset`
(``tables/<table>/`` Parquet folders, ``link/`` staging), in four steps:

1. **Ingest** on the driver with :class:`newsframe.ingest.DocumentBatches`, batch by batch: the
   same document ids, corpus order (``doc_seq``) and rejects as the local run; ``documents`` and
   ``rejects`` are written as parts, and the documents once more, with their ``doc_seq``, as the
   Spark input (``link/spark_documents/``).
2. **Extract** on the executors: Spark reads that input, range-partitions it by ``doc_seq`` and
   runs :func:`newsframe.pipeline.extract_batch` (the very function of the local run) in
   ``mapInArrow`` over each partition's documents, in ``batch_size`` runs of consecutive documents.
   The model loads once per Python worker (``load_engine`` caches it; Spark reuses its workers).
   Each task returns its tables as Arrow IPC blobs, tagged with the table name; the result is
   persisted once and each table is decoded (``mapInArrow`` again) and written by Spark's Parquet
   writer, in parallel.
3. **Link** (the cross-document pass) in Spark SQL: :func:`newsframe.spark.link.link_spark`, the
   steps of :func:`newsframe.linking.link` as joins, group-bys and windows over the staged parts, on
   the executors; Spark's Parquet writer writes each linked table in the local run's row order.
4. The run facts, as the local run's.

Not supported with ``--spark`` (a usage error, not a silent difference): ``--append`` and
``--partition-by``.
"""

from __future__ import annotations

import collections
import io
import shutil
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from newsframe import tables

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from newsframe.pipeline import DatasetRun, PipelineConfig

__all__ = ["EXTRACTED", "run_dataset_spark"]

EXTRACTED: tuple[str, ...] = (
    "sentences",
    "document_topics",
    "mention_candidates",
    "event_candidates",
    "topics",
)
"""The tables a task's :func:`~newsframe.pipeline.extract_batch` yields (besides the engine name)."""

_FINAL = ("sentences", "document_topics")
"""Of those, the ones that are final tables (the others are staging for the link pass)."""


def _small_type(t: Any) -> Any:
    """An Arrow type as Spark reads it: ``string`` and ``list``, not Polars' ``large_*`` or views."""
    import pyarrow as pa

    if pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return pa.string()
    if pa.types.is_large_list(t) or pa.types.is_list(t):
        return pa.list_(_small_type(t.value_type))
    return t


def _arrow(frame: pl.DataFrame) -> Any:
    """``frame`` as an Arrow table of the types Spark accepts."""
    import pyarrow as pa

    table = frame.to_arrow(compat_level=pl.CompatLevel.oldest())
    return table.cast(pa.schema([pa.field(f.name, _small_type(f.type)) for f in table.schema]))


def _ipc(frame: pl.DataFrame) -> bytes:
    import pyarrow as pa

    table = _arrow(frame)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue())


def _runs(frame: pl.DataFrame, size: int) -> Iterator[tuple[int, pl.DataFrame]]:
    """Runs of consecutive ``doc_seq`` (at most ``size`` documents): each an :func:`extract_batch` call."""
    if frame.is_empty():
        return
    frame = frame.sort("doc_seq")
    seqs = frame["doc_seq"].to_list()
    start = 0
    for i in range(1, len(seqs) + 1):
        if i == len(seqs) or seqs[i] != seqs[i - 1] + 1 or i - start >= size:
            yield seqs[start], frame.slice(start, i - start).drop("doc_seq")
            start = i


def _extract_partition(
    batches: Iterable[Any], *, config: PipelineConfig, engine: str
) -> Iterator[Any]:  # runs on the executors
    """(mapInArrow) Documents in, ``(table, Arrow IPC)`` rows out, one per extracted table and run."""
    import pyarrow as pa

    from newsframe.pipeline import extract_batch

    schema = pa.schema([("table", pa.string()), ("data", pa.binary())])
    for batch in batches:
        docs = pl.from_arrow(pa.Table.from_batches([batch]))
        assert isinstance(docs, pl.DataFrame)
        names: list[str] = []
        blobs: list[bytes] = []
        for first, run in _runs(docs, config.batch_size):
            out = extract_batch(run, config=config, engine=engine, first_seq=first)
            for name in (*EXTRACTED, "engine"):
                if out[name].height:
                    names.append(name)
                    blobs.append(_ipc(out[name]))
        yield pa.RecordBatch.from_pydict({"table": names, "data": blobs}, schema=schema)


def _decode(batches: Iterable[Any]) -> Iterator[Any]:  # runs on the executors
    """(mapInArrow) The Arrow IPC blobs of one table back into its rows."""
    import pyarrow as pa

    for batch in batches:
        for blob in batch.column("data").to_pylist():
            yield from pa.ipc.open_file(pa.BufferReader(blob)).read_all().to_batches()


def _spark_schema(frame: pl.DataFrame) -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(_arrow(frame).schema)


def run_dataset_spark(
    inputs: Sequence[Path],
    *,
    staging: Path,
    run_id: str,
    config: PipelineConfig,
    engine: str | None,
    text_column: str | None,
    spark: SparkSession | None = None,
    master: str | None = None,
) -> DatasetRun:
    """:func:`newsframe.pipeline.run_dataset` with the extraction on Spark (see the module docstring).

    Raises
    ------
    SparkUnavailable
        pyspark or Java is missing (exit code 2).
    InputError
        As :func:`~newsframe.pipeline.run_dataset`.
    """
    from pyspark.sql import functions as F

    from newsframe.dataset import part_name, write_part
    from newsframe.ingest import DocumentBatches
    from newsframe.linking import STAGED
    from newsframe.pipeline import EMPTY_PART, DatasetRun, _resolve, _run_facts, _staged_empty, finish_tables
    from newsframe.spark.link import link_spark, ordered
    from newsframe.spark.session import DEFAULT_MASTER, spark_session

    engine, _ = _resolve(config, engine, 1)
    session = spark or spark_session(master or DEFAULT_MASTER)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    tables_dir, link_dir = staging / "tables", staging / "link"
    source = link_dir / "spark_documents"
    batches = DocumentBatches(
        inputs, text_column=text_column or config.text_column, batch_size=config.batch_size
    )
    counts: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    t = time.perf_counter()
    for number, batch in enumerate(batches):
        counts["inputs"] += batch.documents.height + batch.rejects.height
        for reason, n in batch.rejects_by_reason.items():
            reasons[reason] += n
        for name, frame in (("documents", batch.documents), ("rejects", batch.rejects)):
            if frame.height:
                write_part(frame, tables_dir / name / part_name(number), run_id=run_id)
        docs = batch.documents.select("doc_id", "text", "published_at").with_columns(
            (pl.int_range(pl.len(), dtype=pl.Int64) + counts["documents"]).alias("doc_seq")
        )
        counts["documents"] += batch.documents.height
        if docs.height:
            write_part(docs, source / part_name(number), run_id=run_id)
    timings["ingest"] = round(time.perf_counter() - t, 4)

    t = time.perf_counter()
    engines: list[str] = []
    empty = {
        **_staged_empty(),
        "sentences": tables.empty("sentences"),
        "document_topics": tables.empty("document_topics"),
    }
    if counts["documents"]:
        docs_df = session.read.parquet(str(source))
        n_parts = max(
            1,
            min(
                counts["documents"] // max(1, config.batch_size // 4) + 1,
                4 * session.sparkContext.defaultParallelism,
            ),
        )
        docs_df = docs_df.repartitionByRange(n_parts, "doc_seq").sortWithinPartitions("doc_seq")

        def extract(batches: Iterable[Any]) -> Iterator[Any]:
            return _extract_partition(batches, config=config, engine=engine)

        blobs = docs_df.mapInArrow(extract, "table string, data binary").persist()
        try:
            for name in (*EXTRACTED, "engine"):
                frames = blobs.filter(F.col("table") == name).select("data")
                first = frames.limit(1).collect()  # the table's columns, as extract_batch made them
                sample = (
                    pl.read_ipc(io.BytesIO(first[0]["data"])) if first else empty.get(name, pl.DataFrame())
                )
                schema = _spark_schema(sample) if name != "engine" else "engine string"
                decoded = frames.mapInArrow(_decode, schema)
                if name == "engine":
                    engines = sorted({r["engine"] for r in decoded.collect() if r["engine"] != "none"})
                    continue
                folder = tables_dir / name if name in _FINAL else link_dir / name
                decoded.write.mode("overwrite").option("compression", "zstd").parquet(str(folder))
        finally:
            blobs.unpersist()
    timings["extract"] = round(time.perf_counter() - t, 4)

    t = time.perf_counter()
    for name in STAGED:
        if not any((link_dir / name).glob("*.parquet")):
            write_part(empty[name], link_dir / name / EMPTY_PART, run_id=run_id)
    linked = link_spark({name: session.read.parquet(str(link_dir / name)) for name in STAGED})
    for name, linked_frame in linked.items():
        shutil.rmtree(tables_dir / name, ignore_errors=True)
        if name == "events" and "events" not in config.steps:
            write_part(tables.empty("events"), tables_dir / name / EMPTY_PART, run_id=run_id)
            continue
        out = ordered(linked_frame, name)
        out.write.mode("overwrite").option("compression", "zstd").parquet(str(tables_dir / name))
    totals = finish_tables(tables_dir, run_id=run_id)
    timings["link"] = round(time.perf_counter() - t, 4)
    timings["total"] = round(time.perf_counter() - started, 4)
    facts = _run_facts(
        config,
        engine=engine,
        used_engine=engines[0] if engines else "none",
        workers=session.sparkContext.defaultParallelism,
        inputs=list(inputs),
        files=list(batches.files),
        skipped=list(batches.skipped),
        counts={"input_files": len(batches.files), "inputs": counts["inputs"], **totals},
        rejects_by_reason=dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
        timings=timings,
        n_docs=counts["documents"],
    )
    facts.update(
        {
            "extraction_engine": "spark",
            "spark_master": session.sparkContext.master,
            "spark_version": session.version,
            "run_id": run_id,
            "layout": "parquet-dataset",
            "partition_by": None,
            "appended": False,
        }
    )
    return DatasetRun(run=facts, tables_dir=tables_dir)
