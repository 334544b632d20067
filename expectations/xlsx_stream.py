"""Sheets written as XML straight into a workbook package that xlsxwriter built once.

xlsxwriter costs 8-16 us a cell (measured on the 50,000-teacher warehouse); its constant-memory
mode writes inline strings, so a workbook it built with a sample data row is a template: every
part kept as built, each data sheet cut into the XML before its data rows and after them, and
each column's style attribute read off the sample row. Rows are then rendered as XML strings
(~1 us a cell) and streamed into the zip member, so memory stays flat for a million-row sheet.
Two users: the school products (expectations/products/sheets.py) and the publication's XLSX
copies (expectations/publication/copies.py), whose cells `typed_rows` renders exactly as
xlsxwriter's `write()` did. Data stays inert: text is an inline string, never a formula element;
callers neutralise formula prefixes (xlsx_safe.neutralise) before text reaches this module.
Every zip member is dated ZIP_DATE_TIME, never the clock, so the same parts make the same bytes
(the workbook's own created stamp, docProps/core.xml, is the skeleton's: the caller sets it).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name

SPECIAL = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x")  # text xml_text changes
_ESCAPED_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
_STYLE = re.compile(r'<c r="[A-Z]+\d+"( s="\d+")?')
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')
TEXT_MAX = 32_767  # UTF-16 units of one cell's text (Excel); xlsxwriter cuts longer text
_EPOCH = dt.datetime(1899, 12, 31)
ZIP64_CELLS = 20_000_000  # above this a sheet's XML may pass 2 GiB: zip64 member
# every member's date: 1980-01-01, the earliest a zip stores, as xlsxwriter dates the parts of
# the workbooks it builds in memory (zipfile dated writestr members by the clock)
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)


def xml_text(text: str) -> str:
    """Text as Excel (and xlsxwriter) store it in XML: a literal _xHHHH_ as _x005F_xHHHH_,
    control characters and the non-characters U+FFFE/U+FFFF as _xHHHH_ (raw, they are not
    legal XML and corrupt the file), then & < > as entities."""
    if not SPECIAL.search(text):
        return text
    text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cut_to_excel(text: str) -> str:
    """Text cut to Excel's 32,767 UTF-16 units (a character above U+FFFF counts two and is
    never split), as xlsxwriter's write_string cuts it."""
    if len(text) <= TEXT_MAX // 2:
        return text
    units = 0
    for i, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > TEXT_MAX:
            return text[:i]
    return text


def excel_serial(value: dt.datetime | dt.date) -> float:
    """An Excel 1900-system serial date, computed as xlsxwriter computes it (with Excel's
    phantom 29 Feb 1900, and its one-day shift of datetimes on 1 Jan 1900)."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.fromordinal(value.toordinal())
        delta, shift = value - _EPOCH, False
    else:
        delta, shift = value - _EPOCH, True  # an aware datetime raises, as in xlsxwriter
    serial = delta.days + (float(delta.seconds) + float(delta.microseconds) / 1e6) / 86400
    if shift and value.isocalendar() == (1900, 1, 1):
        serial -= 1
    return serial + 1 if serial > 59 else serial


def _text_cell(ref: str, style: str, text: str) -> str:
    text = xml_text(cut_to_excel(text))
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _value_cell(ref: str, style: str, value: Any) -> str:
    """The rarer types, as xlsxwriter's write() stores them (booleans, Decimal, datetimes)."""
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise TypeError(f"{ref}: NAN/INF has no XLSX number (xlsxwriter refused it too)")
        return f'<c r="{ref}"{style}><v>{value:.16G}</v></c>'
    if isinstance(value, Decimal):  # formatted as a Decimal, exactly as xlsxwriter formats it
        if not value.is_finite():
            raise TypeError(f"{ref}: NAN/INF has no XLSX number (xlsxwriter refused it too)")
        return f'<c r="{ref}"{style}><v>{value:.16G}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}"{style}><v>{excel_serial(value):.16G}</v></c>'
    if isinstance(value, str):
        return _text_cell(ref, style, value) if value else ""
    raise TypeError(f"{ref}: no XLSX cell for a {type(value).__name__}")


