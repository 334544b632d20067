"""Edges that are whole deliveries: a second platform export headed 获得学时
(platform_credited_hours), a sign-in sheet delivered twice (duplicate_copy) and a funding sheet
with a corrected version (corrected_version). See ``samplegen.edges`` for the list."""

from __future__ import annotations

import csv
import os
import shutil
from datetime import date, datetime

from samplegen import refdata as R
from samplegen.paths import PLATFORM_HEADER, signin_path

# the platform export's columns with 获得学时 (credited hours) after 学习时长(分钟)
CREDITED_HEADER = PLATFORM_HEADER[:6] + ["获得学时"] + PLATFORM_HEADER[6:]


def credited_platform_path(county: str, year: int) -> str:
    return f"platform/{county}_教师研修网学时_{year}.csv"


def copy_path(rel: str) -> str:
    return rel.removesuffix(".xlsx") + " - 副本.xlsx"


def corrected_path(rel: str, county_idx: int) -> str:
    mark = "(更正)" if county_idx % 2 == 0 else "_v2"
    return rel.removesuffix(".xlsx") + mark + ".xlsx"


def mtime_of(year: int, month: int, day: int) -> float:
    return datetime(year, month, day, 9, 30).timestamp()


class EdgeFiles:
    """Mixin of ``Generator``: the whole-file edges (needs ``EdgePlants.edge``)."""

    def edge_online(self, r, school, t, y: int, gp_start) -> float:
        """CREDITED's online courses of the credited-hours year, in the county's second export."""
        w, rel = self.credited_writer
        p = self.online_by_year[y][1]
        counted = 0.0
        for ci, course in enumerate(r.sample(R.ONLINE_COURSES, 3)):
            done = ci < 2
            credited = r.choice((4, 6, 8, 10)) if done else 0
            minutes = credited * 60 + r.randrange(0, 120, 5) if done else r.randrange(30, 180, 15)
            lo = max(p.start.toordinal(), gp_start.toordinal() if gp_start else 0)
            when = date.fromordinal(r.randrange(lo, p.end.toordinal() + 1))
            stamp = f"{when.isoformat()} {r.randrange(7, 23):02d}:{r.randrange(60):02d}:00"
            w.writerow([t.name, t.id_number[:4] + "*" * 10 + t.id_number[-4:], school.name,
                        course, p.code, minutes, credited, "已完成" if done else "未完成", stamp])
            self.credited_lines += 1
            self.edge("platform_credited_hours", school.county.name, rel, self.credited_lines + 1,
                      id_number=t.id_number, project_code=p.code, year=y)
            counted += credited
        self.enrol(p, school.code)
        return counted

    # -- county files -----------------------------------------------------------------------------

    def open_credited(self, county) -> object:
        rel = credited_platform_path(county.name, self.y_credited)
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        f = open(path, "w", encoding="utf-8-sig", newline="")
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(CREDITED_HEADER)
        self.credited_writer = (w, rel)
        self.credited_lines = 0
        self.edge("platform_credited_hours", county.name, rel, None)
        return f

    def funding_rel(self, county, y: int, base: str) -> str:
        """The corrected version's name for the corrected county-year, else the plain name."""
        return corrected_path(base, county.idx) if y == self.y_after else base

    def funding_shadow_school(self, county) -> str:
        """The school whose spend the original (uncorrected) funding sheet mistypes."""
        y = self.y_after
        for s in county.schools:
            if (s.code, y) not in self.under and (s.code, y) not in self.extra["unit_off"]:
                return s.code
        return county.schools[0].code

    def finish_county_edges(self, county, corrected_rel: str, original_rel: str) -> None:
        """Modification times of the two funding versions; the sign-in copy."""
        y = self.y_after
        os.utime(self.root / original_rel, (mtime_of(y + 1, 1, 8),) * 2)
        os.utime(self.root / corrected_rel, (mtime_of(y + 1, 1, 20),) * 2)
        self.edge("corrected_version", county.name, original_rel, None, year=y)
        self.edge("corrected_version", county.name, corrected_rel, None, year=y)
        y0 = self.years[0]
        school = next(
            (s for s in county.schools if (s.code, y0) not in self.extra["signin_no_hours"]),
            county.schools[0],
        )
        src = signin_path(school.code, y0)
        shutil.copy2(self.root / src, self.root / copy_path(src))
        self.edge("duplicate_copy", county.name, src, None, school_code=school.code, year=y0)
        self.edge("duplicate_copy", county.name, copy_path(src), None, school_code=school.code,
                  year=y0)
