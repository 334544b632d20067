"""Sheets of a correction workbook: the overview (说明) and the findings (整改清单), ready to print
and to send (formats, dropdown, protection, page set-up, row heights that show every line)."""

from __future__ import annotations

import math
import unicodedata
from typing import Any

import pandas as pd

from expectations.catalogue import RuleInfo
from expectations.detail_zh import problem_zh
from expectations.findings import is_missing
from expectations.xlsx_safe import write_text, write_value
from ingest.correction_form import ANSWERS, FINDING_ID_HEADER, NOTE_HEADER, STATUS_HEADER

OVERVIEW_SHEET = "说明"
FINDINGS_SHEET = "整改清单"
SEVERITY_ZH = {"error": "错误", "warn": "警告"}
OWNER_ZH = {"school": "学校", "bureau": "教育局师训科", "provider": "承训机构/平台（学校协助核实）"}
HEADER_ROW = 2  # 0-based row of the column headers on the findings sheet; data starts below it
LINE_POINTS = 15.0  # height of one line of 11-point 等线, in points
A4 = 9

# (header, finding column or None, width)
ROW_COLUMNS: list[tuple[str, str | None, int]] = [
    ("序号", None, 5),
    ("教师姓名", "teacher_name", 9),
    ("身份证号（部分隐藏）", "id_masked", 19),
    ("培训项目", "training", 22),
    ("年度", "year", 6),
    ("问题说明", "problem", 28),
    ("来源文件", "source_file", 22),
    ("行号", "source_row", 6),
    ("在何处改正", "where_to_fix", 14),
    (STATUS_HEADER, "answer_label", 16),  # the school fills these two (earlier answer shown)
    (NOTE_HEADER, "answer_note", 22),
    (FINDING_ID_HEADER, "finding_id", 34),  # hidden: the key the read-back uses
    ("数据批次", "load_id", 30),  # hidden
]
STATUS_COL = next(i for i, c in enumerate(ROW_COLUMNS) if c[0] == STATUS_HEADER)
NOTE_COL = STATUS_COL + 1
LAST_VISIBLE = NOTE_COL
OVERVIEW_HEADERS = ["规则编号", "问题名称", "严重程度", "问题数", "问题含义", "整改方法", "责任方"]
OVERVIEW_WIDTHS = [22, 20, 9, 7, 46, 46, 16]


def display_width(text: str) -> int:
    """Width in Excel column units: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def line_count(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` column units needs for text (each paragraph rounded up)."""
    usable = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(display_width(p) / usable)) for p in str(text).split("\n"))


def _height(lines: int) -> float:
    return LINE_POINTS * lines + 4


