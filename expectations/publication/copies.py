"""Parquet and XLSX copies of the analysts' tables (XLSX headers in Chinese, from labels_zh.yml)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd

from expectations.publication.labels import label
from expectations.xlsx_safe import SAFE_OPTIONS, neutralise

# XLSX holds at most 1,048,575 data rows and large sheets are slow to write: mart_lineage is
# published in the DuckDB file and as Parquet only.
XLSX_SKIP = frozenset({"mart_lineage"})


def _q(path: Path) -> str:
    return str(path).replace("'", "''")


def write_parquet(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    con.execute(f"copy (from {table}) to '{_q(path)}' (format parquet)")


def _cell(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return neutralise(value)  # OWASP: text from data never starts a formula
    return value


def write_xlsx(frame: pd.DataFrame, path: Path, descriptions: dict[str, str]) -> None:
    """One sheet of data with Chinese headers, one sheet 说明 (column, label, description)."""
    data = frame.map(_cell) if len(frame) else frame
    data = data.rename(columns={c: label(c) for c in frame.columns})
    notes = pd.DataFrame(
        {
            "列名 column": list(frame.columns),
            "中文名 label": [label(c) for c in frame.columns],
            "说明 description": [descriptions.get(c, "") for c in frame.columns],
        }
    )
    options = dict(SAFE_OPTIONS)  # the project's one safe XLSX set-up (expectations/xlsx_safe.py)
    with pd.ExcelWriter(path, engine="xlsxwriter", engine_kwargs={"options": options}) as xl:
        data.to_excel(xl, sheet_name="数据", index=False)
        notes.to_excel(xl, sheet_name="说明", index=False)
        xl.sheets["数据"].freeze_panes(1, 0)
