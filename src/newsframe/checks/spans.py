"""Span checks: every offset pair points at the text it claims, inside the document and its sentence.

Offsets are character offsets into ``documents.text``, end exclusive (the v1
contract), so ``text[start:end]`` must equal the span's text. Rows whose
``doc_id`` or ``(doc_id, sentence_id)`` does not resolve are left to the
relation checks (``fk-missing``) and are not counted here twice; likewise a span
out of range is reported by ``span-out-of-range`` only, not again as a mismatch.

Examples
--------
>>> import polars as pl
>>> from newsframe.checks import run_check
>>> docs = pl.DataFrame({"doc_id": ["d"], "text": ["Biden met Xi."]})
>>> men = pl.DataFrame({"mention_id": ["m1"], "doc_id": ["d"], "sentence_id": [0],
...                     "start": [1], "end": [6], "text": ["Biden"]})
>>> [(r.status, r.sample[0]["found"]) for r in run_check("span-mismatch",
...     {"documents": docs, "mentions": men}, params={})]
[('failed', 'iden ')]
"""

from __future__ import annotations

from typing import NamedTuple

import polars as pl

from newsframe.checks.base import CheckContext, Tables, keyed, missing
from newsframe.results import CheckResult

__all__ = ["derive_span", "span_mismatch", "span_out_of_range", "span_outside_sentence"]


class _Span(NamedTuple):
    table: str
    start: str
    end: str
    text: str | None  # the column holding the span's text, when the table has one


_SPANS: tuple[_Span, ...] = (
    _Span("sentences", "start", "end", "text"),
    _Span("mentions", "start", "end", "text"),
    _Span("events", "trigger_start", "trigger_end", "trigger"),
    _Span("document_topics", "evidence_start", "evidence_end", None),
    _Span("quotes", "start", "end", None),
)
_EVIDENCE_TEXT = ("evidence", "evidence_text")


def derive_span(
    frame: pl.DataFrame | pl.LazyFrame, documents: pl.DataFrame | pl.LazyFrame, *, start: str, end: str
) -> pl.LazyFrame:
    """What the span checks derive from the source, once for every engine: ``frame`` (all its columns)
    with its document's length ``_doc_len`` (null when ``doc_id`` has no document), ``_in_range`` (the
    offsets lie in the document) and ``found``, the document's text at the offsets when they do.

    ``span-mismatch`` fails a row whose ``found`` is not its text; ``span-out-of-range`` a row with a
    document and not ``_in_range``. The GX engine runs the same comparisons on these columns
    (:mod:`newsframe.contracts.gx_factual`). Lazy: collect it with the streaming engine, so the
    document text joined to each span exists one batch at a time.

    Examples
    --------
    >>> docs = pl.DataFrame({"doc_id": ["d"], "text": ["Biden met Xi."]})
    >>> spans = pl.DataFrame({"doc_id": ["d", "d"], "start": [0, 9], "end": [5, 20]})
    >>> derive_span(spans, docs, start="start", end="end").collect().rows()
    [('d', 0, 5, 13, True, 'Biden'), ('d', 9, 20, 13, False, None)]
    """
    s, e, length = pl.col(start), pl.col(end), pl.col("_doc_len")
    in_range = (s.is_not_null() & e.is_not_null() & (s >= 0) & (e > s) & (e <= length)).fill_null(False)
    docs = documents.lazy().select(
        "doc_id", pl.col("text").alias("_doc"), pl.col("text").str.len_chars().alias("_doc_len")
    )
    return (
        frame.lazy()
        .join(docs, on="doc_id", how="left", maintain_order="left")
        .with_columns(in_range.alias("_in_range"))
        .with_columns(pl.when("_in_range").then(pl.col("_doc").str.slice(s, e - s)).alias("found"))
        .drop("_doc")
    )


def _covered(tables: Tables) -> list[_Span]:
    """Span column sets present in ``tables``; document_topics gains its evidence text column if any."""
    out = []
    for span in _SPANS:
        df = tables.get(span.table)
        if df is None or span.start not in df.columns or span.end not in df.columns:
            continue
        if span.table == "document_topics":
            span = span._replace(text=next((c for c in _EVIDENCE_TEXT if c in df.columns), None))
        elif span.text is not None and span.text not in df.columns:
            span = span._replace(text=None)
        out.append(span)
    return out


