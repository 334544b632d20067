"""The shared sheet-XML core (expectations/xlsx_stream.py): text escaped as Excel stores it, so
no data character can make a sheet's XML illegal, and text cut to Excel's limit in UTF-16 units."""

from __future__ import annotations

import openpyxl

from expectations.products.sheets import write_sheets
from expectations.xlsx_stream import cut_to_excel, xml_text


def test_text_is_escaped_as_excel_stores_it():
    assert xml_text("plain 学校") == "plain 学校"
    assert xml_text("a<b>&c") == "a&lt;b&gt;&amp;c"
    assert xml_text("\x00\x1f\t\n") == "_x0000__x001F_\t\n"  # tab and newline are legal XML
    assert xml_text("_x0041_ _x12_") == "_x005F_x0041_ _x12_"  # a literal escape stays literal
    assert xml_text("\ufffe\uffff") == "_xFFFE__xFFFF_"  # XML non-characters


def test_text_is_cut_at_32767_utf16_units_without_splitting_a_character():
    assert cut_to_excel("a" * 32_768) == "a" * 32_767
    assert cut_to_excel("😀" * 16_384) == "😀" * 16_383  # two units each
    assert cut_to_excel("a" + "😀" * 16_384) == "a" + "😀" * 16_383
    assert cut_to_excel("x" * 32_767) == "x" * 32_767


def test_a_product_with_xml_non_characters_opens_in_a_strict_reader(tmp_path):
    # before xlsx_stream the products wrote U+FFFE raw: a file openpyxl refused to parse
    path = write_sheets(tmp_path / "a.xlsx", [("s", ("名称",), [("a\ufffeb",)])])
    assert openpyxl.load_workbook(path)["s"]["A2"].value == "a_xFFFE_b"
