"""Yearly partitions of the yearly marts: one `years` partition per year (pure pieces).

The yearly marts are dbt models tagged `yearly`; they live in the one dbt asset of
orchestration/defs/dbt.py, whose translator gives them `years_partitions` (the other models stay
unpartitioned), so a full run builds the whole project in one `dbt build`.

The year means what each mart is keyed by: the school year a teacher's credits fall in
(mart_teacher_year_credits.school_year_start: 2022 = 2022-2023), the calendar / budget year of the
funding marts and the plan year of the participation marts. The years reach dbt as the var
`partition_years`, read by dbt_project/macros/partitions.sql (incremental models tagged `yearly`:
the run's years are deleted and inserted again in one transaction).

Which years a partition rebuilds (`rebuild_years`): a teacher's credits in school year Y depend on
the earlier school years of the same cycle (online and cycle caps fill the earliest years first),
so when Y's records change, the credits of every later school year of Y's cycle may change too.
A run of partitions a..b therefore rebuilds a .. the last school year of b's cycle, and records
those later years as materialized as well. A run over every partition passes no var: every year is
rebuilt, including years outside the partitions offered. `full_pipeline` (make run, the schedules,
the rebuild after a load) is such a run: its runs carry EVERY_YEAR_TAGS.

Backfill from the CLI (repository root, DAGSTER_HOME as the Makefile sets it), one run per range:
    .venv/bin/dagster asset materialize -m orchestration.definitions \
        --select 'tag:partition=year' --partition-range 2021...2022
or from the UI: select the yearly marts, Materialize, pick a range of years (one run).
"""

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import dagster as dg

from orchestration.dbt_args import dbt_vars, without_unit_tests

YEARLY_TAG = "yearly"  # the dbt tag of the models partitioned by year (their config blocks)
FIRST_YEAR, LAST_YEAR = 2016, 2035  # school / budget / plan years the partitions offer
PARTITION_TAG = {"partition": "year"}

years_partitions = dg.StaticPartitionsDefinition([str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)])
# A run of every asset is a run over every year: Dagster records a check result on a partitioned
# asset only in a partitioned run ("Cannot access partition_key for a non-partitioned run"), and
# the UI then shows every year as materialized. rebuild_years maps this range to "every year".
RANGE_START_TAG, RANGE_END_TAG = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"
EVERY_YEAR_TAGS = {RANGE_START_TAG: str(FIRST_YEAR), RANGE_END_TAG: str(LAST_YEAR)}


def last_school_year_of_cycle(school_year_start: int, policy: Mapping[str, Any]) -> int:
    """The last school year (by its start year) of the cycle that school year belongs to.

    A school year belongs to the cycle containing the calendar year it ends in
    (dbt_project/macros/school_year.sql): with cycles 2021-2025 and September starts, school year
    2022 (2022-2023) belongs to the 2021 cycle, whose last school year is 2024 (2024-2025)."""
    september_like = int(policy.get("school_year_start_month", 9)) != 1
    ends_in = school_year_start + (1 if september_like else 0)
    start, length = int(policy["cycle_start_year"]), int(policy["cycle_length_years"])
    cycle_end = start + ((ends_in - start) // length) * length + length - 1
    return cycle_end - (1 if september_like else 0)


def rebuild_years(
    first: str | None, last: str | None, policy: Mapping[str, Any]
) -> tuple[int, int] | None:
    """The years a run of partitions first..last rebuilds; None: every year."""
    if first is None or last is None:
        return None
    lo, hi = sorted((int(first), int(last)))
    if (lo, hi) == (FIRST_YEAR, LAST_YEAR):
        return None
    return lo, max(hi, last_school_year_of_cycle(hi, policy))


def partition_vars(years: tuple[int, int] | None) -> dict[str, Any]:
    """The dbt var of the years to rebuild ({}: every year)."""
    if years is None:
        return {}
    return {"partition_years": {"from": years[0], "to": years[1]}}


def yearly_build_args(policy: Mapping[str, Any], years: tuple[int, int] | None) -> list[str]:
    """`dbt build` with the policy and the years to rebuild as vars, without dbt's unit tests
    (orchestration/dbt_args.py: the test suite runs them; a partition's var would also filter
    their expected rows away)."""
    variables = {**dbt_vars(policy), **partition_vars(years)}
    return without_unit_tests(["build", "--vars", json.dumps(variables, ensure_ascii=False)])


def is_yearly(dbt_resource_props: Mapping[str, Any]) -> bool:
    return YEARLY_TAG in (dbt_resource_props.get("tags") or [])


def run_range(context: dg.AssetExecutionContext) -> tuple[str | None, str | None]:
    """The run's first and last partition; (None, None) in an unpartitioned run."""
    if not context.has_partition_key and not context.has_partition_key_range:
        return None, None
    keys = context.partition_key_range
    return keys.start, keys.end


def later_years_rebuilt(
    keys: Iterable[dg.AssetKey], last: str | None, years: tuple[int, int] | None, note: str
) -> Iterator[dg.AssetMaterialization]:
    """Materializations of the partitions after the run's range that it rebuilt as well."""
    if last is None or years is None:
        return
    for year in range(int(last) + 1, min(years[1], LAST_YEAR) + 1):
        for key in sorted(keys):
            yield dg.AssetMaterialization(
                asset_key=key, partition=str(year), metadata={"rebuilt_by": note}
            )
