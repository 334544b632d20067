"""The typed policy: a bad value stops the run with the file and the key, before data is touched."""

from __future__ import annotations

import copy

import pytest
import yaml

from ingest.policy import DEFAULT_POLICY_PATH, PolicyError, load_policy, parse_policy


@pytest.fixture
def default() -> dict:
    return yaml.safe_load(DEFAULT_POLICY_PATH.read_text(encoding="utf-8"))


def _error(data: dict) -> str:
    with pytest.raises(PolicyError) as info:
        parse_policy(data, "region.yml")
    return str(info.value)


def test_default_policy_file_is_valid_and_typed():
    policy = load_policy()
    assert policy["hours_per_cycle"] == 360
    assert policy["as_of_date"] == "2023-12-31"
    assert policy["guopei"] == {
        "max_enrolments_per_cycle": 1,
        "ban_years": 3,
        "ban_outcomes": ["no_show", "dismissed", "failed"],
    }


def test_typo_in_a_nested_key_names_the_key_and_the_file(default):
    default["caps"]["onlne_credits_per_cycle"] = 2
    message = _error(default)
    assert "region.yml" in message and "caps.onlne_credits_per_cycle: unknown key" in message


def test_sql_text_where_a_number_goes_is_rejected(default):
    default["hours_per_cycle"] = "(select id_number from raw.roster_teachers limit 1)"
    assert "hours_per_cycle: Input should be a valid number" in _error(default)


def test_quoted_number_is_rejected_not_coerced(default):
    default["hours_per_cycle"] = "240"
    assert "hours_per_cycle" in _error(default)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("hours_per_cycle",), -360, "hours_per_cycle: Input should be greater than 0"),
        (("hours_per_credit", "online"), 0, "hours_per_credit.online: Input should be greater than 0"),
        (("funding", "school_training_share_of_public_funds"), 5, "less than or equal to 1"),
        (("guopei", "max_enrolments_per_cycle"), 0, "guopei.max_enrolments_per_cycle"),
        (("caps", "credits_per_year"), -1, "caps.credits_per_year"),
    ],
)
def test_impossible_numbers_are_rejected(default, path, value, expected):
    target = default
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    assert expected in _error(default)


def test_vocabulary_codes_come_from_the_shared_vocabulary(default):
    default["guopei"]["ban_outcomes"] = ["failed", "faild"]
    assert "unknown outcome code(s) ['faild']" in _error(default)


def test_text_with_sql_characters_is_rejected(default):
    bad = copy.deepcopy(default)
    bad["it20"]["project_counties"] = ["临渭区'); drop table raw.roster_teachers; --"]
    assert "it20.project_counties" in _error(bad)


def test_missing_file_and_bad_yaml_are_policy_errors(tmp_path):
    with pytest.raises(PolicyError, match="not found"):
        load_policy(tmp_path / "absent.yml")
    broken = tmp_path / "broken.yml"
    broken.write_text("hours_per_cycle: [360\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="not valid YAML"):
        load_policy(broken)
