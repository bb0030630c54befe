"""One Markdown table of the metrics files ``make eval`` writes (one JSON object per set).

PLOVER figures are shown for the dev part and the held-out part side by side, with
per-category precision and recall; each corpus run shows whether our own tables
pass our own error-level checks.

Examples
--------
>>> print(render_metrics([{"set": "judged", "judged": 50, "correct": 40, "precision": 0.8}]))
| what | dev | held-out |
|---|---|---|
| judged events, precision (correct/judged) | 0.800 (40/50) |  |
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["render", "render_metrics"]


def _f(value: Any) -> str:
    return "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _plover(m: dict[str, Any]) -> list[tuple[str, str, str]]:
    dev, held = m["dev"], m["heldout"]
    rows = [("PLOVER records", str(dev["records"]), str(held["records"]))]
    for key, label in (
        ("category_accuracy", "PLOVER category accuracy"),
        ("source_country_accuracy", "PLOVER source country"),
        ("target_country_accuracy", "PLOVER target country"),
        ("source_sector_accuracy", "PLOVER source sector"),
        ("target_sector_accuracy", "PLOVER target sector"),
    ):
        rows.append((label, _f(dev.get(key)), _f(held.get(key))))
    for cat in sorted(set(dev["per_category"]) | set(held["per_category"])):
        rows.append((f"  {cat}", _pr(dev, cat), _pr(held, cat)))
    return rows


def _pr(part: dict[str, Any], category: str) -> str:
    c = part["per_category"].get(category)
    return "" if c is None else f"P {_f(c['precision'])} R {_f(c['recall'])} (n={c['gold']})"


def _row(m: dict[str, Any]) -> list[tuple[str, str, str]]:
    kind = m.get("set")
    if kind == "plover":
        return _plover(m)
    if kind == "conll":
        ours = m["ours"]
        per = ", ".join(f"{t} {ours[t]['f1']:.3f}" for t in ("PER", "ORG", "LOC"))
        base = f"; en_core_web_sm alone {m['baseline_f1']:.3f}" if "baseline_f1" in m else ""
        return [("CoNLL-2003 dev PER+ORG+LOC F1", f"{m['f1']:.3f} ({per}{base})", "")]
    if kind == "dates" or m.get("task") == "dates":
        return [("dates: interval accuracy, detection recall", f"{m['interval_accuracy']:.3f}, "
                 f"{m['detection_recall']:.3f} (n={m['n']})", "")]  # fmt: skip
    if kind == "judged":
        return [
            (
                "judged events, precision (correct/judged)",
                f"{m['precision']:.3f} ({m['correct']}/{m['judged']})",
                "",
            )
        ]
    if kind == "corpus":
        name = Path(m["path"]).parent.name or Path(m["path"]).name
        if m.get("published"):
            name += f", dated {m['published']}"
        gate = m.get("gate", {})
        fails = gate.get("error_failures", {})
        verdict = (
            "passes" if gate.get("passed") else "FAILS " + ", ".join(f"{k} ({v})" for k, v in fails.items())
        )
        return [
            (
                f"our own gate on {name} ({m['processed']} docs, {m['counts']['events']['total']} events)",
                verdict,
                "",
            )
        ]
    return []


def render_metrics(metrics: Iterable[dict[str, Any]]) -> str:
    """The table for already-loaded metrics objects."""
    lines = ["| what | dev | held-out |", "|---|---|---|"]
    for m in metrics:
        for label, dev, held in _row(m):
            lines.append(f"| {label} | {dev} | {held} |")
    return "\n".join(lines)


def render(files: Iterable[Path]) -> str:
    """The table for metrics files (each one JSON object, as ``newsframe eval SET`` prints)."""
    return render_metrics(json.loads(Path(f).read_text(encoding="utf-8")) for f in files)
