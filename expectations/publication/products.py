"""The bureau products' marts in the publication: which of their rows an open error touches.

The product marts are built from the core marts, so mart_lineage traces a product row through
the core-mart rows it is built from (its parents) rather than repeating their source rows. A
product row is touched by the findings that touch its parents: a row built from one parent row
(a teacher's early warning, a school-year's appraisal, an enrolment's bulletin row) is withheld
like that parent; a roll-up over many parent rows (a school's warning summary, a provider's
year) is flagged like the county roll-ups.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

FLAGGED_PRODUCTS = ("mart_school_early_warning", "mart_provider_year_scorecard")


@dataclass(frozen=True)
class Product:
    mart: str
    key_columns: str  # mart_lineage.key_columns form: columns other than k_teacher, '|'-joined
    touched_sql: str  # (k_teacher, mart_key, rule_id, finding_id) of the touched rows


def _key(alias: str, *columns: str) -> str:
    return " || '|' || ".join(f"cast({alias}.{c} as varchar)" for c in columns)


_CYCLE = (
    "from {t} as t inner join main.mart_teacher_early_warning as m on m.k_teacher = t.k_teacher "
    "and cast(m.cycle_start_year as varchar) = t.mart_key "
    "where t.mart_name = 'mart_teacher_cycle_credits'"
)
_SCHOOL_YEAR = (
    "from {t} as t inner join main.{mart} as m on t.mart_key = "
    + _key("m", "school_code", "year")
    + " where t.mart_name = 'mart_school_year_participation'"
)
_PROJECT_YEAR = (
    "from {t} as t inner join main.mart_project_year_participation as p on t.mart_key = "
    + _key("p", "project_code", "year")
    + " {join} where t.mart_name = 'mart_project_year_participation'"
)

PRODUCTS: tuple[Product, ...] = (
    Product(
        "mart_teacher_early_warning",
        "cycle_start_year",
        "select t.k_teacher, t.mart_key, t.rule_id, t.finding_id " + _CYCLE,
    ),
    Product(
        "mart_school_early_warning",
        "school_code",
        "select '' as k_teacher, m.school_code, t.rule_id, t.finding_id "
        + _CYCLE
        + " and m.school_code is not null",
    ),
    Product(
        "mart_school_appraisal",
        "school_code|year|indicator",
        f"select '' as k_teacher, {_key('m', 'school_code', 'year', 'indicator')}, t.rule_id, "
        "t.finding_id " + _SCHOOL_YEAR.replace("{mart}", "mart_school_appraisal"),
    ),
    Product(
        "mart_school_appraisal_score",
        "school_code|year",
        "select '' as k_teacher, t.mart_key, t.rule_id, t.finding_id "
        + _SCHOOL_YEAR.replace("{mart}", "mart_school_appraisal_score"),
    ),
    Product(
        "mart_provider_year_scorecard",
        "provider|year",
        f"select '' as k_teacher, {_key('m', 'provider', 'year')}, t.rule_id, t.finding_id "
        + _PROJECT_YEAR.replace(
            "{join}",
            "inner join main.mart_provider_year_scorecard as m "
            "on m.provider = p.provider and m.year = p.year",
        ),
    ),
    # an enrolment's row: its project-year's findings on that teacher (or on no teacher)
    Product(
        "mart_project_school_bulletin",
        "project_code|year",
        "select m.k_teacher, t.mart_key, t.rule_id, t.finding_id "
        + _PROJECT_YEAR.replace(
            "{join}",
            "inner join main.mart_project_school_bulletin as m "
            "on m.project_code = p.project_code and m.year = p.year "
            "inner join main.dq_findings as f on f.finding_id = t.finding_id "
            "and (f.k_teacher is null or f.k_teacher = m.k_teacher)",
        ),
    ),
)


def _present(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'main' and table_name = ?",
            [table],
        ).fetchone()[0]
    )


def product_key_columns(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """{product mart: key_columns} of the product marts in the warehouse."""
    return {p.mart: p.key_columns for p in PRODUCTS if _present(con, p.mart)}


def add_product_rows(con: duckdb.DuckDBPyConnection, touched: str) -> None:
    """Append to the touched table the product rows its core-mart rows make touched."""
    for product in PRODUCTS:
        if not _present(con, product.mart):
            continue
        con.execute(
            f"insert into {touched} select distinct '{product.mart}', * from ("
            + product.touched_sql.replace("{t}", touched)
            + ")"
        )
