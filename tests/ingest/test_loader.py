"""Loader: schema creation, manifest, idempotency, replacement, rollback, folder walking, CLI."""

from __future__ import annotations

import json

import duckdb
import pytest
from ingest_builders import ID_C, ID_D, ROSTER_HEADER, write_csv, write_xlsx
from test_readers import provincial_rows, signin_rows

from ingest import batch_writer, loader
from ingest.cli import main as cli_main
from ingest.loader import ensure_raw_schema, load_paths
from ingest.schemas import MODELS

ALL_TABLES = sorted([*MODELS, "load_manifest", "quarantine", "skipped_rows"])


@pytest.fixture
def con():
    c = duckdb.connect()
    yield c
    c.close()


def q(con, sql, params=None):
    return con.execute(sql, params or []).fetchall()


def snapshot(con):
    return {t: sorted(map(str, q(con, f"select * from raw.{t}"))) for t in ALL_TABLES}


def roster_rows(names=("张三", "李四"), school="3610502001"):
    ids = [ID_C, ID_D]
    return [["花名册"], ROSTER_HEADER] + [
        [i + 1, n, ids[i], "男", "1990-01-01", "小学", "语文", None, None, school, "实验小学", "临渭区", "城区"]
        for i, n in enumerate(names)
    ]


def test_ensure_raw_schema_creates_every_table_empty_and_is_repeatable(con):
    ensure_raw_schema(con)
    ensure_raw_schema(con)
    tables = sorted(r[0] for r in q(con, "select table_name from information_schema.tables where table_schema = 'raw'"))
    assert tables == ALL_TABLES
    assert all(q(con, f"select count(*) from raw.{t}") == [(0,)] for t in tables)
    cols = [r[0] for r in q(con, "select column_name from information_schema.columns where table_schema='raw' "
                                 "and table_name='signin_attendance' order by ordinal_position")]
    assert cols == ["school_code", "year", "id_number", "name", "session_date", "session_title", "session_hours",
                    "mark", "source_file", "source_sheet", "source_row", "load_id", "k_teacher"]


def test_load_writes_rows_quarantine_skipped_and_manifest_with_one_load_id(con, tmp_path):
    land = tmp_path / "land"
    write_xlsx(land / "provincial" / "a.xlsx", provincial_rows())
    report = load_paths([land], con, land)
    [f] = report.files
    assert (f.status, f.profile, f.rows_read, f.rows_loaded, f.rows_quarantined, f.rows_skipped) == (
        "new", "provincial_export", 11, 2, 3, 6)
    assert f.quarantined_by_reason == {"DATE_INVALID": 1, "HOURS_NEGATIVE": 1, "ID_EXCEL_DAMAGED": 2}
    assert f.skipped_by_reason == {"blank": 1, "export_time": 1, "header": 1, "note": 1, "title": 1, "total": 1}
    assert q(con, "select source_file, source_row, load_id from raw.provincial_records order by source_row") == [
        ("provincial/a.xlsx", 4, f.load_id), ("provincial/a.xlsx", 6, f.load_id)]
    assert q(con, "select source_row, reason_codes, profile, target_table from raw.quarantine order by 1") == [
        (5, "ID_EXCEL_DAMAGED", "provincial_export", "provincial_records"),
        (7, "HOURS_NEGATIVE,ID_EXCEL_DAMAGED", "provincial_export", "provincial_records"),
        (8, "DATE_INVALID", "provincial_export", "provincial_records")]
    assert q(con, "select count(*), count(distinct load_id) from raw.skipped_rows") == [(6, 1)]
    assert q(con, "select source_file, profile, rows_read, rows_loaded, rows_quarantined, rows_skipped, status "
                  "from raw.load_manifest") == [("provincial/a.xlsx", "provincial_export", 11, 2, 3, 6, "loaded")]


def test_same_file_twice_is_a_no_op(con, tmp_path):
    write_xlsx(tmp_path / "a.xlsx", provincial_rows())
    load_paths([tmp_path], con, tmp_path)
    before = snapshot(con)
    report = load_paths([tmp_path], con, tmp_path)
    assert [f.status for f in report.files] == ["unchanged"]
    assert snapshot(con) == before


def test_a_copy_of_a_loaded_file_under_another_name_is_not_loaded_twice(con, tmp_path):
    write_xlsx(tmp_path / "a.xlsx", provincial_rows())
    (tmp_path / "copy.xlsx").write_bytes((tmp_path / "a.xlsx").read_bytes())
    report = load_paths([tmp_path], con, tmp_path)
    assert [f.status for f in report.files] == ["new", "unchanged"]
    assert q(con, "select count(*) from raw.provincial_records") == [(2,)]


