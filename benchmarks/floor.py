"""The raw-read floor: every sheet of every file read into memory, no validation, one process.

    python benchmarks/floor.py FILE_LIST [--root DIR]   # one landing-relative path a line; JSON out

Workbooks: fastexcel (calamine, Rust) loads every sheet without a header into Arrow. CSV: DuckDB
reads UTF-8 files itself (read_csv, all columns as text); GBK files are decoded by Python and
parsed by Arrow's CSV reader (DuckDB reads GBK only with its encodings extension, which cannot be
downloaded here). What the ingest does beyond this (finding headers, normalising,
validating, quarantining, writing the warehouse) is its cost over the floor.
"""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

import duckdb
import fastexcel
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.file_list import paths_from_args  # noqa: E402


def read_workbook(path: Path) -> int:
    reader = fastexcel.read_excel(str(path))
    rows = 0
    for name in reader.sheet_names:
        rows += reader.load_sheet(name, header_row=None).to_arrow().num_rows
    return rows


def read_csv(path: Path, con: duckdb.DuckDBPyConnection) -> int:
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030").encode("utf-8")
        options = pacsv.ReadOptions(autogenerate_column_names=True)
        return pacsv.read_csv(io.BytesIO(text), read_options=options).num_rows
    sql = "select count(*) from read_csv(?, header = false, all_varchar = true)"
    return con.execute(sql, [str(path)]).fetchall()[0][0]


def read_all(paths: list[Path]) -> int:
    """Rows read from every sheet of every file."""
    con = duckdb.connect()
    rows = 0
    for path in paths:
        if path.suffix.lower() in (".csv", ".txt"):
            rows += read_csv(path, con)
        else:
            rows += read_workbook(path)
    return rows


def main(argv: list[str] | None = None) -> int:
    paths = paths_from_args(argv, __doc__.splitlines()[0])
    started = time.perf_counter()
    rows = read_all(paths)
    print(json.dumps({"files": len(paths), "rows": rows,
                      "seconds": round(time.perf_counter() - started, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
