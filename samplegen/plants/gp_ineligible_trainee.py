"""GP_INELIGIBLE_TRAINEE: a 国培 trainee outside a project's stages or rural-only condition."""

from __future__ import annotations

from samplegen.plants.base import TeacherPlant, TeacherYearState


class GpIneligibleTrainee(TeacherPlant):
    rule = "GP_INELIGIBLE_TRAINEE"
    rate = 1 / 1500
    kinds = ("GP_INELIG",)

    def guopei(self, ty: TeacherYearState) -> bool:
        gen, t, school = ty.gen, ty.t, ty.school
        p = next(
            p
            for p in gen.gp_by_year[ty.y]
            if p.template >= 2 and not p.eligible(t.stage, school.area)
        )
        gen.guopei(school, t, p, True, "合格", p.hours)
        ty.counted += p.hours
        ty.gp_start = p.start
        gen.add_defect(
            self.rule, *gen.winning_row(p), id_number=t.id_number, project_code=p.code, year=ty.y
        )
        return True


PLANT = GpIneligibleTrainee()
