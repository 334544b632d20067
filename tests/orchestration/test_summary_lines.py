"""The run summary's findings block: each rule with its Chinese and English title, then a total
that equals the sum of the rule lines."""

from orchestration.summary import finding_lines


def test_rule_lines_name_the_rule_in_chinese_and_english_and_add_up():
    lines = finding_lines([("GP_BANNED_REENROLLED", "error", 3), ("NOT_A_RULE", "warn", 4)])
    assert lines == [
        "  GP_BANNED_REENROLLED     error       3  诚信档案禁训期内再次参加国培 / "
        "Re-enrolled in national training while banned",
        "  NOT_A_RULE               warn        4  未编目规则 / Uncatalogued rule",
        "  total                                7  (3 error, 4 warn)",
    ]


def test_no_findings_is_one_line():
    assert finding_lines([]) == ["  (none)"]
