"""Two publications of the same warehouse are the same files: every published table is written
sorted by its tested key, then its other columns (expectations/publication/order.py), whatever
order the working warehouse stores the rows in and whatever DuckDB's thread count. The XLSX copies
are the same bytes too: their zip members carry a fixed date and their created stamp is the
warehouse's newest load (expectations/publication/copies.py `data_as_of`), not the clock.

The warehouse is a copy of the session's hand run (tests/e2e/hand_run.py: the whole job once, with
its dbt manifest); both publications are written by `publish` itself into folders of the test."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import openpyxl
import pytest

from expectations.exports import analyst_marts
from expectations.publication.copies import data_as_of
from expectations.publication.publish import PublishSettings, publish
from orchestration.defs.dbt import prepare_dbt
from orchestration.resources import dbt_project
from tests.e2e.hand_run import HandRun
from tests.publish import hand_warehouse as hw

RUN_SPECIFIC = {"publication_info"}  # build id and time: the one table that differs by design


def _publish(warehouse: Path, manifest: Path, root: Path, threads: int) -> Path:
    with duckdb.connect(str(warehouse)) as con:
        con.execute(f"set threads = {threads}")
        result = publish(con, PublishSettings(root=root, dbt_manifest=manifest))
    assert result.status == "published", result.blocked
    assert result.version is not None
    return result.version


def _reverse_rows(warehouse: Path) -> dict[str, bool]:
    """Rewrite every published source table (marts, lineage, findings) in reverse row order;
    {table: whether its rows now come in another order} (False for a table of one row)."""
    changed: dict[str, bool] = {}
    with duckdb.connect(str(warehouse)) as con:
        tables = [*analyst_marts(con), "dq_findings"]
        for table in tables:
            before = con.execute(f'select * from main."{table}"').fetchall()
            con.execute(
                f'create table main."{table}__reversed" as '
                f'select * from main."{table}" order by rowid desc'
            )
            con.execute(f'drop table main."{table}"')
            con.execute(f'alter table main."{table}__reversed" rename to "{table}"')
            changed[table] = con.execute(f'select * from main."{table}"').fetchall() != before
    return changed


def _rows(path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        names = [
            r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()
        ]
        return {
            n: con.execute(f'select * from "{n}"').fetchall()
            for n in sorted(names)
            if n not in RUN_SPECIFIC
        }


def _hashes(folder: Path, pattern: str) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.glob(pattern)}


def _newest_load(warehouse: Path) -> dt.datetime:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return data_as_of(con)


@pytest.mark.slow
def test_two_publications_of_one_warehouse_in_another_row_order_are_the_same_files(
    hand_run: HandRun, tmp_path: Path
) -> None:
    loc = hand_run.copy(tmp_path / "copy")
    prepare_dbt()  # the manifest the publication asset reads
    manifest = Path(dbt_project.manifest_path)
    first = _publish(loc.warehouse, manifest, tmp_path / "pub1", threads=4)
    changed = _reverse_rows(loc.warehouse)
    assert changed["mart_lineage"] and changed["mart_teacher_cycle_credits"]
    assert changed["dq_findings"]
    second = _publish(loc.warehouse, manifest, tmp_path / "pub2", threads=1)

    rows_first, rows_second = _rows(first / "analysts.duckdb"), _rows(second / "analysts.duckdb")
    assert list(rows_second) == list(rows_first)
    for table, rows in rows_first.items():
        assert rows_second[table] == rows, table
    parquet = _hashes(first / "parquet", "*.parquet")
    assert "mart_lineage.parquet" in parquet and "dq_findings.parquet" in parquet
    assert _hashes(second / "parquet", "*.parquet") == parquet
    workbooks = _hashes(first / "xlsx", "*.xlsx")
    assert "mart_teacher_cycle_credits.xlsx" in workbooks
    assert _hashes(second / "xlsx", "*.xlsx") == workbooks
    credits_xlsx = openpyxl.load_workbook(second / "xlsx" / "mart_teacher_cycle_credits.xlsx")
    stamp = _newest_load(loc.warehouse)
    assert stamp.year > 2000 and credits_xlsx.properties.created == stamp
    assert credits_xlsx["数据"].max_row == len(rows_second["mart_teacher_cycle_credits"]) + 1

    credits = [(r[0], r[1]) for r in rows_first["mart_teacher_cycle_credits"]]
    assert len(credits) > 1 and credits == sorted(credits)  # its key: k_teacher, cycle_start_year


def test_findings_and_lineage_are_published_in_key_order(tmp_path: Path) -> None:
    """The hand warehouse (tests/publish/hand_warehouse.py) holds its findings in the order
    f1, f7, f2, ...; its manifest tests no key of the lineage or of dq_findings, so those are
    sorted by all their columns."""
    wh = tmp_path / "w.duckdb"
    hw.write_warehouse(wh)
    manifest = hw.write_dbt_manifest(tmp_path / "m.json")
    version = _publish(wh, manifest, tmp_path / "pub", threads=2)
    with duckdb.connect(str(version / "analysts.duckdb"), read_only=True) as con:
        findings = [r[0] for r in con.execute("select finding_id from dq_findings").fetchall()]
        lineage = con.execute(
            "select mart_name, k_teacher, mart_key, source_file, source_row from mart_lineage"
        ).fetchall()
        credits = con.execute("select k_teacher, year from mart_teacher_year_credits").fetchall()
    assert findings == ["f1", "f2", "f3", "f4", "f5", "f6", "f7"]
    # withheld: kA|2023 (prov.xlsx:2), kB|2023 (prov.xlsx:5), S2|2023 (fund.xlsx:4); the county
    # roll-up is flagged, so its lineage stays
    assert lineage == [
        ("mart_county_year_funding", None, "C1|2023", "fund.xlsx", 3),
        ("mart_county_year_funding", None, "C1|2023", "fund.xlsx", 4),
        ("mart_school_year_funding", None, "S1|2023", "fund.xlsx", 3),
        ("mart_teacher_year_credits", "kA", "2022", "prov.xlsx", 4),
        ("mart_teacher_year_credits", "kA", "2022", "roster.xlsx", 3),
        ("mart_teacher_year_credits", "kC", "2023", "roster.xlsx", 5),
    ]
    assert credits == [("kA", 2022), ("kC", 2023)]
