"""Readers on the contract's shapes and on each pathology: exact canonical rows, quarantine
reasons and skipped-row reasons, computed by hand."""

from __future__ import annotations

import json
from datetime import date

import pytest
from ingest_builders import (
    FUNDING_HEADER,
    GUOPEI_HEADER,
    ID_A,
    ID_C,
    ID_D,
    PLAN_HEADER,
    PLATFORM_HEADER,
    PROVINCIAL_HEADER,
    ROSTER_HEADER,
    SEAT_HEADER,
    SheetSpec,
    write_csv,
    write_xls,
    write_xlsx,
)

from ingest.reader import read_file

PROV_ROW = ["一中", "雁塔区", "初中", "语文", "P1", "项目一", "省培", "集中培训"]


def values(df, cols):
    return [tuple(r) for r in df.select(cols).rows()]


def conserved(read):
    q, s = read.quarantine().height, read.skipped().height
    assert read.rows_read == read.rows_loaded + q + s
    return True


def provincial_rows():
    return [
        ["2023年教师培训学时导出"],
        ["导出时间：2024-01-05 10:00"],
        PROVINCIAL_HEADER,
        [1, "张三", ID_C, *PROV_ROW, "2023-03-05", "2023-03-07", 24, 0, "合格", "已认定"],
        [2, "李四", "3.10105E+17", *PROV_ROW, "2023.3.5", "2023年3月7日", "24学时", None, "优秀", "审核通过"],
        [3, "王五", ID_A.lower(), "二中", "雁塔区", "小学", "数学", "P2", "项目二", "国培", "网络研修",
         44990, "2023/03/07", "1.5", None, None, "待审核"],
        [4, "赵六", 610101198501010031.0, *PROV_ROW, "2023-03-05", "2023-03-07", "-3", None, "合格", "驳回"],
        [5, "孙七", ID_D, *PROV_ROW, "2023-13-05", "2023-03-07", 8, None, "合格", "已认定"],
        [None],
        ["合计", None, None, None, None, None, None, None, None, None, None, None, None, 56],
        ["注：本表由系统导出，仅供核对"],
    ]


def test_provincial_export_loads_clean_rows_and_quarantines_each_defect(tmp_path):
    path = write_xlsx(tmp_path / "land" / "p" / "export.xlsx", provincial_rows())
    read = read_file(path, tmp_path / "land")
    assert read.profile == "provincial_export" and read.error is None
    canon = read.canonical()["provincial_records"]
    assert values(canon, ["id_number", "name", "level", "mode", "start_date", "end_date", "hours",
                          "practice_hours", "outcome", "review_status", "source_file", "source_row"]) == [
        (ID_C, "张三", "provincial", "in_person", date(2023, 3, 5), date(2023, 3, 7), 24.0, 0.0,
         "passed", "certified", "p/export.xlsx", 4),
        (ID_A, "王五", "national", "online", date(2023, 3, 5), date(2023, 3, 7), 1.5, None,
         "pending", "pending", "p/export.xlsx", 6),
    ]
    q = read.quarantine()
    assert values(q, ["source_row", "reason_codes"]) == [
        (5, "ID_EXCEL_DAMAGED"),
        (7, "HOURS_NEGATIVE,ID_EXCEL_DAMAGED"),
        (8, "DATE_INVALID"),
    ]
    assert json.loads(q["raw_values"][0])["*身份证号"] == "3.10105E+17"
    assert json.loads(q["raw_values"][1])["*身份证号"] == "6.1010119850101e+17"
    assert values(read.skipped(), ["source_row", "reason"]) == [
        (1, "title"), (2, "export_time"), (3, "header"), (9, "blank"), (10, "total"), (11, "note"),
    ]
    assert read.rows_read == 11 and conserved(read)


