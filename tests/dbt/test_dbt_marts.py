"""Mart figures of the fixture under config/policy.yml, against values worked out by hand.

Default policy: cycle 2021 (school years from September, in the cycle of the year they end in:
2020-2021 .. 2024-2025), 360 h, 72 h/yr, as_of 2023-12-31 (3 school years ended -> 216 h
expected; "by now" columns count only records completed by as_of), counted outcomes
passed/excellent, review statuses certified/approved, 10 in-person or 20 online/school-based
hours per credit, no caps, 5 % funding share.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml
from conftest import PROJECT_DIR
from dbt_fixture_data import S1, S2, T1, T2, T3, T4, T5, T6, T7

CYCLE_COLUMNS = (
    "school_code, total_hours, national_hours, provincial_hours, county_hours, school_hours, "
    "unknown_level_hours, practice_hours, in_person_hours, other_hours, credits, required_hours, "
    "remaining_hours, expected_hours_by_now, on_track"
)


def as_double(columns: str) -> str:
    """Hours and credits are decimal(18,4) in the credit marts; compare them as doubles."""
    kept = ("school_code", "on_track")
    return ", ".join(
        c if c in kept else f"cast({c} as double) as {c}"
        for c in (name.strip() for name in columns.split(","))
    )


def cycle_row(wh, id_number: str, cycle_start_year: int) -> tuple:
    rows = wh.rows(
        f"select {as_double(CYCLE_COLUMNS)} from main.mart_teacher_cycle_credits "
        "where k_teacher = ? and cycle_start_year = ?",
        [wh.k(id_number), cycle_start_year],
    )
    assert len(rows) == 1, rows
    return rows[0]


def test_one_row_per_teacher_and_cycle_and_superseded_roster_left_out(wh):
    rows = wh.rows("select k_teacher, cycle_start_year from main.mart_teacher_cycle_credits")
    # T1 (2026-01-05) and T3 (2025-12-31) have a record in school year 2025-2026: cycle 2026
    expected = {(wh.k(t), 2021) for t in (T1, T2, T3, T4, T5, T6)}
    expected |= {(wh.k(T1), 2026), (wh.k(T3), 2026)}
    assert set(rows) == expected
    assert len(rows) == 8
    assert wh.k(T7) not in {k for k, _ in rows}


def test_t1_dedups_provincial_guopei_and_platform_and_converts_credits(wh):
    # counted: GP2022-01 provincial 60 h in_person (国培 list 50 h and the platform row titled
    # like the project on 2022-07-05 are the same training) + platform 师德修养 12 h online (no
    # plan -> level unknown) + sign-in 校本教研一 3 h present (校本教研二 absent).
    # credits 60/10 + 12/20 + 3/20 = 6 + 0.6 + 0.15 = 6.75; practice 10 from the provincial row.
    assert cycle_row(wh, T1, 2021) == pytest.approx(
        (S1, 75.0, 60.0, 0.0, 0.0, 3.0, 12.0, 10.0, 60.0, 15.0, 6.75, 360.0, 285.0, 216.0, False)
    )


def test_record_in_2026_opens_the_next_cycle_and_counts_only_after_as_of(wh):
    # 2026-01-05 county 12 h in_person -> school year 2025-2026, which ends in 2026: cycle
    # 2026-2030. Completed after as_of 2023-12-31: nothing by now (0 expected, so on track), 12 h
    # and 1.2 credits in the whole-cycle columns.
    assert cycle_row(wh, T1, 2026) == pytest.approx(
        (S1, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 360.0, 360.0, 0.0, True)
    )
    assert wh.rows(
        "select cast(total_hours_incl_after_as_of as double), "
        "cast(credits_incl_after_as_of as double), "
        "n_records_counted_after_as_of from main.mart_teacher_cycle_credits "
        "where k_teacher = ? and cycle_start_year = 2026",
        [wh.k(T1)],
    ) == [pytest.approx((12.0, 1.2, 1))]


def test_failed_no_show_and_pending_review_do_not_count(wh):
    # T2: CTY2023-01 failed (24 h), CTY2022-02 review pending (30 h), GP2022-01 no-show: none
    # count; GP2023-01 passed 40 h counts (practice: plan 8 h). credits 40/10 = 4.
    assert cycle_row(wh, T2, 2021) == pytest.approx(
        (S1, 40.0, 40.0, 0.0, 0.0, 0.0, 0.0, 8.0, 40.0, 0.0, 4.0, 360.0, 320.0, 216.0, False)
    )


def test_last_day_of_cycle_and_blank_hours(wh):
    # T3: GP2022-01 60 h + GP2023-01 40 h (national, practice 10 + 8) + PRV2023-01 passed with
    # blank hours (counts 0 h): 100 h, credits 6 + 4. The 2025-12-31 county 10 h (approved
    # counts) is in school year 2025-2026, which ends in 2026: the next cycle, after as_of.
    assert cycle_row(wh, T3, 2021) == pytest.approx(
        (S2, 100.0, 100.0, 0.0, 0.0, 0.0, 0.0, 18.0, 100.0, 0.0, 10.0, 360.0, 260.0, 216.0, False)
    )
    assert wh.rows(
        "select cycle_start_year, cast(total_hours_incl_after_as_of as double), "
        "cast(credits_incl_after_as_of as double) "
        "from main.mart_teacher_cycle_credits where k_teacher = ? order by 1",
        [wh.k(T3)],
    ) == [(2021, 100.0, 10.0), (2026, 10.0, 1.0)]


def test_teacher_on_two_rosters_takes_the_latest_load(wh):
    # T4 is on S1's roster (L1, loaded 2024-01-01) and S2's (L2, 2024-02-01): S2 wins
    assert cycle_row(wh, T4, 2021)[0] == S2
    assert cycle_row(wh, T4, 2021)[1:] == pytest.approx(
        (0.0,) * 9 + (0.0, 360.0, 360.0, 216.0, False)
    )
    assert wh.rows(
        "select n_roster_rows, source_file, source_row from main.int_teachers where k_teacher = ?",
        [wh.k(T4)],
    ) == [(2, "schools/3101000002/教师花名册.xlsx", 4)]


def test_sign_in_only_teacher_and_teacher_without_training(wh):
    assert cycle_row(wh, T5, 2021)[1] == 3.0
    assert cycle_row(wh, T5, 2021)[5] == 3.0
    assert cycle_row(wh, T5, 2021)[10] == pytest.approx(0.15)
    assert cycle_row(wh, T6, 2021)[1] == 0.0


def test_same_training_from_three_sources_counts_once(wh):
    rows = wh.rows(
        "select source, confirmed_by_sources, n_source_rows, hours from main.int_training_records "
        "where k_teacher = ? and project_code = 'GP2022-01'",
        [wh.k(T1)],
    )
    assert rows == [("provincial", "provincial,guopei,platform", 3, 60.0)]


def test_masked_ids_match_only_when_unique_and_unmatched_rows_are_kept(wh):
    rows = wh.rows(
        "select source_row, match_status, k_teacher from main.int_platform_matches order by 1"
    )
    # fmt: off
    assert rows == [
        (2, "matched", wh.k(T1)),
        (3, "matched", wh.k(T1)),
        (4, "ambiguous", None),  # T5 and T6: both 王芳 at S1 with 6101...0114
        (5, "unmatched", None),
    ]
    # fmt: on
    kept = wh.rows(
        "select source_row, match_status from main.int_training_records "
        "where source = 'platform' and k_teacher is null order by 1"
    )
    assert kept == [(4, "ambiguous"), (5, "unmatched")]


def test_project_year_participation(wh):
    rows = wh.rows(
        "select project_code, year, planned_seats, allocated_seats, enrolled, attended, passed, "
        "pass_rate, over_quota, budget_yuan, trainee_hours, cost_per_trainee_hour_yuan "
        "from main.mart_project_year_participation order by 1"
    )
    # every plan row has 项目经费 100000 元; trainee hours = attended x planned hours; money is
    # decimal(18,2), so the cost per trainee-hour is rounded to the fen
    # fmt: off
    assert rows == [
        # T2 only; review pending: still attended and passed (the outcome passed)
        ("CTY2022-02", 2022, 20, None, 1, 1, 1, 1.0, False, 100000.0, 30.0, Decimal("3333.33")),
        # T2 failed -> attended but not passed
        ("CTY2023-01", 2023, 30, None, 1, 1, 0, 0.0, False, 100000.0, 24.0, Decimal("4166.67")),
        # T1 (provincial + list), T2 (no-show), T3 -> 3 enrolled, 2 attended, 2 passed; 2 x 60 h
        ("GP2022-01", 2022, 5, 5, 3, 2, 2, 1.0, False, 100000.0, 120.0, Decimal("833.33")),
        # T2, T3 on a 1-seat project; 2 x 40 h
        ("GP2023-01", 2023, 1, 1, 2, 2, 2, 1.0, True, 100000.0, 80.0, 1250.0),
        ("PRV2023-01", 2023, 100, None, 1, 1, 1, 1.0, False, 100000.0, 20.0, 5000.0),
    ]
    # fmt: on


def test_school_year_funding(wh):
    rows = wh.rows(
        "select school_code, year, public_funds_budget_yuan, training_spend_yuan, training_share, "
        "required_share, meets_share, shortfall_yuan, payroll_yuan, spend_travel_yuan, "
        "spend_other_yuan, unit_declared from main.mart_school_year_funding order by 1, 2"
    )
    # fmt: off
    assert rows == [
        # exactly 5 %; payroll 4 x budget, spend split half travel / half meals in the fixture
        (S1, 2022, 100000.0, 5000.0, pytest.approx(0.05), 0.05, True, 0.0, 400000.0, 2500.0, 0.0, "yuan"),
        (S1, 2023, 200000.0, 12000.0, pytest.approx(0.06), 0.05, True, 0.0, 800000.0, 6000.0, 0.0, "yuan"),
        # the 万元 sheet: 100 万元 budget, 3 万元 spend; the mart shows 元 (the ingest converted)
        (S2, 2023, 1000000.0, 30000.0, pytest.approx(0.03), 0.05, False, 20000.0, 4000000.0, 15000.0, 0.0,
         "wan_yuan"),
    ]
    # fmt: on


def test_the_suite_runs_every_dbt_unit_test(wh):
    """The pipeline's builds leave dbt's unit tests out (orchestration/dbt_args.py): this build
    is where they run, every one of them, and each passes."""
    unit = [r for r in wh.result.result if r.node.resource_type == "unit_test"]
    declared = sum(
        len(doc.get("unit_tests") or [])
        for path in (PROJECT_DIR / "models").rglob("*.yml")
        for doc in [yaml.safe_load(path.read_text(encoding="utf-8")) or {}]
    )
    assert declared >= 20 and len(unit) == declared
    assert {str(r.status) for r in unit} == {"pass"}
