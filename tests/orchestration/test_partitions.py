"""Yearly partitions: the dbt var of a partition range and the `dbt build` arguments.

The partitioned asset is not registered yet (see orchestration/defs/partitions.py)."""

from __future__ import annotations

import json

from orchestration.defs.partitions import (
    partition_vars,
    yearly_build_args,
    years_partitions,
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
