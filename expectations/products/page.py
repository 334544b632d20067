"""A static, offline HTML page shell for the products (inline CSS, no scripts, no links out)."""

from __future__ import annotations

import datetime as dt
import functools
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


def _cell(value: Any) -> str:
    """One cell of table(): a str is a number when NUMERIC_TEXT matches it (then it holds no
    markup character) and escaped text otherwise; other types by their type."""
    if type(value) is str:
        if NUMERIC_TEXT.match(value):
            cell = f'<td class="num">{value}</td>'
        else:
            cell = f"<td>{escape(value) if _MARKUP.search(value) else value}</td>"
        if len(value) <= _MEMO_LENGTH and len(_MEMO) < _MEMO_SIZE:
            _MEMO[value] = cell
        return cell
    if value is None:
        return "<td></td>"
    if isinstance(value, Html):
        return f'<td class="chart">{value}</td>'
    if (isinstance(value, (int, float)) and not isinstance(value, bool)) or (
        isinstance(value, str) and NUMERIC_TEXT.match(value)
    ):
        return f'<td class="num">{escape(str(value))}</td>'
    return f"<td>{escape(str(value))}</td>"


# cells of short texts (yes/no, results, hours and rates as text) repeat on every page: built
# once. Keyed by exact str only (1, 1.0 and True are equal keys but different cells).
_MEMO: dict[str, str] = {}
_MEMO_LENGTH = 12
_MEMO_SIZE = 100_000


@functools.lru_cache(maxsize=256)
def _head(headers: Sequence[str]) -> str:
    """A table's header cells: the same few header tuples head every bulletin's two tables."""
    return "".join(f"<th>{escape(h)}</th>" for h in headers)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """An HTML table; numbers (and numbers shown as text) right-aligned, None as an empty cell,
    every text escaped except Html cells. Runs once per row of every school's bulletin page."""
    head = _head(headers) if type(headers) is tuple else _head.__wrapped__(headers)
    memo, cell = _MEMO.get, _cell
    body = "".join(
        [
            "<tr>"
            + "".join([(memo(v) if type(v) is str else None) or cell(v) for v in row])
            + "</tr>"
            for row in rows
        ]
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


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
