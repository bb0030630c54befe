"""Topics from IPTC Media Topics, each with the text that triggered it.

Two kinds of evidence count towards a topic:

* **Labels.** The English label of every active IPTC topic below the top level
  (``"climate change"``, ``"diplomacy"``, ``"artificial intelligence"``),
  matched case-insensitively as whole words, with simple plurals
  (``treaty``/``treaties``, ``election``/``elections``). Where two labels
  overlap, the longer wins (``civil war`` over ``war``). Matches never cross
  sentence punctuation.
* **Keyword rules** (``seeds/reference/iptc_keywords.csv``, newsframe's own):
  a regular expression per row mapped to an IPTC code with a weight, for the
  words news actually uses (``fentanyl`` -> drug trafficking, ``warplanes`` ->
  armed forces, ``TikTok`` -> social media). A row with an empty pattern sets
  the weight of the topic's own label instead (0 turns off an ambiguous label
  such as ``fine`` or ``party``).

A document's weight for a topic is the sum of the weights of its
non-overlapping matches; its **score** is ``1 - 0.5 ** weight`` (one full-weight
match 0.5, two 0.75...), in [0, 1]. A topic is kept when its score reaches
``min_score`` (default 0.5: one full-weight match), at most
``max_per_document`` per document, best first. The **evidence** is the
strongest match (the earliest among equals, the longest at one place): ``text[evidence_start:evidence_end]``.

The ``topics`` table holds every topic used plus all its ancestors, so that
``parent_id`` always resolves. Keyword rules are pre-filtered per topic over
all documents at once with Polars; only the documents that match are scanned
in Python for offsets.

Examples
--------
>>> import polars as pl
>>> docs = pl.DataFrame({"doc_id": ["d"], "text": ["Diplomats discussed climate change and fentanyl."]})
>>> topics, doc_topics = assign(docs, pl.DataFrame())
>>> sorted(doc_topics["topic_id"])
['medtop:20000096', 'medtop:20000418', 'medtop:20000639']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from newsframe import tables
from newsframe.assets import asset_path
from newsframe.errors import InputError

__all__ = ["DOCUMENT_TOPICS_ORDER", "Taxonomy", "assign", "load_taxonomy"]

DOCUMENT_TOPICS_ORDER: tuple[list[str], list[bool]] = (
    ["doc_id", "score", "evidence_start", "topic_id"],
    [False, True, False, False],
)
"""The row order of :func:`assign`'s ``document_topics`` (columns, descending): by document, best first.

``topic_id`` breaks ties (two topics of one score from the same evidence), so that a document's topics,
and which of them the ``max_per_document`` cut keeps, do not depend on the other documents of a batch.
"""

_TOKEN = re.compile(r"\w(?:[\w&'’-]*\w)?")
_PAREN = re.compile(r"\s*\([^)]*\)")
_SPACE = re.compile(r"\s+")


def _norm_token(token: str) -> str:
    token = token.lower()
    return token[:-2] if token.endswith(("'s", "’s")) else token


_JOINERS = frozenset({" ", "\u00a0"})
"""What may stand between the words of a label phrase."""


def _label_variants(label: str) -> set[str]:
    """The label's token key and its simple plural."""
    words = [_norm_token(t) for t in _TOKEN.findall(_PAREN.sub("", label))]
    if not words:
        return set()
    last = words[-1]
    plurals = {last}
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        plurals.add(last[:-1] + "ies")
    elif last.endswith(("s", "x", "ch", "sh")):
        plurals.add(last + "es")
    else:
        plurals.add(last + "s")
    return {" ".join([*words[:-1], p]) for p in plurals}


@dataclass(frozen=True)
class Taxonomy:
    """A topic taxonomy with its matching rules, as loaded by :func:`load_taxonomy`.

    Attributes
    ----------
    topics
        ``topic_id, label, parent_id, level, definition`` (active topics).
    labels
        Normalised label phrase -> (topic_id, weight).
    first_lengths
        First token of a label phrase -> phrase lengths in tokens, longest first.
    rules
        (topic_id, weight, compiled regex, Polars-compatible pattern), strongest first.
    """

    topics: pl.DataFrame
    labels: dict[str, tuple[str, float]]
    first_lengths: dict[str, tuple[int, ...]]
    rules: tuple[tuple[str, float, re.Pattern[str], str], ...]


def _read_csv(path: Path, required: tuple[str, ...]) -> pl.DataFrame:
    if not path.is_file():
        raise InputError("topic reference file not found", path=path)
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        raise InputError(f"cannot read CSV: {exc}", path=path) from exc
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", path=path, field=missing[0])
    return frame


