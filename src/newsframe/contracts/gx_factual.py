"""Factual-consistency checks in Great Expectations: built-in expectations over the checks' own derivations.

A factual check compares a row with its source: a span with ``documents.text``,
a quantity with its sentence, a date with ``published_at``, a category with the
codebook. A GX batch is one table, so the source side is **derived by the check
unit itself** (``derive_*`` in :mod:`newsframe.checks`, the same function the
Polars check judges with: there is no second implementation here) and appended
to the table as ``nf__*`` columns before ``to_pandas()``; GX then makes the
comparison with its own built-in expectations, which the exported suites name
and the Data Docs render:

===================== ============================ =============================================================
result                derived columns (check unit) GX expectation(s)
===================== ============================ =============================================================
span-mismatch         ``nf__document_span``        ``expect_column_pair_values_to_be_equal(text, nf__document_span)``
                      (``spans.derive_span``)      on rows whose span lies in the document
span-out-of-range     ``nf__document_length``      ``start >= 0``; ``end > start``; ``nf__document_length >= end``
number-ungrounded     ``nf__quantity_grounded``    ``expect_column_values_to_be_in_set(nf__quantity_grounded, [True])``
                      (``numbers.derive_numbers``) (null where there is no quantity)
quote-ungrounded      ``nf__quote``,               ``expect_column_pair_values_to_be_equal``
                      ``nf__document_quote``
                      (``quotes.derive_quote``)
date-inconsistent     ``nf__interval_*``,          the interval overlaps the re-resolved one; asserted events start
                      ``nf__resolved_*``,          by publication, future ones end after it; a relative date_text
                      ``nf__published_*``          has a published_at
                      (``dates.derive_dates``)
codebook-mismatch     ``nf__event_type_known``,    ``nf__event_type_known`` in ``[True]``; ``target_actor_id`` not
                      ``nf__requires_target``      null where the codebook requires one
                      (``codebook.derive_plover``)
===================== ============================ =============================================================

A check made of several conditions is several expectations (all carrying
``meta.newsframe.mirror``: the id of the Polars result they mirror); GX's
failing rows are united on a row number (``nf__row``), so the GX result has
the same id (``<table>.<column>.<slug>@gx``), count and keys as the Polars one.
Custom GX expectation classes were not used: a suite naming one cannot be
loaded (nor its Data Docs rendered) by a GX that has not imported newsframe,
and they would still need the cross-table join done beforehand.

Examples
--------
>>> from newsframe.contracts import load_contracts
>>> cs = load_contracts()
>>> [m.id for m in mirrors_for("events", [r for c in cs for r in c.rules])][:3]
['events.trigger.span-mismatch', 'events.trigger_start.span-out-of-range', 'events.quantity.number-ungrounded']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from newsframe.contracts.model import Rule
from newsframe.results import CheckResult, Severity, Status, jsonable

__all__ = [
    "COVERAGE",
    "MIRRORS",
    "PREFIX",
    "ROW",
    "Mirror",
    "Prepared",
    "map_mirrors",
    "mirror_expectations",
    "mirrors_for",
    "prepare",
]

PREFIX = "nf__"
"""Prefix of every derived column."""
ROW = "nf__row"
"""The 0-based row number added to a table with mirrors: GX reports it with every failing row."""

_GX_SEVERITY = {"error": "critical", "warning": "warning"}

COVERAGE: dict[str, tuple[str, str | None]] = {
    "span-mismatch": (
        "sentences.text, mentions.text, events.trigger, document_topics.evidence/evidence_text",
        "spans of a quotes table (no contract)",
    ),
    "span-out-of-range": (
        "sentences, mentions, events (trigger), document_topics (evidence)",
        "spans of a quotes table (no contract)",
    ),
    "number-ungrounded": ("events.quantity", None),
    "quote-ungrounded": (
        "events.quote (when the column exists)",
        "a quotes table and quote columns elsewhere",
    ),
    "date-inconsistent": ("events.date_start, events.modality, events.date_text", None),
    "codebook-mismatch": (
        "events.event_type, events.target_actor_id (PLOVER)",
        "CAMEO-coded tables (code, root, quad class, Goldstein)",
    ),
}
"""Per mirrored slug: what GX checks, and what only ``newsframe.checks`` checks (None: nothing)."""


@dataclass(frozen=True)
class Mirror:
    """One Polars result of a factual check, as GX expectations over the table and its derived columns."""

    slug: str
    table: str
    column: str
    rule: str
    family: str
    """Which derivation feeds it: span, numbers, dates, codebook or quote."""
    expectations: tuple[tuple[str, Mapping[str, Any]], ...]
    needs: tuple[str, ...]
    """Columns of the table it reads (besides derived ones)."""
    severity: str | None = None
    optional: bool = False
    """Run only when ``column`` exists; no result otherwise."""
    unless: str | None = None
    """Not run when this column exists (an alternative mirror covers it)."""

    @property
    def id(self) -> str:
        """The id of the Polars result it mirrors: ``<table>.<column>.<slug>``."""
        return f"{self.table}.{self.column}.{self.slug}"


def _when(query: str) -> dict[str, Any]:
    return {
        "row_condition": {"type": "pass_through", "pass_through_filter": query},
        "condition_parser": "pandas",
    }


_SPANS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "sentences": ("start", "end", ("text",)),
    "mentions": ("start", "end", ("text",)),
    "events": ("trigger_start", "trigger_end", ("trigger",)),
    "document_topics": ("evidence_start", "evidence_end", ("evidence", "evidence_text")),
}
_RESOLVED = "nf__document_length.notnull()"


def _span_mirrors(table: str) -> list[Mirror]:
    start, end, texts = _SPANS[table]
    out = []
    for i, text in enumerate(texts):
        alternative = len(texts) > 1
        out.append(
            Mirror(
                "span-mismatch",
                table,
                text,
                f"{text} equals documents.text[{start}:{end}]",
                "span",
                (
                    (
                        "expect_column_pair_values_to_be_equal",
                        {
                            "column_A": text,
                            "column_B": "nf__document_span",
                            "ignore_row_if": "neither",
                            **_when("nf__document_span.notnull()"),
                        },
                    ),
                ),
                ("doc_id", start, end, text),
                optional=alternative,
                unless=texts[0] if alternative and i > 0 else None,
            )
        )
    out.append(
        Mirror(
            "span-out-of-range",
            table,
            start,
            f"0 <= {start} < {end} <= len(documents.text)",
            "span",
            (
                ("expect_column_values_to_be_between", {"column": start, "min_value": 0, **_when(_RESOLVED)}),
                (
                    "expect_column_pair_values_a_to_be_greater_than_b",
                    {"column_A": end, "column_B": start, "ignore_row_if": "neither", **_when(_RESOLVED)},
                ),
                (
                    "expect_column_pair_values_a_to_be_greater_than_b",
                    {
                        "column_A": "nf__document_length",
                        "column_B": end,
                        "or_equal": True,
                        "ignore_row_if": "either_value_is_missing",
                    },
                ),
            ),
            ("doc_id", start, end),
        )
    )
    return out


_EVENT_MIRRORS: tuple[Mirror, ...] = (
    Mirror(
        "number-ungrounded",
        "events",
        "quantity",
        "events.quantity is written in the event's sentence (digits or words)",
        "numbers",
        (
            (
                "expect_column_values_to_be_in_set",
                # null where there is no quantity: GX leaves null values out of a column expectation
                {"column": "nf__quantity_grounded", "value_set": [True]},
            ),
        ),
        ("event_id", "doc_id", "sentence_id", "quantity"),
    ),
    Mirror(
        "quote-ungrounded",
        "events",
        "quote",
        "quotation appears verbatim in documents.text (up to quote characters and whitespace)",
        "quote",
        (
            (
                "expect_column_pair_values_to_be_equal",
                # ignore_row_if defaults to both_values_are_missing (GX drops the default on a round trip)
                {"column_A": "nf__quote", "column_B": "nf__document_quote"},
            ),
        ),
        ("doc_id", "quote"),
        optional=True,
    ),
    Mirror(
        "date-inconsistent",
        "events",
        "date_start",
        "[date_start, date_end] overlaps temporal.resolve(date_text, published_at)",
        "dates",
        (
            (
                "expect_column_pair_values_a_to_be_greater_than_b",
                {
                    "column_A": "nf__interval_end",
                    "column_B": "nf__resolved_start",
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
            ),
            (
                "expect_column_pair_values_a_to_be_greater_than_b",
                {
                    "column_A": "nf__resolved_end",
                    "column_B": "nf__interval_start",
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
            ),
        ),
        ("event_id", "doc_id", "date_text", "date_start", "date_end"),
    ),
    Mirror(
        "date-inconsistent",
        "events",
        "modality",
        "asserted events start on or before publication; future events end on or after it",
        "dates",
        (
            (
                "expect_column_pair_values_a_to_be_greater_than_b",
                {
                    "column_A": "nf__published_plus_tolerance",
                    "column_B": "nf__interval_start",
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                    **_when('modality == "asserted"'),
                },
            ),
            (
                "expect_column_pair_values_a_to_be_greater_than_b",
                {
                    "column_A": "nf__interval_end",
                    "column_B": "nf__published_minus_tolerance",
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                    **_when('modality == "future"'),
                },
            ),
        ),
        ("event_id", "doc_id", "date_text", "date_start", "date_end", "modality"),
    ),
    Mirror(
        "date-inconsistent",
        "events",
        "date_text",
        "a relative date_text needs documents.published_at",
        "dates",
        (
            (
                "expect_column_values_to_not_be_null",
                {"column": "nf__published_at", **_when("nf__date_text_relative == True")},
            ),
        ),
        ("event_id", "doc_id", "date_text", "date_start", "date_end"),
        severity="warning",
    ),
    Mirror(
        "codebook-mismatch",
        "events",
        "event_type",
        "event_type is a category of the PLOVER 2021 codebook",
        "codebook",
        (
            (
                "expect_column_values_to_be_in_set",
                # null where there is no event_type (the not-null rule's finding)
                {"column": "nf__event_type_known", "value_set": [True]},
            ),
        ),
        ("event_type",),
    ),
    Mirror(
        "codebook-mismatch",
        "events",
        "target_actor_id",
        "target_actor_id is set when the category requires a recipient",
        "codebook",
        (
            (
                "expect_column_values_to_not_be_null",
                {"column": "target_actor_id", **_when("nf__requires_target == True")},
            ),
        ),
        ("event_type", "target_actor_id"),
    ),
)

MIRRORS: tuple[Mirror, ...] = (
    *_span_mirrors("sentences"),
    *_span_mirrors("mentions"),
    *_span_mirrors("events"),
    *_span_mirrors("document_topics"),
    *_EVENT_MIRRORS,
)
"""Every mirrored Polars result, in suite order."""


def mirrors_for(table: str, declared: Iterable[Rule]) -> list[Mirror]:
    """The mirrors that run on ``table`` for the factual rules ``declared`` (by any contract of the set)."""
    slugs = {r.slug for r in declared if r.kind == "factual"}
    return [m for m in MIRRORS if m.table == table and m.slug in slugs]


def _declaring(slug: str, declared: Iterable[Rule]) -> Rule:
    return next(r for r in declared if r.kind == "factual" and r.slug == slug)


def mirror_expectations(table: str, declared: Sequence[Rule]) -> list[dict[str, Any]]:
    """The GX expectations (JSON-ready, no ids) mirroring the declared factual checks on ``table``."""
    out: list[dict[str, Any]] = []
    for m in mirrors_for(table, declared):
        rule = _declaring(m.slug, declared)
        severity = m.severity or rule.severity
        for type_, kwargs in m.expectations:
            meta: dict[str, Any] = {"rule": rule.id, "slug": m.slug, "mirror": m.id}
            if m.optional:
                meta["optional"] = True
            out.append(
                {
                    "type": type_,
                    "kwargs": dict(kwargs),
                    "meta": {"newsframe": meta},
                    "severity": _GX_SEVERITY[severity],
                }
            )
    return out


# ------------------------------------------------------------------------------------------------ running


@dataclass
class Prepared:
    """A table ready for GX: derived columns added, expectations to run, parameters, and what was skipped."""

    frame: pl.DataFrame
    expectations: list[dict[str, Any]]
    parameters: dict[str, list[Any]]
    skipped: list[CheckResult]


def _dimension(slug: str, rule: Rule) -> str:
    """The declaring contract's dimension (the parser fills in the check's default when it gives none)."""
    return rule.dimension


def _rule_text(m: Mirror, rule: Rule) -> str:
    """What the GX result says the rule is: the contract's description, as the Polars result, else the mirror's."""
    from newsframe.checks import declared_description

    return declared_description(rule) or m.rule


def _severity(m: Mirror, rule: Rule) -> Severity:
    return "warning" if (m.severity or rule.severity) == "warning" else "error"


def _skip(m: Mirror, rule: Rule, message: str, total: int, *, status: Status = "skipped") -> CheckResult:
    return CheckResult(
        slug=m.slug,
        table=m.table,
        column=m.column,
        rule=_rule_text(m, rule),
        severity=_severity(m, rule),
        dimension=_dimension(m.slug, rule),
        status=status,
        engine="gx",
        total_rows=total,
        message=f"not checked: {message}" if status == "skipped" else f"GX could not run it: {message}",
        id=f"{m.id}@gx",
    )


def _derive_span(table: str, frame: pl.DataFrame, docs: pl.DataFrame) -> pl.DataFrame:
    """The span checks' own derivation (:func:`newsframe.checks.spans.derive_span`), as ``nf__`` columns."""
    from newsframe.checks.spans import derive_span

    start, end, _ = _SPANS[table]
    derived: pl.DataFrame = (
        derive_span(frame.select(ROW, "doc_id", start, end), docs, start=start, end=end)
        .select(
            ROW,
            pl.col("_doc_len").cast(pl.Int64).alias("nf__document_length"),
            pl.col("found").alias("nf__document_span"),
        )
        .collect(engine="streaming")
    )
    return derived


