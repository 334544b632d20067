"""Findings over time: per rule, a small line across dbt builds (from dq_findings_history), and
per build what was first seen, still open and resolved. A warehouse without the history tables
gets the same per-rule lines across ingest loads instead."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from markupsafe import Markup

from expectations.catalogue import RuleInfo, rule_info
from expectations.report.findings_view import ordered_rules
from expectations.svg import Bar, hbar_chart, sparkline

SEVERITY_COLORS = {"error": "#c0392b", "warn": "#d68910"}
MAX_POINTS = 30  # builds (or loads) per line: the latest ones


@dataclass(frozen=True)
class TrendRow:
    info: RuleInfo
    spark: Markup
    latest: int
    change: int | None  # latest minus the one before; None with a single point


@dataclass
class Trends:
    kind: str  # 'build' | 'load' | '' (nothing to chart)
    shown: int = 0
    total: int = 0
    rows: list[TrendRow] = field(default_factory=list)
    builds: list[dict[str, Any]] = field(default_factory=list)  # latest first


def run_label(run_id: Any, built_at: Any) -> str:
    stamp = pd.Timestamp(built_at).strftime("%Y-%m-%d %H:%M:%S") if pd.notna(built_at) else "?"
    return f"{stamp} · {str(run_id)[:8]}"


def per_rule_chart(findings: pd.DataFrame, catalogue: dict[str, RuleInfo]) -> Markup:
    counts = findings.groupby("rule_id").size()
    bars = []
    for r in ordered_rules(findings, catalogue):
        info = rule_info(r, catalogue)
        n = int(counts.get(r, 0))
        bars.append(
            Bar(
                r,
                float(n),
                f"{n:,}",
                SEVERITY_COLORS.get(info.severity, "#2f6fad"),
                f"{r} {info.title_zh}: {n}",
            )
        )
    return Markup(hbar_chart(bars, aria_label="findings per rule"))


def _rows(
    categories: list[str],
    values: dict[tuple[str, str], int],
    rules: list[str],
    catalogue: dict[str, RuleInfo],
) -> list[TrendRow]:
    rows = []
    for r in rules:
        info = rule_info(r, catalogue)
        series = [(c, float(values.get((c, r), 0))) for c in categories]
        color = SEVERITY_COLORS.get(info.severity, "#2f6fad")
        latest = int(series[-1][1])
        change = latest - int(series[-2][1]) if len(series) > 1 else None
        rows.append(TrendRow(info, Markup(sparkline(series, name=r, color=color)), latest, change))
    return rows


def _by_build(runs: pd.DataFrame, catalogue: dict[str, RuleInfo]) -> Trends:
    order = runs[["run_id", "built_at"]].drop_duplicates()
    labels = {r: run_label(r, b) for r, b in order.itertuples(index=False)}
    categories = [labels[r] for r in order["run_id"]][-MAX_POINTS:]
    ruled = runs[runs["rule_id"].notna()]
    present = set(ruled["rule_id"])
    rules = [r for r in catalogue if r in present] + sorted(present - set(catalogue))
    values = {(labels[row.run_id], row.rule_id): int(row.open) for row in ruled.itertuples()}
    totals = ruled.groupby("run_id")[["open", "first_seen", "resolved"]].sum()
    builds = []
    for run_id, built_at in reversed(list(order.itertuples(index=False))):
        t = totals.loc[run_id] if run_id in totals.index else None
        n_open, first, resolved = (0, 0, 0) if t is None else map(int, t)
        builds.append(
            {
                "label": run_label(run_id, built_at),
                "open": n_open,
                "first_seen": first,
                "still_open": n_open - first,
                "resolved": resolved,
            }
        )
    return Trends(
        "build",
        len(categories),
        len(order),
        # a line needs two builds; with one, the build table below says it all
        _rows(categories, values, rules, catalogue) if len(categories) > 1 else [],
        builds[:MAX_POINTS],
    )


def _by_load(findings: pd.DataFrame, catalogue: dict[str, RuleInfo]) -> Trends:
    loads = sorted(map(str, findings["load_id"].dropna().unique()))
    if len(loads) < 2:
        return Trends("")
    categories = loads[-MAX_POINTS:]
    per = findings.groupby(["load_id", "rule_id"]).size().to_dict()
    values = {(str(load), r): int(n) for (load, r), n in per.items()}
    rules = ordered_rules(findings, catalogue)
    return Trends("load", len(categories), len(loads), _rows(categories, values, rules, catalogue))


def trends(
    findings: pd.DataFrame, catalogue: dict[str, RuleInfo], runs: pd.DataFrame | None
) -> Trends:
    if runs is not None and not runs.empty:
        return _by_build(runs, catalogue)
    return _by_load(findings, catalogue)