def formats(book: Any) -> dict[str, Any]:
    """The workbook's cell formats, made once per workbook and shared by its sheets."""
    base = {"font_name": "等线", "font_size": 11, "valign": "top"}
    fill = {**base, "border": 1, "bg_color": "#FFF2CC", "text_wrap": True, "locked": False}
    return {
        "title": book.add_format({**base, "bold": True, "font_size": 14, "text_wrap": True}),
        "label": book.add_format({**base, "bold": True}),
        "text": book.add_format({**base, "text_wrap": True}),
        "head": book.add_format(
            {**base, "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}
        ),
        "cell": book.add_format({**base, "border": 1, "text_wrap": True}),
        "num": book.add_format({**base, "border": 1, "num_format": "0"}),
        "fill": book.add_format(fill),
        "error": book.add_format({**base, "border": 1, "font_color": "#C0392B", "bold": True}),
        "warn": book.add_format({**base, "border": 1, "font_color": "#B9770E", "bold": True}),
        "link": book.add_format({**base, "border": 1, "font_color": "blue", "underline": 1}),
    }


def _page_setup(sheet: Any, page_label: str, repeat_row: int | None) -> None:
    """A4 landscape, one page wide, header rows repeated, page numbers in the footer."""
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    if repeat_row is not None:
        sheet.repeat_rows(repeat_row)
    label = page_label.replace("&", "&&")[:100]  # & starts a header code
    sheet.set_header(f"&L{label}&R&A", {"margin": 0.3})
    sheet.set_footer("&C第 &P 页，共 &N 页", {"margin": 0.3})


def _protect(sheet: Any) -> None:
    """Locked cells read-only, the school's cells (format locked False) editable; no password:
    it guards against slips, not against a determined user."""
    sheet.protect(
        "",
        {
            "select_locked_cells": True,
            "select_unlocked_cells": True,
            "format_rows": True,
            "autofilter": True,
        },
    )


def write_overview(
    book: Any, title: str, meta: list[tuple[str, str]], rules: list[tuple[RuleInfo, int]],
    page_label: str, fmt: dict[str, Any] | None = None,
) -> None:
    fmt = fmt or formats(book)
    sheet = book.add_worksheet(OVERVIEW_SHEET)
    for col, width in enumerate(OVERVIEW_WIDTHS):
        sheet.set_column(col, col, width)
    last = len(OVERVIEW_WIDTHS) - 1
    sheet.merge_range(0, 0, 0, last, "", fmt["title"])
    write_text(sheet, 0, 0, title, fmt["title"])
    sheet.set_row(0, _height(line_count(title, sum(OVERVIEW_WIDTHS) / 1.3)))
    value_width = sum(OVERVIEW_WIDTHS[1:])
    row = 2
    for label, value in meta:
        write_text(sheet, row, 0, label, fmt["label"])
        sheet.merge_range(row, 1, row, last, "", fmt["text"])
        write_text(sheet, row, 1, value, fmt["text"])
        sheet.set_row(row, _height(line_count(value, value_width)))
        row += 1
    row += 1
    header_row = row
    for col, head in enumerate(OVERVIEW_HEADERS):
        write_text(sheet, row, col, head, fmt["head"])
    first_row = HEADER_ROW + 2  # Excel row of the first finding; rules come in this order
    for info, count in rules:
        row += 1
        sheet.write_url(
            row, 0, f"internal:'{FINDINGS_SHEET}'!A{first_row}", fmt["link"], info.rule_id
        )
        first_row += count
        cells = [
            info.title_zh, SEVERITY_ZH.get(info.severity, info.severity), count,
            info.meaning_zh, info.resolve_zh, OWNER_ZH.get(info.owner, info.owner),
        ]
        for col, value in enumerate(cells, start=1):
            style = fmt[info.severity] if col == 2 and info.severity in fmt else fmt["cell"]
            write_value(sheet, row, col, value, fmt["num"] if col == 3 else style)
        lines = max(line_count(str(v), OVERVIEW_WIDTHS[c]) for c, v in enumerate(cells, start=1))
        sheet.set_row(row, _height(lines))
    sheet.freeze_panes(header_row + 1, 0)
    _page_setup(sheet, page_label, header_row)
    sheet.print_area(0, 0, row, last)
    _protect(sheet)
    sheet.activate()


def _instructions(title: str, count: int) -> list[tuple[str, str]]:
    return [
        ("title", f"{title}（共 {count} 条）"),
        (
            "text",
            "填写：在黄色的“整改情况”列从下拉列表选择（已整改 / 无需整改 / 无法整改）；选后两项时在"
            "“整改说明”列写明原因。其余单元格已保护。各类问题的含义和整改方法见“说明”工作表。",
        ),
    ]


def _row_values(catalogue: dict[str, RuleInfo], finding: Any) -> list[Any]:
    values: list[Any] = []
    for _, field, _ in ROW_COLUMNS:
        if field == "problem":
            values.append(problem_zh(catalogue[finding.rule_id].title_zh, finding.detail))
        elif field is None:
            values.append(None)
        else:
            value = getattr(finding, field)
            values.append(None if is_missing(value) else value)
    return values


def write_findings_sheet(
    book: Any, title: str, findings: pd.DataFrame, catalogue: dict[str, RuleInfo],
    page_label: str, fmt: dict[str, Any] | None = None,
) -> None:
    """All the workbook's findings on one sheet (FINDINGS_SHEET), in the order given."""
    fmt = fmt or formats(book)
    sheet = book.add_worksheet(FINDINGS_SHEET)
    for col, (_, _, width) in enumerate(ROW_COLUMNS):
        hidden = col > LAST_VISIBLE
        sheet.set_column(col, col, width, None, {"hidden": True} if hidden else None)
    visible_width = sum(w for _, _, w in ROW_COLUMNS[: LAST_VISIBLE + 1])
    for r, (style, text) in enumerate(_instructions(title, len(findings))):
        sheet.merge_range(r, 0, r, LAST_VISIBLE, "", fmt[style])
        write_text(sheet, r, 0, text, fmt[style])
        width = visible_width / (1.3 if style == "title" else 1.0)  # 14-point title
        sheet.set_row(r, _height(line_count(text, width)))
    for col, (header, _, _) in enumerate(ROW_COLUMNS):
        write_text(sheet, HEADER_ROW, col, header, fmt["head"])
    sheet.set_row(HEADER_ROW, _height(max(line_count(h, w) for h, _, w in ROW_COLUMNS)))
    for i, finding in enumerate(findings.itertuples(index=False), start=1):
        r = HEADER_ROW + i
        values = _row_values(catalogue, finding)
        values[0] = i
        for col, value in enumerate(values):
            if col in (STATUS_COL, NOTE_COL):
                write_value(sheet, r, col, value or None, fmt["fill"])
            elif isinstance(value, int | float) and not isinstance(value, bool):
                write_value(sheet, r, col, value, fmt["num"])
            else:
                write_value(sheet, r, col, value, fmt["cell"])
        lines = max(
            line_count("" if v is None else str(v), w)
            for v, (_, _, w) in zip(values[: LAST_VISIBLE + 1], ROW_COLUMNS, strict=False)
        )
        sheet.set_row(r, _height(lines))
    last_row = HEADER_ROW + max(len(findings), 1)
    sheet.data_validation(
        HEADER_ROW + 1, STATUS_COL, last_row, STATUS_COL,
        {
            "validate": "list",
            "source": list(ANSWERS),
            "input_title": "整改情况",
            "input_message": "请从下拉列表选择；选后两项时在右侧“整改说明”写明原因。",
            "error_title": "请从下拉列表选择",
            "error_message": "整改情况只能是：" + " / ".join(ANSWERS),
        },
    )
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.autofilter(HEADER_ROW, 0, last_row, LAST_VISIBLE)
    _page_setup(sheet, page_label, HEADER_ROW)
    sheet.print_area(0, 0, last_row, LAST_VISIBLE)
    _protect(sheet)
