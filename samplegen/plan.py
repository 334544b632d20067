"""The defect plan: which teachers, school-years and projects carry a planted defect."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from ingest.policy import Policy
from samplegen.layout import Project, School
from samplegen.plants import NO_PLANT, PLANT_OF_KIND, TEACHER_PLANTS, TeacherPlant
from samplegen.rates import RATES


def n_defects(rule: str, teachers: int) -> int:
    return max(1, round(teachers * RATES[rule]))


@dataclass
class TeacherPlan:
    kind: str  # the plant's variant (TeacherPlant.kinds)
    years: tuple[int, ...]

    @property
    def plant(self) -> TeacherPlant:
        return PLANT_OF_KIND[self.kind]

    def plant_in(self, year: int) -> TeacherPlant:
        """The plant when it is active in ``year``, else the no-op plant."""
        return self.plant if year in self.years else NO_PLANT


def plan_defects(
    teachers: int,
    years: list[int],
    schools: list[School],
    projects: dict[int, list[Project]],
    rng: np.random.Generator,
    policy: Policy,
):
    """Teacher-level plants keyed by global teacher index; school-year and project plants."""
    kinds = [
        plant.kinds[i % len(plant.kinds)]
        for plant in TEACHER_PLANTS
        for i in range(n_defects(plant.rule, teachers))
    ]
    if len(kinds) > teachers:
        raise ValueError(f"too few teachers ({teachers}) for the planted defects; use --clean")
    chosen = rng.choice(teachers, size=len(kinds), replace=False)
    ys = sorted(years)
    plans = {
        int(t): TeacherPlan(kind, PLANT_OF_KIND[kind].years(rng, ys, policy))
        for t, kind in zip(chosen, kinds, strict=True)
    }

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

    # school-year, county-year, project and project x school plants
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
