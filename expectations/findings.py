"""Read dq_findings and the school directory from the warehouse, for the report and workbooks.

Both readers tolerate a warehouse that lacks a table (a first run, a failed dbt build): they
return empty frames with the contract's columns, so a report can still be written and say so.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import pandas as pd

log = logging.getLogger(__name__)

FINDINGS_TABLE = "main.dq_findings"
FINDINGS_COLUMNS = [
    "finding_id",
    "rule_id",
    "severity",
    "k_teacher",
    "school_code",
    "project_code",
    "year",
    "source_file",
    "source_row",
    "detail",
    "load_id",
]
NO_SCHOOL = ""  # school_code of findings that belong to no school (bureau level)

# ID numbers inside finding details: 15-18 characters (digits, last may be X), or an Excel float
_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{5,8})(\d{3}[\dXx]|\d{4})(?![0-9A-Za-z])")
_FLOAT_ID_RE = re.compile(r"(?<![\d.])(\d)\.(\d{3})\d{4,}([eE]\+?1[4-7])")


def is_missing(value: Any) -> bool:
    """None, NaN, NaT or pandas' NA: a cell to leave empty in the report and the workbooks."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists, arrays: not a missing scalar
        return False


def mask_personal(text: str | None) -> str | None:
    """Mask ID numbers in free text the way platforms do (610503********0547), and cut Excel
    floats of ID numbers to their first digits (6.105…e+17): the reports leave the building,
    the source row tells the school where to look."""
    if text is None:
        return None
    text = _ID_RE.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)
    return _FLOAT_ID_RE.sub(lambda m: f"{m.group(1)}.{m.group(2)}…{m.group(3)}", text)


def has_table(con: Any, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select 1 from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchall()
    )


