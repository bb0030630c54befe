"""The HTML data-quality report: one self-contained file that opens offline.

What it shows
-------------
- the run: status, the extraction engine that ran (``results.run["engine"]``) and the run facts;
- an overview of the checks: passed, warned, failed, errored and skipped, by table and by
  ODCS dimension;
- each failing check (anchored by its id, and the first of each slug by the slug) with
  its sample rows, capped per check with the full count shown, and for rows that carry
  a ``doc_id`` and offsets (``start``/``end``, ``trigger_start``/``trigger_end`` or
  ``evidence_start``/``evidence_end``) the source sentence with the span highlighted;
- plots as inline SVG: events over time (by the start of their date interval, stacked
  by precision), the event-type distribution, the actor network (who acts on whom) and
  topics per document;
- a profile per table: rows, and per column the null rate and distinct count, with the
  first rows.

Safety and size
---------------
No CDN, no font, no image, no script: CSS is inline and a Content-Security-Policy
(``default-src 'none'``) forbids every request and every script, so even a mistake in
escaping could not run code or leak a request. All data is escaped with
:func:`html.escape` (text nodes and attributes). Failing rows are capped per check
(``max_rows``), cells and snippets are truncated, and the plots are aggregates, so a
10,000-document run stays a few hundred kilobytes.

Examples
--------
>>> import polars as pl
>>> from newsframe.results import Results
>>> docs = pl.DataFrame({"doc_id": ["d1"], "text": ["<script>alert(1)</script>"]})
>>> page = render_html(Results(), {"documents": docs})
>>> "<script>" in page
False
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

import polars as pl

from newsframe import __version__
from newsframe.report._common import (
    STATUS_ORDER,
    by_dimension,
    by_table,
    failing_checks,
    truncate,
    where,
)
from newsframe.report._svg import PALETTE, column_chart, hbar_chart, network, stacked_bar
from newsframe.results import CheckResult, Results

__all__ = ["MAX_ROWS", "render_html", "write_html"]

MAX_ROWS = 20
"""Failing rows shown per check at most (the full count is always shown)."""

MAX_FAILING_CHECKS = 300
"""Failing checks shown in detail at most."""

ROW_BUDGET = 1000
"""Sample rows shown over all checks before later checks drop to 3 rows each (keeps big runs small)."""

COLOURS: dict[str, str] = {
    "passed": "#2da44e",
    "warning": "#d4a72c",
    "failed": "#cf222e",
    "error": "#8250df",
    "skipped": "#8c959f",
}

QUAD_COLOURS: dict[str, str] = {
    "1": "#2da44e",  # verbal cooperation
    "2": "#1b7c83",  # material cooperation
    "3": "#e16f24",  # verbal conflict
    "4": "#cf222e",  # material conflict
}
QUAD_NAMES: dict[str, str] = {
    "1": "verbal cooperation",
    "2": "material cooperation",
    "3": "verbal conflict",
    "4": "material conflict",
}

PRECISION_COLOURS: tuple[tuple[str, str], ...] = (
    ("day", "#0969da"),
    ("week", "#54aeff"),
    ("month", "#8250df"),
    ("year", "#d4a72c"),
    ("unknown", "#8c959f"),
)

OFFSET_PAIRS: tuple[tuple[str, str], ...] = (
    ("start", "end"),
    ("trigger_start", "trigger_end"),
    ("evidence_start", "evidence_end"),
)
"""Sample columns that locate a span in ``documents.text``, in order of preference."""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return chr(0x2400 + code) if code < 0x20 else ("\u2421" if code == 0x7F else f"\\x{code:02x}")


def e(value: object) -> str:
    r"""Escape anything for HTML text or a quoted attribute; control characters are shown, never sent raw.

    A raw NUL, ESC or other C0/C1 control is an HTML parse error (and would reach a terminal that
    views the file): each becomes its visible Control Pictures symbol (U+2400..), DEL U+2421, a
    C1 control ``\x80``-style text. Tab, newline and carriage return are kept.

    Examples
    --------
    >>> e('<a href="x">\x00\x1b[31m</a>') == '&lt;a href=&quot;x&quot;&gt;\u2400\u241b[31m&lt;/a&gt;'
    True
    """
    return _RAW_CONTROL.sub(_visible, escape("" if value is None else str(value), quote=True))


def _anchor(text: str) -> str:
    return _ID_UNSAFE.sub("-", text).strip("-") or "x"


def _cell(value: Any, limit: int = 160) -> str:
    if value is None:
        return '<span class="null">null</span>'
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False, default=str)
    return e(truncate(str(value), limit))


def _rows_word(n: int) -> str:
    return f"{n:,} row" if n == 1 else f"{n:,} rows"


def _num(n: Any) -> str:
    return f"{n:,}" if isinstance(n, int) else e(n)


# ---------------------------------------------------------------------------- source context


def _has_span(row: Mapping[str, Any]) -> bool:
    return row.get("doc_id") is not None and any(
        isinstance(row.get(a), int) and isinstance(row.get(b), int) for a, b in OFFSET_PAIRS
    )


class _Context:
    """Find the source sentence of sample rows, reading only the documents the samples name."""

    def __init__(self, tables: Mapping[str, pl.DataFrame], samples: Iterable[Mapping[str, Any]]) -> None:
        rows = list(samples)
        self.locate: dict[tuple[str, str], dict[str, Any]] = {}
        for table, key in (("events", "event_id"), ("mentions", "mention_id")):
            ids = {str(r[key]) for r in rows if r.get(key) is not None and not _has_span(r)}
            frame = tables.get(table)
            if ids and frame is not None and {key, "doc_id"} <= set(frame.columns):
                wanted = [
                    c for c in (key, "doc_id", "sentence_id", *sum(OFFSET_PAIRS, ())) if c in frame.columns
                ]
                found = frame.select(wanted).filter(pl.col(key).cast(pl.String).is_in(sorted(ids)))
                for r in found.iter_rows(named=True):
                    self.locate[(key, str(r[key]))] = r
        doc_ids = {str(r["doc_id"]) for r in rows if r.get("doc_id") is not None}
        doc_ids |= {str(r["doc_id"]) for r in self.locate.values() if r.get("doc_id") is not None}
        self.text: dict[str, str] = {}
        self.sentences: dict[str, list[tuple[int, int]]] = {}
        self.by_id: dict[tuple[str, int], tuple[int, int]] = {}
        docs = tables.get("documents")
        if doc_ids and docs is not None and {"doc_id", "text"} <= set(docs.columns):
            found = docs.select("doc_id", "text").filter(
                pl.col("doc_id").cast(pl.String).is_in(sorted(doc_ids))
            )
            self.text = {str(d): t for d, t in found.iter_rows() if isinstance(t, str)}
        sents = tables.get("sentences")
        if self.text and sents is not None and {"doc_id", "start", "end"} <= set(sents.columns):
            sid = pl.col("sentence_id") if "sentence_id" in sents.columns else pl.lit(None, dtype=pl.Int64)
            found = (
                sents.select("doc_id", "start", "end", sid.alias("sentence_id"))
                .filter(pl.col("doc_id").cast(pl.String).is_in(sorted(self.text)))
                .sort("doc_id", "start")
            )
            for d, s, t, i in found.iter_rows():
                if isinstance(s, int) and isinstance(t, int):
                    self.sentences.setdefault(str(d), []).append((s, t))
                    if isinstance(i, int):
                        self.by_id[(str(d), i)] = (s, t)

    def snippet(self, row: Mapping[str, Any]) -> str:
        """HTML for the row's source sentence with the span in ``<mark>``, or ``""``."""
        loc: Mapping[str, Any] = row
        if not _has_span(row):
            for key in ("event_id", "mention_id"):
                if row.get(key) is not None and (key, str(row[key])) in self.locate:
                    loc = {
                        **self.locate[(key, str(row[key]))],
                        **{k: v for k, v in row.items() if v is not None},
                    }
                    break
        doc_id = loc.get("doc_id")
        if doc_id is None:
            return ""
        text = self.text.get(str(doc_id))
        if text is None:
            return f'<div class="ctx"><span class="doc">{e(doc_id)}</span> <em>document not found in the tables</em></div>'
        span = next(
            (
                (loc[a], loc[b])
                for a, b in OFFSET_PAIRS
                if isinstance(loc.get(a), int) and isinstance(loc.get(b), int)
            ),
            None,
        )
        n = len(text)
        if span is None:  # no offsets: show the sentence the row names, without a highlight
            sid = loc.get("sentence_id")
            bounds = self.by_id.get((str(doc_id), sid)) if isinstance(sid, int) else None
            if bounds is None or not (0 <= bounds[0] <= bounds[1] <= n):
                return ""
            return (
                f'<div class="ctx"><span class="doc">{e(doc_id)} sentence {sid}</span> '
                f"{e(truncate(text[bounds[0] : bounds[1]], 600))}</div>"
            )
        start, end = span
        if not (0 <= start <= end <= n):
            return (
                f'<div class="ctx"><span class="doc">{e(doc_id)}</span> <em>offsets [{e(start)}, {e(end)}) fall '
                f"outside the document ({n:,} characters)</em></div>"
            )
        s0, s1 = max(0, start - 120), min(n, end + 120)
        for a, b in self.sentences.get(str(doc_id), []):
            if a <= start < b or (a < end <= b) or (start == end and a <= start <= b):
                s0, s1 = (a, b) if a <= start and end <= b else (min(a, start), max(b, end))
                break
        s0, s1 = max(0, min(s0, start)), min(n, max(s1, end))
        # keep the snippet short: at most ~200 characters either side of the span
        before = text[s0:start]
        after = text[end:s1]
        if len(before) > 200:
            before = "…" + before[-199:]
        if len(after) > 200:
            after = after[:199] + "…"
        marked = text[start:end]
        if len(marked) > 400:
            marked = marked[:200] + " … " + marked[-200:]
        return (
            f'<div class="ctx"><span class="doc">{e(doc_id)} [{start:,}, {end:,})</span> '
            f"{e(before)}<mark>{e(marked) or '&#8203;'}</mark>{e(after)}</div>"
        )


