"""Jobs, schedules and sensors: what starts a run without a person."""

import dagster as dg

FULL_PIPELINE = "full_pipeline"

full_pipeline = dg.define_asset_job(
    FULL_PIPELINE,
    selection=dg.AssetSelection.all(),
    description="Every asset and check, on whatever is in the landing folder.",
)

nightly_full_pipeline = dg.ScheduleDefinition(
    name="nightly_full_pipeline",
    job=full_pipeline,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.STOPPED,
)