def _derive_numbers(frame: pl.DataFrame, sentences: pl.DataFrame, window: int) -> pl.DataFrame:
    """The number check's own derivation (:func:`newsframe.checks.numbers.derive_numbers`), as an ``nf__``
    column: whether each quantity is written in its sentence window (null: no quantity)."""
    from newsframe.checks.numbers import derive_numbers

    derived: pl.DataFrame = (
        derive_numbers(
            frame.select(ROW, "event_id", "doc_id", "sentence_id", "quantity"), sentences, window=window
        )
        .select(ROW, pl.col("_grounded").alias("nf__quantity_grounded"))
        .collect(engine="streaming")
    )
    return derived


def _derive_quote(frame: pl.DataFrame, docs: pl.DataFrame) -> pl.DataFrame:
    """The quote check's own derivation (:func:`newsframe.checks.quotes.derive_quote`), as ``nf__`` columns:
    the normalised quotation (null when not judged) and the document's text where it holds it."""
    from newsframe.checks.quotes import derive_quote

    derived: pl.DataFrame = (
        derive_quote(frame.select(ROW, "doc_id", "quote"), docs, column="quote")
        .select(ROW, pl.col("_quote").alias("nf__quote"), pl.col("_found").alias("nf__document_quote"))
        .collect(engine="streaming")
    )
    return derived


