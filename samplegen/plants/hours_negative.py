"""HOURS_NEGATIVE: a provincial-export record (县培/区培) with negative 登记学时 (quarantined)."""

from __future__ import annotations

from samplegen.cells import fmt_hours
from samplegen.layout import Project
from samplegen.plants.base import Record, TeacherYearState
from samplegen.plants.first_record import FirstRecordPlant


class HoursNegative(FirstRecordPlant):
    rule = "HOURS_NEGATIVE"
    rate = 1 / 1000
    kinds = ("NEG_HOURS",)
    quarantined = True

    def change(self, ty: TeacherYearState, p: Project, rec: Record) -> None:
        rec.hours_cell = -fmt_hours(rec.hours)


PLANT = HoursNegative()