def table_columns(con: Any, schema: str, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchall()
    return {r[0] for r in rows}


def open_filter(alias: str = "") -> str:
    """The SQL condition "the finding is open" (found by the latest build), for dq_findings as
    `alias`. A row without a status (a warehouse built before findings had one) counts as open.
    The one Python copy; dbt's is the macro open_finding (dbt_project/macros/findings.sql)."""
    column = f"{alias}.status" if alias else "status"
    return f"coalesce({column}, 'open') = 'open'"


def load_findings(con: Any) -> pd.DataFrame:
    """The open findings of dq_findings as a dataframe sorted by rule, school, file and row.

    school_code null becomes "" (NO_SCHOOL); year and source_row are nullable integers; ID
    numbers in ``detail`` are masked (mask_personal).
    Columns missing from the table (an older build) are added as nulls.
    """
    if not has_table(con, "main", "dq_findings"):
        log.warning("main.dq_findings does not exist; reporting no findings")
        return pd.DataFrame({c: pd.Series(dtype="object") for c in FINDINGS_COLUMNS})
    present = table_columns(con, "main", "dq_findings")
    select = ", ".join(f'"{c}"' if c in present else f'null as "{c}"' for c in FINDINGS_COLUMNS)
    # resolved findings (found by an earlier build only) stay in the history charts, not here
    where = f"where {open_filter()} " if "status" in present else ""
    df = con.sql(
        f"select {select} from {FINDINGS_TABLE} {where}"
        "order by rule_id, school_code nulls last, source_file, source_row, finding_id"
    ).df()
    df["school_code"] = df["school_code"].fillna(NO_SCHOOL).astype(str)
    df["severity"] = df["severity"].fillna("warn").astype(str)
    for c in ("year", "source_row"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("Int64")
    for c in (
        "rule_id",
        "project_code",
        "source_file",
        "detail",
        "load_id",
        "k_teacher",
        "finding_id",
    ):
        df[c] = df[c].astype("object").where(df[c].notna(), None)
    df["detail"] = [None if d is None else mask_personal(str(d)) for d in df["detail"]]
    return df.reset_index(drop=True)


def school_directory(con: Any) -> pd.DataFrame:
    """school_code -> school_name, county, from whichever warehouse tables have them.

    Sources, first non-null wins: raw.roster (names), the funding and credits marts (county).
    """
    frames: list[pd.DataFrame] = []
    sources = [
        ("raw", "roster", "school_name", "county"),
        ("main", "mart_school_year_funding", "school_name", "county"),
        ("main", "mart_teacher_cycle_credits", "school_name", "county"),
        ("raw", "school_funding", "school_name", "county"),
    ]
    for schema, table, name_col, county_col in sources:
        if not has_table(con, schema, table):
            continue
        cols = table_columns(con, schema, table)
        if "school_code" not in cols:
            continue
        name = f"{name_col}" if name_col in cols else "null"
        county = f"{county_col}" if county_col in cols else "null"
        try:
            frames.append(
                con.sql(
                    f"select school_code, any_value({name}) as school_name, "
                    f"any_value({county}) as county from {schema}.{table} "
                    "where school_code is not null group by school_code"
                ).df()
            )
        except Exception as exc:  # a half-built table must not stop the report
            log.warning("school directory: cannot read %s.%s: %s", schema, table, exc)
    if not frames:
        return pd.DataFrame({"school_code": [], "school_name": [], "county": []}, dtype="object")
    merged = pd.concat(frames, ignore_index=True)
    merged = merged.astype({"school_code": "object", "school_name": "object", "county": "object"})
    return (
        merged.groupby("school_code", as_index=False)
        .agg({"school_name": "first", "county": "first"})  # first non-null per column
        .sort_values("school_code")
        .reset_index(drop=True)
    )


RUN_HISTORY_SQL = """
with runs as (
    select run_id, built_at, lag(run_id) over (order by built_at, run_id) as prev_run
    from main.dq_build_runs
),
seen as (
    select distinct run_id, finding_id, rule_id from main.dq_findings_history
),
firsts as (
    select finding_id, arg_min(run_id, built_at) as first_run
    from main.dq_findings_history group by finding_id
),
measures as (
    select run_id, rule_id, 'open' as measure, count(*) as n from seen group by run_id, rule_id
    union all
    select seen.run_id, seen.rule_id, 'first_seen', count(*)
    from seen join firsts on seen.finding_id = firsts.finding_id and seen.run_id = firsts.first_run
    group by seen.run_id, seen.rule_id
    union all
    select runs.run_id, prev.rule_id, 'resolved', count(*)
    from runs join seen as prev on prev.run_id = runs.prev_run
    where not exists (
        select 1 from seen as cur where cur.run_id = runs.run_id and cur.finding_id = prev.finding_id
    )
    group by runs.run_id, prev.rule_id
)
select runs.run_id, runs.built_at, measures.rule_id, measures.measure, measures.n
from runs left join measures on runs.run_id = measures.run_id
order by runs.built_at, runs.run_id, measures.rule_id, measures.measure
"""
RUN_COLUMNS = ["run_id", "built_at", "rule_id", "open", "first_seen", "resolved"]


def load_run_history(con: Any) -> pd.DataFrame | None:
    """Per dbt build (run) and rule: findings open in that build, first seen in it, resolved by it
    (found by the build before, not by this one). None when the history tables do not exist."""
    if not (has_table(con, "main", "dq_build_runs") and has_table(con, "main", "dq_findings_history")):
        return None
    long = con.sql(RUN_HISTORY_SQL).df()
    if long.empty:
        return pd.DataFrame({c: [] for c in RUN_COLUMNS})
    wide = (
        long.pivot_table(
            index=["run_id", "built_at", "rule_id"], columns="measure", values="n",
            aggfunc="sum", fill_value=0, dropna=False,
        )
        .reset_index()
        if long["rule_id"].notna().any()
        else long[["run_id", "built_at", "rule_id"]]
    )
    runs = long[["run_id", "built_at"]].drop_duplicates()
    wide = runs.merge(wide, how="left", on=["run_id", "built_at"])
    for c in ("open", "first_seen", "resolved"):
        wide[c] = pd.to_numeric(wide[c], errors="coerce").fillna(0).astype(int) if c in wide else 0
    wide.columns.name = None
    return wide[RUN_COLUMNS].sort_values(["built_at", "run_id", "rule_id"]).reset_index(drop=True)
