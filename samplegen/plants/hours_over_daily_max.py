"""HOURS_OVER_DAILY_MAX: a provincial record (县培/区培, >= 16 h) of the whole project on one day
(start = end date)."""

from __future__ import annotations

from samplegen.layout import Project
from samplegen.plants.base import Record, TeacherYearState
from samplegen.plants.first_record import FirstRecordPlant


class HoursOverDailyMax(FirstRecordPlant):
    rule = "HOURS_OVER_DAILY_MAX"
    rate = 1 / 1000
    kinds = ("OVER_DAILY",)

    def change(self, ty: TeacherYearState, p: Project, rec: Record) -> None:
        rec.end_cell = p.start.isoformat()
        rec.start_cell = p.start.isoformat()


PLANT = HoursOverDailyMax()
