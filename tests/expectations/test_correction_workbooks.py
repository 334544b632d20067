"""Correction workbooks: one per school with findings plus a bureau-level one, one sheet per
rule holding exactly that school's source rows, Chinese headers and the catalogue's fix."""

from __future__ import annotations

import pandas as pd

from expectations.catalogue import load_rule_catalogue
from expectations.workbooks import HEADER_ROW, build_correction_workbooks


def _sheets(path) -> dict[str, pd.DataFrame]:
    return pd.read_excel(path, sheet_name=None, header=None, engine="calamine")


def _rows(sheet: pd.DataFrame) -> pd.DataFrame:
    body = sheet.iloc[HEADER_ROW + 1 :].copy()
    body.columns = list(sheet.iloc[HEADER_ROW])
    return body.reset_index(drop=True)


def test_one_workbook_per_school_and_one_for_the_bureau(warehouse, tmp_path):
    paths = build_correction_workbooks(warehouse, tmp_path)

    assert [p.name for p in paths] == [
        "S001_数据整改清单.xlsx",
        "S002_数据整改清单.xlsx",
        "局级_数据整改清单.xlsx",
    ]
    assert all(p.parent == tmp_path and p.is_file() for p in paths)


def test_each_rule_sheet_holds_the_schools_exact_rows(warehouse, tmp_path):
    s002 = build_correction_workbooks(warehouse, tmp_path)[1]
    sheets = _sheets(s002)

    assert list(sheets) == [
        "说明",
        "ID_INVALID",
        "MISSING_HOURS",
        "NO_TRAINING_IN_YEAR",
        "SCHOOL_UNDER_5PCT",
    ]
    rows = _rows(sheets["NO_TRAINING_IN_YEAR"])
    assert list(rows.columns[:6]) == ["序号", "来源文件", "行号", "年度", "项目编号", "问题说明"]
    assert "整改情况（学校填写）" in rows.columns
    assert rows[["来源文件", "行号", "年度", "问题说明"]].values.tolist() == [
        ["schools/S002/教师花名册.xlsx", 5, 2022, "2022年无学时"],
        ["schools/S002/教师花名册.xlsx", 5, 2023, "2023年无学时"],
        ["schools/S002/教师花名册.xlsx", 7, 2023, "2023年无学时"],
    ]
    assert rows["严重程度"].tolist() == ["警告"] * 3
    how = load_rule_catalogue()["NO_TRAINING_IN_YEAR"].resolve_zh
    assert sheets["NO_TRAINING_IN_YEAR"].iloc[3, 0] == f"整改方法：{how}"
    assert (
        sheets["NO_TRAINING_IN_YEAR"].iloc[0, 0] == "NO_TRAINING_IN_YEAR 年度无培训记录（共 3 条）"
    )


def test_overview_sheet_counts_each_rule(warehouse, tmp_path):
    s001 = build_correction_workbooks(warehouse, tmp_path)[0]
    overview = _sheets(s001)["说明"]

    header_at = overview.index[overview[0] == "规则编号"][0]
    table = overview.iloc[header_at + 1 :, :4].values.tolist()
    assert table == [
        ["ID_INVALID", "身份证号无效", "错误", 2],
        ["MISSING_HOURS", "合格记录缺少学时", "错误", 1],
        ["NO_TRAINING_IN_YEAR", "年度无培训记录", "警告", 1],
        ["GP_OVER_CYCLE_LIMIT", "国培超出周期参训次数", "错误", 1],
    ]
    assert overview.iloc[0, 0] == "学校 S001 数据整改清单"


def test_findings_without_a_school_go_to_the_bureau_workbook(warehouse, tmp_path):
    bureau = build_correction_workbooks(warehouse, tmp_path)[-1]
    sheets = _sheets(bureau)

    assert list(sheets) == ["说明", "ID_EXCEL_DAMAGED", "PROJECT_OVER_QUOTA"]
    quota = _rows(sheets["PROJECT_OVER_QUOTA"])
    assert quota[["来源文件", "行号", "项目编号"]].values.tolist() == [
        ["plan/2023年度培训计划.xlsx", 4, "P002"]
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

    rows = _rows(_sheets(s002)["ID_INVALID"])
    assert rows["问题说明"].tolist() == ["身份证号 610503********054X 校验位错误"]