def _derive_dates(frame: pl.DataFrame, docs: pl.DataFrame, tolerance_days: int) -> pl.DataFrame:
    """The date check's own derivation (:func:`newsframe.checks.dates.derive_dates`), as ``nf__`` columns
    (the resolved interval and the publication date widened by ``tolerance_days``)."""
    from newsframe.checks.dates import derive_dates

    tol = dt.timedelta(days=tolerance_days)
    cols = [
        ROW,
        "doc_id",
        "date_text",
        "date_start",
        "date_end",
        *(["modality"] if "modality" in frame.columns else []),
    ]
    ev = derive_dates(frame.select(cols), docs)
    pub = pl.col("published_at")
    known = pub.is_not_null() & pl.col("resolved_start").is_not_null()
    return ev.select(
        ROW,
        pl.col("date_start").alias("nf__interval_start"),
        pl.col("date_end").alias("nf__interval_end"),
        pl.when(known).then(pl.col("resolved_start") - tol).otherwise(None).alias("nf__resolved_start"),
        pl.when(known).then(pl.col("resolved_end") + tol).otherwise(None).alias("nf__resolved_end"),
        (pub + tol).alias("nf__published_plus_tolerance"),
        (pub - tol).alias("nf__published_minus_tolerance"),
        pub.alias("nf__published_at"),
        (pl.col("_has_doc") & pl.col("_relative")).alias("nf__date_text_relative"),
    )


