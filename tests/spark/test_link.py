"""The cross-document pass in Spark SQL (:mod:`newsframe.spark.link`) equals the Polars one, row for row.

Both passes run on the same staged tables (what :func:`newsframe.pipeline.extract_batch` stages), made
from the seed article, documents written to exercise each linking step (a bare surname in another
document, plurals, name variants, a country and its people, a repeated dated event, conflicting
dates, a type that needs a target) and, when ``../shared`` is present, 60 BBC politics articles, in
several batches. Every table must be equal: rows, order, columns and dtypes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from newsframe.ingest import read_documents
from newsframe.linking import STAGED, link
from newsframe.pipeline import extract_batch, load_pipeline

ROOT = Path(__file__).resolve().parents[2]
BBC = ROOT.parent / "shared" / "corpora" / "bbc_politics" / "articles.jsonl"

WRITTEN = [
    "Tony Blair met Jacques Chirac in Paris on 3 March 2005. The Americans criticised France.",
    "Prime Minister Blair said the talks went well. An American official praised Chirac.",
    "Blair and Chirac met again in London on 4 March 2005. The U.S. and the US disagreed.",
    "Tony Blair met Jacques Chirac in Paris on 9 March 2005. Iraq attacked Iran.",
    "The Labour Party and the labour party argued. Gordon Brown criticised Michael Howard.",
    "Brown accused Howard of lying. Howard denied it. Mr Brown visited Germany and the Germans.",
    "Russia threatened. Vladimir Putin of Russia met George Bush in Moscow on 1 May 2005.",
    "",
]


def _staged() -> dict[str, pl.DataFrame]:
    seed = read_documents([ROOT / "seeds" / "documents"]).documents.select("doc_id", "text", "published_at")
    written = pl.DataFrame(
        {
            "doc_id": [f"w{i}" for i in range(len(WRITTEN))],
            "text": WRITTEN,
            "published_at": [None] * len(WRITTEN),
        },
        schema=seed.schema,
    ).filter(pl.col("text") != "")
    parts = [seed, written]
    if BBC.is_file():
        parts.append(read_documents([BBC]).documents.head(60).select(seed.columns))
    docs = pl.concat(parts, how="vertical_relaxed")
    cfg = load_pipeline(None)
    staged: dict[str, list[pl.DataFrame]] = {name: [] for name in STAGED}
    for offset in range(0, docs.height, 13):
        out = extract_batch(docs.slice(offset, 13), config=cfg, engine="rules", first_seq=offset)
        for name in STAGED:
            staged[name].append(out[name])
    return {name: pl.concat(frames) for name, frames in staged.items()}


def test_the_spark_link_pass_equals_the_polars_one(spark: Any) -> None:
    from newsframe.spark.frames import to_polars
    from newsframe.spark.link import link_spark, ordered

    staged = _staged()
    local = {name: frame.collect() for name, frame in link({n: f.lazy() for n, f in staged.items()}).items()}
    on_spark = link_spark(
        {
            n: spark.createDataFrame(f.to_arrow(compat_level=pl.CompatLevel.oldest()))
            for n, f in staged.items()
        }
    )
    assert sorted(on_spark) == sorted(local)
    for name, frame in on_spark.items():
        got = to_polars(ordered(frame, name))
        want = local[name]
        assert got.schema == want.schema, name
        assert got.height == want.height, (name, got.height, want.height)
        assert got.equals(want), (name, got.join(want, on=got.columns, how="anti").head(5))
    # not vacuous: the linking steps had something to do
    assert local["events"].height > 10 and local["actors"].height > 20
    blair = local["actors"].filter(pl.col("name") == "Tony Blair")
    assert blair.height == 1 and "Blair" in blair["aliases"].item().to_list()
