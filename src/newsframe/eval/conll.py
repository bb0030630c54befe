"""Score actor mentions against CoNLL-2003 (JSON lines with entity spans, or IOB2 text).

Our labels map to CoNLL's: PERSON → PER, ORG → ORG, GPE/LOC/FAC → LOC, NORP → MISC. Generic actors
("the police", "Iraqi troops"; ``Annotation.generic``) are not names, which is all CoNLL tags, so they are
not scored.
Spans are scored exactly (same characters, same type), per type and overall on
PER+ORG+LOC (micro-averaged). With ``baseline=True`` the plain en_core_web_sm NER
is scored on the same sentences in the same run (OntoNotes NORP, EVENT, PRODUCT,
LANGUAGE, WORK_OF_ART and LAW count as MISC there).

Examples
--------
>>> from newsframe.eval.conll import prf
>>> prf(8, 10, 16)
{'precision': 0.8, 'recall': 0.5, 'f1': 0.6154, 'tp': 8, 'pred': 10, 'gold': 16}
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from newsframe.errors import InputError
from newsframe.jsonlines import records

__all__ = ["ConllDoc", "evaluate", "prf", "read_conll"]

TYPES = ("PER", "ORG", "LOC", "MISC")
CORE = ("PER", "ORG", "LOC")
OURS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC"}
BASELINE = {
    **OURS,
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "LANGUAGE": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
}


@dataclass
class ConllDoc:
    """One CoNLL document rebuilt as text: sentences joined by newlines, tokens by spaces."""

    doc_id: str
    text: str
    sentences: list[tuple[int, int]]
    gold: set[tuple[int, int, str]]


def _build(doc_id: str, sentences: Iterable[tuple[list[str], list[tuple[int, int, str]]]]) -> ConllDoc:
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    gold: set[tuple[int, int, str]] = set()
    pos = 0
    for tokens, entities in sentences:
        if not tokens or tokens[0] == "-DOCSTART-":
            continue
        starts = []
        cur = pos
        for tok in tokens:
            starts.append(cur)
            cur += len(tok) + 1
        sent_text = " ".join(tokens)
        spans.append((pos, pos + len(sent_text)))
        for t_start, t_end, etype in entities:
            s = starts[t_start]
            e = starts[t_end - 1] + len(tokens[t_end - 1])
            gold.add((s, e, etype))
        parts.append(sent_text)
        pos += len(sent_text) + 1
    return ConllDoc(doc_id, "\n".join(parts), spans, gold)


def _iob_entities(tags: list[str]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    start = None
    etype = ""
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != etype):
            out.append((start, i, etype))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, etype = i, tag[2:]
    return out


def read_conll(path: Path) -> list[ConllDoc]:
    """Read CoNLL-2003 as JSON lines (``{"sentences": [{"tokens", "entities"}]}``) or IOB2 text.

    Raises
    ------
    InputError
        When the file is missing or a line cannot be read.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("CoNLL file not found", path=path)
    docs: list[ConllDoc] = []
    with path.open(encoding="utf-8") as fh:
        first = fh.readline()
        fh.seek(0)
        if first.lstrip().startswith("{"):
            for n, rec in records(path, what="CoNLL JSON records"):
                try:
                    sents = [
                        (s["tokens"], [(e["start"], e["end"], e["type"]) for e in s.get("entities", [])])
                        for s in rec["sentences"]
                    ]
                except (KeyError, TypeError) as exc:
                    raise InputError(
                        f"not a CoNLL JSON record: bad or missing {exc}", path=path, line=n
                    ) from None
                docs.append(_build(f"conll-{rec.get('doc_index', len(docs))}", sents))
            return docs
        current: list[tuple[list[str], list[tuple[int, int, str]]]] = []
        tokens: list[str] = []
        tags: list[str] = []
        for n, line in enumerate(fh, start=1):
            cols = line.split()
            if not cols:
                if tokens:
                    current.append((tokens, _iob_entities(tags)))
                tokens, tags = [], []
                continue
            if cols[0] == "-DOCSTART-":
                if current:
                    docs.append(_build(f"conll-{len(docs)}", current))
                current = []
                continue
            if len(cols) < 2:
                raise InputError("IOB2 line needs a token and a tag", path=path, line=n)
            tokens.append(cols[0])
            tags.append(cols[-1])
        if tokens:
            current.append((tokens, _iob_entities(tags)))
        if current:
            docs.append(_build(f"conll-{len(docs)}", current))
    return docs


