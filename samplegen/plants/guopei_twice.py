"""Two 国培 enrolments of one teacher (GP_OVER_CYCLE_LIMIT, GP_BANNED_REENROLLED).

In two plan years the year's first project (April) then the second (October) of the later year;
in one year both. The later enrolment is the finding, at its provincial-export record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from samplegen.plants.base import TeacherPlant, TeacherYearState

if TYPE_CHECKING:
    from ingest.policy import Policy


def year_pair(
    rng: np.random.Generator, years: list[int], max_gap: int | None, cycle: tuple[int, int] | None
) -> tuple[int, int]:
    """Two plan years a < b (within ``max_gap`` years, in one cycle (start, length) when given);
    one year twice when no pair fits."""

    def cycle_of(year: int) -> int:
        return (year - cycle[0]) // cycle[1] if cycle else 0

    cands = [
        (a, b)
        for a in years
        for b in years
        if b > a and (max_gap is None or b - a <= max_gap) and cycle_of(a) == cycle_of(b)
    ]
    if not cands:
        y = years[int(rng.integers(len(years)))]
        return (y, y)
    return cands[int(rng.integers(len(cands)))]


class GuopeiTwice(TeacherPlant):
    first_reported: bool = True  # whether the teacher attended the earlier enrolment

    def guopei(self, ty: TeacherYearState) -> bool:
        gen, t, y = ty.gen, ty.t, ty.y
        ya, yb = t.plan.years
        gps = gen.gp_by_year[y]
        if ya == yb:
            enrolments = [(gps[0], self.first_reported), (gps[1], True)]
        elif y == ya:
            enrolments = [(gps[0], self.first_reported)]
        else:
            enrolments = [(gps[1], True)]
        for i, (p, reported) in enumerate(enrolments):
            later = (ya == yb and i == 1) or (ya != yb and y == yb)
            gen.guopei(ty.school, t, p, reported, "合格" if reported else "", p.hours)
            if reported:
                ty.counted += p.hours
                ty.gp_start = p.start if ty.gp_start is None else min(ty.gp_start, p.start)
            if later:
                gen.add_defect(
                    self.rule, *gen.winning_row(p), id_number=t.id_number, project_code=p.code, year=y
                )
        return True

    def years(self, rng: np.random.Generator, years: list[int], policy: Policy) -> tuple[int, ...]:
        raise NotImplementedError
