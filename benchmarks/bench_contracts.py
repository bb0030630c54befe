"""Benchmark: the events contract through Pandera and GX, against the same checks hand-written in Polars.

A synthetic events table (valid except for a planted 0.1% of faults, spread over the rule kinds) is
written to Parquet once per size. Each path then runs in its own subprocess, which reads the table,
runs the checks, and reports the time and its peak resident memory (``resource.getrusage``
``ru_maxrss``: tracemalloc does not see Polars' Rust allocations). Paths:

``polars``   the events contract's column and frame rules written by hand as ONE Polars ``select``
             of failing-row counts (the baseline);
``pandera``  :func:`newsframe.contracts.pandera_engine.run_pandera`: compile the contract, validate
             the DataFrame lazily, map ``failure_cases`` to CheckResults (samples included);
``gx``       :func:`newsframe.contracts.gx_engine.run_gx` on the same table (pandas datasource on
             ``to_pandas()``; import time excluded, conversion included), 1M rows only.

Every path must find the same number of failing rows per rule; the script checks that. Target:
Pandera within 1.3x of the hand-written select at 1M rows and above.

Run: ``.venv/bin/python benchmarks/bench_contracts.py [--sizes 1000000 5000000] [--gx-size 1000000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

TYPES = ["CONSULT", "AGREE", "COOPERATE", "MOBILIZE", "REJECT", "PROTEST", "ACCUSE", "AID"]
PRECISION = ["day", "week", "month", "year"]
FAULT_RATE = 0.001
CODEBOOK = pl.read_csv(Path(__file__).resolve().parent.parent / "seeds" / "reference" / "plover_codebook.csv")
# positions in TYPES of the categories whose recipient is optional (requires_target false in the codebook)
_OPTIONAL_TARGET = [
    i for i, t in enumerate(TYPES) if t in set(CODEBOOK.filter(~pl.col("requires_target"))["event_type"])
]


def synthetic(n: int, seed: int = 11) -> pl.DataFrame:
    """``n`` valid events, then 0.1% of rows broken (each fault kind on its own slice of rows)."""
    i = pl.int_range(0, n, dtype=pl.Int64)
    frame = pl.select(i.alias("i")).select(
        pl.format("e{}", "i").alias("event_id"),
        pl.format("d{}", pl.col("i") // 10).alias("doc_id"),
        (pl.col("i") % 30).alias("sentence_id"),
        pl.col("i")
        .hash(seed)
        .mod(len(TYPES))
        .cast(pl.Int64)
        .replace_strict(dict(enumerate(TYPES)), return_dtype=pl.String)
        .alias("event_type"),
        pl.format("a{}", pl.col("i").hash(seed + 1) % 5000).alias("source_actor_id"),
        # a quarter of the events have no target, but only in categories that allow none (codebook)
        pl.when((pl.col("i") % 4 == 0) & pl.col("i").hash(seed).mod(len(TYPES)).is_in(_OPTIONAL_TARGET))
        .then(None)
        .otherwise(pl.format("a{}", pl.col("i").hash(seed + 2) % 5000))
        .alias("target_actor_id"),
        pl.lit("met").alias("trigger"),
        ((pl.col("i") % 500) * 3).alias("trigger_start"),
        ((pl.col("i") % 500) * 3 + 3).alias("trigger_end"),
        pl.when(pl.col("i") % 7 == 0)
        .then((pl.col("i") % 90).cast(pl.Float64))
        .otherwise(None)
        .alias("quantity"),
        pl.lit("last month").alias("date_text"),
        (pl.lit(dt.date(2024, 1, 1)) + pl.duration(days=pl.col("i") % 300)).alias("date_start"),
        (pl.lit(dt.date(2024, 1, 1)) + pl.duration(days=pl.col("i") % 300 + 3)).alias("date_end"),
        pl.col("i")
        .mod(4)
        .replace_strict(dict(enumerate(PRECISION)), return_dtype=pl.String)
        .alias("date_precision"),
        pl.when(pl.col("i") % 5 == 0).then(pl.lit("future")).otherwise(pl.lit("asserted")).alias("modality"),
    )
    k = max(1, int(n * FAULT_RATE) // 8)  # eight fault kinds share the 0.1%
    row = pl.int_range(pl.len())
    step = n // 8

    def slot(j: int) -> pl.Expr:
        return (row >= j * step) & (row < j * step + k)

    return frame.with_columns(
        pl.when(slot(0))
        .then(pl.format("e{}", row + k))
        .otherwise("event_id")
        .alias("event_id"),  # duplicate ids
        pl.when(slot(1)).then(None).otherwise("source_actor_id").alias("source_actor_id"),  # null
        pl.when(slot(2))
        .then(pl.lit("DEMAND"))
        .otherwise("event_type")
        .alias("event_type"),  # not in codebook
        pl.when(slot(3))
        .then(pl.lit(-1, pl.Int64))
        .otherwise("sentence_id")
        .alias("sentence_id"),  # out of range
        pl.when(slot(4))
        .then(pl.col("trigger_start"))
        .otherwise("trigger_end")
        .alias("trigger_end"),  # end == start
        pl.when(slot(5)).then(pl.lit("maybe")).otherwise("modality").alias("modality"),  # enum
        pl.when(slot(6)).then(pl.lit("")).otherwise("trigger").alias("trigger"),  # length
        pl.when(slot(7))
        .then(pl.col("date_start") - pl.duration(days=1))
        .otherwise("date_end")
        .alias("date_end"),
    )


def _codebook() -> list[str]:
    return CODEBOOK["event_type"].to_list()


def hand_written(frame: pl.DataFrame) -> dict[str, int]:
    """The events contract's column and frame rules, by hand, as one Polars select of failing-row counts."""
    codebook = _codebook()
    required = [
        "event_id",
        "doc_id",
        "sentence_id",
        "event_type",
        "source_actor_id",
        "trigger",
        "trigger_start",
        "trigger_end",
        "modality",
    ]
    c = pl.col
    exprs = [c(x).is_null().sum().alias(f"events.{x}.not-null") for x in required]
    exprs += [
        c("event_id").is_duplicated().sum().alias("events.event_id.key-duplicate"),
        (~c("event_type").is_in(codebook)).sum().alias("events.event_type.enum-value"),
        (~c("date_precision").is_in(PRECISION)).sum().alias("events.date_precision.enum-value"),
        (~c("modality").is_in(["asserted", "future", "hypothetical", "negated"]))
        .sum()
        .alias("events.modality.enum-value"),
        (c("sentence_id") < 0).sum().alias("events.sentence_id.out-of-range"),
        (c("trigger_start") < 0).sum().alias("events.trigger_start.out-of-range"),
        (c("trigger_end") < 0).sum().alias("events.trigger_end.out-of-range"),
        (c("quantity") < 0).sum().alias("events.quantity.out-of-range"),
        (c("trigger").str.len_chars() < 1).sum().alias("events.trigger.length-out-of-range"),
        (c("trigger_end") <= c("trigger_start")).sum().alias("events.trigger_end.pair-order"),
        (c("date_end") < c("date_start")).sum().alias("events.date_end.pair-order"),
    ]
    return {k: int(v) for k, v in frame.select(exprs).row(0, named=True).items()}


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def child(path: str, parquet: Path) -> dict[str, Any]:
    """Run one path in this (child) process; return seconds, counts and memory."""
    warm: Any = None
    if path == "gx":
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        import great_expectations  # noqa: F401  (import time is not the path's time)
    if path in ("pandera", "gx"):
        from newsframe.contracts import load_contracts

        contract = load_contracts()["events"]
        import pandera.polars  # noqa: F401
    frame = pl.read_parquet(parquet)
    loaded = _rss_mb()
    t = time.perf_counter()
    if path == "polars":
        counts = hand_written(frame)
    elif path == "pandera":
        from newsframe.contracts.pandera_engine import run_pandera

        warm = run_pandera(
            contract, frame.head(1000)
        )  # first-call costs (compilation caches), not per-table work
        t = time.perf_counter()
        results = run_pandera(contract, frame)
        counts = {
            r.id: r.failing_rows for r in results if r.slug not in ("schema-column-missing", "dtype-mismatch")
        }
    else:
        from newsframe.contracts.gx_engine import run_gx
        from newsframe.contracts.model import ContractSet

        cs = ContractSet(directory=Path("."), contracts={"events": contract})
        warm = run_gx(cs, {"events": frame.head(100)})
        t = time.perf_counter()
        results = run_gx(cs, {"events": frame})
        counts = {
            r.id.removesuffix("@gx"): r.failing_rows
            for r in results
            if r.status in ("passed", "failed") and r.slug != "schema-column-missing"
        }
    seconds = time.perf_counter() - t
    del warm
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "counts": counts, "peak_mb": peak, "loaded_mb": loaded}


