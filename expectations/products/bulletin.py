"""Training bulletins (培训通报): after a project closes, one bulletin per project and
school listing its trainees' attendance, study hours and results with the school's and the
county's rates, as an XLSX and a printable HTML page. RESTRICTED like the correction workbooks:
names and masked ID numbers come from the restricted directory; sent to the school, never
published. Reads main.mart_project_school_bulletin and restricted.restricted_teacher_directory.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from expectations.findings import has_table
from expectations.products.page import num, page, pct, table
from expectations.products.sheets import write_sheets

FOLDER = Path("restricted") / "bulletins"
OUTCOMES = {"passed": "合格", "excellent": "优秀", "failed": "不合格", "no_show": "未参训",
            "dismissed": "劝退"}  # fmt: skip
HEADERS = ("姓名", "证件号码(脱敏)", "是否参训", "考核结果", "学习学时", "计入学时")
RATE_HEADERS = ("范围", "报名人数", "参训率", "合格率")


def _safe(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_")


def _rows(con: Any) -> list[tuple]:
    return con.execute(
        "select b.year, b.project_code, b.project_name, b.provider, b.end_date, b.school_code, "
        "coalesce(d.school_name, ''), b.county, d.name, d.id_number_masked, b.attended, b.outcome, "
        "b.study_hours, b.counted_hours, b.school_enrolled, b.school_attendance_rate, "
        "b.school_pass_rate, b.county_enrolled, b.county_attendance_rate, b.county_pass_rate "
        "from main.mart_project_school_bulletin as b "
        "left join restricted.restricted_teacher_directory as d on b.k_teacher = d.k_teacher "
        "order by b.year, b.project_code, b.school_code, d.name"
    ).fetchall()


def _write_one(folder: Path, rows: list[tuple]) -> list[Path]:
    first = rows[0]
    year, code, project, provider, end, school, school_name, county = first[:8]
    trainees = [
        [r[8], r[9], "是" if r[10] else "否", OUTCOMES.get(r[11], r[11] or ""),
         float(r[12]), float(r[13])]
        for r in rows
    ]  # fmt: skip
    rates = [
        [f"本校 {school_name}", first[14], first[15], first[16]],
        [f"全县 {county or ''}", first[17], first[18], first[19]],
    ]
    title = f"{year}年 {project or code}({code}) 培训通报 · {school_name}({school})"
    note = f"承训机构:{provider or ''};结束日期:{end};限本校使用,不得公开。"
    stem = folder / f"{year}_{_safe(code)}" / f"{school}_{_safe(school_name)}_培训通报"
    xlsx = write_sheets(
        stem.with_suffix(".xlsx"),
        [("学员情况", HEADERS, trainees), ("参训率与合格率", RATE_HEADERS, rates)],
        title=title,
    )
    shown = [[*r[:4], num(r[4]), num(r[5])] for r in trainees]
    shown_rates = [[r[0], r[1], pct(r[2]), pct(r[3])] for r in rates]
    html = page(
        title,
        note,
        [
            '<p class="restricted">内部资料 RESTRICTED</p>',
            "<h2>学员出勤、学习和考核结果</h2>" + table(HEADERS, shown),
            "<h2>本校与全县</h2>" + table(RATE_HEADERS, shown_rates),
        ],
    )
    html_path = stem.with_suffix(".html")
    html_path.write_text(html, encoding="utf-8")
    return [xlsx, html_path]


def build_bulletins(con: Any, out_dir: Path) -> list[Path]:
    """Write every (project, school) bulletin under out_dir/restricted/bulletins/; [] when the
    mart or the restricted directory is missing. Bulletins of an earlier run are replaced."""
    if not (
        has_table(con, "main", "mart_project_school_bulletin")
        and has_table(con, "restricted", "restricted_teacher_directory")
    ):
        return []
    folder = Path(out_dir) / FOLDER
    for stale in list(folder.glob("*/*.xlsx")) + list(folder.glob("*/*.html")):
        stale.unlink()
    groups: dict[tuple, list[tuple]] = {}
    for row in _rows(con):
        groups.setdefault((row[0], row[1], row[5]), []).append(row)
    paths: list[Path] = []
    for key in sorted(groups):
        paths += _write_one(folder, groups[key])
    return paths
