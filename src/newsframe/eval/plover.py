"""Score events against PLOVER gold-standard records (JSON lines), on a dev and a held-out part.

Each record is one short news text with a gold event category and gold source and
target actors (ISO-3 country codes, or codes of international organisations, and
a CAMEO sector such as GOV, MIL or REB). Categories of the 2016 PLOVER release are
mapped to the 2021 ones (DEMAND → REQUEST, DISAPPROVE and INVESTIGATE → ACCUSE,
FIGHT → ASSAULT). For each record the main event is the first event found (the
earliest trigger); category accuracy counts records whose main event has the gold
category, source (target) accuracy counts records whose main event's source
(target) actor has one of the gold countries, over the records whose gold source
(target) has an ISO-3 country code (IGO, NGO and similar codes have no country to
match). Sector accuracy is scored the same way over the records whose gold actor
has a sector, when the actors table has a ``sector`` column.

Records are scored in two parts by :func:`newsframe.eval.split.part` (a hash of
the record id): ``dev`` may be read while writing rules, ``heldout`` is only
scored. Both are reported side by side, with per-category precision and recall;
the confusions are listed for the dev part only.

Examples
--------
>>> from newsframe.eval.plover import to_2021, per_category
>>> to_2021("DISAPPROVE"), to_2021("CONSULT")
('ACCUSE', 'CONSULT')
>>> per_category([("AGREE", "AGREE"), ("AGREE", None), ("REJECT", "AGREE")])["AGREE"]
{'precision': 0.5, 'recall': 0.5, 'gold': 2, 'predicted': 2}
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl

from newsframe.errors import InputError
from newsframe.jsonlines import records

__all__ = ["evaluate", "per_category", "read_records", "to_2021"]

_MAP_2016 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
_CODE = re.compile(r"^[A-Z]{3}$")


def to_2021(category: str) -> str:
    """Map a PLOVER 2016 category name to its 2021 name (others unchanged)."""
    return _MAP_2016.get(category, category)


def _codes(actors: Any) -> set[str]:
    """Gold ISO-3 country codes of the actors (IGO, NGO and other non-country codes are left out)."""
    if not isinstance(actors, list):
        return set()
    from newsframe.extract.gazetteer import load_gazetteer

    countries = load_gazetteer().country_names
    codes = {str(a.get("code", ""))[:3] for a in actors if isinstance(a, dict)}
    return {c for c in codes if _CODE.match(c) and c in countries}


def _sectors(actors: Any) -> set[str]:
    """Gold CAMEO sector codes of the actors ("GOV", "MIL", ...), where the record gives one."""
    if not isinstance(actors, list):
        return set()
    codes = {str(a["sector"])[:3].upper() for a in actors if isinstance(a, dict) and a.get("sector")}
    return {c for c in codes if _CODE.match(c)}  # "CVLkur" is CVL; "***" is none


def read_records(path: Path) -> list[dict[str, Any]]:
    """Read PLOVER JSON lines: ``id``, ``text``, ``event``, ``source``, ``target``.

    Raises
    ------
    InputError
        For a missing file or a line that is not a record.
    """
    path = Path(path)
    out: list[dict[str, Any]] = []
    for n, rec in records(path, what="PLOVER records"):
        try:
            out.append(
                {
                    "id": str(rec.get("id", n)),
                    "text": str(rec["text"]),
                    "event": to_2021(str(rec["event"])),
                    "source": _codes(rec.get("source")),
                    "target": _codes(rec.get("target")),
                    "source_sector": _sectors(rec.get("source")),
                    "target_sector": _sectors(rec.get("target")),
                }
            )
        except (KeyError, TypeError) as exc:
            raise InputError(f"not a PLOVER record: missing or bad field {exc}", path=path, line=n) from None
    return out


def per_category(pairs: list[tuple[str, str | None]]) -> dict[str, dict[str, Any]]:
    """Precision and recall per category from ``(gold, predicted or None)`` pairs, one per record.

    Precision is over the records whose main event has the category, recall over the records whose
    gold event has it; a category never predicted has precision ``None``.
    """
    gold = Counter(g for g, _ in pairs)
    pred = Counter(p for _, p in pairs if p is not None)
    hit = Counter(g for g, p in pairs if g == p)
    out: dict[str, dict[str, Any]] = {}
    for cat in sorted(set(gold) | set(pred)):
        out[cat] = {
            "precision": round(hit[cat] / pred[cat], 4) if pred[cat] else None,
            "recall": round(hit[cat] / gold[cat], 4) if gold[cat] else None,
            "gold": gold[cat],
            "predicted": pred[cat],
        }
    return out


def _rate(ok: int, n: int) -> float | None:
    return round(ok / n, 4) if n else None


def _score(
    records: list[dict[str, Any]],
    main: dict[str, tuple[str, dict[str, Any], dict[str, Any]]],
    *,
    confusions: bool,
) -> dict[str, Any]:
    """Accuracies and per-category precision/recall of the main events over ``records``."""
    ok: Counter[str] = Counter()
    n: Counter[str] = Counter()
    confusion: Counter[str] = Counter()
    pairs: list[tuple[str, str | None]] = []
    for r in records:
        pred = main.get(r["id"])
        pairs.append((r["event"], pred[0] if pred else None))
        ok["category"] += bool(pred and pred[0] == r["event"])
        if not (pred and pred[0] == r["event"]):
            confusion[f"{r['event']}->{pred[0] if pred else 'none'}"] += 1
        for role, got in (("source", pred[1] if pred else {}), ("target", pred[2] if pred else {})):
            for what, gold_key in (("country", role), ("sector", f"{role}_sector")):
                if r[gold_key]:
                    n[f"{role}_{what}"] += 1
                    ok[f"{role}_{what}"] += got.get(what) in r[gold_key]
    out: dict[str, Any] = {
        "records": len(records),
        "with_event": sum(1 for r in records if r["id"] in main),
        "category_accuracy": _rate(ok["category"], len(records)),
        **{f"{k}_accuracy": _rate(ok[k], n[k]) for k in ("source_country", "target_country")},
        **{f"{k}_accuracy": _rate(ok[k], n[k]) for k in ("source_sector", "target_sector")},
        **{
            f"{k}_records": n[k]
            for k in ("source_country", "target_country", "source_sector", "target_sector")
        },
        "per_category": per_category(pairs),
    }
    if confusions:
        out["top_confusions"] = dict(confusion.most_common(12))
    return out


def _sentences(documents: pl.DataFrame) -> pl.DataFrame:
    from newsframe.extract.sentences import split

    return split(documents)


def evaluate(path: Path, *, engine: str = "auto", workers: int = 1) -> dict[str, Any]:
    """Event-category accuracy, per-category P/R and actor country/sector accuracy, dev and held-out apart."""
    from newsframe.eval.split import PARTS, part
    from newsframe.extract import annotate

    records = read_records(path)
    documents = pl.DataFrame(
        {
            "doc_id": [r["id"] for r in records],
            "text": [r["text"] for r in records],
            "published_at": [None] * len(records),
        },
        schema={"doc_id": pl.String, "text": pl.String, "published_at": pl.Date},
    )
    t0 = time.perf_counter()
    ann = annotate(documents, _sentences(documents), engine=engine, workers=workers)
    elapsed = time.perf_counter() - t0
    info = {r["actor_id"]: r for r in ann.actors.iter_rows(named=True)}
    main: dict[str, tuple[str, dict[str, Any], dict[str, Any]]] = {}
    for doc_id, etype, src, tgt in (
        ann.events.sort("doc_id", "trigger_start")
        .select("doc_id", "event_type", "source_actor_id", "target_actor_id")
        .iter_rows()
    ):
        if doc_id not in main:
            main[doc_id] = (etype, info.get(src, {}), info.get(tgt, {}) if tgt else {})
    parts = {p: [r for r in records if part(r["id"]) == p] for p in PARTS}
    return {
        "set": "plover",
        "path": str(path),
        "engine": ann.engine,
        "split": "heldout when the first byte of sha256(id) is odd (newsframe.eval.split)",
        "records": len(records),
        "seconds": round(elapsed, 2),
        **{p: _score(rs, main, confusions=p == "dev") for p, rs in parts.items()},
    }
