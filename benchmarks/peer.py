"""The pandas peer: what a bureau analyst writes today to sum training hours per teacher.

    python benchmarks/peer.py FILE_LIST [--root DIR]   # one landing-relative path a line; JSON out

Plain pandas with its default engines (read_excel -> openpyxl for .xlsx, read_csv -> the C
parser), every sheet of every file it is given, no validation, no parallelism. For each sheet it
finds the header row (the first row naming an ID column), then sums per ID as written:
  - a column headed 学时 (登记学时, 培训学时, 获得学时) in hours, or 学习时长(分钟) in minutes;
  - a sign-in matrix (a row whose first cell is 学时 under the header): the hours of every session
    marked √.
Sheets without an ID column or hours (rosters, funding, plans, surveys) are read and counted all
the same: the peer reads every file the ingest reads. It is deliberately as naive as a script a
person would write; it does no dedup across sources, so its totals are not the marts' credits.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.file_list import paths_from_args  # noqa: E402

ID_HEADERS = ("身份证", "证件号")
PRESENT = "√"
# pandas 3 announces that its default xlsx engine will change; the peer keeps today's default
warnings.filterwarnings("ignore", message="The default engine for reading")


def read_sheets(path: Path) -> list[pd.DataFrame]:
    """Every sheet of a workbook, or the CSV, as strings without a header."""
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        return list(pd.read_excel(path, sheet_name=None, header=None, dtype=str).values())
    raw = path.read_bytes()
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "gb18030"
    try:
        return [pd.read_csv(path, header=None, dtype=str, encoding=encoding)]
    except UnicodeDecodeError:
        return [pd.read_csv(path, header=None, dtype=str, encoding="utf-8")]


def _header_row(df: pd.DataFrame) -> int | None:
    for i in range(min(len(df), 10)):
        if any(isinstance(v, str) and v.lstrip("*").startswith(ID_HEADERS) for v in df.iloc[i]):
            return i
    return None


def _hours_column(header: list[str]) -> tuple[int, float] | None:
    """(column, factor to hours) of the hours column, None when the sheet has none."""
    for j, name in enumerate(header):
        if "学习时长" in name and "分钟" in name:
            return j, 1 / 60
    for j, name in enumerate(header):
        if name.endswith("学时") and "实践" not in name:
            return j, 1.0
    return None


def sheet_hours(df: pd.DataFrame) -> pd.Series:
    """Hours per ID (as written) in one sheet; empty when the sheet carries none."""
    h = _header_row(df)
    if h is None:
        return pd.Series(dtype=float)
    header = [str(v).strip().lstrip("*") for v in df.iloc[h]]
    id_col = next(j for j, v in enumerate(header) if v.startswith(ID_HEADERS))
    below = df.iloc[h + 1 :]
    if len(below) and str(below.iloc[0, 0]).strip() == "学时":  # a sign-in matrix
        session_hours = pd.to_numeric(below.iloc[0], errors="coerce")
        sessions = [j for j in range(id_col + 1, df.shape[1]) if pd.notna(session_hours.iloc[j])]
        rows = below.iloc[1:]
        marks = rows.iloc[:, sessions].apply(lambda col: col.str.strip() == PRESENT)
        hours = (marks * session_hours.iloc[sessions].to_numpy()).sum(axis=1)
        return hours.groupby(rows.iloc[:, id_col]).sum()
    found = _hours_column(header)
    if found is None:
        return pd.Series(dtype=float)
    col, factor = found
    hours = pd.to_numeric(below.iloc[:, col], errors="coerce") * factor
    return hours.groupby(below.iloc[:, id_col]).sum()


def hours_per_teacher(paths: list[Path]) -> tuple[dict[str, float], int]:
    """Total hours per ID as written over every file, and the number of rows read."""
    parts: list[pd.Series] = []
    rows = 0
    for path in paths:
        for df in read_sheets(path):
            rows += len(df)
            parts.append(sheet_hours(df))
    nonempty = [p for p in parts if len(p)]
    if not nonempty:
        return {}, rows
    total = pd.concat(nonempty).groupby(level=0).sum()
    return {str(k): round(float(v), 4) for k, v in total.items()}, rows


def main(argv: list[str] | None = None) -> int:
    paths = paths_from_args(argv, __doc__.splitlines()[0])
    started = time.perf_counter()
    totals, rows = hours_per_teacher(paths)
    print(json.dumps({
        "files": len(paths), "rows": rows, "teachers": len(totals),
        "hours": round(sum(totals.values()), 2), "seconds": round(time.perf_counter() - started, 2),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
