"""The products' XLSX writer (expectations/products/sheets.py): rows put into a layout built by
the safe xlsxwriter workbook. Data stays inert text or a number, never a formula, and two readers
(openpyxl and calamine) read back exactly what was written."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from decimal import Decimal

import openpyxl
import pandas as pd

from expectations.products.sheets import Layout, write_sheets

HEADERS = ("姓名", "学时", "合格率", "日期")
ROWS = [
    ('=HYPERLINK("http://x","y")', Decimal("12.50"), 0.5, dt.date(2023, 4, 2)),
    ("+1", 3, None, None),
    ("-2", math.nan, 1.0, "2024"),
    ("@SUM(A1)", True, 0.25, "a & <b>"),
]


def _sheet_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_text_that_looks_like_a_formula_is_written_as_inert_text(tmp_path):
    path = write_sheets(tmp_path / "a.xlsx", [("名单", HEADERS, ROWS)], title="=标题")

    sheet = openpyxl.load_workbook(path)["名单"]
    assert sheet["A1"].value == "'=标题"
    assert [sheet.cell(r, 1).value for r in range(4, 8)] == [
        "'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'-2", "'@SUM(A1)"
    ]  # fmt: skip
    assert "<f>" not in _sheet_xml(path) and "<f " not in _sheet_xml(path)


def test_values_are_written_by_type_and_read_back_the_same_by_two_readers(tmp_path):
    path = write_sheets(tmp_path / "a.xlsx", [("名单", HEADERS, ROWS)], title="标题")

    sheet = openpyxl.load_workbook(path)["名单"]
    got = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=3)]
    assert got == [
        HEADERS,
        ("'=HYPERLINK(\"http://x\",\"y\")", 12.5, 0.5, "2023-04-02"),
        ("'+1", 3, None, None),  # missing: no cell
        ("'-2", None, 1, "2024"),  # NaN: no cell
        ("'@SUM(A1)", True, 0.25, "a & <b>"),
    ]
    assert sheet["C4"].number_format == "0.0%" and sheet["B4"].number_format == "General"
    assert sheet.freeze_panes == "A4"  # title, blank row and header stay in view
    calamine = pd.read_excel(path, header=None, engine="calamine", skiprows=3)
    assert calamine.astype(object).where(calamine.notna(), None).values.tolist() == [
        ["'=HYPERLINK(\"http://x\",\"y\")", 12.5, 0.5, "2023-04-02"],
        ["'+1", 3, None, None],
        ["'-2", None, 1, "2024"],
        ["'@SUM(A1)", True, 0.25, "a & <b>"],
    ]


def test_control_characters_and_literal_escapes_are_stored_as_excel_escapes(tmp_path):
    path = write_sheets(tmp_path / "a.xlsx", [("s", ("名称",), [("a\x01b",), ("_x0041_",)])])

    xml = _sheet_xml(path)
    assert ">a_x0001_b<" in xml and ">_x005F_x0041_<" in xml


def test_one_layout_writes_many_workbooks_each_with_its_own_rows_and_title(tmp_path):
    layout = Layout([("甲", ("名称", "参训率")), ("乙", ("数",))], titled=True)

    first = layout.write(tmp_path / "1.xlsx", [[("一", 0.5)], [(1,), (2,)]], "学校一")
    second = layout.write(tmp_path / "2.xlsx", [[], [(3,)]], "学校二")

    book = openpyxl.load_workbook(first)
    assert [book["甲"]["A1"].value, book["乙"]["A1"].value] == ["学校一", "学校一"]
    assert list(book["甲"].iter_rows(min_row=4, values_only=True)) == [("一", 0.5)]
    assert list(book["乙"].iter_rows(min_row=4, values_only=True)) == [(1,), (2,)]
    book = openpyxl.load_workbook(second)
    assert book["甲"]["A1"].value == "学校二"
    assert list(book["甲"].iter_rows(min_row=4, values_only=True)) == []
    assert list(book["乙"].iter_rows(min_row=4, values_only=True)) == [(3,)]
    assert '<dimension ref="A1:B3"/>' in _sheet_xml(second)  # title to header: no data rows
