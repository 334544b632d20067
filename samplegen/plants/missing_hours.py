"""MISSING_HOURS: a provincial-export record (县培/区培) 考核结果 合格 with 登记学时 blank or 0
(alternately); it earns nothing."""

from __future__ import annotations

from samplegen.layout import Project
from samplegen.plants.base import Record, TeacherYearState
from samplegen.plants.first_record import FirstRecordPlant


class MissingHours(FirstRecordPlant):
    rule = "MISSING_HOURS"
    rate = 1 / 600
    kinds = ("MISSING_BLANK", "MISSING_ZERO")
    earns_written_hours = False

    def change(self, ty: TeacherYearState, p: Project, rec: Record) -> None:
        rec.hours_cell = "" if ty.kind == "MISSING_BLANK" else 0


PLANT = MissingHours()
