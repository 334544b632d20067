"""Per-county and per-school files: provincial export rows, rosters, sign-in sheets, funding."""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from datetime import date
from pathlib import Path

from samplegen import refdata as R
from samplegen.cells import Sheet, fmt_hours
from samplegen.layout import County, Project, School
from samplegen.paths import (
    PROVINCIAL_HEADER,
    ROSTER_HEADER,
    SIGNIN_FIXED,
    funding_header,
    funding_path,
    provincial_path,
    roster_path,
    signin_path,
)
from samplegen.plants import NO_PLANT
from samplegen.teachers import Teacher


class CountyFiles:
    """Mixin of ``Generator``: a county's and its schools' files."""

    # -- provincial export ----------------------------------------------------------------------

    def open_provincial(self, year: int, county: County | None) -> None:
        rel = provincial_path(year, county.name if county else None)
        s = Sheet(self.root, rel, "学时明细", len(PROVINCIAL_HEADER), big=True)
        where = f"{county.name}" if county else "陕西省"
        s.merged(f"{where}中小学教师继续教育学时登记明细({year}年度)")
        r = random.Random(self.seed * 1000 + year)
        s.merged(
            f"导出时间:{year + 1}-01-{r.randrange(3, 15):02d} {r.randrange(8, 18):02d}:"
            f"{r.randrange(60):02d}:{r.randrange(60):02d}",
            title=False,
        )
        s.header(PROVINCIAL_HEADER)
        self.prov_sheets[year] = s
        self.prov_totals[year] = [0.0, 0.0]

    def close_provincial(self, year: int) -> None:
        s = self.prov_sheets.pop(year)
        tot, prac = self.prov_totals.pop(year)
        s.add(
            [
                "合计",
                f"共{s.row - 3}条",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                fmt_hours(tot),
                fmt_hours(prac),
            ]
        )
        s.add(
            [
                "注:本表由陕西省教师培训管理平台导出,学时以审核认定为准;未参训、不合格、劝退记录不计学时。"
            ]
        )
        s.close()

    def prov_row(
        self,
        year: int,
        t: Teacher,
        school: School,
        p: Project,
        start,
        end,
        hours,
        practice,
        outcome: str,
        review: str,
        id_cell=None,
    ) -> int:
        s = self.prov_sheets[year]
        n = s.row - 2  # 序号
        if isinstance(hours, (int, float)):
            self.prov_totals[year][0] += hours
        elif isinstance(hours, str) and hours.endswith("学时"):
            self.prov_totals[year][0] += float(hours[:-2])
        if isinstance(practice, (int, float)):
            self.prov_totals[year][1] += practice
        return s.add(
            [
                n,
                t.name,
                t.id_number if id_cell is None else id_cell,
                school.name,
                school.county.name,
                t.stage,
                t.subject,
                p.code,
                p.name,
                p.level,
                p.mode,
                start,
                end,
                hours,
                practice,
                outcome,
                review,
            ]
        )

    # -- county / school ------------------------------------------------------------------------

    def do_county(self, county: County, parts: Path | None = None) -> dict:
        """Write one county's files; return what the run needs to merge (see ``merge``)."""
        self.defects, self.gp_rows, self.counts = [], defaultdict(list), defaultdict(dict)
        self.edge_rows = []
        self.plat_lines = {y: 0 for y in self.years}  # platform rows this county wrote, per year
        self.county_on_track = 0
        part_files = {}
        if parts is not None:  # in a worker: platform rows go to part files, merged in order
            for y in self.years:
                f = open(parts / f"{county.idx}_{y}.csv", "w", encoding="gbk", newline="")
                part_files[y] = f
                self.platform_writers[y] = csv.writer(f, lineterminator="\r\n")
        unit = "万元" if county.wan_yuan else "元"
        if self.split:
            for y in self.years:
                self.open_provincial(y, county)
        credited_file = self.open_credited(county)
        funding = {}

        def funding_sheet(rel: str, y: int) -> Sheet:
            s = Sheet(self.root, rel, f"{y}年", 11)
            s.merged(f"{county.name}{y}年学校教师培训经费统计表")
            s.header(funding_header(unit))
            return s

        for y in self.years:
            rel = self.funding_rel(county, y, funding_path(county.name, y))
            funding[y] = (funding_sheet(rel, y), [0] * 8)
        # the original of the corrected funding sheet: one school's spend mistyped
        self.funding_shadow = (
            funding_sheet(funding_path(county.name, self.y_after), self.y_after), [0] * 8,
            self.funding_shadow_school(county),
        )
        for school in county.schools:
            self.do_school(school, funding)
        shadow, shadow_tot, _ = self.funding_shadow
        note = f"注:金额单位为{unit};培训经费支出应不低于学校年度公用经费预算总额的5%。"
        for y in self.years:
            s, tot = funding[y]
            row = s.add(["合计", "", ""] + [self.money(v, county.wan_yuan) for v in tot])
            if (county.idx, y) in self.extra["county_under"]:
                self.add_defect("COUNTY_UNDER_1_5PCT", s.rel, row, year=y)
            s.add([note])
            s.close()
            if y == self.y_after:
                shadow.add(["合计", "", ""] + [self.money(v, county.wan_yuan) for v in shadow_tot])
                shadow.add([note])
                shadow.close()
                self.finish_county_edges(county, s.rel, shadow.rel)
        credited_file.close()
        if self.split:
            for y in self.years:
                self.close_provincial(y)
        for f in part_files.values():
            f.close()
        self.log(
            f"  county {county.idx + 1}/{len(self.counties)} {county.name}: "
            f"{len(county.schools)} schools, {sum(s.n_teachers for s in county.schools)} teachers"
        )
        return {
            "defects": self.defects,
            "edges": self.edge_rows,
            "gp_rows": dict(self.gp_rows),
            "counts": dict(self.counts),
            "on_track": self.county_on_track,
            "platform_parts": {y: f.name for y, f in part_files.items()},
            "platform_lines": dict(self.plat_lines),
        }

    @staticmethod
    def money(yuan: int, wan: bool):
        return round(yuan / 10000, 4) if wan else yuan

    def code_cell(self, r: random.Random, code: str, p: float):
        return int(code) if r.random() < p else code

    def do_school(self, school: School, funding) -> None:
        r = random.Random(school.seed)
        teachers = [
            self.make_teacher(r, school, school.first_teacher + i) for i in range(school.n_teachers)
        ]
        counted = [0.0] * len(teachers)
        # roster
        rel = roster_path(school.code)
        s = Sheet(self.root, rel, "花名册", len(ROSTER_HEADER))
        s.merged(f"{school.name}教师花名册")
        s.header(ROSTER_HEADER)
        numeric_code = r.random() < 0.3
        text_birth = r.random() < 0.5
        roster_rows = {}
        for i, t in enumerate(teachers):
            roster_rows[t.gidx] = s.add(
                [
                    i + 1,
                    t.name,
                    t.id_number,
                    t.gender,
                    t.birth.isoformat() if text_birth else t.birth,
                    t.stage,
                    t.subject,
                    t.title,
                    t.phone,
                    int(school.code) if numeric_code else school.code,
                    school.name,
                    school.county.name,
                    school.area,
                ]
            )
        s.close()
        for y in self.years:
            self.do_school_year(r, school, teachers, y, counted, roster_rows)
            self.do_funding(r, school, y, funding)
        need = self.policy.annual_hours_guideline * len(self.years)
        self.county_on_track += sum(1 for c in counted if c >= need)

    def do_funding(self, r: random.Random, school: School, y: int, funding) -> None:
        s, tot = funding[y]
        wan = school.county.wan_yuan
        # public funds 18-25k and payroll 55-62k per teacher: a clean county's training spend
        # (5.5-9% of public funds) stays >= 1.6% of its payroll (COUNTY_UNDER_1_5PCT)
        budget = school.n_teachers * r.randrange(180, 250) * 100
        payroll = school.n_teachers * r.randrange(550, 620) * 100
        under = (school.code, y) in self.under
        share = r.uniform(0.02, 0.045) if under else r.uniform(0.055, 0.09)
        spend = round(budget * share)
        if under:  # keeps the school's own payroll share >= 2%, so its county stays clean
            payroll = round(spend / r.uniform(0.02, 0.03))
        if (school.county.idx, y) in self.extra["county_under"]:
            payroll *= 3  # the county's spend falls under 1.5% of its payroll
        unit_off = (school.code, y) in self.extra["unit_off"]
        w = [r.uniform(0.5, 1.5) * base for base in (0.15, 0.15, 0.1, 0.15, 0.45)]
        items = [int(spend * x / sum(w)) for x in w]
        items[-1] += spend - sum(items)
        vals = [budget, payroll, spend, *items]
        for i, v in enumerate(vals):
            tot[i] += v
        # unit_off: the row is written in the other unit than the header says (元 vs 万元)
        head = [self.code_cell(r, school.code, 0.3), school.name, school.county.name]
        row = s.add(head + [self.money(v, wan != unit_off) for v in vals])
        shadow, shadow_tot, mistyped = self.funding_shadow
        if y == self.y_after:  # the original version: the mistyped school spent 3% of its budget
            if school.code == mistyped:
                low = round(budget * 0.03)
                low_items = [int(v * low / spend) for v in items]
                low_items[-1] += low - sum(low_items)
                vals = [budget, payroll, low, *low_items]
            for i, v in enumerate(vals):
                shadow_tot[i] += v
            shadow.add(head + [self.money(v, wan != unit_off) for v in vals])
        if unit_off:
            self.add_defect("FUNDING_UNIT_SUSPECT", s.rel, row, school_code=school.code, year=y)
        if under:
            self.add_defect("SCHOOL_UNDER_5PCT", s.rel, row, school_code=school.code, year=y)

    def sessions(self, r: random.Random, y: int) -> list[tuple[date, str, float]]:
        n = r.randint(8, 12)
        days: set[date] = set()
        while len(days) < n:
            m = r.choice([3, 4, 5, 6, 9, 10, 11, 12])
            d = date(y, m, r.randint(1, 28))
            if d.weekday() < 5:
                days.add(d)
        titles = r.sample(R.SESSION_TITLES, n)
        drawn = [
            (d, titles[i], float(r.choice([2, 2, 2.5, 3, 3, 4])))
            for i, d in enumerate(sorted(days))
        ]
        # the county's school-based training days (policy school_based_timetable): sessions from
        # its start date move to the nearest set day of the same month (same random draws)
        moved: dict[date, tuple[date, str, float]] = {}
        for d, title, hours in drawn:
            moved.setdefault(self.on_timetable(d), (self.on_timetable(d), title, hours))
        return sorted(moved.values())

    def on_timetable(self, d: date) -> date:
        """d, or the nearest day of the same month on a weekday the timetable sets."""
        timetable = self.policy.school_based_timetable
        if d < timetable.from_date or not timetable.weekdays:
            return d
        for offset in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6):
            day = d.day + offset
            if 1 <= day <= 28 and date(d.year, d.month, day).isoweekday() in timetable.weekdays:
                return date(d.year, d.month, day)
        return d

    def do_school_year(
        self,
        r: random.Random,
        school: School,
        teachers: list[Teacher],
        y: int,
        counted: list[float],
        roster_rows: dict[int, int],
    ) -> None:
        sess = self.sessions(r, y)
        rel = signin_path(school.code, y)
        s = Sheet(self.root, rel, f"{y}年签到", 3 + len(sess), col_width=12)
        s.merged(f"{school.name}(学校代码:{school.code}){y}年校本研修签到表")
        s.header(SIGNIN_FIXED + [f"{d.isoformat()}\n{title}" for d, title, _ in sess])
        blank = None  # SIGNIN_SESSION_NO_HOURS: one session's hours left blank
        if (school.code, y) in self.extra["signin_no_hours"]:
            blank = r.randrange(len(sess))
            sess[blank] = (sess[blank][0], sess[blank][1], 0.0)
        row = s.add(["学时", "", ""] + [fmt_hours(h) if i != blank else "" for i, (_, _, h) in enumerate(sess)])
        if blank is not None:
            self.add_defect("SIGNIN_SESSION_NO_HOURS", rel, row, school_code=school.code, year=y)
        seq = 0
        for ti, t in enumerate(teachers):
            plant = t.plan.plant_in(y) if t.plan is not None else NO_PLANT
            if plant.absent:
                plant.record_absence(self, school, t, y, roster_rows[t.gidx])
                continue
            p_present = 0.55 if t.behind else 0.9
            marks = []
            for _ in sess:
                u = r.random()
                if u < p_present:
                    marks.append("√")
                else:
                    v = r.random()
                    marks.append("×" if v < 0.6 else "请假" if v < 0.9 else "")
            if "√" not in marks:
                marks[r.randrange(len(marks))] = "√"
            if blank is not None and seq == 0:
                marks[blank] = "√"  # someone attended the session without hours
            present = [(d, h) for (d, _, h), m in zip(sess, marks, strict=True) if m == "√"]
            counted[ti] += sum(h for _, h in present)
            seq += 1
            s.add([seq, t.name, t.id_number] + marks)
            counted[ti] += self.teacher_year(r, school, t, y, present)
        s.close()
