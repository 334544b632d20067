"""Builders for the nasty test corpus: XLSX (xlsxwriter), legacy XLS (xlwt), CSV in any encoding.

Rows are lists of Python values; None leaves the cell empty. Strings are written as text cells,
ints/floats as number cells (so a float ID is a real Excel number), dates as date cells.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ingest.idnumber import check_char

# Hand-checkable valid IDs (GB 11643 examples and computed ones, see test_idnumber.py).
ID_A = "11010519491231002X"  # the standard's own example
ID_B = "440524188001010014"  # a well-known example: checksum valid, born 1880 (not plausible)
ID_C = "110101199003071233"  # 11010119900307123 + check '3'
ID_D = "610101198501010031"  # 61010119850101003 + check "1"


def valid_id(body17: str) -> str:
    return body17 + check_char(body17)


@dataclass
class SheetSpec:
    name: str
    rows: list[list[object]]
    hidden: bool = False
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 (0-based)


def write_xlsx(path: Path, sheets: list[SheetSpec] | list[list[object]]) -> Path:
    import xlsxwriter

    if sheets and not isinstance(sheets[0], SheetSpec):
        sheets = [SheetSpec("Sheet1", sheets)]  # type: ignore[list-item]
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    datefmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    dtfmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for spec in sheets:  # type: ignore[union-attr]
        ws = wb.add_worksheet(spec.name)
        merged_cells = set()
        for r0, c0, r1, c1 in spec.merges:
            value = spec.rows[r0][c0] if r0 < len(spec.rows) and c0 < len(spec.rows[r0]) else None
            ws.merge_range(r0, c0, r1, c1, value)
            merged_cells |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r, row in enumerate(spec.rows):
            for c, v in enumerate(row):
                if v is None or (r, c) in merged_cells:
                    continue
                if isinstance(v, bool):
                    ws.write_boolean(r, c, v)
                elif isinstance(v, (int, float)):
                    ws.write_number(r, c, v)
                elif isinstance(v, datetime):
                    ws.write_datetime(r, c, v, dtfmt)
                elif isinstance(v, date):
                    ws.write_datetime(r, c, datetime(v.year, v.month, v.day), datefmt)
                else:
                    ws.write_string(r, c, str(v))
        if spec.hidden:
            ws.hide()
    wb.close()
    return path


def write_xls(path: Path, sheets: list[SheetSpec] | list[list[object]]) -> Path:
    import xlwt

    if sheets and not isinstance(sheets[0], SheetSpec):
        sheets = [SheetSpec("Sheet1", sheets)]  # type: ignore[list-item]
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlwt.Workbook(encoding="utf-8")
    datefmt = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for spec in sheets:  # type: ignore[union-attr]
        ws = wb.add_sheet(spec.name)
        merged_cells = set()
        for r0, c0, r1, c1 in spec.merges:
            ws.write_merge(r0, r1, c0, c1, spec.rows[r0][c0])
            merged_cells |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r, row in enumerate(spec.rows):
            for c, v in enumerate(row):
                if v is None or (r, c) in merged_cells:
                    continue
                if isinstance(v, (date, datetime)):
                    ws.write(r, c, v, datefmt)
                else:
                    ws.write(r, c, v)
        if spec.hidden:
            ws.visibility = 1
    wb.save(str(path))
    return path


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8", bom: bool = False) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([["" if v is None else v for v in r] for r in rows])
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# The header rows of the contract, reused by several tests.
PROVINCIAL_HEADER = [
    "序号", "*姓名", "*身份证号", "工作单位", "县区", "学段", "学科", "项目编号", "项目名称", "培训级别",
    "培训形式", "*开始日期\n(yyyy-MM-dd)", "*结束日期\n(yyyy-MM-dd)", "登记学时", "实践学时", "考核结果",
    "审核状态",
]
PLATFORM_HEADER = ["姓名", "证件号码", "单位", "课程名称", "项目编号", "学习时长(分钟)", "完成状态", "最后学习时间"]
GUOPEI_HEADER = ["序号", "学员姓名", "身份证号码", "学校名称", "县区", "学段", "学科", "项目编号", "是否报到", "结业情况", "培训学时"]
ROSTER_HEADER = [
    "序号", "教师姓名", "身份证件号", "性别", "出生日期", "学段", "学科", "职称", "联系电话", "学校代码",
    "学校名称", "县区", "城乡类型",
]
FUNDING_HEADER = [
    "学校代码", "学校名称", "县区", "公用经费预算总额(万元)", "教职工工资总额(万元)", "培训经费支出合计(万元)",
    "差旅费", "伙食补助费", "资料费", "住宿费", "培训费",
]
PLAN_HEADER = [
    "项目编号", "项目名称", "培训级别", "培训形式", "承训机构", "开始日期", "结束日期", "学时", "实践学时",
    "计划人数", "培训对象学段", "限乡村教师", "项目经费(万元)",
]
SEAT_HEADER = ["项目编号", "项目名称", "学校代码", "学校名称", "分配名额"]
