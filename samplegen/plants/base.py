"""What a teacher-level plant is, and the points of a teacher's year where it acts.

``samplegen.teacher_year`` draws a clean teacher-year and calls a plant's hooks at fixed points;
a plant overrides only the hooks it needs. Hooks must draw from ``ty.r`` exactly where the clean
draw would have, so the same seed keeps giving the same files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from samplegen.layout import Project, School

if TYPE_CHECKING:
    from ingest.policy import Policy
    from samplegen.teachers import Teacher


@dataclass
class TeacherYearState:
    """One teacher's year while it is drawn: what the hooks read and update."""

    gen: Any  # the Generator (its projects, writers and add_defect)
    r: random.Random
    school: School
    t: Teacher
    y: int
    kind: str | None  # the plant's variant active this year, None for a clean year
    counted: float = 0.0  # hours that count (the run's on-track share)
    gp_start: date | None = None  # start of this year's 国培: other trainings end after it
    # the provincial records that counted, in order (project, hours)
    counted_records: list[tuple[Project, float]] = field(default_factory=list)


@dataclass
class Record:
    """The cells of one provincial-export record before it is written."""

    outcome: str
    review: str
    hours: float
    practice: float
    hours_cell: Any
    start_cell: Any
    end_cell: Any
    id_cell: Any = None


class TeacherPlant:
    """A rule planted on chosen teachers; this base plants nothing (a clean teacher-year)."""

    rule: str = ""
    rate: float = 0.0  # plants = max(1, round(teachers * rate))
    kinds: tuple[str, ...] = ()  # variants, given to the chosen teachers in turn
    needs_digit_id: bool = False  # the ID must stay all digits and fail the checksum once damaged
    joins_guopei: bool = False  # the teacher's 国培 year is the plan year
    absent: bool = False  # no sign-in and no record at all in the plan year

    def years(
        self, rng: np.random.Generator, years: list[int], policy: Policy
    ) -> tuple[int, ...]:
        """The year(s) the plant is active in (drawn from the run's layout stream)."""
        return (years[int(rng.integers(len(years)))],)

    def guopei(self, ty: TeacherYearState) -> bool:
        """Write this year's 国培 enrolment(s); False: the clean draw does."""
        return False

    def forced_records(self, ty: TeacherYearState, n_rec: int) -> tuple[list[Project], int]:
        """Provincial records the plant needs, and how many records the year has."""
        return [], n_rec

    def record_outcome(self, outcome: str, review: str) -> tuple[str, str]:
        return outcome, review

    def damages_first_record(self) -> bool:
        return False

    def damage(self, ty: TeacherYearState, p: Project, rec: Record) -> None:
        """Change the first record's cells (only when ``damages_first_record``)."""

    def first_record_written(self, ty: TeacherYearState, p: Project, row: int, rec: Record) -> float:
        """The ground-truth record of the damaged first record; the hours it still earns."""
        return 0.0

    def after_records(self, ty: TeacherYearState, present: list[tuple[date, float]]) -> None:
        """After the year's provincial records (``present``: sign-in sessions, date and hours)."""

    def courses(self, n: int) -> int:
        return n

    def platform_name(self, t: Teacher, ci: int) -> str:
        return t.name

    def platform_row_written(self, ty: TeacherYearState, ci: int, p: Project) -> bool:
        """After a platform row; True: the row is the plant and earns nothing."""
        return False


NO_PLANT = TeacherPlant()