# ---------------------------------------------------------------------------- sections


def _fact(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, float):
        return f"{value:,.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _badge(status: str) -> str:
    return f'<span class="badge s-{e(status)}">{e(status)}</span>'


PRIMARY_FACTS: tuple[str, ...] = ("command", "inputs", "tables_dir", "pipeline", "counts", "documents")
"""Run facts shown up front; the others are one click away."""


def _fact_html(key: str, value: Any) -> str:
    if isinstance(value, Mapping):
        shown = ", ".join(f"{k}: {_fact(v)}" for k, v in value.items())
    elif isinstance(value, (list, tuple)):
        shown = ", ".join(_fact(v) for v in value) or "—"
    else:
        shown = _fact(value)
    return f"<dt>{e(key)}</dt><dd>{e(truncate(str(shown), 300))}</dd>"


def _header(results: Results) -> str:
    run = results.run
    engine = run.get("engine")
    engine_html = (
        f'<code class="engine">{e(engine)}</code>'
        if engine
        else '<span class="muted">not recorded (tables validated as given)</span>'
    )
    primary = [_fact_html(k, run[k]) for k in PRIMARY_FACTS if k in run]
    rest = [_fact_html(str(k), v) for k, v in run.items() if k not in PRIMARY_FACTS and k != "engine"]
    rest.append(f"<dt>results version</dt><dd>{e(results.version)}</dd>")
    rest.append(f"<dt>report by</dt><dd>newsframe {e(__version__)}</dd>")
    return (
        f'<header><div class="title"><h1>newsframe data-quality report</h1>{_badge(results.status)}</div>'
        f'<p class="engine-line">Extraction engine: {engine_html}</p>'
        f'<dl class="facts">{"".join(primary)}</dl>'
        f'<details><summary>All run facts ({len(rest)})</summary><dl class="facts">{"".join(rest)}</dl></details>'
        "</header>"
    )


