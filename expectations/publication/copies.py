"""Parquet and XLSX copies of the analysts' tables (XLSX headers in Chinese, from labels_zh.yml)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb

from expectations.publication.labels import label
from expectations.xlsx_safe import neutralise, new_workbook

# XLSX holds at most 1,048,575 data rows and large sheets are slow to write: mart_lineage is
# published in the DuckDB file and as Parquet only.
XLSX_SKIP = frozenset({"mart_lineage"})


def _q(path: Path) -> str:
    return str(path).replace("'", "''")


def write_parquet(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    con.execute(f"copy (from {table}) to '{_q(path)}' (format parquet)")


def write_xlsx(
    con: duckdb.DuckDBPyConnection, table: str, path: Path, descriptions: dict[str, str]
) -> int:
    """One sheet 数据 with Chinese headers, one sheet 说明 (column, label, description); returns
    the rows written. xlsxwriter directly in constant-memory mode, one typed write per cell (the
    pandas route was 20x slower on the teacher marts). Every text cell is written as a string."""
    cursor = con.execute(f"from {table}")
    columns = [d[0] for d in cursor.description]
    # the project's one safe XLSX set-up (expectations/xlsx_safe.py): no string conversions
    book = new_workbook(path, constant_memory=True)
    try:
        sheet = book.add_worksheet("数据")
        bold = book.add_format({"bold": True})
        day = book.add_format({"num_format": "yyyy-mm-dd"})
        sheet.write_row(0, 0, [label(c) for c in columns], bold)
        sheet.freeze_panes(1, 0)
        row_no = 0
        while batch := cursor.fetchmany(10_000):
            for row in batch:
                row_no += 1
                for col, value in enumerate(row):
                    if value is None:
                        continue
                    if isinstance(value, bool):
                        sheet.write_boolean(row_no, col, value)
                    elif isinstance(value, int | float | Decimal):
                        sheet.write_number(row_no, col, float(value))
                    elif isinstance(value, dt.date):
                        sheet.write_datetime(row_no, col, value, day)
                    else:
                        sheet.write_string(row_no, col, neutralise(str(value)))
        notes = book.add_worksheet("说明")
        notes.write_row(0, 0, ["列名 column", "中文名 label", "说明 description"], bold)
        for i, c in enumerate(columns, start=1):
            notes.write_row(i, 0, [c, label(c), descriptions.get(c, "")])
    finally:
        book.close()
    return row_no