def test_platform_csv_in_gbk_keeps_masks_and_converts_minutes(tmp_path):
    rows = [
        PLATFORM_HEADER,
        ["罗璐蕾", "6105**********4322", "实验小学", "新时代师德修养", "WL2021002", "600", "已完成", "2021-05-01 07:14:59"],
        ["罗璐蕾", "6105**********4322", "实验小学", "家庭教育", "WL2021002", "90", "未完成", "2021/7/26"],
        ["张三", "", "实验小学", "家庭教育", "WL2021002", "30", "已完成", "2021/7/26"],
    ]
    path = write_csv(tmp_path / "r.csv", rows, encoding="gbk")
    read = read_file(path, tmp_path)
    assert read.encoding == "gb18030" and read.profile == "platform_records"
    assert values(read.canonical()["platform_records"],
                  ["id_mask", "name", "course_name", "hours", "outcome", "learned_on", "source_sheet", "source_row"]) == [
        ("6105**********4322", "罗璐蕾", "新时代师德修养", 10.0, "passed", date(2021, 5, 1), "", 2),
        ("6105**********4322", "罗璐蕾", "家庭教育", 1.5, "pending", date(2021, 7, 26), "", 3),
    ]
    assert values(read.quarantine(), ["source_row", "reason_codes"]) == [(4, "ID_MISSING")]
    assert conserved(read)


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [("utf-8", False, "utf-8"), ("utf-8", True, "utf-8-sig"), ("gb18030", False, "gb18030"), ("gbk", False, "gb18030")],
)
def test_csv_encodings_are_detected(tmp_path, encoding, bom, expected):
    rows = [PLATFORM_HEADER, ["䶮张", "6105**********4322", "实验小学", "课", "W1", "60", "已完成", "2021-05-01"]]
    if encoding == "gbk":
        rows[1][0] = "张三"  # 䶮 is outside GBK
    path = write_csv(tmp_path / "r.csv", rows, encoding=encoding, bom=bom)
    read = read_file(path, tmp_path)
    assert read.encoding == expected
    assert read.canonical()["platform_records"]["name"].to_list() == [rows[1][0]]


def test_csv_encoding_override_is_used_instead_of_detection(tmp_path):
    rows = [PLATFORM_HEADER, ["张三", "6105**********4322", "实验小学", "课", "W1", "60", "已完成", "2021-05-01"]]
    path = write_csv(tmp_path / "r.csv", rows, encoding="gbk")
    read = read_file(path, tmp_path, encoding="gbk")
    assert read.encoding == "gbk"
    assert read.canonical()["platform_records"]["name"].to_list() == ["张三"]


def test_guopei_list_reads_reported_flag_outcome_and_hours(tmp_path):
    rows = [
        ["2023年国培计划乡村教师能力提升项目学员名单"],
        GUOPEI_HEADER,
        [1, "曾英", ID_C, "一中", "临渭区", "幼儿园", "学前", "GP2023001", "是", "结业", "96学时"],
        [2, "王杰", ID_D, "一中", "临渭区", "小学", "数学", "GP2023001", "否", "未报到", None],
        [3, "李雷", ID_A, "一中", "临渭区", "小学", "数学", "GP2023001", "是", "劝退", 12],
    ]
    read = read_file(write_xlsx(tmp_path / "国培_GP2023001_学员名单.xlsx", rows), tmp_path)
    assert read.profile == "guopei_trainees"
    assert values(read.canonical()["guopei_trainees"],
                  ["project_code", "id_number", "stage", "reported", "outcome", "hours", "source_row"]) == [
        ("GP2023001", ID_C, "kindergarten", True, "passed", 96.0, 3),
        ("GP2023001", ID_D, "primary", False, "no_show", None, 4),
        ("GP2023001", ID_A, "primary", True, "dismissed", 12.0, 5),
    ]
    assert read.logical_key() == "project_code=GP2023001"


