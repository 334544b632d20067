"""One teacher's year: 国培, provincial records and online courses (the clean draw).

A planted defect acts through its plant's hooks (``samplegen.plants``) at fixed points of this
draw; a clean year calls the no-op ``NO_PLANT``.
"""

from __future__ import annotations

import random
from datetime import date

from samplegen import refdata as R
from samplegen.cells import (
    COUNTED_OUTCOMES,
    COUNTED_REVIEWS,
    PROV_OUTCOMES,
    REVIEWS,
    date_cell,
    fmt_hours,
    hours_cell,
    mask_id,
    pick,
)
from samplegen.layout import Project, School
from samplegen.plants import NO_PLANT, TeacherPlant
from samplegen.plants.base import Record, TeacherYearState
from samplegen.teachers import Teacher

# hours a record earns by its outcome: the whole project, half when sent home (劝退), else none
FULL_HOURS_OUTCOMES = ("合格", "优秀", "不合格")


class TeacherYear:
    """Mixin of ``Generator``: one teacher's records in one year."""

    def teacher_year(
        self,
        r: random.Random,
        school: School,
        t: Teacher,
        y: int,
        present: list[tuple[date, float]] = (),
    ) -> float:
        """Provincial export, platform and 国培 rows of one teacher in one year; counted hours.

        ``present``: the teacher's sign-in sessions marked √ this year (date, hours)."""
        plant = t.plan.plant_in(y) if t.plan is not None else NO_PLANT
        kind = t.plan.kind if plant is not NO_PLANT else None
        ty = TeacherYearState(self, r, school, t, y, kind)
        if not plant.guopei(ty) and t.gp_year == y:
            self.clean_guopei(ty)
        edge_role = self.edge_roles.get(t.gidx)
        if edge_role is not None:
            edge_hours, edge_start = self.edge_guopei(r, school, t, y)
            ty.counted += edge_hours
            if edge_start is not None:
                ty.gp_start = edge_start if ty.gp_start is None else min(ty.gp_start, edge_start)
        if plant.absent:
            return ty.counted
        self.provincial_records(ty, plant)
        plant.after_records(ty, present)
        if edge_role is not None:
            ty.counted += self.edge_records(r, school, t, y)
            if edge_role == "CREDITED" and y == self.y_credited:
                return ty.counted + self.edge_online(r, school, t, y, ty.gp_start)
        self.online_courses(ty, plant)
        return ty.counted

    def draw_guopei_project(self, ty: TeacherYearState) -> Project:
        cands = [p for p in self.gp_by_year[ty.y] if p.eligible(ty.t.stage, ty.school.area)]
        return cands[ty.r.randrange(len(cands))]

    def clean_guopei(self, ty: TeacherYearState) -> None:
        """The teacher's one 国培 enrolment: 4% no-shows; of the others 7% fail or are sent home.

        Its start bounds the year's other trainings (they end after it), so nobody clean
        "already met the annual hours" before 国培 (GP_ANNUAL_HOURS_MET)."""
        r = ty.r
        p = self.draw_guopei_project(ty)
        reported = r.random() < 0.96
        outcome = pick(r, (("合格", 0.93), ("不合格", 0.04), ("劝退", 0.03))) if reported else ""
        hours = (
            p.hours if outcome in ("合格", "不合格") else (float(p.hours // 2) if outcome else 0)
        )
        self.guopei(ty.school, ty.t, p, reported, outcome, hours, r=r)
        if reported:
            ty.gp_start = p.start
        if outcome == "合格":
            ty.counted += p.hours

    def provincial_records(self, ty: TeacherYearState, plant: TeacherPlant) -> None:
        """The year's non-国培 records in the provincial export (county, city, provincial)."""
        r, t, school, y = ty.r, ty.t, ty.school, ty.y
        n_rec = r.choice((0, 1)) if t.behind else r.choice((1, 2, 2))
        chosen, n_rec = plant.forced_records(ty, n_rec)
        tries = 0
        while len(chosen) < n_rec and tries < 50:
            tries += 1
            u = r.random()
            if u < 0.6:
                pool = self.county_by_year[y][school.county.idx]
            elif u < 0.85:
                pool = self.city_by_year[y][school.county.city_idx]
            else:
                pool = self.prov_by_year[y]
            pool = [
                p
                for p in pool
                if p.eligible(t.stage, school.area)
                and p not in chosen
                and (ty.gp_start is None or p.end >= ty.gp_start)
            ]
            if pool:
                chosen.append(pool[r.randrange(len(pool))])
        for i, p in enumerate(chosen):
            outcome, review = plant.record_outcome(pick(r, PROV_OUTCOMES), pick(r, REVIEWS))
            full = outcome in FULL_HOURS_OUTCOMES
            hours = p.hours if full else (float(p.hours // 2) if outcome == "劝退" else 0.0)
            rec = Record(
                outcome=outcome,
                review=review,
                hours=hours,
                practice=p.practice_hours if full else 0.0,
                hours_cell=hours_cell(r, hours),
                start_cell=date_cell(r, p.start),
                end_cell=date_cell(r, p.end),
            )
            planted = i == 0 and plant.damages_first_record()
            if planted:
                plant.damage(ty, p, rec)
            self.enrol(p, school.code)
            row = self.prov_row(
                y, t, school, p, rec.start_cell, rec.end_cell, rec.hours_cell,
                fmt_hours(rec.practice), rec.outcome, rec.review, rec.id_cell,
            )
            if planted:
                earned = plant.first_record_written(ty, p, row, rec)
                if earned:
                    ty.counted += earned
            elif rec.outcome in COUNTED_OUTCOMES and rec.review in COUNTED_REVIEWS:
                ty.counted += rec.hours
                ty.counted_records.append((p, rec.hours))

    def online_courses(self, ty: TeacherYearState, plant: TeacherPlant) -> None:
        """The year's online courses (platform CSV); they start after the year's 国培."""
        r, t, school, y = ty.r, ty.t, ty.school, ty.y
        n_courses = plant.courses(r.choice((0, 0, 1)) if t.behind else r.choice((2, 3, 4, 4, 5)))
        w = self.platform_writers[y]
        online_seen: set[str] = set()
        for ci, course in enumerate(r.sample(R.ONLINE_COURSES, n_courses)):
            p = self.online_by_year[y][r.randrange(len(self.online_by_year[y]))]
            minutes = r.choice((180, 240, 300, 360, 480, 600))
            done = r.random() < 0.9
            if not done:
                minutes = r.randrange(30, minutes, 15)
            lo = p.start.toordinal()
            if ty.gp_start is not None:
                lo = max(lo, ty.gp_start.toordinal())
            if lo > p.end.toordinal():
                continue
            when = date.fromordinal(r.randrange(lo, p.end.toordinal() + 1))
            stamp = (
                f"{when.isoformat()} {r.randrange(7, 23):02d}:{r.randrange(60):02d}:"
                f"{r.randrange(60):02d}"
            )
            w.writerow(
                [
                    plant.platform_name(t, ci),
                    mask_id(t.id_number),
                    school.name,
                    course,
                    p.code,
                    minutes,
                    "已完成" if done else "未完成",
                    stamp,
                ]
            )
            self.plat_lines[y] += 1
            if plant.platform_row_written(ty, ci, p):
                continue
            if p.code not in online_seen:
                online_seen.add(p.code)
                self.enrol(p, school.code)
            if done:
                ty.counted += minutes / 60

    def winning_row(self, p: Project) -> tuple[str, int]:
        """Where a 国培 rule's finding on the enrolment just written points: the winning source's
        row, the provincial export's record (as the credit marts read it; int_project_enrolments),
        since every attended list trainee has that twin."""
        return self.prov_sheets[p.year].rel, self.last_twin_row

    def enrol(self, p: Project, school_code: str) -> None:
        c = self.counts[(p.code, p.year)]
        c[school_code] = c.get(school_code, 0) + 1

    def guopei(
        self,
        school: School,
        t: Teacher,
        p: Project,
        reported: bool,
        outcome: str,
        hours: float,
        dup: str | None = None,
        r: random.Random | None = None,
        force_hours: bool = False,
    ) -> int:
        """Buffer a provider-list row and, when reported, write the provincial-export twin."""
        rows = self.gp_rows[p.code]
        rows.append(
            (
                len(rows) + 1,
                t.name,
                t.id_number,
                school.name,
                school.county.name,
                t.stage,
                t.subject,
                p.code,
                "是" if reported else "否",
                outcome,
                fmt_hours(hours) if reported or force_hours else "",
            )
        )
        self.enrol(p, school.code)
        if reported:
            prov_hours, prov_outcome = hours, outcome
            if dup == "DUP_HOURS":
                prov_hours = hours - 8
            elif dup == "DUP_OUTCOME":
                prov_outcome = "不合格"
            rr = r or random.Random(t.gidx)
            self.last_twin_row = self.prov_row(
                p.year,
                t,
                school,
                p,
                date_cell(rr, p.start),
                date_cell(rr, p.end),
                fmt_hours(prov_hours),
                fmt_hours(p.practice_hours if outcome in ("合格", "不合格") else 0.0),
                prov_outcome,
                "已认定",
            )
        return len(rows) + 2  # title row + header row
