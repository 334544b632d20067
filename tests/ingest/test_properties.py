"""Property tests: random junk cells and rows never crash a reader, and every row of a read sheet
ends in exactly one place (canonical, quarantine or skipped)."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_builders import (
    FUNDING_HEADER,
    GUOPEI_HEADER,
    ID_A,
    ID_C,
    PLATFORM_HEADER,
    PROVINCIAL_HEADER,
    ROSTER_HEADER,
)

from ingest.grid import Sheet, UnreadableFile, read_workbook, rows_to_frame
from ingest.profiles import load_profiles
from ingest.reader import read_sheet
from ingest.schemas import REASON_CODES, SKIP_REASONS

PROFILES = load_profiles()
SIGNIN_HEADER = ["序号", "姓名", "身份证号", "2021-03-10\n课例研讨", "2021-05-10\n反思"]
HEADERS = [PROVINCIAL_HEADER, PLATFORM_HEADER, GUOPEI_HEADER, ROSTER_HEADER, FUNDING_HEADER, SIGNIN_HEADER]

nasty_text = st.sampled_from([
    "", " ", "合计", "小计", "注：说明", "学时", "导出时间：2024-01-01", "√", "×", "请假", "是", "否",
    "合格", "优秀", "国培", "集中培训", "已认定", "小学", "3学时", "90分钟", "-1", "1e400", "NaN",
    "2023.3.5", "2023年3月5日", "2023-02-30", "44990", "3.10105E+17", ID_A, ID_C, ID_C.lower(),
    "6101**********1234", "110105491231002", "3135003211.0", "万元", "\u3000", "（元）", "#REF!",
    "姓名", "身份证号", "学校代码", "\n", "\"", ",", "\x00",
])
cell = st.one_of(
    st.none(),
    nasty_text,
    st.text(max_size=8),
    st.integers(min_value=-10**19, max_value=10**19),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
)
row = st.lists(cell, min_size=0, max_size=8)


@st.composite
def grids(draw):
    above = draw(st.lists(row, max_size=3))
    header = draw(st.one_of(st.none(), st.sampled_from(HEADERS)))
    body = draw(st.lists(row, max_size=12))
    rows = above + ([list(header)] if header else []) + body
    return rows or [[None]]


def check_conservation(sheet_read, height):
    if sheet_read.profile is None:
        return
    canon_rows = set(sheet_read.canonical["source_row"].to_list()) if sheet_read.canonical is not None else set()
    q_rows = sheet_read.quarantine["source_row"].to_list()
    s_rows = sheet_read.skipped["source_row"].to_list()
    assert sheet_read.rows_read == height
    assert len(canon_rows) + len(q_rows) + len(s_rows) == height
    assert sorted(list(canon_rows) + q_rows + s_rows) == list(range(1, height + 1))
    for codes in sheet_read.quarantine["reason_codes"].to_list():
        parts = codes.split(",")
        assert parts == sorted(set(parts)) and set(parts) <= set(REASON_CODES)
    assert set(sheet_read.skipped["reason"].to_list()) <= set(SKIP_REASONS)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids())
def test_random_grids_never_crash_and_every_row_lands_exactly_once(rows):
    frame = rows_to_frame(rows)
    warnings: list[str] = []
    result = read_sheet(Sheet("S", frame), PROFILES, "f.xlsx", "f", warnings)
    check_conservation(result, frame.height)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(HEADERS), st.lists(row, min_size=1, max_size=10))
def test_any_body_under_a_known_header_is_fully_accounted_for(header, body):
    frame = rows_to_frame([["某某统计表"], list(header), *body])
    result = read_sheet(Sheet("S", frame), PROFILES, "f.xlsx", "f", [])
    assert result.profile is not None
    check_conservation(result, frame.height)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from(["utf-8", "gb18030", None]))
def test_random_bytes_as_csv_either_parse_or_raise_unreadable(tmp_path_factory, data, enc):
    path = tmp_path_factory.mktemp("csv") / "junk.csv"
    path.write_bytes(data)
    try:
        wb = read_workbook(path, encoding=enc)
    except UnreadableFile:
        return
    assert all(isinstance(s.cells, pl.DataFrame) for s in wb.sheets)
    for s in wb.sheets:
        result = read_sheet(s, PROFILES, "junk.csv", "junk", [])
        check_conservation(result, s.cells.height)
