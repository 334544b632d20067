"""The landing sensor, the schedules, the run-quality tag and the operator's failure log."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest

from orchestration.defs import automation
from orchestration.landing_watch import evaluate, is_temporary
from orchestration.operator_log import append_failure, failure_line
from orchestration.resources import PipelineSettings
from orchestration.run_status import QUALITY_TAG, tag_run

OLD = time.time() - 3600  # an mtime an hour ago: settled


def _settings(landing: Path, tmp_path: Path) -> PipelineSettings:
    return PipelineSettings(
        landing_dir=str(landing),
        warehouse=str(tmp_path / "w.duckdb"),
        reports_dir=str(tmp_path / "reports"),
    )


def _tick(landing: Path, tmp_path: Path, cursor: str | None):
    context = dg.build_sensor_context(
        cursor=cursor, resources={"settings": _settings(landing, tmp_path)}
    )
    result = automation.landing_sensor(context)
    return result, context.cursor


def _write(path: Path, data: bytes, mtime: float | None = OLD) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if mtime is not None:
        os.utime(path, (mtime, mtime))


def test_new_file_requests_a_run_and_the_same_file_requests_nothing(tmp_path):
    landing = tmp_path / "landing"
    _write(landing / "provincial" / "2023.xlsx", b"PK-export")
    result, cursor = _tick(landing, tmp_path, None)
    assert isinstance(result, dg.RunRequest)
    assert result.tags["landing/new_or_changed_files"] == "1"
    again, cursor2 = _tick(landing, tmp_path, cursor)
    assert isinstance(again, dg.SkipReason)
    assert "nothing new" in again.skip_message
    assert cursor2 == cursor


def test_changed_file_requests_a_new_run_with_another_run_key(tmp_path):
    landing = tmp_path / "landing"
    _write(landing / "roster.csv", b"id,name\n")
    first, cursor = _tick(landing, tmp_path, None)
    _write(landing / "roster.csv", b"id,name\n1,x\n", mtime=OLD + 60)
    second, _ = _tick(landing, tmp_path, cursor)
    assert isinstance(second, dg.RunRequest)
    assert second.run_key != first.run_key


def test_half_written_file_waits_until_it_stops_changing(tmp_path, monkeypatch):
    monkeypatch.setenv("TT_LANDING_SETTLE_SECONDS", "3600")
    landing = tmp_path / "landing"
    _write(landing / "signin.xlsx", b"PK-part", mtime=None)  # being copied right now
    first, cursor = _tick(landing, tmp_path, None)
    assert isinstance(first, dg.SkipReason)
    assert first.skip_message == "1 file(s) still being written"
    with (landing / "signin.xlsx").open("ab") as handle:  # still growing at the next tick
        handle.write(b"more")
    second, cursor = _tick(landing, tmp_path, cursor)
    assert isinstance(second, dg.SkipReason)
    third, _ = _tick(landing, tmp_path, cursor)  # same size and mtime as the last tick
    assert isinstance(third, dg.RunRequest)


def test_temp_and_office_lock_files_are_never_read(tmp_path):
    landing = tmp_path / "landing"
    for name in ("~$funding.xlsx", "plan.xlsx.part", "a.tmp", "b.crdownload", ".hidden.csv"):
        _write(landing / name, b"x")
    result, _ = _tick(landing, tmp_path, None)
    assert isinstance(result, dg.SkipReason)
    assert is_temporary(Path(".~lock.plan.xlsx#")) and not is_temporary(Path("plan.xlsx"))


def test_unreadable_file_is_reported_with_its_reason_and_not_requested(tmp_path):
    landing = tmp_path / "landing"
    _write(landing / "empty.xlsx", b"")
    result, _ = _tick(landing, tmp_path, None)
    assert isinstance(result, dg.SkipReason)
    assert result.skip_message == (
        "empty.xlsx: empty file (0 bytes): still being copied, or a failed export"
    )


def test_files_stay_where_they_are_and_a_removed_file_leaves_the_cursor(tmp_path):
    landing = tmp_path / "landing"
    _write(landing / "a.csv", b"1")
    tick = evaluate(landing, None, settle_seconds=60, now=OLD + 120)
    assert tick.ready == ["a.csv"] and (landing / "a.csv").exists()
    (landing / "a.csv").unlink()
    assert '"seen": {}' in evaluate(landing, tick.cursor).cursor


def test_schedules_run_nightly_and_weekly_in_beijing_time_and_are_on_by_default():
    nightly = automation.nightly_full_pipeline
    weekly = automation.weekly_auditors_report_schedule
    assert (nightly.cron_schedule, nightly.job_name) == ("0 2 * * *", "full_pipeline")
    assert (weekly.cron_schedule, weekly.job_name) == ("0 7 * * 1", "weekly_auditors_report")
    assert nightly.execution_timezone == weekly.execution_timezone == "Asia/Shanghai"
    request = nightly.evaluate_tick(dg.build_schedule_context()).run_requests
    assert len(request) == 1


@pytest.mark.parametrize(("value", "status"), [("", "RUNNING"), ("on", "RUNNING"), ("off", "STOPPED")])
def test_tt_automation_switches_schedules_and_sensors(monkeypatch, value, status):
    monkeypatch.setenv("TT_AUTOMATION", value)
    assert automation.schedule_status().value == status
    assert automation.sensor_status().value == status


def test_weekly_job_builds_the_suites_and_the_report_only():
    from orchestration.definitions import build_defs

    job = build_defs().resolve_job_def("weekly_auditors_report")
    keys = {k.to_user_string() for k in job.asset_layer.selected_asset_keys}
    assert keys == {"mart_suite_results", "auditors_report"}


def test_run_with_a_failed_error_check_is_tagged_and_not_a_plain_success():
    @dg.asset
    def marts() -> None:
        return None

    @dg.asset_check(asset=marts)
    def error_rule() -> dg.AssetCheckResult:
        return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.ERROR)

    @dg.asset_check(asset=marts)
    def warn_rule() -> dg.AssetCheckResult:
        return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.WARN)

    instance = dg.DagsterInstance.ephemeral()
    defs = dg.Definitions(assets=[marts], asset_checks=[error_rule, warn_rule])
    job = defs.resolve_implicit_global_asset_job_def()
    result = job.execute_in_process(instance=instance)
    assert result.success  # the run itself succeeds: make demo exits 0
    assert tag_run(instance, result.run_id) == ["marts:error_rule"]
    tags = instance.get_run_by_id(result.run_id).tags
    assert tags[QUALITY_TAG] == "error_checks_failed"
    assert tags["quality/failed_error_checks"] == "marts:error_rule"


def test_failure_line_is_one_line_in_the_operators_log(tmp_path, monkeypatch):
    log = tmp_path / "logs" / "failures.log"
    monkeypatch.setenv("TT_FAILURE_LOG", str(log))
    at = datetime(2026, 12, 2, 1, 2, 3, tzinfo=UTC)
    line = failure_line("FAILED", "r1", "full_pipeline", "boom:\n  locked file\tx", at=at)
    assert line == "2026-12-02T01:02:03Z FAILED run=r1 job=full_pipeline boom: locked file x"
    assert append_failure(line) == log
    append_failure(line)
    assert log.read_text(encoding="utf-8") == line + "\n" + line + "\n"


def test_run_failure_sensor_writes_the_failed_step_to_the_log(tmp_path, monkeypatch):
    log = tmp_path / "failures.log"
    monkeypatch.setenv("TT_FAILURE_LOG", str(log))

    @dg.op
    def load_landing() -> None:
        raise RuntimeError("warehouse held by pid 42")

    @dg.job
    def pipeline():
        load_landing()

    instance = dg.DagsterInstance.ephemeral()
    result = pipeline.execute_in_process(instance=instance, raise_on_error=False)
    failure = next(e for e in result.all_events if e.event_type_value == "PIPELINE_FAILURE")
    context = dg.build_run_status_sensor_context(
        sensor_name="failed_run_to_log",
        dagster_event=failure,
        dagster_instance=instance,
        dagster_run=result.dagster_run,
    ).for_run_failure()
    automation.failed_run_to_log(context)
    line = log.read_text(encoding="utf-8").strip()
    assert f" FAILED run={result.run_id} job=pipeline " in line
    assert line.endswith("failed steps: load_landing")
    assert "\n" not in line
