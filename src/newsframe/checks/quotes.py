"""Quotes: a quotation must be verbatim in its document, up to quote characters and whitespace.

Examples
--------
>>> import polars as pl
>>> from newsframe.checks import run_check
>>> docs = pl.DataFrame({"doc_id": ["d"], "text": ["'We will  act,' she said."]})
>>> q = pl.DataFrame({"quote_id": ["q1", "q2"], "doc_id": ["d", "d"],
...                   "text": ["\u201cWe will act,\u201d", "We shall act"]})
>>> [r.sample for r in run_check("quote-ungrounded", {"documents": docs, "quotes": q}, params={})][0]
[{'quote_id': 'q2', 'doc_id': 'd', 'text': 'We shall act'}]
"""

from __future__ import annotations

import polars as pl

from newsframe.checks.base import CheckContext, Tables, keyed, missing
from newsframe.results import CheckResult

__all__ = ["derive_quote", "normalise_quote", "quote_ungrounded"]

_QUOTE_CHARS = r"""['"`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a]"""


def normalise_quote(expr: pl.Expr) -> pl.Expr:
    """Drop quote characters, collapse whitespace runs to one space, strip the ends."""
    return expr.str.replace_all(_QUOTE_CHARS, "").str.replace_all(r"\s+", " ").str.strip_chars()


def derive_quote(
    frame: pl.DataFrame | pl.LazyFrame, documents: pl.DataFrame | pl.LazyFrame, *, column: str = "quote"
) -> pl.LazyFrame:
    """What quote-ungrounded derives from the source, once for every engine: ``frame`` (all its columns)
    with ``_quote``, the quotation normalised (quote marks dropped, whitespace collapsed), and ``_found``,
    the document's normalised text where it holds ``_quote`` verbatim (null when it does not, or the
    quotation is empty). ``_quote`` is null for a row that is not judged: no quotation, or no document
    for its ``doc_id`` (a relation check's finding).

    ``quote-ungrounded`` fails a row whose ``_quote`` is not null and ``_found`` is; the GX engine runs
    the same comparison (``_quote`` equals ``_found``) on these columns
    (:mod:`newsframe.contracts.gx_factual`).

    Examples
    --------
    >>> docs = pl.DataFrame({"doc_id": ["d"], "text": ["'We will  act,' she said."]})
    >>> q = pl.DataFrame({"doc_id": ["d", "d", "x"], "quote": ["We will act", "We shall act", "act"]})
    >>> derive_quote(q, docs).select("_quote", "_found").collect().rows()
    [('We will act', 'We will act'), ('We shall act', None), (None, None)]
    """
    norm = normalise_quote(pl.col(column).cast(pl.String))
    doc = pl.col("_doc")
    judged = pl.col(column).is_not_null() & doc.is_not_null()
    pos = doc.str.find(norm, literal=True)
    docs = documents.lazy().select("doc_id", normalise_quote(pl.col("text")).alias("_doc"))
    return (
        frame.lazy()
        .join(docs, on="doc_id", how="left", maintain_order="left")
        .with_columns(
            pl.when(judged).then(norm).otherwise(None).alias("_quote"),
            pl.when(judged & (norm.str.len_chars() > 0) & pos.is_not_null())
            .then(doc.str.slice(pos, norm.str.len_chars()))
            .otherwise(None)
            .alias("_found"),
        )
        .drop("_doc")
    )


def _targets(tables: Tables, ctx: CheckContext) -> list[tuple[str, str]]:
    """(table, column) pairs holding quotations: ``quotes.text`` and every ``quote`` column."""
    declared = ctx.param("columns")
    if declared:
        entries = [declared] if isinstance(declared, str) else [str(c) for c in declared]
        pairs = [tuple(e.split(".", 1)) for e in entries]
        bad = [e for e, pair in zip(entries, pairs, strict=True) if len(pair) != 2 or "" in pair]
        if bad:
            raise ValueError(f"quote-ungrounded: params.columns takes 'table.column' entries, not {bad}")
        return [(t, c) for t, c in pairs]
    out = [("quotes", "text")] if "quotes" in tables and "text" in tables["quotes"].columns else []
    out += [(name, "quote") for name, df in tables.items() if "quote" in df.columns]
    return out


def quote_ungrounded(tables: Tables, ctx: CheckContext) -> list[CheckResult]:
    """A quotation that is not verbatim in its document (quote marks and whitespace aside).

    Rationale: a quotation is the strongest claim an extracted row makes about
    its source, and LLMs paraphrase: a "quote" that is not in the text puts
    words in someone's mouth. Checked where a ``quotes`` table (its ``text``)
    or any ``quote`` column exists; straight, curly and guillemet quote marks
    are dropped and whitespace runs collapsed on both sides before a literal
    substring test. Case and punctuation other than quote marks must match.

    Example: the seed says 'It is about verifying as the president says.'; a
    quote "It is about verification, as the president said" fails.

    Parameters (``params``): ``columns`` (``table.column`` or a list of them; default: discovered).
    """
    rule = "quotation appears verbatim in documents.text (up to quote characters and whitespace)"
    targets = _targets(tables, ctx)
    if not targets:
        return [
            ctx.skipped(
                table="quotes", column="text", rule=rule, message="no quotes table and no quote column"
            )
        ]
    why = missing(tables, {"documents": ["doc_id", "text"]})
    if why:
        return [ctx.skipped(table=t, column=c, rule=rule, message=why) for t, c in targets]
    out: list[CheckResult] = []
    for table, column in targets:
        why = missing(tables, {table: ["doc_id", column]})
        if why:
            out.append(ctx.skipped(table=table, column=column, rule=rule, message=why))
            continue
        df, keys = keyed(tables[table], table)
        cols = list(dict.fromkeys([*keys, "doc_id", column]))
        bad = (
            derive_quote(df.select(cols), tables["documents"], column=column)
            .filter(pl.col("_quote").is_not_null() & pl.col("_found").is_null())
            .select(cols)
            .collect(engine="streaming")
        )
        out.append(ctx.result(table=table, column=column, rule=rule, failures=bad, total_rows=df.height))
    return out
