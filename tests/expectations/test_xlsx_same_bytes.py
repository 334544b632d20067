"""The publication's XLSX copies are the same bytes when the rows are the same: their zip members
are dated 1980-01-01 (expectations/xlsx_stream.py) and their created stamp is the warehouse's
newest load (expectations/publication/copies.py `data_as_of`), whatever the clock says."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest
import xlsxwriter
import xlsxwriter.core
from python_calamine import CalamineWorkbook

from expectations.products.sheets import write_sheets
from expectations.publication.copies import data_as_of, write_xlsx
from expectations.xlsx_stream import ZIP_DATE_TIME

LATER = dt.datetime(2031, 5, 6, 7, 8, 10, tzinfo=dt.UTC)  # the clock moved on, 2031-05-06


class _AnyDatetime(type):
    def __instancecheck__(cls, value: object) -> bool:
        return isinstance(value, dt.datetime)


class _LaterDatetime(dt.datetime, metaclass=_AnyDatetime):
    """xlsxwriter's datetime with the clock at LATER (a real datetime still passes isinstance)."""

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]
        return LATER.astimezone(tz) if tz else LATER.replace(tzinfo=None)


def _move_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clocks zipfile (time.time) and xlsxwriter (datetime.now) stamp files with, at LATER."""
    monkeypatch.setattr(time, "time", LATER.timestamp)
    monkeypatch.setattr(xlsxwriter.core, "datetime", _LaterDatetime)


def _warehouse() -> duckdb.DuckDBPyConnection:
    """A table to copy and a load manifest stored as the loader stores it: loaded_at in the
    session's time zone (Beijing here, UTC+8). The newest load of status 'loaded' is
    2024-03-05 10:30:15.25 Beijing = 02:30:15 UTC; later rows of other statuses loaded no data
    that is still in the warehouse."""
    con = duckdb.connect()
    con.execute("set TimeZone = 'Asia/Shanghai'")
    con.execute("create schema raw")
    con.execute(
        "create table raw.load_manifest (load_id varchar, status varchar, loaded_at timestamp)"
    )
    con.execute(
        "insert into raw.load_manifest values "
        "('a', 'superseded', '2024-03-01 09:00:00'), ('b', 'loaded', '2024-03-05 10:30:15.25'), "
        "('c', 'loaded', '2024-02-01 08:00:00'), ('d', 'failed', '2024-04-01 00:00:00'), "
        "('e', 'unmatched', '2024-04-02 00:00:00')"
    )
    con.execute(
        "create table t as select * from (values (1, '张三', date '2024-03-01', 1.5), "
        "(2, '=1+1', null, null)) v(n, name, day, hours)"
    )
    return con


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _core(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("docProps/core.xml").decode("utf-8")


def test_the_stamp_is_the_newest_loaded_file_in_utc():
    assert data_as_of(_warehouse()) == dt.datetime(2024, 3, 5, 2, 30, 15)


def test_a_warehouse_without_a_load_stamps_the_zip_epoch():
    assert data_as_of(duckdb.connect()) == dt.datetime(1980, 1, 1)
    con = _warehouse()
    con.execute("delete from raw.load_manifest where status = 'loaded'")
    assert data_as_of(con) == dt.datetime(1980, 1, 1)


def test_a_copy_written_again_later_is_the_same_bytes(tmp_path, monkeypatch):
    con = _warehouse()
    first = tmp_path / "first.xlsx"
    write_xlsx(con, "t", first, {"name": "姓名"})
    _move_clock(monkeypatch)
    # the moved clocks are the ones that stamped files before: a plain workbook and zip show them
    with xlsxwriter.Workbook(str(tmp_path / "plain.xlsx")):
        pass
    assert "2031-05-06T07:08:10Z" in _core(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(tmp_path / "plain.zip", "w") as package:
        package.writestr("a.txt", "a")
        assert package.getinfo("a.txt").date_time[0] == 2031
    second = tmp_path / "second.xlsx"
    write_xlsx(con, "t", second, {"name": "姓名"})

    assert _sha256(second) == _sha256(first)
    core = _core(second)
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-05T02:30:15Z<' in core
    assert '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-03-05T02:30:15Z<' in core
    with zipfile.ZipFile(second) as package:
        assert {i.date_time for i in package.infolist()} == {ZIP_DATE_TIME}


def test_the_stamped_copy_still_opens_with_its_cells(tmp_path):
    path = tmp_path / "t.xlsx"
    write_xlsx(_warehouse(), "t", path, {})
    book = openpyxl.load_workbook(path)
    assert book.properties.created == dt.datetime(2024, 3, 5, 2, 30, 15)
    rows = list(book["数据"].iter_rows(min_row=2, values_only=True))
    assert rows == [(1, "张三", dt.datetime(2024, 3, 1), 1.5), (2, "'=1+1", None, None)]
    calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("数据").to_python()
    assert calamine[1:] == [[1, "张三", dt.date(2024, 3, 1), 1.5], [2, "'=1+1", "", ""]]


def test_an_explicit_stamp_is_written_as_given(tmp_path):
    path = tmp_path / "t.xlsx"
    write_xlsx(_warehouse(), "t", path, {}, created=dt.datetime(2025, 1, 2, 3, 4, 5))
    assert "2025-01-02T03:04:05Z" in _core(path)


def test_a_school_product_gets_the_fixed_member_dates_too(tmp_path):
    path = write_sheets(tmp_path / "p.xlsx", [("学校", ("名称", "学时"), [("一中", 3.0)])])
    with zipfile.ZipFile(path) as package:
        assert {i.date_time for i in package.infolist()} == {ZIP_DATE_TIME}
