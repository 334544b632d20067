"""Jobs, schedules and sensors: what starts a run without a person.

On by default (DefaultScheduleStatus / DefaultSensorStatus RUNNING) wherever the daemon runs
(`dg dev`, `make ui`, or `dagster-daemon run` in a deployment); TT_AUTOMATION=off starts them
stopped (tests, a laptop that only browses the catalogue). The UI can still switch each one.
"""

import os
from pathlib import Path

import dagster as dg

from orchestration.defs.incremental import CHANGED_TABLES, FILES_READ, follow_up_selection
from orchestration.defs.partitions import EVERY_YEAR_TAGS
from orchestration.landing_watch import evaluate
from orchestration.operator_log import append_failure, failure_line
from orchestration.resources import PipelineSettings
from orchestration.run_status import tag_run

FULL_PIPELINE = "full_pipeline"
LOAD_LANDING = "load_landing"
LOAD_MANIFEST = dg.AssetKey(["raw", "load_manifest"])
WEEKLY_REPORT = "weekly_auditors_report"
TIMEZONE = "Asia/Shanghai"


def automation_on() -> bool:
    return os.environ.get("TT_AUTOMATION", "on").strip().lower() not in ("off", "0", "false", "no")


def schedule_status() -> dg.DefaultScheduleStatus:
    return dg.DefaultScheduleStatus.RUNNING if automation_on() else dg.DefaultScheduleStatus.STOPPED


def sensor_status() -> dg.DefaultSensorStatus:
    return dg.DefaultSensorStatus.RUNNING if automation_on() else dg.DefaultSensorStatus.STOPPED


def settle_seconds() -> float:
    return float(os.environ.get("TT_LANDING_SETTLE_SECONDS", "60"))


full_pipeline = dg.define_asset_job(
    FULL_PIPELINE,
    selection=dg.AssetSelection.all(),
    description="Every asset and check, on whatever is in the landing folder (every year of the "
    "yearly marts).",
    run_tags=EVERY_YEAR_TAGS,
)

load_landing = dg.define_asset_job(
    LOAD_LANDING,
    selection=dg.AssetSelection.groups("raw"),
    description="Ingest only: the new or changed files of the landing folder into the raw tables; "
    "rebuild_after_load then rebuilds what the load changed.",
)

weekly_auditors_report = dg.define_asset_job(
    WEEKLY_REPORT,
    selection=dg.AssetSelection.assets("mart_suite_results", "auditors_report"),
    description="The auditors' GX suites, report and per-school correction workbooks, from the "
    "marts the nightly run built.",
)

nightly_full_pipeline = dg.ScheduleDefinition(
    name="nightly_full_pipeline",
    job=full_pipeline,
    cron_schedule="0 2 * * *",
    execution_timezone=TIMEZONE,
    default_status=schedule_status(),
    description="02:00 Beijing time: load whatever landed, rebuild, check, publish, report.",
)

weekly_auditors_report_schedule = dg.ScheduleDefinition(
    name="weekly_auditors_report",
    job=weekly_auditors_report,
    cron_schedule="0 7 * * 1",
    execution_timezone=TIMEZONE,
    default_status=schedule_status(),
    description="Monday 07:00 Beijing time: the auditors' report and correction workbooks.",
)


@dg.sensor(
    job=load_landing,
    minimum_interval_seconds=60,
    default_status=sensor_status(),
    description="A new or changed export in TT_LANDING_DIR (sub-folders too) requests a load once "
    "it has stopped changing; temp and Office lock files are ignored; files stay where they are.",
)
def landing_sensor(context: dg.SensorEvaluationContext, settings: PipelineSettings):
    landing = Path(settings.landing_dir)
    tick = evaluate(landing, context.cursor, settle_seconds=settle_seconds())
    for rel, reason in tick.unreadable.items():
        context.log.warning(f"landing file {rel} not read yet: {reason}")
    context.update_cursor(tick.cursor)
    if not tick.ready:
        parts = [f"{len(tick.waiting)} file(s) still being written"] if tick.waiting else []
        parts += [f"{rel}: {reason}" for rel, reason in tick.unreadable.items()]
        return dg.SkipReason("; ".join(parts) or f"nothing new in {landing}")
    return dg.RunRequest(
        run_key=tick.run_key(),
        tags={"landing/new_or_changed_files": str(len(tick.ready))},
    )


def load_run_changes(instance: dg.DagsterInstance, run_id: str) -> tuple[list[str], list[str]]:
    """(changed raw tables, files read) of a load run, from its raw/load_manifest metadata."""
    for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION):
        event = record.asset_materialization
        if event is not None and event.asset_key == LOAD_MANIFEST:
            meta = event.metadata
            changed = meta.get(CHANGED_TABLES)
            read = meta.get(FILES_READ)
            return list(changed.value if changed else []), list(read.value if read else [])
    return [], []


def rebuild_request(
    asset_graph, load_run_id: str, changed: list[str], read: list[str]
) -> dg.RunRequest | dg.SkipReason:
    """The run that rebuilds what a load changed: every asset downstream of its raw tables."""
    if not changed:
        return dg.SkipReason(f"load run {load_run_id} changed no raw table ({len(read)} file(s) read)")
    keys = follow_up_selection(changed).resolve(asset_graph)
    return dg.RunRequest(
        run_key=f"after-load-{load_run_id}",
        asset_selection=sorted(keys),
        tags={
            "incremental/after_load_run": load_run_id,
            "incremental/files_read": str(len(read)),
            "incremental/changed_tables": ",".join(changed),
            "incremental/assets_selected": str(len(keys)),
        },
    )


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[load_landing],
    request_job=full_pipeline,
    default_status=sensor_status(),
)
def rebuild_after_load(context: dg.RunStatusSensorContext):
    """A successful load -> a run of full_pipeline on only what it changed: the dbt models
    downstream of the raw tables it wrote (and their checks), the publication and the report."""
    run_id = context.dagster_run.run_id
    changed, read = load_run_changes(context.instance, run_id)
    return rebuild_request(context.repository_def.asset_graph, run_id, changed, read)


@dg.run_failure_sensor(default_status=sensor_status())
def failed_run_to_log(context: dg.RunFailureSensorContext):
    """A failed run of this code location -> one line in the operator's failure log."""
    run = context.dagster_run
    failed_steps = sorted({e.step_key for e in context.get_step_failure_events() if e.step_key})
    detail = context.failure_event.message or "failed"
    if failed_steps:
        detail += f" failed steps: {', '.join(failed_steps)}"
    append_failure(failure_line("FAILED", run.run_id, run.job_name, detail))


@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS, default_status=sensor_status())
def error_checks_to_run_tag(context: dg.RunStatusSensorContext):
    """A successful run whose ERROR checks failed: tagged quality/status=error_checks_failed and
    logged, so it is not shown or read as a plain success (orchestration/run_status.py)."""
    run = context.dagster_run
    failed = tag_run(context.instance, run.run_id)
    if failed:
        detail = f"{len(failed)} ERROR check(s) failed: {', '.join(failed[:10])}"
        append_failure(failure_line("ERROR_CHECKS", run.run_id, run.job_name, detail))
