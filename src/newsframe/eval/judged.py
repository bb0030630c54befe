"""Precision of events judged by hand against their text (``seeds/eval/judged_events*.jsonl``).

Each line is one event our pipeline wrote on news it was not tuned on, chosen by a
fixed rule before anyone looked at it (the rule is in ``seeds/eval/README.md``),
with a short excerpt of its sentence, the event's fields as written (type,
trigger, source, target, modality, date) and a judgement: ``correct`` is true
only when the type, the source, the target and the direction are all right; a
short ``reason`` says why (and ``error`` the first thing wrong). Precision is correct / judged.

Samples are numbered: ``judged_events.jsonl`` is sample 1, ``judged_events_2.jsonl`` sample 2,
and so on; each was judged on the commit its lines name (``commit``). The built-in report gives
the latest sample as the current figure and the earlier ones beside it (``earlier``).

Examples
--------
>>> r = evaluate()
>>> r["judged"] >= 50 and 0.0 <= r["precision"] <= 1.0
True
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from newsframe.assets import asset_path
from newsframe.errors import InputError
from newsframe.jsonlines import records

__all__ = ["evaluate", "samples"]

_FIELDS = ("doc_id", "excerpt", "event_type", "source", "correct", "reason")
_SAMPLE = re.compile(r"^judged_events(?:_(\d+))?\.jsonl$")


def samples(folder: Path | None = None) -> list[tuple[int, Path]]:
    """The judged samples of a folder as ``(number, path)``, oldest first.

    ``judged_events.jsonl`` is sample 1 and ``judged_events_<n>.jsonl`` sample ``n``.
    """
    folder = (
        Path(folder)
        if folder is not None
        else Path(asset_path("seeds", "eval", "judged_events.jsonl")).parent
    )
    found = []
    for p in folder.iterdir():
        m = _SAMPLE.match(p.name)
        if m:
            found.append((int(m.group(1) or 1), p))
    return sorted(found)


def _one(path: Path) -> dict[str, Any]:
    ok: Counter[str] = Counter()
    n: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    commits: set[str] = set()
    for line, rec in records(path, what="judged events"):
        absent = [f for f in _FIELDS if f not in rec]
        if absent or not isinstance(rec["correct"], bool):
            raise InputError(
                f"not a judged event: missing {', '.join(absent) or 'a boolean correct'}",
                path=path,
                line=line,
            )
        if rec.get("commit") is not None:
            commits.add(str(rec["commit"]))
        n[rec["event_type"]] += 1
        ok[rec["event_type"]] += rec["correct"]
        if not rec["correct"]:
            wrong[str(rec.get("error", "other"))] += 1
    if len(commits) > 1:
        raise InputError(f"one sample, one commit: found {', '.join(sorted(commits))}", path=path)
    total = sum(n.values())
    return {
        "path": str(path),
        "commit": next(iter(commits), None),
        "judged": total,
        "correct": sum(ok.values()),
        "precision": round(sum(ok.values()) / total, 4) if total else None,
        "per_type": {
            t: {"judged": n[t], "correct": ok[t], "precision": round(ok[t] / n[t], 4)} for t in sorted(n)
        },
        "errors": dict(wrong.most_common()),
    }


def evaluate(path: Path | None = None) -> dict[str, Any]:
    """Precision overall and per event type of the judged events.

    Parameters
    ----------
    path
        One judged file, or a folder of numbered samples; default: the built-in samples.
        For a folder the latest sample is the current figure and the earlier ones are in ``earlier``.

    Raises
    ------
    InputError
        For a missing file, or a line without the judgement fields (named with the line).
    """
    if path is not None and not Path(path).is_dir():
        return {"set": "judged", "sample": None, **_one(Path(path)), "earlier": []}
    found = samples(Path(path) if path is not None else None)
    if not found:
        raise InputError("no judged sample (judged_events*.jsonl)", path=Path(path) if path else None)
    reports = [{"sample": k, **_one(p)} for k, p in found]
    return {"set": "judged", **reports[-1], "earlier": reports[:-1][::-1]}
