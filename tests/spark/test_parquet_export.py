"""`python -m ingest export-parquet`: the raw tables as Parquet folders, the hand-off to Spark."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb
import pytest

from ingest.cli import main as ingest_main
from ingest.loader import ensure_raw_schema
from ingest.parquet_export import export_parquet, exported_tables


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "training.duckdb"
    with duckdb.connect(str(path)) as con:
        ensure_raw_schema(con)
        con.execute(
            "insert into raw.seat_allocation (year, project_code, school_code, school_name, "
            "allocated_seats, source_file, source_sheet, source_row, load_id) values "
            "(2023, 'GP2023A', 'S01', '一中', 3, 'plan.xlsx', '名额', 4, 'L1'), "
            "(2023, 'GP2023A', 'S02', '二中', 2, 'plan.xlsx', '名额', 5, 'L1')"
        )
        con.execute(
            "insert into raw.training_plan (year, project_code, project_name, start_date, hours, "
            "source_file, source_row, load_id) values "
            "(2023, 'GP2023A', '国培计划', date '2023-03-01', 24.5, 'plan.xlsx', 3, 'L1')"
        )
    return path


def test_every_table_dbt_reads_lands_in_its_own_folder_with_its_rows(warehouse, tmp_path):
    out = tmp_path / "parquet"
    counts = export_parquet(warehouse, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(exported_tables())
    assert counts["seat_allocation"] == 2 and counts["training_plan"] == 1
    assert counts["roster"] == 0
    rows = duckdb.sql(
        f"select school_code, allocated_seats, source_row from '{out}/seat_allocation/*.parquet' "
        "order by school_code"
    ).fetchall()
    assert rows == [("S01", 3, 4), ("S02", 2, 5)]
    plan = duckdb.sql(f"select start_date, hours from '{out}/training_plan/*.parquet'").fetchall()
    assert plan == [(date(2023, 3, 1), 24.5)]
    assert not isinstance(plan[0][1], Decimal)  # types travel as the raw layer has them


def test_correction_answers_not_yet_loaded_are_exported_empty_with_their_columns(
    warehouse, tmp_path
):
    out = tmp_path / "parquet"
    export_parquet(warehouse, out)
    relation = duckdb.sql(f"select * from '{out}/correction_responses/*.parquet'")
    assert relation.fetchall() == []
    assert relation.columns[:3] == ["finding_id", "response_code", "response_label"]


def test_a_second_export_replaces_the_first_and_leaves_no_staging_behind(warehouse, tmp_path):
    out = tmp_path / "parquet"
    export_parquet(warehouse, out)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from raw.seat_allocation where school_code = 'S02'")
    counts = export_parquet(warehouse, out)
    assert counts["seat_allocation"] == 1
    exported = duckdb.sql(f"select count(*) from '{out}/seat_allocation/*.parquet'")
    assert exported.fetchall() == [(1,)]
    assert sorted(p.name for p in out.iterdir()) == sorted(exported_tables())


def test_a_warehouse_never_loaded_is_refused_in_one_line(tmp_path, capsys):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    code = ingest_main(["export-parquet", "--warehouse", str(empty), "--out", str(tmp_path / "o")])
    assert code == 2
    assert "has no raw.roster" in capsys.readouterr().err
    assert not (tmp_path / "o" / "roster").exists()
