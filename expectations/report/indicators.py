"""The marts' indicators by county, for the report. Every rate is the mart's own column
(mart_county_year_participation.participation_rate, mart_county_year_funding's shares), never
recomputed here; the on-track figure counts the teacher mart's on_track flag."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
from markupsafe import Markup

from expectations.findings import has_table, table_columns
from expectations.svg import Bar, grouped_hbar_chart, hbar_chart

log = logging.getLogger(__name__)

BELOW_COLOR = "#d68910"
YEAR_COLORS = ["#9db4d3", "#5f8fc4", "#2f6fad", "#1f4e79", "#0f2d4a"]  # oldest light, latest dark


@dataclass(frozen=True)
class Figure:
    caption: str
    note: str
    chart: Markup


def pct(x: Any) -> str:
    return "—" if x is None or pd.isna(x) else f"{float(x) * 100:.1f}%"


def _query(con: Any, sql: str) -> pd.DataFrame | None:
    try:
        return con.sql(sql).df()
    except Exception as exc:  # a mart missing or without the column: say "no data"
        log.warning("report indicator query failed: %s", exc)
        return None


def _by_county_and_year(df: pd.DataFrame, rate: str, text: Any) -> list[tuple[str, list[Bar]]]:
    years = sorted(int(y) for y in df["year"].dropna().unique())
    color = {y: YEAR_COLORS[max(0, len(YEAR_COLORS) - len(years) + i)] for i, y in enumerate(years)}
    groups = []
    for county, rows in df.groupby("county", sort=True):
        bars = [
            Bar(
                str(int(r.year)),
                0.0 if pd.isna(getattr(r, rate)) else float(getattr(r, rate)),
                text(r),
                color[int(r.year)],
                f"{county} {int(r.year)}: {text(r)}",
            )
            for r in rows.sort_values("year").itertuples()
        ]
        groups.append((str(county), bars))
    return groups


def _below_in_amber(
    groups: list[tuple[str, list[Bar]]], required: float | None
) -> list[tuple[str, list[Bar]]]:
    """Bars under the policy's share in amber (the figure the mart's meets_* flag judges)."""
    if required is None:
        return groups
    return [
        (name, [replace(b, color=BELOW_COLOR) if b.value < required else b for b in bars])
        for name, bars in groups
    ]


def on_track(con: Any) -> Figure | None:
    if not has_table(con, "main", "mart_teacher_cycle_credits"):
        return None
    columns = table_columns(con, "main", "mart_teacher_cycle_credits")
    rostered = "on_roster" in columns and "is_current_cycle" in columns
    where = (
        "is_current_cycle and on_roster"
        if rostered
        else "cycle_start_year = (select max(cycle_start_year) from main.mart_teacher_cycle_credits)"
    )
    df = _query(
        con,
        "select coalesce(county, '未知县区') as county, any_value(cycle_start_year) as cycle, "
        "count(*) as teachers, count(*) filter (where on_track) as on_track "
        f"from main.mart_teacher_cycle_credits where {where} group by 1 order by 1",
    )
    if df is None or df.empty:
        return None
    unknown = 0
    if rostered:
        unknown = int(
            con.execute(
                "select count(*) from main.mart_teacher_cycle_credits "
                "where is_current_cycle and not on_roster"
            ).fetchone()[0]
        )
    cycle = int(df["cycle"].iloc[0])
    bars = [
        Bar(
            r.county,
            r.on_track / r.teachers,
            f"{pct(r.on_track / r.teachers)} ({int(r.on_track)}/{int(r.teachers)}人)",
            "#2e7d32",
        )
        for r in df.itertuples()
    ]
    return Figure(
        f"按期完成（{cycle}年起周期）On track, cycle from {cycle}",
        "在册教师中 on_track 为真的人数 Rostered teachers whose on_track flag is true "
        "(hours completed by the as-of date reach the expected-by-now figure); "
        f"未在花名册的教师 {unknown} 人另计 Unknown teachers (on no roster): {unknown}, not counted.",
        Markup(hbar_chart(bars, max_value=1.0, aria_label="on-track share by county")),
    )


def participation(con: Any) -> Figure | None:
    if not has_table(con, "main", "mart_county_year_participation"):
        return None
    df = _query(
        con,
        "select county, year, participants, roster_teachers, participation_rate "
        "from main.mart_county_year_participation where school_area = 'all' "
        "order by county, year",
    )
    if df is None or df.empty:
        return None

    def text(r: Any) -> str:
        return f"{pct(r.participation_rate)} ({int(r.participants)}/{int(r.roster_teachers)}人)"

    groups = _by_county_and_year(df, "participation_rate", text)
    return Figure(
        "参训率（按县区、年度）Participation rate by county and year",
        "mart_county_year_participation.participation_rate = 参训教师 / 花名册教师 "
        "participants / roster teachers.",
        Markup(grouped_hbar_chart(groups, max_value=1.0, aria_label="participation by county")),
    )


def funding(con: Any) -> list[Figure]:
    if not has_table(con, "main", "mart_county_year_funding"):
        return []
    df = _query(
        con,
        "select county, year, schools_with_funding, schools_unit_suspect, schools_meeting_share, "
        "schools_meeting_share_rate, training_budget_share_of_payroll, required_payroll_share "
        "from main.mart_county_year_funding order by county, year",
    )
    if df is None or df.empty:
        return []

    def schools(r: Any) -> str:
        judged = int(r.schools_with_funding) - int(r.schools_unit_suspect or 0)
        return f"{pct(r.schools_meeting_share_rate)} ({int(r.schools_meeting_share)}/{judged}校)"

    def payroll(r: Any) -> str:
        return pct(r.training_budget_share_of_payroll)

    required = df["required_payroll_share"].dropna()
    reference = (
        (float(required.iloc[0]), f"要求 required {pct(required.iloc[0])}")
        if len(required)
        else None
    )
    return [
        Figure(
            "学校经费达标率（按县区、年度）Schools meeting the training-spend share",
            "mart_county_year_funding.schools_meeting_share_rate: 培训支出达到公用经费规定比例的学校 "
            "/ 有经费数据的学校（单位存疑的除外）schools meeting the share / schools with funding "
            "(unit-suspect rows left out).",
            Markup(
                grouped_hbar_chart(
                    _by_county_and_year(df, "schools_meeting_share_rate", schools),
                    max_value=1.0,
                    aria_label="schools meeting the share by county",
                )
            ),
        ),
        Figure(
            "县区培训经费占工资总额比例 County training budget as a share of payroll",
            "mart_county_year_funding.training_budget_share_of_payroll; 虚线为政策要求 the dashed "
            "line is the policy's required share; bars below it in amber.",
            Markup(
                grouped_hbar_chart(
                    _below_in_amber(
                        _by_county_and_year(df, "training_budget_share_of_payroll", payroll),
                        reference[0] if reference else None,
                    ),
                    reference=reference,
                    aria_label="county budget share of payroll",
                )
            ),
        ),
    ]


def indicator_figures(con: Any) -> list[Figure]:
    figures = [on_track(con), participation(con), *funding(con)]
    return [f for f in figures if f is not None]
