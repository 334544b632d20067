"""Parquet and XLSX copies of the analysts' tables (XLSX headers in Chinese, from labels_zh.yml).

An XLSX sheet holds 1,048,576 rows; a longer table would be published truncated. A table with
more data rows than one sheet holds gets no XLSX copy: the publication lists it with the reason
(manifest.json `xlsx_omitted`, xlsx/README.txt) and its Parquet and DuckDB copies stay complete.
Continuation sheets were not chosen: a table that size cannot be filtered or pivoted as one in
Excel. The rows stream from DuckDB into the sheet's XML (expectations/xlsx_stream.py, ~1.3 s CPU
per million cells at 50,000 teachers; xlsxwriter's write_row took ~8).

The same rows give the same XLSX bytes: the zip members carry a fixed date (xlsx_stream), and the
workbook's created/modified stamp (docProps/core.xml) is the data's, not the clock's: `data_as_of`,
when the newest file whose rows are in the warehouse was loaded.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
from xlsxwriter.utility import xl_col_to_name

from expectations.publication.labels import label
from expectations.xlsx_safe import neutralise, neutralise_sql, new_workbook
from expectations.xlsx_stream import (
    ZIP64_CELLS,
    ZIP_DATE_TIME,
    SheetTemplate,
    Template,
    dimension,
    typed_rows,
    with_dimension,
)

SHEET_ROWS = 1_048_576  # rows of one XLSX sheet
XLSX_MAX_ROWS = SHEET_ROWS - 1  # data rows of one sheet: less the header row
# published in the DuckDB file and as Parquet only (one row per mart row and source row)
XLSX_SKIP = {"mart_lineage": "lineage is published in analysts.duckdb and as Parquet only"}
README = "README.txt"
# DuckDB types fetched as Python values written by type: bool, int, float, date
NATIVE_TYPES = ("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
                "USMALLINT", "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "DATE", "TIMESTAMP")  # fmt: skip
FETCH_ROWS = 10_000
ZIP_LEVEL = 1  # deflate level of the package (xlsxwriter's: 6)
# the created stamp of copies of a warehouse that records no load: the zip members' date
NO_LOAD_STAMP = dt.datetime(*ZIP_DATE_TIME)


class XlsxRowLimitError(ValueError):
    """The table has more rows than one XLSX sheet holds."""


def _q(path: Path) -> str:
    return str(path).replace("'", "''")


def write_parquet(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    con.execute(f"copy (from {table}) to '{_q(path)}' (format parquet)")


def too_long_reason(rows: int, max_rows: int = XLSX_MAX_ROWS) -> str | None:
    """Why a table of `rows` rows gets no XLSX copy, or None when one sheet holds it."""
    if rows <= max_rows:
        return None
    return (
        f"{rows:,} rows: more than the {max_rows:,} data rows an XLSX sheet holds; "
        "read parquet/<table>.parquet or analysts.duckdb"
    )


def data_as_of(con: duckdb.DuckDBPyConnection) -> dt.datetime:
    """The created stamp of the XLSX copies published from the warehouse `con` opened: when its
    newest loaded file was loaded (the latest loaded_at of raw.load_manifest's rows of status
    'loaded', which DuckDB stored in the session's time zone), in UTC as the stamp is written;
    NO_LOAD_STAMP when no file is loaded. Publishing the same warehouse again gives the same
    stamp; a carried-over mart's copy gets the stamp of the warehouse it is published from."""
    (tables,) = con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() "
        "and schema_name = 'raw' and table_name = 'load_manifest'"
    ).fetchone()
    if not tables:
        return NO_LOAD_STAMP
    (newest,) = con.execute(
        "select timezone('UTC', max(loaded_at)::timestamptz) from raw.load_manifest "
        "where status = 'loaded'"
    ).fetchone()
    return newest.replace(microsecond=0) if newest is not None else NO_LOAD_STAMP


def _prepared(
    con: duckdb.DuckDBPyConnection, table: str
) -> tuple[str, list[str], set[int], dict[int, Callable[[Any], Any]]]:
    """The select that hands the writer cell-ready values, computed in DuckDB rather than per
    cell in Python: decimals as doubles, text neutralised, dates as Excel serial numbers. Also
    the columns shown as dates and Python converters for the columns of other types."""
    described = con.execute(f"from {table} limit 0").description
    select: list[str] = []
    dated: set[int] = set()
    python: dict[int, Callable[[Any], Any]] = {}
    for i, (name, type_code, *_) in enumerate(described):
        quoted = '"' + name.replace('"', '""') + '"'
        kind = str(type_code)
        if kind.startswith("DECIMAL"):
            # exact: an int64 decimal over a power of ten, both exact doubles, rounds once
            select.append(f"cast({quoted} as double) as {quoted}")
        elif kind == "VARCHAR":
            select.append(f"{neutralise_sql(quoted)} as {quoted}")
        elif kind == "DATE":
            select.append(f"{_serial_sql(quoted)} as {quoted}")
            dated.add(i)
        else:
            select.append(quoted)
            if kind == "TIMESTAMP":
                dated.add(i)
            elif kind not in NATIVE_TYPES:
                python[i] = _as_text
    return f"select {', '.join(select)} from {table}", [d[0] for d in described], dated, python


def _serial_sql(date: str) -> str:
    """SQL of a DATE's Excel serial number as xlsxwriter computed it: days since 1899-12-31,
    plus Excel's phantom 29 February 1900 from 1 March 1900 on (xlsx_stream.excel_serial)."""
    days = f"({date} - date '1899-12-31')"
    return f"{days} + cast({days} > 59 as integer)"


