"""Two builds of the same raw rows give identical marts, to the last digit (hours and money are
decimals, so no float sum depends on the order threads add in)."""

from __future__ import annotations

import duckdb
from conftest import build_fixture

MARTS = (
    "select table_name from information_schema.tables "
    "where table_schema = 'main' and table_name like 'mart_%' order by 1"
)


def mart_digests(path) -> dict[str, str]:
    with duckdb.connect(str(path)) as con:  # same configuration as the fixtures' connections
        tables = [row[0] for row in con.execute(MARTS).fetchall()]
        return {
            table: con.execute(
                "select md5(coalesce(string_agg(cast(t as varchar), chr(10) "
                f"order by cast(t as varchar)), '')) from main.{table} as t"
            ).fetchone()[0]
            for table in tables
        }


def test_a_second_build_gives_byte_identical_marts(tmp_path_factory, wh, default_policy):
    again = build_fixture(
        tmp_path_factory, "default_policy_again", default_policy,
        args=("--exclude-resource-type", "unit_test", "--exclude-resource-type", "test"),
    )
    first, second = mart_digests(wh.path), mart_digests(again.path)
    assert len(first) >= 9
    assert first == second


def test_hours_and_money_columns_of_the_marts_are_decimals(wh):
    rows = wh.rows(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = 'main' and table_name like 'mart_%' "
        "and (column_name like '%hours%' or column_name like '%yuan%' or column_name like '%credits%') "
        "and column_name not like 'n\\_%' escape '\\' and column_name not like '%\\_rate' escape '\\' "
        "and column_name not like '%share%' and column_name not like 'meets%' "
        "and column_name not like '%pace%' "  # a ratio (hours a year), computed from the decimals
        "and column_name not like 'is\\_%' escape '\\' and data_type not like 'DECIMAL%' "
        "and data_type not in ('BOOLEAN', 'VARCHAR', 'INTEGER', 'BIGINT')"
    )
    assert rows == []
