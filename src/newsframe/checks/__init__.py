"""Factual-consistency checks: every row held to its source text.

An extracted table can be well typed and still wrong about the world: a span
that is not the text at its offsets, an actor who is not in the sentence, a
number the article never gave, a date that contradicts the publication date.
These checks read the tables (and ``documents.text``) only, never the
extractor, so tables from any extractor (an LLM's, GDELT's) are held to the
same standard. Every check is vectorised Polars over whole tables.

Contracts declare them in ODCS ``quality`` as
``{type: custom, engine: newsframe, implementation: <slug>, ...}``;
:func:`newsframe.validation.validate` calls :func:`run_check` for each.

======================== ========= ============ ==========================================
slug                     severity  dimension    families (module)
======================== ========= ============ ==========================================
span-mismatch            error     accuracy     spans
span-out-of-range        error     conformity   spans
span-outside-sentence    error     consistency  spans
actor-ungrounded         error     accuracy     grounding
number-ungrounded        error     accuracy     numbers
quote-ungrounded         error     accuracy     quotes
date-inconsistent        error     consistency  dates
date-conflict            error     consistency  dates
codebook-mismatch        error     conformity   codebook
actor-conflict           error     consistency  actors
duplicate-event          warning   uniqueness   duplicates
reject-rate              warning   completeness rejects (off by default: declare it with a threshold)
======================== ========= ============ ==========================================

Examples
--------
>>> import polars as pl
>>> from newsframe.checks import REGISTRY, run_check
>>> REGISTRY["number-ungrounded"].dimension
'accuracy'
>>> sents = pl.DataFrame({"doc_id": ["d"], "sentence_id": [0], "text": ["Last month 32 jets flew."]})
>>> ev = pl.DataFrame({"event_id": ["e1"], "doc_id": ["d"], "sentence_id": [0], "quantity": [23.0]})
>>> [(r.status, r.sample[0]["event_id"]) for r in run_check(
...     "number-ungrounded", {"events": ev, "sentences": sents}, params={})]
[('failed', 'e1')]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from newsframe.checks.actors import actor_conflict
from newsframe.checks.base import EVENT_PAIR_COLUMNS, CheckContext, CheckSpec, Reads, normalise, project
from newsframe.checks.codebook import CAMEO_COLUMNS, codebook_mismatch
from newsframe.checks.dates import date_conflict, date_inconsistent
from newsframe.checks.duplicates import duplicate_event
from newsframe.checks.grounding import actor_ungrounded
from newsframe.checks.numbers import number_ungrounded
from newsframe.checks.quotes import quote_ungrounded
from newsframe.checks.rejects import reject_rate
from newsframe.checks.spans import span_mismatch, span_out_of_range, span_outside_sentence
from newsframe.results import SAMPLE_SIZE, CheckResult, Severity

__all__ = ["OFF_BY_DEFAULT", "REGISTRY", "CheckSpec", "declared_description", "run_check", "run_checks"]

OFF_BY_DEFAULT: frozenset[str] = frozenset({"reject-rate"})
"""Registered checks the built-in contracts do not declare: a user declares them (with a threshold)."""

_SPAN_READS: Reads = {
    "documents": ("doc_id", "text"),
    "sentences": ("doc_id", "sentence_id", "start", "end", "text"),
    "mentions": ("doc_id", "sentence_id", "start", "end", "text"),
    "events": ("doc_id", "sentence_id", "trigger_start", "trigger_end", "trigger"),
    "document_topics": ("doc_id", "evidence_start", "evidence_end", "evidence", "evidence_text"),
    "quotes": ("doc_id", "start", "end"),
}


_SENTENCE_READS: Reads = {
    "sentences": ("doc_id", "sentence_id", "start", "end"),
    "mentions": ("doc_id", "sentence_id", "start", "end"),
    "events": ("doc_id", "sentence_id", "trigger_start", "trigger_end"),
}


def _codebook_reads(params: Mapping[str, Any]) -> Reads:
    key = params.get("key")
    keys = [key] if isinstance(key, str) else [str(k) for k in key or ()]
    cameo = {c for cols in CAMEO_COLUMNS for c in cols.values()}
    return {"events": ("event_type", "target_actor_id", *cameo, *keys), "*": (*cameo, "GLOBALEVENTID", *keys)}


_SPECS = (
    CheckSpec(
        "span-mismatch",
        "error",
        "accuracy",
        ("documents",),
        "a span's text equals documents.text[start:end]",
        span_mismatch,
        reads=_SPAN_READS,
    ),
    CheckSpec(
        "span-out-of-range",
        "error",
        "conformity",
        ("documents",),
        "0 <= start < end <= len(documents.text)",
        span_out_of_range,
        reads=_SPAN_READS,
    ),
    CheckSpec(
        "span-outside-sentence",
        "error",
        "consistency",
        ("sentences",),
        "a mention or trigger lies inside the sentence it names",
        span_outside_sentence,
        reads=_SENTENCE_READS,
    ),
    CheckSpec(
        "actor-ungrounded",
        "error",
        "accuracy",
        ("mentions",),
        "an event's actors are mentioned near it; every actor is mentioned",
        actor_ungrounded,
        {"window": 6},
        reads={
            "mentions": ("doc_id", "sentence_id", "actor_id"),
            "events": ("event_id", "doc_id", "sentence_id", "source_actor_id", "target_actor_id"),
            "actors": ("actor_id", "name"),
        },
    ),
    CheckSpec(
        "number-ungrounded",
        "error",
        "accuracy",
        ("events", "sentences"),
        "an event's quantity is written in its sentence",
        number_ungrounded,
        {"window": 0},
        reads={
            "events": ("event_id", "doc_id", "sentence_id", "quantity"),
            "sentences": ("doc_id", "sentence_id", "text"),
        },
    ),
    CheckSpec(
        "quote-ungrounded",
        "error",
        "accuracy",
        ("documents",),
        "a quotation is verbatim in its document",
        quote_ungrounded,
        {"columns": None},
        reads={
            "documents": ("doc_id", "text", "quote"),
            "quotes": ("doc_id", "text", "quote"),
            "*": ("doc_id", "quote"),
        },
    ),
    CheckSpec(
        "date-inconsistent",
        "error",
        "consistency",
        ("events", "documents"),
        "event dates agree with date_text and the publication date",
        date_inconsistent,
        {"tolerance_days": 0},
        reads={
            "events": ("event_id", "doc_id", "date_text", "date_start", "date_end", "modality"),
            "documents": ("doc_id", "published_at"),
        },
    ),
    CheckSpec(
        "date-conflict",
        "error",
        "consistency",
        ("events",),
        "one event has one date",
        date_conflict,
        {"tolerance_days": 1, "same_trigger": True, "across_documents": True},
        reads={"events": (*EVENT_PAIR_COLUMNS, "trigger", "modality")},
    ),
    CheckSpec(
        "codebook-mismatch",
        "error",
        "conformity",
        (),
        "event codes belong to their codebook and imply what the row says",
        codebook_mismatch,
        {"plover_codebook": None, "cameo_reference": None, "cameo_table": None, "key": None},
        reads=_codebook_reads,
    ),
    CheckSpec(
        "actor-conflict",
        "error",
        "consistency",
        ("actors",),
        "one actor_id is one actor; one actor has one actor_id",
        actor_conflict,
        reads={
            "actors": ("actor_id", "name", "type", "country"),
            "mentions": ("mention_id", "doc_id", "sentence_id", "text", "label", "actor_id"),
        },
    ),
    CheckSpec(
        "duplicate-event",
        "warning",
        "uniqueness",
        ("events",),
        "one happening is one event row per document",
        duplicate_event,
        {"undated": False},
        reads={"events": EVENT_PAIR_COLUMNS},
    ),
    CheckSpec(
        "reject-rate",
        "warning",
        "completeness",
        ("rejects", "documents"),
        "inputs that ingest rejected, out of documents + rejects",
        reject_rate,
        reads={"rejects": ("source_file", "line", "doc_id", "reason", "detail"), "documents": ("doc_id",)},
    ),
)

REGISTRY: dict[str, CheckSpec] = {spec.slug: spec for spec in _SPECS}
"""Every factual check by slug."""


def run_check(
    slug: str,
    tables: Mapping[str, pl.DataFrame | pl.LazyFrame],
    *,
    params: Mapping[str, Any] | None = None,
    severity: str | None = None,
    dimension: str | None = None,
    description: str | None = None,
    sample_size: int = SAMPLE_SIZE,
) -> list[CheckResult]:
    """Run the factual check ``slug`` over ``tables``: one result per (table, column) it covers.

    Parameters
    ----------
    slug
        A key of :data:`REGISTRY`.
    tables
        Table name to DataFrame or LazyFrame (the v1 tables; extra tables such as ``quotes``
        and extra columns are used when a check knows them). The check gets only the columns it
        reads (:attr:`CheckSpec.reads`); a LazyFrame is collected with just those.
    params
        Check parameters (see each check's docstring); unknown ones are ignored.
    severity
        ``error`` or ``warning`` to override the check's default.
    dimension
        The ODCS dimension its results carry instead of the check's default (the declaring contract's).
    description
        The ``rule`` text its results carry instead of the check's own words (the declaring contract's
        description; see :func:`declared_description`).
    sample_size
        Failing rows kept per result.

    Returns
    -------
    list[CheckResult]
        ``engine="newsframe"``; a result is ``skipped`` (with a message) when a
        table or column it needs is absent.

    Raises
    ------
    ValueError
        Unknown slug or severity (the caller turns it into an ``error`` result).

    Examples
    --------
    >>> run_check("no-such-check", {}, params={})
    Traceback (most recent call last):
    ...
    ValueError: unknown factual check 'no-such-check'; known: actor-conflict, ...
    """
    spec = REGISTRY.get(slug)
    if spec is None:
        known = ", ".join(sorted(REGISTRY))
        raise ValueError(f"unknown factual check {slug!r}; known: {known}")
    if severity is not None and severity not in ("error", "warning"):
        raise ValueError(f"severity must be 'error' or 'warning', not {severity!r}")
    sev: Severity = spec.severity if severity is None else ("error" if severity == "error" else "warning")
    ctx = CheckContext(
        spec=spec,
        severity=sev,
        sample_size=sample_size,
        params=dict(params or {}),
        dimension_override=dimension,
        description=description or None,
    )
    for name in spec.tables:
        if name not in tables:
            return [ctx.skipped(table=name, column=None, rule=spec.rule, message=f"table {name!r} is absent")]
    return spec.fn(normalise(project(tables, spec.columns_read(ctx.params))), ctx)


def declared_description(rule: Any) -> str | None:
    """The description a contract gives a factual check (``rule``: a :class:`newsframe.contracts.model.Rule`),
    or None when it gives none: the rule's text is then the item's ``name``, the slug or the check's own.

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> declared_description(R(rule="A quantity is in its sentence.", name="n", slug="number-ungrounded"))
    'A quantity is in its sentence.'
    >>> declared_description(R(rule="number-ungrounded", name="number-ungrounded", slug="number-ungrounded"))
    """
    spec = REGISTRY.get(rule.slug)
    text = str(rule.rule or "")
    if not text or text in (rule.name, rule.slug) or (spec is not None and text == spec.rule):
        return None
    return text


def run_checks(
    tables: Mapping[str, pl.DataFrame],
    *,
    slugs: list[str] | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
    sample_size: int = SAMPLE_SIZE,
) -> list[CheckResult]:
    """Run several factual checks (default: all) with per-slug ``params``; results in registry order.

    Examples
    --------
    >>> [r.status for r in run_checks({}, slugs=["actor-conflict"])]
    ['skipped']
    """
    out: list[CheckResult] = []
    for slug in slugs or list(REGISTRY):
        out.extend(run_check(slug, tables, params=(params or {}).get(slug, {}), sample_size=sample_size))
    return out
