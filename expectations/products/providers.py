"""Provider scorecards (承训机构): a workbook and a page with, per year, the providers of
国培 and provincial projects side by side (attendance, pass rate, cost per trainee-hour,
satisfaction). Reads main.mart_provider_year_scorecard only."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from expectations.findings import has_table
from expectations.products.page import num, page, pct, table
from expectations.products.sheets import write_sheets
from expectations.svg import Bar, hbar_chart

PAGE = "provider_scorecards.html"
WORKBOOK = "承训机构评价.xlsx"
HEADERS = ("年度", "承训机构", "项目数", "计划人数", "报名人数", "报名完成率", "参训人数",
           "参训率", "未参训", "劝退", "合格人数", "合格率", "项目经费(元)", "培训人学时",
           "每人学时成本(元)", "满意度问卷数", "平均满意度(1-5)", "满意占比")  # fmt: skip
COLUMNS = (
    "year, provider, projects, planned_seats, enrolled, fill_rate, attended, attendance_rate, "
    "no_shows, dismissed, passed, pass_rate, budget_yuan, trainee_hours, "
    "cost_per_trainee_hour_yuan, survey_responses, mean_satisfaction, satisfied_share"
)


def _rows(con: Any) -> list[list]:
    rows = con.execute(
        f"select {COLUMNS} from main.mart_provider_year_scorecard order by year desc, provider"
    ).fetchall()
    out = []
    for row in rows:
        row = list(row)
        for i in (12, 13, 14):  # decimals -> numbers for the sheet
            row[i] = None if row[i] is None else float(row[i])
        out.append(row)
    return out


def _year_section(year: int, rows: list[list]) -> str:
    these = [r for r in rows if r[0] == year]
    charts = []
    for title, index, top, fmt in (
        ("合格率 Pass rate", 11, 1.0, pct),
        ("参训率 Attendance", 7, 1.0, pct),
        ("平均满意度 Satisfaction (1-5)", 16, 5.0, lambda v: num(v, 2)),
        ("每人学时成本 Cost per trainee-hour (元)", 14, None, lambda v: num(v, 2)),
    ):
        # a provider without the figure (no enrolment, no questionnaire) gets no empty bar
        bars = [Bar(r[1], r[index], fmt(r[index])) for r in these if r[index] is not None]
        charts.append(f"<h3>{title}</h3>" + hbar_chart(bars, max_value=top, aria_label=title))
    shown = [
        [r[1], r[2], r[3], r[4], pct(r[5]), r[6], pct(r[7]), r[8], r[9], r[10], pct(r[11]),
         num(r[12], 2), num(r[13]), num(r[14], 2), r[15], num(r[16], 2), pct(r[17])]
        for r in these
    ]  # fmt: skip
    none = [r[1] for r in these if not r[4]]
    note = (
        f'<p class="muted">无报名记录 No enrolments: {escape("、".join(none))}'
        "(如网络研修项目: 学员只在平台导出中,不计报名人数; e.g. online programmes, whose "
        "trainees appear only in the platform export and are not counted as enrolled)</p>"
        if none
        else ""
    )
    return f"<h2>{year} 年</h2>" + "".join(charts) + table(HEADERS[1:], shown) + note


def build_provider_scorecards(con: Any, out_dir: Path) -> list[Path]:
    """Write the provider workbook and page; [] when the mart is missing."""
    if not has_table(con, "main", "mart_provider_year_scorecard"):
        return []
    rows = _rows(con)
    workbook = write_sheets(
        out_dir / WORKBOOK, [("承训机构评价", HEADERS, rows)], title="承训机构评价"
    )
    intro = (
        "国培及省级项目承训机构:报名与计划、参训、未参训与劝退、合格率、每人学时成本和学员满意度"
        "(满意度调查导出)。评分项目级别见政策文件 provider_scorecard。"
    )
    sections = [_year_section(y, rows) for y in sorted({r[0] for r in rows}, reverse=True)]
    path = out_dir / PAGE
    path.write_text(page("承训机构评价 Provider scorecards", intro, sections), "utf-8")
    return [path, workbook]