def span_mismatch(tables: Tables, ctx: CheckContext) -> list[CheckResult]:
    """A span's text is not ``documents.text[start:end]``.

    Rationale: an extractor that miscounts (bytes for characters, a stripped
    newline, an LLM guessing offsets) writes spans that point elsewhere; every
    downstream highlight, evidence link and grounding check then lies.
    Covers sentences, mentions (``text``), event triggers (``trigger``) and
    document_topics evidence (when it carries an ``evidence``/``evidence_text`` column).

    Example: the seed's mention "Joe Biden" at ``start=10, end=19``; shifted by
    one to ``11:20`` it reads "oe Biden " and fails.
    """
    rule_of = "{text} equals documents.text[{start}:{end}]"
    why = missing(tables, {"documents": ["doc_id", "text"]})
    spans = _covered(tables)
    if why:
        return [
            ctx.skipped(table="documents", column="text", rule="spans equal the document text", message=why)
        ]
    out: list[CheckResult] = []
    for span in spans:
        rule = rule_of.format(text=span.text or "text", start=span.start, end=span.end)
        if span.text is None:
            if span.table == "document_topics":
                why = "document_topics has no evidence text column (evidence or evidence_text)"
            elif span.table == "quotes":
                continue  # quote text is held to the document by quote-ungrounded
            else:
                why = f"table {span.table!r} has no span text column"
            out.append(
                ctx.skipped(
                    table=span.table,
                    column=span.start,
                    rule=rule,
                    message=f"{why}; its offsets are checked by span-out-of-range",
                )
            )
            continue
        df, keys = keyed(tables[span.table], span.table)
        cols = list(dict.fromkeys([*keys, "doc_id", span.start, span.end, span.text]))
        bad = (
            derive_span(df.select(cols), tables["documents"], start=span.start, end=span.end)
            .filter(pl.col("found").is_not_null() & pl.col("found").ne_missing(pl.col(span.text)))
            .select(*cols, "found")
            .collect(engine="streaming")
        )
        out.append(
            ctx.result(table=span.table, column=span.text, rule=rule, failures=bad, total_rows=df.height)
        )
    return out


def span_out_of_range(tables: Tables, ctx: CheckContext) -> list[CheckResult]:
    """A span whose offsets are null, negative, empty or inverted, or run past the end of the document.

    Rationale: such a span cannot be the text it claims; it usually means
    offsets counted in bytes, on another version of the text, or invented.

    Example: a mention with ``start=4, end=2``, or ``end=5000`` in a 3,000-character document.
    """
    why = missing(tables, {"documents": ["doc_id", "text"]})
    if why:
        return [
            ctx.skipped(table="documents", column="text", rule="spans lie inside the document", message=why)
        ]
    out: list[CheckResult] = []
    for span in _covered(tables):
        df, keys = keyed(tables[span.table], span.table)
        cols = list(dict.fromkeys([*keys, "doc_id", span.start, span.end]))
        bad = (
            derive_span(df.select(cols), tables["documents"], start=span.start, end=span.end)
            .filter(pl.col("_doc_len").is_not_null() & ~pl.col("_in_range"))
            .select(*cols, pl.col("_doc_len").alias("doc_length"))
            .collect(engine="streaming")
        )
        rule = f"0 <= {span.start} < {span.end} <= len(documents.text)"
        out.append(
            ctx.result(table=span.table, column=span.start, rule=rule, failures=bad, total_rows=df.height)
        )
    return out


def span_outside_sentence(tables: Tables, ctx: CheckContext) -> list[CheckResult]:
    """A mention or an event trigger that is not inside the sentence its ``sentence_id`` names.

    Rationale: grounding, numbers and dates are all checked against the
    sentence; a span outside it means the sentence id or the offsets are wrong.

    Example: a mention of "Xi Jinping" (sentence 0 of the seed) filed under sentence 1.
    """
    why = missing(tables, {"sentences": ["doc_id", "sentence_id", "start", "end"]})
    if why:
        return [
            ctx.skipped(table="sentences", column=None, rule="spans lie inside their sentence", message=why)
        ]
    sents = tables["sentences"].select(
        "doc_id", "sentence_id", pl.col("start").alias("sentence_start"), pl.col("end").alias("sentence_end")
    )
    out: list[CheckResult] = []
    for span in _SPANS:
        df = tables.get(span.table)
        if span.table not in ("mentions", "events") or df is None:
            continue
        rule = f"sentence.start <= {span.start} and {span.end} <= sentence.end"
        why = missing(tables, {span.table: ["doc_id", "sentence_id", span.start, span.end]})
        if why:
            out.append(ctx.skipped(table=span.table, column="sentence_id", rule=rule, message=why))
            continue
        df, keys = keyed(df, span.table)
        cols = list(dict.fromkeys([*keys, "doc_id", "sentence_id", span.start, span.end]))
        bad = (
            df.lazy()
            .select(cols)
            .join(sents.lazy(), on=["doc_id", "sentence_id"], how="inner", maintain_order="left")
            .filter(
                (pl.col(span.start) < pl.col("sentence_start")) | (pl.col(span.end) > pl.col("sentence_end"))
            )
            .collect(engine="streaming")
        )
        out.append(
            ctx.result(table=span.table, column="sentence_id", rule=rule, failures=bad, total_rows=df.height)
        )
    return out
