"""GP_ANNUAL_HOURS_MET: a teacher whose passed, certified records end before the year's October
国培 project (at least the policy's annual hours with sign-in) is sent to it."""

from __future__ import annotations

from datetime import date

from samplegen.layout import Project
from samplegen.plants.base import TeacherPlant, TeacherYearState

MARGIN_HOURS = 8  # records chosen until they pass the annual hours by this much


class GpAnnualHoursMet(TeacherPlant):
    rule = "GP_ANNUAL_HOURS_MET"
    rate = 1 / 1500
    kinds = ("GP_MET",)

    @staticmethod
    def project(ty: TeacherYearState) -> Project:
        return ty.gen.gp_by_year[ty.y][1]

    def guopei(self, ty: TeacherYearState) -> bool:
        return True  # written after the records (after_records)

    def forced_records(self, ty: TeacherYearState, n_rec: int) -> tuple[list[Project], int]:
        gen, t, school = ty.gen, ty.t, ty.school
        start = self.project(ty).start
        before = [
            p
            for pool in (
                gen.county_by_year[ty.y][school.county.idx],
                gen.city_by_year[ty.y][school.county.city_idx],
                gen.prov_by_year[ty.y],
            )
            for p in pool
            if p.eligible(t.stage, school.area)
            and p.end < start
            and p.code not in gen.extra["no_hours"]
        ]
        ty.r.shuffle(before)
        chosen: list[Project] = []
        total = 0.0
        for p in before:
            if total >= gen.policy.annual_hours_guideline + MARGIN_HOURS:
                break
            chosen.append(p)
            total += p.hours
        return chosen, len(chosen)

    def record_outcome(self, outcome: str, review: str) -> tuple[str, str]:
        return "合格", "已认定"

    def after_records(self, ty: TeacherYearState, present: list[tuple[date, float]]) -> None:
        gen, t, p = ty.gen, ty.t, self.project(ty)
        gen.guopei(ty.school, t, p, True, "合格", p.hours)
        ty.counted += p.hours
        ty.gp_start = p.start
        before_hours = 0.0
        for record, hours in ty.counted_records:
            if record.end < p.start:
                before_hours += hours
        before_hours += sum(h for d, h in present if d < p.start)
        if before_hours >= gen.policy.annual_hours_guideline:
            gen.add_defect(
                self.rule, *gen.winning_row(p), id_number=t.id_number, project_code=p.code, year=ty.y
            )


PLANT = GpAnnualHoursMet()