def _derive_codebook(frame: pl.DataFrame, path: str | None) -> pl.DataFrame:
    """The codebook check's own derivation (:func:`newsframe.checks.codebook.derive_plover`), as ``nf__``
    columns: the category is in the codebook (null: no category), and it requires a recipient."""
    from newsframe.checks.codebook import derive_plover, load_plover

    derived: pl.DataFrame = (
        derive_plover(frame.select(ROW, "event_type"), load_plover(path))
        .select(
            ROW,
            pl.col("_known_type").alias("nf__event_type_known"),
            pl.col("_requires_target").alias("nf__requires_target"),
        )
        .collect()
    )
    return derived


def prepare(
    table: str,
    frame: pl.DataFrame,
    tables: Mapping[str, pl.DataFrame],
    expectations: Sequence[Mapping[str, Any]],
    declared: Mapping[str, Rule],
) -> Prepared:
    """Add the derived columns the mirror ``expectations`` of ``table`` read; drop the mirrors that cannot run.

    ``declared`` maps a rule id (``meta.newsframe.rule``) to its factual rule; the
    rule's ``params`` (window, tolerance_days, plover_codebook) shape the derivation
    as they shape the Polars check.
    """
    from newsframe.checks.base import missing, normalise

    total = frame.height
    by_id = {m.id: m for m in MIRRORS}
    norm = normalise({k: v for k, v in tables.items() if k in ("documents", "sentences", table)})
    base = norm[table].with_row_index(ROW).with_columns(pl.col(ROW).cast(pl.Int64))
    skipped: list[CheckResult] = []
    run: dict[str, Mirror] = {}
    for exp in expectations:
        meta = exp["meta"]["newsframe"]
        m = by_id[meta["mirror"]]
        if m.id in run or any(r.id == f"{m.id}@gx" for r in skipped):
            continue
        if m.unless is not None and m.unless in frame.columns:
            continue
        if m.optional and m.column not in frame.columns:
            continue
        rule = declared[meta["rule"]]
        if m.family == "quote" and not _quote_column_declared(rule, m):
            continue
        absent = [c for c in m.needs if c not in frame.columns]
        if absent:
            skipped.append(_skip(m, rule, f"column {absent[0]} is missing", total))
            continue
        why = missing(tables, _SOURCE_COLUMNS[m.family])
        if why:
            skipped.append(_skip(m, rule, why, total))
            continue
        if rule.table not in tables:
            skipped.append(_skip(m, rule, f"table {rule.table} (which declares {m.slug}) is absent", total))
            continue
        run[m.id] = m
    derived: list[pl.DataFrame] = []
    parameters: dict[str, list[Any]] = {}
    for family in dict.fromkeys(m.family for m in run.values()):
        try:
            frame_d, params = _derive(family, table, base, norm, expectations, declared)
        except Exception as exc:  # a table GX cannot be given (odd dtypes): an error result, never a crash
            for m in [m for m in run.values() if m.family == family]:
                rule = declared[_rule_of(expectations, m.slug)]
                skipped.append(_skip(m, rule, f"{type(exc).__name__}: {exc}"[:300], total, status="error"))
                del run[m.id]
            continue
        derived.append(frame_d)
        parameters.update(params)
    out = frame.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias(ROW))
    for d in derived:
        out = out.join(d, on=ROW, how="left").sort(ROW)
    keep = [dict(e) for e in expectations if e["meta"]["newsframe"]["mirror"] in run]
    return Prepared(out, keep, parameters, skipped)


