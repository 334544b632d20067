"""The bureau products in the analysts' publication: a product row is withheld (or, for a
roll-up over many rows, flagged) when an open error finding touches the core-mart row it is
built from. Hand warehouse, every expected row worked out below.

Lineage of the core marts (mart row <- source row):
  mart_teacher_cycle_credits       kA|2021 <- prov.xlsx:2     kB|2021 <- prov.xlsx:3
  mart_school_year_participation   S1|2023 <- prov.xlsx:2     S2|2023 <- prov.xlsx:3
  mart_project_year_participation  P1|2023 <- gp.xlsx:4       P2|2023 <- plan.xlsx:3
Findings: f1 HOURS_NEGATIVE error at prov.xlsx:2 (kA), f2 GP_BANNED_REENROLLED error at gp.xlsx:4
(kA), f3 SCHOOL_UNDER_5PCT warn at prov.xlsx:3 (a warning withholds nothing).
"""

from __future__ import annotations

import duckdb
import pytest

from expectations.publication import withhold

LINEAGE = [
    ("mart_teacher_cycle_credits", "cycle_start_year", "kA", "2021", "prov.xlsx", 2),
    ("mart_teacher_cycle_credits", "cycle_start_year", "kB", "2021", "prov.xlsx", 3),
    ("mart_school_year_participation", "school_code|year", None, "S1|2023", "prov.xlsx", 2),
    ("mart_school_year_participation", "school_code|year", None, "S2|2023", "prov.xlsx", 3),
    ("mart_project_year_participation", "project_code|year", None, "P1|2023", "gp.xlsx", 4),
    ("mart_project_year_participation", "project_code|year", None, "P2|2023", "plan.xlsx", 3),
]
FINDINGS = [
    ("f1", "HOURS_NEGATIVE", "error", "kA", "prov.xlsx", 2),
    ("f2", "GP_BANNED_REENROLLED", "error", "kA", "gp.xlsx", 4),
    ("f3", "SCHOOL_UNDER_5PCT", "warn", None, "prov.xlsx", 3),
]
MARTS = {
    "mart_project_year_participation": (
        "project_code varchar, year integer, provider varchar",
        [("P1", 2023, "机构甲"), ("P2", 2023, "机构乙")],
    ),
    "mart_teacher_early_warning": (
        "k_teacher varchar, cycle_start_year integer, school_code varchar",
        [("kA", 2021, "S1"), ("kB", 2021, "S1"), ("kC", 2021, "S2")],
    ),
    "mart_school_early_warning": ("school_code varchar", [("S1",), ("S2",)]),
    "mart_school_appraisal": (
        "school_code varchar, year integer, indicator varchar",
        [("S1", 2023, "send_rate"), ("S1", 2023, "pass_rate"), ("S2", 2023, "send_rate")],
    ),
    "mart_school_appraisal_score": (
        "school_code varchar, year integer",
        [("S1", 2023), ("S2", 2023)],
    ),
    "mart_provider_year_scorecard": (
        "provider varchar, year integer",
        [("机构甲", 2023), ("机构乙", 2023)],
    ),
    "mart_project_school_bulletin": (
        "project_code varchar, year integer, k_teacher varchar",
        [("P1", 2023, "kA"), ("P1", 2023, "kB"), ("P2", 2023, "kA")],
    ),
}


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    db = duckdb.connect()
    db.execute(
        "create table main.mart_lineage (mart_name varchar, key_columns varchar, "
        "k_teacher varchar, mart_key varchar, source_file varchar, source_row integer)"
    )
    db.executemany("insert into main.mart_lineage values (?, ?, ?, ?, ?, ?)", LINEAGE)
    db.execute(
        "create table main.dq_findings (finding_id varchar, rule_id varchar, severity varchar, "
        "k_teacher varchar, source_file varchar, source_row integer, status varchar)"
    )
    db.executemany("insert into main.dq_findings values (?, ?, ?, ?, ?, ?, 'open')", FINDINGS)
    for mart, (columns, rows) in MARTS.items():
        db.execute(f"create table main.{mart} ({columns})")
        marks = ", ".join("?" for _ in rows[0])
        db.executemany(f"insert into main.{mart} values ({marks})", rows)
    withhold.compute_touched(db)
    yield db
    db.close()


def _published(con: duckdb.DuckDBPyConnection, mart: str) -> list[tuple]:
    columns = [c for c, *_ in con.execute(f"describe main.{mart}").fetchall()]
    keys = withhold.lineage_key_columns(con)
    sql = withhold.mart_select(con, mart, columns, keys.get(mart))
    return sorted(con.execute(sql).fetchall(), key=str)


def test_a_teachers_early_warning_is_withheld_with_the_cycle_row_it_is_built_from(con):
    # kA's cycle row holds prov.xlsx:2 (f1): kA's warning row is left out
    assert _published(con, "mart_teacher_early_warning") == [("kB", 2021, "S1"), ("kC", 2021, "S2")]


def test_a_schools_warning_summary_is_flagged_with_the_rules_on_its_teachers(con):
    assert _published(con, "mart_school_early_warning") == [
        ("S1", "HOURS_NEGATIVE"),
        ("S2", None),
    ]


def test_appraisal_rows_are_withheld_with_their_school_year(con):
    # S1|2023 holds prov.xlsx:2 (f1); S2|2023 only a warning
    assert _published(con, "mart_school_appraisal") == [("S2", 2023, "send_rate")]
    assert _published(con, "mart_school_appraisal_score") == [("S2", 2023)]


def test_a_providers_year_is_flagged_with_the_rules_on_its_projects(con):
    assert _published(con, "mart_provider_year_scorecard") == [
        ("机构乙", 2023, None),
        ("机构甲", 2023, "GP_BANNED_REENROLLED"),
    ]


def test_a_bulletin_row_is_withheld_only_for_the_teacher_the_projects_finding_names(con):
    # P1|2023 holds gp.xlsx:4 (f2, on kA): kA's P1 row goes; kB's P1 row and kA's P2 row stay
    assert _published(con, "mart_project_school_bulletin") == [
        ("P1", 2023, "kB"),
        ("P2", 2023, "kA"),
    ]


def test_the_manifest_counts_the_product_rows_per_rule(con):
    products = [m for m in MARTS if m != "mart_project_year_participation"]
    summary = [
        (w.mart, w.rule_id, w.action, w.rows, w.findings)
        for w in withhold.withheld_summary(con, products)
    ]
    assert summary == [
        ("mart_project_school_bulletin", "GP_BANNED_REENROLLED", "withheld", 1, 1),
        ("mart_provider_year_scorecard", "GP_BANNED_REENROLLED", "flagged", 1, 1),
        ("mart_school_appraisal", "HOURS_NEGATIVE", "withheld", 2, 1),
        ("mart_school_appraisal_score", "HOURS_NEGATIVE", "withheld", 1, 1),
        ("mart_school_early_warning", "HOURS_NEGATIVE", "flagged", 1, 1),
        ("mart_teacher_early_warning", "HOURS_NEGATIVE", "withheld", 1, 1),
    ]
