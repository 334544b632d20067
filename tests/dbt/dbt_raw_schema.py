"""The canonical raw tables of docs/data_contract.md section 2, for the dbt tests.

The ingest's ensure_raw_schema() creates the same tables in production; the dbt tests create
their own so they depend on the contract, not on the ingest code. k_teacher is filled the way
ingest fills it (ingest.teacher_key, HMAC-SHA256) with the tests' key, by fill_k_teacher().
"""

from __future__ import annotations

from ingest.teacher_key import TeacherKey, rekey

TEST_HASH_KEY = "test-hash-key"
# the contract's tables with an id_number carry k_teacher (docs/data_contract.md section 2)
KEYED = ("roster", "provincial_records", "guopei_trainees", "signin_attendance")

LINEAGE = "source_file varchar, source_sheet varchar, source_row integer, load_id varchar"

RAW_TABLES: dict[str, str] = {
    "roster": "id_number varchar, name varchar, gender varchar, birth_date date, stage varchar, "
    "subject varchar, title varchar, phone varchar, school_code varchar, school_name varchar, "
    "county varchar, school_area varchar",
    "provincial_records": "id_number varchar, name varchar, school_name varchar, county varchar, "
    "stage varchar, subject varchar, project_code varchar, project_name varchar, level varchar, "
    "mode varchar, start_date date, end_date date, hours double, practice_hours double, "
    "outcome varchar, review_status varchar",
    "platform_records": "id_mask varchar, name varchar, school_name varchar, course_name varchar, "
    "project_code varchar, hours double, outcome varchar, learned_on date",
    "guopei_trainees": "project_code varchar, id_number varchar, name varchar, school_name varchar, "
    "county varchar, stage varchar, subject varchar, reported boolean, outcome varchar, hours double",
    "signin_attendance": "school_code varchar, year integer, id_number varchar, name varchar, "
    "session_date date, session_title varchar, session_hours double, mark varchar",
    "school_funding": "year integer, school_code varchar, school_name varchar, county varchar, "
    "public_funds_budget_yuan double, payroll_yuan double, training_spend_yuan double, "
    "spend_travel_yuan double, spend_meals_yuan double, spend_materials_yuan double, "
    "spend_accommodation_yuan double, spend_fees_yuan double, unit_declared varchar",
    "training_plan": "year integer, project_code varchar, project_name varchar, level varchar, "
    "mode varchar, provider varchar, start_date date, end_date date, hours double, "
    "practice_hours double, planned_seats integer, target_stage varchar, rural_only boolean, "
    "budget_yuan double",
    "seat_allocation": "year integer, project_code varchar, school_code varchar, "
    "school_name varchar, allocated_seats integer",
    "satisfaction_survey": "project_code varchar, provider varchar, response_id varchar, "
    "submitted_on date, overall_score integer",
}

BOOKKEEPING_TABLES: dict[str, str] = {
    "load_manifest": "load_id varchar, source_file varchar, content_hash varchar, profile varchar, "
    "logical_key varchar, rows_read integer, rows_loaded integer, rows_quarantined integer, "
    "rows_skipped integer, status varchar, message varchar, loaded_at timestamp, "
    "superseded_by varchar, replaces_load_id varchar, file_modified_at timestamp",
    "quarantine": "load_id varchar, source_file varchar, source_sheet varchar, source_row integer, "
    "profile varchar, target_table varchar, reason_codes varchar, reason_detail varchar, "
    "raw_values varchar",
    "skipped_rows": "load_id varchar, source_file varchar, source_sheet varchar, "
    "source_row integer, reason varchar",
}


def create_raw_schema(con) -> None:
    """Create schema raw and every contract table (empty) on a DuckDB connection."""
    con.execute("create schema if not exists raw")
    for table, columns in RAW_TABLES.items():
        key = ", k_teacher varchar" if table in KEYED else ""
        con.execute(f"create or replace table raw.{table} ({columns}, {LINEAGE}{key})")
    for table, columns in BOOKKEEPING_TABLES.items():
        con.execute(f"create or replace table raw.{table} ({columns})")


def fixture_key() -> TeacherKey:
    return TeacherKey(TEST_HASH_KEY.encode(), "tests")


def fill_k_teacher(con) -> None:
    """k_teacher of every fixture row with an ID number, as ingest computes it."""
    rekey(con, fixture_key())


def fill_tables(con, tables: dict[str, list[dict]]) -> None:
    """Create the raw tables, insert the rows of `tables` (a column left out of a row is null; a
    column the contract does not have is an error), fill k_teacher as ingest does."""
    create_raw_schema(con)
    for table, rows in tables.items():
        columns = [
            row[0]
            for row in con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = 'raw' and table_name = ? order by ordinal_position",
                [table],
            ).fetchall()
        ]
        unknown = {name for row in rows for name in row} - set(columns)
        assert not unknown, f"raw.{table} has no column {sorted(unknown)}"
        placeholders = ", ".join("?" for _ in columns)
        con.executemany(
            f"insert into raw.{table} ({', '.join(columns)}) values ({placeholders})",
            [[row.get(column) for column in columns] for row in rows],
        )
    fill_k_teacher(con)
