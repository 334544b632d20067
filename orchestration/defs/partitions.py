"""Yearly partitions of the yearly marts: one `years` partition per year, one dbt asset.

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
import os
from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

from ingest.policy import load_policy
from orchestration.dbt_args import dbt_vars
from orchestration.defs.dbt import LayerTranslator, prepare_dbt
from orchestration.resources import PipelineSettings

YEARLY_SELECT = "tag:yearly"  # the dbt models partitioned by year (their config blocks)
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
    """`dbt build` with the policy and the years to rebuild as vars. dbt unit tests check the
    SQL, not the data: a partition's var would filter their expected rows away, so they run in
    the builds of every year only."""
    variables = {**dbt_vars(policy), **partition_vars(years)}
    args = ["build", "--vars", json.dumps(variables, ensure_ascii=False)]
    return args if years is None else [*args, "--exclude", "test_type:unit"]


def _run_range(context: dg.AssetExecutionContext) -> tuple[str | None, str | None]:
    if not context.has_partition_key and not context.has_partition_key_range:
        return None, None
    keys = context.partition_key_range
    return keys.start, keys.end


def later_years_rebuilt(
    keys: list[dg.AssetKey], last: str | None, years: tuple[int, int] | None, note: str
) -> Iterator[dg.AssetMaterialization]:
    """Materializations of the partitions after the run's range that it rebuilt as well."""
    if last is None or years is None:
        return
    for year in range(int(last) + 1, min(years[1], LAST_YEAR) + 1):
        for key in keys:
            yield dg.AssetMaterialization(
                asset_key=key, partition=str(year), metadata={"rebuilt_by": note}
            )


class YearlyTranslator(LayerTranslator):
    def get_tags(self, dbt_resource_props: Mapping[str, Any]) -> Mapping[str, str]:
        return {**super().get_tags(dbt_resource_props), **PARTITION_TAG}


def build_yearly_dbt_assets(project: DbtProject) -> dg.AssetsDefinition:
    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        select=YEARLY_SELECT,
        name="dbt_yearly_marts",
        partitions_def=years_partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),  # a range of years is one dbt run
        dagster_dbt_translator=YearlyTranslator(),
        pool="duckdb_writer",
    )
    def dbt_yearly_marts(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, settings: PipelineSettings
    ):
        os.environ["TT_WAREHOUSE"] = str(settings.locations.warehouse)
        os.environ.setdefault("DBT_INDIRECT_SELECTION", "buildable")  # as in defs/dbt.py
        settings.locations.warehouse.parent.mkdir(parents=True, exist_ok=True)
        policy = load_policy(settings.policy_path or None)
        first, last = _run_range(context)
        years = rebuild_years(first, last, policy)
        note = f"years {years[0]}..{years[1]}" if years else "every year"
        context.log.info(f"yearly marts: partitions {first}..{last} rebuild {note}")
        yield from dbt.cli(yearly_build_args(policy, years), context=context).stream()
        yield from later_years_rebuilt(
            sorted(context.selected_asset_keys), last, years, f"run of partitions {first}..{last}"
        )

    return dbt_yearly_marts


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[build_yearly_dbt_assets(prepare_dbt())])
