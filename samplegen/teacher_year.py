"""One teacher's year: 国培, provincial records and online courses, with the teacher-level plants."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from ingest.idnumber import check_char
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
from samplegen.paths import guopei_path, platform_path
from samplegen.rates import ANNUAL_HOURS, QUARANTINED_KINDS, REC_DEFECTS
from samplegen.teachers import Teacher


class TeacherYear:
    """Mixin of ``Generator``: one teacher's records in one year."""

    # -- one teacher, one year ------------------------------------------------------------------

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
        plan = t.plan
        kind = plan.kind if plan is not None and y in plan.years else None
        counted = 0.0
        # start of the teacher's reported 国培 project this year: other trainings end on or after
        # it, so nobody clean "already met the annual hours" before 国培 (GP_ANNUAL_HOURS_MET)
        gp_start: date | None = None
        gp_met_project: Project | None = None
        # 国培
        if kind in ("GP_OVER", "GP_BANNED"):
            ya, yb = plan.years
            gps = self.gp_by_year[y]
            if ya == yb:  # one year only: project 0 (April) then project 1 (October)
                enrolments = [(gps[0], kind == "GP_OVER"), (gps[1], True)]
            elif y == ya:
                enrolments = [(gps[0], kind == "GP_OVER")]
            else:
                enrolments = [(gps[1], True)]
            for i, (p, reported) in enumerate(enrolments):
                later = (ya == yb and i == 1) or (ya != yb and y == yb)
                row = self.guopei(school, t, p, reported, "合格" if reported else "", p.hours)
                if reported:
                    counted += p.hours
                    gp_start = p.start if gp_start is None else min(gp_start, p.start)
                if later:
                    rule = "GP_OVER_CYCLE_LIMIT" if kind == "GP_OVER" else "GP_BANNED_REENROLLED"
                    self.add_defect(
                        rule,
                        *self.winning_row(p),
                        id_number=t.id_number,
                        project_code=p.code,
                        year=y,
                    )
        elif kind == "GP_MET":  # October project; enough passed trainings end before it starts
            gp_met_project = self.gp_by_year[y][1]
        elif kind == "GP_INELIG":  # a project whose stage or rural-only condition excludes the teacher
            p = next(
                p for p in self.gp_by_year[y] if p.template >= 2 and not p.eligible(t.stage, school.area)
            )
            row = self.guopei(school, t, p, True, "合格", p.hours)
            counted += p.hours
            gp_start = p.start
            self.add_defect(
                "GP_INELIGIBLE_TRAINEE", *self.winning_row(p),
                id_number=t.id_number, project_code=p.code, year=y,
            )
        elif kind == "GP_KPI":  # did not report, yet the provider's list says 合格 with hours
            cands = [p for p in self.gp_by_year[y] if p.eligible(t.stage, school.area)]
            p = cands[r.randrange(len(cands))]
            row = self.guopei(school, t, p, False, "合格", p.hours, force_hours=True)
            self.add_defect(
                "KPI_PASSED_NOT_ATTENDED", guopei_path(p.code), row,
                id_number=t.id_number, project_code=p.code, year=y,
            )
        elif t.gp_year == y:
            cands = [p for p in self.gp_by_year[y] if p.eligible(t.stage, school.area)]
            p = cands[r.randrange(len(cands))]
            if kind in ("DUP_HOURS", "DUP_OUTCOME"):
                reported, outcome = True, "合格"
            else:
                reported = r.random() < 0.96
                outcome = (
                    pick(r, (("合格", 0.93), ("不合格", 0.04), ("劝退", 0.03))) if reported else ""
                )
            hours = (
                p.hours
                if outcome in ("合格", "不合格")
                else (float(p.hours // 2) if outcome else 0)
            )
            row = self.guopei(school, t, p, reported, outcome, hours, dup=kind, r=r)
            if reported:
                gp_start = p.start
            if kind is not None:
                self.add_defect(
                    "DUP_SOURCES_DISAGREE",
                    guopei_path(p.code),
                    row,
                    id_number=t.id_number,
                    project_code=p.code,
                    year=y,
                )
            if outcome == "合格" and kind != "DUP_OUTCOME":
                counted += p.hours
        edge_role = self.edge_roles.get(t.gidx)
        if edge_role is not None:
            edge_hours, edge_start = self.edge_guopei(r, school, t, y)
            counted += edge_hours
            if edge_start is not None:
                gp_start = edge_start if gp_start is None else min(gp_start, edge_start)
        if kind == "NO_TRAIN":
            return counted
        # non-国培 records in the provincial export
        n_rec = r.choice((0, 1)) if t.behind else r.choice((1, 2, 2))
        rec_defect = kind in REC_DEFECTS
        chosen: list[Project] = []
        if rec_defect:
            chosen.append(self.county_by_year[y][school.county.idx][1])  # never over quota
            n_rec = max(n_rec, 1)
        if gp_met_project is not None:
            before = [
                p
                for pool in (
                    self.county_by_year[y][school.county.idx],
                    self.city_by_year[y][school.county.city_idx],
                    self.prov_by_year[y],
                )
                for p in pool
                if p.eligible(t.stage, school.area)
                and p.end < gp_met_project.start
                and p.code not in self.extra["no_hours"]
            ]
            r.shuffle(before)
            total = 0.0
            for p in before:
                if total >= ANNUAL_HOURS + 8:
                    break
                chosen.append(p)
                total += p.hours
            n_rec = len(chosen)
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
                and (gp_start is None or p.end >= gp_start)
            ]
            if pool:
                chosen.append(pool[r.randrange(len(pool))])
        before_hours = 0.0  # counted hours that end before the GP_MET project starts
        for i, p in enumerate(chosen):
            outcome = pick(r, PROV_OUTCOMES)
            review = pick(r, REVIEWS)
            if gp_met_project is not None:
                outcome, review = "合格", "已认定"
            hours = (
                p.hours
                if outcome in ("合格", "优秀", "不合格")
                else (float(p.hours // 2) if outcome == "劝退" else 0.0)
            )
            practice = p.practice_hours if outcome in ("合格", "优秀", "不合格") else 0.0
            hours_c = hours_cell(r, hours)
            start_c, end_c = date_cell(r, p.start), date_cell(r, p.end)
            id_cell = None
            if i == 0 and rec_defect:
                outcome, review = "合格", "已认定"
                hours, practice = p.hours, p.practice_hours
                hours_c = fmt_hours(hours)
                if kind == "MISSING_BLANK":
                    hours_c = ""
                elif kind == "MISSING_ZERO":
                    hours_c = 0
                elif kind == "NEG_HOURS":
                    hours_c = -fmt_hours(hours)
                elif kind == "OVER_PROJECT":  # 8 h more than planned, over one more day
                    hours_c = fmt_hours(hours + 8)
                    end_c = (p.start + timedelta(days=math.ceil((hours + 8) / 8) - 1)).isoformat()
                elif kind == "OVER_DAILY":  # the whole project's hours on one day
                    end_c = p.start.isoformat()
                    start_c = p.start.isoformat()
                elif kind == "DAMAGED_FLOAT":
                    id_cell = float(int(t.id_number))
                elif kind == "DAMAGED_000":
                    id_cell = t.id_number[:15] + "000"
                elif kind == "BAD_CHECK":
                    right = t.id_number[17]
                    id_cell = t.id_number[:17] + r.choice([c for c in "123456789X" if c != right])
                elif kind == "BAD_DATE":
                    body = (
                        t.id_number[:10]
                        + r.choice(["0230", "0231", "1301", "0431", "0000"])
                        + t.id_number[14:17]
                    )
                    id_cell = body + check_char(body)
                    if id_cell.endswith("000"):
                        body = body[:16] + "1"
                        id_cell = body + check_char(body)
            self.enrol(p, school.code)
            row = self.prov_row(
                y, t, school, p, start_c, end_c, hours_c, fmt_hours(practice), outcome, review,
                id_cell,
            )
            if i == 0 and rec_defect:
                self.add_defect(
                    REC_DEFECTS[kind],
                    self.prov_sheets[y].rel,
                    row,
                    id_number=t.id_number,
                    project_code=p.code,
                    year=y,
                )
                if kind in QUARANTINED_KINDS:
                    continue  # quarantined: earns nothing
                if kind not in ("MISSING_BLANK", "MISSING_ZERO"):
                    counted += float(hours_c)
            elif outcome in COUNTED_OUTCOMES and review in COUNTED_REVIEWS:
                counted += hours
                if gp_met_project is not None and p.end < gp_met_project.start:
                    before_hours += hours
        if gp_met_project is not None:
            p = gp_met_project
            row = self.guopei(school, t, p, True, "合格", p.hours)
            counted += p.hours
            gp_start = p.start
            before_hours += sum(h for d, h in present if d < p.start)
            if before_hours >= ANNUAL_HOURS:
                self.add_defect(
                    "GP_ANNUAL_HOURS_MET", *self.winning_row(p),
                    id_number=t.id_number, project_code=p.code, year=y,
                )
        if kind == "UNKNOWN":  # a trainee of this school who is on no roster (e.g. a new hire)
            self.unknown_record(r, school, y)
        if edge_role is not None:
            counted += self.edge_records(r, school, t, y)
            if edge_role == "CREDITED" and y == self.y_credited:
                return counted + self.edge_online(r, school, t, y, gp_start)
        # online courses (platform CSV)
        n_courses = r.choice((0, 0, 1)) if t.behind else r.choice((2, 3, 4, 4, 5))
        if kind == "PLAT_UNMATCHED":
            n_courses = max(1, n_courses)
        w = self.platform_writers[y]
        online_seen: set[str] = set()
        for ci, course in enumerate(r.sample(R.ONLINE_COURSES, n_courses)):
            p = self.online_by_year[y][r.randrange(len(self.online_by_year[y]))]
            minutes = r.choice((180, 240, 300, 360, 480, 600))
            done = r.random() < 0.9
            if not done:
                minutes = r.randrange(30, minutes, 15)
            lo = p.start.toordinal()
            if gp_start is not None:
                lo = max(lo, gp_start.toordinal())
            if lo > p.end.toordinal():
                continue
            when = date.fromordinal(r.randrange(lo, p.end.toordinal() + 1))
            stamp = (
                f"{when.isoformat()} {r.randrange(7, 23):02d}:{r.randrange(60):02d}:"
                f"{r.randrange(60):02d}"
            )
            name = t.name
            if kind == "PLAT_UNMATCHED" and ci == 0:  # the platform account's name is misspelt
                name = t.name[0] + ("某" if t.name[-1] != "某" else "甲") + t.name[1:]
            w.writerow(
                [
                    name,
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
            if kind == "PLAT_UNMATCHED" and ci == 0:
                self.add_defect(
                    "PLATFORM_ID_UNRESOLVED", platform_path(y), self.plat_lines[y],
                    id_number=t.id_number, project_code=p.code, year=y,
                )
                continue
            if p.code not in online_seen:
                online_seen.add(p.code)
                self.enrol(p, school.code)
            if done:
                counted += minutes / 60
        return counted

    def unknown_record(self, r: random.Random, school: School, y: int) -> None:
        """A provincial-export record of a person on no roster (UNKNOWN_TEACHER)."""
        birth = date(1990, 1, 1) + timedelta(days=r.randrange(3000))
        male = r.random() < 0.4
        idn = self.new_id(r, school.county.code, birth, male, False)
        stranger = Teacher(
            -1, r.choice(R.SURNAMES) + r.choice(R.GIVEN_ANY) + r.choice(R.GIVEN_FEMALE),
            "男" if male else "女", birth, idn, school.stage,
            r.choice(R.SUBJECTS[school.stage]), R.TITLES[0], "", False, None, None,
        )
        p = self.county_by_year[y][school.county.idx][1]
        self.enrol(p, school.code)
        row = self.prov_row(
            y, stranger, school, p, p.start.isoformat(), p.end.isoformat(), fmt_hours(p.hours),
            fmt_hours(p.practice_hours), "合格", "已认定",
        )
        self.add_defect(
            "UNKNOWN_TEACHER", self.prov_sheets[y].rel, row,
            id_number=idn, school_code=school.code, project_code=p.code, year=y,
        )

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
