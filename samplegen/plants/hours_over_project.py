"""HOURS_OVER_PROJECT: a provincial record (县培/区培) with the plan's hours + 8, over one more
day, so it stays within the policy's maximum hours per training day."""

from __future__ import annotations

import math
from datetime import timedelta

from samplegen.cells import fmt_hours
from samplegen.layout import Project
from samplegen.plants.base import Record, TeacherYearState
from samplegen.plants.first_record import FirstRecordPlant

EXTRA_HOURS = 8


class HoursOverProject(FirstRecordPlant):
    rule = "HOURS_OVER_PROJECT"
    rate = 1 / 1000
    kinds = ("OVER_PROJECT",)

    def change(self, ty: TeacherYearState, p: Project, rec: Record) -> None:
        hours = rec.hours + EXTRA_HOURS
        per_day = ty.gen.policy.dq_max_hours_per_training_day
        rec.hours_cell = fmt_hours(hours)
        rec.end_cell = (p.start + timedelta(days=math.ceil(hours / per_day) - 1)).isoformat()


PLANT = HoursOverProject()
