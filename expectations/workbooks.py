"""Correction workbooks: one XLSX per school listing the exact source rows it must fix.

RESTRICTED output: each row names the teacher (name, masked ID number from the restricted
directory) so that the school knows whom to fix; send each file to its school only, never publish.

Each workbook has an overview sheet (说明: the school, the fill-in instructions, and per rule its
meaning and how to fix it) and one sheet (整改清单) of all the school's findings, by rule:
teacher, training, the problem in Chinese, source file and row, where to correct it (the school's
own file, or the system that holds a file the school does not have), and two cells the school
fills: 整改情况 (a dropdown) and 整改说明. One findings sheet keeps a small workbook on one or
two printed pages and gives the school one place to answer. Everything else is protected; the finding id sits in a
hidden column so that ``python -m ingest corrections`` can read the answers back. Pages print
landscape on A4, fitted to the width, header rows repeated. Text from data is written through
expectations/xlsx_safe.py (no formula injection). Findings that belong to no school go to one
bureau-level workbook. Workbooks of an earlier run in out_dir are removed first.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pandas as pd

from expectations.catalogue import RuleInfo, load_rule_catalogue, rule_info
from expectations.findings import NO_SCHOOL, is_missing, load_findings, school_directory
from expectations.workbook_layout import (
    FINDINGS_SHEET,
    HEADER_ROW,
    OVERVIEW_SHEET,
    ROW_COLUMNS,
    formats,
    write_findings_sheet,
    write_overview,
)
from expectations.workbook_rows import add_row_context
from expectations.xlsx_safe import new_workbook

__all__ = [
    "FINDINGS_SHEET", "HEADER_ROW", "OVERVIEW_SHEET", "ROW_COLUMNS", "build_correction_workbooks",
    "workbook_name",
]

SUFFIX = "_数据整改清单.xlsx"
BUREAU_STEM = "局级"
FILE_PART_MAX = 40  # characters of the school name kept in the file name
_UNSAFE_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')


def safe_file_part(text: str) -> str:
    """Text usable in a file name on Windows, macOS and Linux: no <>:"/\\|?* or control
    characters, whitespace as '_', no leading or trailing dots/underscores, at most 40 chars."""
    text = _UNSAFE_IN_NAMES.sub("_", text)
    text = re.sub(r"\s+", "_", text)
    text = re.sub(r"_+", "_", text)
    return text.strip("._ ")[:FILE_PART_MAX].rstrip("._ ")


def workbook_name(school_code: str, school_name: str = "") -> str:
    """File name of a school's workbook (code, then name); the bureau's for school_code ''."""
    if school_code == NO_SCHOOL:
        return BUREAU_STEM + SUFFIX
    code = re.sub(r"[^0-9A-Za-z_-]", "_", school_code)
    name = safe_file_part(school_name)
    return f"{code}_{name}{SUFFIX}" if name else code + SUFFIX


def _rule_order(findings: pd.DataFrame, catalogue: dict[str, RuleInfo]) -> dict[str, int]:
    """Catalogue order, then rules the catalogue lacks by id: the order of a workbook's rules."""
    present = set(findings["rule_id"])
    ordered = [r for r in catalogue if r in present] + sorted(present - set(catalogue))
    return {r: i for i, r in enumerate(ordered)}


def _rules(findings: pd.DataFrame, catalogue: dict[str, RuleInfo]) -> list[tuple[RuleInfo, int]]:
    """Each rule of the workbook with its count; its severity is that of its first finding in
    load order (the frame's index)."""
    severity: dict[str, str] = {}
    in_load_order = zip(findings.index, findings["rule_id"], findings["severity"], strict=True)
    for _, rule_id, level in sorted(in_load_order):
        severity.setdefault(rule_id, level)
    counts = findings["rule_id"].value_counts()
    return [
        (rule_info(r, catalogue, severity[r]), int(counts[r]))
        for r in _rule_order(findings, catalogue)
    ]


