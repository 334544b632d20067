"""The Dagster code location: raw files -> raw tables -> dbt models -> checks -> auditors' report.

Run `make ui` (dagster dev -m orchestration.definitions) to see the graph; `make run` runs it all.
"""

from __future__ import annotations

import dagster as dg

from orchestration.assets.dbt import dbt_models
from orchestration.assets.ingest import landing_files, raw_tables
from orchestration.assets.publish import PUBLISH_ASSETS
from orchestration.assets.report import auditors_report
from orchestration.checks.gx import gx_mart_suites, mart_suite_results
from orchestration.checks.rules import build_rule_checks
from orchestration.checks.sources import SOURCE_CHECKS
from orchestration.resources import build_resources
from orchestration.settings import Locations

FULL_PIPELINE = "full_pipeline"


def build_defs(locations: Locations | None = None) -> dg.Definitions:
    """The whole code location; tests pass their own locations, `make` uses TT_* variables."""
    full_pipeline = dg.define_asset_job(
        FULL_PIPELINE,
        selection=dg.AssetSelection.all(),
        description="Every asset and check, on whatever is in the landing folder.",
    )
    return dg.Definitions(
        assets=[landing_files, raw_tables, dbt_models, mart_suite_results, auditors_report,
                *PUBLISH_ASSETS],
        asset_checks=[*build_rule_checks(), gx_mart_suites, *SOURCE_CHECKS],
        jobs=[full_pipeline],
        schedules=[
            dg.ScheduleDefinition(
                name="nightly_full_pipeline",
                job=full_pipeline,
                cron_schedule="0 2 * * *",
                execution_timezone="Asia/Shanghai",
                default_status=dg.DefaultScheduleStatus.STOPPED,
            )
        ],
        resources=build_resources(locations),
        executor=dg.in_process_executor,
    )


defs = build_defs()
