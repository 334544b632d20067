"""NO_TRAINING_IN_YEAR: a roster teacher with no row in any source in one year (no sign-in mark,
no record, no course); the finding points at the teacher's roster row."""

from __future__ import annotations

from typing import Any

from samplegen.paths import roster_path
from samplegen.plants.base import TeacherPlant


class NoTrainingInYear(TeacherPlant):
    rule = "NO_TRAINING_IN_YEAR"
    rate = 1 / 500
    kinds = ("NO_TRAIN",)
    absent = True

    def record_absence(self, gen: Any, school, t, y: int, roster_row: int) -> None:
        gen.add_defect(
            self.rule,
            roster_path(school.code),
            roster_row,
            id_number=t.id_number,
            school_code=school.code,
            year=y,
        )


PLANT = NoTrainingInYear()
