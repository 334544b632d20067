"""Training bulletins (培训通报): after a project closes, its trainees' attendance, study
hours and results with the school's and the county's rates, sent to the school. RESTRICTED
like the correction workbooks: names and masked ID numbers come from the restricted directory;
never published. The queries read main.mart_project_school_bulletin and
restricted.restricted_teacher_directory for all schools at once, ordered by school, so that
school_files.py can stream them into one workbook and one printable page per school.
"""

from __future__ import annotations

from html import escape
from itertools import groupby
from typing import Any, NamedTuple

from expectations.findings import has_table
from expectations.products.page import num, pct, table

OUTCOMES = {"passed": "合格", "excellent": "优秀", "failed": "不合格", "no_show": "未参训",
            "dismissed": "劝退"}  # fmt: skip
TRAINEE_HEADERS = ("年度", "项目代码", "项目名称", "姓名", "证件号码(脱敏)", "是否参训",
                   "考核结果", "学习学时", "计入学时")  # fmt: skip
RATE_HEADERS = ("年度", "项目代码", "项目名称", "承训机构", "结束日期", "本校报名人数",
                "本校参训率", "本校合格率", "全县报名人数", "全县参训率", "全县合格率")  # fmt: skip
PAGE_HEADERS = ("姓名", "证件号码(脱敏)", "是否参训", "考核结果", "学习学时", "计入学时")
PAGE_RATE_HEADERS = ("范围", "报名人数", "参训率", "合格率")

_OUTCOME_ZH = " ".join(f"when '{k}' then '{v}'" for k, v in OUTCOMES.items())
# one row per trainee, in TRAINEE_HEADERS order after the school; hours as double (the sheet
# shows numbers, and Decimal objects would cost a third of the fetch)
TRAINEES_SQL = (
    "select b.school_code, b.year, b.project_code, coalesce(b.project_name, ''), d.name, "
    "d.id_number_masked, case when b.attended then '是' else '否' end, "
    f"case b.outcome {_OUTCOME_ZH} else coalesce(b.outcome, '') end, "
    "cast(b.study_hours as double), cast(b.counted_hours as double) "
    "from main.mart_project_school_bulletin as b "
    "left join restricted.restricted_teacher_directory as d on b.k_teacher = d.k_teacher "
    "order by b.school_code, b.year, b.project_code, d.name, d.id_number_masked"
)
# one row per school and project (RATE_HEADERS, then the county): the mart repeats these
# figures on every trainee row
RATES_SQL = (
    "select school_code, year, project_code, coalesce(max(project_name), ''), "
    "coalesce(max(provider), ''), max(end_date), max(school_enrolled), "
    "max(school_attendance_rate), max(school_pass_rate), max(county_enrolled), "
    "max(county_attendance_rate), max(county_pass_rate), coalesce(max(county), '') "
    "from main.mart_project_school_bulletin "
    "group by school_code, year, project_code order by school_code, year, project_code"
)


class Project(NamedTuple):
    """One closed project of a school: its rates row and its trainees, in the sheets' order."""

    rates: tuple  # RATE_HEADERS, then the county
    trainees: list[tuple]  # TRAINEE_HEADERS


def available(con: Any) -> bool:
    return has_table(con, "main", "mart_project_school_bulletin") and has_table(
        con, "restricted", "restricted_teacher_directory"
    )


def projects(rates: list[tuple], trainees: list[tuple]) -> list[Project]:
    """A school's projects from its rows of RATES_SQL and TRAINEES_SQL (school column dropped)."""
    by_project = {key: list(rows) for key, rows in groupby(trainees, key=lambda r: r[:2])}
    return [Project(r, by_project.get(r[:2], [])) for r in rates]


def rate_rows(school: list[Project]) -> list[tuple]:
    return [p.rates[:-1] for p in school]


def trainee_rows(school: list[Project]) -> list[tuple]:
    return [row for p in school for row in p.trainees]


def project_section(project: Project, school_name: str) -> str:
    """One printed bulletin: a project's trainees and the school's and county's rates."""
    year, code, name, provider, end, *rates, county = project.rates
    shown = [[*r[3:7], num(r[7]), num(r[8])] for r in project.trainees]
    rate_rows = [
        [f"本校 {school_name}", rates[0], pct(rates[1]), pct(rates[2])],
        [f"全县 {county}", rates[3], pct(rates[4]), pct(rates[5])],
    ]
    return (
        f'<section class="project"><h2>{year}年 {escape(name or code)}({escape(code)})</h2>'
        f'<p class="muted">{escape(school_name)} · 承训机构:{escape(provider)};'
        f'结束日期:{end or ""} · 限本校使用,不得公开</p>'
        "<h3>学员出勤、学习和考核结果</h3>" + table(PAGE_HEADERS, shown)
        + "<h3>本校与全县</h3>" + table(PAGE_RATE_HEADERS, rate_rows) + "</section>"
    )  # fmt: skip
