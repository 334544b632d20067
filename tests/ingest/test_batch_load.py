"""Batched loading: many files per transaction give the warehouse of loading them one by one,
and a file that cannot be written still fails alone."""

from __future__ import annotations

import os
from datetime import datetime

import duckdb
import pytest
from ingest_builders import write_xlsx
from test_loader import roster_rows
from test_readers import provincial_rows

from ingest import batch_writer, read_pool
from ingest.loader import load_paths
from ingest.replacement import version_group
from ingest.version_index import VersionIndex

OLD, NEW = datetime(2023, 9, 1, 8, 0).timestamp(), datetime(2023, 9, 2, 8, 0).timestamp()


def q(con, sql):
    return con.execute(sql).fetchall()


def _landing(tmp_path, newer: str):
    """A provincial export and two rosters of one school (versions by logical key)."""
    write_xlsx(tmp_path / "a.xlsx", provincial_rows())
    write_xlsx(tmp_path / "2023" / "花名册.xlsx", roster_rows())
    write_xlsx(tmp_path / "2024" / "花名册.xlsx", roster_rows(names=("张三",)))
    for folder in ("2023", "2024"):
        t = NEW if folder == newer else OLD
        os.utime(tmp_path / folder / "花名册.xlsx", (t, t))
    return tmp_path


def _state(con):
    """Raw rows without load ids, and the manifest with load ids named by their files."""
    name = dict(q(con, "select load_id, source_file from raw.load_manifest"))
    manifest = sorted(
        (src, status, name.get(by), name.get(pred))
        for src, status, by, pred in q(
            con, "select source_file, status, superseded_by, replaces_load_id from raw.load_manifest")
    )
    rows = {t: sorted(map(str, q(con, f"select * exclude (load_id) from raw.{t}")))
            for t in ("provincial_records", "roster", "quarantine", "skipped_rows")}
    return manifest, rows


@pytest.mark.parametrize(
    ("newer", "manifest"),
    [
        ("2024", [("2023/花名册.xlsx", "superseded", "2024/花名册.xlsx", None),
                  ("2024/花名册.xlsx", "loaded", None, "2023/花名册.xlsx"),
                  ("a.xlsx", "loaded", None, None)]),
        ("2023", [("2023/花名册.xlsx", "loaded", None, "2024/花名册.xlsx"),
                  ("2024/花名册.xlsx", "superseded", "2023/花名册.xlsx", None),
                  ("a.xlsx", "loaded", None, None)]),
    ],
)
def test_versions_in_one_batch_load_as_when_loaded_one_by_one_in_time_order(tmp_path, newer, manifest):
    land = _landing(tmp_path, newer)
    batched = duckdb.connect()
    report = load_paths([land], batched, land, workers=1)  # three files: one batch
    one_by_one = duckdb.connect()
    older = "2023" if newer == "2024" else "2024"
    for path in ("a.xlsx", f"{older}/花名册.xlsx", f"{newer}/花名册.xlsx"):
        load_paths([land / path], one_by_one, land, workers=1)
    assert _state(batched)[0] == manifest
    assert _state(batched) == _state(one_by_one)
    names = {"2023": ["张三", "李四"], "2024": ["张三"]}[newer]
    assert [r[0] for r in q(batched, "select name from raw.roster order by name")] == sorted(names)
    assert {f.source_file: f.status for f in report.files}[f"{newer}/花名册.xlsx"] in ("new", "replaced")


def test_a_file_that_cannot_be_written_fails_alone_and_the_rest_of_its_batch_loads(tmp_path, monkeypatch):
    for name in ("a.xlsx", "b.xlsx", "c.xlsx"):
        rows = provincial_rows()
        rows[3][1] = f"教师{name[0]}"  # distinct content: three files, not copies
        write_xlsx(tmp_path / name, rows)
    real = batch_writer._insert_frame

    def dying(con_, table, df):
        if "source_file" in df.columns and "b.xlsx" in df["source_file"].to_list():
            raise RuntimeError("disk full")
        return real(con_, table, df)

    monkeypatch.setattr(batch_writer, "_insert_frame", dying)
    con = duckdb.connect()
    report = load_paths([tmp_path], con, tmp_path, workers=1)
    assert [(f.source_file, f.status) for f in report.files] == [
        ("a.xlsx", "new"), ("b.xlsx", "failed"), ("c.xlsx", "new")]
    assert report.files[1].message == "load rolled back: RuntimeError: disk full"
    assert q(con, "select source_file, status from raw.load_manifest order by 1") == [
        ("a.xlsx", "loaded"), ("b.xlsx", "failed"), ("c.xlsx", "loaded")]
    for table in ("provincial_records", "quarantine", "skipped_rows"):
        assert q(con, f"select distinct source_file from raw.{table} order by 1") == [
            ("a.xlsx",), ("c.xlsx",)]


def test_batches_hold_consecutive_files_up_to_a_file_count_or_a_byte_size(monkeypatch):
    monkeypatch.setattr(read_pool, "BATCH_FILES", 2)
    monkeypatch.setattr(read_pool, "BATCH_BYTES", 100)
    args = [(f"f{i}",) for i in range(6)]
    got = read_pool.batches(args, [10, 10, 10, 95, 5, 200])
    assert [[a[0] for a in b] for b in got] == [["f0", "f1"], ["f2"], ["f3", "f4"], ["f5"]]


def test_version_index_finds_the_group_the_manifest_query_finds(tmp_path):
    land = _landing(tmp_path, "2024")
    con = duckdb.connect()
    load_paths([land], con, land, workers=1)
    index = VersionIndex.read(con)
    for source, profile, key in [
        ("2025/花名册.xlsx", "roster", "school_code=3610502001"),  # same logical key
        ("2023/花名册(更正).xlsx", "roster", "school_code=9"),  # same name but for the mark
        ("a.xlsx", None, None),  # same path
        ("b.xlsx", "provincial_records", "file=b"),  # nothing in common
    ]:
        expected = [v.load_id for v in version_group(con, source, profile, key)]
        assert [v.load_id for v in index.group(source, profile, key)] == expected
    assert len(index.group("2025/花名册.xlsx", "roster", "school_code=3610502001")) == 2
