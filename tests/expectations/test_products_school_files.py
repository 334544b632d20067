"""What a school receives: one restricted workbook (its bulletins, grouped by project, with the
school's and the county's rates, and its 360-hour warning list) and one printable page per
school, holding exactly that school's trainees and teachers. Hand warehouse and its figures:
school_files_warehouse.py."""

from __future__ import annotations

import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest
from school_files_warehouse import (
    COUNTY,
    NAMES,
    OTHER_COUNTY,
    S1,
    S2,
    S3,
    TEACHERS,
    add_school_file_marts,
)

from expectations.products.school_files import build_school_files

FOLDER = Path("restricted") / "schools"
SHEETS = ["培训通报", "参训率与合格率", "360学时预警名单"]
P2023 = (2023, "P2023", "县级全员培训")
GP1 = (2023, "GP1", "国培示范项目")


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    db = add_school_file_marts(duckdb.connect())
    yield db
    db.close()


def _workbook(out: Path, school: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(out / FOLDER / f"{school}_{NAMES[school]}_培训通报与预警名单.xlsx")


def _body(book: openpyxl.Workbook, sheet: str) -> list[tuple]:
    """The rows under the header (row 3: a title row and a blank row above it)."""
    return list(book[sheet].iter_rows(min_row=4, values_only=True))


def _texts(path: Path) -> str:
    """Every XML part of a workbook (cells, shared strings) or a page's text, joined."""
    if path.suffix == ".html":
        return path.read_text(encoding="utf-8")
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def test_one_workbook_per_school_and_one_page_per_school_with_closed_projects(con, tmp_path):
    paths = build_school_files(con, tmp_path)

    assert sorted(p.relative_to(tmp_path / FOLDER).as_posix() for p in paths) == [
        f"{S1}_城关第一小学_培训通报.html", f"{S1}_城关第一小学_培训通报与预警名单.xlsx",
        f"{S2}_城关第二小学_培训通报.html", f"{S2}_城关第二小学_培训通报与预警名单.xlsx",
        f"{S3}_新城小学_培训通报与预警名单.xlsx",  # no closed project: no bulletin page
    ]  # fmt: skip


def test_a_schools_workbook_holds_exactly_its_trainees_rates_and_warning_list(con, tmp_path):
    build_school_files(con, tmp_path)
    book = _workbook(tmp_path, S1)

    assert book.sheetnames == SHEETS
    assert book["培训通报"]["A1"].value == (
        "城关第一小学(3101000001) 培训通报与360学时预警名单 · 限本校使用,不得公开"
    )
    assert next(book["培训通报"].iter_rows(min_row=3, max_row=3, values_only=True)) == (
        "年度", "项目代码", "项目名称", "姓名", "证件号码(脱敏)", "是否参训", "考核结果",
        "学习学时", "计入学时",
    )  # fmt: skip
    # grouped by project (GP1 before P2023), its trainees by name; B studied 10 h, counted 0
    assert _body(book, "培训通报") == [
        (*GP1, "林斌", "6101**********0218", "是", "优秀", 40, 40),
        (*P2023, "林斌", "6101**********0218", "是", "合格", 12, 12),
        (*P2023, "王芳", "6101**********0220", "是", "不合格", 10, 0),
    ]
    # S1 on P2023: 2 enrolled, both attended, 1 of 2 passed; the county: 3 of 4, 2 of 3
    assert _body(book, "参训率与合格率") == [
        (*GP1, "陕西师范大学", "2023-07-10", 1, 1, 1, 1, 1, 1),
        (*P2023, "县教师发展中心", "2023-04-02", 2, 1, 0.5, 4, 0.75, pytest.approx(2 / 3)),
    ]
    # worst first: B at risk (130 h a year), then A on track (30 h)
    assert _body(book, "360学时预警名单") == [
        ("王芳", "6101**********0220", "2023-12-31", 100, 260, 2, 130, "有风险"),
        ("林斌", "6101**********0218", "2023-12-31", 300, 60, 2, 30, "进度正常"),
    ]
    rates = book["参训率与合格率"]
    assert rates["G5"].number_format == "0.0%" and rates["K5"].number_format == "0.0%"


def test_nothing_of_another_school_is_in_a_schools_files(con, tmp_path):
    build_school_files(con, tmp_path)
    by_school: dict[str, list[str]] = {s: [] for s in NAMES}
    for _k, _id, name, masked, school in TEACHERS:
        by_school[school] += [name, masked]
    for path in (tmp_path / FOLDER).iterdir():
        school = path.name.split("_")[0]
        text = _texts(path)
        for other, marks in by_school.items():
            for mark in marks:
                assert (mark in text) == (other == school), (path.name, mark)


def test_s2_workbook_and_page_have_only_the_project_it_took_part_in(con, tmp_path):
    build_school_files(con, tmp_path)
    book = _workbook(tmp_path, S2)

    assert _body(book, "培训通报") == [
        (*P2023, "张伟", "6101**********0233", "是", "合格", 12, 12),
        (*P2023, "李娜", "6101**********0246", "否", "未参训", 0, 0),
    ]
    assert _body(book, "参训率与合格率") == [
        (*P2023, "县教师发展中心", "2023-04-02", 2, 0.5, 1, 4, 0.75, pytest.approx(2 / 3)),
    ]
    page = (tmp_path / FOLDER / f"{S2}_城关第二小学_培训通报.html").read_text(encoding="utf-8")
    assert page.count('<section class="project">') == 1
    assert "县级全员培训" in page and "国培示范项目" not in page
    assert f"全县 {COUNTY}" in page and "75.0%" in page and "66.7%" in page


def test_a_school_without_closed_projects_gets_its_warning_list_and_empty_bulletin_sheets(
    con, tmp_path
):
    build_school_files(con, tmp_path)
    book = _workbook(tmp_path, S3)

    assert book.sheetnames == SHEETS
    assert _body(book, "培训通报") == [] and _body(book, "参训率与合格率") == []
    assert _body(book, "360学时预警名单") == [
        ("赵敏", "6101**********0259", "2023-12-31", 70, 290, 2, 145, "不破例无法完成"),
    ]
    assert OTHER_COUNTY not in _texts(tmp_path / FOLDER / f"{S1}_城关第一小学_培训通报.html")


def test_full_id_numbers_never_leave_the_directory(con, tmp_path):
    paths = build_school_files(con, tmp_path)

    texts = [_texts(p) for p in paths]
    for _k, id_number, *_ in TEACHERS:
        assert not any(id_number in t for t in texts)


def test_files_of_an_earlier_run_and_of_the_per_project_layout_are_replaced(con, tmp_path):
    old = [
        tmp_path / "restricted" / "bulletins" / "2023_P2023" / f"{S1}_城关第一小学_培训通报.xlsx",
        tmp_path / "restricted" / "early_warning" / f"{S1}_城关第一小学_360学时预警名单.xlsx",
        tmp_path / FOLDER / "9999999999_已撤并学校_培训通报与预警名单.xlsx",
    ]
    for path in old:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"stale")

    paths = build_school_files(con, tmp_path)

    assert sorted((tmp_path / "restricted").iterdir()) == [tmp_path / FOLDER]
    assert sorted((tmp_path / FOLDER).iterdir()) == sorted(paths)


def test_without_the_bulletin_mart_a_workbook_holds_the_warning_list_only(con, tmp_path):
    con.execute("drop table main.mart_project_school_bulletin")

    paths = build_school_files(con, tmp_path)

    assert [p.suffix for p in paths] == [".xlsx", ".xlsx", ".xlsx"]
    assert _workbook(tmp_path, S2).sheetnames == ["360学时预警名单"]

