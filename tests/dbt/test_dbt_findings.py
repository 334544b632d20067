"""dq_findings of the fixture under config/policy.yml: exactly the defects planted by hand."""

from __future__ import annotations

from dbt_fixture_data import (
    FUNDING_B_2023,
    GUOPEI_2022,
    GUOPEI_2023,
    PLAN_2023,
    PROVINCIAL_2023,
    ROSTER_S1,
    ROSTER_S2,
    S1,
    S2,
    T1,
    T2,
    T3,
    T4,
    T5,
    T6,
)

# The rules of docs/data_contract.md section 5 that this fixture plants. The other rules have
# their own fixture (tests/dq) and are tested there; these tests compare only the contract's rules.
CONTRACT_RULES = (
    "ID_INVALID",
    "ID_EXCEL_DAMAGED",
    "MISSING_HOURS",
    "NO_TRAINING_IN_YEAR",
    "GP_OVER_CYCLE_LIMIT",
    "GP_BANNED_REENROLLED",
    "PROJECT_OVER_QUOTA",
    "DUP_SOURCES_DISAGREE",
    "SCHOOL_UNDER_5PCT",
)
IN_CONTRACT = f"rule_id in ({', '.join(repr(r) for r in CONTRACT_RULES)})"

FINDING_COLUMNS = (
    "rule_id, severity, source_file, source_row, year, k_teacher, school_code, project_code"
)


def findings(wh, rule_id: str | None = None) -> set[tuple]:
    where = f"where {IN_CONTRACT}" + (" and rule_id = ?" if rule_id else "")
    return set(
        wh.rows(
            f"select {FINDING_COLUMNS} from main.dq_findings {where}", [rule_id] if rule_id else []
        )
    )


def expected_default(wh) -> set[tuple]:
    k = wh.k
    return {
        ("ID_INVALID", "error", PROVINCIAL_2023, 9, None, None, None, None),
        # reason codes "DATE_INVALID,ID_EXCEL_DAMAGED"; HOURS_INVALID / ID_MISSING are no findings
        ("ID_EXCEL_DAMAGED", "error", GUOPEI_2023, 6, None, None, None, None),
        ("MISSING_HOURS", "error", PROVINCIAL_2023, 5, 2023, k(T3), S2, "PRV2023-01"),
        # T4 on its kept roster row (S2); T5 has sign-in only in 2023; T6 nothing at all
        ("NO_TRAINING_IN_YEAR", "warn", ROSTER_S2, 4, 2022, k(T4), S2, None),
        ("NO_TRAINING_IN_YEAR", "warn", ROSTER_S2, 4, 2023, k(T4), S2, None),
        ("NO_TRAINING_IN_YEAR", "warn", ROSTER_S1, 6, 2022, k(T5), S1, None),
        ("NO_TRAINING_IN_YEAR", "warn", ROSTER_S1, 7, 2022, k(T6), S1, None),
        ("NO_TRAINING_IN_YEAR", "warn", ROSTER_S1, 7, 2023, k(T6), S1, None),
        # T3 reported for GP2022-01 (starts 2022-07-01) and GP2023-01 (2023-08-01): the later one
        ("GP_OVER_CYCLE_LIMIT", "error", GUOPEI_2023, 4, 2023, k(T3), S2, "GP2023-01"),
        # T2 no-show on GP2022-01 (2022-07-01), enrolled again 2023-08-01 < 2025-07-01
        ("GP_BANNED_REENROLLED", "error", GUOPEI_2023, 3, 2023, k(T2), S1, "GP2023-01"),
        ("PROJECT_OVER_QUOTA", "error", PLAN_2023, 3, 2023, None, None, "GP2023-01"),
        # 国培 list 50 h vs provincial 60 h (and passed vs excellent)
        ("DUP_SOURCES_DISAGREE", "warn", GUOPEI_2022, 3, 2022, k(T1), S1, "GP2022-01"),
        ("SCHOOL_UNDER_5PCT", "warn", FUNDING_B_2023, 3, 2023, None, S2, None),
    }


def test_every_rule_finds_exactly_the_planted_defects(wh):
    assert findings(wh) == expected_default(wh)


def test_finding_ids_are_unique_and_stable_per_row(wh):
    rows = wh.rows(f"select finding_id from main.dq_findings where {IN_CONTRACT}")
    assert len(rows) == len({r[0] for r in rows}) == 13


def test_no_show_is_not_counted_towards_the_guopei_limit(wh):
    # T2 has two list rows in the cycle, but GP2022-01 was not reported: no over-limit finding
    assert not [f for f in findings(wh, "GP_OVER_CYCLE_LIMIT") if f[5] == wh.k(T2)]


def test_exactly_five_percent_is_not_under(wh):
    assert {(f[2], f[4]) for f in findings(wh, "SCHOOL_UNDER_5PCT")} == {(FUNDING_B_2023, 2023)}


def test_unmatched_platform_rows_are_not_findings_of_any_teacher(wh):
    assert wh.k(T1) not in {f[5] for f in findings(wh, "NO_TRAINING_IN_YEAR")}