def test_roster_reads_codes_stored_as_numbers_and_birth_dates_as_date_cells(tmp_path):
    rows = [
        ["临渭区实验小学教师花名册"],
        ROSTER_HEADER,
        [1, "冯 雨静", ID_C, "女", date(1990, 3, 7), "小学", "语文", "一级教师", 13800138000.0, 3610502001.0,
         "临渭区实验小学", "临渭区", "城区"],
        [2, "宋斌", ID_D, "男", "1985.1.1", "初中", "数学", None, "13900139000", "3610502001", "临渭区实验小学",
         "临渭区", "乡村"],
    ]
    read = read_file(write_xlsx(tmp_path / "教师花名册.xlsx", rows), tmp_path)
    assert read.profile == "roster"
    assert values(read.canonical()["roster"],
                  ["name", "gender", "birth_date", "stage", "title", "phone", "school_code", "school_area"]) == [
        ("冯雨静", "female", date(1990, 3, 7), "primary", "一级教师", "13800138000", "3610502001", "urban"),
        ("宋斌", "male", date(1985, 1, 1), "junior", None, "13900139000", "3610502001", "rural"),
    ]
    assert read.logical_key() == "school_code=3610502001"


def signin_rows():
    return [
        ["临渭区实验小学(学校代码:3610502001)2021年校本研修签到表"],
        ["序号", "姓名", "身份证号", "2021-03-10\n课例研讨", "2021-05-10\n信息技术2.0", "2021-09-14\n教学反思"],
        ["学时", None, None, 2.5, None, "3学时"],
        [1, "罗璐蕾", ID_C, "√", "×", "请假"],
        [2, "宋斌", ID_D, None, "√", "√"],
        [3, "李雷", "110101199003071234", "√", "√", "√"],
        [4, "韩梅", ID_A, "√", "迟到", "√"],
    ]


def test_signin_matrix_is_unpivoted_one_row_per_teacher_per_session(tmp_path):
    read = read_file(write_xlsx(tmp_path / "签到.xlsx", signin_rows()), tmp_path)
    assert read.profile == "signin_matrix"
    canon = read.canonical()["signin_attendance"]
    assert values(canon, ["school_code", "year", "id_number", "session_date", "session_title",
                          "session_hours", "mark", "source_row"]) == [
        ("3610502001", 2021, ID_C, date(2021, 3, 10), "课例研讨", 2.5, "present", 4),
        ("3610502001", 2021, ID_C, date(2021, 5, 10), "信息技术2.0", None, "absent", 4),
        ("3610502001", 2021, ID_C, date(2021, 9, 14), "教学反思", 3.0, "leave", 4),
        ("3610502001", 2021, ID_D, date(2021, 3, 10), "课例研讨", 2.5, "blank", 5),
        ("3610502001", 2021, ID_D, date(2021, 5, 10), "信息技术2.0", None, "present", 5),
        ("3610502001", 2021, ID_D, date(2021, 9, 14), "教学反思", 3.0, "present", 5),
    ]
    assert values(read.quarantine(), ["source_row", "reason_codes"]) == [
        (6, "ID_INVALID"), (7, "VALUE_NOT_IN_VOCABULARY"),
    ]
    assert values(read.skipped(), ["source_row", "reason"]) == [(1, "title"), (2, "header"), (3, "hours_row")]
    assert read.rows_loaded == 2 and conserved(read)
    assert read.logical_key() == "school_code=3610502001;year=2021"


