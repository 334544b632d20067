"""Assemble the report's data and render it: one HTML file, opens offline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from expectations.catalogue import load_rule_catalogue
from expectations.findings import (
    NO_SCHOOL,
    load_findings,
    load_run_history,
    school_directory,
)
from expectations.report import findings_view as fv
from expectations.report.indicators import Figure, indicator_figures
from expectations.report.page import render
from expectations.report.status import StatusView, status_view
from expectations.report.suites_view import STATUS_LABELS, sample_or_error
from expectations.report.trends import per_rule_chart, trends
from expectations.suites import MART_TITLES, SuiteResult, load_suite_results

REPORT_NAME = "auditors_report.html"
MAX_ROWS_PER_RULE = 1000  # drill-down rows embedded per rule; the workbooks hold them all
MAX_SCHOOLS = 200  # schools listed in the by-school table (most findings first)
PAGE_SIZE = 25
SEVERITY_LABELS = {"error": "错误 error", "warn": "警告 warn"}


def _loads(df: pd.DataFrame) -> str:
    ids = sorted(map(str, df["load_id"].dropna().unique()))
    if len(ids) <= 3:
        return ", ".join(ids) or "—"
    return f"{len(ids)} 个 ({ids[0]} … {ids[-1]})"


def render_report(
    findings: pd.DataFrame,
    directory: pd.DataFrame,
    figures: Sequence[Figure],
    suite_results: Sequence[SuiteResult] | None,
    status: StatusView | None = None,
    generated_at: dt.datetime | None = None,
    runs: pd.DataFrame | None = None,
) -> str:
    """The report's HTML from already-read data (pure, for tests and reuse)."""
    catalogue = load_rule_catalogue()
    generated_at = generated_at or dt.datetime.now().astimezone()
    df = fv.attach_county(findings, directory)
    rules = fv.ordered_rules(df, catalogue)
    by_school = df.copy()
    by_school["school_name"] = by_school["school_name"].fillna("")
    by_school.loc[by_school["school_code"] == NO_SCHOOL, "county"] = ""
    return render(
        "report.html.j2",
        generated=generated_at.strftime("%Y-%m-%d %H:%M %Z").strip(),
        loads=_loads(df),
        status=status,
        kpis=fv.kpis(df),
        suite_results=suite_results,
        rule_rows=fv.rule_rows(df, catalogue),
        per_rule_chart=per_rule_chart(df, catalogue),
        trends=trends(df, catalogue, runs),
        by_county=fv.pivot(df, ["county"], rules, "by-county", ["县区 County"]),
        by_school=fv.pivot(
            by_school,
            ["school_code", "school_name", "county"],
            rules,
            "by-school",
            ["学校代码 School", "学校名称 Name", "县区 County"],
            limit=MAX_SCHOOLS,
            filterable=True,
        ),
        figures=figures,
        drills=fv.drilldown(df, catalogue, MAX_ROWS_PER_RULE),
        bureau=fv.BUREAU_LABEL,
        page_size=PAGE_SIZE,
        mart_titles=MART_TITLES,
        status_labels=STATUS_LABELS,
        severity_labels=SEVERITY_LABELS,
        sample_or_error=sample_or_error,
    )


def build_auditors_report(
    con: Any,
    out_dir: Path,
    suite_results: Sequence[SuiteResult] | None = None,
    workbooks_dir: Path | None = None,
    landing_dir: Path | None = None,
) -> Path:
    """Write out_dir/auditors_report.html from the warehouse behind ``con`` and return its path.

    ``suite_results`` overrides the stored suite run (audit.mart_suite_results, written once per
    pipeline run); ``workbooks_dir`` is where the correction workbooks were written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    validated_at = None
    if suite_results is None:
        stored = load_suite_results(con)
        if stored is not None:
            suite_results, validated_at = stored.results, stored.validated_at
    findings = load_findings(con)
    kpis = fv.kpis(findings)
    status = status_view(con, kpis, suite_results, validated_at, workbooks_dir, landing_dir)
    html = render_report(
        findings,
        school_directory(con),
        indicator_figures(con),
        suite_results,
        status=status,
        runs=load_run_history(con),
    )
    path = out_dir / REPORT_NAME
    path.write_text(html, encoding="utf-8")
    return path
