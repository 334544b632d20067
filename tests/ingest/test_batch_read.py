"""Files read together (the sheets of a batch stacked per profile: ingest/sheet_group.py) give
exactly the FileReads of reading each file alone."""

from __future__ import annotations

from datetime import date

from ingest_builders import (
    ID_A,
    ID_C,
    ID_D,
    PLATFORM_HEADER,
    ROSTER_HEADER,
    SheetSpec,
    write_csv,
    write_xlsx,
)
from test_readers import provincial_rows, signin_rows

from ingest.reader import read_file, read_files


def _frame(df):
    return None if df is None else (df.schema, df.rows())


def _snapshot(read):
    """Everything a FileRead carries, frames as schema + rows."""
    return (
        read.source_file, read.content_hash, read.error, read.rejected, read.encoding, read.warnings,
        [(s.sheet, s.profile, s.target, s.rows_read, s.rows_loaded, s.metadata, s.header_row,
          s.unmatched.message if s.unmatched else None, s.ignored, s.key_spec,
          _frame(s.canonical), _frame(s.quarantine), _frame(s.skipped)) for s in read.sheets],
    )


def _signin_two_sessions():
    return [
        ["华州区第一小学(学校代码:3610503001)2022年校本研修签到表"],
        ["序号", "姓名", "身份证号", "2022-04-01\n读书分享", "2022-06-01"],
        ["学时", None, None, 2, "1.5"],
        [1, "张三", ID_C, "√", "×"],
        [2, "李四", ID_D, "×", "√"],
    ]


def _platform(hours_header: str, minutes: str):
    header = [hours_header if h == "学习时长(分钟)" else h for h in PLATFORM_HEADER]
    return [header, ["罗璐蕾", "6105**********4322", "实验小学", "家庭教育", "WL2021002", minutes, "已完成", "2021/7/26"]]


def _mixed_landing(root):
    roster = [
        ["临渭区实验小学教师花名册"], ROSTER_HEADER,
        [1, "宋斌", ID_D, "男", "1985.1.1", "初中", "数学", None, "13900139000", "3610502001",
         "临渭区实验小学", "临渭区", "乡村"],
    ]
    paths = [
        write_xlsx(root / "a_provincial.xlsx", [
            SheetSpec("学时明细", provincial_rows()),
            SheetSpec("旧版本", provincial_rows(), hidden=True),
        ]),
        write_xlsx(root / "b_signin_2021.xlsx", signin_rows()),
        write_xlsx(root / "c_signin_2022.xlsx", _signin_two_sessions()),
        write_csv(root / "d_platform_minutes.csv", _platform("学习时长(分钟)", "90")),
        write_csv(root / "e_platform_hours.csv", _platform("学习时长(小时)", "90")),
        write_xlsx(root / "f_roster.xlsx", roster),
        write_xlsx(root / "g_provincial_again.xlsx", provincial_rows()),
    ]
    broken = root / "h_broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    return [*paths, broken]


def test_a_batch_of_mixed_files_reads_exactly_as_each_file_alone(tmp_path):
    paths = _mixed_landing(tmp_path)
    together = read_files([(p, None) for p in paths], tmp_path)
    alone = [read_file(p, tmp_path) for p in paths]
    assert [_snapshot(r) for r in together] == [_snapshot(r) for r in alone]

    by_name = {r.source_file: r for r in together}
    # Sign-in sheets of three and two sessions stacked: each keeps its own sessions and hours.
    late = by_name["c_signin_2022.xlsx"].canonical()["signin_attendance"]
    assert [tuple(r) for r in late.select(
        "school_code", "year", "id_number", "session_date", "session_title", "session_hours", "mark", "source_row"
    ).rows()] == [
        ("3610503001", 2022, ID_C, date(2022, 4, 1), "读书分享", 2.0, "present", 4),
        ("3610503001", 2022, ID_C, date(2022, 6, 1), None, 1.5, "absent", 4),
        ("3610503001", 2022, ID_D, date(2022, 4, 1), "读书分享", 2.0, "absent", 5),
        ("3610503001", 2022, ID_D, date(2022, 6, 1), None, 1.5, "present", 5),
    ]
    early = by_name["b_signin_2021.xlsx"]
    assert early.canonical()["signin_attendance"].height == 6
    assert early.quarantine().select("source_row", "reason_codes").rows() == [
        (6, "ID_INVALID"), (7, "VALUE_NOT_IN_VOCABULARY"),
    ]
    # The unit in each platform header: 90 minutes = 1.5 h, 90 hours = 90 h.
    assert by_name["d_platform_minutes.csv"].canonical()["platform_records"]["hours"].to_list() == [1.5]
    assert by_name["e_platform_hours.csv"].canonical()["platform_records"]["hours"].to_list() == [90.0]
    # Two provincial files in one group: each its own rows, quarantine and lineage.
    for name in ("a_provincial.xlsx", "g_provincial_again.xlsx"):
        read = by_name[name]
        assert read.canonical()["provincial_records"].select("id_number", "source_file", "source_row").rows() == [
            (ID_C, name, 4), (ID_A, name, 6),
        ]
        assert read.quarantine().select("source_row", "reason_codes").rows() == [
            (5, "ID_EXCEL_DAMAGED"), (7, "HOURS_NEGATIVE,ID_EXCEL_DAMAGED"), (8, "DATE_INVALID"),
        ]
        assert read.rows_read == 11 and read.skipped().height == 6
    assert [(s.sheet, s.ignored) for s in by_name["a_provincial.xlsx"].sheets] == [
        ("学时明细", None), ("旧版本", "hidden sheet"),
    ]
    assert by_name["a_provincial.xlsx"].warnings == [
        "hidden sheet '旧版本' looks like provincial_export data (11 rows) and was NOT loaded: unhide it to load it"
    ]
    assert by_name["f_roster.xlsx"].canonical()["roster"]["school_code"].to_list() == ["3610502001"]
    # A corrupt file fails itself only.
    assert by_name["h_broken.xlsx"].error is not None and not by_name["h_broken.xlsx"].sheets
    assert [r.source_file for r in together if r.error] == ["h_broken.xlsx"]


def test_a_reader_error_in_a_batch_fails_only_its_file(tmp_path, monkeypatch):
    paths = _mixed_landing(tmp_path)[:3]
    import ingest.sheet_group as sg

    real = sg.to_canonical

    def breaks_on_signin(good, profile, session_cols):
        if profile.name == "signin_matrix" and good["__file"].str.contains("2022").any():
            raise RuntimeError("boom")
        return real(good, profile, session_cols)

    monkeypatch.setattr(sg, "to_canonical", breaks_on_signin)
    reads = read_files([(p, None) for p in paths], tmp_path)
    assert [(r.source_file, r.error) for r in reads] == [
        ("a_provincial.xlsx", None), ("b_signin_2021.xlsx", None), ("c_signin_2022.xlsx", "RuntimeError: boom"),
    ]
    assert reads[1].canonical()["signin_attendance"].height == 6