def _derive(
    family: str,
    table: str,
    base: pl.DataFrame,
    norm: Mapping[str, pl.DataFrame],
    expectations: Sequence[Mapping[str, Any]],
    declared: Mapping[str, Rule],
) -> tuple[pl.DataFrame, dict[str, list[Any]]]:
    """The derived columns (by ``nf__row``) and GX parameters of one family of mirrors."""
    if family == "span":
        return _derive_span(table, base, norm["documents"]), {}
    if family == "quote":
        return _derive_quote(base, norm["documents"]), {}
    rule = declared[_rule_of(expectations, _FAMILY_SLUG[family])]
    if family == "numbers":
        window = int(float(rule.params.get("window", 0) or 0))
        return _derive_numbers(base, norm["sentences"], window), {}
    if family == "dates":
        tolerance = int(float(rule.params.get("tolerance_days", 0) or 0))
        return _derive_dates(base, norm["documents"], tolerance), {}
    path = rule.params.get("plover_codebook")
    return _derive_codebook(base, str(path) if path else None), {}


_FAMILY_SLUG = {"numbers": "number-ungrounded", "dates": "date-inconsistent", "codebook": "codebook-mismatch"}
_SOURCE_COLUMNS: dict[str, dict[str, list[str]]] = {
    "span": {"documents": ["doc_id", "text"]},
    "quote": {"documents": ["doc_id", "text"]},
    "dates": {"documents": ["doc_id", "published_at"]},
    "numbers": {"sentences": ["doc_id", "sentence_id", "text"]},
    "codebook": {},
}
"""Per family, the source tables and columns it reads (absent: the mirror is skipped, as the check is)."""


