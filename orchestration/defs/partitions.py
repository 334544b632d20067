"""Yearly partitions of the yearly marts (issue 12): one `years` partition per year.

NOT REGISTERED in the code location yet: with the yearly marts as this partitioned dbt asset,
an unpartitioned run (`make run`, full_pipeline) fails in Dagster when it records the dbt tests'
check results on a partitioned asset ("Cannot access partition_key for a non-partitioned run").
The dbt side works without it: the models are incremental and read the var `partition_years`.

The year means what each mart is keyed by: the school year a teacher's credits fall in
(mart_teacher_year_credits.school_year_start: 2022 = 2022-2023), the calendar / budget year of the
funding marts and the plan year of the participation marts. One partitions definition for all
of them, so `full_pipeline` (every asset) stays one job: an unpartitioned run builds every year,
a partitioned run or a backfill (one run per range) rebuilds only its years. The years reach dbt
as the var `partition_years`, read by dbt_project/macros/partitions.sql (incremental models tagged
`yearly`: the run's years are deleted and inserted again).

Backfill from the CLI (from the repository root, DAGSTER_HOME set as by the Makefile):
    dagster asset materialize -m orchestration.definitions \
        --select 'tag:dagster/partitioned' --partition-range 2022...2023
or from the UI: select the yearly marts, Materialize, pick a range of years (one run).
"""

import json
import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

from ingest.policy import load_policy
from orchestration.dbt_args import dbt_vars
from orchestration.defs.dbt import LayerTranslator
from orchestration.resources import PipelineSettings

YEARLY_SELECT = "tag:yearly"  # the dbt models partitioned by year (their config blocks)
FIRST_YEAR, LAST_YEAR = 2016, 2035  # school / budget / plan years the partitions offer

years_partitions = dg.StaticPartitionsDefinition([str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)])


def partition_vars(first: str | None, last: str | None) -> dict[str, Any]:
    """The dbt var of a partition range ({} for an unpartitioned run: every year is rebuilt)."""
    if first is None or last is None:
        return {}
    lo, hi = sorted((int(first), int(last)))
    return {"partition_years": {"from": lo, "to": hi}}


def yearly_build_args(policy: Mapping[str, Any], first: str | None, last: str | None) -> list[str]:
    """`dbt build` with the policy and the partition's years as vars."""
    variables = {**dbt_vars(policy), **partition_vars(first, last)}
    return ["build", "--vars", json.dumps(variables, ensure_ascii=False)]


def _run_range(context: dg.AssetExecutionContext) -> tuple[str | None, str | None]:
    if not context.has_partition_key and not context.has_partition_key_range:
        return None, None
    keys = context.partition_key_range
    return keys.start, keys.end


class YearlyTranslator(LayerTranslator):
    def get_tags(self, dbt_resource_props: Mapping[str, Any]) -> Mapping[str, str]:
        return {**super().get_tags(dbt_resource_props), "partition": "year"}


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
        # as in orchestration/defs/dbt.py
        os.environ.setdefault("DBT_INDIRECT_SELECTION", "buildable")
        # as in orchestration/defs/dbt.py
        settings.locations.warehouse.parent.mkdir(parents=True, exist_ok=True)
        first, last = _run_range(context)
        context.log.info(
            f"yearly marts: years {first}..{last}" if first else "yearly marts: every year"
        )
        policy = load_policy(settings.policy_path or None)
        yield from dbt.cli(yearly_build_args(policy, first, last), context=context).stream()

    return dbt_yearly_marts


