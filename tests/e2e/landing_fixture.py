"""A tiny landing folder written by hand, in the shapes of docs/data_contract.md section 1.

Two schools of one county, three teachers, one year (2023). The expected mart figures are
computed by hand in test_pipeline_end_to_end.py from the values below.
"""

from __future__ import annotations

import csv
from pathlib import Path

import xlsxwriter

from ingest.idnumber import check_char


def valid_id(body17: str) -> str:
    return body17 + check_char(body17)


T1 = valid_id("61050219800101002")  # 张伟, school S1 (rural primary)
T2 = valid_id("61050219850505004")  # 李娜, school S1
T3 = valid_id("61050219900909006")  # 王芳, school S2 (urban junior)
BAD_CHECK = T1[:17] + ("0" if T1[17] != "0" else "1")  # wrong check character
S1, S2 = "3135000001", "3135000002"
COUNTY = "临渭区"


def _sheet(path: Path, title: str, header: list[str], rows: list[list], extra_above=()) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1")
    text = wb.add_format({"num_format": "@"})
    ws.merge_range(0, 0, 0, len(header) - 1, title)
    r = 1
    for line in extra_above:
        ws.write_row(r, 0, line)
        r += 1
    ws.write_row(r, 0, header)
    for row in rows:
        r += 1
        for c, value in enumerate(row):
            if isinstance(value, str):
                ws.write_string(r, c, value, text)
            elif value is not None:
                ws.write_number(r, c, value)
    wb.close()


