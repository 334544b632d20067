"""KPI_PASSED_NOT_ATTENDED: a 国培 list row 是否报到=否 but 结业情况 合格, with hours."""

from __future__ import annotations

from samplegen.paths import guopei_path
from samplegen.plants.base import TeacherPlant, TeacherYearState


class KpiPassedNotAttended(TeacherPlant):
    rule = "KPI_PASSED_NOT_ATTENDED"
    rate = 1 / 1500
    kinds = ("GP_KPI",)

    def guopei(self, ty: TeacherYearState) -> bool:
        gen, t = ty.gen, ty.t
        p = gen.draw_guopei_project(ty)
        row = gen.guopei(ty.school, t, p, False, "合格", p.hours, force_hours=True)
        gen.add_defect(
            self.rule, guopei_path(p.code), row, id_number=t.id_number, project_code=p.code, year=ty.y
        )
        return True


PLANT = KpiPassedNotAttended()
