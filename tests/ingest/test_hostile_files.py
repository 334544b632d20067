"""Hostile landing files (issue 10 items 4 and 6): each is built here, and the test asserts the
exact outcome: rejected with which reason, or rows loaded / quarantined. Memory figures of the
worst cases are measured in a subprocess (resource.getrusage) so a regression shows as a number.
"""

from __future__ import annotations

import json
import multiprocessing
import struct
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from hostile_builders import (
    abort_on_boom,
    encrypted_xls_workbook_stream,
    html_table,
    patch_declared_size,
    sheet_xml,
    write_ole,
    write_ole_mini,
    write_raw_xlsx,
)
from ingest_builders import PLATFORM_HEADER, write_csv, write_xls, write_xlsx

from ingest import limits, loader
from ingest.isolation import read_alone
from ingest.loader import load_paths
from ingest.reader import read_file

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
MASK = "1101**********002X"


def platform_rows() -> list[list[object]]:
    """A platform export: two learners; 学习时长(分钟) is minutes."""
    return [
        PLATFORM_HEADER,
        ["林斌", MASK, "实验小学", "师德培训", "P1", "90", "已完成", "2023-03-05"],
        ["陈明", MASK, "实验小学", "师德培训", "P1", "120", "已完成", "2023-03-06"],
    ]


def loaded(read) -> list[tuple]:
    return read.canonical()["platform_records"].select("name", "hours").rows()


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


# ---------------------------------------------------------------------------------------------
# 10.6: formats
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("charset", "codec", "bom", "expected"),
    [("utf-8", "utf-8", False, "utf-8"), ("gbk", "gbk", False, "gb18030"),
     (None, "gbk", False, "gb18030"), (None, "utf-8", True, "utf-8-sig")],
)
def test_html_saved_as_xls_is_read_as_its_table(tmp_path, charset, codec, bom, expected):
    rows = [["2023年度教师网络研修学时", None, None, None, None, None, None, None], *platform_rows()]
    page = html_table(rows, charset=charset).replace("<td>2023年度教师网络研修学时</td>", '<td colspan="8">2023年度教师网络研修学时</td>')
    page = page.replace("<td></td>" * 7, "", 1)
    data = page.encode(codec)
    path = tmp_path / "学习记录导出.xls"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    read = read_file(path, tmp_path)
    assert read.error is None and read.encoding == expected
    assert read.profile == "platform_records"
    assert (read.rows_read, read.rows_loaded, read.skipped_by_reason()) == (4, 2, {"header": 1, "title": 1})
    assert loaded(read) == [("林斌", 1.5), ("陈明", 2.0)]


def test_html_rowspan_cells_fill_every_row_they_cover(tmp_path):
    page = (
        "<table><tr><th>姓名</th><th>证件号码</th><th>单位</th><th>课程名称</th><th>学习时长(分钟)</th></tr>"
        f"<tr><td>林斌</td><td>{MASK}</td><td rowspan=2>实验小学</td><td>师德</td><td>60</td></tr>"
        f"<tr><td>陈明</td><td>{MASK}</td><td>师德</td><td>30</td></tr></table>"
    )
    path = tmp_path / "x.xls"
    path.write_text(page, encoding="utf-8")
    read = read_file(path, tmp_path)
    df = read.canonical()["platform_records"]
    assert df.select("name", "school_name", "course_name", "hours").rows() == [
        ("林斌", "实验小学", "师德", 1.0), ("陈明", "实验小学", "师德", 0.5)
    ]


