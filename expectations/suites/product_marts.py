"""What the suites know about the bureau products' marts: minimum columns and titles (data
only, so that marts.py can list them without importing the suites)."""

from __future__ import annotations

# Minimum columns of each product mart (the columns the pages, workbooks and checks read).
PRODUCT_COLUMNS: dict[str, list[str]] = {
    "mart_teacher_early_warning": [
        "k_teacher", "school_code", "county", "cycle_start_year", "hours_counted",
        "required_hours", "hours_needed", "school_years_remaining", "hours_per_remaining_year",
        "risk_class",
    ],
    "mart_school_early_warning": [
        "school_code", "county", "roster_teachers", "n_on_track", "n_at_risk",
        "n_cannot_finish", "share_at_risk", "rank_in_county",
    ],
    "mart_school_appraisal": [
        "school_code", "year", "county", "indicator", "weight", "value", "county_median",
        "rank_in_county", "change_from_last_year", "weighted_points",
    ],
    "mart_school_appraisal_score": [
        "school_code", "year", "county", "weighted_score", "county_median", "rank_in_county",
        "indicators",
    ],
    "mart_provider_year_scorecard": [
        "provider", "year", "enrolled", "attended", "no_shows", "dismissed", "passed",
        "fill_rate", "attendance_rate", "pass_rate", "cost_per_trainee_hour_yuan",
        "survey_responses", "mean_satisfaction", "satisfied_share",
    ],
    "mart_project_school_bulletin": [
        "project_code", "year", "school_code", "k_teacher", "attended", "outcome", "passed",
        "study_hours", "school_attendance_rate", "school_pass_rate", "county_attendance_rate",
        "county_pass_rate",
    ],
}  # fmt: skip
PRODUCT_TITLES: dict[str, str] = {
    "mart_teacher_early_warning": "360学时预警(教师) Early warning per teacher",
    "mart_school_early_warning": "360学时预警(学校) Early warning per school",
    "mart_school_appraisal": "学校考核指标 School appraisal indicators",
    "mart_school_appraisal_score": "学校考核得分 School appraisal score",
    "mart_provider_year_scorecard": "承训机构评价 Provider scorecard",
    "mart_project_school_bulletin": "培训通报 Training bulletin",
}
PRODUCT_MARTS: tuple[str, ...] = tuple(PRODUCT_COLUMNS)
