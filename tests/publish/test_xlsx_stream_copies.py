"""XLSX copies streamed through expectations/xlsx_stream.py: every column type, hostile text,
NULLs, rows fetched in several chunks and the sheet limit. The oracle is xlsxwriter itself (the
copies' writer until xlsx_stream): the sheet XML must be the bytes it wrote for the same values,
and two readers (openpyxl, strict; calamine) must read back the values computed by hand."""

from __future__ import annotations

import datetime as dt
import zipfile

import duckdb
import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from expectations.publication import copies
from expectations.publication.copies import XlsxRowLimitError, write_xlsx
from expectations.publication.labels import label
from expectations.xlsx_safe import neutralise, new_workbook

LONG = "长" * 40_000  # over Excel's 32,767 characters: cut as xlsxwriter cut it
EMOJI_LONG = "😀" * 20_000  # 40,000 UTF-16 units: cut to 16,383 emoji, none split
HOSTILE = [
    '=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tTAB", "\rCR",  # formula prefixes
    "a\x01b\x1fc", "_x0041_", "a & <b> \"q\" 'r'", "😀 emoji 𠀀", " lead", "trail\u3000",
    "\ufffe\uffff", "", "line\nbreak",
]  # fmt: skip


def _table() -> duckdb.DuckDBPyConnection:
    """One column of each type the marts use (and a few they do not), hostile text, NULLs, and
    a last row without any value."""
    con = duckdb.connect()
    con.execute(
        "create table t (flag boolean, tiny tinyint, n integer, big bigint, huge hugeint, "
        "x double, amount decimal(18,2), hours decimal(18,4), day date, seen_at timestamp, "
        "note varchar, span interval, id uuid)"
    )
    rows = [
        (True, 1, 3, 2**53 + 1, 10**20, 0.1 + 0.2, "12.34", "12.3456", "2023-09-01",
         "2023-05-06 07:08:09.123456", HOSTILE[0], "1 day", "00000000-0000-0000-0000-000000000001"),
        (False, -1, -2, -(2**40), -5, -0.0, "-0.01", "0.0001", "1900-02-28",
         "1900-01-01 12:00:00", HOSTILE[1], None, None),
        (None, None, None, None, None, 1e-7, None, None, "1900-03-01", "1850-01-01", LONG, None,
         None),
        (True, 0, 0, 0, 0, 1e20, "0", "0", "1850-01-01", None, EMOJI_LONG, None, None),
    ]  # fmt: skip
    rows += [(None,) * 10 + (text,) + (None,) * 2 for text in HOSTILE[2:]]
    rows.append((None,) * 13)
    con.executemany(f"insert into t values ({', '.join('?' * 13)})", rows)
    return con


def _xlsxwriter_copy(con: duckdb.DuckDBPyConnection, table: str, path) -> None:
    """The copy as xlsxwriter wrote it: constant memory, one write_row of Python values a row."""
    described = con.execute(f"from {table} limit 0").description
    book = new_workbook(path, constant_memory=True, default_date_format="yyyy-mm-dd")
    sheet = book.add_worksheet("数据")
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, [label(d[0]) for d in described], bold)
    sheet.freeze_panes(1, 0)
    for r, row in enumerate(con.execute(f"from {table}").fetchall(), start=1):
        for c, (value, (_, kind, *_)) in enumerate(zip(row, described, strict=True)):
            if str(kind).startswith("DECIMAL") and value is not None:
                value = float(value)
            elif isinstance(value, str):
                value = neutralise(value)
            elif str(kind) in ("INTERVAL", "UUID") and value is not None:
                value = str(value)
            sheet.write(r, c, value)
    notes = book.add_worksheet("说明")
    notes.write_row(0, 0, ["列名 column", "中文名 label", "说明 description"], bold)
    for i, (name, *_) in enumerate(described, start=1):
        notes.write_row(i, 0, [name, label(name), ""])
    book.close()


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_streamed_copy_is_the_package_xlsxwriter_wrote_part_for_part(tmp_path, monkeypatch):
    monkeypatch.setattr(copies, "FETCH_ROWS", 3)  # rows fetched in several chunks
    con = _table()
    new, old = tmp_path / "new.xlsx", tmp_path / "old.xlsx"
    assert write_xlsx(con, "t", new, {}) == 18
    _xlsxwriter_copy(con, "t", old)

    assert _parts(new) == _parts(old)  # sheet XML, styles, 说明: the same bytes
    xml = _parts(new)["xl/worksheets/sheet1.xml"].decode("utf-8")
    assert '<dimension ref="A1:M18"/>' in xml  # the empty last row is no row, as before
    assert ">a_x0001_b_x001F_c<" in xml and ">_x005F_x0041_<" in xml and "_xFFFE__xFFFF_" in xml