def typed_rows(
    rows: Iterable[Sequence[Any]], first: int, columns: Sequence[tuple[str, str]], out: list[str]
) -> int:
    """Append to `out` the XML of `rows` (the first is sheet row `first`), each value stored by
    its Python type as xlsxwriter's write() stores it: text as an inline string cut to 32,767
    UTF-16 units, int/float as a number (NaN/inf refused), bool as a boolean, dates by the
    column's style; None and '' as no cell, and a row of no cell as no row. `columns`: (letter,
    style attribute). Returns the last row number holding a cell (0: none). The common types
    are rendered inline: this runs once per cell of every copy."""
    last = 0
    isfinite = math.isfinite
    search = SPECIAL.search
    half = TEXT_MAX // 2
    shapes = [  # each column's cell XML around the row number and the value, built once
        (f'<c r="{letter}', f'"{style}><v>', f'"{style} t="inlineStr"><is><t>',
         f'"{style} t="inlineStr"><is><t xml:space="preserve">', letter, style)
        for letter, style in columns
    ]  # fmt: skip
    for r, row in enumerate(rows, first):
        rs = str(r)
        cells: list[str] = []
        append = cells.append
        for (cell, number, text, spaced, letter, style), value in zip(shapes, row, strict=True):
            kind = type(value)
            if kind is float:
                if isfinite(value):
                    append(f"{cell}{rs}{number}{value:.16G}</v></c>")
                    continue
            elif kind is str:
                if not value:
                    continue
                if len(value) > half:
                    value = cut_to_excel(value)
                if search(value):
                    value = xml_text(value)
                if value[0].isspace() or value[-1].isspace():
                    append(f"{cell}{rs}{spaced}{value}</t></is></c>")
                else:
                    append(f"{cell}{rs}{text}{value}</t></is></c>")
                continue
            elif kind is int:
                append(f"{cell}{rs}{number}{value:.16G}</v></c>")
                continue
            elif value is None:
                continue
            if other := _value_cell(f"{letter}{rs}", style, value):  # NaN/inf raise here
                append(other)
        if cells:
            out.append(f'<row r="{rs}">{"".join(cells)}</row>')
            last = r
    return last


def dimension(last_row: int, columns: int) -> str:
    """The <dimension> ref of a sheet whose cells span A1 to (last_row, columns)."""
    corner = f"{xl_col_to_name(columns - 1)}{last_row}"
    return "A1" if corner == "A1" else f"A1:{corner}"


def with_dimension(head: str, ref: str) -> str:
    return _DIMENSION.sub(f'<dimension ref="{ref}"/>', head, count=1)


@dataclass(frozen=True)
class SheetTemplate:
    part: str  # xl/worksheets/sheetN.xml
    head: str  # the sheet's XML before its data rows (title, header)
    tail: str  # from </sheetData> on
    styles: list[str]  # each column's style attribute ('' or ' s="N"'), from the sample row


def member(name: str, level: int) -> zipfile.ZipInfo:
    """A deflated zip member dated ZIP_DATE_TIME, otherwise as ZipFile.writestr(name, ...) and
    ZipFile.open(name, "w") made it (their compression level, owner read-write)."""
    info = zipfile.ZipInfo(name, ZIP_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = level  # what ZipFile sets from compresslevel (public only from 3.13)
    info.external_attr = 0o600 << 16
    return info


class Template:
    """A workbook package read from a skeleton xlsx whose data sheets each end their data with
    one sample row (a cell in every column, formatted as that column's data)."""

    def __init__(self, skeleton: Path, sheet_numbers: Sequence[int]) -> None:
        with zipfile.ZipFile(skeleton) as package:
            self.names = package.namelist()
            self.parts = {n: package.read(n) for n in self.names}
        self.sheets: list[SheetTemplate] = []
        for number in sheet_numbers:
            part = f"xl/worksheets/sheet{number}.xml"
            xml = self.parts.pop(part).decode("utf-8")
            start, end = xml.rindex("<row "), xml.index("</sheetData>")
            styles = [m.group(1) or "" for m in _STYLE.finditer(xml[start:end])]
            self.sheets.append(SheetTemplate(part, xml[:start], xml[end:], styles))

    def write(self, path: Path, bodies: Sequence[Iterable[str]], *, level: int = 1,
              zip64: bool = False) -> Path:  # fmt: skip
        """The workbook at path, sheet i's XML streamed from bodies[i] (head, rows, tail: the
        caller's strings, written as they come); every other part as the skeleton built it. Every
        member is dated ZIP_DATE_TIME: the same parts give the same bytes."""
        path.parent.mkdir(parents=True, exist_ok=True)
        streamed = {s.part: body for s, body in zip(self.sheets, bodies, strict=True)}
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as package:
            for name in self.names:
                if name not in streamed:
                    package.writestr(member(name, level), self.parts[name])
                    continue
                with package.open(member(name, level), "w", force_zip64=zip64) as sheet:
                    for piece in streamed[name]:
                        sheet.write(piece.encode("utf-8"))
        return path
