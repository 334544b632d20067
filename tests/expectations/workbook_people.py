"""People, schools and trainings for the correction-workbook tests, added to the hand-written
warehouse of dq_sample_warehouse.py (its findings f01-f13 point at k1-k4, S001/S002, P001/P002).

- restricted.restricted_teacher_directory: k1-k4 with names and ID numbers (masked by the model)
- raw.roster: the two schools' names and counties
- main.int_projects: P001 2022 with its dates (P002 is left to the participation mart)
- raw.quarantine: the quarantined roster row that finding f01 (ID_INVALID) points at
"""

from __future__ import annotations

import json

import duckdb

from expectations.workbook_rows import mask_id

# k_teacher, id_number, name, school_code
TEACHERS = [
    ("k1", "610503199706260547", "张三", "S001"),
    ("k2", "61052419800101123X", "李四", "S001"),
    ("k3", "610116198805054321", "王五", "S002"),
    ("k4", "610116199001011234", "赵六", "S002"),
]
SCHOOLS = [("S001", "雁塔区第一小学", "雁塔区"), ("S002", "长安区 实验中学/分校", "长安区")]
F01_RAW = {"序号": "3", "*姓名": "钱七", "身份证号\n(18位)": "61050319970626054Y"}


def add_people(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    con.execute("create schema if not exists restricted")
    con.execute(
        "create table restricted.restricted_teacher_directory (k_teacher varchar, "
        "id_number varchar, name varchar, id_number_masked varchar, school_code varchar)"
    )
    con.executemany(
        "insert into restricted.restricted_teacher_directory values (?, ?, ?, ?, ?)",
        [(k, i, n, mask_id(i), s) for k, i, n, s in TEACHERS],
    )
    con.execute("create schema if not exists raw")
    con.execute("create table raw.roster (school_code varchar, school_name varchar, county varchar)")
    con.executemany("insert into raw.roster values (?, ?, ?)", SCHOOLS)
    con.execute(
        "create table main.int_projects (project_code varchar, year integer, project_name varchar, "
        "start_date date, end_date date)"
    )
    con.execute(
        "insert into main.int_projects values "
        "('P001', 2022, '国培计划乡村教师能力提升', date '2022-03-01', date '2022-03-05')"
    )
    con.execute(
        "create table raw.quarantine (load_id varchar, source_file varchar, source_sheet varchar, "
        "source_row integer, profile varchar, target_table varchar, reason_codes varchar, "
        "reason_detail varchar, raw_values varchar)"
    )
    con.execute(
        "insert into raw.quarantine values ('load_a', 'schools/S001/教师花名册.xlsx', 'Sheet1', 5, "
        "'roster', 'roster', 'ID_INVALID', 'check character', ?)",
        [json.dumps(F01_RAW, ensure_ascii=False)],
    )
    return con
