"""XLSX copies: values written by type, and a table longer than a sheet gets no XLSX copy (never
a truncated one) with the reason in the publication; its Parquet and DuckDB copies stay whole.
The sheet limit is injected small so no test writes a million rows."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import openpyxl
import pytest

from expectations.publication.copies import XlsxRowLimitError, write_xlsx
from expectations.publication.publish import PublishSettings, publish
from tests.publish import hand_warehouse as hw


def _table() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(
        "create table t as select * from (values "
        "(12.3456::decimal(18,4), date '2023-09-01', true, '-1', 3), "
        "(null, null, false, '学校', -2)) as v(hours, day, ok, note, n)"
    )
    return con


def test_cells_are_written_by_type_and_text_stays_inert(tmp_path):
    path = tmp_path / "t.xlsx"
    assert write_xlsx(_table(), "t", path, {"hours": "学时"}) == 2

    book = openpyxl.load_workbook(path)
    rows = [[(c.value, c.data_type) for c in r] for r in book["数据"].iter_rows(min_row=2)]
    assert rows == [
        [(12.3456, "n"), (dt.datetime(2023, 9, 1), "d"), (True, "b"), ("'-1", "s"), (3, "n")],
        [(None, "n"), (None, "n"), (False, "b"), ("学校", "s"), (-2, "n")],
    ]
    assert book["数据"]["B2"].number_format == "yyyy-mm-dd"
    assert book["说明"]["C2"].value == "学时"


def test_a_table_longer_than_the_sheet_limit_is_refused_before_writing(tmp_path):
    path = tmp_path / "t.xlsx"
    with pytest.raises(XlsxRowLimitError, match="2 rows: more than the 1 data rows"):
        write_xlsx(_table(), "t", path, {}, max_rows=1)
    assert not path.exists()


def test_publication_lists_a_mart_too_long_for_a_sheet_and_keeps_its_other_copies(tmp_path):
    wh = tmp_path / "w.duckdb"
    hw.write_warehouse(wh)
    settings = PublishSettings(
        root=tmp_path / "published",
        dbt_manifest=hw.write_dbt_manifest(tmp_path / "manifest.json"),
        xlsx_max_rows=1,
    )
    with duckdb.connect(str(wh)) as con:
        result = publish(con, settings)

    current = settings.root / "current"
    # mart_teacher_year_credits publishes 2 rows (kA|2022, kC|2023): over a 1-row sheet
    assert sorted(p.name for p in (current / "xlsx").iterdir()) == [
        "README.txt", "mart_county_year_funding.xlsx", "mart_school_year_funding.xlsx",
    ]  # fmt: skip
    reason = "2 rows: more than the 1 data rows an XLSX sheet holds; "
    manifest = json.loads((current / "manifest.json").read_text("utf-8"))
    assert sorted(manifest["xlsx_omitted"]) == ["mart_lineage", "mart_teacher_year_credits"]
    assert manifest["xlsx_omitted"]["mart_teacher_year_credits"].startswith(reason)
    assert result.xlsx_omitted == manifest["xlsx_omitted"]
    readme = (current / "xlsx" / "README.txt").read_text("utf-8")
    assert f"mart_teacher_year_credits: {reason}" in readme
    parquet = current / "parquet" / "mart_teacher_year_credits.parquet"
    assert duckdb.sql(f"select count(*) from '{parquet}'").fetchall() == [(2,)]
    with duckdb.connect(str(current / "analysts.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from mart_teacher_year_credits").fetchone() == (2,)
