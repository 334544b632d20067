"""One safe way to write XLSX files that leave the building (formula injection).

Every XLSX the project writes goes through ``new_workbook`` and ``write_value``/``write_text``:
- the workbook is opened with xlsxwriter's string conversions off (``strings_to_formulas``,
  ``strings_to_numbers``, ``strings_to_urls``), so ``write()`` could not turn data into a formula
  even if someone called it;
- text from data is written with ``write_string`` (a shared string, never an ``<f>`` element),
  after ``neutralise``: text that starts with = + - @ (or a tab or carriage return) gets a
  leading apostrophe, as OWASP recommends for CSV/spreadsheet exports, so a school or teacher
  named ``=HYPERLINK("http://x","y")`` stays inert text also after a user copies the cell into
  another sheet or saves the workbook as CSV.
Formulas and links the code itself writes (a sheet's internal links) are not data and are
written by the caller on purpose.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SAFE_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def neutralise(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet could read as a formula (OWASP)."""
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def neutralise_sql(column: str) -> str:
    """SQL of ``neutralise`` over a quoted VARCHAR column, for writers that prepare a whole table
    in DuckDB (expectations/publication/copies.py): the same triggers, no per-cell Python."""
    tests = " or ".join(f"starts_with({column}, chr({ord(t)}))" for t in FORMULA_TRIGGERS)
    return f"case when {tests} then chr(39) || {column} else {column} end"


def new_workbook(path: Path | str, **options: Any) -> xlsxwriter.Workbook:
    """An xlsxwriter workbook that never converts strings to formulas, numbers or links."""
    return xlsxwriter.Workbook(str(path), {**options, **SAFE_OPTIONS})


def write_text(sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """Write value as a (neutralised) string cell; None/NaN become an empty string cell."""
    text = "" if _missing(value) else str(value)
    sheet.write_string(row, col, neutralise(text), fmt)


def write_value(sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """Write a data value by its type: numbers as numbers, dates as dates, missing as blank,
    everything else as neutralised text (never through xlsxwriter's generic ``write``)."""
    if hasattr(value, "item") and not isinstance(value, str):  # numpy/pandas scalars
        value = value.item()
    if _missing(value):
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, col, float(value), fmt)
    elif isinstance(value, dt.datetime | dt.date):
        sheet.write_string(row, col, value.isoformat(), fmt)
    else:
        write_text(sheet, row, col, value, fmt)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas as pd

        return value is pd.NA or value is pd.NaT
    except ImportError:  # pragma: no cover - pandas is a dependency
        return False