def test_values_read_back_by_type_by_a_strict_and_a_fast_reader(tmp_path):
    path = tmp_path / "t.xlsx"
    write_xlsx(_table(), "t", path, {"note": "备注"})

    sheet = openpyxl.load_workbook(path)["数据"]
    first = [(c.value, c.data_type) for c in sheet[2]]
    assert first == [
        (True, "b"), (1, "n"), (3, "n"), (2**53, "n"), (1e20, "n"), (0.3, "n"), (12.34, "n"),
        (12.3456, "n"), (dt.datetime(2023, 9, 1), "d"),
        (dt.datetime(2023, 5, 6, 7, 8, 9, 123000), "d"),  # openpyxl reads milliseconds
        ("'" + HOSTILE[0], "s"), ("1 day, 0:00:00", "s"), ("00000000-0000-0000-0000-000000000001", "s"),
    ]  # fmt: skip
    assert sheet["I2"].number_format == "yyyy-mm-dd" and sheet["A1"].font.b
    assert [sheet.cell(r, 9).value for r in (3, 4, 5)] == [
        dt.datetime(1900, 2, 28), dt.datetime(1900, 3, 1),
        dt.datetime(1849, 12, 31),  # 1850-01-01: a negative serial, as xlsxwriter wrote it
    ]  # fmt: skip
    assert sheet["I6"].value is None and sheet.freeze_panes == "A2"
    notes = [sheet.cell(r, 11).value for r in range(2, 19)]
    assert notes[:4] == ["'" + HOSTILE[0], "'" + HOSTILE[1], LONG[:32_767], "😀" * 16_383]
    # openpyxl reads the _xHHHH_ escapes literally, calamine decodes those of control characters
    assert notes[4:] == [
        "'-2", "'@SUM(A1)", "'\tTAB", "'_x000D_CR", "a_x0001_b_x001F_c", "_x005F_x0041_",
        "a & <b> \"q\" 'r'", "😀 emoji 𠀀", " lead", "trail\u3000", "_xFFFE__xFFFF_", None,
        "line\nbreak",
    ]  # fmt: skip
    calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("数据").to_python()
    assert calamine[1][:4] == [True, 1, 3, float(2**53)]
    assert [row[10] for row in calamine[5:]] == [
        "'-2", "'@SUM(A1)", "'\tTAB", "'\rCR", "a\x01b\x1fc", "_x0041_", "a & <b> \"q\" 'r'",
        "😀 emoji 𠀀", " lead", "trail\u3000", "_xFFFE__xFFFF_", "", "line\nbreak",
    ]  # fmt: skip
    assert openpyxl.load_workbook(path)["说明"]["C12"].value == "备注"


def test_text_shaped_like_rich_text_xml_stays_text(tmp_path):
    # xlsxwriter wrote text starting <r> and ending </r> raw into the sheet XML
    con = duckdb.connect()
    con.execute("create table t as select '<r><t>x</t></r>' as a union all select '<r>\x01</r>'")
    write_xlsx(con, "t", tmp_path / "t.xlsx", {})

    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["数据"]
    assert [sheet["A2"].value, sheet["A3"].value] == ["<r><t>x</t></r>", "<r>_x0001_</r>"]
    calamine = CalamineWorkbook.from_path(str(tmp_path / "t.xlsx")).get_sheet_by_name("数据")
    assert calamine.to_python()[1:] == [["<r><t>x</t></r>"], ["<r>\x01</r>"]]


def test_nan_is_refused_as_xlsxwriter_refused_it(tmp_path):
    con = duckdb.connect()
    con.execute("create table t as select 'nan'::double as x")
    with pytest.raises(TypeError, match="NAN/INF"):
        write_xlsx(con, "t", tmp_path / "t.xlsx", {})


def test_the_sheet_limit_is_checked_before_writing_and_a_full_sheet_is_written(tmp_path):
    con = duckdb.connect()
    con.execute("create table t as select range as n from range(5)")
    with pytest.raises(XlsxRowLimitError, match="5 rows: more than the 4 data rows"):
        write_xlsx(con, "t", tmp_path / "over.xlsx", {}, max_rows=4)
    assert not (tmp_path / "over.xlsx").exists()

    assert write_xlsx(con, "t", tmp_path / "full.xlsx", {}, max_rows=5) == 5
    rows = openpyxl.load_workbook(tmp_path / "full.xlsx")["数据"].iter_rows(values_only=True)
    assert list(rows) == [("n",), (0,), (1,), (2,), (3,), (4,)]


def test_an_empty_table_is_its_header_row(tmp_path):
    con = duckdb.connect()
    con.execute("create table t (d date, s varchar)")
    write_xlsx(con, "t", tmp_path / "t.xlsx", {})
    old = tmp_path / "old.xlsx"
    _xlsxwriter_copy(con, "t", old)

    assert _parts(tmp_path / "t.xlsx") == _parts(old)
