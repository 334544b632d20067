"""Logical files and version order: which files replace which, and
which of two versions is the newer, whatever order the files are loaded in."""

from __future__ import annotations

import os
from datetime import date, datetime

import duckdb
import pytest
from ingest_builders import GUOPEI_HEADER, ROSTER_HEADER, valid_id, write_xlsx

from ingest.loader import load_paths
from ingest.versions import VersionMark, batch_mark, compare_versions, split_version

T0 = datetime(2023, 9, 1, 8, 0)
T1 = datetime(2023, 9, 2, 8, 0)


@pytest.mark.parametrize(
    ("stem", "base", "mark"),
    [
        ("教师花名册", "教师花名册", VersionMark()),
        ("教师花名册-更正", "教师花名册", VersionMark(None, 2, True, "更正")),
        ("教师花名册(修订)", "教师花名册", VersionMark(None, 2, True, "(修订)")),
        ("教师花名册（更正）", "教师花名册", VersionMark(None, 2, True, "(更正)")),
        ("名单_v3", "名单", VersionMark(None, 3, True, "v3")),
        ("名单第2版", "名单", VersionMark(None, 2, True, "第2版")),
        ("名单_第二次更正", "名单", VersionMark(None, 3, True, "第二次更正")),
        ("名单_20230915", "名单", VersionMark(date(2023, 9, 15), 1, True, "20230915")),
        ("名单 2023-09-15", "名单", VersionMark(date(2023, 9, 15), 1, True, "2023-09-15")),
        ("名单_v2_20230915", "名单", VersionMark(date(2023, 9, 15), 2, True, "v2 20230915")),
        # a year or a year-month is a period, not a version; a project code is not a date
        ("省平台学时导出_2023", "省平台学时导出_2023", VersionMark()),
        ("名单_202311", "名单_202311", VersionMark()),
        ("国培_GP20230915", "国培_GP20230915", VersionMark()),
    ],
)
def test_version_mark_is_read_from_the_end_of_the_name(stem, base, mark):
    assert split_version(stem) == (base, mark)


@pytest.mark.parametrize(
    ("name", "batch"),
    [
        ("国培_GP2023001_学员名单_一班", "班1"),
        ("国培_GP2023001_学员名单_2班", "班2"),
        ("国培_GP2023001_学员名单_十二班", "班12"),
        ("新教师培训_第1期", "期1"),
        ("新教师培训_第二批", "批2"),
        ("新教师培训_批次3", "批3"),
        ("校本研修_数学2组", "组2"),
        ("国培_GP2023001_学员名单", None),
        ("2023年班主任培训名单", None),  # 班主任 (class teacher) is not a class mark
    ],
)
def test_class_or_batch_mark_is_read_from_the_name(name, batch):
    assert batch_mark(name) == batch


def test_versions_are_ordered_by_dates_then_numbers_then_marks_then_modification_time():
    dated = lambda d: VersionMark(d, 1, True, str(d))  # noqa: E731
    assert compare_versions(dated(date(2023, 9, 15)), T0, dated(date(2023, 9, 1)), T1) == 1
    assert compare_versions(split_version("a_v2")[1], T0, split_version("a_v3")[1], T0) == -1
    assert compare_versions(split_version("a-更正")[1], T0, split_version("a")[1], T1) == 1
    assert compare_versions(split_version("a_20230915")[1], T0, split_version("a")[1], T1) == 1
    assert compare_versions(VersionMark(), T1, VersionMark(), T0) == 1
    assert compare_versions(VersionMark(), T0, VersionMark(), T0) == 0


# --- loading ----------------------------------------------------------------------------------


@pytest.fixture
def con():
    c = duckdb.connect()
    yield c
    c.close()


def q(con, sql, params=None):
    return con.execute(sql, params or []).fetchall()


def ids(n: int, start: int = 0) -> list[str]:
    return [valid_id(f"61010219800101{i:03d}") for i in range(start, start + n)]


def guopei_rows(id_numbers: list[str]) -> list[list[object]]:
    return [["国培计划学员名单"], GUOPEI_HEADER] + [
        [i + 1, f"学员{i}", x, "一中", "临渭区", "小学", "数学", "GP2023001", "是", "结业", 40]
        for i, x in enumerate(id_numbers)
    ]


def roster_rows(id_numbers: list[str], school: str = "3610502001") -> list[list[object]]:
    return [["花名册"], ROSTER_HEADER] + [
        [i + 1, f"教师{i}", x, "男", "1980-01-01", "小学", "语文", None, None, school, "实验小学", "临渭区", "城区"]
        for i, x in enumerate(id_numbers)
    ]


