"""Benchmark: newsframe extraction vs spaCy's full en_core_web_sm ``nlp.pipe``, same corpus, same run.

Runs over ``../shared/corpora/bbc_politics`` (417 articles):

* baseline: the full model pipeline (tok2vec, tagger, parser, lemmatizer, NER) with
  ``nlp.pipe`` on the article texts, one process;
* ours: ``newsframe.extract.annotate`` on the same articles (sentences split first, not timed),
  NER only plus the rules, with ``--workers`` processes (default 2).

Prints documents/s for both and the ratio (target ≥ 5×). Model loading is not timed for either.
Usage: ``python benchmarks/bench_ner.py [--limit N] [--workers W]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc_politics" / "articles.jsonl"
TARGET = 5.0


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if not CORPUS.is_file():
        print(f"skip: {CORPUS} is absent")
        return 0
    import spacy

    from newsframe.eval.corpus import read_corpus
    from newsframe.extract import annotate
    from newsframe.extract.nlp import MODEL, load_engine, model_available
    from newsframe.extract.sentences import split

    if not model_available():
        print(f"skip: the model {MODEL} is not installed")
        return 0
    documents = read_corpus(CORPUS)
    if args.limit:
        documents = documents.head(args.limit)
    texts = documents["text"].to_list()
    sentences = split(documents)
    n = len(texts)

    nlp = spacy.load(MODEL)
    list(nlp.pipe(texts[:5]))
    c0, t0 = _cpu(), time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    base_s, base_cpu = time.perf_counter() - t0, _cpu() - c0
    del nlp

    load_engine("spacy")
    annotate(
        documents.head(2), sentences.filter(sentences["doc_id"].is_in(documents["doc_id"].head(2).implode()))
    )
    c0, t0 = _cpu(), time.perf_counter()
    ann = annotate(documents, sentences, engine="spacy", workers=args.workers)
    ours_s, ours_cpu = time.perf_counter() - t0, _cpu() - c0

    base_rate, ours_rate = n / base_s, n / ours_s
    ratio = ours_rate / base_rate
    print(
        f"corpus: {CORPUS.name}, {n} articles, {sentences.height} sentences, load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"baseline spaCy full nlp.pipe : {base_rate:7.2f} docs/s  ({base_s:6.2f} s wall, {base_cpu:6.2f} s CPU)"
    )
    print(
        f"newsframe annotate ({args.workers} workers): {ours_rate:7.2f} docs/s  ({ours_s:6.2f} s wall, "
        f"{ours_cpu:6.2f} s CPU), engine {ann.engine}"
    )
    print(f"  mentions {ann.mentions.height}, actors {ann.actors.height}, events {ann.events.height}")
    print(f"ratio: {ratio:.2f}x docs/s (target >= {TARGET:.0f}x: {'met' if ratio >= TARGET else 'NOT met'})")
    print(f"CPU-time ratio: {base_cpu / ours_cpu:.2f}x less CPU per document")
    return 0


if __name__ == "__main__":
    sys.exit(main())
