"""Early warning for 360 hours: the county page and the school summary workbook; the query
of each school's RESTRICTED list of its teachers (names and masked ID numbers from the
restricted directory, like the correction workbooks: sent to the school, never published),
which school_files.py writes into the school's workbook.

Reads main.mart_teacher_early_warning and main.mart_school_early_warning (and the directory).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from expectations.findings import has_table
from expectations.products.page import num, page, pct, table
from expectations.products.schools import school_names
from expectations.products.sheets import write_sheets
from expectations.svg import Bar, hbar_chart

PAGE = "early_warning.html"
SUMMARY = "360学时预警_学校汇总.xlsx"
CLASSES = (
    ("on_track", "进度正常", "#3b8f5a"),
    ("at_risk", "有风险", "#d89c2b"),
    ("cannot_finish", "不破例无法完成", "#c0392b"),
)
# buckets of hours needed per remaining school year (upper bounds, inclusive)
BUCKETS = ((0, "0"), (36, "≤36"), (72, "36-72"), (108, "72-108"), (144, "108-144"))

SCHOOL_HEADERS = ("县区", "学校代码", "学校名称", "在册教师数", "进度正常", "有风险",
                  "不破例无法完成", "尚需学时合计", "风险教师占比", "县内排名")  # fmt: skip
TEACHER_HEADERS = ("姓名", "证件号码(脱敏)", "截至日期", "已认定学时", "尚需学时",
                   "剩余学年数", "每学年需完成学时", "风险等级")  # fmt: skip
# a school's teachers in TEACHER_HEADERS order after the school, worst first
WARNING_LIST_SQL = (
    "select w.school_code, d.name, d.id_number_masked, w.as_of_date, "
    "cast(w.hours_counted as double), cast(w.hours_needed as double), "
    "w.school_years_remaining, cast(w.hours_per_remaining_year as double), w.risk_class_zh "
    "from main.mart_teacher_early_warning as w "
    "left join restricted.restricted_teacher_directory as d on w.k_teacher = d.k_teacher "
    "where w.school_code is not null "
    "order by w.school_code, case w.risk_class when 'cannot_finish' then 0 "
    "when 'at_risk' then 1 else 2 end, w.hours_per_remaining_year desc nulls first, d.name, "
    "d.id_number_masked"
)


def _schools(con: Any) -> list[tuple]:
    return con.execute(
        "select county, school_code, roster_teachers, n_on_track, n_at_risk, n_cannot_finish, "
        "hours_needed, share_at_risk, rank_in_county, as_of_date "
        "from main.mart_school_early_warning order by county, rank_in_county, school_code"
    ).fetchall()


def bucket_of(hours: float | None) -> str:
    """The distribution bucket of hours needed per remaining school year."""
    if hours is None:
        return "无剩余学年"
    for upper, label in BUCKETS:
        if hours <= upper:
            return label
    return ">144"


def _teachers(con: Any) -> list[tuple]:
    return con.execute(
        "select county, school_code, risk_class, hours_per_remaining_year "
        "from main.mart_teacher_early_warning"
    ).fetchall()


def _county_sections(
    schools: list[tuple], teachers: list[tuple], names: dict[str, str]
) -> list[str]:
    by_county: dict[str, list[tuple]] = {}
    for t in teachers:
        by_county.setdefault(t[0] or "", []).append(t)
    sections = []
    for county in sorted({s[0] or "" for s in schools}):
        in_county = by_county.get(county, [])
        classes = Counter(t[2] for t in in_county)
        class_bars = [
            Bar(zh, classes.get(key, 0), f"{classes.get(key, 0)} 人", color)
            for key, zh, color in CLASSES
        ]
        buckets = Counter(bucket_of(None if t[3] is None else float(t[3])) for t in in_county)
        labels = [label for _, label in BUCKETS] + [">144", "无剩余学年"]
        dist_bars = [
            Bar(label, buckets.get(label, 0), str(buckets.get(label, 0))) for label in labels
        ]
        rank_bars = [
            Bar(f"{s[8]}. {names.get(s[1], s[1])}", s[7] or 0.0, pct(s[7]), "#c0392b")
            for s in schools
            if (s[0] or "") == county
        ]
        sections.append(
            f"<h2>{county or '(未知县区)'}</h2>"
            "<h3>风险等级分布 Teachers by risk class</h3>"
            + hbar_chart(class_bars, aria_label="risk classes")
            + "<h3>每学年需完成学时分布 Hours needed per remaining school year</h3>"
            + hbar_chart(dist_bars, aria_label="hours per remaining year")
            + "<h3>学校风险教师占比(县内排名) Share at risk, rank in county</h3>"
            + hbar_chart(rank_bars, max_value=1.0, aria_label="schools ranked")
        )
    return sections


def _school_rows(schools: list[tuple], names: dict[str, str]) -> list[list]:
    return [
        [s[0], s[1], names.get(s[1], ""), s[2], s[3], s[4], s[5], float(s[6]), s[7], s[8]]
        for s in schools
    ]


def warning_list_available(con: Any) -> bool:
    return has_table(con, "main", "mart_teacher_early_warning") and has_table(
        con, "restricted", "restricted_teacher_directory"
    )


def build_early_warning(con: Any, out_dir: Path) -> list[Path]:
    """Write the page and the school summary workbook (the schools' lists: school_files.py)."""
    if not has_table(con, "main", "mart_school_early_warning"):
        return []
    names = school_names(con)
    schools = _schools(con)
    teachers = _teachers(con)
    school_rows = _school_rows(schools, names)
    as_of = str(schools[0][9]) if schools else ""
    summary = write_sheets(
        out_dir / SUMMARY, [("学校汇总", SCHOOL_HEADERS, school_rows)],
        title=f"360学时预警 学校汇总(截至 {as_of})",
    )  # fmt: skip
    intro = (
        f"截至 {as_of},每位在册教师本周期已认定学时、尚需学时和剩余学年每年需完成的学时;"
        "风险等级阈值见政策文件 early_warning。各校名单(含姓名)另发学校,不公开。"
    )
    html_rows = [
        [r[0], r[1], r[2], r[3], r[4], r[5], r[6], num(r[7]), pct(r[8]), r[9]] for r in school_rows
    ]
    sections = _county_sections(schools, teachers, names) + [
        "<h2>学校汇总 Schools</h2>" + table(SCHOOL_HEADERS, html_rows)
    ]
    path = out_dir / PAGE
    path.write_text(page("360学时预警 Early warning for 360 hours", intro, sections), "utf-8")
    return [path, summary]