def write_at(path, rows, when: datetime):
    write_xlsx(path, rows)
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def test_two_class_lists_of_one_guopei_project_both_load(con, tmp_path):
    write_xlsx(tmp_path / "guopei" / "国培_GP2023001_学员名单_一班.xlsx", guopei_rows(ids(21)))
    write_xlsx(tmp_path / "guopei" / "国培_GP2023001_学员名单_二班.xlsx", guopei_rows(ids(21, 21)))
    report = load_paths([tmp_path], con, tmp_path)
    assert [f.status for f in report.files] == ["new", "new"]
    assert sorted(f.logical_key for f in report.files) == [
        "project_code=GP2023001;batch=班1", "project_code=GP2023001;batch=班2"]
    assert q(con, "select count(distinct id_number) from raw.guopei_trainees") == [(42,)]


def test_a_corrected_class_list_replaces_only_its_own_class(con, tmp_path):
    write_at(tmp_path / "国培_GP2023001_学员名单_一班.xlsx", guopei_rows(ids(3)), T0)
    write_at(tmp_path / "国培_GP2023001_学员名单_二班.xlsx", guopei_rows(ids(2, 10)), T0)
    load_paths([tmp_path], con, tmp_path)
    fixed_path = write_at(tmp_path / "国培_GP2023001_学员名单_一班(修订).xlsx", guopei_rows(ids(4)), T1)
    [fixed] = load_paths([fixed_path], con, tmp_path).files
    assert fixed.status == "replaced"
    assert q(con, "select source_file, count(*) from raw.guopei_trainees group by 1 order by 1") == [
        ("国培_GP2023001_学员名单_一班(修订).xlsx", 4), ("国培_GP2023001_学员名单_二班.xlsx", 2)]


def test_a_file_keyed_export_is_replaced_by_the_same_name_with_a_version_mark(con, tmp_path):
    from test_readers import provincial_rows

    write_at(tmp_path / "省平台学时导出_2023.xlsx", provincial_rows(), T0)
    write_at(tmp_path / "省平台学时导出_2023(更正).xlsx", provincial_rows()[:5], T1)
    write_at(tmp_path / "省平台学时导出_2022.xlsx", provincial_rows()[:4], T0)
    report = load_paths([tmp_path], con, tmp_path)
    by_file = {f.source_file: f.status for f in report.files}
    # (更正) sorts first and loads first; the original then arrives as its older version
    assert by_file == {"省平台学时导出_2023(更正).xlsx": "new", "省平台学时导出_2023.xlsx": "superseded",
                       "省平台学时导出_2022.xlsx": "new"}
    assert q(con, "select source_file, count(*) from raw.provincial_records group by 1 order by 1") == [
        ("省平台学时导出_2022.xlsx", 1), ("省平台学时导出_2023(更正).xlsx", 1)]


def _state(con):
    """The raw rows and the version history (per file: status, its predecessor's file)."""
    rows = q(con, "select id_number, source_file from raw.roster order by 1")
    history = q(con, """
        select m.source_file, m.status, p.source_file
        from raw.load_manifest m left join raw.load_manifest p on p.load_id = m.replaces_load_id
        order by 1""")
    return rows, history


