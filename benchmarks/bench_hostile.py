"""Benchmark: hostile documents cost about what ordinary text of the same size costs (bounded work).

For each hostile shape (runs of quotes, brackets, emoji; capitalised words in a row; a text with no
full stop) it times ``extract_batch`` with the rules engine on one document of that shape and on
one ordinary news-like document of the same length, in the same run, and prints the ratio.
Before the bounds, 32,000 quotes took 186 s in spaCy's tokenizer and 10,000 capitalised words more
than 300 s in the rule matcher; the target is a ratio of at most 5 against ordinary text.
Usage: ``python benchmarks/bench_hostile.py [--chars N]``.
"""

from __future__ import annotations

import argparse
import time

import polars as pl

TARGET = 5.0
ORDINARY = "Joe Biden called Xi Jinping on Tuesday, the White House said. "


def _time(text: str) -> float:
    from newsframe.pipeline import extract_batch, load_pipeline

    config = load_pipeline(None)
    docs = pl.DataFrame({"doc_id": ["d"], "text": [text], "published_at": [None]})
    start = time.perf_counter()
    extract_batch(docs, config=config, engine="rules")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=64_000, help="length of each document")
    args = parser.parse_args(argv)
    n = args.chars
    shapes = {
        "quotes": '"' * n,
        "brackets": "(" * n,
        "emoji": "\U0001f600" * n,
        "capitalised words": ("Word " * (n // 5 + 1))[:n],
        "no full stop": ("word " * (n // 5 + 1))[:n],
    }
    _time(ORDINARY)  # load the engine outside the timings
    baseline = _time((ORDINARY * (n // len(ORDINARY) + 1))[:n])
    print(f"ordinary text, {n:,} chars: {baseline:.2f} s")
    worst = 0.0
    for name, text in shapes.items():
        seconds = _time(text)
        ratio = seconds / baseline if baseline > 0 else float("inf")
        worst = max(worst, ratio)
        print(f"{name:<18} {seconds:7.2f} s   {ratio:5.2f}x ordinary")
    verdict = "met" if worst <= TARGET else "NOT met"
    print(f"worst ratio {worst:.2f}x (target <= {TARGET:.0f}x): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
