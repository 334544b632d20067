"""Hostile landing files, formats (bounded memory is in test_hostile_files.py):
each is built here, and the test asserts the exact outcome: rejected with which reason, or rows
loaded / quarantined.
"""

from __future__ import annotations

import struct

import pytest
from hostile_builders import (
    MASK,
    encrypted_xls_workbook_stream,
    html_table,
    loaded,
    platform_rows,
    write_ole,
    write_ole_mini,
)
from ingest_builders import PLATFORM_HEADER, write_csv, write_xls, write_xlsx

from ingest import limits
from ingest.reader import read_file

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