def test_corrected_file_at_the_same_path_replaces_its_earlier_rows(con, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", provincial_rows())
    first = load_paths([path], con, tmp_path).files[0]
    rows = provincial_rows()
    rows[4][2] = ID_D  # fix the damaged ID
    write_xlsx(path, rows)
    second = load_paths([path], con, tmp_path).files[0]
    assert second.status == "replaced" and second.replaced_load_ids == [first.load_id]
    assert q(con, "select source_row from raw.provincial_records order by 1") == [(4,), (5,), (6,)]
    assert q(con, "select distinct load_id from raw.provincial_records") == [(second.load_id,)]
    assert q(con, "select count(*) from raw.quarantine where load_id = ?", [first.load_id]) == [(0,)]
    assert q(con, "select count(*) from raw.skipped_rows where load_id = ?", [first.load_id]) == [(0,)]
    assert q(con, "select status from raw.load_manifest order by loaded_at") == [("superseded",), ("loaded",)]


def test_new_roster_of_the_same_school_elsewhere_replaces_by_logical_key(con, tmp_path):
    write_xlsx(tmp_path / "2023" / "花名册.xlsx", roster_rows())
    load_paths([tmp_path], con, tmp_path)
    write_xlsx(tmp_path / "2024" / "花名册.xlsx", roster_rows(names=("张三",)))
    report = load_paths([tmp_path / "2024"], con, tmp_path)
    assert report.files[0].status == "replaced"
    assert report.files[0].logical_key == "school_code=3610502001"
    assert q(con, "select name, source_file from raw.roster") == [("张三", "2024/花名册.xlsx")]


def test_signin_sheets_of_different_years_do_not_replace_each_other(con, tmp_path):
    write_xlsx(tmp_path / "s2021.xlsx", signin_rows())
    rows = signin_rows()
    rows[0] = ["临渭区实验小学(学校代码:3610502001)2022年校本研修签到表"]
    write_xlsx(tmp_path / "s2022.xlsx", rows)
    report = load_paths([tmp_path], con, tmp_path)
    assert [f.status for f in report.files] == ["new", "new"]
    assert q(con, "select year, count(*) from raw.signin_attendance group by 1 order by 1") == [(2021, 6), (2022, 6)]


def test_failure_in_the_middle_of_a_file_rolls_the_whole_file_back(con, tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "a.xlsx", provincial_rows())
    load_paths([path], con, tmp_path)
    before = snapshot(con)
    rows = provincial_rows()
    rows[4][2] = ID_D
    write_xlsx(path, rows)
    real = batch_writer._insert_frame

    def dying(con_, table, df):
        if table == "skipped_rows":  # after the old rows were deleted and the new ones inserted
            raise RuntimeError("disk full")
        return real(con_, table, df)

    monkeypatch.setattr(batch_writer, "_insert_frame", dying)
    report = load_paths([path], con, tmp_path)
    assert report.files[0].status == "failed" and "disk full" in report.files[0].message
    after = snapshot(con)
    failed = [r for r in after["load_manifest"] if "'failed'" in r]
    assert len(failed) == 1
    after["load_manifest"] = [r for r in after["load_manifest"] if r not in failed]
    assert after == before
    monkeypatch.setattr(batch_writer, "_insert_frame", real)
    assert load_paths([path], con, tmp_path).files[0].status == "replaced"
    assert q(con, "select count(*) from raw.load_manifest where status = 'failed'") == [(0,)]


def test_unmatched_and_broken_files_are_reported_and_the_others_still_load(con, tmp_path):
    write_xlsx(tmp_path / "a_good.xlsx", provincial_rows())
    write_xlsx(tmp_path / "b_unknown.xlsx", [["序号", "教师姓名", "身份证件号", "性别", "学段"], [1, "张三", ID_C, "男", "小学"]])
    (tmp_path / "c_broken.xlsx").write_bytes(b"not a workbook")
    (tmp_path / "ground_truth.json").write_text("{}")
    (tmp_path / "README.md").write_text("# notes")
    (tmp_path / "~$a_good.xlsx").write_bytes(b"lock")
    report = load_paths([tmp_path], con, tmp_path)
    assert [(f.source_file, f.status) for f in report.files] == [
        ("a_good.xlsx", "new"), ("b_unknown.xlsx", "unmatched"), ("c_broken.xlsx", "failed")]
    unmatched = report.files[1]
    assert unmatched.closest_profile == "roster"
    assert "学校代码 (school_code)" in unmatched.missing_columns
    assert q(con, "select source_file, status from raw.load_manifest order by 1") == [
        ("a_good.xlsx", "loaded"), ("b_unknown.xlsx", "unmatched"), ("c_broken.xlsx", "failed")]
    again = load_paths([tmp_path], con, tmp_path)
    assert [f.status for f in again.files] == ["unchanged", "unmatched", "failed"]
    assert q(con, "select count(*) from raw.load_manifest") == [(3,)]


def test_report_to_dict_is_json_serialisable_and_conserves_rows(con, tmp_path):
    write_xlsx(tmp_path / "a.xlsx", provincial_rows())
    d = load_paths([tmp_path], con, tmp_path).to_dict()
    json.dumps(d, ensure_ascii=False)
    assert d["summary"]["by_status"] == {"new": 1}
    assert d["files"][0]["conserved"] is True


def test_parallel_parsing_gives_the_same_warehouse_as_serial(tmp_path, monkeypatch):
    write_xlsx(tmp_path / "p.xlsx", provincial_rows())
    write_xlsx(tmp_path / "r.xlsx", roster_rows())
    write_xlsx(tmp_path / "s.xlsx", signin_rows())
    monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", 0)
    a, b = duckdb.connect(), duckdb.connect()
    ra = load_paths([tmp_path], a, tmp_path, workers=2)
    rb = load_paths([tmp_path], b, tmp_path, workers=1)
    assert [f.status for f in ra.files] == [f.status for f in rb.files]

    def content(c):
        return {t: sorted(map(str, q(c, f"select * exclude (load_id) from raw.{t}"))) for t in MODELS}

    assert content(a) == content(b)


def test_cli_prints_per_file_counts_and_exits_non_zero_on_unreadable_files(tmp_path, capsys):
    land = tmp_path / "land"
    write_xlsx(land / "a.xlsx", provincial_rows())
    write_csv(land / "b.csv", [["姓名", "证件号码", "单位", "课程名称", "学习时长(分钟)"],
                               ["张三", "6105**********4322", "一中", "课", "60"]], encoding="gbk")
    wh = tmp_path / "wh.duckdb"
    assert cli_main(["load", str(land), "--warehouse", str(wh), "--landing-root", str(land)]) == 0
    out = capsys.readouterr().out
    assert "[new] a.xlsx -> provincial_export" in out
    assert "quarantined 3 [DATE_INVALID 1, HOURS_NEGATIVE 1, ID_EXCEL_DAMAGED 2]" in out
    assert "[new] b.csv -> platform_records" in out
    assert cli_main(["load", str(land), "--warehouse", str(wh), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["summary"]["by_status"] == {"unchanged": 2}
    (land / "c.xlsx").write_bytes(b"garbage")
    assert cli_main(["load", str(land), "--warehouse", str(wh), "--landing-root", str(land)]) == 1
    assert "[failed] c.xlsx" in capsys.readouterr().out


def test_cli_encoding_override_decodes_a_csv_the_detector_would_misread(tmp_path, capsys):
    land = tmp_path / "land"
    # Big5 bytes for traditional characters are not valid UTF-8; detection would say GB18030.
    write_csv(land / "t.csv", [["姓名", "證件號碼"], ["張三", "6105**********4322"]], encoding="big5")
    wh = tmp_path / "wh.duckdb"
    assert cli_main(["load", str(land), "--warehouse", str(wh), "--json", "--encoding", "big5"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["files"][0]["encoding"] == "big5"
    assert d["files"][0]["status"] == "unmatched"  # traditional headers are not in the profiles
    assert "closest is" in d["files"][0]["message"]


def test_two_versions_left_side_by_side_do_not_replace_each_other_on_every_run(con, tmp_path):
    write_xlsx(tmp_path / "2023" / "花名册.xlsx", roster_rows())
    write_xlsx(tmp_path / "2024" / "花名册.xlsx", roster_rows(names=("张三",)))
    first = load_paths([tmp_path], con, tmp_path)
    assert [f.status for f in first.files] == ["new", "replaced"]
    for _ in range(2):
        again = load_paths([tmp_path], con, tmp_path)
        assert [f.status for f in again.files] == ["unchanged", "unchanged"]
        assert "superseded by a later version" in again.files[0].message
    assert q(con, "select name, source_file from raw.roster") == [("张三", "2024/花名册.xlsx")]
