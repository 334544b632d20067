"""dq_findings keeps its history across builds: first seen, open and resolved (the fixture's
second build runs after the negative-hours row was fixed)."""

from __future__ import annotations

from expectations.findings import load_findings, load_run_history
from tests.dq import dq_fixture as fx


def test_history_appends_one_row_per_finding_per_build(built):
    runs = built.rows("select count(*), count(distinct run_id) from main.dq_build_runs")
    assert runs == [(2, 2)]
    per_run = built.rows(
        "select run_id, count(*) from main.dq_findings_history group by run_id order by min(built_at), run_id"
    )
    assert [n for _, n in per_run] == [len(built.first), len(built.first) - 1]


def test_fixed_row_is_resolved_and_the_rest_stay_open_with_their_first_seen(built):
    rows = built.rows(
        "select rule_id, source_file, source_row, status, first_seen_run = (select run_id from "
        "main.dq_build_runs order by built_at, run_id limit 1) from main.dq_findings"
    )
    resolved = [(r, f, n) for r, f, n, status, _ in rows if status == "resolved"]
    assert resolved == [("HOURS_NEGATIVE", fx.PROV, 9)]
    assert {status for *_, status, _ in rows} == {"open", "resolved"}
    assert all(first for *_, first in rows), "every finding was first seen in the first build"
    assert len(rows) == len(built.first)


def test_report_readers_show_open_findings_and_per_run_counts(built):
    import duckdb

    with duckdb.connect(str(built.path)) as con:
        findings = load_findings(con)
        runs = load_run_history(con)
    assert "HOURS_NEGATIVE" not in set(findings["rule_id"])
    assert len(findings) == len(built.first) - 1
    last = runs[runs["run_id"] == runs["run_id"].iloc[-1]]
    neg = last[last["rule_id"] == "HOURS_NEGATIVE"]
    assert neg[["open", "first_seen", "resolved"]].values.tolist() == [[0, 0, 1]]
    first = runs[runs["run_id"] == runs["run_id"].iloc[0]]
    assert int(first["first_seen"].sum()) == len(built.first)
    assert int(last["first_seen"].sum()) == 0


def test_correction_workbook_lists_each_new_rule(built, tmp_path):
    import duckdb
    from python_calamine import CalamineWorkbook

    from expectations.workbooks import build_correction_workbooks

    with duckdb.connect(str(built.path)) as con:
        paths = build_correction_workbooks(con, tmp_path)
    s1 = next(p for p in paths if fx.S1 in p.name)
    overview = CalamineWorkbook.from_path(str(s1)).get_sheet_by_name("说明").to_python()
    rules = {row[0] for row in overview}  # the overview lists each rule of the findings sheet
    assert {"SCHOOL_OVER_ALLOCATION", "GP_INELIGIBLE_TRAINEE", "HOURS_OVER_PROJECT",
            "SIGNIN_SESSION_NO_HOURS"} <= rules