def _roster_versions(folder):
    """教师花名册.xlsx (original, 3 teachers) and 教师花名册-更正.xlsx (corrected, 2 teachers): the
    correction sorts before the original by name, and its copy is even older on disk."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        (folder / "教师花名册.xlsx", roster_rows(ids(3)), T1),
        (folder / "教师花名册-更正.xlsx", roster_rows(ids(2)), T0),
    ]


def test_a_rebuild_from_the_folder_keeps_the_corrected_roster_whatever_the_name_order(tmp_path):
    versions = _roster_versions(tmp_path / "land")
    for path, rows, when in versions:
        write_at(path, rows, when)
    with duckdb.connect() as rebuilt:
        report = load_paths([tmp_path / "land"], rebuilt, tmp_path / "land")
        assert {f.source_file: f.status for f in report.files} == {
            "教师花名册-更正.xlsx": "new", "教师花名册.xlsx": "superseded"}
        assert "older version of 教师花名册-更正.xlsx" in report.files[1].message
        rebuilt_state = _state(rebuilt)
    assert rebuilt_state == (
        [(ids(2)[0], "教师花名册-更正.xlsx"), (ids(2)[1], "教师花名册-更正.xlsx")],
        [("教师花名册-更正.xlsx", "loaded", "教师花名册.xlsx"), ("教师花名册.xlsx", "superseded", None)],
    )
    # the same versions loaded one by one in time order (original first) end the same way
    with duckdb.connect() as incremental:
        for path, rows, when in versions:
            target = tmp_path / "inc" / path.name
            write_at(target, rows, when)
            load_paths([target], incremental, tmp_path / "inc")
        assert _state(incremental) == rebuilt_state


def test_an_older_version_arriving_later_does_not_replace_the_newer(con, tmp_path):
    newer = write_at(tmp_path / "a" / "花名册.xlsx", roster_rows(ids(2)), T1)
    older = write_at(tmp_path / "b" / "花名册.xlsx", roster_rows(ids(3)), T0)  # same school, no mark
    assert load_paths([newer], con, tmp_path).files[0].status == "new"
    [late] = load_paths([older], con, tmp_path).files
    assert late.status == "superseded" and late.superseded_by is not None
    assert q(con, "select count(*), min(source_file) from raw.roster") == [(2, "a/花名册.xlsx")]
    assert q(con, "select status from raw.load_manifest order by source_file") == [("loaded",), ("superseded",)]


def test_a_replacement_that_drops_rows_keeps_both_versions_counts_and_warns(con, tmp_path):
    original = write_at(tmp_path / "国培_GP2023001_学员名单.xlsx", guopei_rows(ids(10)), T0)
    fixed = write_at(tmp_path / "国培_GP2023001_学员名单(更正).xlsx", guopei_rows(ids(7)), T1)
    [first] = load_paths([original], con, tmp_path).files
    [second] = load_paths([fixed], con, tmp_path).files
    assert (second.status, second.replaces_load_id, second.rows_before) == ("replaced", first.load_id, 10)
    assert any("30% of the rows dropped" in w for w in second.warnings)
    assert q(con, """
        select m.rows_loaded, p.rows_loaded, p.status, p.superseded_by = m.load_id
        from raw.load_manifest m join raw.load_manifest p on p.load_id = m.replaces_load_id""") == [
        (7, 10, "superseded", True)]


def test_a_rebuild_warns_about_the_same_dropped_rows_on_the_older_file(con, tmp_path):
    write_at(tmp_path / "国培_GP2023001_学员名单.xlsx", guopei_rows(ids(10)), T0)
    write_at(tmp_path / "国培_GP2023001_学员名单(更正).xlsx", guopei_rows(ids(7)), T1)
    fixed, original = load_paths([tmp_path], con, tmp_path).files  # (更正) sorts first
    assert (fixed.status, original.status) == ("new", "superseded")
    assert any("30% of the rows dropped" in w for w in original.warnings)
    assert q(con, "select replaces_load_id from raw.load_manifest where load_id = ?", [fixed.load_id]) == [
        (original.load_id,)]


def test_a_replacement_within_the_allowed_share_does_not_warn(con, tmp_path):
    original = write_at(tmp_path / "国培_GP2023001_学员名单.xlsx", guopei_rows(ids(10)), T0)
    fixed = write_at(tmp_path / "国培_GP2023001_学员名单(更正).xlsx", guopei_rows(ids(8)), T1)
    load_paths([original], con, tmp_path)
    [second] = load_paths([fixed], con, tmp_path).files
    assert second.status == "replaced" and second.rows_before == 10 and second.warnings == []


def test_an_identical_copy_loads_under_the_original_name_whatever_the_name_order(con, tmp_path):
    rows = roster_rows(ids(2))
    write_at(tmp_path / "教师花名册 - 副本.xlsx", rows, T1)  # sorts first (' ' < '.')
    original = write_at(tmp_path / "教师花名册.xlsx", rows, T1)
    original.write_bytes((tmp_path / "教师花名册 - 副本.xlsx").read_bytes())  # byte-identical
    report = load_paths([tmp_path], con, tmp_path)
    assert {f.source_file: f.status for f in report.files} == {
        "教师花名册 - 副本.xlsx": "unchanged", "教师花名册.xlsx": "new"}
    assert report.files[0].message == "same content as 教师花名册.xlsx in this run (loaded under that name)"
    assert q(con, "select distinct source_file from raw.roster") == [("教师花名册.xlsx",)]


@pytest.mark.parametrize(("stem", "copy"), [("教师花名册 - 副本", True), ("名单 - Copy", True),
                                            ("名单(1)", True), ("名单的副本", True), ("名单", False)])
def test_copy_names_are_recognised(stem, copy):
    from ingest.versions import is_copy_name

    assert is_copy_name(stem) is copy


def test_versions_nothing_orders_are_loaded_in_arrival_order_with_a_warning(con, tmp_path):
    first = write_at(tmp_path / "a" / "花名册.xlsx", roster_rows(ids(2)), T0)
    second = write_at(tmp_path / "b" / "花名册.xlsx", roster_rows(ids(3)), T0)  # same school, same time
    load_paths([first], con, tmp_path)
    [late] = load_paths([second], con, tmp_path).files
    assert late.status == "replaced"
    assert late.warnings == [
        "a/花名册.xlsx and this file are versions of one logical file that neither a version mark "
        "nor the modification time orders: the later load wins; add a mark such as (更正) or a "
        "date to the newer file's name"
    ]


def test_class_named_only_in_the_title_keeps_two_lists_apart(con, tmp_path):
    for name, title, start in (("甲", "国培计划GP2023001项目一班学员名单", 0), ("乙", "国培计划GP2023001项目二班学员名单", 5)):
        rows = guopei_rows(ids(5, start))
        rows[0] = [title]
        write_xlsx(tmp_path / f"国培_GP2023001_学员名单_{name}.xlsx", rows)
    report = load_paths([tmp_path], con, tmp_path)
    assert sorted((f.status, f.logical_key) for f in report.files) == [
        ("new", "project_code=GP2023001;batch=班1"), ("new", "project_code=GP2023001;batch=班2")]
    assert q(con, "select count(*) from raw.guopei_trainees") == [(10,)]
