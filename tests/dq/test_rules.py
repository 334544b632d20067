"""Each rule on the hand-written fixture: its tripping row is a finding of that rule,
its non-tripping rows are not (dq_fixture.py documents every row)."""

from __future__ import annotations

import pytest

from expectations.catalogue import load_rule_catalogue
from tests.dq import dq_fixture as fx


def _found(built, rule: str) -> set[tuple]:
    return {(f, r) for rule_id, f, r, _, _ in built.first if rule_id == rule}


@pytest.mark.parametrize("rule", sorted(fx.TRIPS))
def test_rule_flags_its_row_and_nothing_else(built, rule):
    found = _found(built, rule)
    assert fx.TRIPS[rule] in found
    for row in fx.NOT_TRIPS[rule]:
        assert row not in found, f"{rule} flagged {row}"


@pytest.mark.parametrize("rule", sorted(fx.TRIPS))
def test_findings_carry_the_catalogue_severity(built, rule):
    severities = {sev for rule_id, _, _, sev, _ in built.first if rule_id == rule}
    assert severities == {load_rule_catalogue()[rule].severity}


def test_unknown_teacher_is_flagged_on_every_source_row_of_the_stranger(built):
    assert _found(built, "UNKNOWN_TEACHER") == {(fx.PROV, 6), (fx.GP2_LIST, 4)}


def test_daily_maximum_and_project_hours_are_separate_rules(built):
    # TA's 32 h over 4 days is over the project's 24 h but only 8 h a day
    assert _found(built, "HOURS_OVER_DAILY_MAX") == {(fx.PROV, 5)}
    assert _found(built, "HOURS_OVER_PROJECT") == {(fx.PROV, 3)}


def test_ineligible_trainee_detail_names_the_condition(built):
    details = [d for rule_id, f, r, _, d in built.first if rule_id == "GP_INELIGIBLE_TRAINEE"]
    assert details == ["rural-only project, school not rural"]


def test_no_finding_detail_quotes_an_id_number_or_a_name(built):
    for *_, detail in built.first:
        for secret in (fx.TA, fx.TB, fx.TC, fx.TX, "张伟", "李娜", "王芳", "张某伟"):
            assert secret not in (detail or "")


def test_off_timetable_finding_names_the_session_and_the_set_days(built):
    # SIGN_S1: Monday 2023-03-06 is off the default timetable (Tuesdays, Thursdays); 03-14 is on
    details = {d for rule_id, _, _, _, d in built.first if rule_id == "SIGNIN_OFF_TIMETABLE"}
    assert details == {"校本研修场次 2023-03-06（周一）不在规定的校本研修日（周二、周四）"}
