"""Correction workbooks: one XLSX per school listing the exact source rows it must fix.

Each workbook has an overview sheet (说明) and one sheet per rule with the school's findings:
source file, row, detail, and how to fix it (from rules.yml). Findings that belong to no
school (dq_findings.school_code null: provincial exports, plans) go to one bureau-level
workbook. Workbooks of an earlier run in out_dir are removed first, so a school that fixed
everything is not sent a stale list.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from expectations.catalogue import RuleInfo, load_rule_catalogue, rule_info
from expectations.findings import NO_SCHOOL, is_missing, load_findings, school_directory

SUFFIX = "_数据整改清单.xlsx"
BUREAU_STEM = "局级"
OVERVIEW_SHEET = "说明"
SEVERITY_ZH = {"error": "错误", "warn": "警告"}
OWNER_ZH = {"school": "学校", "bureau": "教育局师训科", "provider": "承训机构/平台（学校协助核实）"}

# (header, finding column or None, width)
ROW_COLUMNS: list[tuple[str, str | None, int]] = [
    ("序号", None, 6),
    ("来源文件", "source_file", 42),
    ("行号", "source_row", 7),
    ("年度", "year", 7),
    ("项目编号", "project_code", 12),
    ("问题说明", "detail", 40),
    ("严重程度", "severity", 9),
    ("数据批次", "load_id", 14),
    ("问题编号", "finding_id", 18),
    ("整改情况（学校填写）", None, 28),
    ("备注", None, 20),
]


def workbook_name(school_code: str) -> str:
    """File name of a school's workbook; the bureau-level one for school_code ''."""
    if school_code == NO_SCHOOL:
        return BUREAU_STEM + SUFFIX
    return re.sub(r"[^0-9A-Za-z_-]", "_", school_code) + SUFFIX


def sheet_name(rule_id: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "_", rule_id)[:31]


def _cell(value: Any) -> Any:
    if is_missing(value):
        return ""
    if hasattr(value, "item"):
        return value.item()
    return value


def _formats(book: xlsxwriter.Workbook) -> dict[str, Any]:
    base = {"font_name": "等线", "font_size": 11, "valign": "top"}
    return {
        "title": book.add_format({**base, "bold": True, "font_size": 14}),
        "label": book.add_format({**base, "bold": True}),
        "text": book.add_format({**base, "text_wrap": True}),
        "head": book.add_format(
            {**base, "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}
        ),
        "cell": book.add_format({**base, "border": 1, "text_wrap": True}),
        "num": book.add_format({**base, "border": 1, "num_format": "0"}),
        "fill": book.add_format({**base, "border": 1, "bg_color": "#FFF2CC"}),
        "error": book.add_format({**base, "border": 1, "font_color": "#C0392B", "bold": True}),
        "warn": book.add_format({**base, "border": 1, "font_color": "#B9770E", "bold": True}),
        "link": book.add_format({**base, "border": 1, "font_color": "blue", "underline": 1}),
    }


def _write_overview(
    sheet: Any,
    fmt: dict[str, Any],
    title: str,
    meta: list[tuple[str, str]],
    rules: list[tuple[RuleInfo, int]],
) -> None:
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 24)
    sheet.set_column(2, 3, 9)
    sheet.set_column(4, 5, 60)
    sheet.set_column(6, 6, 16)
    sheet.write(0, 0, title, fmt["title"])
    row = 2
    for label, value in meta:
        sheet.write(row, 0, label, fmt["label"])
        sheet.write(row, 1, value, fmt["text"])
        row += 1
    row += 1
    headers = ["规则编号", "问题名称", "严重程度", "问题数", "问题含义", "整改方法", "责任方"]
    for col, h in enumerate(headers):
        sheet.write(row, col, h, fmt["head"])
    for info, count in rules:
        row += 1
        sheet.write_url(
            row, 0, f"internal:'{sheet_name(info.rule_id)}'!A1", fmt["link"], info.rule_id
        )
        sheet.write(row, 1, info.title_zh, fmt["cell"])
        sheet.write(row, 2, SEVERITY_ZH.get(info.severity, info.severity), fmt[info.severity])
        sheet.write_number(row, 3, count, fmt["num"])
        sheet.write(row, 4, info.meaning_zh, fmt["cell"])
        sheet.write(row, 5, info.resolve_zh, fmt["cell"])
        sheet.write(row, 6, OWNER_ZH.get(info.owner, info.owner), fmt["cell"])
    sheet.freeze_panes(row - len(rules) + 1, 0)


HEADER_ROW = 5  # 0-based row of the column headers on a rule sheet; data starts below it


