"""The defect plan: which teachers, school-years and projects carry a planted defect."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from samplegen.layout import Project, School
from samplegen.rates import BAN_YEARS, CYCLE_LENGTH, CYCLE_START_YEAR, RATES


def n_defects(rule: str, teachers: int) -> int:
    return max(1, round(teachers * RATES[rule]))


@dataclass
class TeacherPlan:
    kind: str  # defect kind
    years: tuple[int, ...]


def plan_defects(
    teachers: int,
    years: list[int],
    schools: list[School],
    projects: dict[int, list[Project]],
    rng: np.random.Generator,
):
    """Teacher-level plants keyed by global teacher index; school-year and project plants."""
    kinds: list[str] = []
    for i in range(n_defects("ID_EXCEL_DAMAGED", teachers)):
        kinds.append("DAMAGED_FLOAT" if i % 2 == 0 else "DAMAGED_000")
    for i in range(n_defects("ID_INVALID", teachers)):
        kinds.append("BAD_CHECK" if i % 2 == 0 else "BAD_DATE")
    for i in range(n_defects("MISSING_HOURS", teachers)):
        kinds.append("MISSING_BLANK" if i % 2 == 0 else "MISSING_ZERO")
    kinds += ["NO_TRAIN"] * n_defects("NO_TRAINING_IN_YEAR", teachers)
    kinds += ["GP_OVER"] * n_defects("GP_OVER_CYCLE_LIMIT", teachers)
    kinds += ["GP_BANNED"] * n_defects("GP_BANNED_REENROLLED", teachers)
    for i in range(n_defects("DUP_SOURCES_DISAGREE", teachers)):
        kinds.append("DUP_HOURS" if i % 2 == 0 else "DUP_OUTCOME")
    kinds += ["NEG_HOURS"] * n_defects("HOURS_NEGATIVE", teachers)
    kinds += ["OVER_PROJECT"] * n_defects("HOURS_OVER_PROJECT", teachers)
    kinds += ["OVER_DAILY"] * n_defects("HOURS_OVER_DAILY_MAX", teachers)
    kinds += ["UNKNOWN"] * n_defects("UNKNOWN_TEACHER", teachers)
    kinds += ["PLAT_UNMATCHED"] * n_defects("PLATFORM_ID_UNRESOLVED", teachers)
    kinds += ["GP_MET"] * n_defects("GP_ANNUAL_HOURS_MET", teachers)
    kinds += ["GP_INELIG"] * n_defects("GP_INELIGIBLE_TRAINEE", teachers)
    kinds += ["GP_KPI"] * n_defects("KPI_PASSED_NOT_ATTENDED", teachers)
    if len(kinds) > teachers:
        raise ValueError(f"too few teachers ({teachers}) for the planted defects; use --clean")
    chosen = rng.choice(teachers, size=len(kinds), replace=False)
    plans: dict[int, TeacherPlan] = {}
    ys = sorted(years)

    def pair(max_gap: int | None, same_cycle: bool) -> tuple[int, int]:
        cands = [
            (a, b)
            for a in ys
            for b in ys
            if b > a
            and (max_gap is None or b - a <= max_gap)
            and (
                not same_cycle
                or (a - CYCLE_START_YEAR) // CYCLE_LENGTH == (b - CYCLE_START_YEAR) // CYCLE_LENGTH
            )
        ]
        if not cands:
            y = ys[int(rng.integers(len(ys)))]
            return (y, y)
        return cands[int(rng.integers(len(cands)))]

    for t, kind in zip(chosen, kinds, strict=True):
        if kind == "GP_OVER":
            yrs = pair(None, True)
        elif kind == "GP_BANNED":
            yrs = pair(BAN_YEARS, False)
        else:
            yrs = (ys[int(rng.integers(len(ys)))],)
        plans[int(t)] = TeacherPlan(kind, yrs)

    under: set[tuple[str, int]] = set()
    pairs = [(s.code, y) for s in schools for y in ys]
    k = min(n_defects("SCHOOL_UNDER_5PCT", teachers), len(pairs))
    for i in rng.choice(len(pairs), size=k, replace=False):
        under.add(pairs[int(i)])

    over: set[str] = set()
    cands = [p.code for y in ys for p in projects[y] if p.kind == "county" and p.template == 0]
    k = min(n_defects("PROJECT_OVER_QUOTA", teachers), len(cands))
    for i in rng.choice(len(cands), size=k, replace=False):
        over.add(cands[int(i)])

    # issue 5 plants (school-year, county-year, project and project x school)
    extra: dict[str, set] = {}
    free = [pr for pr in pairs if pr not in under]
    k = min(n_defects("SIGNIN_SESSION_NO_HOURS", teachers), len(free))
    extra["signin_no_hours"] = {free[int(i)] for i in rng.choice(len(free), size=k, replace=False)}
    counties = sorted({s.county.idx for s in schools})
    cy = [(c, y) for c in counties for y in ys]
    k = min(n_defects("COUNTY_UNDER_1_5PCT", teachers), len(cy))
    extra["county_under"] = {cy[int(i)] for i in rng.choice(len(cy), size=k, replace=False)}
    per_county = defaultdict(int)
    for s in schools:
        per_county[s.county.idx] += 1
    by_code = {s.code: s for s in schools}
    unit_cands = [
        (code, y)
        for code, y in pairs
        if (code, y) not in under
        and (by_code[code].county.idx, y) not in extra["county_under"]
        and per_county[by_code[code].county.idx] >= 3
    ]
    k = min(n_defects("FUNDING_UNIT_SUSPECT", teachers), len(unit_cands))
    extra["unit_off"] = {
        unit_cands[int(i)] for i in rng.choice(len(unit_cands), size=k, replace=False)
    }
    # projects open to a stage subset (templates 2-4): never over quota, never carry teacher plants
    cands = [p.code for y in ys for p in projects[y] if p.kind == "county" and p.template >= 2]
    k = min(n_defects("PROJECT_NO_HOURS", teachers), len(cands))
    extra["no_hours"] = {cands[int(i)] for i in rng.choice(len(cands), size=k, replace=False)}
    extra["over_alloc_n"] = n_defects("SCHOOL_OVER_ALLOCATION", teachers)
    return plans, under, over, extra
