"""Correction workbooks at province scale (task report-scale): only the findings' teachers are
read from the restricted directory, and each gets the name and masked ID the whole directory
gave (a later row of a repeated key wins, a directory row without a key still answers a
finding without one)."""

from __future__ import annotations

import duckdb
import pandas as pd

from expectations.findings import is_missing
from expectations.workbook_rows import _teachers

DIRECTORY = [
    ("kA", "张三", "110101********1234"),
    ("kB", None, "3301"),
    ("kC", "李四", None),
    ("kA", "张三丰", "110101********9999"),  # a repeated key: the later row wins
    (None, "无键", "120101********0000"),
    ("kZ", "王五", "440101********5555"),  # no finding: not read
]


def _con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema restricted")
    con.execute(
        "create table restricted.restricted_teacher_directory "
        "(k_teacher varchar, name varchar, id_number_masked varchar)"
    )
    con.executemany("insert into restricted.restricted_teacher_directory values (?, ?, ?)", DIRECTORY)
    return con


def test_only_the_findings_teachers_are_read_with_the_whole_directorys_answers():
    wanted = pd.Series(["kA", "kB", None, float("nan"), "kC", "kMissing", "kA"], dtype="object")
    teachers = _teachers(_con(), wanted)
    keyless = [v for k, v in teachers.items() if is_missing(k)]
    assert {k: v for k, v in teachers.items() if not is_missing(k)} == {
        "kA": ("张三丰", "1101**********9999"),
        "kB": ("", "3301"),
        "kC": ("李四", ""),
    }
    assert keyless == [("无键", "1201**********0000")]  # as the whole directory's dict had it


def test_no_finding_with_a_teacher_reads_only_the_rows_without_a_key():
    teachers = _teachers(_con(), pd.Series([], dtype="object"))
    assert len(teachers) == 1 and all(is_missing(k) for k in teachers)
