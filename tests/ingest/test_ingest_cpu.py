"""The readers' fast paths (issue 13, ingest CPU) give exactly what the plain paths give.

grid: a sheet read in one chunk has its merged ranges filled on the row lists and, when small,
is finished in Python (`_small_grid`); the reference is the chunked path (rows_to_frame ->
bound_and_clean -> fill_merged). headers: only the profiles whose required columns a candidate
names are scored; the reference scores every profile (`_scan(..., full=True)`).
"""

from __future__ import annotations

import copy
from datetime import date, datetime, time, timedelta

import polars as pl
import pytest

from ingest import grid
from ingest import headers as H
from ingest.limits import RejectedFile
from ingest.profiles import load_profiles
from tests.ingest.ingest_builders import SheetSpec, write_xlsx

DAMAGED = 3.101051980010112e17  # an 18-digit ID stored as a number: Excel kept 16 digits


class _FakeSheet:
    def __init__(self, rows: list[list[object]]):
        self.rows = rows

    def iter_rows(self):
        return iter(copy.deepcopy(self.rows))


def _reference(rows: list[list[object]], merged: list) -> pl.DataFrame:
    df = grid.rows_to_frame(copy.deepcopy(rows)) if rows else pl.DataFrame()
    if df.width == 0:
        df = pl.DataFrame()
    return grid.fill_merged(grid.bound_and_clean(df, "sheet 'x'"), merged)


GRIDS = {
    "signin": (
        [["2023年签到表", "", "", "", ""],
         ["序号", "姓名", "身份证号", "2023-03-05\n师德专题", "2023-04-01"],
         ["学时", "", "", 2.0, "2"],
         [1.0, "王海", DAMAGED, "√", "×"],
         [2.0, "杨艳华", "0012", "√", ""]],
        [((0, 0), (0, 4))],
    ),
    "types": (
        [["a", 1, True, date(2023, 3, 5), datetime(2023, 3, 5, 8, 30)],
         [time(8, 0), timedelta(hours=3), 45000.0, "  ", None],
         [datetime(2023, 3, 5), 3, False, -0.5, 1e-07]],
        [],
    ),
    "nul_and_blank_in_ranges": (
        [["\x00title", "", "\x00", "x", None],
         ["", "\x00\x00", "", "a\x00b", "y"],
         [None, "v", "", "", ""]],
        [((0, 0), (1, 2)), ((1, 3), (2, 4))],
    ),
    "blank_top_left_and_overlaps": (
        [["", "b", "", ""],
         ["", "", "c", ""],
         ["d", "", "", ""]],
        [((0, 0), (1, 1)), ((0, 1), (2, 3)), ((1, 1), (2, 2))],
    ),
    "ranges_outside": (
        [["h1", "h2"], ["v", ""]],
        [((0, 1), (5, 9)), ((7, 0), (9, 1)), ((0, 5), (1, 6))],
    ),
    "ragged": (
        [["a"], ["b", "c", "d"], [], ["e", ""]],
        [((1, 0), (3, 2))],
    ),
    "empty": ([], [((0, 0), (0, 3))]),
    "empty_rows": ([[], []], []),
}


@pytest.mark.parametrize("name", sorted(GRIDS))
@pytest.mark.parametrize("small", [True, False])
def test_one_chunk_grid_equals_chunked_path(name, small, monkeypatch):
    rows, merged = GRIDS[name]
    if not small:
        monkeypatch.setattr(grid, "SMALL_CELLS", 0)  # the polars path of a big sheet
    df, finished = grid._sheet_frame(_FakeSheet(rows), merged, "sheet 'x'")
    assert finished
    expected = _reference(rows, merged)
    assert df.schema == expected.schema
    assert df.equals(expected), (df, expected)


def test_grid_keeps_damage_and_text_visible():
    rows, merged = GRIDS["signin"]
    df, _ = grid._sheet_frame(_FakeSheet(rows), merged, "sheet 'x'")
    assert df.row(0) == ("2023年签到表",) * 5  # the merged title fills its row
    assert df["c2"].to_list()[3:] == ["3.101051980010112e+17", "0012"]  # float ID flagged later
    assert df["c3"][2] == "2.0" and df["c4"][4] is None
    t = grid._sheet_frame(_FakeSheet(GRIDS["types"][0]), [], "sheet 'x'")[0]
    assert t.row(0) == ("a", "1", "TRUE", "2023-03-05", "2023-03-05 08:30:00")
    assert t.row(1) == ("08:00:00", "3:00:00", "45000.0", "  ", None)  # serials stay numbers
    assert t.row(2) == ("2023-03-05", "3", "FALSE", "-0.5", "1e-07")


def test_small_grid_limits(monkeypatch):
    monkeypatch.setattr(grid.L, "MAX_CELL_CHARS", 5)
    with pytest.raises(RejectedFile) as exc:
        grid._sheet_frame(_FakeSheet([["abc", "abcdef"]]), [], "sheet 'x'")
    assert exc.value.code == "LIMIT_CELL_CHARS"
    monkeypatch.setattr(grid.L, "MAX_COLUMNS", 2)
    with pytest.raises(RejectedFile) as exc:
        grid._sheet_frame(_FakeSheet([["a", "b", "c"]]), [((0, 0), (0, 2))], "sheet 'x'")
    assert exc.value.code == "LIMIT_COLUMNS"


