"""In Dagster the GX suites run once per run: the asset mart_suite_results stores the result,
the check on each mart and the auditors' report read it."""

from __future__ import annotations

import dagster as dg
from dagster_duckdb import DuckDBResource
from dq_sample_warehouse import REPO, make_warehouse

from expectations.suites import PUBLISHED_MARTS, runner
from expectations.suites.product_marts import PRODUCT_MARTS
from orchestration.defs.quality.gx import CHECK_NAME, gx_mart_suites, mart_suite_results
from orchestration.defs.reports import auditors_report
from orchestration.resources import PipelineSettings


@dg.multi_asset(specs=[dg.AssetSpec(m) for m in PUBLISHED_MARTS])
def marts_already_built():
    """Stands in for the dbt build: the marts are in the warehouse already."""
    for mart in PUBLISHED_MARTS:
        yield dg.MaterializeResult(asset_key=mart)


def test_one_run_validates_once_and_the_check_and_report_show_that_result(tmp_path, monkeypatch):
    wh = tmp_path / "wh.duckdb"
    con = make_warehouse(wh)
    con.execute(
        "update main.mart_project_year_participation set pass_rate = 1.2 where project_code = 'P002'"
    )
    con.close()
    calls: list[tuple] = []
    real = runner.run_mart_suites

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr("orchestration.defs.quality.gx.run_mart_suites", counted)
    monkeypatch.setattr(runner, "run_mart_suites", counted)
    reports = tmp_path / "reports"
    result = dg.materialize(
        [marts_already_built, mart_suite_results, gx_mart_suites, auditors_report],
        resources={
            "settings": PipelineSettings(
                landing_dir=str(tmp_path / "landing"),
                warehouse=str(wh),
                reports_dir=str(reports),
                policy_path=str(REPO / "config" / "policy.yml"),
            ),
            "duckdb": DuckDBResource(database=str(wh)),
        },
    )

    assert result.success
    assert len(calls) == 1
    checks = {
        e.asset_check_evaluation_data.asset_key.to_user_string(): e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and e.asset_check_evaluation_data.check_name == CHECK_NAME
    }
    # the products' marts are not in this hand warehouse: their suites are errors
    assert {k: c.passed for k, c in checks.items()} == {
        "mart_teacher_cycle_credits": True,
        "mart_school_year_funding": True,
        "mart_project_year_participation": False,
        **{m: False for m in PRODUCT_MARTS},
    }
    note = checks["mart_project_year_participation"].metadata["result_from"].value
    assert note.startswith(f"run {result.run_id} at ")
    html = (reports / "auditors_report.html").read_text(encoding="utf-8")
    assert 'data-mart="mart_project_year_participation" data-status="fail"' in html
    assert f"2/{3 + len(PRODUCT_MARTS)} 个数据集市通过 marts passed" in html