def _write_rule_sheet(sheet: Any, fmt: dict[str, Any], info: RuleInfo, rows: pd.DataFrame) -> None:
    for col, (_, _, width) in enumerate(ROW_COLUMNS):
        sheet.set_column(col, col, width)
    last_col = len(ROW_COLUMNS) - 1
    sheet.merge_range(
        0, 0, 0, last_col, f"{info.rule_id} {info.title_zh}（共 {len(rows)} 条）", fmt["title"]
    )
    sheet.merge_range(1, 0, 1, last_col, f"问题含义：{info.meaning_zh}", fmt["text"])
    sheet.merge_range(2, 0, 2, last_col, f"何时重要：{info.matters_zh}", fmt["text"])
    sheet.merge_range(3, 0, 3, last_col, f"整改方法：{info.resolve_zh}", fmt["text"])
    for r in (1, 2, 3):
        sheet.set_row(r, 36)
    for col, (header, _, _) in enumerate(ROW_COLUMNS):
        sheet.write(HEADER_ROW, col, header, fmt["head"])
    for i, finding in enumerate(rows.itertuples(index=False), start=1):
        r = HEADER_ROW + i
        for col, (_, field, _) in enumerate(ROW_COLUMNS):
            if field is None:
                if col == 0:
                    sheet.write_number(r, col, i, fmt["num"])
                else:
                    sheet.write_blank(r, col, None, fmt["fill"])
                continue
            value = _cell(getattr(finding, field))
            if field == "severity":
                sheet.write(r, col, SEVERITY_ZH.get(value, value), fmt.get(value, fmt["cell"]))
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, col, value, fmt["num"])
            else:
                sheet.write_string(r, col, str(value), fmt["cell"])
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + max(len(rows), 1), last_col)


def _write_workbook(
    path: Path,
    school_code: str,
    school_name: str,
    county: str,
    findings: pd.DataFrame,
    catalogue: dict[str, RuleInfo],
    generated: str,
) -> None:
    ordered = [r for r in catalogue if r in set(findings["rule_id"])]
    ordered += sorted(set(findings["rule_id"]) - set(ordered))
    rules = [
        (
            rule_info(r, catalogue, findings.loc[findings["rule_id"] == r, "severity"].iloc[0]),
            int((findings["rule_id"] == r).sum()),
        )
        for r in ordered
    ]
    if school_code == NO_SCHOOL:
        title = "局级数据整改清单（未归属到学校的问题）"
        meta = [("适用范围", "教育局师训科：省平台导出、培训计划等不属于单个学校的问题")]
    else:
        label = (
            f"{school_name}（学校代码 {school_code}）" if school_name else f"学校 {school_code} "
        )
        title = f"{label}数据整改清单"
        meta = [("学校代码", school_code), ("学校名称", school_name or ""), ("县区", county or "")]
    meta += [
        ("问题总数", str(len(findings))),
        ("其中错误", str(int((findings["severity"] == "error").sum()))),
        ("生成时间", generated),
        (
            "填写说明",
            "请按各规则工作表逐行核实来源文件中的对应行并改正，在“整改情况”列填写处理结果，"
            "改正后的文件重新报送；行号为在 Excel 中看到的行号（含标题行）。",
        ),
    ]
    with xlsxwriter.Workbook(str(path), {"in_memory": True}) as book:
        fmt = _formats(book)
        _write_overview(book.add_worksheet(OVERVIEW_SHEET), fmt, title, meta, rules)
        for info, _ in rules:
            rows = findings[findings["rule_id"] == info.rule_id].sort_values(
                ["source_file", "source_row"], na_position="last"
            )
            _write_rule_sheet(book.add_worksheet(sheet_name(info.rule_id)), fmt, info, rows)


def build_correction_workbooks(con: Any, out_dir: Path) -> list[Path]:
    """Write one correction workbook per school with findings (plus a bureau-level one for
    findings without a school) into out_dir; return their paths, schools by code, bureau last.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(f"*{SUFFIX}"):
        stale.unlink()
    findings = load_findings(con)
    if findings.empty:
        return []
    catalogue = load_rule_catalogue()
    directory = school_directory(con).set_index("school_code")
    generated = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    codes = sorted(c for c in findings["school_code"].unique() if c != NO_SCHOOL)
    if (findings["school_code"] == NO_SCHOOL).any():
        codes.append(NO_SCHOOL)
    paths: list[Path] = []
    for code in codes:
        name = county = ""
        if code in directory.index:
            name = _cell(directory.at[code, "school_name"])
            county = _cell(directory.at[code, "county"])
        path = out_dir / workbook_name(code)
        _write_workbook(
            path,
            code,
            str(name),
            str(county),
            findings[findings["school_code"] == code],
            catalogue,
            generated,
        )
        paths.append(path)
    return paths
