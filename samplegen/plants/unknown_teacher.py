"""UNKNOWN_TEACHER: a provincial record of a person on no roster (a stranger, e.g. a new hire,
at the planted teacher's school)."""

from __future__ import annotations

from datetime import date, timedelta

from samplegen import refdata as R
from samplegen.cells import fmt_hours
from samplegen.plants.base import TeacherPlant, TeacherYearState


class UnknownTeacher(TeacherPlant):
    rule = "UNKNOWN_TEACHER"
    rate = 1 / 1000
    kinds = ("UNKNOWN",)

    def after_records(self, ty: TeacherYearState, present: list[tuple[date, float]]) -> None:
        from samplegen.teachers import Teacher

        gen, r, school, y = ty.gen, ty.r, ty.school, ty.y
        birth = date(1990, 1, 1) + timedelta(days=r.randrange(3000))
        male = r.random() < 0.4
        idn = gen.new_id(r, school.county.code, birth, male, False)
        stranger = Teacher(
            -1, r.choice(R.SURNAMES) + r.choice(R.GIVEN_ANY) + r.choice(R.GIVEN_FEMALE),
            "男" if male else "女", birth, idn, school.stage,
            r.choice(R.SUBJECTS[school.stage]), R.TITLES[0], "", False, None, None,
        )
        p = gen.county_by_year[y][school.county.idx][1]
        gen.enrol(p, school.code)
        row = gen.prov_row(
            y, stranger, school, p, p.start.isoformat(), p.end.isoformat(), fmt_hours(p.hours),
            fmt_hours(p.practice_hours), "合格", "已认定",
        )
        gen.add_defect(
            self.rule, gen.prov_sheets[y].rel, row,
            id_number=idn, school_code=school.code, project_code=p.code, year=y,
        )


PLANT = UnknownTeacher()
