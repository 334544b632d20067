"""Small inline-SVG bar charts for the static auditors' report (no JS, no external assets)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FONT = "'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC',sans-serif"


def text_width(text: str, size: float = 12) -> float:
    """Rough rendered width: CJK characters are a full em, others about 0.6 em."""
    return sum(
        size if unicodedata.east_asian_width(ch) in ("W", "F") else size * 0.6 for ch in text
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # value as shown at the end of the bar
    color: str = "#2f6fad"
    title: str = ""  # tooltip


def hbar_chart(
    bars: Sequence[Bar],
    *,
    max_value: float | None = None,
    width: int = 600,
    bar_height: int = 22,
    gap: int = 8,
    aria_label: str = "chart",
) -> str:
    """A horizontal bar chart; max_value fixes the scale (e.g. 1.0 for shares)."""
    if not bars:
        return '<p class="muted">无数据 No data</p>'
    label_w = min(260, max(text_width(b.label) for b in bars) + 12)
    value_w = max(text_width(b.text) for b in bars) + 12
    plot_w = max(120, width - label_w - value_w)
    top = max(max_value or 0, max((b.value for b in bars), default=0)) or 1
    height = len(bars) * (bar_height + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(aria_label)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{FONT}" font-size="12">'
    ]
    if max_value:
        for frac in (0.25, 0.5, 0.75, 1.0):
            x = label_w + plot_w * frac
            parts.append(
                f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="#e3e7ee" '
                'stroke-dasharray="3 3"/>'
            )
    for i, b in enumerate(bars):
        y = gap + i * (bar_height + gap)
        w = max(0.0, plot_w * (b.value / top))
        tip = escape(b.title or f"{b.label}: {b.text}")
        parts.append(
            f"<g><title>{tip}</title>"
            f'<text x="{label_w - 8:.1f}" y="{y + bar_height * 0.68:.1f}" text-anchor="end" '
            f'fill="#1f2937">{escape(b.label)}</text>'
            f'<rect x="{label_w:.1f}" y="{y}" width="{plot_w:.1f}" height="{bar_height}" '
            'fill="#f1f4f8" rx="3"/>'
            f'<rect x="{label_w:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" '
            f'fill="{b.color}" rx="3"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar_height * 0.68:.1f}" '
            f'fill="#374151">{escape(b.text)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_hbar_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, str]],
    values: dict[tuple[str, str], float],
    *,
    width: int = 600,
    bar_height: int = 22,
    gap: int = 8,
    aria_label: str = "chart",
) -> str:
    """Horizontal stacked bars: one bar per category, one segment per series (name, color)."""
    if not categories or not series:
        return '<p class="muted">无数据 No data</p>'
    totals = {c: sum(values.get((c, s), 0) for s, _ in series) for c in categories}
    label_w = min(260, max(text_width(c) for c in categories) + 12)
    value_w = max(text_width(str(int(t))) for t in totals.values()) + 12
    plot_w = max(120, width - label_w - value_w)
    top = max(totals.values()) or 1
    # legend: wrap onto as many rows as the width needs
    legend: list[tuple[float, int, str, str]] = []
    x, row = 0.0, 0
    for name, color in series:
        item_w = 16 + text_width(name) + 18
        if x and x + item_w > width:
            x, row = 0.0, row + 1
        legend.append((x, row, name, color))
        x += item_w
    legend_h = 22 * (row + 1) + 2
    height = legend_h + len(categories) * (bar_height + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(aria_label)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{FONT}" font-size="12">'
    ]
    for lx, lrow, name, color in legend:
        ly = 5 + 22 * lrow
        parts.append(
            f'<rect x="{lx:.1f}" y="{ly}" width="12" height="12" fill="{color}" rx="2"/>'
            f'<text x="{lx + 16:.1f}" y="{ly + 10}" fill="#374151">{escape(name)}</text>'
        )
    for i, c in enumerate(categories):
        y = legend_h + gap + i * (bar_height + gap)
        parts.append(
            f'<text x="{label_w - 8:.1f}" y="{y + bar_height * 0.68:.1f}" text-anchor="end" '
            f'fill="#1f2937">{escape(c)}</text>'
        )
        x = label_w
        for name, color in series:
            v = values.get((c, name), 0)
            if not v:
                continue
            w = plot_w * v / top
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{color}">'
                f"<title>{escape(c)} · {escape(name)}: {int(v)}</title></rect>"
            )
            x += w
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + bar_height * 0.68:.1f}" fill="#374151">'
            f"{int(totals[c])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
