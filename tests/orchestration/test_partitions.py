"""Yearly partitions: which years a partition rebuilds, one partition and a two-year backfill.

The runs work on a copy of the session's hand run (tests/e2e/hand_run.py: the hand landing folder
through the whole job, every year). The full build's rows of each yearly mart are the reference:
the test deletes the 2022 and 2023 rows of every yearly mart and leaves a stale copy of a row under
2022; partition 2023 (which also rebuilds 2024, the rest of its cycle) brings back exactly the 2023
rows and leaves 2022 as it was; a backfill of 2021..2022 (one run, rebuilding 2021..2024)
then gives exactly the full build's rows.
"""

from __future__ import annotations

import json

import dagster as dg
import duckdb
import pytest
from dagster._core.execution.api import create_execution_plan

from orchestration.definitions import build_defs
from orchestration.defs.partitions import (
    FIRST_YEAR,
    LAST_YEAR,
    RANGE_END_TAG,
    RANGE_START_TAG,
    last_school_year_of_cycle,
    partition_vars,
    rebuild_years,
    yearly_build_args,
    years_partitions,
)

POLICY = {"cycle_start_year": 2021, "cycle_length_years": 5, "school_year_start_month": 9}
YEAR_COLUMN = {
    "mart_teacher_year_credits": "school_year_start",
    "mart_county_year_funding": "year",
    "mart_school_year_funding": "year",
    "mart_county_year_participation": "year",
    "mart_school_year_participation": "year",
    "mart_project_year_participation": "year",
}


def test_a_school_year_belongs_to_the_cycle_of_the_year_it_ends_in():
    # cycles 2021-2025: school years 2020-2021 .. 2024-2025
    assert last_school_year_of_cycle(2020, POLICY) == 2024
    assert last_school_year_of_cycle(2022, POLICY) == 2024
    assert last_school_year_of_cycle(2024, POLICY) == 2024
    assert last_school_year_of_cycle(2025, POLICY) == 2029  # 2025-2026 ends in 2026: next cycle
    assert last_school_year_of_cycle(2019, POLICY) == 2019  # 2019-2020 ends the 2016 cycle
    calendar = {**POLICY, "school_year_start_month": 1}
    assert last_school_year_of_cycle(2022, calendar) == 2025
    assert last_school_year_of_cycle(2026, calendar) == 2030


def test_a_partition_rebuilds_its_years_and_the_rest_of_their_cycle():
    assert rebuild_years("2023", "2023", POLICY) == (2023, 2024)
    assert rebuild_years("2022", "2021", POLICY) == (2021, 2024)
    assert rebuild_years("2019", "2019", POLICY) == (2019, 2019)
    assert rebuild_years("2025", "2026", POLICY) == (2025, 2029)


def test_an_unpartitioned_run_or_every_partition_rebuilds_every_year():
    assert rebuild_years(None, None, POLICY) is None
    assert rebuild_years(str(FIRST_YEAR), str(LAST_YEAR), POLICY) is None
    assert partition_vars(None) == {}


def test_yearly_build_args_carry_policy_and_years():
    args = yearly_build_args({"as_of_date": "2024-08-31"}, (2021, 2024))
    assert args[:2] == ["build", "--vars"]
    assert json.loads(args[2]) == {
        "policy": {"as_of_date": "2024-08-31"},
        "partition_years": {"from": 2021, "to": 2024},
    }
    assert args[3:] == ["--exclude", "test_type:unit"]  # the test suite runs them
    assert yearly_build_args({}, None)[3:] == ["--exclude", "test_type:unit"]


def test_years_partitions_offer_the_sample_years():
    keys = years_partitions.get_partition_keys()
    assert {"2021", "2022", "2023"} <= set(keys)
    assert keys == sorted(keys)


def test_the_yearly_marts_are_the_partitioned_part_of_the_one_dbt_asset():
    defs = build_defs()
    graph = defs.resolve_asset_graph()
    partitioned = {k.path[-1] for k in graph.get_all_asset_keys()
                   if graph.get(k).partitions_def is not None}
    assert partitioned == set(YEAR_COLUMN)
    dbt_asset = defs.resolve_assets_def(dg.AssetKey("mart_school_year_funding"))
    assert dbt_asset is defs.resolve_assets_def(dg.AssetKey("int_training_records"))
    assert graph.get(dg.AssetKey("int_training_records")).partitions_def is None
    job = defs.resolve_job_def("full_pipeline")
    assert {dg.AssetKey(m) for m in YEAR_COLUMN} <= job.asset_layer.selected_asset_keys
    # the whole dbt project is one step of a full run: one dbt start-up and manifest load
    steps = [s.key for s in create_execution_plan(job).get_steps_to_execute_in_topo_order()]
    assert [key for key in steps if key.startswith("dbt")] == ["dbt_models"]


