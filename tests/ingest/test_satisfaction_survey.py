"""The satisfaction-survey export: matched by its headers, loaded into
raw.satisfaction_survey, malformed rows quarantined with their reason."""

from __future__ import annotations

from datetime import date

import duckdb

from ingest.loader import load_paths

CSV = (
    "序号,项目编号,承训机构,问卷编号,提交时间,总体满意度\n"
    "1,GP2023-01,陕西师范大学,Q001,2023-08-20,5\n"
    "2,GP2023-01,陕西师范大学,Q002,2023.8.20,4\n"
    "3,GP2023-01,陕西师范大学,Q003,2023-08-21,7\n"
    "4,GP2023-01,陕西师范大学,Q004,2023-08-21,很好\n"
    "5,GP2023-01,陕西师范大学,Q005,2023-08-21,\n"
)


def test_survey_rows_load_and_bad_scores_are_quarantined_with_their_reason(tmp_path):
    land = tmp_path / "land"
    (land / "survey").mkdir(parents=True)
    (land / "survey" / "满意度调查_GP2023-01_2023.csv").write_text(CSV, encoding="utf-8-sig")
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        [result] = load_paths([land], con, land).files
        loaded = con.execute(
            "select project_code, provider, response_id, submitted_on, overall_score, source_row "
            "from raw.satisfaction_survey order by source_row"
        ).fetchall()
        quarantined = con.execute(
            "select source_row, reason_codes, reason_detail from raw.quarantine order by source_row"
        ).fetchall()
    assert (result.profile, result.rows_loaded, result.rows_quarantined) == (
        "satisfaction_survey", 2, 3,
    )  # fmt: skip
    assert loaded == [
        ("GP2023-01", "陕西师范大学", "Q001", date(2023, 8, 20), 5, 2),
        ("GP2023-01", "陕西师范大学", "Q002", date(2023, 8, 20), 4, 3),
    ]
    assert quarantined == [
        (4, "AMOUNT_INVALID", "overall_score: less_than_or_equal_to(5) (7)"),
        (5, "AMOUNT_INVALID", "overall_score: AMOUNT_INVALID (很好)"),
        (6, "REQUIRED_MISSING", "overall_score: REQUIRED_MISSING (blank)"),
    ]
