"""Tiny inline-SVG charts for the HTML report: our own code, no JavaScript, no library.

Every label is escaped; every chart has a fixed ``viewBox`` and scales with the page.

Examples
--------
>>> svg = hbar_chart([("CONSULT", 3), ("<b>", 1)], title="types")
>>> svg.startswith("<svg") and "&lt;b&gt;" in svg and "<b>" not in svg
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

__all__ = ["PALETTE", "column_chart", "hbar_chart", "network", "stacked_bar"]

PALETTE: tuple[str, ...] = (
    "#3867d6",
    "#20bf6b",
    "#fa8231",
    "#8854d0",
    "#eb3b5a",
    "#0fb9b1",
    "#f7b731",
    "#778ca3",
)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.3g}"


def _svg(width: int, height: int, body: list[str], *, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" role="img" aria-label="{_e(title)}" class="chart"><title>{_e(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def stacked_bar(parts: Sequence[tuple[str, float, str]], *, width: int = 160, height: int = 12) -> str:
    """One horizontal bar split into coloured parts ``(label, value, colour)``; empty when all are zero."""
    total = sum(v for _, v, _ in parts)
    if total <= 0:
        return ""
    body, x = [], 0.0
    for label, value, colour in parts:
        if value <= 0:
            continue
        w = width * value / total
        body.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{colour}">'
            f"<title>{_e(label)}: {_fmt(value)}</title></rect>"
        )
        x += w
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" height="{height}" '
        f'preserveAspectRatio="none" class="sbar" role="img" aria-label="distribution">'
        + "".join(body)
        + "</svg>"
    )


def hbar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    colours: Mapping[str, str] | None = None,
    width: int = 560,
    bar: int = 18,
    label_width: int = 170,
) -> str:
    """Horizontal bars, one per ``(label, value)``, in the given order, values printed at the end."""
    if not items:
        return ""
    top = max(v for _, v in items) or 1
    gap = 6
    height = len(items) * (bar + gap) + gap
    plot = width - label_width - 60
    body = []
    for i, (label, value) in enumerate(items):
        y = gap + i * (bar + gap)
        w = max(plot * value / top, 1.0 if value else 0.0)
        colour = (colours or {}).get(label, PALETTE[0])
        fit = max(int(label_width / 6.6), 8)
        short = label if len(label) <= fit else label[: fit - 1] + "…"
        body.append(
            f'<text x="{label_width - 8}" y="{y + bar * 0.72:.1f}" text-anchor="end" class="lbl">{_e(short)}'
            f"<title>{_e(label)}</title></text>"
            f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar}" rx="2" fill="{colour}">'
            f"<title>{_e(label)}: {_fmt(value)}</title></rect>"
            f'<text x="{label_width + w + 6:.1f}" y="{y + bar * 0.72:.1f}" class="val">{_fmt(value)}</text>'
        )
    return _svg(width, height, body, title=title)


def nice_max(peak: float, *, ticks: int = 4) -> float:
    """The smallest round axis maximum at or above ``peak`` whose ``ticks`` steps are 1, 2 or 5 × 10^k (at least 1).

    Examples
    --------
    >>> nice_max(3), nice_max(13), nice_max(20), nice_max(0)
    (4, 20, 20, 4)
    """
    raw = max(peak, 1) / ticks
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    step = max(step, 1)
    return int(step * ticks) if float(step).is_integer() else step * ticks


def column_chart(
    buckets: Sequence[tuple[str, Mapping[str, float]]],
    *,
    series: Sequence[tuple[str, str]],
    title: str,
    width: int = 760,
    height: int = 260,
) -> str:
    """Stacked columns: one per ``(bucket label, {series: value})``; ``series`` is ``(name, colour)``
    in stacking order. A legend names the series; about ten x labels are printed."""
    if not buckets:
        return ""
    left, right, top_pad, bottom = 44, 10, 26, 46
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    totals = [sum(parts.get(s, 0) for s, _ in series) for _, parts in buckets]
    nice = nice_max(max(totals))
    slot = plot_w / len(buckets)
    w = max(slot * 0.8, 1.0)
    body = []
    for k in range(5):  # grid lines
        v = nice * k / 4
        y = top_pad + plot_h - plot_h * v / nice
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{_fmt(v)}</text>'
        )
    every = max(1, math.ceil(len(buckets) / 10))
    for i, (label, parts) in enumerate(buckets):
        x = left + i * slot + (slot - w) / 2
        y = top_pad + plot_h
        for name, colour in series:
            v = parts.get(name, 0)
            if v <= 0:
                continue
            h = plot_h * v / nice
            y -= h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{_e(label)} · {_e(name)}: {_fmt(v)}</title></rect>"
            )
        if i % every == 0:
            cx = left + i * slot + slot / 2
            body.append(
                f'<text x="{cx:.1f}" y="{top_pad + plot_h + 16}" text-anchor="middle" class="tick">{_e(label)}</text>'
            )
    lx = left
    for name, colour in series:
        body.append(
            f'<rect x="{lx}" y="6" width="10" height="10" fill="{colour}"/>'
            f'<text x="{lx + 14}" y="15" class="tick">{_e(name)}</text>'
        )
        lx += 24 + 7 * len(name)
    return _svg(width, height, body, title=title)


def network(
    nodes: Sequence[tuple[str, str, float]],
    edges: Sequence[tuple[str, str, float]],
    *,
    title: str,
    width: int = 640,
    radius: int = 190,
) -> str:
    """A directed network on a circle: ``nodes`` are ``(id, label, weight)``, ``edges``
    ``(source id, target id, count)``; node size follows weight, edge width the count."""
    if not nodes:
        return ""
    height = 2 * radius + 70
    cx, cy = width / 2, height / 2
    pos: dict[str, tuple[float, float, float]] = {}
    for i, (nid, _, _) in enumerate(nodes):
        angle = 2 * math.pi * i / len(nodes) - math.pi / 2
        pos[nid] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle), angle)
    top_w = max(w for _, _, w in nodes) or 1
    top_e = max((c for _, _, c in edges), default=1) or 1
    body = [
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" '
        'markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#57606a"/>'
        "</marker></defs>"
    ]
    radii = {nid: 4 + 10 * math.sqrt(w / top_w) for nid, _, w in nodes}
    labels = {nid: label for nid, label, _ in nodes}
    for src, dst, count in edges:
        if src not in pos or dst not in pos:
            continue
        x1, y1, _ = pos[src]
        x2, y2, _ = pos[dst]
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1
        # stop at the target node's rim; bend slightly so that A->B and B->A do not overlap
        ex, ey = x2 - dx / dist * (radii[dst] + 2), y2 - dy / dist * (radii[dst] + 2)
        mx, my = (x1 + ex) / 2 - dy / dist * 18, (y1 + ey) / 2 + dx / dist * 18
        stroke = 0.8 + 4 * count / top_e
        opacity = 0.35 + 0.5 * count / top_e
        body.append(
            f'<path d="M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}" fill="none" stroke="#57606a" '
            f'stroke-width="{stroke:.2f}" stroke-opacity="{opacity:.2f}" marker-end="url(#arrow)">'
            f"<title>{_e(labels[src])} → {_e(labels[dst])}: {_fmt(count)} events</title></path>"
        )
    for i, (nid, label, weight) in enumerate(nodes):
        x, y, angle = pos[nid]
        r = radii[nid]
        colour = PALETTE[i % len(PALETTE)]
        tx, ty = x + (r + 6) * math.cos(angle), y + (r + 6) * math.sin(angle)
        anchor = "start" if math.cos(angle) > 0.2 else ("end" if math.cos(angle) < -0.2 else "middle")
        if anchor == "middle":
            ty += 12 if math.sin(angle) > 0 else -4
        short = label if len(label) <= 22 else label[:21] + "…"
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}"><title>{_e(label)}: '
            f"{_fmt(weight)} events</title></circle>"
            f'<text x="{tx:.1f}" y="{ty + 4:.1f}" text-anchor="{anchor}" class="lbl">{_e(short)}</text>'
        )
    return _svg(width, height, body, title=title)
