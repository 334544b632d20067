"""Findings shaped for the report's tables: the summary by rule, the county and school pivots
and the drill-down. Plain data; the templates do the markup."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from expectations.catalogue import RuleInfo, rule_info
from expectations.findings import NO_SCHOOL, is_missing

BUREAU_LABEL = "局级（无学校）Bureau level"
UNKNOWN_COUNTY = "未知县区 Unknown county"


def text(value: Any) -> str:
    """A cell's text: empty for None / NaN / NA."""
    return "" if is_missing(value) else str(value)


def ordered_rules(findings: pd.DataFrame, catalogue: dict[str, RuleInfo]) -> list[str]:
    """Catalogue order first (the contract's order), then any uncatalogued rule ids."""
    present = set(findings["rule_id"].dropna())
    return [r for r in catalogue if r in present] + sorted(present - set(catalogue))


def attach_county(findings: pd.DataFrame, directory: pd.DataFrame) -> pd.DataFrame:
    df = findings.merge(directory, how="left", on="school_code")
    df["county"] = df["county"].where(df["county"].notna(), None)
    df.loc[df["school_code"] == NO_SCHOOL, "county"] = BUREAU_LABEL
    df["county"] = df["county"].fillna(UNKNOWN_COUNTY)
    return df


def kpis(findings: pd.DataFrame) -> dict[str, int]:
    return {
        "findings": len(findings),
        "errors": int((findings["severity"] == "error").sum()),
        "warns": int((findings["severity"] == "warn").sum()),
        "schools": int(findings.loc[findings["school_code"] != NO_SCHOOL, "school_code"].nunique()),
        "loads": int(findings["load_id"].dropna().nunique()),
    }


@dataclass(frozen=True)
class RuleRow:
    info: RuleInfo
    count: int
    schools: int


def rule_rows(findings: pd.DataFrame, catalogue: dict[str, RuleInfo]) -> list[RuleRow]:
    """Every catalogued rule (zero when it found nothing), then uncatalogued ones present."""
    shown = list(catalogue) + [r for r in ordered_rules(findings, catalogue) if r not in catalogue]
    counts = findings.groupby("rule_id").size().to_dict()
    with_school = findings[findings["school_code"] != NO_SCHOOL]
    schools = with_school.groupby("rule_id")["school_code"].nunique().to_dict()
    rows = []
    for rule_id in shown:
        sev = findings.loc[findings["rule_id"] == rule_id, "severity"]
        info = rule_info(rule_id, catalogue, sev.iloc[0] if len(sev) else "warn")
        rows.append(RuleRow(info, int(counts.get(rule_id, 0)), int(schools.get(rule_id, 0))))
    return rows


@dataclass
class Pivot:
    """Counts per group (county, or school) and rule, most findings first."""

    table_id: str
    headers: list[str]
    rules: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    total_groups: int = 0
    limit: int | None = None
    filterable: bool = False

    @property
    def capped(self) -> bool:
        return self.limit is not None and self.total_groups > self.limit


def pivot(
    df: pd.DataFrame,
    by: list[str],
    rules: list[str],
    table_id: str,
    headers: list[str],
    limit: int | None = None,
    filterable: bool = False,
) -> Pivot:
    out = Pivot(table_id, headers, rules, limit=limit, filterable=filterable)
    if df.empty:
        return out
    counts = df.groupby(by + ["rule_id"], dropna=False).size().unstack("rule_id", fill_value=0)
    sev = df.groupby(by + ["severity"], dropna=False).size().unstack("severity", fill_value=0)
    counts = counts.reindex(columns=rules, fill_value=0)
    counts["__errors"] = sev.get("error", 0)
    counts["__warns"] = sev.get("warn", 0)
    counts["__total"] = counts[rules].sum(axis=1)
    counts = counts.sort_values(["__total", "__errors"], ascending=False)
    out.total_groups = len(counts)
    if limit is not None:
        counts = counts.head(limit)
    for key, row in counts.iterrows():
        keys = [text(k) for k in (key if isinstance(key, tuple) else (key,))]
        out.rows.append(
            {
                "keys": keys,
                "errors": int(row["__errors"]),
                "warns": int(row["__warns"]),
                "total": int(row["__total"]),
                "counts": [int(row[r]) for r in rules],
            }
        )
    return out


@dataclass(frozen=True)
class Drill:
    info: RuleInfo
    rows: list[dict[str, str]]
    total: int


def drilldown(findings: pd.DataFrame, catalogue: dict[str, RuleInfo], max_rows: int) -> list[Drill]:
    """Per rule, its first ``max_rows`` findings with their source file and row."""
    blocks = []
    for rule_id in ordered_rules(findings, catalogue):
        rows = findings[findings["rule_id"] == rule_id]
        info = rule_info(rule_id, catalogue, rows["severity"].iloc[0])
        shown = [
            {
                "rule_id": text(r.rule_id),
                "severity": text(r.severity),
                "school_code": text(r.school_code),
                "school_name": text(r.school_name),
                "project_code": text(r.project_code),
                "year": text(r.year),
                "source_file": text(r.source_file),
                "source_row": text(r.source_row),
                "detail": text(r.detail),
                "load_id": text(r.load_id),
            }
            for r in rows.head(max_rows).itertuples()
        ]
        blocks.append(Drill(info, shown, len(rows)))
    return blocks