def test_xlsx_read_equals_chunked_path(tmp_path, monkeypatch):
    rows = [["教师花名册", None, None, None],
            ["序号", "姓名", "身份证号", "出生日期"],
            [1, "王海", DAMAGED, date(1973, 3, 13)],
            [2, "杨 艳华", "0012", "1966/3/18"],
            [None, None, None, None],
            ["合计", "\x00", None, 45000]]
    path = write_xlsx(tmp_path / "a.xlsx", [SheetSpec("s", rows, merges=[(0, 0, 0, 3), (4, 0, 4, 1)])])
    fast = grid.read_workbook(path).sheets[0].cells
    monkeypatch.setattr(grid, "CHUNK_ROWS", 2)  # several chunks: the plain path
    plain = grid.read_workbook(path).sheets[0].cells
    assert fast.equals(plain) and fast.schema == plain.schema
    assert fast["c2"][2] == "3.101051980010112e+17" and fast["c2"][3] == "0012"


# ---------------------------------------------------------------------------------------------
# Header detection: pruned scoring = every profile scored
# ---------------------------------------------------------------------------------------------

HEADER_GRIDS = {
    "signin_title_hours_row": [
        ["某校2023年校本研修签到表"] * 5,
        ["序号", "姓名", "身份证号", "2023-03-05\n师德专题", "2023-04-01\n课例"],
        ["学时", None, None, "2", "2.5"],
        ["1", "王海", "610102197303137498", "√", "×"],
    ],
    "roster": [
        ["教师花名册"] * 6,
        ["序号", "教师姓名", "身份证件号", "性别", "学校代码", "学校名称"],
        ["1", "王海", "610102197303137498", "男", "3610102001", "新城区实验小学"],
    ],
    "two_row_merged_down": [
        ["序号", "教师姓名", "身份证件号", "学校代码", "任教情况", "任教情况"],
        ["序号", "教师姓名", "身份证件号", "学校代码", "学科", "职称"],
        ["1", "王海", "610102197303137498", "3610102001", "语文", "一级教师"],
    ],
    "unit_in_header": [
        ["单位：万元", None, None, None],
        ["学校代码", "学校名称", "年度", "培训经费支出合计(万元)"],
        ["3610102001", "新城区实验小学", "2023", "1.5"],
    ],
    "blank_rows_first": [
        [None, None, None],
        [None, None, None],
        ["姓名", "证件号码", "课程名称", "学习时长(分钟)"],
        ["王海", "6101**********7498", "师德", "90"],
    ],
    "no_match": [
        ["填表说明", "请按要求填写"],
        ["姓名", "备注"],
        ["王海", "无"],
    ],
    "nothing": [["only one cell"], [None]],
}


@pytest.mark.parametrize("name", sorted(HEADER_GRIDS))
def test_pruned_header_scan_equals_full_scan(name):
    profiles = load_profiles()
    top = HEADER_GRIDS[name]
    pset = H._profile_set(profiles)
    full_best, full_closest = H._scan(top, pset, full=True)
    fast_best, _ = H._scan(top, pset, full=False)
    assert fast_best == full_best
    got = H.detect_header(top, profiles)
    if full_best is None:
        assert isinstance(got, H.NoMatch)
        if full_closest is not None:
            assert got.closest == full_closest[0].name
    else:
        assert isinstance(got, H.HeaderMatch) and got.profile == full_best.profile


def test_header_detection_reads_units_and_matches():
    profiles = load_profiles()
    m = H.detect_header(HEADER_GRIDS["signin_title_hours_row"], profiles)
    assert isinstance(m, H.HeaderMatch) and m.profile.sessions is not None
    assert [s.date for s in m.sessions] == [date(2023, 3, 5), date(2023, 4, 1)]
    m = H.detect_header(HEADER_GRIDS["blank_rows_first"], profiles)
    assert isinstance(m, H.HeaderMatch) and m.header_rows == [2]
    hours_col = m.columns.get("hours")
    assert hours_col is not None and m.headers[hours_col].unit == "minutes"
    m = H.detect_header(HEADER_GRIDS["two_row_merged_down"], profiles)
    assert isinstance(m, H.HeaderMatch) and m.header_rows == [0, 1]
    no = H.detect_header(HEADER_GRIDS["no_match"], profiles)
    assert isinstance(no, H.NoMatch) and no.closest is not None and "closest is" in no.message


def test_fold_and_drop_shortcuts_are_exact():
    """fold_width skips translate when no full-width character is present; _drop skips the
    regex when nothing matches [*\\s]: both checked against the plain operations on every
    code point (alone and inside text) and on typical header texts."""
    import re
    import sys

    from ingest import text as T

    drop = re.compile(r"[*\s]+")
    samples = ["姓名", "*出生日期\n(yyyy-MM-dd)", "学时（分钟）", "Ａ１", "a b", "x\u3000y", "\ufeff学号",
               "培训经费支出合计(万元)", "单位：万元", "时长/min", "", "2023-03-05\n师德专题"]
    chars = [chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF]
    for c in chars[:0x3100] + [c for c in chars[0x3100:] if c.isspace() or 0xFF00 <= ord(c) <= 0xFFFF]:
        samples += [c, f"姓{c}名"]
    for s in samples:
        assert T.fold_width(s) == s.translate(T._FOLD_TABLE), repr(s)
        assert T._drop(s) == drop.sub("", s), repr(s)
