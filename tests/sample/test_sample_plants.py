"""Teacher-level plants: one module per rule, and the policy numbers they follow."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from sample_oracle import truth

from ingest.policy import Policy, load_policy_model
from samplegen import generate
from samplegen.plants import TEACHER_PLANTS
from samplegen.plants.gp_banned_reenrolled import PLANT as GP_BANNED
from samplegen.plants.gp_over_cycle_limit import PLANT as GP_OVER
from samplegen.rates import RATES

YEARS = [2021, 2022, 2023]


def policy_with(**changes) -> Policy:
    policy = load_policy_model(Path(__file__).resolve().parents[2] / "config" / "policy.yml")
    guopei = changes.pop("guopei", {})
    return policy.model_copy(
        update={**changes, "guopei": policy.guopei.model_copy(update=guopei)}
    )


def test_each_teacher_level_rule_is_its_own_module_with_its_rate():
    rules = [p.rule for p in TEACHER_PLANTS]
    assert len(rules) == len(set(rules)) == 15
    for plant in TEACHER_PLANTS:
        assert type(plant).__module__ == f"samplegen.plants.{plant.rule.lower()}"
        assert RATES[plant.rule] == plant.rate
    kinds = [k for p in TEACHER_PLANTS for k in p.kinds]
    assert len(kinds) == len(set(kinds)) == 19  # 4 rules have two variants
    # 15 teacher-level + 7 school, county and project rules + the surveys' invalid scores
    assert len(RATES) == 23


def test_two_guopei_enrolments_fall_in_one_cycle_of_the_policy():
    # a cycle starting in 2022: 2021 is in the previous one, so the only pair is 2022 -> 2023
    late_cycle = policy_with(cycle_start_year=2022)
    for seed in range(5):
        assert GP_OVER.years(np.random.default_rng(seed), YEARS, late_cycle) == (2022, 2023)
    # one-year cycles: no pair of years fits; both enrolments in one year
    one_year = policy_with(cycle_length_years=1)
    a, b = GP_OVER.years(np.random.default_rng(0), YEARS, one_year)
    assert a == b and a in YEARS


def test_reenrolment_falls_inside_the_policy_ban():
    one_year_ban = policy_with(guopei={"ban_years": 1})
    pairs = {GP_BANNED.years(np.random.default_rng(s), YEARS, one_year_ban) for s in range(20)}
    assert pairs == {(2021, 2022), (2022, 2023)}


def test_sample_follows_the_policy_as_of_date_and_cycle(tmp_path: Path):
    def gp_over(t: dict) -> tuple[int, int]:
        edge_rows = {
            tuple(r) for e in t["edges"] if e["kind"] == "guopei_provincial_only_failed"
            for r in e["rows"]
        }
        found = [d for d in t["defects"] if d["rule"] == "GP_OVER_CYCLE_LIMIT"]
        return len(found), sum((d["source_file"], d["source_row"]) in edge_rows for d in found)

    default = truth_of(tmp_path / "default", load_policy_model())
    # 60 teachers: 2 counties, each with a provincial-only failure re-enrolled the next year
    # (in the 2021-2025 cycle: over the limit), plus 1 planted GP_OVER_CYCLE_LIMIT teacher
    assert default["as_of_date"] == "2023-12-31"
    assert gp_over(default) == (3, 2)
    changed = truth_of(
        tmp_path / "changed",
        policy_with(cycle_length_years=1, as_of_date=dt.date(2023, 6, 30)),
    )
    assert changed["as_of_date"] == "2023-06-30"
    # one-year cycles: the re-enrolment is in the next cycle; the planted teacher's two
    # enrolments fall in one year
    assert gp_over(changed) == (1, 0)
    banned = sum(d["rule"] == "GP_BANNED_REENROLLED" for d in changed["defects"])
    assert banned == 3  # the 3-year ban still covers both re-enrolments and the planted one


def truth_of(out: Path, policy: Policy) -> dict:
    generate(out, teachers=60, seed=5, policy=policy, log=lambda _m: None)
    return truth(out)
