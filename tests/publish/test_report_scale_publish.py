"""Publication costs at province scale (task report-scale): the lineage's key is never counted
(a repeated lineage key does not block it, and at 50,000 teachers the count of its 5.9M rows
was a quarter of the publication's CPU besides the XLSX copies); the marts' keys still are."""

from __future__ import annotations

import duckdb

from expectations.publication import publish as publish_module
from expectations.publication import withhold
from expectations.publication.publish import PublishSettings, publish
from tests.publish import hand_warehouse as hw


def test_the_lineage_key_is_not_counted_and_a_repeated_mart_key_still_blocks(
    tmp_path, monkeypatch
):
    wh = tmp_path / "w.duckdb"
    hw.write_warehouse(wh)
    settings = PublishSettings(
        root=tmp_path / "pub", dbt_manifest=hw.write_dbt_manifest(tmp_path / "m.json")
    )
    counted: list[str] = []
    real = publish_module.duplicate_keys

    def spy(con, mart, key):
        counted.append(mart)
        return real(con, mart, key)

    monkeypatch.setattr(publish_module, "duplicate_keys", spy)
    with duckdb.connect(str(wh)) as con:
        mart = "mart_teacher_year_credits"
        con.execute(f"insert into main.{mart} select * from main.{mart} limit 1")
        con.execute("insert into main.mart_lineage select * from main.mart_lineage limit 1")
        result = publish(con, settings)
    assert withhold.LINEAGE not in counted
    assert mart in counted
    assert any("not unique" in reason for reason in result.blocked[mart])
    assert withhold.LINEAGE not in result.blocked
