"""page.table at province scale (task report-scale): the cells of short texts are built once
(memo keyed by exact str), and every cell is still the one the per-cell rules give."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html import escape

import pytest

from expectations.products import page
from expectations.products.page import NUMERIC_TEXT, Html, table


def reference_table(headers, rows) -> str:
    """table() as it was before the memo (one branch chain per cell)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for value in row:
            if type(value) is str and not value[:1].isdigit() and value[:1] not in "+-":
                cells.append(f"<td>{escape(value)}</td>")
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


class Label(str):
    """A str subclass that is not Html: escaped like text, never memoised."""


VALUES = [
    "是", "否", "合格", "12.5", "0.0", "45.0%", "+3.2 个百分点", "-1", "2 / 12", "1", 1, 1.0,
    True, False, 0, "", None, "a<b", "<b>", "A&B", "it's", '"q"', "12\n", "²3", "١٢", "3a",
    "110***********1234", "-", "+", "<svg></svg>", Html("<svg></svg>"), Label("<i>"), Label("7"),
    dt.date(2024, 9, 1), Decimal("2.50"), float("nan"), "x" * 40,
]  # fmt: skip


@pytest.mark.parametrize("memo_size", [0, 3, 100_000])
def test_every_cell_is_the_one_the_rules_give_with_and_without_the_memo(monkeypatch, memo_size):
    monkeypatch.setattr(page, "_MEMO", {})
    monkeypatch.setattr(page, "_MEMO_SIZE", memo_size)
    rows = [VALUES, list(reversed(VALUES)), VALUES[::2], VALUES]  # repeats hit the memo
    for headers in [("a", "b<"), ["a", "b<"], ("a", "b<"), ()]:  # tuples' header cells cached
        assert table(headers, rows) == reference_table(headers, rows)
    assert len(page._MEMO) <= memo_size


def test_equal_values_of_other_types_are_not_served_a_memoised_text_cell(monkeypatch):
    monkeypatch.setattr(page, "_MEMO", {})
    table(("h",), [["1"], ["True"], ["1.0"]])
    assert set(page._MEMO) == {"1", "True", "1.0"}
    rows = [[1], [True], [1.0], [Label("1")]]
    assert table(("h",), rows) == reference_table(("h",), rows)
    assert '<td class="num">1</td>' in table(("h",), [[1]])
    assert "<td>True</td>" in table(("h",), [[True]])
