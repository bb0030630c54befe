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

__all__ = ["normalise_quote", "quote_ungrounded"]

_QUOTE_CHARS = r"""['"`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a]"""


def normalise_quote(expr: pl.Expr) -> pl.Expr:
    """Drop quote characters, collapse whitespace runs to one space, strip the ends."""
    return expr.str.replace_all(_QUOTE_CHARS, "").str.replace_all(r"\s+", " ").str.strip_chars()


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
    docs = tables["documents"].select("doc_id", normalise_quote(pl.col("text")).alias("_doc"))
    out: list[CheckResult] = []
    for table, column in targets:
        why = missing(tables, {table: ["doc_id", column]})
        if why:
            out.append(ctx.skipped(table=table, column=column, rule=rule, message=why))
            continue
        df, keys = keyed(tables[table], table)
        cols = list(dict.fromkeys([*keys, "doc_id", column]))
        norm = normalise_quote(pl.col(column))
        bad = (
            df.select(cols)
            .filter(pl.col(column).is_not_null())
            .join(docs, on="doc_id", how="inner")
            .filter((norm.str.len_chars() == 0) | ~pl.col("_doc").str.contains(norm, literal=True))
            .select(cols)
        )
        out.append(ctx.result(table=table, column=column, rule=rule, failures=bad, total_rows=df.height))
    return out
