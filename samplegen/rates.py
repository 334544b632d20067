"""Planted-defect rates and the policy defaults the plants rely on."""

from __future__ import annotations

EXCEL_MAX_ROWS = 1_048_576
CYCLE_START_YEAR = 2021  # config/policy.yml defaults; used only to keep GP plants in one cycle
CYCLE_LENGTH = 5
BAN_YEARS = 3

RATES = {
    "ID_EXCEL_DAMAGED": 1 / 500,
    "ID_INVALID": 1 / 600,
    "MISSING_HOURS": 1 / 600,
    "NO_TRAINING_IN_YEAR": 1 / 500,
    "GP_OVER_CYCLE_LIMIT": 1 / 1000,
    "GP_BANNED_REENROLLED": 1 / 1000,
    "PROJECT_OVER_QUOTA": 1 / 1500,
    "DUP_SOURCES_DISAGREE": 1 / 1000,
    "SCHOOL_UNDER_5PCT": 1 / 1000,
    # issue 5
    "HOURS_NEGATIVE": 1 / 1000,
    "SIGNIN_SESSION_NO_HOURS": 1 / 1500,
    "PROJECT_NO_HOURS": 1 / 3000,
    "HOURS_OVER_PROJECT": 1 / 1000,
    "HOURS_OVER_DAILY_MAX": 1 / 1000,
    "UNKNOWN_TEACHER": 1 / 1000,
    "PLATFORM_ID_UNRESOLVED": 1 / 1000,
    "GP_ANNUAL_HOURS_MET": 1 / 1500,
    "SCHOOL_OVER_ALLOCATION": 1 / 1500,
    "GP_INELIGIBLE_TRAINEE": 1 / 1500,
    "KPI_PASSED_NOT_ATTENDED": 1 / 1500,
    "COUNTY_UNDER_1_5PCT": 1 / 3000,
    "FUNDING_UNIT_SUSPECT": 1 / 1500,
}
ANNUAL_HOURS = 72  # config/policy.yml annual_hours_guideline (GP_ANNUAL_HOURS_MET plants)
# kinds of teacher plants whose first provincial record (a 县培 project open to all) is the defect
REC_DEFECTS = {
    "DAMAGED_FLOAT": "ID_EXCEL_DAMAGED",
    "DAMAGED_000": "ID_EXCEL_DAMAGED",
    "BAD_CHECK": "ID_INVALID",
    "BAD_DATE": "ID_INVALID",
    "MISSING_BLANK": "MISSING_HOURS",
    "MISSING_ZERO": "MISSING_HOURS",
    "NEG_HOURS": "HOURS_NEGATIVE",
    "OVER_PROJECT": "HOURS_OVER_PROJECT",
    "OVER_DAILY": "HOURS_OVER_DAILY_MAX",
}
QUARANTINED_KINDS = {"DAMAGED_FLOAT", "DAMAGED_000", "BAD_CHECK", "BAD_DATE", "NEG_HOURS"}