def _rows(warehouse, mart: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return sorted(con.execute(f"select * from main.{mart}").fetchall(), key=repr)


def _of_years(rows: list[tuple], index: int, years: set[int]) -> list[tuple]:
    return [r for r in rows if r[index] in years]


def _year_index(warehouse, mart: str) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = [c[0] for c in con.execute(f"select * from main.{mart} limit 0").description]
    return names.index(YEAR_COLUMN[mart])


def _tamper(warehouse) -> None:
    """2022 and 2023 rows deleted; one stale row (a copy of a latest-year row) left under 2022."""
    with duckdb.connect(str(warehouse)) as con:
        for mart, column in YEAR_COLUMN.items():
            con.execute(
                f"create temp table stale as select * replace (2022 as {column}) "
                f"from main.{mart} where {column} = (select max({column}) from main.{mart}) limit 1"
            )
            con.execute(f"delete from main.{mart} where {column} in (2022, 2023)")
            con.execute(f"insert into main.{mart} select * from stale")
            con.execute("drop table stale")


@pytest.fixture(scope="module")
def partition_runs(hand_run, tmp_path_factory):
    """Partition 2023, then a backfill of 2021..2022, on a tampered copy of the hand run."""
    root = tmp_path_factory.mktemp("partitions")
    loc = hand_run.copy(root)
    full = {m: _rows(hand_run.loc.warehouse, m) for m in YEAR_COLUMN}
    _tamper(loc.warehouse)
    tampered = {m: _rows(loc.warehouse, m) for m in YEAR_COLUMN}
    with hand_run.environment(root):
        defs = build_defs(loc)
        # the yearly marts of the dbt asset, with the copy's resources bound by build_defs
        dbt_asset = defs.resolve_assets_def(dg.AssetKey("mart_school_year_funding"))
        yearly = [dg.AssetKey(m) for m in YEAR_COLUMN]
        one = dg.materialize([dbt_asset], selection=yearly, partition_key="2023",
                             instance=dg.DagsterInstance.get(), raise_on_error=False)
        after_one = {m: _rows(loc.warehouse, m) for m in YEAR_COLUMN}
        backfill = dg.materialize(
            [dbt_asset], selection=yearly, instance=dg.DagsterInstance.get(), raise_on_error=False,
            tags={RANGE_START_TAG: "2021", RANGE_END_TAG: "2022"},
        )
    after_backfill = {m: _rows(loc.warehouse, m) for m in YEAR_COLUMN}
    return loc, full, tampered, one, after_one, backfill, after_backfill


@pytest.mark.slow
def test_one_partition_replaces_exactly_its_years(partition_runs):
    loc, full, tampered, one, after_one, _, _ = partition_runs
    assert one.success
    for mart in YEAR_COLUMN:
        i = _year_index(loc.warehouse, mart)
        # 2023 and 2024 (the rest of its cycle) are the full build's again ...
        assert _of_years(after_one[mart], i, {2023, 2024}) == _of_years(full[mart], i, {2023, 2024})
        # ... and every other year is as tampered: 2022 holds only the stale row
        others = set(range(2000, 2040)) - {2023, 2024}
        assert _of_years(after_one[mart], i, others) == _of_years(tampered[mart], i, others), mart
        assert len(_of_years(after_one[mart], i, {2022})) == 1, mart


@pytest.mark.slow
def test_two_year_backfill_gives_the_full_builds_rows(partition_runs):
    _loc, full, _, _, _, backfill, after_backfill = partition_runs
    assert backfill.success
    for mart in YEAR_COLUMN:
        assert after_backfill[mart] == full[mart], mart
    partitions = {
        (e.asset_key.path[-1], e.partition) for e in backfill.get_asset_materialization_events()
    }
    # the run's two years, and 2023 and 2024: the rest of the cycle, rebuilt with them
    assert partitions == {(m, y) for m in YEAR_COLUMN for y in ("2021", "2022", "2023", "2024")}
