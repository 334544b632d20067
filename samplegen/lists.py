"""End-of-run files: the 国培 provider lists, the plans and the seat allocations."""

from __future__ import annotations

import math
import random

from samplegen.cells import Sheet, fmt_hours
from samplegen.edges import CLASS_NAMES, class_list_path
from samplegen.paths import (
    ALLOC_HEADER,
    GUOPEI_HEADER,
    PLAN_HEADER,
    alloc_path,
    guopei_path,
    plan_path,
)


class EndOfRunFiles:
    """Mixin of ``Generator``: files written once every county is done."""

    # -- end-of-run files -----------------------------------------------------------------------

    def write_guopei(self) -> None:
        for y in self.years:
            for p in self.gp_by_year[y]:
                rows = self.all_gp_rows.pop(p.code, [])
                if p.code == self.split_gp_code:  # two class lists (一班, 二班)
                    lists = [
                        (class_list_path(p.code, k), f"{p.name}学员名单({CLASS_NAMES[k]})", part)
                        for k, part in enumerate(self.split_class_lists(p.code, rows))
                    ]
                else:
                    lists = [(guopei_path(p.code), f"{p.name}学员名单", rows)]
                for rel, title, part in lists:
                    s = Sheet(
                        self.root, rel, "学员名单", len(GUOPEI_HEADER), big=len(part) > 5000
                    )
                    s.merged(title)
                    s.header(GUOPEI_HEADER)
                    for row in part:
                        s.add(row)
                    s.close()
        self.log(f"  国培 provider lists: {sum(len(self.gp_by_year[y]) for y in self.years)} files")

    def write_plans(self) -> None:
        for y in self.years:
            r = random.Random(self.seed * 7919 + y)
            s = Sheet(self.root, plan_path(y), "培训计划", len(PLAN_HEADER), col_width=16)
            s.merged(f"{y}年度教师培训项目计划")
            s.header(PLAN_HEADER)
            planned: dict[str, int] = {}
            for p in self.projects[y]:
                enrolled = p.teachers
                if p.code in self.over and enrolled >= 2:
                    seats = enrolled - max(1, round(enrolled * 0.08))
                else:
                    seats = max(5, math.ceil(enrolled * r.uniform(1.0, 1.15) / 5) * 5)
                    if p.code in self.over:
                        self.over.discard(p.code)
                planned[p.code] = seats
                per_head = {"gp": 3000, "prov": 1500, "city": 800, "county": 400, "online": 50}[
                    p.kind
                ]
                budget_wan = round(seats * per_head / 100) * 100 / 10000
                stages = "全学段" if p.stages is None else "、".join(p.stages)
                row = s.add(
                    [
                        p.code,
                        p.name,
                        p.level,
                        p.mode,
                        p.provider,
                        p.start.isoformat(),
                        p.end.isoformat(),
                        "" if p.code in self.extra["no_hours"] else fmt_hours(p.hours),
                        fmt_hours(p.practice_hours),
                        seats,
                        stages,
                        "是" if p.rural_only else "否",
                        budget_wan,
                    ]
                )
                self.edge_plan_row(p, s.rel, row)
                if p.code in self.over:
                    self.add_defect("PROJECT_OVER_QUOTA", s.rel, row, project_code=p.code, year=y)
                if p.code in self.extra["no_hours"]:
                    self.add_defect("PROJECT_NO_HOURS", s.rel, row, project_code=p.code, year=y)
            s.close()
            a = Sheet(
                self.root, alloc_path(y), "名额分配", len(ALLOC_HEADER), col_width=16, big=True
            )
            a.merged(f"{y}年教师培训名额分配表")
            a.header(ALLOC_HEADER)
            names = {sc.code: sc.name for sc in self.schools}
            over_alloc_codes = self.over_allocation_codes(y)
            for p in self.projects[y]:
                codes = sorted(p.per_school)
                if not codes:  # nobody enrolled: seats go to the schools in the project's scope
                    scope = [
                        sc
                        for sc in self.schools
                        if (p.kind != "county" or sc.county.idx == p.scope)
                        and (p.kind != "city" or sc.county.city_idx == p.scope)
                    ]
                    codes = sorted(
                        sc.code for sc in scope if p.eligible(sc.stage, sc.area)
                    ) or sorted(sc.code for sc in scope)
                alloc = [p.per_school.get(c, 0) for c in codes]
                diff = planned[p.code] - sum(alloc)
                if p.code in self.over:
                    diff = max(diff, 0)  # never below what a school sent: only the plan is over
                over_alloc = None
                if p.code in over_alloc_codes:  # one school sent one more than allocated
                    over_alloc = max(range(len(codes)), key=lambda j: (alloc[j], codes[j]))
                    # alloc holds what each school sent (p.per_school) at this point
                i = 0
                while diff != 0:
                    j = i % len(codes)
                    if diff > 0:
                        alloc[j] += 1
                        diff -= 1
                    elif alloc[j] > 0:
                        alloc[j] -= 1
                        diff += 1
                    i += 1
                if over_alloc is not None:  # one seat fewer than it sent; the seats move on
                    excess = alloc[over_alloc] - (p.per_school[codes[over_alloc]] - 1)
                    alloc[over_alloc] -= excess
                    alloc[(over_alloc + 1) % len(codes)] += excess
                for j, (c, n) in enumerate(zip(codes, alloc, strict=True)):
                    row = a.add([p.code, p.name, self.code_cell(r, c, 0.2), names[c], n])
                    if j == over_alloc:
                        self.add_defect(
                            "SCHOOL_OVER_ALLOCATION", a.rel, row, school_code=c,
                            project_code=p.code, year=y,
                        )
            a.close()
        self.log(f"  plans and allocations for {len(self.years)} years")


    def over_allocation_codes(self, y: int) -> set[str]:
        """SCHOOL_OVER_ALLOCATION plants of year y: 县培 projects open to a stage subset
        (templates 2-4: no teacher plant, never over quota) with >= 2 schools that sent 2+."""
        cands = sorted(
            (p.code, p.year)
            for yy in self.years
            for p in self.projects[yy]
            if p.kind == "county" and p.template >= 2 and p.code not in self.over
            and len(p.per_school) >= 2 and max(p.per_school.values()) >= 2
        )
        if not hasattr(self, "_over_alloc"):  # one draw for all years
            k = min(self.extra["over_alloc_n"], len(cands))
            self._over_alloc = set(self.alloc_rng.sample(cands, k)) if k else set()
        return {code for code, yy in self._over_alloc if yy == y}
