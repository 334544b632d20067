"""Plain tables as XLSX sheets with Chinese headers, written fast and safely.

A workbook's layout (sheet names, title row, headers, column widths, frozen header, formats)
is built once by the project's safe xlsxwriter workbook (expectations/xlsx_safe.py) in
constant-memory mode, whose cells are inline strings; each workbook of that layout is then the
same package with its data rows put into the sheets' XML (expectations/xlsx_stream.py, shared
with the publication's XLSX copies). Measured on the 50,000-teacher warehouse: writing cells
through xlsxwriter cost 8-16 us each (3.1M cells in the schools' files), building the rows' XML
directly ~1 us. Data stays inert as in xlsx_safe: text is
written as an inline string after `neutralise` (never a formula element), numbers as numbers,
dates as ISO text, missing values as empty cells.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from expectations.xlsx_safe import FORMULA_TRIGGERS, neutralise, new_workbook, write_text
from expectations.xlsx_stream import SPECIAL, Template, with_dimension, xml_text

Sheet = tuple[str, Sequence[str], Sequence[Sequence[Any]]]  # name, headers, rows

PLACEHOLDER = "TT-TITLE-PLACEHOLDER"


def is_share(header: str) -> bool:
    """A column shown as a percentage: its header names a rate (率) or a share (占比)."""
    return header.endswith("率") or "占比" in header


def _text_cell(ref: str, text: str, style: str) -> str:
    return (f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">'
            f"{xml_text(neutralise(text))}</t></is></c>")  # fmt: skip


def _cell(ref: str, value: Any, style: str) -> str:
    """One cell's XML by the value's type; '' (no cell) for a missing value."""
    kind = type(value)
    if kind is str:  # the common types first: this runs once per cell
        return _text_cell(ref, value, style)
    if kind is float or kind is int:
        return f'<c r="{ref}"{style}><v>{value:.16G}</v></c>' if math.isfinite(value) else ""
    if value is None:
        return ""
    if hasattr(value, "item"):  # numpy/pandas scalars
        value = value.item()
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return _cell(ref, float(value), style)
    if isinstance(value, dt.datetime | dt.date):
        return _text_cell(ref, value.isoformat(), style)
    if repr(value) in ("<NA>", "NaT"):  # pandas' missing values
        return ""
    return _text_cell(ref, str(value), style)


def _row(r: int, row: Sequence[Any], columns: list[tuple[str, str]]) -> str:
    """A data row's XML. Text and float cells (nearly all) are built inline: this runs once
    per cell of every school's workbook."""
    cells = []
    for (letter, style), value in zip(columns, row, strict=True):
        kind = type(value)
        if kind is str:
            if value.startswith(FORMULA_TRIGGERS):
                value = neutralise(value)
            if SPECIAL.search(value):
                value = xml_text(value)
            cells.append(f'<c r="{letter}{r}"{style} t="inlineStr"><is><t xml:space="preserve">'
                         f"{value}</t></is></c>")  # fmt: skip
        elif kind is float and math.isfinite(value):
            cells.append(f'<c r="{letter}{r}"{style}><v>{value:.16G}</v></c>')
        elif value is not None:
            cells.append(_cell(f"{letter}{r}", value, style))
    return f'<row r="{r}">{"".join(cells)}</row>'


def _skeleton(
    path: Path, sheets: Sequence[tuple[str, Sequence[str]]], first: int, titled: bool
) -> None:
    """The layout as an xlsxwriter workbook (constant memory: text as inline strings), with a
    sample data row whose cells tell each column's style attribute."""
    book = new_workbook(path, constant_memory=True)
    bold = book.add_format({"bold": True, "bg_color": "#e8eef6", "border": 1})
    heading = book.add_format({"bold": True, "font_size": 13})
    share = book.add_format({"num_format": "0.0%"})
    for name, headers in sheets:
        sheet = book.add_worksheet(name[:31])
        if titled:
            write_text(sheet, 0, 0, PLACEHOLDER, heading)
        for col, header in enumerate(headers):
            write_text(sheet, first - 1, col, header, bold)
            sheet.set_column(col, col, max(10, 2 * len(header) + 2))
        for col, header in enumerate(headers):  # rows in order: constant memory writes them
            sheet.write_number(first, col, 0, share if is_share(header) else None)
        sheet.freeze_panes(first, 0)
    book.close()


class Layout:
    """The fixed parts of a workbook of plain sheets, built once and reused for every workbook
    with the same sheets and headers (one per school)."""

    def __init__(self, sheets: Sequence[tuple[str, Sequence[str]]], *, titled: bool) -> None:
        self.first = 3 if titled else 1  # the 1-based row of the first data row
        with tempfile.TemporaryDirectory() as tmp:
            skeleton = Path(tmp) / "layout.xlsx"
            _skeleton(skeleton, sheets, self.first, titled)
            self.template = Template(skeleton, range(1, len(sheets) + 1))
        self.last_columns = [xl_col_to_name(len(headers) - 1) for _, headers in sheets]

    def write(self, path: Path, rows: Sequence[Sequence[Sequence[Any]]], title: str = "") -> Path:
        """The workbook at path with rows[i] as the data rows of sheet i (title: row 1)."""
        title_xml = xml_text(neutralise(title))
        bodies = []
        sheets = zip(self.template.sheets, self.last_columns, rows, strict=True)
        for sheet, last, sheet_rows in sheets:
            columns = [(xl_col_to_name(c), s) for c, s in enumerate(sheet.styles)]
            body = [_row(r, row, columns) for r, row in enumerate(sheet_rows, self.first + 1)]
            end = self.first + len(sheet_rows)
            head = with_dimension(sheet.head, f"A1:{last}{end}").replace(PLACEHOLDER, title_xml)
            bodies.append([head, "".join(body), sheet.tail])
        return self.template.write(path, bodies)


def write_sheets(path: Path, sheets: Sequence[Sheet], *, title: str = "") -> Path:
    """One workbook, one sheet per (name, headers, rows); an optional title row above each
    header; header row frozen, columns sized to their header, rates as percentages."""
    layout = Layout([(name, headers) for name, headers, _ in sheets], titled=bool(title))
    return layout.write(path, [rows for _, _, rows in sheets], title)
