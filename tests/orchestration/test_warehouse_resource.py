"""The warehouse resource closes its connection when a step fails inside it.

dagster-duckdb's DuckDBResource closed the connection only after a clean exit: after a failed
in-process run, a read-only connect to the warehouse in the same process (the run's summary, a
test reading the marts) failed with "different configuration than existing connections".
"""

from __future__ import annotations

import dagster as dg
import duckdb

from orchestration.resources import WarehouseResource, build_resources
from orchestration.settings import Locations


def test_a_failed_step_leaves_no_connection_open_for_a_later_read_only_connect(tmp_path):
    loc = Locations(
        landing_dir=tmp_path / "landing",
        warehouse=tmp_path / "warehouse.duckdb",
        reports_dir=tmp_path / "reports",
    )
    with duckdb.connect(str(loc.warehouse)) as con:
        con.execute("create table t as select 7 as n")

    @dg.asset
    def fails_while_connected(duckdb: WarehouseResource) -> None:
        with duckdb.get_connection() as con:
            con.execute("insert into t values (8)")
            raise RuntimeError("the step fails with its connection open")

    resources = build_resources(loc)
    assert isinstance(resources["duckdb"], WarehouseResource)
    result = dg.materialize(
        [fails_while_connected], resources={"duckdb": resources["duckdb"]}, raise_on_error=False
    )
    assert not result.success
    with duckdb.connect(str(loc.warehouse), read_only=True) as con:
        assert con.execute("select n from t order by n").fetchall() == [(7,), (8,)]


def test_the_resource_connects_with_the_warehouse_memory_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("TT_DUCKDB_MEMORY_LIMIT", "1GB")
    with duckdb.connect() as probe:
        probe.execute("set memory_limit = '1GB'")
        expected = probe.execute("select current_setting('memory_limit')").fetchone()[0]
    resource = WarehouseResource(database=str(tmp_path / "warehouse.duckdb"))
    with resource.get_connection() as con:
        assert con.execute("select current_setting('memory_limit')").fetchone()[0] == expected
