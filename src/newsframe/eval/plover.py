"""Score events against PLOVER gold-standard records (JSON lines).

Each record is one short news text with a gold event category and gold source and
target actors (ISO-3 country codes, or codes of international organisations).
Categories of the 2016 PLOVER release are mapped to the 2021 ones (DEMAND →
REQUEST, DISAPPROVE and INVESTIGATE → ACCUSE, FIGHT → ASSAULT). For each record
the main event is the first event found (the earliest trigger); category accuracy
counts records whose main event has the gold category, source (target) accuracy
counts records whose main event's source (target) actor has one of the gold
countries, over the records whose gold source (target) has an ISO-3 country code
(IGO, NGO and similar codes have no country to match).

Examples
--------
>>> from newsframe.eval.plover import to_2021
>>> to_2021("DISAPPROVE"), to_2021("CONSULT")
('ACCUSE', 'CONSULT')
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

__all__ = ["evaluate", "read_records", "to_2021"]

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
                }
            )
        except (KeyError, TypeError) as exc:
            raise InputError(f"not a PLOVER record: missing or bad field {exc}", path=path, line=n) from None
    return out


def _sentences(documents: pl.DataFrame) -> pl.DataFrame:
    from newsframe.extract.sentences import split

    return split(documents)


def evaluate(path: Path, *, engine: str = "auto", workers: int = 1) -> dict[str, Any]:
    """Event-category accuracy and source/target country accuracy on PLOVER records."""
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
    country = dict(ann.actors.select("actor_id", "country").iter_rows())
    main: dict[str, tuple[str, str | None, str | None]] = {}
    for doc_id, etype, src, tgt in (
        ann.events.sort("doc_id", "trigger_start")
        .select("doc_id", "event_type", "source_actor_id", "target_actor_id")
        .iter_rows()
    ):
        if doc_id not in main:
            main[doc_id] = (etype, country.get(src), country.get(tgt) if tgt else None)
    n = len(records)
    cat_ok = src_ok = tgt_ok = src_n = tgt_n = 0
    confusion: Counter[str] = Counter()
    for r in records:
        pred = main.get(r["id"])
        if pred and pred[0] == r["event"]:
            cat_ok += 1
        else:
            confusion[f"{r['event']}->{pred[0] if pred else 'none'}"] += 1
        if r["source"]:
            src_n += 1
            src_ok += bool(pred and pred[1] in r["source"])
        if r["target"]:
            tgt_n += 1
            tgt_ok += bool(pred and pred[2] in r["target"])
    return {
        "set": "plover",
        "path": str(path),
        "engine": ann.engine,
        "records": n,
        "with_event": len(main),
        "seconds": round(elapsed, 2),
        "category_accuracy": round(cat_ok / n, 4) if n else 0.0,
        "source_country_accuracy": round(src_ok / src_n, 4) if src_n else 0.0,
        "target_country_accuracy": round(tgt_ok / tgt_n, 4) if tgt_n else 0.0,
        "source_records": src_n,
        "target_records": tgt_n,
        "top_confusions": dict(confusion.most_common(10)),
    }