def _status_table(title: str, rows: Mapping[str, Mapping[str, int]], *, first: str) -> str:
    order = STATUS_ORDER[::-1]
    head = "".join(f'<th class="num">{e(s)}</th>' for s in order)
    body = []
    for name, counts in rows.items():
        cells = "".join(
            f'<td class="num{" z" if not counts.get(s) else " c-" + s}">{counts.get(s, 0):,}</td>'
            for s in order
        )
        bar = stacked_bar([(s, counts.get(s, 0), COLOURS[s]) for s in order])
        body.append(f'<tr><th>{e(name)}</th>{cells}<td class="bar">{bar}</td></tr>')
    return (
        f'<div class="card"><h3>{e(title)}</h3><table class="grid"><thead><tr><th>{e(first)}</th>{head}'
        f"<th></th></tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _overview(results: Results) -> str:
    counts = results.counts()
    tiles = "".join(
        f'<div class="tile t-{s}"><div class="n">{counts.get(s, 0):,}</div><div>{e(s)}</div></div>'
        for s in STATUS_ORDER[::-1]
    )
    if not results.checks:
        return f'<section id="overview"><h2>Overview</h2><div class="tiles">{tiles}</div><p>No checks ran.</p></section>'
    return (
        f'<section id="overview"><h2>Overview</h2><div class="tiles">{tiles}</div><div class="two">'
        + _status_table("By table", by_table(results), first="table")
        + _status_table("By ODCS dimension", by_dimension(results), first="dimension")
        + "</div></section>"
    )


def _sample_table(check: CheckResult, ctx: _Context, *, max_rows: int) -> str:
    rows = check.sample[:max_rows]
    if not rows:
        return '<p class="muted">No sample rows were recorded.</p>'
    columns: list[str] = []
    for r in rows:
        columns += [k for k in r if k not in columns]
    head = "".join(f"<th>{e(c)}</th>" for c in columns)
    body = []
    for r in rows:
        body.append("<tr>" + "".join(f"<td>{_cell(r.get(c))}</td>" for c in columns) + "</tr>")
        snippet = ctx.snippet(r)
        if snippet:
            body.append(f'<tr class="src"><td colspan="{len(columns)}">{snippet}</td></tr>')
    return (
        f'<div class="scroll"><table class="rows"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _failures(results: Results, tables: Mapping[str, pl.DataFrame], *, max_rows: int) -> str:
    failing = failing_checks(results)
    if not failing:
        return '<section id="failures"><h2>Failing checks</h2><p class="ok">Every check passed.</p></section>'
    shown = failing[:MAX_FAILING_CHECKS]
    ctx = _Context(tables, (r for c in shown for r in c.sample[:max_rows]))
    seen_slugs: set[str] = set()
    used: set[str] = set()
    index, items = [], []
    budget = ROW_BUDGET
    for c in shown:
        cap = max_rows if budget > 0 else min(max_rows, 3)
        budget -= min(len(c.sample), cap)
        anchor = base = "check-" + _anchor(c.id)
        n = 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        slug_anchor = ""
        if c.slug not in seen_slugs:
            seen_slugs.add(c.slug)
            slug_anchor = f'<a id="{e(_anchor(c.slug))}"></a>'
        rows = f"{c.failing_rows:,}" + (f" of {c.total_rows:,}" if c.total_rows is not None else "")
        capped = (
            f'<p class="muted">Showing {min(len(c.sample), cap):,} of {c.failing_rows:,} failing rows.</p>'
            if c.sample
            else ""
        )
        index.append(
            f'<li><a href="#{e(anchor)}">{_badge(c.status)} <code>{e(c.slug)}</code> {e(where(c))}</a> '
            f'<span class="muted">{_rows_word(c.failing_rows)}</span></li>'
        )
        metrics = (
            "<dt>metrics</dt><dd>" + e(", ".join(f"{k}={_fact(v)}" for k, v in c.metrics.items())) + "</dd>"
            if c.metrics
            else ""
        )
        items.append(
            f'{slug_anchor}<article class="check b-{e(c.status)}" id="{e(anchor)}">'
            f"<h3>{_badge(c.status)} <code>{e(c.slug)}</code> <span class=where>{e(where(c))}</span></h3>"
            f'<p class="msg">{e(c.message or c.rule)}</p>'
            f'<dl class="meta"><dt>rule</dt><dd>{e(c.rule)}</dd><dt>failing rows</dt><dd>{rows}</dd>'
            f"<dt>severity</dt><dd>{e(c.severity)}</dd><dt>dimension</dt><dd>{e(c.dimension)}</dd>"
            f"<dt>engine</dt><dd>{e(c.engine)}</dd><dt>id</dt><dd><code>{e(c.id)}</code></dd>{metrics}</dl>"
            f"{capped}{_sample_table(c, ctx, max_rows=cap)}</article>"
        )
    more = (
        f'<p class="muted">{len(failing) - len(shown):,} more failing checks are listed under All checks.</p>'
        if len(failing) > len(shown)
        else ""
    )
    return (
        f'<section id="failures"><h2>Failing checks ({len(failing):,})</h2><ul class="index">{"".join(index)}</ul>'
        + "".join(items)
        + more
        + "</section>"
    )


def _all_checks(results: Results) -> str:
    if not results.checks:
        return ""
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    rows = []
    for c in sorted(results.checks, key=lambda c: (rank.get(c.status, 9), c.table, c.id)):
        rows.append(
            f"<tr><td>{_badge(c.status)}</td><td><code>{e(c.slug)}</code></td><td>{e(where(c))}</td>"
            f"<td>{e(c.dimension)}</td><td>{e(c.severity)}</td><td>{e(c.engine)}</td>"
            f'<td class="num">{c.failing_rows:,}</td><td>{e(truncate(c.rule, 140))}</td></tr>'
        )
    return (
        f'<section id="checks"><h2>All checks ({len(results.checks):,})</h2><details><summary>Show every check'
        "</summary><div class=scroll><table class=rows><thead><tr><th>status</th><th>check</th><th>where</th>"
        "<th>dimension</th><th>severity</th><th>engine</th><th class=num>failing</th><th>rule</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div></details></section>"
    )


# ---------------------------------------------------------------------------- plots


def _codebook() -> dict[str, str]:
    """PLOVER event type to quad class, from the seeded codebook (empty when absent)."""
    try:
        from newsframe.assets import asset_path

        book = pl.read_csv(asset_path("seeds", "reference", "plover_codebook.csv"), infer_schema=False)
        return dict(zip(book["event_type"].to_list(), book["quad_class"].to_list(), strict=True))
    except Exception:  # the report never fails for want of colours
        return {}


def _as_date(frame: pl.DataFrame, column: str) -> pl.Expr:
    dtype = frame.schema[column]
    if dtype == pl.Date:
        return pl.col(column)
    if isinstance(dtype, pl.Datetime):
        return pl.col(column).dt.date()
    return pl.col(column).cast(pl.String).str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)


def _events_over_time(tables: Mapping[str, pl.DataFrame]) -> str:
    events = tables.get("events")
    if events is None or "date_start" not in events.columns:
        return ""
    prec = (
        pl.col("date_precision").cast(pl.String).fill_null("unknown")
        if "date_precision" in events.columns
        else pl.lit("unknown")
    )
    dated = events.select(_as_date(events, "date_start").alias("d"), prec.alias("p")).filter(
        pl.col("d").is_not_null()
    )
    undated = events.height - dated.height
    if dated.is_empty():
        return f"<p class=muted>No event has a date ({undated:,} undated).</p>"
    lo, hi = dated["d"].min(), dated["d"].max()
    assert isinstance(lo, dt.date) and isinstance(hi, dt.date)
    span = (hi - lo).days
    units = [
        ("1d", "%Y-%m-%d", "day"),
        ("1w", "%Y-%m-%d", "week"),
        ("1mo", "%Y-%m", "month"),
        ("1y", "%Y", "year"),
    ]
    first = 0 if span <= 45 else 1 if span <= 300 else 2 if span <= 8 * 366 else 3
    for k in range(first, len(units)):
        unit, fmt, word = units[k]
        start = dated.select(pl.col("d").min().dt.truncate(unit)).item()
        axis = pl.date_range(start, hi, interval=unit, eager=True)
        if axis.len() <= 160:
            break
    counts = dated.with_columns(pl.col("d").dt.truncate(unit).alias("b")).group_by("b", "p").len()
    grouped: dict[dt.date, dict[str, float]] = {}
    if axis.len() <= 400:  # a linear time axis, empty periods included (outliers leave only the full years)
        grouped = {b: {} for b in axis.to_list()}
    for b, p, n in counts.iter_rows():
        grouped.setdefault(b, {})[p] = float(n)
    buckets = [(b.strftime(fmt), parts) for b, parts in sorted(grouped.items())]
    present = {p for parts in grouped.values() for p in parts}
    series = [(p, c) for p, c in PRECISION_COLOURS if p in present]
    series += [(p, PALETTE[i % len(PALETTE)]) for i, p in enumerate(sorted(present - {s for s, _ in series}))]
    chart = column_chart(
        buckets,
        series=series,
        title=f"Events per {word}, by start of the date interval",
        width=1140,
        height=280,
    )
    note = f"{dated.height:,} dated events by the {word} their date interval starts, coloured by precision"
    if undated:
        note += f"; {undated:,} undated events not shown"
    return f"{chart}<p class=cap>{e(note)}.</p>"


def _event_types(tables: Mapping[str, pl.DataFrame]) -> str:
    events = tables.get("events")
    if events is None or "event_type" not in events.columns or events.is_empty():
        return ""
    counts = (
        events.group_by(pl.col("event_type").cast(pl.String).fill_null("(null)"))
        .len()
        .sort("len", "event_type", descending=[True, False])
    )
    items = [(str(t), float(n)) for t, n in counts.head(25).iter_rows()]
    book = _codebook()
    colours = {t: QUAD_COLOURS.get(book.get(t, ""), "#8c959f") for t, _ in items}
    legend = (
        "".join(
            f'<span class=key><i style="background:{c}"></i>{e(QUAD_NAMES[q])}</span>'
            for q, c in QUAD_COLOURS.items()
        )
        + '<span class=key><i style="background:#8c959f"></i>not in the PLOVER codebook</span>'
    )
    more = f" (top 25 of {counts.height})" if counts.height > 25 else ""
    return (
        hbar_chart(items, title="Events by PLOVER category", colours=colours)
        + f"<p class=cap>{legend}{e(more)}</p>"
    )


def _actor_network(tables: Mapping[str, pl.DataFrame], *, max_nodes: int = 24, max_edges: int = 60) -> str:
    events = tables.get("events")
    if events is None or not {"source_actor_id", "target_actor_id"} <= set(events.columns):
        return ""
    pairs = (
        events.select(
            pl.col("source_actor_id").cast(pl.String).alias("s"),
            pl.col("target_actor_id").cast(pl.String).alias("t"),
        )
        .drop_nulls()
        .filter(pl.col("s") != pl.col("t"))
        .group_by("s", "t")
        .len()
    )
    if pairs.is_empty():
        return "<p class=muted>No event has both a source and a different target actor.</p>"
    degree = (
        pl.concat([pairs.select(pl.col("s").alias("a"), "len"), pairs.select(pl.col("t").alias("a"), "len")])
        .group_by("a")
        .agg(pl.col("len").sum().alias("w"))
        .sort("w", "a", descending=[True, False])
        .head(max_nodes)
    )
    keep = degree["a"].to_list()
    names: dict[str, str] = {}
    actors = tables.get("actors")
    if actors is not None and {"actor_id", "name"} <= set(actors.columns):
        found = actors.select(pl.col("actor_id").cast(pl.String), pl.col("name").cast(pl.String)).filter(
            pl.col("actor_id").is_in(keep)
        )
        names = {a: n for a, n in found.iter_rows() if n}
    nodes = [(a, names.get(a, a), float(w)) for a, w in degree.iter_rows()]
    edges_df = (
        pairs.filter(pl.col("s").is_in(keep) & pl.col("t").is_in(keep))
        .sort("len", "s", "t", descending=[True, False, False])
        .head(max_edges)
    )
    edges = [(s, t, float(n)) for s, t, n in edges_df.iter_rows()]
    chart = network(nodes, edges, title="Who acts on whom: source actor → target actor")
    note = (
        f"{len(nodes)} most active of {pl.concat([pairs['s'], pairs['t']]).n_unique():,} actors and "
        f"{len(edges)} of {pairs.height:,} source→target pairs; line width = number of events"
    )
    return f"{chart}<p class=cap>{e(note)}.</p>"


def _topic_labels(tables: Mapping[str, pl.DataFrame], ids: pl.Series) -> dict[str, str]:
    topics = tables.get("topics")
    if topics is None or not {"topic_id", "label"} <= set(topics.columns):
        return {}
    found = topics.select(pl.col("topic_id").cast(pl.String), pl.col("label").cast(pl.String)).filter(
        pl.col("topic_id").is_in(ids.implode())
    )
    return {t: lbl for t, lbl in found.iter_rows() if lbl}


def _topics(tables: Mapping[str, pl.DataFrame]) -> str:
    dtopics = tables.get("document_topics")
    if dtopics is None or not {"doc_id", "topic_id"} <= set(dtopics.columns) or dtopics.is_empty():
        return ""
    score = (
        pl.col("score").cast(pl.Float64, strict=False)
        if "score" in dtopics.columns
        else pl.lit(None, pl.Float64)
    )
    pairs = (
        dtopics.select(
            pl.col("doc_id").cast(pl.String), pl.col("topic_id").cast(pl.String), score.alias("score")
        )
        .group_by("doc_id", "topic_id")
        .agg(pl.col("score").max())
    )
    per_doc = pairs.group_by("doc_id").len()
    if per_doc.height <= 2 and pairs["score"].null_count() < pairs.height:
        # a run of one or two documents: each document's topics by score say more than counts
        charts = []
        for doc_id in sorted(per_doc["doc_id"].to_list()):
            mine = pairs.filter(pl.col("doc_id") == doc_id).sort(
                "score", "topic_id", descending=[True, False]
            )
            labels = _topic_labels(tables, mine["topic_id"])
            items = [
                (labels.get(t, t), round(float(v or 0.0), 3))
                for t, v in mine.select("topic_id", "score").head(20).iter_rows()
            ]
            charts.append(
                hbar_chart(items, title=f"Topics of {doc_id} by score", colours={}, label_width=220)
                + f"<p class=cap>Topics of document {e(doc_id)}, by score (top {len(items)} of {mine.height}).</p>"
            )
        return "".join(charts)
    top = pairs.group_by("topic_id").len().sort("len", "topic_id", descending=[True, False]).head(15)
    labels = _topic_labels(tables, top["topic_id"])
    items = [(labels.get(t, t), float(n)) for t, n in top.iter_rows()]
    docs = tables.get("documents")
    n_docs = docs.height if docs is not None else per_doc.height
    zero = max(n_docs - per_doc.height, 0)
    most = per_doc.select(pl.col("len").max()).item()
    cap = min(max(8, int(most or 0)), 20)
    hist = per_doc.select(pl.col("len").clip(upper_bound=cap)).group_by("len").len(name="n")
    dist = {int(k): int(v) for k, v in hist.iter_rows()}
    buckets = [("0", {"documents": float(zero)})] + [
        (f"{k}" if k < cap else f"{cap}+", {"documents": float(dist.get(k, 0))}) for k in range(1, cap + 1)
    ]
    return (
        '<div class="two">'
        + "<div>"
        + hbar_chart(items, title="Documents per topic (top 15)", colours={})
        + "<p class=cap>Documents that carry each topic.</p></div><div>"
        + column_chart(
            buckets, series=[("documents", "#1b7c83")], title="Topics per document", width=560, height=240
        )
        + f"<p class=cap>How many topics each of {n_docs:,} documents has.</p></div></div>"
    )


def _plot(title: str, build: Any, tables: Mapping[str, pl.DataFrame]) -> str:
    try:
        body = build(tables)
    except (pl.exceptions.PolarsError, KeyError, TypeError, ValueError, AssertionError) as exc:
        body = f"<p class=muted>Could not draw this plot: {e(exc)}</p>"
    if not body:
        body = "<p class=muted>No data for this plot in these tables.</p>"
    return f'<figure class="card"><figcaption>{e(title)}</figcaption>{body}</figure>'


def _plots(tables: Mapping[str, pl.DataFrame]) -> str:
    return (
        '<section id="plots"><h2>The data</h2>'
        + _plot("Events over time", _events_over_time, tables)
        + '<div class="two">'
        + _plot("Event types", _event_types, tables)
        + _plot("Actor network", _actor_network, tables)
        + "</div>"
        + _plot("Topics", _topics, tables)
        + "</section>"
    )


# ---------------------------------------------------------------------------- profiles


def _profiles(results: Results, tables: Mapping[str, pl.DataFrame], *, preview_rows: int = 5) -> str:
    profiles: dict[str, Any] = dict(results.metrics.get("tables") or {})
    if not profiles and tables:
        from newsframe.profile import profile_tables

        profiles = profile_tables(tables)
    names = list(profiles) + [t for t in tables if t not in profiles]
    if not names:
        return ""
    blocks = []
    toc = []
    for name in names:
        prof = profiles.get(name) or {}
        frame = tables.get(name)
        rows = prof.get("rows", frame.height if frame is not None else None)
        nulls: dict[str, Any] = prof.get("null_rates") or {}
        distinct: dict[str, Any] = prof.get("distinct") or {}
        columns = list(frame.columns) if frame is not None else list(nulls)
        columns += [c for c in nulls if c not in columns]
        body = []
        for col in columns:
            rate = nulls.get(col)
            dtype = str(frame.schema[col]) if frame is not None and col in frame.columns else ""
            bar = ""
            if isinstance(rate, (int, float)):
                pct = max(0.0, min(float(rate), 1.0)) * 100
                bar = f'<span class="nbar"><span style="width:{pct:.1f}%"></span></span> {pct:.1f}%'
            body.append(
                f"<tr><td><code>{e(col)}</code></td><td class=muted>{e(dtype)}</td><td>{bar}</td>"
                f'<td class="num">{_num(distinct.get(col, ""))}</td></tr>'
            )
        preview = ""
        if frame is not None and frame.height and frame.columns:
            head = frame.head(preview_rows)
            cols = head.columns
            trs = "".join(
                "<tr>" + "".join(f"<td>{_cell(v, 80)}</td>" for v in r) + "</tr>" for r in head.iter_rows()
            )
            preview = (
                f"<details><summary>First {head.height} rows</summary><div class=scroll><table class=rows><thead><tr>"
                + "".join(f"<th>{e(c)}</th>" for c in cols)
                + f"</tr></thead><tbody>{trs}</tbody></table></div></details>"
            )
        anchor = "table-" + _anchor(name)
        toc.append(f'<a href="#{e(anchor)}">{e(name)} <span class=muted>{_num(rows)}</span></a>')
        blocks.append(
            f'<div class="card" id="{e(anchor)}"><h3>{e(name)} <span class="muted">{_rows_word(rows) if isinstance(rows, int) else _num(rows)}</span></h3>'
            '<table class="grid prof"><thead><tr><th>column</th><th>dtype</th><th>null rate</th>'
            f'<th class="num">distinct</th></tr></thead><tbody>{"".join(body)}</tbody></table>{preview}</div>'
        )
    return (
        f'<section id="profile"><h2>Table profiles</h2><p class="toc">{" · ".join(toc)}</p>'
        + '<div class="profiles">'
        + "".join(blocks)
        + "</div></section>"
    )


# ---------------------------------------------------------------------------- page

_CSS = """
:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#f6f8fa;--card:#fff;--accent:#0969da}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1240px;margin:0 auto;padding:24px 28px 60px}
header{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin-bottom:14px}
.title{display:flex;align-items:center;gap:14px}
h1{font-size:24px;margin:0}
h2{font-size:20px;margin:30px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:0 0 8px}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eff1f3;padding:1px 5px;border-radius:4px}
.engine{font-size:14px;background:#ddf4ff;color:#0550ae}
.engine-line{margin:8px 0 10px}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0;font-size:13px;color:var(--muted)}
.facts dt{font-weight:600}.facts dd{margin:0;overflow-wrap:anywhere}
nav{position:sticky;top:0;z-index:2;background:rgba(246,248,250,.95);padding:8px 0;border-bottom:1px solid var(--line);display:flex;gap:18px;font-size:14px}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.badge{display:inline-block;padding:1px 9px;border-radius:12px;font-size:12px;font-weight:600;color:#fff;text-transform:uppercase;letter-spacing:.03em;vertical-align:middle}
.s-passed{background:#2da44e}.s-warning{background:#bf8700}.s-failed{background:#cf222e}.s-error{background:#8250df}.s-skipped{background:#8c959f}
.tiles{display:grid;grid-template-columns:repeat(5,1fr);gap:10px;margin-bottom:12px}
.tile{background:var(--card);border:1px solid var(--line);border-top:4px solid;border-radius:8px;padding:10px 14px;color:var(--muted);font-size:13px}
.tile .n{font-size:26px;font-weight:700;color:var(--fg)}
.t-passed{border-top-color:#2da44e}.t-warning{border-top-color:#d4a72c}.t-failed{border-top-color:#cf222e}.t-error{border-top-color:#8250df}.t-skipped{border-top-color:#8c959f}
.two{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:14px}
@media (max-width:900px){.two{grid-template-columns:1fr}.tiles{grid-template-columns:repeat(2,1fr)}}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin:0 0 14px}
figure.card{margin:0 0 14px}figcaption{font-weight:600;margin-bottom:6px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
thead th{color:var(--muted);font-weight:600;border-bottom:1px solid var(--line)}
.num{text-align:right;font-variant-numeric:tabular-nums}
td.z{color:#b6bcc3}.c-failed{color:#cf222e;font-weight:600}.c-error{color:#8250df;font-weight:600}.c-warning{color:#9a6700;font-weight:600}.c-passed{color:#1a7f37}
.scroll{overflow-x:auto;max-width:100%}
table.rows td{max-width:360px;overflow-wrap:anywhere}
.null{color:#b6bcc3;font-style:italic}
.muted{color:var(--muted);font-weight:normal}
.ok{color:#1a7f37;font-weight:600}
.index{columns:2;padding-left:18px;font-size:14px}.index li{break-inside:avoid;margin-bottom:3px}
article.check{background:var(--card);border:1px solid var(--line);border-left:5px solid;border-radius:8px;padding:12px 16px;margin:0 0 14px}
.b-failed{border-left-color:#cf222e}.b-warning{border-left-color:#d4a72c}.b-error{border-left-color:#8250df}
.where{font-weight:600}
.msg{margin:4px 0 8px}
.meta{display:grid;grid-template-columns:max-content 1fr max-content 1fr;gap:0 12px;font-size:13px;margin:0 0 8px}
.meta dt{color:var(--muted)}.meta dd{margin:0;overflow-wrap:anywhere}
tr.src td{background:#fbfcfd;border-bottom:1px solid var(--line)}
.ctx{font-family:Georgia,"Times New Roman",serif;font-size:14px;line-height:1.55;white-space:pre-wrap;overflow-wrap:anywhere}
.ctx .doc{font:11px ui-monospace,Menlo,monospace;color:var(--muted);margin-right:6px}
mark{background:#fff3b0;border-bottom:2px solid #d4a72c;padding:0 1px}
svg.chart{display:block;max-width:100%;height:auto}
svg .lbl{font-size:12px;fill:#1f2328}svg .val,svg .tick{font-size:11px;fill:#656d76}
svg .grid{stroke:#eaeef2}
td.bar{width:28%;min-width:90px}
.sbar{display:block;border-radius:3px;overflow:hidden;background:#eaeef2}
.cap{font-size:12px;color:var(--muted);margin:6px 0 0}
.key{display:inline-block;margin-right:12px}.key i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px;vertical-align:-1px}
.nbar{display:inline-block;width:90px;height:8px;background:#eaeef2;border-radius:4px;vertical-align:middle;overflow:hidden}
.nbar span{display:block;height:100%;background:#e16f24}
.profiles{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:14px}.profiles .card{margin:0}
@media (max-width:900px){.profiles{grid-template-columns:1fr}}
.toc{font-size:14px}
details summary{cursor:pointer;color:var(--accent);font-size:13px;margin:6px 0}
footer{margin-top:36px;color:var(--muted);font-size:12px}
"""


def render_html(
    results: Results,
    tables: Mapping[str, pl.DataFrame],
    *,
    max_rows: int = MAX_ROWS,
) -> str:
    """The report as one HTML string (see the module docstring for what it shows)."""
    n_fail = len(failing_checks(results))
    nav = (
        "<nav>"
        '<a href="#overview">Overview</a>'
        f'<a href="#failures">Failing checks ({n_fail:,})</a>'
        '<a href="#plots">The data</a>'
        '<a href="#profile">Table profiles</a>'
        '<a href="#checks">All checks</a>'
        "</nav>"
    )
    parts: Sequence[str] = (
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>newsframe report: {e(results.status)}</title>",
        f"<style>{_CSS}</style></head><body><main>",
        _header(results),
        nav,
        _overview(results),
        _failures(results, tables, max_rows=max_rows),
        _plots(tables),
        _profiles(results, tables),
        _all_checks(results),
        f"<footer>Generated by newsframe {e(__version__)}. This file is self-contained: it loads nothing "
        "from the network and runs no script.</footer>",
        "</main></body></html>",
    )
    return "\n".join(parts) + "\n"


def write_html(
    results: Results,
    tables: Mapping[str, pl.DataFrame],
    path: str | Path,
    *,
    max_rows: int = MAX_ROWS,
) -> Path:
    """Write the self-contained HTML report to ``path`` (parents created) and return the path.

    Parameters
    ----------
    results
        The run's results (checks, ``metrics["tables"]`` profiles, ``run`` facts).
    tables
        The tables validated, by name; used for the source sentences and the plots.
        Missing tables or columns only leave the matching part of the report empty.
    path
        Where to write, e.g. ``out/report.html``.
    max_rows
        Failing rows shown per check at most (the full count is always shown).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from newsframe.results import Results
    >>> out = write_html(Results(), {}, pathlib.Path(tempfile.mkdtemp()) / "report.html")
    >>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(render_html(results, tables, max_rows=max_rows), encoding="utf-8")
    return p
