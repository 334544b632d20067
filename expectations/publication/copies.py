"""Parquet and XLSX copies of the analysts' tables (XLSX headers in Chinese, from labels_zh.yml).

An XLSX sheet holds 1,048,576 rows, and xlsxwriter ignores a write past them (it returns -1), so
a longer table would be published silently truncated. A table with more data rows than one sheet
holds gets no XLSX copy: the publication lists it with the reason (manifest.json `xlsx_omitted`,
xlsx/README.txt) and its Parquet and DuckDB copies stay complete. Continuation sheets were not
chosen: a table that size cannot be filtered or pivoted as one in Excel, and writing it costs
minutes of CPU at province scale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from expectations.publication.labels import label
from expectations.xlsx_safe import neutralise, neutralise_sql, new_workbook

XLSX_MAX_ROWS = 1_048_575  # data rows of one sheet: 1,048,576 rows less the header row
# published in the DuckDB file and as Parquet only (one row per mart row and source row)
XLSX_SKIP = {"mart_lineage": "lineage is published in analysts.duckdb and as Parquet only"}
README = "README.txt"
# DuckDB types fetched as Python values xlsxwriter writes by type: bool, int, float, date
NATIVE_TYPES = ("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
                "USMALLINT", "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "DATE", "TIMESTAMP")  # fmt: skip
FETCH_ROWS = 10_000


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


def _prepared(
    con: duckdb.DuckDBPyConnection, table: str
) -> tuple[str, list[str], dict[int, Callable[[Any], Any]]]:
    """The select that hands xlsxwriter cell-ready values (decimals as doubles, text neutralised
    in DuckDB, no per-cell Python) and Python converters for the columns of other types."""
    described = con.execute(f"from {table} limit 0").description
    select: list[str] = []
    python: dict[int, Callable[[Any], Any]] = {}
    for i, (name, type_code, *_) in enumerate(described):
        quoted = '"' + name.replace('"', '""') + '"'
        kind = str(type_code)
        if kind.startswith("DECIMAL"):
            # exact: an int64 decimal over a power of ten, both exact doubles, rounds once
            select.append(f"cast({quoted} as double) as {quoted}")
        elif kind == "VARCHAR":
            select.append(f"{neutralise_sql(quoted)} as {quoted}")
        else:
            select.append(quoted)
            if kind not in NATIVE_TYPES:
                python[i] = _as_text
    return f"select {', '.join(select)} from {table}", [d[0] for d in described], python


def _as_text(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    return neutralise(str(value))


def _rows(cursor: Any, python: Mapping[int, Callable[[Any], Any]]) -> Iterable[tuple]:
    while batch := cursor.fetchmany(FETCH_ROWS):
        if not python:
            yield from batch
            continue
        for row in batch:
            yield tuple(python[i](v) if i in python else v for i, v in enumerate(row))


def write_xlsx(
    con: duckdb.DuckDBPyConnection,
    table: str,
    path: Path,
    descriptions: dict[str, str],
    max_rows: int = XLSX_MAX_ROWS,
) -> int:
    """One sheet 数据 with Chinese headers, one sheet 说明 (column, label, description); returns
    the rows written. Raises XlsxRowLimitError, writing nothing, when the table has more than
    `max_rows` rows. xlsxwriter in constant-memory mode, one write_row per row of values DuckDB
    prepared; text is always a string cell (the workbook converts no string, xlsx_safe.py)."""
    rows = int(con.execute(f"select count(*) from {table}").fetchone()[0])
    if reason := too_long_reason(rows, max_rows):
        raise XlsxRowLimitError(f"{table}: {reason}")
    sql, columns, python = _prepared(con, table)
    cursor = con.execute(sql)
    book = new_workbook(path, constant_memory=True, default_date_format="yyyy-mm-dd")
    try:
        sheet = book.add_worksheet("数据")
        bold = book.add_format({"bold": True})
        sheet.write_row(0, 0, [label(c) for c in columns], bold)
        sheet.freeze_panes(1, 0)
        write_row = sheet.write_row
        row_no = 0
        for row_no, values in enumerate(_rows(cursor, python), start=1):
            error = write_row(row_no, 0, values)
            if error == -1:
                raise XlsxRowLimitError(f"{table}: row {row_no:,} is past the sheet's last row")
            if error:  # -2: a text over Excel's 32,767 characters, cut; write_row stopped there
                for col, value in enumerate(values):
                    sheet.write(row_no, col, value)
        notes = book.add_worksheet("说明")
        notes.write_row(0, 0, ["列名 column", "中文名 label", "说明 description"], bold)
        for i, c in enumerate(columns, start=1):
            notes.write_row(i, 0, [c, label(c), descriptions.get(c, "")])
    finally:
        book.close()
    return row_no


def write_readme(folder: Path, omitted: Mapping[str, str]) -> None:
    """xlsx/README.txt: the tables of this publication without an XLSX copy, and why."""
    lines = [
        "本目录为各数据表的 XLSX 副本（中文列名）。以下数据表没有 XLSX 副本，请使用 parquet/ 或 analysts.duckdb：",
        "Tables without an XLSX copy in this publication (use parquet/ or analysts.duckdb):",
        "",
        *(f"{table}: {reason}" for table, reason in sorted(omitted.items())),
    ]
    (folder / README).write_text("\n".join(lines) + "\n", encoding="utf-8")