def run_child(path: str, parquet: Path, repeat: int) -> dict[str, Any]:
    best: dict[str, Any] | None = None
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--child", path, str(parquet)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "GX_ANALYTICS_ENABLED": "False"},
        )
        if out.returncode != 0:
            raise SystemExit(f"{path} failed:\n{out.stderr[-3000:]}")
        res = json.loads(out.stdout.strip().splitlines()[-1])
        if best is None or res["seconds"] < best["seconds"]:
            best = res
    assert best is not None
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 5_000_000])
    ap.add_argument("--gx-size", type=int, default=1_000_000, help="rows for the GX path (0: skip GX)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per path; the fastest counts")
    ap.add_argument("--child", nargs=2, metavar=("PATH", "PARQUET"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return 0
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            parquet = Path(tmp) / f"events_{n}.parquet"
            frame = synthetic(n)
            frame.write_parquet(parquet)
            size_mb = frame.estimated_size() / 2**20
            del frame
            paths = ["polars", "pandera"] + (["gx"] if args.gx_size and n == args.gx_size else [])
            res = {p: run_child(p, parquet, args.repeat if p != "gx" else 1) for p in paths}
            base = res["polars"]
            print(f"events, {n:,} rows ({size_mb:,.0f} MB in Polars), {FAULT_RATE:.1%} planted faults:")
            for p in paths:
                r = res[p]
                ratio = r["seconds"] / base["seconds"]
                print(
                    f"  {p:8s} {r['seconds']:8.3f} s   ratio {ratio:5.2f}x   peak RSS {r['peak_mb']:7.0f} MB"
                    f"   (+{r['peak_mb'] - r['loaded_mb']:.0f} MB over the loaded table)"
                )
                mismatch = {
                    k: (v, r["counts"].get(k)) for k, v in base["counts"].items() if r["counts"].get(k) != v
                }
                if mismatch:
                    ok = False
                    print(f"    COUNT MISMATCH vs hand-written: {mismatch}")
            faults = sum(base["counts"].values())
            print(f"  failing rows found (all rules): {faults:,}")
            pr = res["pandera"]["seconds"] / base["seconds"]
            print(
                f"  pandera / hand-written = {pr:.2f}x  (target <= 1.30x: {'met' if pr <= 1.3 else 'NOT met'})"
            )
            if "gx" in res:
                print(
                    f"  gx / hand-written = {res['gx']['seconds'] / base['seconds']:.1f}x, "
                    f"gx / pandera = {res['gx']['seconds'] / res['pandera']['seconds']:.1f}x"
                )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
