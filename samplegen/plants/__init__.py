"""Teacher-level planted defects, one module per rule: its rate, its variants, what it writes
and its ground-truth record (``samplegen.plants.base`` says where in a teacher's year each acts).

``TEACHER_PLANTS`` is the order in which the defect plan hands out the chosen teachers: changing
it changes which teacher carries which plant for a given seed.
"""

from __future__ import annotations

from samplegen.plants import (
    dup_sources_disagree,
    gp_annual_hours_met,
    gp_banned_reenrolled,
    gp_ineligible_trainee,
    gp_over_cycle_limit,
    hours_negative,
    hours_over_daily_max,
    hours_over_project,
    id_excel_damaged,
    id_invalid,
    kpi_passed_not_attended,
    missing_hours,
    no_training_in_year,
    platform_id_unresolved,
    unknown_teacher,
)
from samplegen.plants.base import NO_PLANT, TeacherPlant

TEACHER_PLANTS: tuple[TeacherPlant, ...] = (
    id_excel_damaged.PLANT,
    id_invalid.PLANT,
    missing_hours.PLANT,
    no_training_in_year.PLANT,
    gp_over_cycle_limit.PLANT,
    gp_banned_reenrolled.PLANT,
    dup_sources_disagree.PLANT,
    hours_negative.PLANT,
    hours_over_project.PLANT,
    hours_over_daily_max.PLANT,
    unknown_teacher.PLANT,
    platform_id_unresolved.PLANT,
    gp_annual_hours_met.PLANT,
    gp_ineligible_trainee.PLANT,
    kpi_passed_not_attended.PLANT,
)
PLANT_OF_KIND: dict[str, TeacherPlant] = {k: p for p in TEACHER_PLANTS for k in p.kinds}

__all__ = ["NO_PLANT", "PLANT_OF_KIND", "TEACHER_PLANTS", "TeacherPlant"]