def test_a_workbook_saved_under_a_csv_name_is_read_as_the_workbook_it_is(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", platform_rows()).rename(tmp_path / "导出.csv")
    read = read_file(path, tmp_path)
    assert read.error is None and loaded(read) == [("林斌", 1.5), ("陈明", 2.0)]


def test_encrypted_office_package_in_an_ole_container_is_rejected(tmp_path):
    path = write_ole(tmp_path / "加密.xlsx", {"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"x" * 5000})
    read = read_file(path, tmp_path)
    assert read.rejected == "ENCRYPTED"
    assert read.error.startswith("rejected (ENCRYPTED): the workbook is password-protected")


def test_xls_with_filepass_is_rejected_as_password_protected(tmp_path):
    path = write_ole(tmp_path / "加密.xls", {"Workbook": encrypted_xls_workbook_stream()})
    read = read_file(path, tmp_path)
    assert read.rejected == "ENCRYPTED"
    assert read.error.startswith("rejected (ENCRYPTED): the .xls workbook is password-protected (FILEPASS)")


def test_xls_with_filepass_in_a_small_workbook_stream_inside_the_mini_stream_is_rejected(tmp_path):
    path = write_ole_mini(tmp_path / "小.xls", {"Workbook": encrypted_xls_workbook_stream()})
    read = read_file(path, tmp_path)
    assert read.rejected == "ENCRYPTED"


def test_an_ole_stream_declaring_more_bytes_than_the_file_is_rejected_as_corrupt(tmp_path):
    path = write_ole(tmp_path / "bad.xls", {"Workbook": b"\x09\x08" + b"\x00" * 100})
    data = bytearray(path.read_bytes())
    pos = data.find("Workbook".encode("utf-16-le"))
    data[pos + 120 : pos + 124] = (0x7FFFFFFF).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    read = read_file(path, tmp_path)
    assert read.rejected == "CORRUPT"
    assert "declares 2,147,483,647 bytes" in read.error


def test_xls_whose_dimensions_record_declares_billions_of_rows_is_rejected_before_calamine(tmp_path):
    # calamine allocates what DIMENSIONS declares: this file aborted the process (exit 134).
    path = write_xls(tmp_path / "dim.xls", platform_rows())
    data = bytearray(path.read_bytes())
    pos = data.find(struct.pack("<HH", 0x0200, 14))  # BIFF8 DIMENSIONS: rwMic, rwMac, colMic, colMac
    assert struct.unpack_from("<IIHH", data, pos + 4) == (0, 3, 0, 8)
    struct.pack_into("<IIHH", data, pos + 4, 0, 0xFFFFFFF0, 0, 8)
    path.write_bytes(bytes(data))
    read = read_file(path, tmp_path)
    assert read.rejected == "LIMIT_ROWS"
    assert read.error == (
        "rejected (LIMIT_ROWS): sheet 1's declared dimension (BIFF8) spans 4,294,967,280 rows "
        "(limit 1,048,576)"
    )


def test_a_plain_xls_passes_the_ole_checks_and_loads(tmp_path):
    read = read_file(write_xls(tmp_path / "ok.xls", platform_rows()), tmp_path)
    assert read.error is None and loaded(read) == [("林斌", 1.5), ("陈明", 2.0)]


UTF8_AND_GB18030 = f"姓名,证件号码,课程名称,学时\r\n林斌,{MASK},师德培训,3\r\n陈明,{MASK},师德培训,2\r\n"


def test_utf8_csv_whose_bytes_are_also_valid_gb18030_loads_as_utf8(tmp_path):
    data = UTF8_AND_GB18030.encode("utf-8")
    assert data.decode("gb18030").startswith("濮撳悕")  # the trap: valid GB18030 too
    path = tmp_path / "platform.csv"
    path.write_bytes(data)
    read = read_file(path, tmp_path)
    assert read.encoding == "utf-8"
    assert loaded(read) == [("林斌", 3.0), ("陈明", 2.0)]


def test_utf8_csv_with_one_damaged_byte_stays_utf8_and_quarantines_that_row(tmp_path):
    rows = "".join(f"{n},{MASK},师德培训,3\r\n" for n in ["林斌", "陈明", "王芳", "刘洋", "张伟"] * 4)
    data = ("姓名,证件号码,课程名称,学时\r\n" + rows).encode("utf-8")
    data = data.replace("王芳".encode(), "王".encode() + b"\xe8\x8a", 1)  # a truncated character
    path = tmp_path / "damaged.csv"
    path.write_bytes(data)
    read = read_file(path, tmp_path)
    assert read.encoding == "utf-8"
    assert (read.rows_read, read.rows_loaded, read.quarantined_by_reason()) == (21, 19, {"TEXT_IMPLAUSIBLE": 1})
    assert read.quarantine()["source_row"].to_list() == [4]
    assert loaded(read)[:2] == [("林斌", 3.0), ("陈明", 3.0)]


def test_rows_with_mojibake_or_private_use_text_are_quarantined(tmp_path):
    rows = [PLATFORM_HEADER[:4] + ["学时"], ["鏋楁枌", MASK, "实验小学", "师德", "3"],
            ["王堃", MASK, "实验小学", "师德", "3"], ["陈明", MASK, "实验\ue000小学", "师德", "3"]]
    read = read_file(write_csv(tmp_path / "p.csv", rows), tmp_path)
    assert read.quarantine().select("source_row", "reason_codes").rows() == [
        (2, "TEXT_IMPLAUSIBLE"), (4, "TEXT_IMPLAUSIBLE")
    ]
    assert loaded(read) == [("王堃", 3.0)]  # one rare character in a name is plausible


def test_impossible_hours_are_quarantined_like_negative_ones(tmp_path):
    rows = [PLATFORM_HEADER] + [
        ["林斌", MASK, "实验小学", "师德", "P1", v, "已完成", "2023-03-05"]
        for v in ["1e308", "inf", "nan", "-5", "90", "600000", "600001"]
    ]
    read = read_file(write_csv(tmp_path / "p.csv", rows), tmp_path)
    assert read.quarantine().select("source_row", "reason_codes").rows() == [
        (2, "HOURS_INVALID"), (3, "HOURS_INVALID"), (4, "HOURS_INVALID"), (5, "HOURS_NEGATIVE"),
        (8, "HOURS_INVALID"),
    ]
    assert read.canonical()["platform_records"]["hours"].to_list() == [1.5, limits.MAX_RECORD_HOURS]


def test_nul_characters_in_cells_are_stripped(tmp_path):
    rows = [PLATFORM_HEADER, ["林\x00斌", MASK, "实验小学\x00", "师德", "P1", "90", "已完成", "\x00"]]
    read = read_file(write_csv(tmp_path / "p.csv", rows), tmp_path)
    df = read.canonical()["platform_records"]
    assert df.select("name", "school_name", "learned_on").rows() == [("林斌", "实验小学", None)]


def test_same_header_twice_loads_rows_where_both_agree_and_quarantines_where_they_differ(tmp_path):
    header = ["姓名", "证件号码", "课程名称", "学时", "姓名"]
    rows = [header, ["林斌", MASK, "师德", "3", "林斌"], ["陈明", MASK, "师德", "3", "陈敏"]]
    read = read_file(write_xlsx(tmp_path / "dup.xlsx", rows), tmp_path)
    assert read.warnings == [
        "sheet 'Sheet1': duplicate header: columns A '姓名', E '姓名' both map to 'name' with equal "
        "standing; rows where they agree are loaded, rows where they differ are quarantined "
        "(DUPLICATE_COLUMN_CONFLICT)"
    ]
    assert loaded(read) == [("林斌", 3.0)]
    assert read.quarantine().select("source_row", "reason_codes").rows() == [(3, "DUPLICATE_COLUMN_CONFLICT")]


def test_two_synonyms_of_one_column_the_preferred_name_wins_and_a_warning_names_both(tmp_path):
    header = ["姓名", "身份证号", "课程名称", "学时", "证件号码", "备注", "备注"]
    rows = [header, ["林斌", "6101**********9999", "师德", "3", MASK, "a", "b"]]
    read = read_file(write_xlsx(tmp_path / "dup.xlsx", rows), tmp_path)
    assert read.warnings == [
        "sheet 'Sheet1': duplicate header: columns B '身份证号', E '证件号码' all map to 'id_mask'; "
        "E '证件号码' is loaded (its header is the profile's preferred name), the others are ignored",
        "sheet 'Sheet1': duplicate header: '备注' appears in columns F, G (not a column of "
        "platform_records: not loaded)",
    ]
    assert read.canonical()["platform_records"]["id_mask"].to_list() == [MASK]