def _quote_column_declared(rule: Rule, m: Mirror) -> bool:
    """Whether quote-ungrounded checks ``m``'s column: all quote columns, unless ``params.columns`` names some."""
    declared = rule.params.get("columns")
    if not declared:
        return True
    entries = [declared] if isinstance(declared, str) else [str(c) for c in declared]
    return f"{m.table}.{m.column}" in entries


def _rule_of(expectations: Sequence[Mapping[str, Any]], slug: str) -> str:
    return next(
        str(e["meta"]["newsframe"]["rule"]) for e in expectations if e["meta"]["newsframe"]["slug"] == slug
    )


def map_mirrors(
    table: str,
    outcome_results: Iterable[Any],
    declared: Mapping[str, Rule],
    *,
    key: Sequence[str],
    total: int,
    sample_size: int,
) -> list[CheckResult]:
    """One CheckResult per mirrored Polars result: the union of its expectations' failing rows (by ``nf__row``)."""
    by_id = {m.id: m for m in MIRRORS}
    groups: dict[str, list[Any]] = {}
    for res in outcome_results:
        meta = res.expectation_config.meta.get("newsframe", {})
        if "mirror" in meta:
            groups.setdefault(str(meta["mirror"]), []).append(res)
    out: list[CheckResult] = []
    for mirror_id in [m.id for m in MIRRORS if m.id in groups]:
        m = by_id[mirror_id]
        results = groups[mirror_id]
        rule = declared[str(results[0].expectation_config.meta["newsframe"]["rule"])]
        severity = _severity(m, rule)
        identity: dict[str, Any] = {
            "slug": m.slug,
            "table": m.table,
            "column": m.column,
            "rule": _rule_text(m, rule),
            "severity": severity,
            "dimension": _dimension(m.slug, rule),
            "id": f"{m.id}@gx",
        }
        errors = [r for r in results if (r.exception_info or {}).get("raised_exception")]
        if errors:
            message = str((errors[0].exception_info or {}).get("exception_message"))[:300]
            out.append(
                CheckResult(
                    **identity,
                    status="error",
                    engine="gx",
                    total_rows=total,
                    message=f"GX could not run it: {message}",
                )
            )
            continue
        rows: dict[int, dict[str, Any]] = {}
        for res in results:
            for item in (res.result or {}).get("unexpected_index_list") or []:
                if not isinstance(item, Mapping) or ROW not in item:
                    continue
                row = int(item[ROW])
                sample = rows.setdefault(row, {} if key else {"row": row})
                for k, v in item.items():
                    if k != ROW:
                        sample.setdefault(k, jsonable(v))
        ordered = [rows[r] for r in sorted(rows)]
        failures = (
            pl.DataFrame(ordered[:sample_size], infer_schema_length=None) if ordered else pl.DataFrame()
        )
        if not failures.is_empty():
            first = [c for c in (*key, "row") if c in failures.columns]
            failures = failures.select(*first, *[c for c in failures.columns if c not in first])
        out.append(
            rule.judge(
                CheckResult.from_failures(
                    **identity,
                    engine="gx",
                    failures=failures,
                    failing_rows=len(rows),
                    total_rows=total,
                    sample_size=sample_size,
                )
            )
        )
    return out
