"""Benchmark: peak memory of ``newsframe run`` (the whole process tree) at 1k, 8k and 32k documents.

``newsframe run`` streams (issue 9): it reads the inputs in batches, extracts each batch in a worker, writes
every table as a folder of Parquet parts and links actors across documents over the scanned parts. Its peak
memory must not grow with the corpus: the target is a 32k/1k ratio of at most 1.5x, measured in one run.

The corpora are synthesised from ``../shared/corpora/bbc_politics/articles.jsonl``: each document is 6 to 18
sentences drawn (seeded) from the whole corpus, with a distinct id and a publication date in 2024, so that
actors recur across documents the way they do in news. The peak is the largest sum of the resident set sizes
(``VmRSS`` of ``/proc/<pid>/status``) of the ``newsframe`` process and all its descendants (the spawned
workers), sampled every 50 ms.

Measured twice per size:

* ``extract``: ``newsframe run --no-validate`` (ingest, extraction, writing, linking): the streaming part;
* ``run``: ``newsframe run`` with the gate, which reads the written dataset back for validation. Until the
  validators take LazyFrames (issue 9 part 2, the validation side), the tables are collected for them, so this
  figure grows with the corpus; it is printed for honesty, without a target. ``--skip-gate`` leaves it out.

``--engine rules`` by default: the spaCy model runs at about 5 documents/s a core, so 32k documents would take
well over an hour on the 2-core machine; the rules engine (about 60/s a core) has the same streaming shape
(same batches, workers, writes and linking), only a smaller per-worker model. Run big sizes on an otherwise idle machine.

Prints one line per measurement and a final JSON line. Skips (exit 0) with a message when the corpus is absent.

Run: ``.venv/bin/python benchmarks/bench_run_memory.py [--sizes 1000,8000,32000] [--engine rules] [--skip-gate]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc_politics" / "articles.jsonl"
TARGET_RATIO = 1.5


def synthesise(n: int, path: Path, *, seed: int = 9, sentences: tuple[int, int] = (6, 18)) -> Path:
    """Write ``n`` documents of recombined BBC sentences (distinct ids and texts) as JSON Lines."""
    from newsframe.extract.sentences import split_text

    pool: list[str] = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        text = json.loads(line).get("text") or ""
        pool.extend(text[s:e] for s, e in split_text(text) if 20 <= e - s <= 600)
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            sents = rng.sample(pool, rng.randint(*sentences))
            day = 1 + rng.randrange(366)
            month, dom = divmod(day - 1, 31)
            record = {
                "id": f"syn-{i:06d}",
                "title": sents[0][:80],
                "published_at": f"2024-{1 + month % 12:02d}-{1 + dom % 28:02d}",
                "text": " ".join(sents),
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                out.extend(int(c) for c in fh.read().split())
    except OSError:
        pass
    return out


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kib(root: int) -> int:
    """The summed VmRSS of ``root`` and all its descendants."""
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss_kib(pid)
        stack.extend(_children(pid))
    return total


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """Run ``cmd``; return (seconds, peak tree RSS in MiB, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_kib(proc.pid))
        time.sleep(0.05)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        print(err, file=sys.stderr)
    return time.perf_counter() - start, peak / 1024, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000,8000,32000")
    parser.add_argument("--engine", choices=("auto", "spacy", "rules"), default="rules")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sentences", default="6,18", help="sentences per document, MIN,MAX (default 6,18)")
    parser.add_argument("--skip-gate", action="store_true", help="measure only the run without validation")
    args = parser.parse_args()
    if not CORPUS.is_file():
        print(f"skipped: corpus not found at {CORPUS}")
        return 0
    exe = Path(sys.executable).with_name("newsframe")
    base = [str(exe)] if exe.exists() else [sys.executable, "-m", "newsframe"]
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[str, dict[str, dict[str, float]]] = {"extract": {}, "run": {}}
    work = Path(tempfile.mkdtemp(prefix="bench-run-memory-"))
    try:
        for n in sizes:
            lo_s, hi_s = (int(x) for x in args.sentences.split(","))
            docs = synthesise(n, work / f"docs-{n}.jsonl", sentences=(lo_s, hi_s))
            modes = [("extract", ["--no-validate"])] + ([] if args.skip_gate else [("run", [])])
            for mode, extra in modes:
                out = work / f"out-{n}-{mode}"
                cmd = [*base, "run", str(docs), "--out", str(out), "--engine", args.engine]
                cmd += ["--workers", str(args.workers), "--no-github", "-q", *extra]
                seconds, peak, code = measure(cmd)
                if code not in (0, 1):
                    print(f"{mode} {n}: newsframe run exited {code}")
                    return 1
                results[mode][str(n)] = {"seconds": round(seconds, 1), "peak_mib": round(peak, 1)}
                line = f"{mode:8s} {n:6d} documents  {seconds:7.1f} s  {n / seconds:6.1f} docs/s  "
                print(line + f"peak RSS (process tree) {peak:7.1f} MiB", flush=True)
                shutil.rmtree(out, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary: dict[str, object] = {
        "engine": args.engine,
        "workers": args.workers,
        "sentences_per_document": args.sentences,
        "results": results,
    }
    lo, hi = str(sizes[0]), str(sizes[-1])
    for mode, by_size in results.items():
        if lo in by_size and hi in by_size and lo != hi:
            ratio = by_size[hi]["peak_mib"] / by_size[lo]["peak_mib"]
            summary[f"{mode}_ratio_{hi}_{lo}"] = round(ratio, 2)
            target = f"(target <= {TARGET_RATIO}x: {'met' if ratio <= TARGET_RATIO else 'NOT met'})"
            print(
                f"{mode}: peak RSS {hi}/{lo} documents = {ratio:.2f}x {target if mode == 'extract' else ''}"
            )
    print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
