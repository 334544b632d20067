"""DUP_SOURCES_DISAGREE: a 国培 enrolment whose provider-list hours (alternately: outcome) differ
from the provincial export's record of it; the finding points at the list row."""

from __future__ import annotations

from samplegen.paths import guopei_path
from samplegen.plants.base import TeacherPlant, TeacherYearState


class DupSourcesDisagree(TeacherPlant):
    rule = "DUP_SOURCES_DISAGREE"
    rate = 1 / 1000
    kinds = ("DUP_HOURS", "DUP_OUTCOME")
    joins_guopei = True

    def guopei(self, ty: TeacherYearState) -> bool:
        gen, t = ty.gen, ty.t
        p = gen.draw_guopei_project(ty)
        # the list says 合格 with the plan's hours; the twin's hours or outcome differ (gen.guopei)
        row = gen.guopei(ty.school, t, p, True, "合格", p.hours, dup=ty.kind, r=ty.r)
        ty.gp_start = p.start
        gen.add_defect(
            self.rule, guopei_path(p.code), row, id_number=t.id_number, project_code=p.code, year=ty.y
        )
        if ty.kind != "DUP_OUTCOME":
            ty.counted += p.hours
        return True


PLANT = DupSourcesDisagree()