def prf(tp: int, pred: int, gold: int) -> dict[str, Any]:
    """Precision, recall and F1 (rounded to 4 places) with their counts."""
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "pred": pred,
        "gold": gold,
    }


def _score(docs: list[ConllDoc], predicted: dict[str, set[tuple[int, int, str]]]) -> dict[str, Any]:
    counts = {t: [0, 0, 0] for t in TYPES}
    for doc in docs:
        pred = predicted.get(doc.doc_id, set())
        for t in TYPES:
            g = {x for x in doc.gold if x[2] == t}
            p = {x for x in pred if x[2] == t}
            counts[t][0] += len(g & p)
            counts[t][1] += len(p)
            counts[t][2] += len(g)
    out: dict[str, Any] = {t: prf(*counts[t]) for t in TYPES}
    out["overall"] = prf(*(sum(counts[t][k] for t in CORE) for k in range(3)))
    return out


def _frames(docs: list[ConllDoc]) -> tuple[pl.DataFrame, pl.DataFrame]:
    documents = pl.DataFrame(
        {
            "doc_id": [d.doc_id for d in docs],
            "text": [d.text for d in docs],
            "published_at": [None] * len(docs),
        },
        schema={"doc_id": pl.String, "text": pl.String, "published_at": pl.Date},
    )
    rows = [(d.doc_id, i, s, e, d.text[s:e]) for d in docs for i, (s, e) in enumerate(d.sentences)]
    sentences = pl.DataFrame(
        rows, schema=["doc_id", "sentence_id", "start", "end", "text"], orient="row"
    ).with_columns(pl.col("sentence_id", "start", "end").cast(pl.Int64))
    return documents, sentences


def _baseline(docs: list[ConllDoc]) -> dict[str, set[tuple[int, int, str]]]:
    import spacy

    from newsframe.extract.nlp import MODEL

    nlp = spacy.load(MODEL)
    texts = [(d.text[s:e], (d.doc_id, s)) for d in docs for s, e in d.sentences]
    out: dict[str, set[tuple[int, int, str]]] = {d.doc_id: set() for d in docs}
    for doc, (doc_id, offset) in nlp.pipe(texts, as_tuples=True, batch_size=256):
        for ent in doc.ents:
            if ent.label_ in BASELINE:
                out[doc_id].add((offset + ent.start_char, offset + ent.end_char, BASELINE[ent.label_]))
    return out


def evaluate(path: Path, *, engine: str = "auto", baseline: bool = False, workers: int = 1) -> dict[str, Any]:
    """Score ``annotate`` mentions (and optionally the plain model) on a CoNLL-2003 file.

    Returns a JSON-ready dict: ``f1`` (ours, PER+ORG+LOC), ``ours`` (per type and overall),
    and with ``baseline`` also ``baseline_f1`` and ``baseline``.
    """
    from newsframe.extract import annotate

    docs = read_conll(path)
    documents, sentences = _frames(docs)
    t0 = time.perf_counter()
    ann = annotate(documents, sentences, engine=engine, workers=workers)
    elapsed = time.perf_counter() - t0
    predicted: dict[str, set[tuple[int, int, str]]] = {d.doc_id: set() for d in docs}
    names = ann.mentions.filter(~pl.col("mention_id").is_in(list(ann.generic)))  # CoNLL tags names only
    for doc_id, start, end, label in names.select("doc_id", "start", "end", "label").iter_rows():
        if label in OURS:
            predicted[doc_id].add((start, end, OURS[label]))
    ours = _score(docs, predicted)
    result: dict[str, Any] = {
        "set": "conll",
        "path": str(path),
        "engine": ann.engine,
        "docs": len(docs),
        "sentences": sentences.height,
        "seconds": round(elapsed, 2),
        "f1": ours["overall"]["f1"],
        "ours": ours,
    }
    if baseline:
        from newsframe.extract.nlp import model_available

        if model_available():
            base = _score(docs, _baseline(docs))
            result["baseline_f1"] = base["overall"]["f1"]
            result["baseline"] = base
        else:
            result["baseline_f1"] = None
    return result
