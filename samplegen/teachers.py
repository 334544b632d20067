"""One teacher's identity, drawn from the school's random stream."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ingest.idnumber import check_char
from samplegen import refdata as R
from samplegen.layout import School
from samplegen.plan import TeacherPlan


@dataclass
class Teacher:
    gidx: int
    name: str
    gender: str
    birth: date
    id_number: str
    stage: str
    subject: str
    title: str
    phone: str
    behind: bool
    plan: TeacherPlan | None
    gp_year: int | None


class TeacherDraws:
    """Mixin of ``Generator``: unique ID numbers and the clean teacher draw."""

    def new_id(
        self, r: random.Random, county_code: str, birth: date, male: bool, need_digits: bool
    ) -> str:
        while True:
            seq = r.randrange(0, 500) * 2 + (1 if male else 0)
            body = f"{county_code}{birth:%Y%m%d}{seq:03d}"
            idn = body + check_char(body)
            if idn in self.ids:
                continue
            if need_digits:
                damaged = idn[:15] + "000"
                if not idn.isdigit() or check_char(damaged[:17]) == damaged[17]:
                    continue
            self.ids.add(idn)
            return idn

    def make_teacher(self, r: random.Random, school: School, gidx: int) -> Teacher:
        male = r.random() < (0.35 if school.stage != "幼儿园" else 0.04)
        surname = r.choices(R.SURNAMES, R.SURNAME_WEIGHTS)[0]
        pool = R.GIVEN_MALE if male else R.GIVEN_FEMALE
        if r.random() < 0.25:
            given = r.choice(pool)
        else:
            given = r.choice(R.GIVEN_ANY + pool) + r.choice(pool)
        birth = date(1965, 1, 1) + timedelta(
            days=r.randrange((date(2000, 12, 31) - date(1965, 1, 1)).days)
        )
        plan = None if self.clean else self.plans.get(gidx)
        need_digits = plan is not None and plan.plant.needs_digit_id
        idn = self.new_id(r, school.county.code, birth, male, need_digits)
        age = 2023 - birth.year
        t_idx = min(
            5, max(0, int((age - 23) / 7) + (1 if r.random() < 0.3 else 0) - (r.random() < 0.2))
        )
        phone = "1" + r.choice("35789") + "".join(str(r.randrange(10)) for _ in range(9))
        gp_year = None
        if plan is None:
            u = r.random()
            if u < 0.035 * len(self.years) and gidx not in self.edge_roles:
                gp_year = self.years[int(u / 0.035)]
        elif plan.plant.joins_guopei:
            gp_year = plan.years[0]
        return Teacher(
            gidx,
            surname + given,
            "男" if male else "女",
            birth,
            idn,
            school.stage,
            r.choice(R.SUBJECTS[school.stage]),
            R.TITLES[t_idx],
            phone,
            r.random() < 0.22,
            plan,
            gp_year,
        )
