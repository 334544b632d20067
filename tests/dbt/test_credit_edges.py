"""Credit figures at the edges on a hand-written fixture.

Two builds of the same rows: the default policy (as_of 2023-12-31, school years from September,
no caps) and CAPS_MID_YEAR (every cap set, as_of 2023-06-30). A school year belongs to the
cycle of the year it ends in: cycle 2021 = school years 2020-2021 .. 2024-2025. Hours per credit: in-person 10, online and school-based 20.

  TA  as-of teacher, in-person 10 h/credit:
        r1 2021-10-10..12   30 h  school year 2021-2022
        r2 2023-03-01..05   30 h  school year 2022-2023
        r3 2023-06-20..07-05 60 h school year 2022-2023, ends after the mid-year as_of
        r4 start 2024-03-01, no end date, 20 h: completes on its start date, after both as_of
  TB  caps teacher (all before 2023-06-30): 2021-11 in-person 70 h (7 credits, 2021-2022);
      2022-10 online 71 h (3.55 credits) and 2022-11 school-based 40 h (2 credits, 2022-2023)
  TC  cycle-cap teacher: in-person 60 h in 2021-2022, 60 h in 2022-2023, 50 h on 2023-10-10
  TD  on the roster, no training
  TU  a provincial record (2022-05-10, 20 h) but on no roster: an unknown teacher
Plans exist for 2022, 2023 and 2024 (years of the data for NO_TRAINING_IN_YEAR).
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest
from conftest import Warehouse, build_fixture, load_default_policy, selected

TA, TB, TC, TD, TU = (
    "610102198001010218",
    "610102198102020220",
    "610102198203030233",
    "610102198304040246",
    "610102198405050259",
)
S1, S1_NAME = "3101000001", "城关第一小学"
PROVINCIAL = "provincial/省平台学时导出.xlsx"
ROSTER = "schools/3101000001/教师花名册.xlsx"
PLAN = "plan/培训计划.xlsx"

D = Decimal


def _provincial(row: int, id_number: str, title: str, mode: str, start, end, hours: float) -> dict:
    return {
        "id_number": id_number, "name": "教师", "school_name": S1_NAME, "county": "城关区",
        "stage": "primary", "subject": "语文", "project_code": None, "project_name": title,
        "level": "county", "mode": mode, "start_date": start, "end_date": end, "hours": hours,
        "practice_hours": 0.0, "outcome": "passed", "review_status": "certified",
        "source_file": PROVINCIAL, "source_sheet": "Sheet1", "source_row": row, "load_id": "L1",
    }  # fmt: skip


TABLES: dict[str, list[dict]] = {
    "roster": [
        {
            "id_number": t,
            "name": "教师",
            "gender": "female",
            "birth_date": None,
            "stage": "primary",
            "subject": "语文",
            "title": "一级教师",
            "phone": None,
            "school_code": S1,
            "school_name": S1_NAME,
            "county": "城关区",
            "school_area": "urban",
            "source_file": ROSTER,
            "source_sheet": "Sheet1",
            "source_row": i + 3,
            "load_id": "L1",
        }
        for i, t in enumerate((TA, TB, TC, TD))
    ],  # fmt: skip
    "provincial_records": [
        _provincial(2, TA, "学科培训一", "in_person", date(2021, 10, 10), date(2021, 10, 12), 30.0),
        _provincial(3, TA, "学科培训二", "in_person", date(2023, 3, 1), date(2023, 3, 5), 30.0),
        _provincial(4, TA, "暑期研修", "in_person", date(2023, 6, 20), date(2023, 7, 5), 60.0),
        _provincial(5, TA, "春季研修", "in_person", date(2024, 3, 1), None, 20.0),
        _provincial(6, TB, "骨干培训", "in_person", date(2021, 11, 1), date(2021, 11, 5), 70.0),
        _provincial(7, TB, "网络研修", "online", date(2022, 10, 10), date(2022, 10, 10), 71.0),
        _provincial(8, TB, "校本研修", "school_based", date(2022, 11, 1), date(2022, 11, 1), 40.0),
        _provincial(9, TC, "学科培训一", "in_person", date(2021, 12, 1), date(2021, 12, 6), 60.0),
        _provincial(10, TC, "学科培训二", "in_person", date(2022, 9, 15), date(2022, 9, 20), 60.0),
        _provincial(
            11, TC, "学科培训三", "in_person", date(2023, 10, 10), date(2023, 10, 10), 50.0
        ),
        _provincial(12, TU, "外校培训", "in_person", date(2022, 5, 10), date(2022, 5, 10), 20.0),
    ],
    "training_plan": [
        {
            "year": y,
            "project_code": f"PLAN{y}",
            "project_name": f"{y}年县级培训",
            "level": "county",
            "mode": "in_person",
            "provider": "县教师发展中心",
            "start_date": date(y, 4, 1),
            "end_date": date(y, 4, 2),
            "hours": 12.0,
            "practice_hours": 0.0,
            "planned_seats": 10,
            "target_stage": None,
            "rural_only": False,
            "budget_yuan": 1000.0,
            "source_file": PLAN,
            "source_sheet": "Sheet1",
            "source_row": y - 2019,
            "load_id": "L1",
        }
        for y in (2022, 2023, 2024)
    ],  # fmt: skip
}

MODELS = (
    "+mart_teacher_cycle_credits +mart_teacher_year_credits +mart_teacher_it20_compliance "
    "+dq_no_training_in_year"
)


def caps_mid_year_policy() -> dict:
    policy = copy.deepcopy(load_default_policy())
    policy["as_of_date"] = "2023-06-30"
    policy["caps"] = {
        "school_based_credits_per_year": 1,
        "online_credits_per_cycle": 2,
        "credits_per_year": 5,
        "credits_per_cycle": 12,
    }
    return policy


@pytest.fixture(scope="module")
def edges(tmp_path_factory) -> Warehouse:
    return build_fixture(
        tmp_path_factory, "credit_edges_default", load_default_policy(), TABLES, selected(MODELS)
    )


@pytest.fixture(scope="module")
def edges_capped(tmp_path_factory) -> Warehouse:
    return build_fixture(
        tmp_path_factory, "credit_edges_caps_mid_year", caps_mid_year_policy(), TABLES,
        selected(MODELS),
    )  # fmt: skip


def _cycle(wh: Warehouse, id_number: str, columns: str) -> tuple:
    rows = wh.rows(
        f"select {columns} from main.mart_teacher_cycle_credits "
        "where k_teacher = ? and cycle_start_year = 2021",
        [wh.k(id_number)],
    )
    assert len(rows) == 1, rows
    return rows[0]


AS_OF = (
    "total_hours, total_hours_incl_after_as_of, n_records_counted, n_records_counted_after_as_of, "
    "full_years_elapsed, expected_hours_by_now, remaining_hours, on_track, hours_per_year_pace, "
    "projected_completion_year"
)


# --- item 1: as of -------------------------------------------------------------------------


def test_by_now_figures_count_only_records_completed_by_as_of(edges):
    # as_of 2023-12-31: r1 + r2 + r3 = 120 h by now; r4 (no end date, starts 2024-03-01) only in
    # the whole-cycle total 140. School years 2020-2021 .. 2022-2023 ended -> 3 x 72 = 216
    # expected; 120 < 216 -> behind. Pace 120 / 3 = 40 -> ceil(360 / 40) = 9 -> 2021 + 8 = 2029.
    assert _cycle(edges, TA, AS_OF) == (
        D("120"),
        D("140"),
        3,
        1,
        3,
        D("216"),
        D("240"),
        False,
        40.0,
        2029,
    )


def test_mid_year_as_of_leaves_out_a_training_that_ends_after_it(edges_capped):
    # as_of 2023-06-30: r3 ends 2023-07-05 -> only r1 + r2 = 60 h by now; 140 for the whole cycle.
    # Two school years (2020-2021, 2021-2022) ended -> 144 expected: 60 < 144 -> behind.
    # Pace 60 / 2 = 30 -> ceil(360 / 30) = 12 -> 2032.
    assert _cycle(edges_capped, TA, AS_OF) == (
        D("60"),
        D("140"),
        2,
        2,
        2,
        D("144"),
        D("300"),
        False,
        30.0,
        2032,
    )


def test_credits_by_now_and_for_the_whole_cycle(edges, edges_capped):
    # default, no caps: 120 h / 10 = 12 by now, 140 / 10 = 14 in all.
    assert _cycle(edges, TA, "credits, credits_incl_after_as_of") == (D("12"), D("14"))
    # caps, as_of 2023-06-30: 2021-2022: 3; 2022-2023: r2 3 (+ r3 6 after as_of -> year cap 5);
    # 2023-2024: r4 2. By now 3 + 3 = 6; whole cycle 3 + 5 + 2 = 10.
    assert _cycle(edges_capped, TA, "credits, credits_incl_after_as_of") == (D("6"), D("10"))


def test_no_training_finding_never_judges_a_year_that_starts_after_as_of(edges, edges_capped):
    # plan years 2022, 2023, 2024; 2024 starts after both as_of dates: never judged.
    # TA: records 2021, 2023 (x2), 2024 -> 2022 missing; TB: 2021, 2022 (x2) -> 2023 missing;
    # TC: 2021, 2022, 2023 -> none; TD: nothing -> 2022 and 2023; TU is on no roster.
    expected = {
        (edges.k(TA), 2022),
        (edges.k(TB), 2023),
        (edges.k(TD), 2022),
        (edges.k(TD), 2023),
    }
    for wh in (edges, edges_capped):
        rows = wh.rows("select k_teacher, year from main.dq_no_training_in_year")
        assert set(rows) == expected
        assert len(rows) == 4


# --- item 2: caps --------------------------------------------------------------------------


CREDITS_BY_MODE = (
    "credits, in_person_credits, online_credits, school_based_credits, blended_credits, "
    "workshop_credits, practice_mode_credits, unknown_mode_credits"
)


def test_every_cap_at_once_gives_the_largest_total_they_allow(edges, edges_capped):
    # no caps: 7 + 3.55 + 2 = 12.55
    assert _cycle(edges, TB, CREDITS_BY_MODE) == (
        D("12.55"),
        D("7"),
        D("3.55"),
        D("2"),
        D("0"),
        D("0"),
        D("0"),
        D("0"),
    )
    # caps S=1 school-based/yr, Y=5/yr, O=2 online/cycle, C=12/cycle.
    # 2021-2022: n = 7 in-person -> a = 5. 2022-2023: n = min(2, S=1) = 1 -> a = 1, room 4,
    # online min(3.55, 4) = 3.55. Online over the cycle: min(O=2, 3.55) = 2.
    # Total min(12, 5 + 1 + 2) = 8 (the old min(category total 10, year total 9.55) gave 9.55).
    assert _cycle(edges_capped, TB, CREDITS_BY_MODE) == (
        D("8"),
        D("5"),
        D("2"),
        D("1"),
        D("0"),
        D("0"),
        D("0"),
        D("0"),
    )


def test_cycle_cap_keeps_the_earliest_school_years(edges_capped):
    # TC: 6 -> 5 (2021-2022), 6 -> 5 (2022-2023), 5 (2023-2024, after as_of). By now 10; whole
    # cycle 15 -> C = 12: the last school year keeps 2.
    assert _cycle(edges_capped, TC, "credits, credits_incl_after_as_of") == (D("10"), D("12"))
    rows = edges_capped.rows(
        "select school_year, credits from main.mart_teacher_year_credits "
        "where k_teacher = ? order by school_year_start",
        [edges_capped.k(TC)],
    )
    assert rows == [
        ("2020-2021", D("0")),
        ("2021-2022", D("5")),
        ("2022-2023", D("5")),
        ("2023-2024", D("2")),
    ]


def test_year_credits_add_up_to_the_cycle_total(edges, edges_capped):
    for wh in (edges, edges_capped):
        rows = wh.rows(
            """
            select c.k_teacher, c.credits_incl_after_as_of, coalesce(sum(y.credits), 0)
            from main.mart_teacher_cycle_credits as c
            left join main.mart_teacher_year_credits as y
                on c.k_teacher = y.k_teacher and c.cycle_start_year = y.cycle_start_year
            group by all
            """
        )
        assert len(rows) == 5
        assert all(cycle == years for _, cycle, years in rows), rows


# --- item 8: school years ------------------------------------------------------------------


def test_teacher_year_mart_is_per_school_year_with_its_label(edges):
    rows = edges.rows(
        "select school_year_start, school_year, cycle_start_year, is_complete_by_as_of, "
        "total_hours, hours_after_as_of, credits, meets_annual_guideline "
        "from main.mart_teacher_year_credits where k_teacher = ? order by school_year_start",
        [edges.k(TA)],
    )
    # r3 (ends 2023-07-05) is in 2022-2023 (before September); r4 (2024-03-01) in 2023-2024,
    # which has not ended by 2023-12-31 and holds 20 h completed after as_of.
    # (2020-2021 is the first school year of the 2021 cycle: a roster row without records)
    assert rows == [
        (2020, "2020-2021", 2021, True, D("0"), D("0"), D("0"), False),
        (2021, "2021-2022", 2021, True, D("30"), D("0"), D("3"), False),
        (2022, "2022-2023", 2021, True, D("90"), D("0"), D("9"), True),
        (2023, "2023-2024", 2021, False, D("20"), D("20"), D("2"), False),
    ]


def test_roster_teacher_gets_every_school_year_started_by_as_of(edges, edges_capped):
    query = (
        "select school_year from main.mart_teacher_year_credits where k_teacher = ? "
        "order by school_year_start"
    )
    # the 2021 cycle's school years 2020-2021 .. 2024-2025; as_of 2023-12-31: the first four
    # (2023-2024 started 2023-09-01)
    assert edges.rows(query, [edges.k(TD)]) == [
        ("2020-2021",),
        ("2021-2022",),
        ("2022-2023",),
        ("2023-2024",),
    ]
    # as_of 2023-06-30: 2023-2024 has not started
    assert edges_capped.rows(query, [edges_capped.k(TD)]) == [
        ("2020-2021",),
        ("2021-2022",),
        ("2022-2023",),
    ]


# --- item 9: denominators ------------------------------------------------------------------


def test_unknown_teacher_is_flagged_and_kept_apart(edges, edges_capped):
    rows = edges.rows(
        "select k_teacher, on_roster, school_code, total_hours "
        "from main.mart_teacher_cycle_credits where not on_roster"
    )
    assert rows == [(edges.k(TU), False, None, D("20"))]
    rostered = edges_capped.rows(
        "select count(*), sum(case when on_track then 1 else 0 end) "
        "from main.mart_teacher_cycle_credits where on_roster and is_current_cycle"
    )
    # as_of 2023-06-30, 144 h expected: TA 60, TB 70 + 71 + 40 = 181, TC 120, TD 0 -> 1 of 4
    # rostered teachers on track (TU's 20 h are in neither count)
    assert rostered == [(4, 1)]


# --- item 6: decimals ----------------------------------------------------------------------


def test_hours_and_credits_are_exact_decimals(edges):
    types = dict(
        edges.rows(
            "select column_name, data_type from information_schema.columns "
            "where table_name = 'mart_teacher_cycle_credits'"
        )
    )
    for column in (
        "total_hours",
        "credits",
        "total_hours_incl_after_as_of",
        "expected_hours_by_now",
    ):
        assert types[column] == "DECIMAL(18,4)", column
    assert types["hours_per_year_pace"] == "DOUBLE"
