"""The whole pipeline and the analysts' warehouse, on the session's hand run (tests/e2e/hand_run.py):
the published file holds no roster value, an open reader neither blocks a run nor sees it, and a
file that failed to load blocks publication and fails the ERROR check."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest

from expectations.publication import location
from orchestration.summary import summary_lines
from tests.e2e.hand_run import published_file

pytestmark = pytest.mark.slow


def _text_values(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every text value of every column of every table (any type cast to text)."""
    values: set[str] = set()
    tables = con.execute("select table_name from information_schema.tables").fetchall()
    for (table,) in tables:
        cols = [
            r[0]
            for r in con.execute(
                "select column_name from information_schema.columns where table_name = ?", [table]
            ).fetchall()
        ]
        for col in cols:
            rows = con.execute(
                f'select distinct cast("{col}" as varchar) from "{table}"'
            ).fetchall()
            values |= {r[0] for r in rows if r[0] is not None}
    return values


def test_the_analysts_file_holds_no_id_number_name_or_phone_of_the_rosters(hand_run):
    loc = hand_run.loc
    assert hand_run.result.success
    with duckdb.connect(str(loc.warehouse), read_only=True) as con:
        roster = con.execute("select id_number, name, phone from raw.roster").fetchall()
    secrets = {v for row in roster for v in row if v}
    assert len(secrets) >= 6  # the fixture's rosters: ID numbers, names, phones
    with duckdb.connect(str(published_file(loc)), read_only=True) as pub:
        texts = _text_values(pub)
    assert texts, "the analysts' file has data"
    leaks = {s for s in secrets if any(s in t for t in texts)}
    assert leaks == set()
    parquet = location.publish_root(loc.reports_dir, {}) / "current" / "parquet"
    for path in parquet.glob("*.parquet"):
        raw = path.read_bytes()
        assert not [s for s in secrets if s.encode() in raw], path.name


def test_an_open_reader_does_not_block_a_full_run_and_keeps_the_old_version(hand_second_run):
    again = hand_second_run
    assert again.result.success
    assert again.reader_build_after == again.reader_build_before
    assert again.reader_credit_rows > 0
    assert again.published_build_after != again.reader_build_before


def test_a_file_that_failed_to_load_blocks_publication_and_fails_the_check(hand_run, tmp_path):
    loc = hand_run.copy(tmp_path)
    before = location.current_version(location.publish_root(loc.reports_dir, {}))
    (loc.landing_dir / "provincial" / "省平台学时导出_2024.xlsx").write_bytes(
        b"PK\x03\x04 truncated"
    )
    result = hand_run.run(loc)
    checks = {
        e.asset_check_evaluation_data.check_name: e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    check = checks["source_files_loaded"]
    assert not check.passed and check.severity == dg.AssetCheckSeverity.ERROR
    assert location.current_version(location.publish_root(loc.reports_dir, {})) == before
    with duckdb.connect(str(loc.warehouse), read_only=True) as con:
        lines = summary_lines(con, loc)
    assert any(
        line.startswith("files FAILED to load:         1 (provincial/省平台学时导出_2024.xlsx)")
        for line in lines
    )
    [status] = [line for line in lines if line.startswith("publication of the marts:")]
    assert "blocked by failed file provincial/省平台学时导出_2024.xlsx: nothing published" in status
    assert f"the current published version is still the earlier one, {before.name} of" in status
    report = (loc.reports_dir / "auditors_report.html").read_text("utf-8")
    top = report[: report.index("<nav>")]
    assert "省平台学时导出_2024.xlsx" in top and "blocked by failed file" in top
