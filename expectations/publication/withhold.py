"""Withhold what is wrong, publish the rest.

A mart row is touched by an open error finding when one of its source rows in main.mart_lineage
(source_file, source_row) is the row the finding points at. Roll-ups inherit this through the
lineage (a county row lists its schools' source rows). Per mart (MART_MODES) touched rows are
withheld (left out) or flagged (kept, with the rule ids in `open_error_rules`). Error findings
that point at no published mart row (e.g. quarantined rows, which never reached a mart) are
listed in the manifest as not placed.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from expectations.findings import open_filter
from expectations.publication.products import (
    FLAGGED_PRODUCTS,
    add_product_rows,
    product_key_columns,
)

WITHHOLD = "withhold"
FLAG = "flag"
LINEAGE = "mart_lineage"
FLAG_COLUMN = "open_error_rules"
# County roll-ups are flagged rather than withheld: one bad school row would otherwise remove a
# whole county's figure; the flag says which rules touch it. Every other mart withholds.
MART_MODES: dict[str, str] = {
    "mart_county_year_funding": FLAG,
    "mart_county_year_participation": FLAG,
    **{mart: FLAG for mart in FLAGGED_PRODUCTS},
}
TOUCHED = "pub_touched"


def mode_of(mart: str) -> str:
    return MART_MODES.get(mart, WITHHOLD)


@dataclass(frozen=True)
class Withheld:
    mart: str
    rule_id: str
    action: str  # withheld | flagged
    rows: int
    findings: int


def compute_touched(con: duckdb.DuckDBPyConnection) -> None:
    """Temp table pub_touched: one row per (mart row, rule, finding) an open error touches."""
    try:
        con.execute("select 1 from main.mart_lineage, main.dq_findings limit 0")
    except duckdb.CatalogException:  # nothing to place findings on
        con.execute(
            f"create or replace temp table {TOUCHED} (mart_name varchar, k_teacher varchar, "
            "mart_key varchar, rule_id varchar, finding_id varchar)"
        )
        return
    con.execute(
        f"create or replace temp table {TOUCHED} as "
        "select distinct l.mart_name, coalesce(l.k_teacher, '') as k_teacher, l.mart_key, "
        "f.rule_id, f.finding_id "
        "from main.mart_lineage as l inner join main.dq_findings as f "
        "on f.source_file = l.source_file and f.source_row = l.source_row "
        f"where {open_filter('f')} and f.severity = 'error'"
    )
    add_product_rows(con, TOUCHED)


def key_expression(key_columns: str, alias: str = "m") -> str:
    """SQL of mart_lineage.mart_key for a mart row: its key columns joined by '|'."""
    parts = [f'cast({alias}."{c}" as varchar)' for c in key_columns.split("|") if c]
    return " || '|' || ".join(parts) if parts else "''"


def lineage_key_columns(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    try:
        con.execute("select 1 from main.mart_lineage limit 0")
    except duckdb.CatalogException:
        return {}
    return dict(
        con.execute("select distinct mart_name, key_columns from main.mart_lineage").fetchall()
    ) | product_key_columns(con)


def mart_select(
    con: duckdb.DuckDBPyConnection, mart: str, columns: list[str], key_columns: str | None
) -> str:
    """SELECT of what is published of one mart (withheld rows left out, or flagged)."""
    cols = ", ".join(f'm."{c}"' for c in columns)
    source = f'main."{mart}" as m'
    if mart == LINEAGE:
        return (
            f"select {cols} from {source} where not exists (select 1 from {TOUCHED} as t "
            "where t.mart_name = m.mart_name and t.mart_key = m.mart_key "
            "and t.k_teacher = coalesce(m.k_teacher, '') and t.mart_name not in ("
            + ", ".join(f"'{name}'" for name, mode in MART_MODES.items() if mode == FLAG)
            + "))"
        )
    if key_columns is None:  # no lineage for this mart: nothing can be placed on its rows
        flag = f', cast(null as varchar) as "{FLAG_COLUMN}"' if mode_of(mart) == FLAG else ""
        return f"select {cols}{flag} from {source}"
    teacher = "coalesce(m.k_teacher, '')" if "k_teacher" in columns else "''"
    flags = (
        f"(select k_teacher, mart_key, string_agg(distinct rule_id, ',' order by rule_id) as rules "
        f"from {TOUCHED} where mart_name = '{mart}' group by all) as t"
    )
    join = f"left join {flags} on t.mart_key = {key_expression(key_columns)} and t.k_teacher = {teacher}"
    if mode_of(mart) == FLAG:
        return f'select {cols}, t.rules as "{FLAG_COLUMN}" from {source} {join}'
    return f"select {cols} from {source} {join} where t.mart_key is null"


def withheld_summary(con: duckdb.DuckDBPyConnection, marts: list[str]) -> list[Withheld]:
    """Rows and findings per (mart, rule) among the published marts."""
    if not marts:
        return []
    rows = con.execute(
        f"select mart_name, rule_id, count(distinct (k_teacher, mart_key)), count(distinct finding_id) "
        f"from {TOUCHED} where mart_name in (select unnest(?::varchar[])) group by all order by 1, 2",
        [marts],
    ).fetchall()
    return [
        Withheld(m, r, "flagged" if mode_of(m) == FLAG else "withheld", int(n), int(f))
        for m, r, n, f in rows
    ]


def rows_touched(con: duckdb.DuckDBPyConnection, mart: str) -> int:
    return int(
        con.execute(
            f"select count(distinct (k_teacher, mart_key)) from {TOUCHED} where mart_name = ?",
            [mart],
        ).fetchone()[0]
    )


def unplaced_findings(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """{rule: open error findings} that touch no mart row."""
    try:
        con.execute("select 1 from main.dq_findings limit 0")
    except duckdb.CatalogException:
        return {}
    rows = con.execute(
        "select rule_id, count(*) from main.dq_findings as f "
        f"where {open_filter('f')} and f.severity = 'error' "
        f"and finding_id not in (select finding_id from {TOUCHED}) group by all order by 1"
    ).fetchall()
    return {r: int(n) for r, n in rows}
