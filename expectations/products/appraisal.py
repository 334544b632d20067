"""School appraisal scorecard (学校教师培训工作考核): a workbook (scores and indicator
detail, Chinese headers) and a page with, per county, the schools ranked by weighted score and,
per school, each indicator's definition, value, county median, rank, change and trend.

Reads main.mart_school_appraisal and main.mart_school_appraisal_score only.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

from expectations.findings import has_table
from expectations.products.page import Html, num, page, pct, table
from expectations.products.schools import school_names
from expectations.products.sheets import write_sheets
from expectations.svg import Bar, hbar_chart, sparkline

PAGE = "school_appraisal.html"
WORKBOOK = "学校教师培训工作考核.xlsx"

DEFINITIONS = {
    "send_rate": "本校实际送培人次 / 分配名额(名额分配表)",
    "participation_rate": "当年至少参加一次培训的在册教师 / 在册教师",
    "pass_rate": "计划项目中考核合格人次 / 实际参训人次",
    "school_based_sessions": "当年有教师签到的校本研修场次 / 县要求场次(政策文件)",
    "backbone_trained": "当年参加市级及以上培训(政策 backbone_levels)的在册教师 / 在册教师",
    "credits_certified": "当年有合格培训记录的教师中,记录全部已审核认定(截至统计日)的占比",
}

SCORE_HEADERS = ("年度", "县区", "学校代码", "学校名称", "综合得分", "县中位数", "县内排名",
                 "较上年变化")  # fmt: skip
DETAIL_HEADERS = ("年度", "县区", "学校代码", "学校名称", "考核指标", "指标定义", "权重",
                  "本校值", "县中位数", "县内排名", "参与排名学校数", "较上年变化", "加权得分")  # fmt: skip


def _scores(con: Any) -> list[tuple]:
    return con.execute(
        "select year, county, school_code, weighted_score, county_median, rank_in_county, "
        "change_from_last_year from main.mart_school_appraisal_score "
        "order by year, county, rank_in_county, school_code"
    ).fetchall()


def _details(con: Any) -> list[tuple]:
    return con.execute(
        "select year, county, school_code, indicator, indicator_zh, weight, value, county_median, "
        "rank_in_county, schools_ranked, change_from_last_year, weighted_points "
        "from main.mart_school_appraisal order by year, county, school_code, indicator_order"
    ).fetchall()


def _workbook(out_dir: Path, scores: list[tuple], details: list[tuple], names: dict) -> Path:
    score_rows = [[y, c, s, names.get(s, ""), v, m, r, ch] for y, c, s, v, m, r, ch in scores]
    detail_rows = [
        [y, c, s, names.get(s, ""), zh, DEFINITIONS.get(ind, ""), w, v, m, r, n, ch, p]
        for y, c, s, ind, zh, w, v, m, r, n, ch, p in details
    ]
    return write_sheets(
        out_dir / WORKBOOK,
        [("综合得分", SCORE_HEADERS, score_rows), ("指标明细", DETAIL_HEADERS, detail_rows)],
        title="学校教师培训工作考核",
    )


def _county_ranking(scores: list[tuple], year: int, names: dict) -> list[str]:
    by_county: dict[str, list[tuple]] = {}
    for row in scores:
        if row[0] == year:
            by_county.setdefault(row[1] or "", []).append(row)
    sections = []
    for county in sorted(by_county):
        bars = [
            Bar(f"{r}. {names.get(s, s)}", v or 0.0, num(v), title=f"县中位数 {num(m)}")
            for _y, _c, s, v, m, r, _ in by_county[county]
        ]
        sections.append(
            f"<h2>{escape(county) or '(未知县区)'} {year} 年综合得分排名 Score rank in county</h2>"
            + hbar_chart(bars, max_value=100.0, aria_label=f"{county} {year}")
        )
    return sections


def _score_line(score: tuple | None, ranked: int) -> str:
    """The school's weighted score with its county median, rank and change, in one line."""
    if score is None:
        return ""
    _y, _county, _s, value, median, rank, change = score
    change_text = "" if change is None else f",较上年 {change:+.1f}"
    return (f'<p class="score">综合得分 Score <b>{num(value)}</b>(县中位数 {num(median)},'
            f"县内排名 {rank} / {ranked}{change_text})</p>")  # fmt: skip


def _school_sections(
    details: list[tuple], scores: list[tuple], year: int, names: dict
) -> list[str]:
    """One section per school of the year; rows grouped once (a school's section must not scan
    every school's rows: at a province's 8,000 schools that was quadratic)."""
    trends: dict[tuple[str, str], list[tuple[str, float]]] = {}
    rows_of: dict[str, list[tuple]] = {}
    for row in details:
        y, _, s, ind, *_rest = row
        if _rest[2] is not None:
            trends.setdefault((s, ind), []).append((str(y), float(_rest[2])))
        if y == year:
            rows_of.setdefault(s, []).append(row)
    this_year = {s[2]: s for s in scores if s[0] == year}
    per_county = Counter(s[1] for s in this_year.values())
    headers = ("考核指标", "指标定义", "权重", "本校值", "县中位数", "县内排名", "较上年变化",
               "加权得分", "历年趋势")  # fmt: skip
    sections = []
    for school in sorted(rows_of):
        rows = []
        for _y, _c, s, ind, zh, w, v, m, r, n, ch, p in rows_of[school]:
            change = "" if ch is None else f"{100 * ch:+.1f} 个百分点"
            rank = "" if r is None else f"{r} / {n}"
            rows.append((zh, DEFINITIONS.get(ind, ""), w, pct(v), pct(m), rank, change, num(p),
                         _trend(trends.get((s, ind), []), zh)))  # fmt: skip
        score = this_year.get(school)
        line = _score_line(score, per_county[score[1]] if score else 0)
        sections.append(
            f'<section class="school"><h2>{escape(names.get(school, ""))}({escape(school)}) '
            f"{year}</h2>" + line + table(headers, rows) + "</section>"
        )
    return sections


def _trend(points: list[tuple[str, float]], name: str) -> Html | None:
    """The indicator's values by year as a sparkline, with the years it spans."""
    if not points:
        return None
    span = points[0][0] if len(points) == 1 else f"{points[0][0]}–{points[-1][0]}"
    return Html(
        sparkline(points, name=name, width=120, height=24)
        + f' <span class="muted">{escape(span)}</span>'
    )


def build_school_appraisal(con: Any, out_dir: Path) -> list[Path]:
    """Write the scorecard workbook and page; [] when the marts are missing."""
    if not has_table(con, "main", "mart_school_appraisal_score"):
        return []
    names = school_names(con)
    scores = _scores(con)
    details = _details(con)
    workbook = _workbook(out_dir, scores, details, names)
    if not scores:
        return [workbook]
    year = max(s[0] for s in scores)
    intro = (
        f"{year} 年各校教师培训工作考核指标:本校值、县中位数、县内排名、较上年变化和加权得分。"
        "指标与权重见政策文件 school_appraisal(区县可改,无需改代码)。"
        "依据:将学校送培率、教师参训率和合格率、校本研修组织实施、骨干队伍建设、学分管理等作为考核重要指标。"
    )
    sections = _county_ranking(scores, year, names) + _school_sections(details, scores, year, names)
    path = out_dir / PAGE
    path.write_text(
        page("学校教师培训工作考核 School appraisal scorecard", intro, sections), "utf-8"
    )
    return [path, workbook]
