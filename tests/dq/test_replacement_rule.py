"""REPLACEMENT_DROPPED_ROWS on the hand-written manifest of dq_fixture.py: a
replacement that dropped 3 of 10 data rows is reported on the new file, naming the old one."""

from __future__ import annotations

from tests.dq import dq_fixture as fx


def test_dropped_rows_finding_names_the_earlier_version_and_both_counts(built):
    rows = built.rows(
        "select source_file, source_row, project_code, year, severity, load_id, detail "
        "from main.dq_findings where rule_id = 'REPLACEMENT_DROPPED_ROWS'"
    )
    assert rows == [(
        fx.GP3_FIX, None, "GP3", None, "warn", "M2",
        f"replaces {fx.GP3_LIST} (load M1): 10 data rows before, 7 now (3 dropped, more than 20.0% "
        "of the earlier version)",
    )]


def test_a_drop_of_exactly_the_allowed_share_is_no_finding(built):
    assert built.rows(
        "select count(*) from main.dq_findings where rule_id = 'REPLACEMENT_DROPPED_ROWS' "
        "and source_file = ?", [fx.PLAN_FIX]) == [(0,)]