@lru_cache(maxsize=8)
def _load(taxonomy: str, keywords: str, _stamp: tuple[float, float]) -> Taxonomy:
    tax = _read_csv(Path(taxonomy), ("topic_id", "label", "parent_id"))
    tax = tax.with_columns(
        pl.col("parent_id").replace("", None),
        (pl.col("level").cast(pl.Int64) if "level" in tax.columns else pl.lit(None, pl.Int64)).alias("level"),
    )
    known = set(tax["topic_id"].to_list())
    label_weight: dict[str, float] = {}
    grouped: dict[tuple[str, float], list[str]] = {}
    kw_path = Path(keywords)
    if keywords:
        kw = _read_csv(kw_path, ("topic_id", "pattern", "weight"))
        for line, row in enumerate(kw.iter_rows(named=True), start=2):
            topic = row["topic_id"]
            if topic not in known:
                raise InputError(f"unknown topic {topic!r}", path=kw_path, line=line, field="topic_id")
            try:
                weight = float(row["weight"])
            except (TypeError, ValueError):
                raise InputError(
                    f"bad weight {row['weight']!r}", path=kw_path, line=line, field="weight"
                ) from None
            pattern = (row["pattern"] or "").strip()
            if not pattern:
                label_weight[topic] = weight
                continue
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                raise InputError(f"bad pattern: {exc}", path=kw_path, line=line, field="pattern") from exc
            if compiled.groups:
                raise InputError("use (?:...) groups only", path=kw_path, line=line, field="pattern")
            sensitive = str(row.get("case_sensitive") or "n").strip().lower() in {"y", "yes", "true", "1"}
            grouped.setdefault((topic, weight), []).append(pattern if sensitive else f"(?i:{pattern})")
    labels: dict[str, tuple[str, float]] = {}
    level = pl.col("level")
    for topic, label in tax.filter(level.is_null() | (level > 1)).select("topic_id", "label").iter_rows():
        weight = label_weight.get(topic, 1.0)
        if weight <= 0 or not label:
            continue
        for key in _label_variants(label):
            if key not in labels or labels[key][1] < weight:
                labels[key] = (topic, weight)
    lengths: dict[str, set[int]] = {}
    for key in labels:
        parts = key.split(" ")
        lengths.setdefault(parts[0], set()).add(len(parts))
    rules = []
    for (topic, weight), patterns in sorted(grouped.items(), key=lambda kv: (-kv[0][1], kv[0][0])):
        if weight <= 0:
            continue
        source = r"\b(?:" + "|".join(patterns) + r")\b"
        rules.append((topic, weight, re.compile(source), source))
    return Taxonomy(
        topics=tax,
        labels=labels,
        first_lengths={k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        rules=tuple(rules),
    )


def load_taxonomy(taxonomy: Path | None = None, keywords: Path | None = None) -> Taxonomy:
    """Load (and cache) a taxonomy CSV and its keyword rules CSV.

    Parameters
    ----------
    taxonomy
        ``topic_id,label,parent_id[,level,definition]``; default
        ``seeds/reference/iptc_mediatopics.csv``.
    keywords
        ``topic_id,pattern,weight[,case_sensitive,note]``; default
        ``seeds/reference/iptc_keywords.csv``.

    Raises
    ------
    InputError
        A missing or malformed file (names the file, line and field).

    Examples
    --------
    >>> tax = load_taxonomy()
    >>> tax.labels["climate change"]
    ('medtop:20000418', 1.0)
    """
    tax_path = taxonomy or asset_path("seeds", "reference", "iptc_mediatopics.csv")
    kw_path = keywords or asset_path("seeds", "reference", "iptc_keywords.csv")
    stamp = tuple(p.stat().st_mtime if p.is_file() else 0.0 for p in (tax_path, kw_path))
    return _load(str(tax_path), str(kw_path), (stamp[0], stamp[1]))


def _label_matches(text: str, tax: Taxonomy) -> list[tuple[str, float, int, int]]:
    """Longest label phrase at each token, not crossing punctuation; non-overlapping."""
    spans = [m.span() for m in _TOKEN.finditer(text)]
    words = [_norm_token(text[a:b]) for a, b in spans]
    n = len(words)
    first_lengths, labels = tax.first_lengths, tax.labels
    found = []
    i = 0
    while i < n:
        lengths = first_lengths.get(words[i])
        hit = None
        if lengths:
            for length in lengths:
                if i + length > n or not all(
                    text[spans[t][1] : spans[t + 1][0]] in _JOINERS for t in range(i, i + length - 1)
                ):
                    continue
                key = " ".join(words[i : i + length])
                if key in labels:
                    hit = (length, labels[key])
                    break
        if hit is None:
            i += 1
            continue
        length, (topic, weight) = hit
        found.append((topic, weight, spans[i][0], spans[i + length - 1][1]))
        i += length
    return found


def assign(
    documents: pl.DataFrame,
    sentences: pl.DataFrame,
    *,
    taxonomy: Path | None = None,
    options: Mapping[str, Any] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Assign IPTC Media Topics to documents; return ``(topics, document_topics)``.

    Parameters
    ----------
    documents
        The ``documents`` table (``doc_id``, ``text``).
    sentences
        The ``sentences`` table (reserved; matches already stop at punctuation).
    taxonomy
        The taxonomy CSV (default: the IPTC file in ``seeds/reference``).
    options
        ``keywords`` (path of the rules CSV), ``min_score`` (default 0.5),
        ``max_per_document`` (default 16).

    Returns
    -------
    (topics, document_topics)
        Both conformed; ``document_topics`` also carries ``evidence_text`` and
        ``matches`` (the number of matches behind the score).
    """
    del sentences
    opts = dict(options or {})
    keywords = opts.get("keywords")
    tax = load_taxonomy(taxonomy, Path(keywords) if keywords else None)
    min_score = float(opts.get("min_score", 0.5))
    max_per_doc = int(opts.get("max_per_document", 16))
    if documents.is_empty():
        return tables.empty("topics"), _empty_document_topics()

    docs = documents.select("doc_id", "text").filter(pl.col("text").is_not_null())
    ids = docs["doc_id"].to_list()
    texts = docs["text"].to_list()
    cols: dict[str, list[Any]] = {"doc_id": [], "topic_id": [], "weight": [], "start": [], "end": []}

    def add(doc_id: str, topic: str, weight: float, start: int, end: int) -> None:
        cols["doc_id"].append(doc_id)
        cols["topic_id"].append(topic)
        cols["weight"].append(weight)
        cols["start"].append(start)
        cols["end"].append(end)

    for doc_id, text in zip(ids, texts, strict=True):
        for topic, weight, start, end in _label_matches(text, tax):
            add(doc_id, topic, weight, start, end)
    if tax.rules:
        # One vectorised pass per rule over all documents; Python finds offsets only where it matched.
        hits = docs.select(
            [pl.col("text").str.contains(src).alias(str(n)) for n, (_t, _w, _rx, src) in enumerate(tax.rules)]
        )
        for n, (topic, weight, rx, _src) in enumerate(tax.rules):
            for row in hits[str(n)].arg_true().to_list():
                for m in rx.finditer(texts[row]):
                    if m.end() > m.start():
                        add(ids[row], topic, weight, m.start(), m.end())
    if not cols["doc_id"]:
        return tables.empty("topics"), _empty_document_topics()

    matches = (
        pl.DataFrame(
            cols,
            schema={
                "doc_id": pl.String,
                "topic_id": pl.String,
                "weight": pl.Float64,
                "start": pl.Int64,
                "end": pl.Int64,
            },
        )
        # the same evidence found by a label and a rule counts once, at its strongest
        .sort(["doc_id", "topic_id", "start", "weight", "end"], descending=[False, False, False, True, True])
        .unique(["doc_id", "topic_id", "start"], keep="first", maintain_order=True)
    )
    per_topic = (
        matches.with_columns((pl.col("end") - pl.col("start")).alias("_len"))
        .sort(["weight", "start", "_len"], descending=[True, False, True])
        .group_by(["doc_id", "topic_id"], maintain_order=True)
        .agg(
            pl.col("weight").sum().alias("total"),
            pl.len().cast(pl.Int64).alias("matches"),
            pl.col("start").first().alias("evidence_start"),
            pl.col("end").first().alias("evidence_end"),
        )
        .with_columns((1.0 - pl.lit(0.5).pow(pl.col("total"))).round(4).alias("score"))
        .filter(pl.col("score") >= min_score - 1e-9)
        .sort(DOCUMENT_TOPICS_ORDER[0], descending=DOCUMENT_TOPICS_ORDER[1])
        .filter(pl.int_range(pl.len()).over("doc_id") < max_per_doc)
    )
    text_of = docs.rename({"text": "_text"})
    doc_topics = (
        per_topic.join(text_of, on="doc_id", how="left")
        .with_columns(
            pl.col("_text")
            .str.slice(pl.col("evidence_start"), pl.col("evidence_end") - pl.col("evidence_start"))
            .alias("evidence_text")
        )
        .select("doc_id", "topic_id", "score", "evidence_start", "evidence_end", "evidence_text", "matches")
    )
    topics = _with_ancestors(doc_topics["topic_id"].unique(), tax.topics)
    return tables.conform("topics", topics), tables.conform("document_topics", doc_topics)


def _empty_document_topics() -> pl.DataFrame:
    """``document_topics`` with no rows, with the same extra columns as a full one."""
    return tables.empty("document_topics").with_columns(
        pl.lit(None, pl.String).alias("evidence_text"), pl.lit(None, pl.Int64).alias("matches")
    )


def _with_ancestors(used: pl.Series, taxonomy: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``taxonomy`` for ``used`` topics and all their ancestors (joins, one level at a time)."""
    parents = taxonomy.select("topic_id", "parent_id")
    frontier = pl.DataFrame({"topic_id": used.unique()})
    seen = frontier
    while not frontier.is_empty():
        frontier = (
            frontier.join(parents, on="topic_id", how="inner")
            .select(pl.col("parent_id").alias("topic_id"))
            .drop_nulls()
            .unique()
            .join(seen, on="topic_id", how="anti")
        )
        seen = pl.concat([seen, frontier])
    return (
        taxonomy.join(seen, on="topic_id", how="semi")
        .select("topic_id", "label", "parent_id", "level")
        .sort(["level", "topic_id"], nulls_last=True)
    )
