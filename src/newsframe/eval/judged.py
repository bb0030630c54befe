"""Precision of events judged by hand against their text (``seeds/eval/judged_events.jsonl``).

Each line is one event our pipeline wrote on news it was not tuned on, chosen by a
fixed rule before anyone looked at it (the rule is in ``seeds/eval/README.md``),
with a short excerpt of its sentence, the event's fields as written (type,
trigger, source, target, modality, date) and a judgement: ``correct`` is true
only when the type, the source, the target and the direction are all right; a
short ``reason`` says why (and ``error`` the first thing wrong). Precision is correct / judged.

Examples
--------
>>> r = evaluate()
>>> r["judged"] >= 50 and 0.0 <= r["precision"] <= 1.0
True
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from newsframe.assets import asset_path
from newsframe.errors import InputError
from newsframe.jsonlines import records

__all__ = ["evaluate"]

_FIELDS = ("doc_id", "excerpt", "event_type", "source", "correct", "reason")


def evaluate(path: Path | None = None) -> dict[str, Any]:
    """Precision overall and per event type of the judged events.

    Raises
    ------
    InputError
        For a missing file, or a line without the judgement fields (named with the line).
    """
    path = Path(path) if path is not None else Path(asset_path("seeds", "eval", "judged_events.jsonl"))
    ok: Counter[str] = Counter()
    n: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for line, rec in records(path, what="judged events"):
        absent = [f for f in _FIELDS if f not in rec]
        if absent or not isinstance(rec["correct"], bool):
            raise InputError(
                f"not a judged event: missing {', '.join(absent) or 'a boolean correct'}",
                path=path,
                line=line,
            )
        n[rec["event_type"]] += 1
        ok[rec["event_type"]] += rec["correct"]
        if not rec["correct"]:
            wrong[str(rec.get("error", "other"))] += 1
    total = sum(n.values())
    return {
        "set": "judged",
        "path": str(path),
        "judged": total,
        "correct": sum(ok.values()),
        "precision": round(sum(ok.values()) / total, 4) if total else None,
        "per_type": {t: {"judged": n[t], "correct": ok[t]} for t in sorted(n)},
        "errors": dict(wrong.most_common()),
    }
