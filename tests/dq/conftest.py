"""One dbt build over the hand-written raw fixture (dq_fixture.py), shared by every rule test;
then a second build after the fixture's negative-hours row is fixed, for the history tests."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[0] / "dbt"))

from dbt_raw_schema import fill_tables  # noqa: E402

from tests.dq import dq_fixture as fx  # noqa: E402
from tests.dq.pipeline import FINDINGS_ONLY, dbt_build  # noqa: E402

SELECT = FINDINGS_ONLY


class Built:
    def __init__(self, path: Path, first: list[tuple]):
        self.path = path
        self.first = first  # (rule_id, source_file, source_row, severity, detail) of build 1

    def rows(self, sql: str, params=None) -> list[tuple]:
        with duckdb.connect(str(self.path)) as con:
            return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Built:
    work = tmp_path_factory.mktemp("dq_fixture")
    warehouse = work / "training.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        fill_tables(con, fx.TABLES)
    dbt_build(warehouse, work, extra=SELECT)
    with duckdb.connect(str(warehouse)) as con:
        first = con.execute(
            "select rule_id, source_file, source_row, severity, detail from main.dq_findings"
        ).fetchall()
        # the school fixes the negative hours: the quarantined row is gone from the next load
        con.execute("delete from raw.quarantine where reason_codes = 'HOURS_NEGATIVE'")
    dbt_build(warehouse, work, extra=SELECT)
    return Built(warehouse, first)
