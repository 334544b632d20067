"""Yearly partitions: the dbt var of a partition range, one partition and a two-year backfill.

The fixture is tests/e2e/landing_fixture.py (one county, funding for 2023). After a full run the
test plants a row for 2021 and changes the 2023 rows of mart_school_year_funding by hand: a run of
partition 2023 restores exactly the 2023 rows and leaves 2021 alone; a backfill of 2021..2022
removes the planted 2021 row (no source row has that year) and leaves 2023 alone.
"""

from __future__ import annotations

import json
from decimal import Decimal

import dagster as dg
import duckdb
import pytest

from orchestration.definitions import FULL_PIPELINE, build_defs
from orchestration.defs.partitions import (
    partition_vars,
    yearly_build_args,
    years_partitions,
)
from orchestration.settings import Locations
from tests.e2e import landing_fixture as fx

YEARLY = (
    "mart_teacher_year_credits",
    "mart_county_year_funding",
    "mart_school_year_funding",
    "mart_county_year_participation",
    "mart_school_year_participation",
    "mart_project_year_participation",
)


def test_partition_range_becomes_the_dbt_var_in_year_order():
    assert partition_vars("2023", "2022") == {"partition_years": {"from": 2022, "to": 2023}}
    assert partition_vars("2022", "2022") == {"partition_years": {"from": 2022, "to": 2022}}
    assert partition_vars(None, None) == {}


def test_yearly_build_args_carry_policy_and_years():
    args = yearly_build_args({"as_of_date": "2024-08-31"}, "2021", "2022")
    assert args[:2] == ["build", "--vars"]
    assert json.loads(args[2]) == {
        "policy": {"as_of_date": "2024-08-31"},
        "partition_years": {"from": 2021, "to": 2022},
    }


def test_years_partitions_offer_the_sample_years():
    keys = years_partitions.get_partition_keys()
    assert {"2021", "2022", "2023"} <= set(keys)
    assert keys == sorted(keys)


@pytest.fixture(scope="module")
def full_run(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    for name in ("TT_HASH_KEY", "TT_HASH_KEY_FILE", "TT_POLICY"):
        mp.delenv(name, raising=False)
    root = tmp_path_factory.mktemp("partitions")
    loc = Locations(root / "landing", root / "warehouse" / "t.duckdb", root / "reports")
    fx.write_landing(loc.landing_dir)
    defs = build_defs(loc)
    result = defs.resolve_job_def(FULL_PIPELINE).execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )
    yield loc, defs, result
    mp.undo()


def _sql(loc: Locations, sql: str) -> list[tuple]:
    with duckdb.connect(str(loc.warehouse)) as con:
        return con.execute(sql).fetchall()


def _yearly_job(defs: dg.Definitions) -> dg.JobDefinition:
    keys = [dg.AssetKey([m]) for m in YEARLY]
    return defs.resolve_implicit_global_asset_job_def().get_subset(asset_selection=set(keys))


@pytest.mark.slow
def test_full_run_builds_the_yearly_marts_as_incremental_tables(full_run):
    loc, _defs, result = full_run
    assert result.success
    rows = _sql(loc, "select year, school_code from mart_school_year_funding order by 2")
    assert rows == [(2023, fx.S1), (2023, fx.S2)]


@pytest.mark.slow
def test_partition_and_two_year_backfill_replace_only_their_years(full_run):
    loc, defs, _ = full_run
    before = _sql(loc, "select school_code, training_spend_yuan from mart_school_year_funding "
                       "where year = 2023 order by 1")
    planted = (
        "insert into mart_school_year_funding (school_code, year, training_spend_yuan) "
        "select school_code, 2021, 1 from mart_school_year_funding where year = 2023 limit 1"
    )
    _sql(loc, planted)
    _sql(loc, "update mart_school_year_funding set training_spend_yuan = -7 where year = 2023")

    job = _yearly_job(defs)
    one = job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), partition_key="2023")
    assert one.success
    assert _sql(loc, "select school_code, training_spend_yuan from mart_school_year_funding "
                     "where year = 2023 order by 1") == before
    assert _sql(loc, "select training_spend_yuan from mart_school_year_funding where year = 2021") \
        == [(Decimal("1.00"),)]

    backfill = job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        tags={"dagster/asset_partition_range_start": "2021",
              "dagster/asset_partition_range_end": "2022"},
    )
    assert backfill.success
    assert _sql(loc, "select count(*) from mart_school_year_funding where year = 2021") == [(0,)]
    assert _sql(loc, "select school_code, training_spend_yuan from mart_school_year_funding "
                     "where year = 2023 order by 1") == before
    materialized = {
        e.asset_key.path[-1] for e in backfill.get_asset_materialization_events()
    }
    assert materialized == set(YEARLY)
