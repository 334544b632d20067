"""Correction workbooks: one per school with findings plus a bureau-level one, named by school;
an overview (说明) and one findings sheet (整改清单) naming the teacher (masked ID), the training,
the problem in Chinese and where to correct it; a dropdown for 整改情况, protection except the
school's cells, landscape A4 pages one page wide with the header row repeated."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from workbook_people import add_people

from expectations.detail_zh import detail_zh
from expectations.workbook_layout import LINE_POINTS, line_count
from expectations.workbook_rows import latest_by_code, mask_id, training_text, where_to_fix
from expectations.workbooks import HEADER_ROW, build_correction_workbooks, workbook_name

VISIBLE = ["序号", "教师姓名", "身份证号（部分隐藏）", "培训项目", "年度", "问题说明", "来源文件", "行号",
           "在何处改正"]
SCHOOL_FILE = "本校报送的文件（改正后重新报送）"
PROVINCE = "省级培训管理系统（学校无此文件：在省平台核实改正）"
P001 = "P001 国培计划乡村教师能力提升（2022-03-01～2022-03-05）"
ROSTER_2 = "schools/S002/教师花名册.xlsx"


@pytest.fixture
def people(warehouse):
    return add_people(warehouse)


def _sheets(path) -> dict[str, pd.DataFrame]:
    return pd.read_excel(path, sheet_name=None, header=None, engine="calamine")


def _rows(sheet: pd.DataFrame) -> pd.DataFrame:
    body = sheet.iloc[HEADER_ROW + 1 :].copy()
    body.columns = list(sheet.iloc[HEADER_ROW])
    return body.reset_index(drop=True).astype(object).where(body.notna().values, None)


def test_one_workbook_per_school_named_by_code_and_name_and_one_for_the_bureau(people, tmp_path):
    paths = build_correction_workbooks(people, tmp_path)

    assert [p.name for p in paths] == [
        "S001_雁塔区第一小学_数据整改清单.xlsx",
        "S002_长安区_实验中学_分校_数据整改清单.xlsx",
        "局级_数据整改清单.xlsx",
    ]
    assert all(p.parent == tmp_path and p.is_file() for p in paths)


def test_a_school_without_a_known_name_is_named_by_its_code(warehouse, tmp_path):
    paths = build_correction_workbooks(warehouse, tmp_path)

    assert [p.name for p in paths][:2] == ["S001_数据整改清单.xlsx", "S002_数据整改清单.xlsx"]


def test_file_names_drop_what_file_systems_refuse_and_stay_short():
    assert workbook_name("S9", 'a<b>:c"/d\\e|f?g*h\t. ') == "S9_a_b_c_d_e_f_g_h_数据整改清单.xlsx"
    assert workbook_name("S9/..", "..") == "S9____数据整改清单.xlsx"  # S9___ + _数据…
    assert workbook_name("S9", "长" * 50) == "S9_" + "长" * 40 + "_数据整改清单.xlsx"
    assert workbook_name("", "whatever") == "局级_数据整改清单.xlsx"


def test_findings_sheet_names_the_teacher_the_training_and_where_to_fix(people, tmp_path):
    s002 = build_correction_workbooks(people, tmp_path)[1]
    sheets = _sheets(s002)

    assert list(sheets) == ["说明", "整改清单"]
    rows = _rows(sheets["整改清单"])
    assert list(rows.columns) == [
        *VISIBLE, "整改情况（学校填写）", "整改说明（学校填写）", "问题编号", "数据批次"
    ]
    assert rows[VISIBLE].values.tolist() == [
        [1, None, None, None, None, "身份证号无效：位数为17", "schools/S002/教师花名册.xlsx", 4,
         SCHOOL_FILE],
        [2, "王五", "6101**********4321", P001, 2022, "合格记录缺少学时：合格但学时为0",
         "provincial/省平台学时导出_2022.xlsx", 12, PROVINCE],
        [3, "王五", "6101**********4321", None, 2022, "年度无培训记录：2022年无学时", ROSTER_2, 5,
         SCHOOL_FILE],
        [4, "王五", "6101**********4321", None, 2023, "年度无培训记录：2023年无学时", ROSTER_2, 5,
         SCHOOL_FILE],
        [5, "赵六", "6101**********1234", None, 2023, "年度无培训记录：2023年无学时", ROSTER_2, 7,
         SCHOOL_FILE],
        [6, None, None, None, 2022, "培训经费低于公用经费5%：占比2.5%，要求5%",
         "funding/长安区_2022年学校培训经费.xlsx", 3, SCHOOL_FILE],
    ]
    assert rows["问题编号"].tolist() == ["f03", "f06", "f08", "f09", "f10", "f13"]
    assert rows["整改情况（学校填写）"].tolist() == [None] * 6
    assert sheets["整改清单"].iloc[0, 0] == "长安区 实验中学/分校（学校代码 S002）数据整改清单（共 6 条）"


def test_a_quarantined_row_names_the_teacher_from_its_raw_cells(people, tmp_path):
    s001 = build_correction_workbooks(people, tmp_path)[0]

    rows = _rows(_sheets(s001)["整改清单"])
    first = rows.iloc[0]
    assert (first["问题编号"], first["教师姓名"], first["身份证号（部分隐藏）"]) == (
        "f01", "钱七", "6105**********054Y"
    )
    guopei = rows[rows["问题编号"] == "f11"].iloc[0]
    assert guopei["在何处改正"] == "承训机构（国培学员名单：请联系承训机构改正）"
    assert guopei["问题说明"] == "国培超出周期参训次数：本周期第2次参加国培"


def test_overview_counts_each_rule_with_its_meaning_and_fix(people, tmp_path):
    s001 = build_correction_workbooks(people, tmp_path)[0]
    overview = _sheets(s001)["说明"]

    header_at = overview.index[overview[0] == "规则编号"][0]
    table = overview.iloc[header_at + 1 :, :4].values.tolist()
    assert table == [
        ["ID_INVALID", "身份证号无效", "错误", 1 + 1],
        ["MISSING_HOURS", "合格记录缺少学时", "错误", 1],
        ["NO_TRAINING_IN_YEAR", "年度无培训记录", "警告", 1],
        ["GP_OVER_CYCLE_LIMIT", "国培超出周期参训次数", "错误", 1],
    ]
    assert overview.iloc[0, 0] == "雁塔区第一小学（学校代码 S001）数据整改清单"
    assert overview.iloc[3, :2].tolist() == ["学校名称", "雁塔区第一小学"]


def test_findings_without_a_school_go_to_the_bureau_workbook(people, tmp_path):
    bureau = build_correction_workbooks(people, tmp_path)[-1]

    rows = _rows(_sheets(bureau)["整改清单"])
    assert rows[["问题编号", "来源文件", "行号", "培训项目", "在何处改正"]].values.tolist() == [
        ["f04", "provincial/省平台学时导出_2022.xlsx", 17, None, PROVINCE],
        ["f12", "plan/2023年度培训计划.xlsx", 4, "P002 县级全员网络研修", "教育局师训科（培训计划）"],
    ]


def test_stale_workbooks_are_removed_when_a_school_has_no_findings_left(warehouse, tmp_path):
    build_correction_workbooks(warehouse, tmp_path)
    warehouse.execute("delete from main.dq_findings where school_code = 'S001'")
    paths = build_correction_workbooks(warehouse, tmp_path)

    assert [p.name for p in paths] == ["S002_数据整改清单.xlsx", "局级_数据整改清单.xlsx"]
    assert not (tmp_path / "S001_数据整改清单.xlsx").exists()
    warehouse.execute("delete from main.dq_findings")
    assert build_correction_workbooks(warehouse, tmp_path) == []
    assert list(tmp_path.glob("*.xlsx")) == []


def test_workbook_details_mask_id_numbers(warehouse, tmp_path):
    warehouse.execute(
        "update main.dq_findings set detail = '身份证号 61050319970626054X 校验位错误' where finding_id = 'f03'"
    )
    s002 = build_correction_workbooks(warehouse, tmp_path)[1]

    rows = _rows(_sheets(s002)["整改清单"])
    assert rows["问题说明"].tolist()[0] == "身份证号无效：身份证号 610503********054X 校验位错误"


def test_status_dropdown_covers_every_finding_row(people, tmp_path):
    s002 = build_correction_workbooks(people, tmp_path)[1]
    sheet = openpyxl.load_workbook(s002)["整改清单"]

    (dv,) = sheet.data_validations.dataValidation
    assert (dv.type, str(dv.sqref), dv.showErrorMessage) == ("list", "J4:J9", True)
    assert dv.formula1 == '"已整改,无需整改（说明原因）,无法整改（说明原因）"'
    assert sheet["J3"].value == "整改情况（学校填写）"


def test_sheets_are_protected_except_the_cells_the_school_fills(people, tmp_path):
    s002 = build_correction_workbooks(people, tmp_path)[1]
    book = openpyxl.load_workbook(s002)
    sheet = book["整改清单"]

    assert [book[name].protection.sheet for name in book.sheetnames] == [True, True]
    assert [sheet.cell(4, c).protection.locked for c in range(1, 14)] == [
        True] * 9 + [False, False] + [True, True]
    assert [sheet.column_dimensions[c].hidden for c in "JKLM"] == [False, False, True, True]


def test_pages_print_landscape_a4_one_page_wide_with_the_header_row_repeated(people, tmp_path):
    s002 = build_correction_workbooks(people, tmp_path)[1]
    book = openpyxl.load_workbook(s002)

    for sheet, title_rows, area in [
        (book["说明"], "$12:$12", "'说明'!$A$1:$G$16"),
        (book["整改清单"], "$3:$3", "'整改清单'!$A$1:$K$9"),  # K: the hidden columns stay off
    ]:
        setup = sheet.page_setup
        assert (setup.orientation, str(setup.paperSize), setup.fitToHeight) == ("landscape", "9", 0)
        assert setup.fitToWidth in (None, 1)  # 1 is the default openpyxl leaves out
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert (sheet.print_title_rows, sheet.print_area) == (title_rows, area)


def test_instruction_rows_are_tall_enough_for_every_line(people, tmp_path):
    s002 = build_correction_workbooks(people, tmp_path)[1]
    overview = openpyxl.load_workbook(s002)["说明"]

    assert overview["A9"].value == "填写说明"
    # four paragraphs in a merged cell 144 units wide: 1 + 2 + 2 + 1 lines = 6 lines
    assert line_count(overview["B9"].value, 144) == 6
    assert overview.row_dimensions[9].height == pytest.approx(6 * LINE_POINTS + 4, abs=0.5)
    assert overview["B9"].alignment.wrap_text is True


def test_masked_id_keeps_the_first_and_last_four_characters():
    assert mask_id("610503199706260547") == "6105**********0547"
    assert mask_id("61050319970626054") == "6105*********6054"
    assert mask_id("3.10105E+17") == "3.10105E+17"  # too short to identify anyone
    assert mask_id(None) == ""


def test_where_to_fix_follows_the_profile_else_the_path():
    assert where_to_fix("platform_records", "x.xlsx") == "网络研修平台（请在平台核实或联系平台改正）"
    assert where_to_fix(None, "provincial/省平台学时导出_2022.xlsx") == PROVINCE
    assert where_to_fix("roster", "schools/S1/花名册.xlsx") == SCHOOL_FILE


def test_details_of_the_rule_models_read_in_chinese():
    assert detail_zh("outcome passed but hours blank") == "考核结果合格，但学时为空"
    assert detail_zh("no training record in 2023") == "2023年无培训记录"
    assert detail_zh("110 enrolled, 100 planned seats") == "报名110人，计划100人"
    assert detail_zh("quarantined at ingest: ID_INVALID,HOURS_NEGATIVE") == (
        "该行导入时已隔离，未计入统计（身份证号无效,学时为负数）"
    )
    assert detail_zh("国培 list: 24 h passed; provincial export: blank h failed") == (
        "国培名单：24学时、合格；省平台：空学时、不合格"
    )
    assert detail_zh("something new") == "something new"


def test_someone_on_no_roster_is_named_from_the_row_the_finding_points_at(people, tmp_path):
    prov, platform = "provincial/省平台学时导出_2022.xlsx", "platform/网络研修学习记录_2021.csv"
    people.execute(
        "create table raw.provincial_records (id_number varchar, name varchar, source_file varchar, "
        "source_row integer, load_id varchar)"
    )
    people.execute(f"insert into raw.provincial_records values "
                   f"('610502198001011111', '孙八', '{prov}', 20, 'load_a')")
    people.execute(
        "create table raw.platform_records (id_mask varchar, name varchar, source_file varchar, "
        "source_row integer, load_id varchar)"
    )
    people.execute(f"insert into raw.platform_records values "
                   f"('6105**********2222', '周九', '{platform}', 7, 'load_c')")
    people.execute(
        "insert into main.dq_findings values "
        f"('f14', 'UNKNOWN_TEACHER', 'warn', 'k9', 'S001', 'P001', 2022, '{prov}', 20, "
        "'valid ID number on no roster', 'load_a'), "
        f"('f15', 'PLATFORM_ID_UNRESOLVED', 'warn', null, 'S001', null, 2021, '{platform}', 7, "
        "'masked ID unmatched (0 roster candidates)', 'load_c')"
    )

    s001 = build_correction_workbooks(people, tmp_path)[0]

    rows = _rows(_sheets(s001)["整改清单"]).set_index("问题编号")
    assert rows.loc[["f14", "f15"], ["教师姓名", "身份证号（部分隐藏）", "问题说明", "在何处改正"]]\
        .values.tolist() == [
        ["孙八", "6105**********1111", "不在花名册的参训人员：身份证号有效，但不在任何学校花名册中",
         PROVINCE],
        ["周九", "6105**********2222", "网络研修记录无法匹配教师：脱敏身份证号无匹配（花名册中候选0人）",
         "网络研修平台（请在平台核实或联系平台改正）"],
    ]


def test_the_next_workbook_shows_the_answers_the_school_already_gave(people, tmp_path):
    from ingest.corrections import DDL

    for stmt in DDL:
        people.execute(stmt)
    people.execute(
        "insert into raw.correction_responses values "
        "('f08', 'fixed', '已整改', null, 'a.xlsx', '整改清单', 5, 'l1', timestamp '2024-03-01'), "
        "('f08', 'cannot_fix', '无法整改（说明原因）', '已调离', 'b.xlsx', '整改清单', 5, 'l2', "
        "timestamp '2024-04-01')"
    )

    s002 = build_correction_workbooks(people, tmp_path)[1]

    rows = _rows(_sheets(s002)["整改清单"])
    assert rows[["问题编号", "整改情况（学校填写）", "整改说明（学校填写）"]].values.tolist()[1:4] == [
        ["f06", None, None],
        ["f08", "无法整改（说明原因）", "已调离"],  # the later of its two answers
        ["f09", None, None],
    ]
    sheet = openpyxl.load_workbook(s002)["整改清单"]
    assert (sheet["J6"].protection.locked, sheet["K6"].protection.locked) == (False, False)


def test_a_training_of_an_unknown_year_reads_its_codes_latest_year():
    trainings = {("P1", 2021): "P1 旧", ("P1", 2023): "P1 新", ("P2", 2024): "P2 课程"}
    latest = latest_by_code(trainings)

    assert latest == {"P1": "P1 新", "P2": "P2 课程"}
    assert training_text(trainings, "P1", 2021, latest) == "P1 旧"
    assert training_text(trainings, "P1", 2030, latest) == "P1 新"
    assert training_text(trainings, "P1", None) == "P1 新"
    assert training_text(trainings, "P9", 2023, latest) == "P9"
