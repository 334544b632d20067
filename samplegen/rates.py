"""Planted-defect rates: each teacher-level rule's and the surveys' in its plant module, the
others here."""

from __future__ import annotations

from samplegen.plants import TEACHER_PLANTS, survey_score_invalid

EXCEL_MAX_ROWS = 1_048_576

# school-year, county-year, project and project x school plants (samplegen.plan)
OTHER_RATES = {
    "PROJECT_OVER_QUOTA": 1 / 1500,
    "SCHOOL_UNDER_5PCT": 1 / 1000,
    "SIGNIN_SESSION_NO_HOURS": 1 / 1500,
    "PROJECT_NO_HOURS": 1 / 3000,
    "SCHOOL_OVER_ALLOCATION": 1 / 1500,
    "COUNTY_UNDER_1_5PCT": 1 / 3000,
    "FUNDING_UNIT_SUSPECT": 1 / 1500,
    survey_score_invalid.RULE: survey_score_invalid.RATE,
}
RATES: dict[str, float] = {**{p.rule: p.rate for p in TEACHER_PLANTS}, **OTHER_RATES}