def test_funding_in_wan_yuan_is_converted_and_unit_declared(tmp_path):
    rows = [
        ["华州区2021年学校教师培训经费统计表"],
        FUNDING_HEADER,
        ["3610503001", "实验小学", "华州区", 83.85, 708.5, 5.6045, 0.6476, 0.7477, 0.6143, 0.8545, 2.7404],
        [3610503002.0, "第一小学", "华州区", 38.54, 400.16, 2.9234, 0.6179, 0.302, 0.2707, 0.3343, 1.3985],
        ["合计", None, None, 122.39, 1108.66, 8.5279],
        ["说明：金额单位为万元"],
    ]
    read = read_file(write_xlsx(tmp_path / "华州区_2021年学校培训经费.xlsx", rows), tmp_path)
    canon = read.canonical()["school_funding"]
    assert values(canon, ["year", "school_code", "county", "public_funds_budget_yuan", "payroll_yuan",
                          "training_spend_yuan", "spend_travel_yuan", "spend_fees_yuan", "unit_declared"]) == [
        (2021, "3610503001", "华州区", 838500.0, 7085000.0, 56045.0, 6476.0, 27404.0, "wan_yuan"),
        (2021, "3610503002", "华州区", 385400.0, 4001600.0, 29234.0, 6179.0, 13985.0, "wan_yuan"),
    ]
    assert [r for _, r in values(read.skipped(), ["source_row", "reason"])] == ["title", "header", "total", "note"]
    assert read.logical_key() == "county=华州区;year=2021"


def test_funding_in_yuan_keeps_amounts(tmp_path):
    header = [h.replace("万元", "元") for h in FUNDING_HEADER]
    rows = [["临渭区2022年学校教师培训经费统计表"], header,
            ["3610502001", "实验小学", "临渭区", 563500, 5000000, 34983.5, 4084, 1, 2, 3, 4]]
    canon = read_file(write_xlsx(tmp_path / "f.xlsx", rows), tmp_path).canonical()["school_funding"]
    assert values(canon, ["year", "public_funds_budget_yuan", "training_spend_yuan", "unit_declared"]) == [
        (2022, 563500.0, 34983.5, "yuan")
    ]


def test_training_plan_reads_year_from_title_and_budget_in_wan_yuan(tmp_path):
    rows = [
        ["2023年度教师培训项目计划"],
        PLAN_HEADER,
        ["XP2023001", "铸魂工程", "区培", "集中培训", "区教师发展中心", "2023-03-01", "2023-03-03", 24, 0,
         "150人", "全学段", "否", 1.8],
        ["GP2023001", "国培乡村", "国培", "混合式", "某大学", "2023/7/1", "2023/7/10", 60, 20, 50, "小学",
         "是", 12.5],
    ]
    read = read_file(write_xlsx(tmp_path / "2023年度培训计划.xlsx", rows), tmp_path)
    assert values(read.canonical()["training_plan"],
                  ["year", "project_code", "level", "mode", "hours", "practice_hours", "planned_seats",
                   "target_stage", "rural_only", "budget_yuan"]) == [
        (2023, "XP2023001", "county", "in_person", 24.0, 0.0, 150, "全学段", False, 18000.0),
        (2023, "GP2023001", "national", "blended", 60.0, 20.0, 50, "小学", True, 125000.0),
    ]


def test_seat_allocation_reads_year_and_seats(tmp_path):
    rows = [["2023年教师培训名额分配表"], SEAT_HEADER,
            ["XP2023001", "铸魂工程", 3610502001.0, "实验小学", 2.0],
            ["XP2023001", "铸魂工程", "3610502002", "城关中学", "3"]]
    read = read_file(write_xlsx(tmp_path / "2023年名额分配.xlsx", rows), tmp_path)
    assert values(read.canonical()["seat_allocation"], ["year", "project_code", "school_code", "allocated_seats"]) == [
        (2023, "XP2023001", "3610502001", 2), (2023, "XP2023001", "3610502002", 3),
    ]
    assert read.logical_key() == "year=2023"


def test_legacy_xls_with_float_ids_and_a_merged_total_row(tmp_path):
    rows = provincial_rows()
    rows[9] = ["合计"] + [None] * 12 + [56]
    path = write_xls(tmp_path / "legacy.xls", [SheetSpec("Sheet1", rows, merges=[(9, 0, 9, 12)])])
    read = read_file(path, tmp_path)
    assert read.profile == "provincial_export"
    assert read.canonical()["provincial_records"]["source_row"].to_list() == [4, 6]
    assert values(read.quarantine(), ["source_row", "reason_codes"]) == [
        (5, "ID_EXCEL_DAMAGED"), (7, "HOURS_NEGATIVE,ID_EXCEL_DAMAGED"), (8, "DATE_INVALID"),
    ]
    assert conserved(read)


