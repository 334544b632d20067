"""Canonical raw tables (docs/data_contract.md section 2) as pandera DataFrameModels.

The models are the single definition of each table: the DuckDB DDL is derived from them, and
the readers validate every frame with `lazy=True` so that failure cases become quarantine rows.
"""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl
from pandera.typing.polars import Series

from ingest import vocabularies
from ingest.limits import MAX_RECORD_HOURS

# codes from the one vocabulary file (ingest/profiles/_vocabularies.yaml)
LEVEL = vocabularies.codes("level")
MODE = vocabularies.codes("mode")
OUTCOME = vocabularies.codes("outcome")
REVIEW_STATUS = vocabularies.codes("review_status")
MARK = vocabularies.codes("mark")
STAGE = vocabularies.codes("stage")
SCHOOL_AREA = vocabularies.codes("school_area")
GENDER = vocabularies.codes("gender")
UNIT_DECLARED = ["yuan", "wan_yuan"]
CONTRACT_VOCABULARIES = {
    "level": LEVEL, "mode": MODE, "outcome": OUTCOME, "review_status": REVIEW_STATUS,
    "mark": MARK, "stage": STAGE, "school_area": SCHOOL_AREA, "gender": GENDER,
}

ID18 = r"^[0-9]{17}[0-9X]$"
MASK = r"^[0-9X*]{15,18}$"


def _id(nullable: bool = False):
    return pa.Field(nullable=nullable, str_matches=ID18)


def _vocab(codes: list[str], nullable: bool = True):
    return pa.Field(nullable=nullable, isin=codes)


def _hours():
    return pa.Field(nullable=True, ge=0, le=MAX_RECORD_HOURS)


def _money():
    return pa.Field(nullable=True, ge=0)


class Lineage(pa.DataFrameModel):
    source_file: Series[str] = pa.Field(nullable=False)
    source_sheet: Series[str] = pa.Field(nullable=False)
    source_row: Series[pl.Int32] = pa.Field(nullable=False, ge=1)

    class Config:
        strict = True
        coerce = False


class Roster(Lineage):
    id_number: Series[str] = _id()
    name: Series[str] = pa.Field(nullable=False)
    gender: Series[str] = _vocab(GENDER)
    birth_date: Series[date] = pa.Field(nullable=True)
    stage: Series[str] = _vocab(STAGE)
    subject: Series[str] = pa.Field(nullable=True)
    title: Series[str] = pa.Field(nullable=True)
    phone: Series[str] = pa.Field(nullable=True)
    school_code: Series[str] = pa.Field(nullable=False)
    school_name: Series[str] = pa.Field(nullable=True)
    county: Series[str] = pa.Field(nullable=True)
    school_area: Series[str] = _vocab(SCHOOL_AREA)


class ProvincialRecords(Lineage):
    id_number: Series[str] = _id()
    name: Series[str] = pa.Field(nullable=False)
    school_name: Series[str] = pa.Field(nullable=True)
    county: Series[str] = pa.Field(nullable=True)
    stage: Series[str] = _vocab(STAGE)
    subject: Series[str] = pa.Field(nullable=True)
    project_code: Series[str] = pa.Field(nullable=True)
    project_name: Series[str] = pa.Field(nullable=True)
    level: Series[str] = _vocab(LEVEL)
    mode: Series[str] = _vocab(MODE)
    start_date: Series[date] = pa.Field(nullable=True)
    end_date: Series[date] = pa.Field(nullable=True)
    hours: Series[float] = _hours()
    practice_hours: Series[float] = _hours()
    outcome: Series[str] = _vocab(OUTCOME)
    review_status: Series[str] = _vocab(REVIEW_STATUS)


class PlatformRecords(Lineage):
    id_mask: Series[str] = pa.Field(nullable=False, str_matches=MASK)
    name: Series[str] = pa.Field(nullable=False)
    school_name: Series[str] = pa.Field(nullable=True)
    course_name: Series[str] = pa.Field(nullable=True)
    project_code: Series[str] = pa.Field(nullable=True)
    hours: Series[float] = _hours()
    outcome: Series[str] = _vocab(OUTCOME)
    learned_on: Series[date] = pa.Field(nullable=True)


class GuopeiTrainees(Lineage):
    project_code: Series[str] = pa.Field(nullable=False)
    id_number: Series[str] = _id()
    name: Series[str] = pa.Field(nullable=False)
    school_name: Series[str] = pa.Field(nullable=True)
    county: Series[str] = pa.Field(nullable=True)
    stage: Series[str] = _vocab(STAGE)
    subject: Series[str] = pa.Field(nullable=True)
    reported: Series[bool] = pa.Field(nullable=True)
    outcome: Series[str] = _vocab(OUTCOME)
    hours: Series[float] = _hours()


class SigninAttendance(Lineage):
    school_code: Series[str] = pa.Field(nullable=False)
    year: Series[pl.Int32] = pa.Field(nullable=False, ge=1900, le=2100)
    id_number: Series[str] = _id()
    name: Series[str] = pa.Field(nullable=False)
    session_date: Series[date] = pa.Field(nullable=False)
    session_title: Series[str] = pa.Field(nullable=True)
    session_hours: Series[float] = _hours()
    mark: Series[str] = _vocab(MARK, nullable=False)