def _as_text(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    return neutralise(str(value))


def _skeleton(
    path: Path,
    columns: list[str],
    dated: set[int],
    descriptions: dict[str, str],
    created: dt.datetime,
) -> None:
    """The workbook as xlsxwriter lays it out (constant memory, as the copies were written
    until xlsx_stream): sheet 数据 with the Chinese header row frozen and one sample data row
    (a date in the date columns that hold one, else 0), sheet 说明; created/modified `created`."""
    book = new_workbook(path, constant_memory=True, default_date_format="yyyy-mm-dd")
    book.set_properties({"created": created})
    try:
        sheet = book.add_worksheet("数据")
        bold = book.add_format({"bold": True})
        sheet.write_row(0, 0, [label(c) for c in columns], bold)
        sheet.freeze_panes(1, 0)
        for col in range(len(columns)):
            if col in dated:
                sheet.write_datetime(1, col, dt.date(2000, 1, 1))
            else:
                sheet.write_number(1, col, 0)
        notes = book.add_worksheet("说明")
        notes.write_row(0, 0, ["列名 column", "中文名 label", "说明 description"], bold)
        for i, c in enumerate(columns, start=1):
            notes.write_row(i, 0, [c, label(c), descriptions.get(c, "")])
    finally:
        book.close()


def _dated_with_values(con: duckdb.DuckDBPyConnection, table: str, columns: list[str],
                       dated: set[int]) -> set[int]:  # fmt: skip
    """The date columns holding a value: only they get the date format into styles.xml, as
    with xlsxwriter, which adds a format when a cell first uses it."""
    if not dated:
        return set()
    order = sorted(dated)
    counts = ", ".join('count("' + columns[i].replace('"', '""') + '")' for i in order)
    found = con.execute(f"select {counts} from {table}").fetchone()
    return {i for i, n in zip(order, found, strict=True) if n}


def _data_rows(
    cursor: Any,
    python: Mapping[int, Callable[[Any], Any]],
    sheet: SheetTemplate,
    ref: str,
    last: list[int],
) -> Iterator[str]:
    """Sheet 数据's XML: head, the rows fetched FETCH_ROWS at a time, tail; last[0] is set to
    the last row holding a cell (the header: 1)."""
    yield with_dimension(sheet.head, ref)
    columns = [(xl_col_to_name(c), style) for c, style in enumerate(sheet.styles)]
    row_no, last[0] = 2, 1
    while batch := cursor.fetchmany(FETCH_ROWS):
        if python:
            batch = [tuple(python[i](v) if i in python else v for i, v in enumerate(row))
                     for row in batch]  # fmt: skip
        if row_no + len(batch) - 1 > SHEET_ROWS:
            raise XlsxRowLimitError(f"row {SHEET_ROWS + 1:,} is past the sheet's last row")
        out: list[str] = []
        last[0] = typed_rows(batch, row_no, columns, out) or last[0]
        row_no += len(batch)
        yield "".join(out)
    yield sheet.tail


def write_xlsx(
    con: duckdb.DuckDBPyConnection,
    table: str,
    path: Path,
    descriptions: dict[str, str],
    max_rows: int = XLSX_MAX_ROWS,
    created: dt.datetime | None = None,
) -> int:
    """One sheet 数据 with Chinese headers, one sheet 说明 (column, label, description); returns
    the rows written. Raises XlsxRowLimitError, writing nothing, when the table has more than
    `max_rows` rows. The layout comes from xlsxwriter, the data rows stream from DuckDB into the
    sheet's XML (xlsx_stream): each cell as xlsxwriter's write() stored it, text always a
    string cell (never a formula: xlsx_safe.py). The workbook's created stamp is `created`
    (naive UTC), by default data_as_of(con): the same rows give the same bytes."""
    rows = int(con.execute(f"select count(*) from {table}").fetchone()[0])
    if reason := too_long_reason(rows, max_rows):
        raise XlsxRowLimitError(f"{table}: {reason}")
    sql, columns, dated, python = _prepared(con, table)
    with tempfile.TemporaryDirectory() as tmp:
        skeleton = Path(tmp) / "skeleton.xlsx"
        _skeleton(
            skeleton,
            columns,
            _dated_with_values(con, table, columns, dated),
            descriptions,
            created or data_as_of(con),
        )
        template = Template(skeleton, [1])
    zip64 = rows * len(columns) > ZIP64_CELLS
    last_row, last = rows + 1, [0]
    while last[0] != last_row:  # twice when trailing rows hold no cell: the dimension ends above
        last_row = last[0] or last_row
        ref = dimension(last_row, len(columns))
        body = _data_rows(con.execute(sql), python, template.sheets[0], ref, last)
        template.write(path, [body], level=ZIP_LEVEL, zip64=zip64)
    return rows


def write_readme(folder: Path, omitted: Mapping[str, str]) -> None:
    """xlsx/README.txt: the tables of this publication without an XLSX copy, and why."""
    lines = [
        "本目录为各数据表的 XLSX 副本（中文列名）。以下数据表没有 XLSX 副本，请使用 parquet/ 或 analysts.duckdb：",
        "Tables without an XLSX copy in this publication (use parquet/ or analysts.duckdb):",
        "",
        *(f"{table}: {reason}" for table, reason in sorted(omitted.items())),
    ]
    (folder / README).write_text("\n".join(lines) + "\n", encoding="utf-8")
