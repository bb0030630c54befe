"""Benchmark: ``newsframe validate`` on a large table set, peak resident memory and time per size.

The synthetic table set of :mod:`bench_checks` (per N events: N/20 documents of 20 sentences, N sentences,
2N mentions, up to 100k actors; 0.1% of the events carry a planted fault) is written as a folder of
Parquet part files per table (``<dir>/<table>/part-*.parquet``), built in chunks so that building it
never holds the whole set. :func:`newsframe.validation.validate` then runs in a child process on the
tables as LazyFrames (``scan_parquet`` of each folder, as ``newsframe validate DIR`` reads them); its peak
resident memory is the child's ``ru_maxrss`` (the whole process, Polars' Rust allocations included), with
the validation time beside it. The baseline is the same folder read into memory (``pl.read_parquet`` of every
table, in a child too): the memory any eager reader pays before checking anything.

Target (issue 9): 20M events with their mentions and documents within 16 GB on a 2-core machine.

Run: ``.venv/bin/python benchmarks/bench_validate.py [--sizes 1000000 5000000] [--big]`` (``--big``, or
``NEWSFRAME_BENCH_BIG=1``, adds 20M events: 9.6 GB peak, 31 minutes on the shared 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_checks import SENTENCES_PER_DOC, synthetic

CHUNK = 1_000_000
TABLES = ("documents", "sentences", "mentions", "actors", "events")


def build(n_events: int, folder: Path) -> dict[str, int]:
    """Write the table set of ``n_events`` events as part files, ``CHUNK`` events at a time; row counts."""
    rows = dict.fromkeys(TABLES, 0)
    actors: list[pl.DataFrame] = []
    for part, offset in enumerate(range(0, n_events, CHUNK)):
        size = min(CHUNK, n_events - offset)
        size -= size % SENTENCES_PER_DOC
        tables = synthetic(size, offset=offset)
        for name, frame in tables.items():
            if name == "actors":
                actors.append(frame)
                continue
            (folder / name).mkdir(parents=True, exist_ok=True)
            frame.write_parquet(folder / name / f"part-{part:05d}.parquet")
            rows[name] += frame.height
        del tables
    merged = pl.concat(actors).unique("actor_id", keep="first").sort("actor_id")
    (folder / "actors").mkdir(parents=True, exist_ok=True)
    merged.write_parquet(folder / "actors" / "part-00000.parquet")
    rows["actors"] = merged.height
    return rows


def _child(mode: str, folder: Path) -> dict[str, float | int | str]:
    """Run in a child process: ``validate`` or ``read``; returns seconds, peak RSS and the outcome."""
    code = (
        "import json, resource, sys, time\n"
        "from pathlib import Path\n"
        "t = time.perf_counter()\n"
        f"mode, folder = {mode!r}, Path({str(folder)!r})\n"
        "if mode == 'read':\n"
        "    import polars as pl\n"
        "    frames = {p.name: pl.read_parquet(p / '*.parquet') for p in folder.iterdir() if p.is_dir()}\n"
        "    outcome = str(sum(f.height for f in frames.values()))\n"
        "else:\n"
        "    import polars as pl\n"
        "    from newsframe import tableio\n"
        "    from newsframe.validation import validate\n"
        "    scan = getattr(tableio, 'scan_tables', None)\n"
        "    tables = scan(folder) if scan else {p.name: pl.scan_parquet(p / '*.parquet') for p in folder.iterdir()}\n"
        "    res = validate(tables)\n"
        "    failed = sorted({c.id for c in res.checks if c.status in ('failed', 'error')})\n"
        "    outcome = ','.join(failed)\n"
        "secs = time.perf_counter() - t\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': secs, 'peak_mb': peak, 'outcome': outcome}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if proc.returncode != 0:
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        return {"seconds": 0.0, "peak_mb": peak, "outcome": f"exit {proc.returncode}: {proc.stderr[-400:]}"}
    out: dict[str, float | int | str] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--sizes", type=int, nargs="*", default=[1_000_000, 5_000_000])
    ap.add_argument("--big", action="store_true", help="also 20M events (or NEWSFRAME_BENCH_BIG=1)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the eager read baseline")
    args = ap.parse_args(argv)
    sizes = list(args.sizes)
    if (args.big or os.environ.get("NEWSFRAME_BENCH_BIG")) and 20_000_000 not in sizes:
        sizes.append(20_000_000)
    print(
        f"{'events':>12} {'tables (rows)':>14} {'validate s':>11} {'peak MB':>9} {'read MB':>9} {'ratio':>6}"
    )
    for n in sizes:
        with tempfile.TemporaryDirectory(dir=os.environ.get("NEWSFRAME_BENCH_TMP")) as tmp:
            folder = Path(tmp)
            t = time.perf_counter()
            rows = build(n, folder)
            built = time.perf_counter() - t
            base = None if args.no_baseline else _child("read", folder)
            res = _child("validate", folder)
            base_mb = float(base["peak_mb"]) if base else float("nan")
            ratio = float(res["peak_mb"]) / base_mb if base else float("nan")
            print(
                f"{n:>12,} {sum(rows.values()):>14,} {float(res['seconds']):>11.1f} "
                f"{float(res['peak_mb']):>9.0f} {base_mb:>9.0f} {ratio:>6.2f}"
                f"   (built in {built:.0f} s; failing: {res['outcome'] or 'none'})",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