def test_hidden_sheet_is_skipped_with_a_reason_and_a_warning_when_it_looks_like_data(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [
        SheetSpec("学时明细", provincial_rows()),
        SheetSpec("旧版本", provincial_rows(), hidden=True),
        SheetSpec("下拉选项", [["学段"], ["小学"], ["初中"]], hidden=True),
    ])
    read = read_file(path, tmp_path)
    assert [(s.sheet, s.ignored) for s in read.sheets] == [
        ("学时明细", None), ("旧版本", "hidden sheet"), ("下拉选项", "hidden sheet"),
    ]
    assert read.canonical()["provincial_records"].height == 2
    assert read.warnings == [
        "hidden sheet '旧版本' looks like provincial_export data (11 rows) and was NOT loaded: unhide it to load it"
    ]


def test_several_visible_sheets_of_one_workbook_are_all_read(tmp_path):
    r2022 = provincial_rows()
    path = write_xlsx(tmp_path / "x.xlsx", [SheetSpec("2022", r2022), SheetSpec("2023", provincial_rows()),
                                            SheetSpec("说明", [["本表说明"], ["仅供参考"]])])
    read = read_file(path, tmp_path)
    canon = read.canonical()["provincial_records"]
    assert values(canon, ["source_sheet", "source_row"]) == [("2022", 4), ("2022", 6), ("2023", 4), ("2023", 6)]
    assert read.rows_read == 22 and conserved(read)
    assert [s.sheet for s in read.sheets if s.unmatched] == ["说明"]


def test_two_row_header_with_merged_group_cells_is_understood(tmp_path):
    rows = [
        ["2023年教师培训学时导出"],
        ["序号", "姓名", "身份证号", "工作单位", "项目名称", "培训时间", None, "学时", None, "考核结果", "审核状态"],
        [None, None, None, None, None, "开始日期", "结束日期", "登记学时", "实践学时", None, None],
        [1, "张三", ID_C, "一中", "项目一", "2023-03-05", "2023-03-07", 24, 4, "合格", "已认定"],
    ]
    merges = [(1, 5, 1, 6), (1, 7, 1, 8)] + [(1, c, 2, c) for c in (0, 1, 2, 3, 4, 9, 10)]
    read = read_file(write_xlsx(tmp_path / "x.xlsx", [SheetSpec("S", rows, merges=merges)]), tmp_path)
    assert read.profile == "provincial_export"
    assert values(read.canonical()["provincial_records"],
                  ["id_number", "start_date", "end_date", "hours", "practice_hours", "outcome", "source_row"]) == [
        (ID_C, date(2023, 3, 5), date(2023, 3, 7), 24.0, 4.0, "passed", 4)
    ]
    assert values(read.skipped(), ["source_row", "reason"]) == [(1, "title"), (2, "header"), (3, "header")]


def test_header_synonyms_full_width_and_spaces_still_match(tmp_path):
    header = ["序号", "教师姓名 ", "＊身份证", "学校名称", "项目名称", "开始时间", "结束时间", "获得学时", "合格状态",
              "审核状态"]
    rows = [header, [1, "张三", ID_C, "一中", "项目一", "2023-03-05", "2023-03-07", "3", "合格", "已认定"]]
    read = read_file(write_xlsx(tmp_path / "x.xlsx", rows), tmp_path)
    assert read.profile == "provincial_export"
    assert values(read.canonical()["provincial_records"], ["name", "hours", "outcome"]) == [("张三", 3.0, "passed")]


