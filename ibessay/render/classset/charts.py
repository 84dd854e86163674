"""Inline SVG charts for the HTML class report: pure functions from numbers to markup.

No scripts, fonts or images: each chart is one ``<svg>`` element styled by the page's
own ``<style>`` (the classes ``bar``, ``tone0``... are defined there), so the report
stays one self-contained file that prints. Every chart carries its numbers as text as
well as bars, and a ``<title>`` for screen readers: colour is never the only signal.

Labels passed in are escaped here (:func:`html.escape`); they may come from a teacher's
pack.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

_RANGE = re.compile(r"^\s*(\d+)\s*(?:[–—-]\s*(\d+))?\s*$")


def band_span(label: str) -> tuple[int, int] | None:
    """The marks a band label such as ``"10–12"`` (or ``"0"``) covers, or None."""
    m = _RANGE.match(label)
    if m is None:
        return None
    low = int(m.group(1))
    high = int(m.group(2)) if m.group(2) else low
    return (low, high) if low <= high else None


def _step(top: int) -> int:
    """A tick step giving at most about five gridlines up to ``top``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 5:
            return step
    return max(1, top // 5)


def mark_chart(marks: Sequence[int], bands: Sequence[tuple[str, int]]) -> str:
    """A column per indicative mark (0 to len(marks)-1): how many drafts got it, with
    the mark bands bracketed underneath and the drafts in each."""
    n = len(marks)
    width, left, right, top, plot_h = 680, 34, 8, 22, 150
    col = (width - left - right) / max(n, 1)
    bar_w = col * 0.7
    step = _step(max(marks, default=0) or 1)
    ceiling = max(step, -(-max(marks, default=0) // step) * step)
    base = top + plot_h
    height = base + 68
    total = sum(marks)
    title = ", ".join(f"mark {m}: {c}" for m, c in enumerate(marks) if c) or "no drafts"
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" '
           f'role="img" aria-labelledby="mark-chart-title">'
           f'<title id="mark-chart-title">Drafts by indicative mark: {escape(title)}</title>']
    for tick in range(0, ceiling + 1, step):
        y = base - plot_h * tick / ceiling
        out.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" '
                   f'y2="{y:.1f}"/><text class="axis" x="{left - 6}" y="{y + 4:.1f}" '
                   f'text-anchor="end">{tick}</text>')
    for mark, count in enumerate(marks):
        x = left + col * mark + (col - bar_w) / 2
        cx = left + col * mark + col / 2
        if count:
            h = plot_h * count / ceiling
            out.append(f'<rect class="bar" x="{x:.1f}" y="{base - h:.1f}" '
                       f'width="{bar_w:.1f}" height="{h:.1f}" rx="2"/>'
                       f'<text class="value" x="{cx:.1f}" y="{base - h - 5:.1f}" '
                       f'text-anchor="middle">{count}</text>')
        out.append(f'<text class="axis" x="{cx:.1f}" y="{base + 16}" '
                   f'text-anchor="middle">{mark}</text>')
    out.append(f'<line class="baseline" x1="{left}" x2="{width - right}" y1="{base}" '
               f'y2="{base}"/>')
    counts = dict(bands)
    for label, _ in bands:
        span = band_span(label)
        if span is None or span[1] >= n:
            continue
        x1 = left + col * span[0] + 3
        x2 = left + col * (span[1] + 1) - 3
        y = base + 28
        share = f" · {round(100 * counts[label] / total)}%" if total else ""
        out.append(f'<path class="bracket" d="M{x1:.1f} {y - 4}V{y}H{x2:.1f}V{y - 4}"/>'
                   f'<text class="band" x="{(x1 + x2) / 2:.1f}" y="{y + 15}" '
                   f'text-anchor="middle">{escape(label)}</text>'
                   f'<text class="axis" x="{(x1 + x2) / 2:.1f}" y="{y + 30}" '
                   f'text-anchor="middle">{counts[label]} '
                   f'{"draft" if counts[label] == 1 else "drafts"}{share}</text>')
    out.append("</svg>")
    return "".join(out)


def share_chart(rows: Sequence[tuple[str, float, str, bool]], ident: str,
                caption: str, compact: bool = False) -> str:
    """Horizontal bars, one per row ``(label, share 0..1, note, good)``: the label on
    its own line, the bar under it with its percentage, and the note (``"covered by 6
    of 7"``) beside it. ``good`` picks the bar's tone; the note says the same in words.
    ``ident`` makes the chart's title id unique in the page; ``compact`` draws thinner
    bars closer together (a student's page, to keep it to one printed page)."""
    width, gap, label_h, bar_h = (680, 6, 17, 11) if compact else (680, 12, 18, 16)
    bar_max = 400
    top_share = max((share for _, share, _, _ in rows), default=0.0)
    scale = max(0.5, min(1.0, -(-top_share * 10 // 1) / 10 or 0.1))
    row_h = label_h + bar_h + gap
    height = row_h * len(rows) + 4
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-labelledby="{ident}"><title id="{ident}">{escape(caption)}</title>']
    for i, (label, share, note, good) in enumerate(rows):
        y = i * row_h
        w = max(1.5, bar_max * min(share, scale) / scale)
        rx = min(3, bar_h // 3)
        tone = "tone0" if good else "tone1"
        out.append(f'<text class="label" x="0" y="{y + label_h - 5}">{escape(label)}</text>'
                   f'<rect class="track" x="0" y="{y + label_h}" width="{bar_max}" '
                   f'height="{bar_h}" rx="{rx}"/>'
                   f'<rect class="{tone}" x="0" y="{y + label_h}" width="{w:.1f}" '
                   f'height="{bar_h}" rx="{rx}"/>'
                   f'<text class="value" x="{bar_max + 8}" y="{y + label_h + bar_h - 2}">'
                   f'{round(100 * share)}%</text>'
                   f'<text class="note" x="{bar_max + 52}" y="{y + label_h + bar_h - 2}">'
                   f'{escape(note)}</text>')
    out.append("</svg>")
    return "".join(out)


def tone(i: int, states: int) -> str:
    """The tone of the ``i``-th of ``states`` states, best first: the best is ``tone0``,
    the worst ``tone2``, any between ``tone1``."""
    return "tone0" if i == 0 else "tone2" if i == states - 1 else "tone1"


def stack(counts: Sequence[int], width: int = 120, height: int = 12) -> str:
    """One small stacked bar: ``counts[i]`` drafts in state ``i`` (best first), each
    state in its tone. Decorative: the table beside it has the numbers."""
    total = sum(counts)
    if not total:
        return ""
    out = [f'<svg class="stack" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" aria-hidden="true">']
    x = 0.0
    for i, count in enumerate(counts):
        if not count:
            continue
        w = width * count / total
        out.append(f'<rect class="{tone(i, len(counts))}" x="{x:.1f}" y="0" width="{w:.1f}" '
                   f'height="{height}"/>')
        x += w
    out.append("</svg>")
    return "".join(out)
