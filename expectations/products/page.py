"""A static, offline HTML page shell for the products (inline CSS, no scripts, no links out)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from html import escape
from typing import Any

CSS = """
body{font-family:'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif;margin:24px;
color:#1f2937;max-width:1100px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #e5e7eb}
h3{font-size:15px}table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}
th,td{border:1px solid #d1d5db;padding:4px 8px;text-align:left}th{background:#eef2f7}
td.num{text-align:right;white-space:nowrap}td.chart{padding:2px 6px;white-space:nowrap}td.chart svg{vertical-align:middle}.muted{color:#6b7280;font-size:12px}.school{page-break-before:always}
.restricted{color:#b91c1c;font-weight:bold}
section.project+section.project{break-before:page}
@media print{body{margin:8mm}nav{display:none}}
"""


# numbers the pages show as text: 12.5, 45.0%, +3.2 个百分点, 2 / 12 (a rank of n)
_MARKUP = re.compile("[&<>\"']")
NUMERIC_TEXT = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?(%| 个百分点)?$|^\d+ / \d+$")


class Html(str):
    """A table cell that is trusted markup built by the page (a chart), inserted as is."""


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """An HTML table; numbers (and numbers shown as text) right-aligned, None as an empty cell,
    every text escaped except Html cells."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for value in row:
            if type(value) is str and not value[:1].isdigit() and value[:1] not in "+-":
                # plain text, the common cell: escaped only when it holds markup characters
                cells.append(f"<td>{escape(value) if _MARKUP.search(value) else value}</td>")
            elif value is None:
                cells.append("<td></td>")
            elif isinstance(value, Html):
                cells.append(f'<td class="chart">{value}</td>')
            elif (isinstance(value, (int, float)) and not isinstance(value, bool)) or (
                isinstance(value, str) and NUMERIC_TEXT.match(value)
            ):
                cells.append(f'<td class="num">{escape(str(value))}</td>')
            else:
                cells.append(f"<td>{escape(str(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def page(title: str, intro: str, sections: Sequence[str]) -> str:
    """The whole document: title, one intro paragraph (escaped), then trusted section HTML."""
    stamp = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1><p>{escape(intro)}</p>"
        f'<p class="muted">生成时间 Generated {escape(stamp)} · 离线可用 works offline</p>'
        + "".join(sections)
        + "</body></html>"
    )


def pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def num(value: Any, places: int = 1) -> str:
    return "" if value is None else f"{float(value):.{places}f}"
