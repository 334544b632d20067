"""The auditors' data-quality report: one static, self-contained HTML file.

Inline CSS, inline SVG charts generated here, a few lines of vanilla JS for filtering and
paging tables; nothing is loaded from a network, so the file can be mailed or archived.
Labels are Chinese with English beside them. Rule descriptions come from rules.yml.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from expectations.catalogue import RuleInfo, load_rule_catalogue, rule_info
from expectations.findings import (
    NO_SCHOOL,
    has_table,
    is_missing,
    load_findings,
    load_run_history,
    school_directory,
    table_columns,
)
from expectations.publication.status import status_block_html
from expectations.suites import MART_TITLES, SuiteResult
from expectations.svg import Bar, hbar_chart, stacked_hbar_chart

log = logging.getLogger(__name__)

REPORT_NAME = "auditors_report.html"
MAX_ROWS_PER_RULE = 1000  # drill-down rows embedded per rule; the workbooks hold them all
MAX_SCHOOLS = 200  # schools listed in the by-school table (most findings first)
PAGE_SIZE = 25

SEVERITY_COLORS = {"error": "#c0392b", "warn": "#d68910"}
SEVERITY_LABELS = {"error": "错误 error", "warn": "警告 warn"}
STATUS_LABELS = {"pass": "通过 pass", "fail": "未通过 fail", "error": "出错 error"}
# fmt: off
RULE_COLORS = [
    "#c0392b", "#e67e22", "#8e44ad", "#d68910", "#2f6fad", "#16a085", "#7f8c8d", "#5fa8d3",
    "#b03a2e", "#27ae60", "#34495e", "#f1c40f", "#9b59b6", "#1abc9c", "#e84393", "#6c5ce7",
    "#a0522d", "#00838f", "#c0ca33", "#ff7043", "#5d6d7e", "#2e86c1",
]
# fmt: on
MAX_LOADS_CHARTED = (
    30  # loads in the per-load chart (latest by load_id, which starts with a timestamp)
)
BUREAU_LABEL = "局级（无学校）Bureau level"


def _e(value: Any) -> str:
    return "" if is_missing(value) else escape(str(value))


def _pct(x: float | None) -> str:
    return "—" if x is None or pd.isna(x) else f"{x * 100:.1f}%"


def _badge(kind: str, text: str | None = None) -> str:
    label = text or SEVERITY_LABELS.get(kind) or kind
    return f'<span class="badge b-{escape(kind)}">{escape(label)}</span>'


def _status_badge(status: str) -> str:
    return (
        f'<span class="badge s-{escape(status)}">{escape(STATUS_LABELS.get(status, status))}</span>'
    )


def _ordered_rules(findings: pd.DataFrame, catalogue: dict[str, RuleInfo]) -> list[str]:
    """Catalogue order first (the contract's order), then any uncatalogued rule ids."""
    present = set(findings["rule_id"].dropna())
    return [r for r in catalogue if r in present] + sorted(present - set(catalogue))


# ------------------------------------------------------------------------------------------
# Sections
# ------------------------------------------------------------------------------------------


def _kpis(findings: pd.DataFrame, suite_results: Sequence[SuiteResult] | None) -> str:
    n = len(findings)
    errors = int((findings["severity"] == "error").sum())
    warns = int((findings["severity"] == "warn").sum())
    schools = findings.loc[findings["school_code"] != NO_SCHOOL, "school_code"].nunique()
    loads = findings["load_id"].dropna().nunique()
    cards = [
        ("问题总数", "Findings", f"{n:,}", ""),
        ("错误", "Errors", f"{errors:,}", "k-error"),
        ("警告", "Warnings", f"{warns:,}", "k-warn"),
        ("涉及学校", "Schools affected", f"{schools:,}", ""),
        ("数据批次", "Loads", f"{loads:,}", ""),
    ]
    if suite_results is not None:
        passed = sum(1 for r in suite_results if r.status == "pass")
        bad = "k-error" if passed < len(suite_results) else "k-pass"
        cards.append(("集市校验通过", "Mart suites passed", f"{passed}/{len(suite_results)}", bad))
    return (
        '<div class="kpis">'
        + "".join(
            f'<div class="kpi {cls}"><div class="kv">{v}</div><div class="kl">{zh}<br><span>{en}</span></div></div>'
            for zh, en, v, cls in cards
        )
        + "</div>"
    )


def _rule_summary(findings: pd.DataFrame, catalogue: dict[str, RuleInfo]) -> str:
    rules = _ordered_rules(findings, catalogue)
    shown = list(catalogue) + [r for r in rules if r not in catalogue]
    counts = findings.groupby("rule_id").size().to_dict()
    schools = (
        findings[findings["school_code"] != NO_SCHOOL]
        .groupby("rule_id")["school_code"]
        .nunique()
        .to_dict()
    )
    rows = []
    for rule_id in shown:
        sev = findings.loc[findings["rule_id"] == rule_id, "severity"]
        info = rule_info(rule_id, catalogue, sev.iloc[0] if len(sev) else "warn")
        count = int(counts.get(rule_id, 0))
        rows.append(
            f'<tr data-rule="{escape(rule_id)}" data-count="{count}" class="{"zero" if not count else ""}">'
            f"<td><code>{escape(rule_id)}</code></td>"
            f'<td><b>{escape(info.title_zh)}</b><br><span class="en">{escape(info.title_en)}</span></td>'
            f"<td>{_badge(info.severity)}</td>"
            f'<td class="num"><b>{count:,}</b></td>'
            f'<td class="num">{int(schools.get(rule_id, 0)):,}</td>'
            f'<td class="desc">{escape(info.meaning_zh)}<br><span class="en">{escape(info.meaning_en)}</span>'
            f"<details><summary>影响与整改 Impact &amp; resolution</summary>"
            f"<p><b>何时重要 When it matters:</b> {escape(info.matters_zh)} "
            f'<span class="en">{escape(info.matters_en)}</span></p>'
            f"<p><b>如何整改 How to resolve:</b> {escape(info.resolve_zh)} "
            f'<span class="en">{escape(info.resolve_en)}</span></p></details></td></tr>'
        )
    return (
        '<table id="rule-summary" class="grid"><thead><tr><th>规则 Rule id</th><th>名称 Name</th>'
        '<th>严重程度 Severity</th><th class="num">问题数 Count</th><th class="num">涉及学校 Schools</th>'
        "<th>含义 Meaning</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _run_label(run_id: Any, built_at: Any) -> str:
    stamp = pd.Timestamp(built_at).strftime("%Y-%m-%d %H:%M:%S") if pd.notna(built_at) else "?"
    return f"{stamp} · {str(run_id)[:8]}"


def _run_charts(runs: pd.DataFrame, catalogue: dict[str, RuleInfo]) -> str:
    """Findings per dbt build (run): open per rule (stacked), and per run first seen / still
    open / resolved, from dq_findings_history (append-only) and dq_build_runs."""
    order = runs[["run_id", "built_at"]].drop_duplicates()
    labels = [_run_label(r, b) for r, b in order.itertuples(index=False)]
    shown = labels[-MAX_LOADS_CHARTED:]
    label_of = {r: _run_label(r, b) for r, b in order.itertuples(index=False)}
    ruled = runs[runs["rule_id"].notna()]
    rule_ids = [r for r in catalogue if r in set(ruled["rule_id"])] + sorted(
        set(ruled["rule_id"]) - set(catalogue)
    )
    series = [(r, RULE_COLORS[i % len(RULE_COLORS)]) for i, r in enumerate(rule_ids)]
    values = {
        (label_of[row.run_id], row.rule_id): float(row.open)
        for row in ruled.itertuples(index=False)
        if row.open
    }
    note = (
        f'<p class="muted">仅显示最近 {len(shown)} 次构建（共 {len(labels)} 次）。'
        f"Showing the latest {len(shown)} of {len(labels)} builds.</p>"
        if len(shown) < len(labels)
        else ""
    )
    totals = (
        ruled.groupby("run_id")[["open", "first_seen", "resolved"]].sum()
        if not ruled.empty
        else pd.DataFrame(columns=["open", "first_seen", "resolved"])
    )
    rows = []
    for run_id, built_at in reversed(list(order.itertuples(index=False))):
        t = totals.loc[run_id] if run_id in totals.index else {"open": 0, "first_seen": 0, "resolved": 0}
        rows.append(
            f"<tr><td>{_e(_run_label(run_id, built_at))}</td><td class='num'>{int(t['open']):,}</td>"
            f"<td class='num'>{int(t['first_seen']):,}</td>"
            f"<td class='num'>{int(t['open']) - int(t['first_seen']):,}</td>"
            f"<td class='num'>{int(t['resolved']):,}</td></tr>"
        )
    table = (
        '<table class="grid runs"><thead><tr><th>构建 Build (run)</th><th>问题 Open</th>'
        "<th>首次发现 First seen</th><th>仍未解决 Still open from before</th>"
        "<th>已解决 Resolved</th></tr></thead><tbody>" + "".join(rows[:MAX_LOADS_CHARTED])
        + "</tbody></table>"
    )
    return (
        "<figure><figcaption>各次构建问题数 Findings per build (run), by rule</figcaption>"
        + stacked_hbar_chart(shown, series, values, aria_label="findings per run by rule")
        + note
        + "</figure><figure><figcaption>首次发现、仍未解决与已解决 First seen, still open and "
        "resolved per build</figcaption>" + table + "</figure>"
    )


def _rule_charts(
    findings: pd.DataFrame, catalogue: dict[str, RuleInfo], runs: pd.DataFrame | None = None
) -> str:
    rules = _ordered_rules(findings, catalogue)
    counts = findings.groupby("rule_id").size()
    bars = []
    for r in rules:
        info = rule_info(r, catalogue)
        bars.append(
            Bar(
                label=r,
                value=float(counts.get(r, 0)),
                text=f"{int(counts.get(r, 0)):,}",
                color=SEVERITY_COLORS.get(info.severity, "#2f6fad"),
                title=f"{r} {info.title_zh}: {int(counts.get(r, 0))}",
            )
        )
    out = [
        '<div class="charts"><figure><figcaption>各规则问题数 Findings per rule '
        '<span class="legend"><i style="background:#c0392b"></i>错误 error '
        '<i style="background:#d68910"></i>警告 warn</span></figcaption>',
        hbar_chart(bars, aria_label="findings per rule"),
        "</figure>",
    ]
    loads = sorted(map(str, findings["load_id"].dropna().unique()))
    if runs is not None and not runs.empty:
        out.append(_run_charts(runs, catalogue))
    elif len(loads) > 1:  # a warehouse without the history tables: per ingest load instead
        shown = loads[-MAX_LOADS_CHARTED:]
        series = [(r, RULE_COLORS[i % len(RULE_COLORS)]) for i, r in enumerate(rules)]
        per = findings.groupby(["load_id", "rule_id"]).size().to_dict()
        values = {(str(load), r): float(n) for (load, r), n in per.items()}
        note = (
            f'<p class="muted">仅显示最近 {len(shown)} 个批次（共 {len(loads)} 个）。'
            f"Showing the latest {len(shown)} of {len(loads)} loads.</p>"
            if len(shown) < len(loads)
            else ""
        )
        out += [
            "<figure><figcaption>各批次问题数 Findings per load (load_id), by rule</figcaption>",
            stacked_hbar_chart(shown, series, values, aria_label="findings per load by rule"),
            note,
            "</figure>",
        ]
    return "".join(out) + "</div>"


def _attach_county(findings: pd.DataFrame, directory: pd.DataFrame) -> pd.DataFrame:
    df = findings.merge(directory, how="left", on="school_code")
    df["county"] = df["county"].where(df["county"].notna(), None)
    df.loc[df["school_code"] == NO_SCHOOL, "county"] = BUREAU_LABEL
    df["county"] = df["county"].fillna("未知县区 Unknown county")
    return df


def _pivot_table(
    df: pd.DataFrame,
    by: list[str],
    rules: list[str],
    table_id: str,
    headers: list[str],
    limit: int | None = None,
    filterable: bool = False,
) -> str:
    if df.empty:
        return '<p class="muted">无问题 No findings</p>'
    counts = df.groupby(by + ["rule_id"], dropna=False).size().unstack("rule_id", fill_value=0)
    sev = df.groupby(by + ["severity"], dropna=False).size().unstack("severity", fill_value=0)
    counts = counts.reindex(columns=rules, fill_value=0)
    counts["__errors"] = sev.get("error", 0)
    counts["__warns"] = sev.get("warn", 0)
    counts["__total"] = counts[rules].sum(axis=1)
    counts = counts.sort_values(["__total", "__errors"], ascending=False)
    total_groups = len(counts)
    if limit is not None:
        counts = counts.head(limit)
    head = "".join(f"<th>{h}</th>" for h in headers) + (
        '<th class="num">错误<br>errors</th><th class="num">警告<br>warns</th><th class="num">合计<br>total</th>'
        + "".join(
            f'<th class="num rule-col"><code>{escape(r).replace("_", "_<wbr>")}</code></th>'
            for r in rules
        )
    )
    body = []
    for key, row in counts.iterrows():
        keys = key if isinstance(key, tuple) else (key,)
        cells = f'<td class="key">{_e(keys[0]) or BUREAU_LABEL}</td>' + "".join(
            f'<td class="key">{_e(k)}</td>' for k in keys[1:]
        )
        nums = "".join(
            f'<td class="num{" nz" if row[r] else ""}">{int(row[r]) or ""}</td>' for r in rules
        )
        body.append(
            f'<tr data-key="{_e(keys[0])}" data-total="{int(row["__total"])}">{cells}'
            f'<td class="num">{int(row["__errors"])}</td><td class="num">{int(row["__warns"])}</td>'
            f'<td class="num"><b>{int(row["__total"])}</b></td>{nums}</tr>'
        )
    note = ""
    if limit is not None and total_groups > limit:
        note = (
            f'<p class="muted">显示问题最多的前 {limit} 个（共 {total_groups} 个）。'
            f"Showing the {limit} with most findings of {total_groups}.</p>"
        )
    filt = (
        f'<input class="filter" data-table="{table_id}" placeholder="筛选 Filter…" aria-label="filter">'
        if filterable
        else ""
    )
    return (
        f'{filt}<div class="scroll"><table id="{table_id}" class="grid compact'
        f'{" paged" if filterable else ""}" data-page-size="{PAGE_SIZE}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>{note}"
    )


def _share_by_county(con: Any, sql: str) -> pd.DataFrame | None:
    try:
        return con.sql(sql).df()
    except Exception as exc:  # a mart missing or without the column: say "no data"
        log.warning("report indicator query failed: %s", exc)
        return None


def _indicator_charts(con: Any) -> str:
    parts: list[str] = []
    if has_table(con, "main", "mart_teacher_cycle_credits"):
        # shares over rostered teachers of the current cycle; unknown teachers counted apart
        columns = table_columns(con, "main", "mart_teacher_cycle_credits")
        rostered = "on_roster" in columns and "is_current_cycle" in columns
        cycle_filter = (
            "is_current_cycle"
            if rostered
            else "cycle_start_year = (select max(cycle_start_year) "
            "from main.mart_teacher_cycle_credits)"
        )
        df = _share_by_county(
            con,
            f"""
            select coalesce(county, '未知县区') as county, any_value(cycle_start_year) as cycle,
                   count(*) as teachers,
                   avg(case when on_track then 1.0 else 0.0 end) as on_track_share,
                   avg(case when total_hours > 0 then 1.0 else 0.0 end) as participation_share
            from main.mart_teacher_cycle_credits
            where {cycle_filter}{" and on_roster" if rostered else ""}
            group by 1 order by 1
            """,
        )
        unknown = 0
        if rostered:
            unknown = int(
                con.execute(
                    "select count(*) from main.mart_teacher_cycle_credits "
                    "where is_current_cycle and not on_roster"
                ).fetchone()[0]
            )
        if df is not None and len(df):
            cycle = int(df["cycle"].iloc[0])
            on_track = [
                Bar(
                    r.county,
                    float(r.on_track_share),
                    f"{_pct(r.on_track_share)} ({int(r.teachers)}人)",
                    "#2e7d32",
                )
                for r in df.itertuples()
            ]
            part = [
                Bar(
                    r.county,
                    float(r.participation_share),
                    f"{_pct(r.participation_share)} ({int(r.teachers)}人)",
                    "#2f6fad",
                )
                for r in df.itertuples()
            ]
            parts.append(
                f"<figure><figcaption>按期完成率（{cycle}年起周期）On-track share by county, cycle from {cycle}"
                '<br><span class="en">在册教师中，截至统计日学时达到应完成学时的比例 Rostered teachers '
                "whose hours completed by the as-of date reach the expected-by-now figure; "
                f"未在花名册的教师 {unknown} 人另计，不计入比例 Unknown teachers (on no roster): "
                f"{unknown}, not in the share</span></figcaption>"
                + hbar_chart(on_track, max_value=1.0, aria_label="on-track share by county")
                + "</figure>"
            )
            parts.append(
                f"<figure><figcaption>参训率（{cycle}年起周期）Participation share by county"
                '<br><span class="en">本周期有计入学时的教师占比 Teachers with any counted hours in the '
                "cycle</span></figcaption>"
                + hbar_chart(part, max_value=1.0, aria_label="participation share by county")
                + "</figure>"
            )
    if has_table(con, "main", "mart_school_year_funding"):
        df = _share_by_county(
            con,
            """
            with latest as (select max(year) as y from main.mart_school_year_funding)
            select coalesce(county, '未知县区') as county, any_value(year) as year, count(*) as schools,
                   avg(case when meets_share then 1.0 else 0.0 end) as meets
            from main.mart_school_year_funding, latest where year = latest.y
            group by 1 order by 1
            """,
        )
        if df is not None and len(df):
            year = int(df["year"].iloc[0])
            bars = [
                Bar(r.county, float(r.meets), f"{_pct(r.meets)} ({int(r.schools)}校)", "#6a4c93")
                for r in df.itertuples()
            ]
            parts.append(
                f"<figure><figcaption>经费达标学校占比（{year}年）Schools meeting the training-spend share, {year}"
                "</figcaption>"
                + hbar_chart(bars, max_value=1.0, aria_label="funding compliance by county")
                + "</figure>"
            )
    if not parts:
        return '<p class="muted">数据集市尚未生成，无法绘制指标图。Marts not built yet; no indicator charts.</p>'
    return '<div class="charts">' + "".join(parts) + "</div>"


def _suite_section(suite_results: Sequence[SuiteResult] | None) -> str:
    if suite_results is None:
        return (
            '<p class="muted">本报告生成时未运行集市校验。Mart expectation suites were not run for '
            "this report.</p>"
        )
    rows = []
    details = []
    for r in suite_results:
        rows.append(
            f'<tr data-mart="{escape(r.mart)}" data-status="{r.status}"><td><code>{escape(r.mart)}</code><br>'
            f'<span class="en">{escape(MART_TITLES.get(r.mart, ""))}</span></td><td>{_status_badge(r.status)}</td>'
            f'<td class="num">{"" if r.row_count is None else f"{r.row_count:,}"}</td>'
            f'<td class="num">{len(r.expectations)}</td><td class="num">{r.count("pass")}</td>'
            f'<td class="num">{r.count("fail")}</td><td class="num">{r.count("error")}</td>'
            f"<td>{_e(r.error)}</td></tr>"
        )
        for e in r.expectations:
            if e.status == "pass":
                continue
            sample = ", ".join(map(str, e.partial_unexpected[:5]))
            details.append(
                f"<tr><td><code>{escape(r.mart)}</code></td><td>{_status_badge(e.status)}</td>"
                f"<td><code>{escape(e.expectation_type)}</code></td><td><code>{escape(e.column)}</code></td>"
                f'<td class="num">{"" if e.unexpected_count is None else e.unexpected_count}</td>'
                f"<td>{escape(e.note)}</td><td>{escape(e.exception_message or sample or str(e.observed_value or ''))}</td></tr>"
            )
    out = (
        '<table id="suite-summary" class="grid"><thead><tr><th>数据集市 Mart</th><th>结果 Status</th>'
        '<th class="num">行数 Rows</th><th class="num">校验项 Expectations</th><th class="num">通过 Pass</th>'
        '<th class="num">未通过 Fail</th><th class="num">出错 Error</th><th>说明 Note</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>"
    )
    if details:
        out += (
            "<h3>未通过或出错的校验项 Failed or errored expectations</h3>"
            '<div class="scroll"><table id="suite-details" class="grid compact"><thead><tr><th>Mart</th>'
            "<th>结果 Status</th><th>校验 Expectation</th><th>列 Column</th>"
            '<th class="num">异常行数 Unexpected</th><th>含义 Meaning</th><th>样例/错误 Sample or error</th>'
            "</tr></thead><tbody>" + "".join(details) + "</tbody></table></div>"
        )
    return out


def _drilldown(findings: pd.DataFrame, catalogue: dict[str, RuleInfo]) -> str:
    if findings.empty:
        return '<p class="muted">没有数据质量问题。No findings.</p>'
    blocks = []
    for rule_id in _ordered_rules(findings, catalogue):
        rows = findings[findings["rule_id"] == rule_id]
        info = rule_info(rule_id, catalogue, rows["severity"].iloc[0])
        shown = rows.head(MAX_ROWS_PER_RULE)
        body = "".join(
            f"<tr><td><code>{_e(r.rule_id)}</code></td><td>{_badge(r.severity)}</td>"
            f"<td>{_e(r.school_code) or BUREAU_LABEL}</td><td>{_e(r.school_name)}</td>"
            f"<td>{_e(r.project_code)}</td><td>{_e(r.year)}</td>"
            f'<td class="file">{_e(r.source_file)}</td><td class="num">{_e(r.source_row)}</td>'
            f"<td>{_e(r.detail)}</td><td>{_e(r.load_id)}</td></tr>"
            for r in shown.itertuples()
        )
        cap = ""
        if len(rows) > len(shown):
            cap = (
                f'<p class="muted">仅列出前 {len(shown):,} 条，共 {len(rows):,} 条；完整清单见学校整改工作簿或 '
                f"dq_findings 表。Showing the first {len(shown):,} of {len(rows):,}; the correction "
                "workbooks and dq_findings hold all.</p>"
            )
        table_id = f"drill-{rule_id}"
        blocks.append(
            f'<details class="drill" data-rule="{escape(rule_id)}" data-count="{len(rows)}">'
            f"<summary><code>{escape(rule_id)}</code> {escape(info.title_zh)} "
            f'<span class="en">{escape(info.title_en)}</span> {_badge(info.severity)} '
            f'<span class="count">{len(rows):,} 条</span></summary>'
            f'<p class="resolve"><b>如何整改 How to resolve:</b> {escape(info.resolve_zh)} '
            f'<span class="en">{escape(info.resolve_en)}</span></p>'
            f'<input class="filter" data-table="{table_id}" placeholder="筛选（学校、文件、说明…）Filter…" '
            'aria-label="filter">'
            f'<div class="scroll"><table id="{table_id}" class="grid compact paged" '
            f'data-page-size="{PAGE_SIZE}"><thead><tr><th>规则 Rule</th><th>严重程度 Severity</th>'
            "<th>学校代码 School</th><th>学校名称 Name</th><th>项目 Project</th><th>年度 Year</th>"
            '<th>来源文件 Source file</th><th class="num">行号 Row</th><th>问题说明 Detail</th>'
            f"<th>批次 Load</th></tr></thead><tbody>{body}</tbody></table></div>{cap}</details>"
        )
    return "".join(blocks)


# ------------------------------------------------------------------------------------------
# Page
# ------------------------------------------------------------------------------------------

CSS = """
:root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#f6f7fb;--brand:#1f4e79}
*{box-sizing:border-box}
body{margin:0;font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC',
 system-ui,sans-serif;color:var(--ink);background:var(--bg);font-size:14px;line-height:1.5}
header{background:linear-gradient(90deg,#1f4e79,#2f6fad);color:#fff;padding:22px 32px}
header h1{margin:0;font-size:22px;font-weight:600}
header .sub{opacity:.85;font-size:13px;margin-top:4px}
nav{background:#fff;border-bottom:1px solid var(--line);padding:8px 32px;position:sticky;top:0;z-index:2}
nav a{color:var(--brand);text-decoration:none;margin-right:18px;font-size:13px}
main{padding:20px 32px 48px;max-width:1400px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:18px 22px;margin:18px 0}
h2{font-size:17px;margin:0 0 12px;color:var(--brand)}
h2 .en,h3 .en{font-weight:400;color:var(--muted);font-size:13px;margin-left:6px}
h3{font-size:15px;margin:18px 0 8px}
.en{color:var(--muted);font-size:12px}
.muted{color:var(--muted)}
.kpis{display:flex;flex-wrap:wrap;gap:12px;margin:6px 0}
.kpi{background:#fff;border:1px solid var(--line);border-left:4px solid var(--brand);border-radius:6px;
 padding:10px 16px;min-width:150px}
.kpi .kv{font-size:24px;font-weight:700}
.kpi .kl{font-size:12px;color:var(--muted)}
.kpi.k-error{border-left-color:#c0392b}.kpi.k-warn{border-left-color:#d68910}.kpi.k-pass{border-left-color:#2e7d32}
table.grid{border-collapse:collapse;width:100%;font-size:13px}
table.grid th{background:#eef2f7;text-align:left;font-weight:600;padding:7px 8px;border-bottom:2px solid #d5dce6}
.scroll table.grid th{position:sticky;top:0}
table.grid td{padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
table.grid tbody tr:hover{background:#f9fbfe}
table.compact td,table.compact th{padding:4px 7px}
table.grid td.num,table.grid th.num{text-align:right;font-variant-numeric:tabular-nums}
td.nz{background:#fdf2e9}
td.desc{max-width:520px}
td.key{white-space:nowrap}
th.rule-col code{font-size:11px}
td.file{font-family:ui-monospace,monospace;font-size:12px}
tr.zero{color:#9ca3af}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;color:#fff;white-space:nowrap}
.b-error{background:#c0392b}.b-warn{background:#d68910}
.s-pass{background:#2e7d32}.s-fail{background:#c0392b}.s-error{background:#6b21a8}
.charts{display:flex;flex-wrap:wrap;gap:24px}
figure{margin:8px 0;max-width:620px}
figcaption{font-weight:600;margin-bottom:6px}
.legend{font-weight:400;font-size:12px;margin-left:12px;color:var(--muted)}
.legend i{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;border-radius:2px}
details summary{cursor:pointer}
details.drill{border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:8px 0}
details.drill summary{font-weight:600}
details.drill .count{color:var(--muted);font-weight:400;margin-left:8px}
.resolve{font-size:13px;margin:8px 0}
input.filter{margin:6px 0;padding:5px 9px;border:1px solid #cbd5e1;border-radius:5px;width:320px;font-size:13px}
.scroll{overflow-x:auto;max-height:720px;overflow-y:auto}
.pager{margin:6px 0;font-size:12px;color:var(--muted)}
.pager button{margin:0 4px;padding:2px 10px;border:1px solid #cbd5e1;background:#fff;border-radius:4px;cursor:pointer}
footer{color:var(--muted);font-size:12px;padding:0 32px 32px}
@media print{nav{display:none}.scroll{max-height:none}details{display:block}}
"""

JS = """
(function(){
  function setup(table){
    var size=parseInt(table.dataset.pageSize||'25',10), page=0, q='';
    var rows=Array.prototype.slice.call(table.tBodies[0].rows);
    var pager=document.createElement('div'); pager.className='pager';
    table.parentNode.parentNode.insertBefore(pager, table.parentNode.nextSibling);
    function render(){
      var match=rows.filter(function(r){return !q||r.textContent.toLowerCase().indexOf(q)>=0;});
      var pages=Math.max(1,Math.ceil(match.length/size)); if(page>=pages)page=pages-1;
      rows.forEach(function(r){r.style.display='none';});
      match.slice(page*size,(page+1)*size).forEach(function(r){r.style.display='';});
      pager.innerHTML='';
      var info=document.createElement('span');
      info.textContent='第 '+(page+1)+' / '+pages+' 页 Page · '+match.length+' 行 rows';
      var prev=document.createElement('button'); prev.textContent='‹ 上一页';
      prev.disabled=page===0; prev.onclick=function(){page--;render();};
      var next=document.createElement('button'); next.textContent='下一页 ›';
      next.disabled=page>=pages-1; next.onclick=function(){page++;render();};
      pager.appendChild(prev); pager.appendChild(info); pager.appendChild(next);
    }
    table._filter=function(v){q=v.toLowerCase();page=0;render();};
    render();
  }
  document.querySelectorAll('table.paged').forEach(setup);
  document.querySelectorAll('input.filter').forEach(function(inp){
    inp.addEventListener('input',function(){
      var t=document.getElementById(inp.dataset.table); if(t&&t._filter)t._filter(inp.value);
    });
  });
})();
"""


def render_report(
    findings: pd.DataFrame,
    directory: pd.DataFrame,
    indicators_html: str,
    suite_results: Sequence[SuiteResult] | None,
    generated_at: dt.datetime | None = None,
    runs: pd.DataFrame | None = None,
    status_html: str = "",
) -> str:
    """The report's HTML from already-read data (pure, for tests and reuse); status_html is the
    publication status block shown above everything else."""
    catalogue = load_rule_catalogue()
    generated_at = generated_at or dt.datetime.now().astimezone()
    df = _attach_county(findings, directory)
    rules = _ordered_rules(df, catalogue)
    load_ids = sorted(map(str, df["load_id"].dropna().unique()))
    loads = (
        ", ".join(load_ids)
        if len(load_ids) <= 3
        else f"{len(load_ids)} 个 ({load_ids[0]} … {load_ids[-1]})"
    )
    loads = loads or "—"
    by_school = df.copy()
    by_school["school_name"] = by_school["school_name"].fillna("")
    by_school.loc[by_school["school_code"] == NO_SCHOOL, "county"] = ""
    sections = [
        (
            "summary",
            "规则汇总",
            "Summary by rule",
            _rule_summary(df, catalogue) + _rule_charts(df, catalogue, runs),
        ),
        (
            "county",
            "按县区",
            "By county",
            _pivot_table(df, ["county"], rules, "by-county", ["县区 County"]),
        ),
        (
            "school",
            "按学校",
            "By school",
            _pivot_table(
                by_school,
                ["school_code", "school_name", "county"],
                rules,
                "by-school",
                ["学校代码 School", "学校名称 Name", "县区 County"],
                limit=MAX_SCHOOLS,
                filterable=True,
            ),
        ),
        ("indicators", "集市指标", "Indicators from the marts", indicators_html),
        (
            "suites",
            "数据集市校验",
            "Mart expectation suites (Great Expectations)",
            _suite_section(suite_results),
        ),
        ("drilldown", "问题明细", "Findings drill-down", _drilldown(df, catalogue)),
    ]
    nav = "".join(f'<a href="#{sid}">{zh} {en}</a>' for sid, zh, en, _ in sections)
    body = "".join(
        f'<section id="{sid}"><h2>{zh}<span class="en">{en}</span></h2>{html}</section>'
        for sid, zh, en, html in sections
    )
    stamp = generated_at.strftime("%Y-%m-%d %H:%M %Z").strip()
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        "<title>教师培训数据质量审计报告 Teacher-training data-quality audit report</title>"
        f"<style>{CSS}</style></head><body>"
        "<header><h1>教师培训数据质量审计报告 <span style='font-weight:400'>Teacher-training "
        "data-quality audit report</span></h1>"
        f'<div class="sub">生成时间 Generated {escape(stamp)} · 数据批次 Loads: {escape(loads)}</div></header>'
        f"{status_html}<nav>{nav}</nav><main>{_kpis(df, suite_results)}{body}</main>"
        "<footer>来源 Source: DuckDB warehouse, tables main.dq_findings and main.mart_*. "
        "规则说明见 Rule texts from expectations/rules.yml. 本文件离线可用 Self-contained, works offline."
        f"</footer><script>{JS}</script></body></html>"
    )


def build_auditors_report(
    con: Any, out_dir: Path, suite_results: Sequence[SuiteResult] | None = None
) -> Path:
    """Write out_dir/auditors_report.html from the warehouse behind ``con`` and return its path.

    ``suite_results`` is run_mart_suites' list, shown as the suite summary when given.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    findings = load_findings(con)
    directory = school_directory(con)
    html = render_report(
        findings, directory, _indicator_charts(con), suite_results, runs=load_run_history(con),
        status_html=status_block_html(con),
    )
    path = out_dir / REPORT_NAME
    path.write_text(html, encoding="utf-8")
    return path