def test_unmatched_file_names_the_closest_profile_and_its_missing_columns(tmp_path):
    rows = [["教师花名册"], ["序号", "教师姓名", "身份证件号", "性别", "学段"], [1, "张三", ID_C, "男", "小学"]]
    read = read_file(write_xlsx(tmp_path / "x.xlsx", rows), tmp_path)
    assert read.profile is None and read.matched == []
    closest = read.closest
    assert closest.closest == "roster"
    assert closest.missing == ["学校代码 (school_code)"]
    assert "closest is 'roster'" in read.unmatched_reason and "学校代码 (school_code)" in read.unmatched_reason


def test_prenumbered_template_rows_and_subtotals_are_skipped_not_quarantined(tmp_path):
    rows = provincial_rows()[:4] + [["小计", None, None, None, None, None, None, None, None, None, None, None,
                                     None, 24]] + [[n] for n in range(2, 5)]
    read = read_file(write_xlsx(tmp_path / "x.xlsx", rows), tmp_path)
    assert values(read.skipped(), ["source_row", "reason"])[3:] == [
        (5, "subtotal"), (6, "blank"), (7, "blank"), (8, "blank"),
    ]
    assert read.quarantine().height == 0 and conserved(read)


def test_unreadable_file_is_an_error_not_an_exception(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    read = read_file(path, tmp_path)
    assert read.error and "broken.xlsx" in read.error


def test_two_row_header_without_merges_carries_the_group_label_forward(tmp_path):
    # 学时 spans two sub-columns without a merge: 登记 -> 登记学时, 实践 -> 实践学时.
    rows = [
        ["序号", "姓名", "身份证号", "项目名称", "培训时间", None, "学时", None, "审核状态"],
        [None, None, None, None, "开始日期", "结束日期", "登记", "实践", None],
        [1, "张三", ID_C, "项目一", "2023-03-05", "2023-03-07", 24, 4, "已认定"],
    ]
    read = read_file(write_xlsx(tmp_path / "x.xlsx", rows), tmp_path)
    assert read.profile == "provincial_export"
    assert values(read.canonical()["provincial_records"],
                  ["start_date", "end_date", "hours", "practice_hours", "review_status", "source_row"]) == [
        (date(2023, 3, 5), date(2023, 3, 7), 24.0, 4.0, "certified", 3)
    ]
    assert values(read.skipped(), ["source_row", "reason"]) == [(1, "header"), (2, "header")]


def test_repeated_header_rows_inside_the_table_are_skipped_as_header(tmp_path):
    rows = provincial_rows()[:4] + [PROVINCIAL_HEADER] + provincial_rows()[5:6]
    read = read_file(write_xlsx(tmp_path / "x.xlsx", rows), tmp_path)
    assert values(read.skipped(), ["source_row", "reason"]) == [
        (1, "title"), (2, "export_time"), (3, "header"), (5, "header")]
    assert read.canonical()["provincial_records"]["source_row"].to_list() == [4, 6]


def test_csv_text_saved_as_xls_is_read_as_csv(tmp_path):
    rows = [PLATFORM_HEADER, ["张三", "6105**********4322", "一中", "课", "W1", "60", "已完成", "2021-05-01"]]
    csv_path = write_csv(tmp_path / "t.csv", rows, encoding="gbk")
    fake = tmp_path / "导出.xls"
    fake.write_bytes(csv_path.read_bytes())
    read = read_file(fake, tmp_path)
    assert read.profile == "platform_records"
    assert read.canonical()["platform_records"]["hours"].to_list() == [1.0]


def test_html_page_saved_as_xls_is_read_as_its_table_and_a_one_cell_table_is_unmatched(tmp_path):
    # HTML exports are read as tables now (tests/ingest/test_hostile_files.py loads real ones).
    fake = tmp_path / "导出.xls"
    fake.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>", encoding="utf-8")
    read = read_file(fake, tmp_path)
    assert read.error is None and read.encoding == "utf-8"
    assert read.unmatched_reason == "no header row found (no row with two or more cells)"
