"""Real-world edges every generated county contains.

They are not defects: each is a situation the loaders and marts must get right. Where one
legitimately triggers a rule (a provincial-only 国培 failure followed by a re-enrolment within the
ban), the generator records that finding in the ground truth like any other planted defect.

Per county (``Edges.roles`` maps one clean teacher to one role):

- multi_year_project: a 延续实施 county project, the same code ``YX<county>01`` in the plans of the
  first two years, with different dates and hours; teacher MY_A has a record in both years,
  MY_B in the second only, each record's dates inside its own plan year.
- guopei_provincial_only: a 国培 project with no provider trainee list (``GP<y>901``), recorded
  only in the provincial export: GPO_PASS passed it (its hours count); GPO_FAIL failed it
  (不合格). GPO_FAIL then re-enrols in the next year's October 国培 (both sources): with
  planted defects that is GP_BANNED_REENROLLED (the 3-year ban runs from the failed training's
  end) and GP_OVER_CYCLE_LIMIT (both enrolments in one cycle); with --clean it does not re-enrol.
- guopei_both_sources: CLASS_1's 国培 enrolment, in the provider list and the provincial export
  (one enrolment).
- guopei_class_lists: the first year's first 国培 project has two class lists
  ``国培_<code>_学员名单_一班.xlsx`` and ``_二班.xlsx``; each county's trainees alternate between
  them (CLASS_1 and CLASS_2 guarantee two per county): distinct trainees, both must load.
- after_as_of: AFTER's record of a winter training of the last year (18 Dec - 12 Jan), which ends
  after the policy's as_of_date; later_year_plan: the next year's plan (no enrolments yet).
- school_year_boundary: BOUNDARY's records of three trainings of the first year: late August,
  one spanning 1 September, early September.
- platform_credited_hours: CREDITED's online courses of the last year come from a second
  platform export (``platform/<county>_教师研修网学时_<y>.csv``, UTF-8 with BOM) headed 获得学时
  (credited hours, in hours) beside 学习时长(分钟); the credited hours are what counts.
- duplicate_copy: one school's first-year sign-in sheet delivered twice, the second an identical
  copy named ``... - 副本.xlsx``.
- corrected_version: the county's last-year funding sheet delivered as an original (one school's
  spend mistyped under 5%) and a corrected version marked ``(更正)`` (even counties) or ``_v2``
  (odd counties), with a later modification time; the corrected one must replace the original,
  and its rows are the ones the ground truth points at.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import date, timedelta

from samplegen import refdata as R
from samplegen.cells import Sheet, fmt_hours
from samplegen.layout import Project
from samplegen.paths import PLAN_HEADER, guopei_path, plan_path

EDGE_KINDS = (
    "multi_year_project",
    "guopei_provincial_only",
    "guopei_provincial_only_failed",
    "guopei_both_sources",
    "guopei_class_lists",
    "after_as_of",
    "later_year_plan",
    "school_year_boundary",
    "platform_credited_hours",
    "duplicate_copy",
    "corrected_version",
)
ROLES = (
    "MY_A", "MY_B", "GPO_PASS", "GPO_FAIL", "CLASS_1", "CLASS_2", "AFTER", "BOUNDARY", "CREDITED",
)
CLASS_NAMES = ("一班", "二班")


def class_list_path(code: str, k: int) -> str:
    return f"guopei/国培_{code}_学员名单_{CLASS_NAMES[k]}.xlsx"


class EdgePlants:
    """Mixin of ``Generator``: plans and writes the edges (see the module docstring)."""

    def same_cycle(self, a: int, b: int) -> bool:
        start, length = self.policy.cycle_start_year, self.policy.cycle_length_years
        return (a - start) // length == (b - start) // length

    def within_ban(self, failed_end: date, start: date) -> bool:
        """Whether a 国培 enrolment starting on ``start`` falls in the ban after a failure."""
        ban = self.policy.guopei.ban_years
        try:
            ban_end = failed_end.replace(year=failed_end.year + ban)
        except ValueError:  # 29 February
            ban_end = failed_end.replace(year=failed_end.year + ban, day=28)
        return start < ban_end

    # -- layout ---------------------------------------------------------------------------------

    def plan_edges(self, plans: dict) -> None:
        """Edge projects into ``self.projects`` and one role per chosen teacher of each county."""
        ys = self.years
        self.as_of = self.policy.as_of_date
        self.edge_rows: list[dict] = []  # the current county's (see do_county), then the run's
        self.truth_edges: list[dict] = []
        self.edge_projects: dict[tuple[str, int], tuple[str, str | None]] = {}
        y0, y_last = ys[0], ys[-1]
        self.y_multi = ys[:2] if len(ys) > 1 else []
        self.y_reenrol = ys[1] if len(ys) > 1 else ys[0]
        self.y_boundary, self.y_after, self.y_credited = y0, y_last, y_last
        gpo = self.new_project(
            f"GP{y0}901", f"国培计划({y0})——中西部乡村教师网络研修与校本研修整合培训", y0, "gp",
            "国培", "网络研修", R.PROVIDERS[0], date(y0, 4, 20), 40.0, None,
        )
        self.gpo_project = gpo
        self.add_edge_project(gpo, "guopei_provincial_only", None)
        self.county_edge_projects: dict[int, dict[str, object]] = {}
        for c in self.counties:
            own: dict[str, object] = {}
            lvl, provider = c.level_text, f"{c.name}教师发展中心"
            for i, y in enumerate(self.y_multi):
                start, hours = (date(y, 10, 16), 24.0) if i == 0 else (date(y, 4, 10), 30.0)
                p = self.new_project(
                    f"YX{c.code}01", f"{c.name}乡村教师素养提升工程(延续实施)", y, "county", lvl,
                    "集中培训", provider, start, hours, c.idx,
                )
                own[f"multi_{i}"] = p
                self.add_edge_project(p, "multi_year_project", c.name)
            y = self.y_boundary
            for key, n, start, end, hours, title in (
                ("late_august", 1, date(y, 8, 21), date(y, 8, 25), 36.0, "暑期集中研修"),
                ("spans_september", 2, date(y, 8, 29), date(y, 9, 2), 36.0, "新学年开学准备培训"),
                ("early_september", 3, date(y, 9, 5), date(y, 9, 7), 20.0, "新教师岗前培训"),
            ):
                p = self.new_project(
                    f"XP{y}{c.code}9{n}", f"{c.name}{y}年{title}", y, "county", lvl, "集中培训",
                    provider, start, hours, c.idx, end=end,
                )
                own[key] = p
                self.add_edge_project(p, "school_year_boundary", c.name)
            y = self.y_after
            p = self.new_project(
                f"XP{y}{c.code}99", f"{c.name}{y}年寒假教师素养提升研修", y, "county", lvl,
                "集中培训", provider, date(y, 12, 18), 30.0, c.idx, end=date(y + 1, 1, 12),
            )
            own["after"] = p
            self.add_edge_project(p, "after_as_of", c.name)
            self.county_edge_projects[c.idx] = own
        # roles: clean teachers (no planted defect) of each county
        self.edge_roles: dict[int, str] = {}
        for c in self.counties:
            first = c.schools[0].first_teacher
            last = c.schools[-1].first_teacher + c.schools[-1].n_teachers
            free = [g for g in range(first, last) if g not in plans]
            if len(free) < len(ROLES):
                raise ValueError(f"too few teachers in {c.name} for the edge situations")
            chosen = random.Random(self.seed * 7 + 104729 + c.idx).sample(free, len(ROLES))
            self.edge_roles.update(zip(chosen, ROLES, strict=True))
        self.split_gp_code = self.gp_by_year_raw(y0)[0].code

    def gp_by_year_raw(self, y: int) -> list:
        return [p for p in self.projects[y] if p.kind == "gp" and p.template >= 0]

    def new_project(self, code, name, year, kind, level, mode, provider, start, hours, scope,
                    end=None):
        end = end or start + timedelta(days=math.ceil(hours / 8) - 1)
        p = Project(code, name, year, kind, level, mode, provider, start, end, hours, 0.0, None,
                    False, scope, -1)
        self.projects[year].append(p)
        return p

    def add_edge_project(self, p, kind: str, county: str | None) -> None:
        self.edge_projects[(p.code, p.year)] = (kind, county)

    def edge(self, kind: str, county, source_file: str, source_row: int | None, **k) -> None:
        self.edge_rows.append(
            {"kind": kind, "county": county, "source_file": source_file,
             "source_row": source_row, "k": k}
        )

    # -- one teacher, one year --------------------------------------------------------------------

    def edge_guopei(self, r, school, t, y: int) -> tuple[float, object]:
        """The 国培 part of an edge teacher's year: (counted hours, start of its 国培 or None)."""
        role = self.edge_roles.get(t.gidx)
        cn = school.county.name
        counted, gp_start = 0.0, None
        if role in ("GPO_PASS", "GPO_FAIL") and y == self.gpo_project.year:
            p = self.gpo_project
            passed = role == "GPO_PASS"
            self.enrol(p, school.code)
            row = self.prov_row(
                y, t, school, p, p.start.isoformat(), p.end.isoformat(), int(p.hours), 0,
                "合格" if passed else "不合格", "已认定",
            )
            self.edge(
                "guopei_provincial_only" if passed else "guopei_provincial_only_failed", cn,
                self.prov_sheets[y].rel, row, id_number=t.id_number, project_code=p.code, year=y,
            )
            counted += p.hours if passed else 0.0
            gp_start = p.start
        if role == "GPO_FAIL" and not self.clean and y == self.y_reenrol:
            p = self.gp_by_year[y][1]  # October, open to every stage; starts after the failure
            row = self.guopei(school, t, p, True, "合格", p.hours)
            counted += p.hours
            gp_start = p.start if gp_start is None else min(gp_start, p.start)
            self.edge("guopei_provincial_only_failed", cn, self.guopei_rel(p.code), row,
                      project_code=p.code, year=y)
            rel, twin = self.winning_row(p)
            self.edge("guopei_provincial_only_failed", cn, rel, twin, project_code=p.code, year=y)
            if self.within_ban(self.gpo_project.end, p.start):
                self.add_defect("GP_BANNED_REENROLLED", rel, twin, id_number=t.id_number,
                                project_code=p.code, year=y)
            if self.same_cycle(y, self.gpo_project.year):
                self.add_defect("GP_OVER_CYCLE_LIMIT", rel, twin, id_number=t.id_number,
                                project_code=p.code, year=y)
        if role in ("CLASS_1", "CLASS_2") and y == self.years[0]:
            p = self.gp_by_year[y][0]
            row = self.guopei(school, t, p, True, "合格", p.hours)
            counted += p.hours
            gp_start = p.start
            rel = self.guopei_rel(p.code)
            if role == "CLASS_1":
                self.edge("guopei_both_sources", cn, rel, row, project_code=p.code, year=y)
                self.edge("guopei_both_sources", cn, self.prov_sheets[y].rel, self.last_twin_row,
                          project_code=p.code, year=y)
        return counted, gp_start

    def edge_records(self, r, school, t, y: int) -> float:
        """Forced provincial records of the non-国培 edge roles; their counted hours."""
        role = self.edge_roles.get(t.gidx)
        own = self.county_edge_projects[school.county.idx]
        todo: list[tuple[str, object]] = []
        if role == "MY_A":
            todo = [("multi_year_project", own[f"multi_{i}"]) for i in range(len(self.y_multi))]
        elif role == "MY_B" and len(self.y_multi) > 1:
            todo = [("multi_year_project", own["multi_1"])]
        elif role == "BOUNDARY":
            todo = [("school_year_boundary", own[k])
                    for k in ("late_august", "spans_september", "early_september")]
        elif role == "AFTER":
            todo = [("after_as_of", own["after"])]
        counted = 0.0
        for kind, p in todo:
            if p.year != y:
                continue
            self.enrol(p, school.code)
            row = self.prov_row(
                y, t, school, p, p.start.isoformat(), p.end.isoformat(), int(p.hours), 0,
                "合格", "已认定",
            )
            self.edge(kind, school.county.name, self.prov_sheets[y].rel, row,
                      id_number=t.id_number, project_code=p.code, year=y)
            counted += p.hours
        return counted

    # -- end of run -------------------------------------------------------------------------------

    def guopei_rel(self, code: str) -> str:
        return guopei_path(code)

    def split_class_lists(self, code: str, rows: list[tuple]) -> list[list[tuple]]:
        """Each county's trainees alternate between the two classes; remap rows pointing at the
        single list (defects and edges) to their class file and row."""
        classes: list[list[tuple]] = [[], []]
        seen: dict[str, int] = defaultdict(int)
        where: dict[int, tuple[str, int]] = {}
        for i, row in enumerate(rows):
            k = seen[row[4]] % 2
            seen[row[4]] += 1
            classes[k].append((len(classes[k]) + 1, *row[1:]))
            where[i + 3] = (class_list_path(code, k), len(classes[k]) + 2)
            self.truth_edges.append(
                {"kind": "guopei_class_lists", "county": row[4],
                 "source_file": class_list_path(code, k), "source_row": len(classes[k]) + 2,
                 "k": {"project_code": code}}
            )
        old = self.guopei_rel(code)
        for d in (*self.truth_defects, *self.truth_edges):
            if d["source_file"] == old and d["source_row"] in where:
                d["source_file"], d["source_row"] = where[d["source_row"]]
        return classes

    def edge_plan_row(self, p, rel: str, row: int) -> None:
        kind_county = self.edge_projects.get((p.code, p.year))
        if kind_county is None:
            return
        kind, county = kind_county
        for c in [county] if county else [c.name for c in self.counties]:
            self.truth_edges.append({"kind": kind, "county": c, "source_file": rel,
                                     "source_row": row, "k": {"project_code": p.code,
                                                              "year": p.year}})

    def write_later_plan(self) -> None:
        """The next year's plan: one county project per county, nobody enrolled yet."""
        y = self.years[-1] + 1
        s = Sheet(self.root, plan_path(y), "培训计划", len(PLAN_HEADER), col_width=16)
        s.merged(f"{y}年度教师培训项目计划")
        s.header(PLAN_HEADER)
        title, _stages, mode = R.COUNTY_TEMPLATES[0]
        for c in self.counties:
            start = date(y, 3, 15)
            teachers = sum(sc.n_teachers for sc in c.schools)
            seats = max(5, round(teachers * 0.3 / 5) * 5)
            row = s.add([
                f"XP{y}{c.code}01", title.format(county=c.name, y=y), c.level_text, mode,
                f"{c.name}教师发展中心", start.isoformat(), (start + timedelta(days=2)).isoformat(),
                fmt_hours(24.0), 0, seats, "全学段", "否", round(seats * 400 / 100) * 100 / 10000,
            ])
            self.truth_edges.append({"kind": "later_year_plan", "county": c.name,
                                     "source_file": s.rel, "source_row": row,
                                     "k": {"project_code": f"XP{y}{c.code}01", "year": y}})
        s.close()

    def edges_section(self) -> list[dict]:
        """ground_truth.json's ``edges``: one entry per (kind, county) with its files and rows."""
        grouped: dict[tuple[str, str], dict] = {}
        for e in self.truth_edges:
            g = grouped.setdefault(
                (e["kind"], e["county"]),
                {"kind": e["kind"], "county": e["county"], "files": [], "rows": []},
            )
            if e["source_file"] not in g["files"]:
                g["files"].append(e["source_file"])
            if e["source_row"] is not None:
                g["rows"].append([e["source_file"], e["source_row"]])
        out = []
        for (_kind, _county), g in sorted(grouped.items()):
            g["files"].sort()
            g["rows"].sort()
            out.append(g)
        return out


