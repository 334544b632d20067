"""Plain tables as XLSX sheets with Chinese headers, through the project's safe writer."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from expectations.xlsx_safe import new_workbook, write_text, write_value

Sheet = tuple[str, Sequence[str], Sequence[Sequence[Any]]]  # name, headers, rows


def write_sheets(path: Path, sheets: Sequence[Sheet], *, title: str = "") -> Path:
    """One workbook, one sheet per (name, headers, rows); an optional title row above each
    header; header row frozen, columns sized to their header."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = new_workbook(path)
    bold = book.add_format({"bold": True, "bg_color": "#e8eef6", "border": 1})
    heading = book.add_format({"bold": True, "font_size": 13})
    share = book.add_format({"num_format": "0.0%"})
    for name, headers, rows in sheets:
        sheet = book.add_worksheet(name[:31])
        first = 0
        if title:
            write_text(sheet, 0, 0, title, heading)
            first = 2
        for col, header in enumerate(headers):
            write_text(sheet, first, col, header, bold)
            sheet.set_column(col, col, max(10, 2 * len(header) + 2))
        for r, row in enumerate(rows, start=first + 1):
            for col, value in enumerate(row):
                header = headers[col]
                fmt = share if header.endswith("率") or "占比" in header else None
                write_value(sheet, r, col, value, fmt)
        sheet.freeze_panes(first + 1, 0)
    book.close()
    return path
