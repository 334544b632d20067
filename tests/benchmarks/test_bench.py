"""The benchmark's pure parts: stage costing from step events, ratios, the result schema and the
pandas peer on three tiny files. Nothing here is timed."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from benchmarks.bench import (
    check_result,
    compute_ratios,
    stage_figures,
    stage_of,
    step_windows,
)
from benchmarks.peer import hours_per_teacher
from benchmarks.proctree import Sample, window

ID_A = "610502198209300240"
ID_B = "610502197608038855"


def test_steps_map_to_the_issue_stages():
    assert stage_of("raw_tables") == "ingest"
    assert stage_of("dbt_models") == "dbt"
    assert stage_of("dbt_models_2") == "dbt"
    assert stage_of("published_marts") == "publish"
    assert stage_of("auditors_report") == "checks_report"
    assert stage_of("mart_suite_results") == "checks_report"


def test_a_retried_step_keeps_its_first_start_and_last_end():
    events = [
        (10.0, "raw_tables", "STEP_START"),
        (12.0, "raw_tables", "STEP_FAILURE"),
        (15.0, "raw_tables", "STEP_START"),
        (20.0, "raw_tables", "STEP_SUCCESS"),
        (21.0, "dbt_models", "STEP_START"),
        (30.0, "dbt_models", "STEP_SUCCESS"),
    ]
    assert step_windows(events) == {"raw_tables": (10.0, 20.0), "dbt_models": (21.0, 30.0)}


def test_cpu_between_two_times_is_interpolated_between_samples():
    samples = [Sample(0.0, 0.0, 100.0), Sample(10.0, 20.0, 300.0), Sample(20.0, 25.0, 200.0)]
    # 5.0 -> 10.0 CPU s; 15.0 -> 22.5 CPU s; peak of the samples inside [5, 15]: 300 MB
    assert window(samples, 5.0, 15.0) == {"cpu_s": 12.5, "peak_rss_mb": 300}


def test_a_stage_sums_the_windows_of_its_steps():
    samples = [Sample(0.0, 0.0, 50.0), Sample(10.0, 10.0, 400.0), Sample(20.0, 30.0, 900.0),
               Sample(30.0, 35.0, 100.0)]
    windows = {"raw_tables": (0.0, 10.0), "dbt_models": (10.0, 15.0), "dbt_models_2": (15.0, 20.0),
               "published_marts": (25.0, 30.0)}
    stages = stage_figures(windows, samples, rows=1000)
    assert stages["ingest"] == {"wall_s": 10.0, "cpu_s": 10.0, "rows": 1000, "rows_per_s": 100,
                                "peak_rss_mb": 400, "steps": 1}
    # dbt: 10 -> 15 (10 -> 20 CPU) and 15 -> 20 (20 -> 30 CPU): 10 s wall, 20 s CPU
    assert stages["dbt"]["wall_s"] == 10.0
    assert stages["dbt"]["cpu_s"] == 20.0
    assert stages["dbt"]["peak_rss_mb"] == 900
    assert stages["dbt"]["steps"] == 2
    assert stages["publish"]["cpu_s"] == 2.5
    assert stages["checks_report"] == {"wall_s": 0, "cpu_s": 0, "rows": 1000, "rows_per_s": None,
                                       "peak_rss_mb": 0, "steps": 0}


def _stages(ingest: float, dbt: float, e2e: float) -> dict:
    return {"ingest": {"wall_s": ingest, "cpu_s": ingest * 1.5},
            "dbt": {"wall_s": dbt, "cpu_s": dbt},
            "end_to_end": {"wall_s": e2e, "cpu_s": e2e}}


def test_ratios_compare_with_the_floor_the_peer_and_the_full_run():
    ratios = compute_ratios(_stages(ingest=30.0, dbt=20.0, e2e=200.0),
                            floor={"wall_s": 10.0, "cpu_s": 9.0},
                            peer={"wall_s": 250.0, "cpu_s": 240.0},
                            incremental={"wall_s": 15.0})
    assert ratios == {
        "ingest_over_floor": 3.0,
        "ingest_over_floor_cpu": 5.0,  # 45 / 9
        "peer_over_ingest": 5.0,  # 250 / (30 + 20)
        "peer_over_ingest_cpu": 3.692,  # 240 / (45 + 20)
        "peer_over_ingest_only": 8.333,
        "incremental_over_full": 0.3,  # 15 / (30 + 20): like with like, both without checks
        "incremental_over_end_to_end": 0.075,
    }


def test_a_missing_measurement_gives_no_ratio_rather_than_a_wrong_one():
    ratios = compute_ratios(_stages(ingest=30.0, dbt=20.0, e2e=200.0), floor={"error": "exit 1"},
                            peer={"wall_s": 250.0, "cpu_s": 240.0}, incremental={"skipped": True})
    assert ratios["ingest_over_floor"] is None
    assert ratios["incremental_over_full"] is None
    assert ratios["peer_over_ingest"] == 5.0


def test_result_schema_names_what_a_results_file_lacks():
    figures = {"wall_s": 1.0, "cpu_s": 1.0, "rows_per_s": 1, "peak_rss_mb": 1}
    complete = {
        "size": "S", "teachers": 3000, "seed": 42, "measured_at": "t", "git": {}, "machine": {},
        "data": {}, "fixed_overhead": {}, "dbt_models": {}, "incremental": {},
        "stages": {s: dict(figures) for s in ("generate", "ingest", "dbt", "checks_report",
                                               "publish", "end_to_end")},
        "floor": {"wall_s": 1.0, "cpu_s": 1.0}, "peer": {"wall_s": 1.0, "cpu_s": 1.0},
        "ratios": {"ingest_over_floor": 1, "peer_over_ingest": 1, "incremental_over_full": 1},
    }
    assert check_result(complete) == []
    del complete["stages"]["publish"]
    del complete["stages"]["dbt"]["peak_rss_mb"]
    del complete["ratios"]["peer_over_ingest"]
    assert check_result(complete) == ["dbt: missing peak_rss_mb", "missing stage publish",
                                      "ratios: missing peer_over_ingest"]


def _workbook(path: Path, rows: list[list]) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    wb.close()
    return path


def test_the_pandas_peer_sums_hours_per_teacher_over_every_file(tmp_path: Path):
    provincial = _workbook(tmp_path / "provincial.xlsx", [
        ["学时登记明细(2023年度)"],
        ["序号", "*姓名", "*身份证号", "项目名称", "登记学时", "实践学时"],
        [1, "张琳英", ID_A, "师德", 30, 10],
        [2, "林斌", ID_B, "师德", 12, 0],
        [3, "张琳英", ID_A, "信息技术", "6", 0],
    ])
    signin = _workbook(tmp_path / "signin.xlsx", [
        ["某校2023年校本研修签到表"],
        ["序号", "姓名", "身份证号", "2023-03-17\n读书分享会", "2023-04-08\n家校共育"],
        ["学时", None, None, 2, 3.5],
        [1, "张琳英", ID_A, "√", "√"],
        [2, "林斌", ID_B, "×", "√"],
    ])
    platform = tmp_path / "platform.csv"
    platform.write_bytes(
        "姓名,证件号码,课程名称,学习时长(分钟),完成状态\r\n"
        "张琳英,6105**********0240,大单元教学,180,已完成\r\n"
        "张琳英,6105**********0240,作业设计,90,已完成\r\n".encode("gbk")
    )
    totals, rows = hours_per_teacher([provincial, signin, platform])
    # provincial 30 + 6 and sign-in 2 + 3.5 for A; 12 + 3.5 for B; the platform's masked ID
    # stays its own key (the peer does not match): (180 + 90) / 60 = 4.5 hours
    assert totals == {ID_A: 41.5, ID_B: 15.5, "6105**********0240": 4.5}
    assert rows == 5 + 5 + 3


def test_the_readme_table_is_rendered_from_the_results(tmp_path: Path):
    from benchmarks.speed_table import render, write_readme

    figures = {"wall_s": 30.0, "cpu_s": 45.0, "rows_per_s": 1000, "peak_rss_mb": 400}
    result = {
        "size": "S", "teachers": 3000, "data": {"files": 280, "canonical_rows": 30000},
        "stages": {"ingest": figures}, "floor": {"wall_s": 10.0, "cpu_s": 9.5},
        "fixed_overhead": {"total_s": 20.0, "startup_s": 12.0, "dbt_overhead_s": 6.0,
                           "between_steps_s": 2.0, "share_of_end_to_end": 0.1},
        "incremental": {"error": "exit 1"}, "ratios": {"ingest_over_floor": 3.0},
        "machine": {"cores": 2, "cpu_model": "x", "ram_gb": 23.4, "python": "3.11.9",
                    "shared": "shared", "load_average_at_start": [1.5, 1.0, 0.5],
                    "load_average_at_end": [2.0, 1.0, 0.5]},
        "git": {"commit": "abcdef0123"},
    }
    lines = render([result]).splitlines()
    assert lines[0] == "| | S (3,000 teachers) |"
    assert "| ingest | 30.0 s / 45.0 s CPU, 1,000 rows/s, 400 MB |" in lines
    assert "| generate | not measured |" in lines
    assert "| floor (fastexcel / DuckDB raw read) | 10.0 s / 9.5 s CPU |" in lines
    assert "| incremental (one new sign-in sheet) | exit 1 |" in lines
    assert "| ingest_over_floor | 3.00 |" in lines
    assert "| commit | `abcdef0` |" in lines
    readme = tmp_path / "README.md"
    readme.write_text("a\n<!-- speed-table:start -->\nold\n<!-- speed-table:end -->\nb\n")
    write_readme("new", readme)
    assert readme.read_text() == "a\n<!-- speed-table:start -->\nnew\n<!-- speed-table:end -->\nb\n"
