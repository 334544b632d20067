"""Hostile landing files, bounded memory and isolation (the formats are in
test_hostile_formats.py): each is built here, and the test asserts the exact outcome: rejected
with which reason, or rows loaded. Memory figures of the worst cases are measured in a subprocess
(resource.getrusage) so a regression shows as a number.
"""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from hostile_builders import (
    abort_on_boom,
    loaded,
    patch_declared_size,
    platform_rows,
    sheet_xml,
    write_ole,
    write_raw_xlsx,
)
from ingest_builders import PLATFORM_HEADER, write_csv, write_xlsx

from ingest import loader
from ingest.isolation import read_alone
from ingest.loader import load_paths
from ingest.reader import read_file

HERE = Path(__file__).parent
ROOT = HERE.parent.parent


# ---------------------------------------------------------------------------------------------
# 10.4: bounded memory
# ---------------------------------------------------------------------------------------------


def xfd_workbook(path: Path) -> Path:
    """The issue's 6 KB workbook: a normal sheet plus one cell at XFD1048576."""
    return write_raw_xlsx(
        path, sheet_xml(platform_rows(), None, '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    )


def test_one_cell_at_xfd1048576_is_rejected_before_parsing_with_the_column_limit(tmp_path):
    path = xfd_workbook(tmp_path / "crafted.xlsx")
    assert path.stat().st_size < 6 * 1024
    read = read_file(path, tmp_path)
    assert read.rejected == "LIMIT_COLUMNS"
    assert read.error == (
        "rejected (LIMIT_COLUMNS): worksheet xl/worksheets/sheet1.xml spans 16,384 columns (limit 4,096)"
    )
    assert read.sheets == []


def test_declared_dimension_over_the_limits_is_rejected_even_without_such_a_cell(tmp_path):
    path = write_raw_xlsx(tmp_path / "dim.xlsx", sheet_xml(platform_rows(), "A1:XFD1048576"))
    read = read_file(path, tmp_path)
    assert read.rejected == "LIMIT_COLUMNS"
    assert "declared dimension A1:XFD1048576 spans 16,384 columns" in read.error


def test_a_cell_far_down_a_wide_sheet_is_rejected_by_the_cell_limit(tmp_path):
    # ZZ1048576: 702 columns (under the column limit) x 1,048,576 rows = 736,100,352 cells.
    path = write_raw_xlsx(
        tmp_path / "deep.xlsx",
        sheet_xml(platform_rows(), None, '<row r="1048576"><c r="ZZ1048576"><v>1</v></c></row>'),
    )
    read = read_file(path, tmp_path)
    assert read.rejected == "LIMIT_CELLS"
    assert read.error.endswith("spans 1,048,576 rows x 702 columns = 736,100,352 cells (limit 32,000,000)")


def test_a_256_mib_declared_shared_string_is_rejected_from_the_zip_directory(tmp_path):
    ss = (
        '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>" + "A" * 100 + "</t></si></sst>"
    )
    path = write_raw_xlsx(tmp_path / "bomb.xlsx", sheet_xml(platform_rows()), ss)
    patch_declared_size(path, "xl/sharedStrings.xml", 256 << 20)  # declared only: nothing allocated
    read = read_file(path, tmp_path)
    assert read.rejected == "LIMIT_BYTES"
    assert read.error == (
        "rejected (LIMIT_BYTES): zip member xl/sharedStrings.xml (declared uncompressed) is "
        "268,435,456 bytes (limit 134,217,728)"
    )


def test_a_shared_string_longer_than_excel_allows_is_rejected_before_parsing(tmp_path):
    ss = (
        '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>" + "林" * 40_000 + "</t></si></sst>"
    )
    path = write_raw_xlsx(tmp_path / "long.xlsx", sheet_xml(platform_rows()), ss)
    read = read_file(path, tmp_path)
    assert read.rejected == "LIMIT_CELL_CHARS"
    assert "holds a text of 40,000 characters (limit 32,767" in read.error


def test_an_inline_text_longer_than_excel_allows_is_rejected(tmp_path):
    rows = platform_rows()
    rows[1][3] = "课" * 32_768
    read = read_file(write_raw_xlsx(tmp_path / "inline.xlsx", sheet_xml(rows)), tmp_path)
    assert read.rejected == "LIMIT_CELL_CHARS"
    assert read.error == (
        "rejected (LIMIT_CELL_CHARS): sheet 'Sheet1' holds a text of 32,768 characters "
        "(limit 32,767, Excel's own)"
    )


def wide_rows(width: int) -> list[list[object]]:
    header = PLATFORM_HEADER + [f"备注{i}" for i in range(width - len(PLATFORM_HEADER))]
    return [header] + [r + ["x"] * (width - len(r)) for r in platform_rows()[1:]]


def test_a_2000_column_sheet_loads_its_rows(tmp_path):
    read = read_file(write_xlsx(tmp_path / "wide.xlsx", wide_rows(2000)), tmp_path)
    assert read.error is None and read.profile == "platform_records"
    assert (read.rows_read, read.rows_loaded) == (3, 2)
    assert loaded(read) == [("林斌", 1.5), ("陈明", 2.0)]


def test_a_16384_column_sheet_is_rejected_with_the_column_limit(tmp_path):
    path = write_raw_xlsx(tmp_path / "widest.xlsx", sheet_xml(wide_rows(16_384)))
    read = read_file(path, tmp_path)
    assert read.rejected == "LIMIT_COLUMNS"
    assert read.error.endswith("spans 16,384 columns (limit 4,096)")


def test_a_csv_wider_than_the_column_limit_is_rejected_before_polars_builds_it(tmp_path):
    path = write_csv(tmp_path / "wide.csv", wide_rows(5000))
    read = read_file(path, tmp_path)
    assert read.rejected == "LIMIT_COLUMNS"
    assert read.error == "rejected (LIMIT_COLUMNS): the CSV spans 5,000 columns (limit 4,096)"


def test_a_csv_longer_than_an_excel_sheet_loads_and_a_sheet_that_long_is_rejected(
    tmp_path, monkeypatch
):
    """Excel's row limit is a spreadsheet's, not a CSV's: a province's platform export has more
    than a million records. With the sheet limit lowered to 2 rows, the same three-row export
    loads from a CSV and is refused from an XLSX."""
    monkeypatch.setattr("ingest.limits.MAX_ROWS", 2)
    csv_read = read_file(write_csv(tmp_path / "long.csv", platform_rows()), tmp_path)
    assert csv_read.error is None and csv_read.rejected is None
    assert loaded(csv_read) == [("林斌", 1.5), ("陈明", 2.0)]
    xlsx_read = read_file(write_xlsx(tmp_path / "long.xlsx", platform_rows()), tmp_path)
    assert xlsx_read.rejected == "LIMIT_ROWS"
    assert xlsx_read.error == (
        "rejected (LIMIT_ROWS): worksheet xl/worksheets/sheet1.xml's declared dimension A1:H3 "
        "spans 3 rows (limit 2)"
    )


def test_a_rejected_file_fails_alone_and_the_run_reports_it_as_rejected_not_violated(tmp_path):
    land = tmp_path / "land"
    xfd_workbook(land / "crafted.xlsx")
    write_xlsx(land / "good.xlsx", platform_rows())
    write_ole(land / "protected.xlsx", {"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"x" * 5000})
    con = duckdb.connect()
    report = load_paths([land], con, land)
    by_name = {f.source_file: f for f in report.files}
    assert {k: (f.status, f.rejected) for k, f in by_name.items()} == {
        "crafted.xlsx": ("failed", "LIMIT_COLUMNS"),
        "good.xlsx": ("new", None),
        "protected.xlsx": ("failed", "ENCRYPTED"),
    }
    d = {f["source_file"]: f for f in json.loads(json.dumps(report.to_dict()))["files"]}
    assert d["crafted.xlsx"]["conservation"] == "rejected (LIMIT_COLUMNS)"
    assert d["protected.xlsx"]["conservation"] == "rejected (ENCRYPTED)"
    assert "conserved" not in d["protected.xlsx"] and d["good.xlsx"]["conserved"] is True
    assert con.execute("select name from raw.platform_records order by source_row").fetchall() == [
        ("林斌",), ("陈明",)
    ]


def crash_task(path: str, *_: object):
    """Stands in for a parser that aborts its process (a native allocation failure)."""
    import os

    os.abort()


def test_a_parser_process_that_dies_fails_only_its_own_file(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    args = (str(tmp_path / "x.xlsx"), str(tmp_path), None, None, "d" * 64)
    read = read_alone(crash_task, args, ctx, tmp_path)
    assert read.source_file == "x.xlsx" and read.content_hash == "d" * 64
    assert read.error.startswith("the parser process crashed on this file")


def test_a_worker_crash_in_the_pool_fails_only_its_file_and_the_others_still_load(tmp_path, monkeypatch):
    land = tmp_path / "land"
    write_csv(land / "a.csv", platform_rows())
    write_csv(land / "boom.csv", platform_rows()[:2])
    write_csv(land / "c.csv", platform_rows()[:1] + platform_rows()[2:])
    monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", 0)  # use the pool for these small files
    monkeypatch.setattr(loader, "_read_task", abort_on_boom)
    report = load_paths([land], duckdb.connect(), land, workers=2)
    got = {f.source_file: (f.status, f.rows_loaded) for f in report.files}
    assert got == {"a.csv": ("new", 2), "boom.csv": ("failed", 0), "c.csv": ("new", 1)}
    [boom] = [f for f in report.files if f.source_file == "boom.csv"]
    assert boom.message.startswith("the parser process crashed on this file")


PEAK = """
import resource, sys
sys.path[:0] = [{here!r}, {root!r}]
from pathlib import Path
import hostile_builders as H
import test_hostile_files as T
from ingest.reader import read_file
p = Path({tmp!r}) / {name!r}
case = {case!r}
if case == "xfd":
    T.xfd_workbook(p)
elif case == "wide2000":
    from ingest_builders import write_xlsx
    write_xlsx(p, T.wide_rows(2000))
elif case == "wide16384":
    H.write_raw_xlsx(p, H.sheet_xml(T.wide_rows(16384)))
read = read_file(p)
print(read.rejected, read.rows_loaded, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


@pytest.mark.parametrize(
    ("case", "rejected", "rows"),
    [("xfd", "LIMIT_COLUMNS", 0), ("wide2000", "None", 2), ("wide16384", "LIMIT_COLUMNS", 0)],
)
def test_peak_memory_of_the_hostile_workbooks_stays_bounded(tmp_path, case, rejected, rows):
    code = PEAK.format(here=str(HERE), root=str(ROOT), tmp=str(tmp_path), name=f"{case}.xlsx", case=case)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    got_rejected, got_rows, peak_mb = out.stdout.split()
    print(f"{case}: peak RSS {peak_mb} MB")
    assert (got_rejected, int(got_rows)) == (rejected, rows)
    assert int(peak_mb) < 1024  # before: abort at 12.9 GB (16,384 columns), 7 GB (2,000 columns)