def _title_and_meta(
    school_code: str, school_name: str, county: str, findings: pd.DataFrame, generated: str
) -> tuple[str, list[tuple[str, str]]]:
    if school_code == NO_SCHOOL:
        title = "局级数据整改清单（未归属到学校的问题）"
        meta = [("适用范围", "教育局师训科：省平台导出、培训计划等不属于单个学校的问题")]
    else:
        label = (
            f"{school_name}（学校代码 {school_code}）" if school_name else f"学校 {school_code} "
        )
        title = f"{label}数据整改清单"
        meta = [("学校代码", school_code), ("学校名称", school_name), ("县区", county)]
    meta += [
        ("问题总数", str(len(findings))),
        ("其中错误", str(int((findings["severity"] == "error").sum()))),
        ("生成时间", generated),
        (
            "填写说明",
            "1. “整改清单”工作表逐行列出问题，请核实“来源文件”中“行号”所指的行（行号为在 Excel "
            "中看到的行号，含标题行）；各类问题的含义和整改方法见下表。\n"
            "2. “在何处改正”写明改正的地方：本校报送的文件请改正后重新报送；省级培训管理系统、"
            "承训机构、网络研修平台的数据学校没有原文件，请在该系统核实改正或联系对方。\n"
            "3. 在黄色的“整改情况”列从下拉列表选择：已整改 / 无需整改（说明原因）/ 无法整改"
            "（说明原因）；选后两项时在“整改说明”列写明原因。其余单元格已保护，请勿增删行列或"
            "改动工作表名。\n"
            "4. 填好后将本文件原样（不改文件格式）交回师训科。",
        ),
        ("保密提示", "本表含教师姓名和部分身份证号，仅发本校，勿转发、勿公开。"),
    ]
    return title, meta


def _write_workbook(
    path: Path,
    school_code: str,
    school_name: str,
    county: str,
    findings: pd.DataFrame,
    catalogue: dict[str, RuleInfo],
    generated: str,
) -> None:
    """`findings`: the school's, in workbook order (sorted_for_workbooks)."""
    rules = _rules(findings, catalogue)
    title, meta = _title_and_meta(school_code, school_name, county, findings, generated)
    page_label = school_name or school_code or BUREAU_STEM
    with new_workbook(path, in_memory=True) as book:
        fmt = formats(book)
        write_overview(book, title, meta, rules, page_label, fmt)
        write_findings_sheet(book, title, findings, {i.rule_id: i for i, _ in rules}, page_label, fmt)


def sorted_for_workbooks(findings: pd.DataFrame, catalogue: dict[str, RuleInfo]) -> pd.DataFrame:
    """All findings in the order each workbook lists its own: by rule (catalogue order), source
    file, row and year. One stable sort for every school: a school's rows keep this order and the
    rule order of the whole set restricted to a school is that school's."""
    order = _rule_order(findings, catalogue)
    return findings.assign(_rule_order=findings["rule_id"].map(order)).sort_values(
        ["_rule_order", "source_file", "source_row", "year"], na_position="last"
    )


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
    findings = add_row_context(con, findings)
    catalogue = load_rule_catalogue()
    directory = school_directory(con).set_index("school_code")
    generated = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    by_school = dict(tuple(sorted_for_workbooks(findings, catalogue).groupby("school_code", sort=False)))
    codes = sorted(c for c in by_school if c != NO_SCHOOL)
    if NO_SCHOOL in by_school:
        codes.append(NO_SCHOOL)
    paths: list[Path] = []
    for code in codes:
        name = county = ""
        if code in directory.index:
            name = directory.at[code, "school_name"]
            county = directory.at[code, "county"]
        name = "" if is_missing(name) else str(name)
        county = "" if is_missing(county) else str(county)
        path = out_dir / workbook_name(code, name)
        _write_workbook(path, code, name, county, by_school[code], catalogue, generated)
        paths.append(path)
    return paths
