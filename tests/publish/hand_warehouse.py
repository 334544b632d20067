"""A small working warehouse written by hand (no dbt run): three marts, their lineage, findings,
raw tables and a dbt manifest that says which raw tables feed which mart.

Lineage (mart row <- source rows):
  mart_teacher_year_credits  kA|2023 <- prov.xlsx:2, roster.xlsx:3   kA|2022 <- prov.xlsx:4, roster.xlsx:3
                             kB|2023 <- prov.xlsx:5, roster.xlsx:4   kC|2023 <- roster.xlsx:5
  mart_school_year_funding   S1|2023 <- fund.xlsx:3                  S2|2023 <- fund.xlsx:4
  mart_county_year_funding   C1|2023 <- fund.xlsx:3, fund.xlsx:4     (a flagged mart)
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

ROSTER_VALUES = {"id_number": "110101199003071234", "name": "林斌", "phone": "13812345678"}

LINEAGE = [
    # mart_name, key_columns, k_teacher, mart_key, source_file, source_row
    ("mart_teacher_year_credits", "year", "kA", "2023", "prov.xlsx", 2),
    ("mart_teacher_year_credits", "year", "kA", "2023", "roster.xlsx", 3),
    ("mart_teacher_year_credits", "year", "kA", "2022", "prov.xlsx", 4),
    ("mart_teacher_year_credits", "year", "kA", "2022", "roster.xlsx", 3),
    ("mart_teacher_year_credits", "year", "kB", "2023", "prov.xlsx", 5),
    ("mart_teacher_year_credits", "year", "kB", "2023", "roster.xlsx", 4),
    ("mart_teacher_year_credits", "year", "kC", "2023", "roster.xlsx", 5),
    ("mart_school_year_funding", "school_code|year", None, "S1|2023", "fund.xlsx", 3),
    ("mart_school_year_funding", "school_code|year", None, "S2|2023", "fund.xlsx", 4),
    ("mart_county_year_funding", "county|year", None, "C1|2023", "fund.xlsx", 3),
    ("mart_county_year_funding", "county|year", None, "C1|2023", "fund.xlsx", 4),
]

FINDINGS = [
    # finding_id, rule_id, severity, source_file, source_row, status
    ("f1", "HOURS_OVER_PROJECT", "error", "prov.xlsx", 2, "open"),
    ("f7", "HOURS_OVER_DAILY_MAX", "error", "prov.xlsx", 2, "open"),
    ("f2", "MISSING_HOURS", "error", "prov.xlsx", 5, "open"),
    ("f3", "FUNDING_UNIT_SUSPECT", "error", "fund.xlsx", 4, "open"),
    ("f4", "SCHOOL_UNDER_5PCT", "warn", "fund.xlsx", 3, "open"),
    ("f5", "ID_INVALID", "error", "prov.xlsx", 4, "resolved"),
    ("f6", "ID_INVALID", "error", "prov.xlsx", 9, "open"),
]


def write_warehouse(path: Path, findings: list[tuple] = FINDINGS) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw")
        con.execute(
            "create table raw.load_manifest (load_id varchar, source_file varchar, "
            "content_hash varchar, profile varchar, logical_key varchar, rows_read integer, "
            "rows_loaded integer, rows_quarantined integer, rows_skipped integer, status varchar, "
            "message varchar, loaded_at timestamp)"
        )
        con.executemany(
            "insert into raw.load_manifest values (?, ?, 'h', ?, null, 1, 1, 0, 0, 'loaded', '', "
            "now()::timestamp)",
            [
                ("l1", "prov.xlsx", "provincial_export"),
                ("l2", "roster.xlsx", "roster"),
                ("l3", "fund.xlsx", "school_funding"),
            ],
        )
        con.execute("create table raw.roster (id_number varchar, name varchar, phone varchar)")
        con.execute("insert into raw.roster values (?, ?, ?)", list(ROSTER_VALUES.values()))
        con.execute("create table raw.provincial_records (id_number varchar, hours double)")
        con.execute(
            "insert into raw.provincial_records values (?, 10)", [ROSTER_VALUES["id_number"]]
        )
        con.execute("create table raw.school_funding (school_code varchar)")
        con.execute("insert into raw.school_funding values ('S1')")
        con.execute(
            "create table main.mart_teacher_year_credits as select * from (values "
            "('kA', 2023, 10.0::decimal(18,4)), ('kA', 2022, 5.0), ('kB', 2023, 20.0), "
            "('kC', 2023, 0.0)) as t(k_teacher, year, total_hours)"
        )
        con.execute(
            "create table main.mart_school_year_funding as select * from (values "
            "('S1', 2023, '=HYPERLINK(\"http://x\",\"y\")', 100.00::decimal(18,2)), "
            "('S2', 2023, '二小', 200.00)) as t(school_code, year, school_name, training_spend_yuan)"
        )
        con.execute(
            "create table main.mart_county_year_funding as select * from (values "
            "('C1', 2023, 300.00::decimal(18,2))) as t(county, year, schools_training_spend_yuan)"
        )
        con.execute(
            "create table main.mart_lineage (mart_name varchar, key_columns varchar, "
            "k_teacher varchar, mart_key varchar, source_role varchar, source_file varchar, "
            "source_sheet varchar, source_row integer, load_id varchar)"
        )
        con.executemany(
            "insert into main.mart_lineage values (?, ?, ?, ?, 'r', ?, '', ?, 'l')", LINEAGE
        )
        con.execute(
            "create table main.dq_findings (finding_id varchar, rule_id varchar, severity varchar, "
            "k_teacher varchar, school_code varchar, project_code varchar, year integer, "
            "source_file varchar, source_row integer, detail varchar, load_id varchar, "
            "status varchar, first_seen_at timestamp, last_seen_at timestamp)"
        )
        con.executemany(
            "insert into main.dq_findings values (?, ?, ?, null, null, null, null, ?, ?, "
            f"'{ROSTER_VALUES['name']} {ROSTER_VALUES['id_number']}', 'l', ?, null, null)",
            findings,
        )
        con.execute(
            "create table main.dq_build_runs as select 'run-1' as run_id, "
            "now()::timestamp as built_at"
        )


def _model(name: str, raw: list[str], refs: list[str], description: str, cols: list[str]) -> dict:
    return {
        "resource_type": "model",
        "name": name,
        "description": description,
        "columns": {c: {"description": f"{c} of {name}"} for c in cols},
        "depends_on": {
            "nodes": [f"source.p.raw.{t}" for t in raw] + [f"model.p.{r}" for r in refs]
        },
    }


def _key_test(mart: str, cols: list[str]) -> dict:
    return {
        "resource_type": "test",
        "attached_node": f"model.p.{mart}",
        "test_metadata": {"name": "unique_combination", "kwargs": {"combination_of_columns": cols}},
    }


def write_dbt_manifest(path: Path) -> Path:
    nodes = {
        "model.p.mart_teacher_year_credits": _model(
            "mart_teacher_year_credits",
            ["provincial_records", "roster"],
            [],
            "Grain: one record per teacher per year.",
            ["k_teacher", "year", "total_hours"],
        ),
        "model.p.mart_school_year_funding": _model(
            "mart_school_year_funding",
            ["school_funding"],
            [],
            "Grain: one record per school per year.",
            ["school_code", "year", "school_name", "training_spend_yuan"],
        ),
        "model.p.mart_county_year_funding": _model(
            "mart_county_year_funding",
            [],
            ["mart_school_year_funding"],
            "Grain: one record per county per year.",
            ["county", "year", "schools_training_spend_yuan"],
        ),
        "model.p.mart_lineage": _model(
            "mart_lineage",
            [],
            ["mart_teacher_year_credits", "mart_school_year_funding", "mart_county_year_funding"],
            "Grain: one record per mart row x source row.",
            ["mart_name", "mart_key"],
        ),
        "test.p.k1": _key_test("mart_teacher_year_credits", ["k_teacher", "year"]),
        "test.p.k2": _key_test("mart_school_year_funding", ["school_code", "year"]),
        "test.p.k3": _key_test("mart_county_year_funding", ["county", "year"]),
    }
    sources = {
        f"source.p.raw.{t}": {"resource_type": "source", "source_name": "raw", "name": t}
        for t in ("provincial_records", "roster", "school_funding")
    }
    path.write_text(json.dumps({"nodes": nodes, "sources": sources}), encoding="utf-8")
    return path