class SchoolFunding(Lineage):
    year: Series[pl.Int32] = pa.Field(nullable=False, ge=1900, le=2100)
    school_code: Series[str] = pa.Field(nullable=False)
    school_name: Series[str] = pa.Field(nullable=True)
    county: Series[str] = pa.Field(nullable=True)
    public_funds_budget_yuan: Series[float] = _money()
    payroll_yuan: Series[float] = _money()
    training_spend_yuan: Series[float] = _money()
    spend_travel_yuan: Series[float] = _money()
    spend_meals_yuan: Series[float] = _money()
    spend_materials_yuan: Series[float] = _money()
    spend_accommodation_yuan: Series[float] = _money()
    spend_fees_yuan: Series[float] = _money()
    unit_declared: Series[str] = _vocab(UNIT_DECLARED)


class TrainingPlan(Lineage):
    year: Series[pl.Int32] = pa.Field(nullable=False, ge=1900, le=2100)
    project_code: Series[str] = pa.Field(nullable=False)
    project_name: Series[str] = pa.Field(nullable=True)
    level: Series[str] = _vocab(LEVEL)
    mode: Series[str] = _vocab(MODE)
    provider: Series[str] = pa.Field(nullable=True)
    start_date: Series[date] = pa.Field(nullable=True)
    end_date: Series[date] = pa.Field(nullable=True)
    hours: Series[float] = _hours()
    practice_hours: Series[float] = _hours()
    planned_seats: Series[pl.Int32] = pa.Field(nullable=True, ge=0)
    target_stage: Series[str] = pa.Field(nullable=True)
    rural_only: Series[bool] = pa.Field(nullable=True)
    budget_yuan: Series[float] = _money()


class SeatAllocation(Lineage):
    year: Series[pl.Int32] = pa.Field(nullable=False, ge=1900, le=2100)
    project_code: Series[str] = pa.Field(nullable=False)
    school_code: Series[str] = pa.Field(nullable=False)
    school_name: Series[str] = pa.Field(nullable=True)
    allocated_seats: Series[pl.Int32] = pa.Field(nullable=True, ge=0)


class SatisfactionSurvey(Lineage):
    """One anonymous questionnaire of a project's trainee satisfaction survey (满意度调查)."""

    project_code: Series[str] = pa.Field(nullable=False)
    provider: Series[str] = pa.Field(nullable=True)
    response_id: Series[str] = pa.Field(nullable=True)
    submitted_on: Series[date] = pa.Field(nullable=True)
    overall_score: Series[pl.Int32] = pa.Field(nullable=False, ge=1, le=5)


MODELS: dict[str, type[Lineage]] = {
    "roster": Roster,
    "provincial_records": ProvincialRecords,
    "platform_records": PlatformRecords,
    "guopei_trainees": GuopeiTrainees,
    "signin_attendance": SigninAttendance,
    "school_funding": SchoolFunding,
    "training_plan": TrainingPlan,
    "seat_allocation": SeatAllocation,
    "satisfaction_survey": SatisfactionSurvey,
}
LINEAGE = ["source_file", "source_sheet", "source_row"]
# Tables with a full ID number get k_teacher (ingest/teacher_key.py), filled at insert time after
# validation, so it is a warehouse column, not a reader column (platform IDs are masked: no key).
KEYED_TABLES = [t for t, model in MODELS.items() if "id_number" in model.to_schema().columns]

_DUCK = {
    pl.String: "varchar", pl.Date: "date", pl.Float64: "double", pl.Int32: "integer",
    pl.Int64: "bigint", pl.Boolean: "boolean",
}


def polars_schema(table: str) -> dict[str, pl.DataType]:
    """Column -> polars dtype, in contract order (value columns, then lineage)."""
    cols = MODELS[table].to_schema().columns
    types = {name: col.dtype.type for name, col in cols.items()}
    values = [c for c in types if c not in LINEAGE]
    return {c: types[c] for c in values + LINEAGE}


def value_columns(table: str) -> list[str]:
    return [c for c in polars_schema(table) if c not in LINEAGE]


def ddl(table: str) -> str:
    """CREATE TABLE for raw.<table> (contract columns, then the lineage columns and load_id, then
    k_teacher where the table has an id_number)."""
    cols = [f"{name} {_DUCK[type(dt) if not isinstance(dt, type) else dt]}" for name, dt in polars_schema(table).items()]
    cols.append("load_id varchar")
    if table in KEYED_TABLES:
        cols.append("k_teacher varchar")
    return f"create table if not exists raw.{table} ({', '.join(cols)})"


BOOKKEEPING_DDL = {
    "load_manifest": (
        "create table if not exists raw.load_manifest (load_id varchar, source_file varchar, "
        "content_hash varchar, profile varchar, logical_key varchar, rows_read integer, "
        "rows_loaded integer, rows_quarantined integer, rows_skipped integer, status varchar, "
        "message varchar, loaded_at timestamp)"
    ),
    "quarantine": (
        "create table if not exists raw.quarantine (load_id varchar, source_file varchar, "
        "source_sheet varchar, source_row integer, profile varchar, target_table varchar, "
        "reason_codes varchar, reason_detail varchar, raw_values varchar)"
    ),
    "skipped_rows": (
        "create table if not exists raw.skipped_rows (load_id varchar, source_file varchar, "
        "source_sheet varchar, source_row integer, reason varchar)"
    ),
}
SKIP_REASONS = ["blank", "title", "export_time", "header", "hours_row", "total", "subtotal", "note"]
REASON_CODES = [
    "ID_MISSING", "ID_INVALID", "ID_EXCEL_DAMAGED", "DATE_INVALID", "HOURS_INVALID",
    "HOURS_NEGATIVE", "AMOUNT_INVALID", "VALUE_NOT_IN_VOCABULARY", "REQUIRED_MISSING",
    "TEXT_IMPLAUSIBLE", "DUPLICATE_COLUMN_CONFLICT",
]
