"""Plants on the first provincial-export record of the year (a 县培 project open to all)."""

from __future__ import annotations

from samplegen.cells import fmt_hours
from samplegen.layout import Project
from samplegen.plants.base import Record, TeacherPlant, TeacherYearState


class FirstRecordPlant(TeacherPlant):
    """The year's first record is the county's project 1 (never over quota), passed and
    certified, then damaged by ``damage``; the finding points at that row."""

    quarantined: bool = False  # ingest quarantines the row: it earns nothing
    earns_written_hours: bool = True  # else the row earns nothing it says

    def forced_records(self, ty: TeacherYearState, n_rec: int) -> tuple[list[Project], int]:
        return [ty.gen.county_by_year[ty.y][ty.school.county.idx][1]], max(n_rec, 1)

    def damages_first_record(self) -> bool:
        return True

    def damage(self, ty: TeacherYearState, p: Project, rec: Record) -> None:
        rec.outcome, rec.review = "合格", "已认定"
        rec.hours, rec.practice = p.hours, p.practice_hours
        rec.hours_cell = fmt_hours(rec.hours)
        self.change(ty, p, rec)

    def change(self, ty: TeacherYearState, p: Project, rec: Record) -> None:
        """The rule's damage to the passed, certified record."""
        raise NotImplementedError

    def first_record_written(self, ty: TeacherYearState, p: Project, row: int, rec: Record) -> float:
        ty.gen.add_defect(
            self.rule,
            ty.gen.prov_sheets[ty.y].rel,
            row,
            id_number=ty.t.id_number,
            project_code=p.code,
            year=ty.y,
        )
        if self.quarantined or not self.earns_written_hours:
            return 0.0
        return float(rec.hours_cell)
