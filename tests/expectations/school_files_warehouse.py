"""A hand-written warehouse for the schools' restricted files (bulletins and warning lists):
the two product marts and the restricted directory, every figure worked out below.

城关区: S1 城关第一小学 (林斌 kA, 王芳 kB), S2 城关第二小学 (张伟 kC, 李娜 kD); 新城区: S3 新城小学
(赵敏 kE). Closed projects of 2023:
  P2023 县级全员培训 (县教师发展中心, ends 2023-04-02), enrolled kA, kB (S1), kC, kD (S2):
    S1: A attended, passed 12 h; B attended, failed (10 h studied, 0 counted)
        -> 2 enrolled, attendance 2/2 = 1.0, pass 1/2 = 0.5
    S2: C attended, passed 12 h; D a no-show -> 2 enrolled, attendance 1/2, pass 1/1
    county: 4 enrolled, attendance 3/4 = 0.75, pass 2/3
  GP1 国培示范项目 (陕西师范大学, ends 2023-07-10), enrolled kA only: excellent, 40 h
    -> S1 and county: 1 enrolled, attendance 1.0, pass 1.0
Early warning as of 2023-12-31 (2 school years left): A 300 h counted, 60 needed, 30 a year,
on track; B 100 / 260 / 130, at risk; C 0 / 360 / 180, cannot finish; D 216 / 144 / 72, on
track; E 70 / 290 / 145, cannot finish. S3 has no closed project: a warning list only.
"""

from __future__ import annotations

import datetime as dt

import duckdb

COUNTY, OTHER_COUNTY = "城关区", "新城区"
S1, S2, S3 = "3101000001", "3101000002", "3102000001"
NAMES = {S1: "城关第一小学", S2: "城关第二小学", S3: "新城小学"}
# k_teacher, full ID number (must never leave the directory), name, masked ID, school
TEACHERS = [
    ("kA", "610102198001010218", "林斌", "6101**********0218", S1),
    ("kB", "610102198102020220", "王芳", "6101**********0220", S1),
    ("kC", "610102198203030233", "张伟", "6101**********0233", S2),
    ("kD", "610102198304040246", "李娜", "6101**********0246", S2),
    ("kE", "610102198405050259", "赵敏", "6101**********0259", S3),
]
P2023 = (2023, "P2023", "县级全员培训", "县教师发展中心", dt.date(2023, 4, 2))
GP1 = (2023, "GP1", "国培示范项目", "陕西师范大学", dt.date(2023, 7, 10))
P2023_COUNTY = (4, 0.75, 2 / 3)
BULLETIN = [  # project, school, k_teacher, attended, outcome, study h, counted h, school rates
    (P2023, S1, "kA", True, "passed", 12, 12, (2, 1.0, 0.5), P2023_COUNTY),
    (P2023, S1, "kB", True, "failed", 10, 0, (2, 1.0, 0.5), P2023_COUNTY),
    (P2023, S2, "kC", True, "passed", 12, 12, (2, 0.5, 1.0), P2023_COUNTY),
    (P2023, S2, "kD", False, "no_show", 0, 0, (2, 0.5, 1.0), P2023_COUNTY),
    (GP1, S1, "kA", True, "excellent", 40, 40, (1, 1.0, 1.0), (1, 1.0, 1.0)),
]
AS_OF = dt.date(2023, 12, 31)
WARNING = [  # k_teacher, school, county, counted, needed, years left, per year, class, zh
    ("kA", S1, COUNTY, 300, 60, 2, 30, "on_track", "进度正常"),
    ("kB", S1, COUNTY, 100, 260, 2, 130, "at_risk", "有风险"),
    ("kC", S2, COUNTY, 0, 360, 2, 180, "cannot_finish", "不破例无法完成"),
    ("kD", S2, COUNTY, 216, 144, 2, 72, "on_track", "进度正常"),
    ("kE", S3, OTHER_COUNTY, 70, 290, 2, 145, "cannot_finish", "不破例无法完成"),
]


def add_school_file_marts(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Create the bulletin and teacher early-warning marts, the restricted directory and (if
    missing) main.int_schools in con, filled with the rows above."""
    con.execute(
        "create table main.mart_project_school_bulletin (year integer, project_code varchar, "
        "project_name varchar, provider varchar, end_date date, school_code varchar, "
        "county varchar, k_teacher varchar, attended boolean, outcome varchar, "
        "study_hours decimal(18,4), counted_hours decimal(18,4), school_enrolled integer, "
        "school_attendance_rate double, school_pass_rate double, county_enrolled integer, "
        "county_attendance_rate double, county_pass_rate double)"
    )
    con.executemany(
        f"insert into main.mart_project_school_bulletin values ({', '.join('?' * 18)})",
        [(*p, s, COUNTY, k, a, o, h, c, *rates, *county)
         for p, s, k, a, o, h, c, rates, county in BULLETIN],
    )  # fmt: skip
    con.execute(
        "create table main.mart_teacher_early_warning (k_teacher varchar, school_code varchar, "
        "county varchar, as_of_date date, hours_counted decimal(18,4), "
        "hours_needed decimal(18,4), school_years_remaining integer, "
        "hours_per_remaining_year decimal(18,4), risk_class varchar, risk_class_zh varchar)"
    )
    con.executemany(
        "insert into main.mart_teacher_early_warning values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(k, s, c, AS_OF, *rest) for k, s, c, *rest in WARNING],
    )
    con.execute("create schema if not exists restricted")
    con.execute(
        "create table restricted.restricted_teacher_directory (k_teacher varchar, "
        "id_number varchar, name varchar, id_number_masked varchar, school_code varchar, "
        "school_name varchar)"
    )
    con.executemany(
        "insert into restricted.restricted_teacher_directory values (?, ?, ?, ?, ?, ?)",
        [(*t, NAMES[t[4]]) for t in TEACHERS],
    )
    con.execute(
        "create table if not exists main.int_schools (school_code varchar, school_name varchar)"
    )
    if not con.execute("select count(*) from main.int_schools").fetchone()[0]:
        con.executemany("insert into main.int_schools values (?, ?)", list(NAMES.items()))
    return con
