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


def grouped_hbar_chart(
    groups: Sequence[tuple[str, Sequence[Bar]]],
    *,
    max_value: float | None = None,
    reference: tuple[float, str] | None = None,
    width: int = 600,
    bar_height: int = 16,
    gap: int = 4,
    aria_label: str = "chart",
) -> str:
    """Horizontal bars in groups (e.g. one group per county, one bar per year): the group's name
    above its bars, each bar labelled on its left. ``reference`` draws a dashed line at a value
    (e.g. the policy's required share) with its label."""
    groups = [(name, bars) for name, bars in groups if bars]
    if not groups:
        return '<p class="muted">无数据 No data</p>'
    all_bars = [b for _, bars in groups for b in bars]
    label_w = max(text_width(b.label) for b in all_bars) + 14
    value_w = max(text_width(b.text) for b in all_bars) + 12
    plot_w = max(120, width - label_w - value_w)
    top = max(max_value or 0, max(b.value for b in all_bars), reference[0] if reference else 0)
    top = top or 1
    title_h, ref_h = 20, (18 if reference else 0)
    height = ref_h + sum(title_h + len(bars) * (bar_height + gap) + gap for _, bars in groups)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(aria_label)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{FONT}" font-size="12">'
    ]
    if reference:
        x = label_w + plot_w * reference[0] / top
        parts.append(
            f'<line x1="{x:.1f}" y1="{ref_h - 2}" x2="{x:.1f}" y2="{height}" stroke="#b45309" '
            'stroke-dasharray="4 3"/>'
            f'<text x="{x:.1f}" y="12" text-anchor="middle" fill="#b45309">'
            f"{escape(reference[1])}</text>"
        )
    y = float(ref_h)
    for name, bars in groups:
        parts.append(
            f'<text x="0" y="{y + 14:.1f}" font-weight="600" fill="#1f2937">{escape(name)}</text>'
        )
        y += title_h
        for b in bars:
            w = max(0.0, plot_w * (b.value / top))
            tip = escape(b.title or f"{name} {b.label}: {b.text}")
            parts.append(
                f"<g><title>{tip}</title>"
                f'<text x="{label_w - 6:.1f}" y="{y + bar_height * 0.75:.1f}" text-anchor="end" '
                f'fill="#4b5563">{escape(b.label)}</text>'
                f'<rect x="{label_w:.1f}" y="{y:.1f}" width="{plot_w:.1f}" height="{bar_height}" '
                'fill="#f1f4f8" rx="2"/>'
                f'<rect x="{label_w:.1f}" y="{y:.1f}" width="{w:.1f}" height="{bar_height}" '
                f'fill="{b.color}" rx="2"/>'
                f'<text x="{label_w + w + 5:.1f}" y="{y + bar_height * 0.75:.1f}" '
                f'fill="#374151">{escape(b.text)}</text></g>'
            )
            y += bar_height + gap
        y += gap
    parts.append("</svg>")
    return "".join(parts)


def sparkline(
    points: Sequence[tuple[str, float]],
    *,
    name: str,
    color: str = "#2f6fad",
    width: int = 180,
    height: int = 30,
) -> str:
    """A small line of one series over time (oldest left), on its own scale from zero; every
    point carries a tooltip "<category> · <name>: <value>" and the last one is emphasised."""
    if not points:
        return ""
    top = max(v for _, v in points) or 1
    pad = 4
    step = (width - 2 * pad) / max(1, len(points) - 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = pad + i * step if len(points) > 1 else width / 2
        return x, height - pad - (height - 2 * pad) * v / top

    coords = [xy(i, v) for i, (_, v) in enumerate(points)]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="spark" '
        f'aria-label="{escape(name)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="#e5e7eb"/>',
    ]
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
    for i, ((category, value), (x, y)) in enumerate(zip(points, coords, strict=True)):
        r = 3.5 if i == len(points) - 1 else 2.2
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{color}">'
            f"<title>{escape(category)} · {escape(name)}: {value:g}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)
