"""The XLSX writer and the messy cell formats real exports use (dates, hours, masked IDs)."""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

FIXED_CREATED = datetime(2024, 1, 5, 10, 21, 33)


class Sheet:
    """One workbook with one worksheet, written row by row (row numbers are 1-based Excel rows)."""

    def __init__(
        self,
        root: Path,
        rel: str,
        sheet_name: str,
        ncols: int,
        *,
        big: bool = False,
        col_width: float = 14,
    ):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        opts = {"strings_to_urls": False, "strings_to_formulas": False, "strings_to_numbers": False}
        opts["constant_memory" if big else "in_memory"] = True
        self.rel = rel
        self.wb = xlsxwriter.Workbook(str(path), opts)
        self.wb.set_properties({"created": FIXED_CREATED, "author": "教师发展中心"})
        self.ws = self.wb.add_worksheet(sheet_name)
        self.ncols = ncols
        self.ws.set_column(0, max(0, ncols - 1), col_width)
        self.title_fmt = self.wb.add_format(
            {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}
        )
        self.left_fmt = self.wb.add_format({"align": "left"})
        self.header_fmt = self.wb.add_format(
            {"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1}
        )
        self.date_fmt = self.wb.add_format({"num_format": "yyyy-mm-dd"})
        self.row = 0  # 0-based index of the next row

    def merged(self, text: str, *, title: bool = True) -> int:
        fmt = self.title_fmt if title else self.left_fmt
        if self.ncols > 1:
            self.ws.merge_range(self.row, 0, self.row, self.ncols - 1, text, fmt)
        else:
            self.ws.write_string(self.row, 0, text, fmt)
        self.row += 1
        return self.row

    def header(self, cells: list[str]) -> int:
        ws, r, fmt = self.ws, self.row, self.header_fmt
        if any("\n" in v for v in cells):
            ws.set_row(r, 32)
        for c, v in enumerate(cells):
            ws.write_string(r, c, v, fmt)
        self.row += 1
        return self.row

    def add(self, cells) -> int:
        """Write a row: str -> text, int/float -> number, date -> date cell, None/'' -> blank."""
        ws, r = self.ws, self.row
        # the un-decorated writers skip xlsxwriter's A1-notation wrapper (~35% faster)
        write_string = getattr(ws, "_write_string", ws.write_string)
        write_number = getattr(ws, "_write_number", ws.write_number)
        for c, v in enumerate(cells):
            t = type(v)
            if t is str:
                if v:
                    write_string(r, c, v)
            elif t is int or t is float:
                write_number(r, c, v)
            elif t is date:
                ws.write_datetime(r, c, datetime(v.year, v.month, v.day), self.date_fmt)
        self.row += 1
        return self.row

    def close(self) -> None:
        self.wb.close()




PROV_OUTCOMES = (("合格", 0.86), ("优秀", 0.08), ("不合格", 0.03), ("未参训", 0.02), ("劝退", 0.01))
REVIEWS = (("已认定", 0.88), ("审核通过", 0.07), ("待审核", 0.04), ("驳回", 0.01))
COUNTED_OUTCOMES = {"合格", "优秀"}
COUNTED_REVIEWS = {"已认定", "审核通过"}


def pick(r: random.Random, table) -> str:
    u = r.random()
    acc = 0.0
    for v, p in table:
        acc += p
        if u < acc:
            return v
    return table[-1][0]


def fmt_hours(h: float):
    return int(h) if h == int(h) else h


def date_cell(r: random.Random, d: date):
    u = r.random()
    if u < 0.40:
        return d.isoformat()
    if u < 0.52:
        return f"{d.year}.{d.month}.{d.day}"
    if u < 0.64:
        return f"{d.year}年{d.month}月{d.day}日"
    if u < 0.76:
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if u < 0.88:
        return f"{d.year}-{d.month}-{d.day}"
    return d  # real Excel date cell


def hours_cell(r: random.Random, h: float):
    if r.random() < 0.08:
        return f"{fmt_hours(h)}学时"
    return fmt_hours(h)


def mask_id(idn: str) -> str:
    return idn[:4] + "*" * 10 + idn[-4:]
