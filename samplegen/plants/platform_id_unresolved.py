"""PLATFORM_ID_UNRESOLVED: a platform row whose name is misspelt (张某伟), so the masked ID matches
nobody; it earns nothing."""

from __future__ import annotations

from samplegen.layout import Project
from samplegen.paths import platform_path
from samplegen.plants.base import TeacherPlant, TeacherYearState


class PlatformIdUnresolved(TeacherPlant):
    rule = "PLATFORM_ID_UNRESOLVED"
    rate = 1 / 1000
    kinds = ("PLAT_UNMATCHED",)

    def courses(self, n: int) -> int:
        return max(1, n)

    def platform_name(self, t, ci: int) -> str:
        if ci != 0:
            return t.name
        return t.name[0] + ("某" if t.name[-1] != "某" else "甲") + t.name[1:]

    def platform_row_written(self, ty: TeacherYearState, ci: int, p: Project) -> bool:
        if ci != 0:
            return False
        gen, y = ty.gen, ty.y
        gen.add_defect(
            self.rule, platform_path(y), gen.plat_lines[y],
            id_number=ty.t.id_number, project_code=p.code, year=y,
        )
        return True


PLANT = PlatformIdUnresolved()
