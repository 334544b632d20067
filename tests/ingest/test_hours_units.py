"""Every hours column takes its unit from its header: 分钟/min are minutes,
小时/学时/课时 are hours, a header that declares nothing takes the profile's default; when an
export has credited hours beside the study time in minutes, the credited hours count."""

from __future__ import annotations

import pytest
from ingest_builders import ID_C, PROVINCIAL_HEADER, write_csv, write_xlsx

from ingest.headers import header_text
from ingest.reader import read_file

MASK = "6105**********4322"


def platform_hours(tmp_path, hours_header: str, cell: object) -> list[float | None]:
    rows = [
        ["姓名", "证件号码", "单位", "课程名称", hours_header, "完成状态"],
        ["张三", MASK, "实验小学", "课程一", cell, "已完成"],
    ]
    read = read_file(write_csv(tmp_path / "platform.csv", rows), tmp_path)
    assert read.profile == "platform_records", read.unmatched_reason
    return read.canonical()["platform_records"]["hours"].to_list()


@pytest.mark.parametrize(
    ("header", "cell", "hours"),
    [
        ("获得学时", "10", 10.0),  # credited hours: 10 h, not 10 minutes
        ("认定学时", "10", 10.0),
        ("学时", "10", 10.0),
        ("学时(小时)", "1.5", 1.5),
        ("学时（小时）", "1.5", 1.5),
        ("学时/小时", "1.5", 1.5),
        ("学时(分钟)", "90", 1.5),
        ("学习时长(分钟)", "90", 1.5),
        ("学习时长（分钟）", "90", 1.5),
        ("学习时长(min)", "90", 1.5),
        ("学习时长分钟", "90", 1.5),
        ("时长/min", "90", 1.5),
        ("学习时长(小时)", "2", 2.0),
        ("时长(h)", "2", 2.0),
        ("学习时长", "90", 1.5),  # declares no unit: the platform profile's default, minutes
        ("有效学习时长", "90", 1.5),
        ("获得学时", "90分钟", 1.5),  # a unit in the cell beats the header's
    ],
)
def test_platform_hours_column_takes_its_unit_from_its_header(tmp_path, header, cell, hours):
    assert platform_hours(tmp_path, header, cell) == [hours]


@pytest.mark.parametrize(
    ("header", "unit"),
    [("获得学时", "hours"), ("学时", "hours"), ("课时", "hours"), ("登记学时", "hours"),
     ("学习时长(分钟)", "minutes"), ("时长/min", "minutes"), ("学习时长", None),
     ("培训经费(万元)", "wan_yuan")],
)
def test_header_declares_its_unit(header, unit):
    assert header_text(header).unit == unit


def test_credited_hours_count_when_the_export_also_has_study_minutes(tmp_path):
    rows = [
        ["姓名", "证件号码", "单位", "课程名称", "项目编号", "学习时长(分钟)", "获得学时", "完成状态"],
        ["张三", MASK, "实验小学", "课程一", "W1", "720", "10", "已完成"],
        ["张三", MASK, "实验小学", "课程二", "W1", "45", "0.5", "已完成"],
    ]
    read = read_file(write_csv(tmp_path / "教师研修网学时.csv", rows, bom=True), tmp_path)
    assert read.canonical()["platform_records"]["hours"].to_list() == [10.0, 0.5]
    # the study time is not loaded, and the report says so
    assert any("'学习时长(分钟)'" in w and "'获得学时' is loaded" in w for w in read.warnings)


def test_study_minutes_alone_are_converted_to_hours(tmp_path):
    rows = [
        ["姓名", "证件号码", "单位", "课程名称", "项目编号", "学习时长(分钟)", "完成状态"],
        ["张三", MASK, "实验小学", "课程一", "W1", "720", "已完成"],
    ]
    read = read_file(write_csv(tmp_path / "网络研修.csv", rows), tmp_path)
    assert read.canonical()["platform_records"]["hours"].to_list() == [12.0]


def test_provincial_hours_declared_in_minutes_are_converted(tmp_path):
    header = [("登记学时(分钟)" if h == "登记学时" else h) for h in PROVINCIAL_HEADER]
    row = [1, "张三", ID_C, "一中", "临渭区", "小学", "语文", "P1", "项目一", "县培", "集中培训",
           "2023-03-05", "2023-03-07", 150, 0, "合格", "已认定"]
    read = read_file(write_xlsx(tmp_path / "export.xlsx", [header, row]), tmp_path)
    assert read.canonical()["provincial_records"]["hours"].to_list() == [2.5]