def write_landing(root: Path) -> None:
    _sheet(
        root / "schools" / S1 / "教师花名册.xlsx",
        "临渭区乡村小学教职工花名册",
        ["序号", "教师姓名", "身份证件号", "性别", "出生日期", "学段", "学科", "职称", "联系电话",
         "学校代码", "学校名称", "县区", "城乡类型"],
        [
            [1, "张伟", T1, "男", "1980-01-01", "小学", "语文", "一级教师", "13800000001", S1, "临渭区乡村小学", COUNTY, "乡村"],
            [2, "李娜", T2, "女", "1985-05-05", "小学", "数学", "二级教师", "13800000002", S1, "临渭区乡村小学", COUNTY, "乡村"],
        ],
    )
    _sheet(
        root / "schools" / S2 / "教师花名册.xlsx",
        "临渭区城区初中教职工花名册",
        ["序号", "教师姓名", "身份证件号", "性别", "出生日期", "学段", "学科", "职称", "联系电话",
         "学校代码", "学校名称", "县区", "城乡类型"],
        [[1, "王芳", T3, "女", "1990-09-09", "初中", "英语", "一级教师", "13800000003", S2, "临渭区城区初中", COUNTY, "城镇"]],
    )
    _sheet(
        root / "plan" / "2023年度培训计划.xlsx",
        "2023年度教师培训项目计划",
        ["项目编号", "项目名称", "培训级别", "培训形式", "承训机构", "开始日期", "结束日期", "学时",
         "实践学时", "计划人数", "培训对象学段", "限乡村教师", "项目经费(万元)"],
        [
            ["XP2023001", "2023年县级全员培训", "县培", "集中培训", "临渭区教师发展中心", "2023-07-10", "2023-07-13", 24, 0, 10, "", "否", 2.4],
            ["GP2023001", "国培计划(2023)——乡村教师能力提升", "国培", "混合式", "陕西师范大学", "2023-08-01", "2023-08-10", 40, 10, 2, "初中", "否", 8],
        ],
    )
    _sheet(
        root / "plan" / "2023年名额分配.xlsx",
        "2023年教师培训名额分配表",
        ["项目编号", "项目名称", "学校代码", "学校名称", "分配名额"],
        [
            ["XP2023001", "2023年县级全员培训", S1, "临渭区乡村小学", 6],
            ["XP2023001", "2023年县级全员培训", S2, "临渭区城区初中", 4],
            ["GP2023001", "国培计划(2023)——乡村教师能力提升", S2, "临渭区城区初中", 2],
        ],
    )
    # Provincial export rows (Excel rows): 4 = T1 passed, 5 = T2 failed, 6 = T3 国培 passed,
    # 7 = a bad check character (quarantined as ID_INVALID); 8 = 合计 row, 9 = note row.
    prov_header = ["序号", "*姓名", "*身份证号", "工作单位", "县区", "学段", "学科", "项目编号", "项目名称",
                   "培训级别", "培训形式", "*开始日期\n(yyyy-MM-dd)", "*结束日期\n(yyyy-MM-dd)", "登记学时",
                   "实践学时", "考核结果", "审核状态"]
    _sheet(
        root / "provincial" / "省平台学时导出_2023.xlsx",
        "临渭区教师培训学时登记汇总表",
        prov_header,
        [
            [1, "张伟", T1, "临渭区乡村小学", COUNTY, "小学", "语文", "XP2023001", "2023年县级全员培训", "县培", "集中培训", "2023.7.10", "2023年7月13日", "24学时", 0, "合格", "已认定"],
            [2, "李娜", T2, "临渭区乡村小学", COUNTY, "小学", "数学", "XP2023001", "2023年县级全员培训", "县培", "集中培训", "2023/07/10", "2023-7-13", 24, 0, "不合格", "已认定"],
            [3, "王芳", T3, "临渭区城区初中", COUNTY, "初中", "英语", "GP2023001", "国培计划(2023)——乡村教师能力提升", "国培", "混合式", "2023-08-01", "2023-08-10", 40, 10, "合格", "已认定"],
            [4, "张伟", BAD_CHECK, "临渭区乡村小学", COUNTY, "小学", "语文", "XP2023001", "2023年县级全员培训", "县培", "集中培训", "2023-07-10", "2023-07-13", 24, 0, "合格", "已认定"],
            ["合计", None, None, None, None, None, None, None, None, None, None, None, None, 112, 10, None, None],
            ["注:本表由系统自动生成", None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None],
        ],
        extra_above=[["导出时间:2024-01-05 10:21:33"]],
    )
    _sheet(
        root / "guopei" / "国培_GP2023001_学员名单.xlsx",
        "国培计划(2023)——乡村教师能力提升 学员名单",
        ["序号", "学员姓名", "身份证号码", "学校名称", "县区", "学段", "学科", "项目编号", "是否报到", "结业情况", "培训学时"],
        [[1, "王芳", T3, "临渭区城区初中", COUNTY, "初中", "英语", "GP2023001", "是", "合格", 40]],
    )
    platform = root / "platform" / "网络研修学习记录_2023.csv"
    platform.parent.mkdir(parents=True, exist_ok=True)
    with platform.open("w", encoding="gbk", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["姓名", "证件号码", "单位", "课程名称", "项目编号", "学习时长(分钟)", "完成状态", "最后学习时间"])
        writer.writerow(["张伟", T1[:4] + "*" * 10 + T1[-4:], "临渭区乡村小学", "新课标解读", "WL2023001", 600, "已完成", "2023/03/05 10:22"])
        writer.writerow(["李娜", T2[:4] + "*" * 10 + T2[-4:], "临渭区乡村小学", "新课标解读", "WL2023001", 300, "未完成", "2023/03/06 09:00"])
    # Sign-in matrices: S1 two sessions (3 h, 2 h); S2 one session (4 h); all on the county's
    # school-based days (Tuesdays and Thursdays, policy school_based_timetable).
    _signin(root, S1, "临渭区乡村小学", [("2023-03-07", "课堂教学研讨", 3), ("2023-04-11", "读书分享", 2)],
            [["张伟", T1, ["√", "√"]], ["李娜", T2, ["√", "×"]]])
    _signin(root, S2, "临渭区城区初中", [("2023-03-09", "集体备课", 4)], [["王芳", T3, ["√"]]])
    # Funding: one county sheet in 万元. S1 spends 6% (meets 5%), S2 spends 4% (under 5%); the
    # county spends 2.4 of 140 万元 payroll = 1.7% (meets 1.5%).
    _sheet(
        root / "funding" / f"{COUNTY}_2023年学校培训经费.xlsx",
        f"{COUNTY}2023年学校教师培训经费统计表",
        ["学校代码", "学校名称", "县区", "公用经费预算总额(万元)", "教职工工资总额(万元)", "培训经费支出合计(万元)",
         "差旅费", "伙食补助费", "资料费", "住宿费", "培训费"],
        [
            [S1, "临渭区乡村小学", COUNTY, 20.0, 60.0, 1.2, 0.2, 0.1, 0.1, 0.2, 0.6],
            [S2, "临渭区城区初中", COUNTY, 30.0, 80.0, 1.2, 0.3, 0.1, 0.1, 0.2, 0.5],
            ["合计", None, None, 50.0, 140.0, 2.4, None, None, None, None, None],
        ],
    )


def _signin(root: Path, code: str, name: str, sessions, teachers) -> None:
    path = root / "schools" / code / "校本研修签到_2023.xlsx"
    header = ["序号", "姓名", "身份证号"] + [f"{d}\n{title}" for d, title, _ in sessions]
    hours_row = ["学时", None, None] + [h for _, _, h in sessions]
    rows = [hours_row] + [[i + 1, n, idn, *marks] for i, (n, idn, marks) in enumerate(teachers)]
    _sheet(path, f"{name}(学校代码:{code})2023年校本研修签到表", header, rows)
