"""Sample landing-folder generator (docs/data_contract.md section 1) with planted defects.

Everything is derived from one ``numpy.random.Generator(seed)``: it draws the layout (counties,
schools, projects, defect plan) and one child seed per school; each school's content is drawn
from a ``random.Random(child_seed)`` (fast scalar draws), so the same seed gives the same files.
Generation streams county by county, school by school; only small per-project aggregates and the
国培 trainee rows (a few percent of teacher-years) are kept in memory until the end.

Planted defects (none with ``clean=True``); count = max(1, round(N * rate)), N = teachers:

=====================  =========  ==========================================================
rule                   rate       what is planted
=====================  =========  ==========================================================
ID_EXCEL_DAMAGED       1/500      provincial-export record of a 县培/区培 project (never 国培):
                                  ID as a float cell (6.10502E+17) or as 18-digit text ending
                                  in 000 that fails the checksum (alternating)
ID_INVALID             1/600      provincial-export record (县培/区培): wrong check character,
                                  or an impossible birth date with a recomputed check character
MISSING_HOURS          1/600      provincial-export record (县培/区培) 考核结果 合格 with 登记学时
                                  blank or 0
NO_TRAINING_IN_YEAR    1/500      roster teacher with no row in any source in one year
GP_OVER_CYCLE_LIMIT    1/1000     teacher reported and passed in two 国培 projects in the cycle
GP_BANNED_REENROLLED   1/1000     国培 no-show (报到=否) enrolled in another 国培 project later
PROJECT_OVER_QUOTA     1/1500     county project whose planned seats < distinct enrolled
DUP_SOURCES_DISAGREE   1/1000     国培 enrolment whose provider-list hours (or outcome) differ
                                  from the provincial export's record of it
SCHOOL_UNDER_5PCT      1/1000     school-year whose training spend is 2-4.5% of public funds
HOURS_NEGATIVE         1/1000     provincial-export record (县培/区培) with negative 登记学时
SIGNIN_SESSION_NO_     1/1500     school-year sign-in sheet with one session's 学时 cell blank
  HOURS                           (someone marked √ at it); points at the 学时 row
PROJECT_NO_HOURS       1/3000     plan row of a 县培 project (stage-restricted template) with
                                  blank 学时
HOURS_OVER_PROJECT     1/1000     provincial record (县培/区培) with plan hours + 8, its end date
                                  one day later (never over 8 a day)
HOURS_OVER_DAILY_MAX   1/1000     provincial record (县培/区培, >= 16 h) whose start = end date
UNKNOWN_TEACHER        1/1000     provincial record of a person on no roster (a stranger at the
                                  planted teacher's school)
PLATFORM_ID_           1/1000     platform row whose name is misspelt (张某伟), so the masked ID
  UNRESOLVED                      matches nobody
GP_ANNUAL_HOURS_MET    1/1500     teacher with passed, certified records ending before the
                                  October 国培 project (>= 72 h with sign-in) who is sent to it
SCHOOL_OVER_ALLOCATION 1/1500     allocation row of a 县培 project (stage-restricted) giving a
                                  school one seat fewer than it filled
GP_INELIGIBLE_TRAINEE  1/1500     国培 trainee outside a project's stages or rural-only condition
KPI_PASSED_NOT_        1/1500     国培 list row 是否报到=否 but 结业情况 合格 (with hours)
  ATTENDED
COUNTY_UNDER_1_5PCT    1/3000     county-year whose payrolls are x3: spend < 1.5% of payroll
                                  (points at the sheet's 合计 row)
FUNDING_UNIT_SUSPECT   1/1500     school-year row written in the other unit (元 vs 万元) than
                                  the sheet's header says
=====================  =========  ==========================================================

Ground truth: ``source_row`` is the 1-based Excel row (CSV line) of the row a finding points at;
``k`` holds the entity keys (``id_number`` is always the teacher's true ID, also for rows whose
written ID is damaged). Provincial exports are one file per year
(``provincial/省平台学时导出_{year}.xlsx``) unless 4 rows per teacher could pass Excel's
1,048,576-row limit (N > 262,142, e.g. a province), then one per county per year
(``provincial/{county}_省平台学时导出_{year}.xlsx``); the platform CSV stays one file per year.

Conventions that keep clean data clean: every teacher has at least one √ in every year's
sign-in matrix (except the NO_TRAINING_IN_YEAR plants); each teacher joins 国培 at most once
(except the two GP plants); 国培 no-shows appear only in the provider list (the provincial
system registers attended trainings only); every clean project's planned seats >= enrolled;
every clean school spends 5.5-9% of its public funds, public funds are 18-25k and payroll 55-62k
per teacher (so every clean county spends >= 1.6% of its payroll); a clean 国培 trainee's other
records and online courses end on or after the 国培 start (nobody clean "already met the annual
hours" before 国培, sign-in alone stays < 72 h); over-quota projects' allocations equal what each
school sent; at least 4 国培 projects a year so stage- and rural-restricted ones exist.
"""

from __future__ import annotations

import csv
import json
import math
import multiprocessing
import os
import random
import shutil
import sys
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import xlsxwriter

from ingest.idnumber import check_char
from ingest.sample import refdata as R
from ingest.sample.edges import CLASS_NAMES, EdgePlants, class_list_path

EXCEL_MAX_ROWS = 1_048_576
CYCLE_START_YEAR = 2021  # config/policy.yml defaults; used only to keep GP plants in one cycle
CYCLE_LENGTH = 5
BAN_YEARS = 3

RATES = {
    "ID_EXCEL_DAMAGED": 1 / 500,
    "ID_INVALID": 1 / 600,
    "MISSING_HOURS": 1 / 600,
    "NO_TRAINING_IN_YEAR": 1 / 500,
    "GP_OVER_CYCLE_LIMIT": 1 / 1000,
    "GP_BANNED_REENROLLED": 1 / 1000,
    "PROJECT_OVER_QUOTA": 1 / 1500,
    "DUP_SOURCES_DISAGREE": 1 / 1000,
    "SCHOOL_UNDER_5PCT": 1 / 1000,
    # issue 5
    "HOURS_NEGATIVE": 1 / 1000,
    "SIGNIN_SESSION_NO_HOURS": 1 / 1500,
    "PROJECT_NO_HOURS": 1 / 3000,
    "HOURS_OVER_PROJECT": 1 / 1000,
    "HOURS_OVER_DAILY_MAX": 1 / 1000,
    "UNKNOWN_TEACHER": 1 / 1000,
    "PLATFORM_ID_UNRESOLVED": 1 / 1000,
    "GP_ANNUAL_HOURS_MET": 1 / 1500,
    "SCHOOL_OVER_ALLOCATION": 1 / 1500,
    "GP_INELIGIBLE_TRAINEE": 1 / 1500,
    "KPI_PASSED_NOT_ATTENDED": 1 / 1500,
    "COUNTY_UNDER_1_5PCT": 1 / 3000,
    "FUNDING_UNIT_SUSPECT": 1 / 1500,
}
ANNUAL_HOURS = 72  # config/policy.yml annual_hours_guideline (GP_ANNUAL_HOURS_MET plants)
# kinds of teacher plants whose first provincial record (a 县培 project open to all) is the defect
REC_DEFECTS = {
    "DAMAGED_FLOAT": "ID_EXCEL_DAMAGED",
    "DAMAGED_000": "ID_EXCEL_DAMAGED",
    "BAD_CHECK": "ID_INVALID",
    "BAD_DATE": "ID_INVALID",
    "MISSING_BLANK": "MISSING_HOURS",
    "MISSING_ZERO": "MISSING_HOURS",
    "NEG_HOURS": "HOURS_NEGATIVE",
    "OVER_PROJECT": "HOURS_OVER_PROJECT",
    "OVER_DAILY": "HOURS_OVER_DAILY_MAX",
}
QUARANTINED_KINDS = {"DAMAGED_FLOAT", "DAMAGED_000", "BAD_CHECK", "BAD_DATE", "NEG_HOURS"}

PROVINCIAL_HEADER = [
    "序号",
    "*姓名",
    "*身份证号",
    "工作单位",
    "县区",
    "学段",
    "学科",
    "项目编号",
    "项目名称",
    "培训级别",
    "培训形式",
    "*开始日期\n(yyyy-MM-dd)",
    "*结束日期\n(yyyy-MM-dd)",
    "登记学时",
    "实践学时",
    "考核结果",
    "审核状态",
]
PLATFORM_HEADER = [
    "姓名",
    "证件号码",
    "单位",
    "课程名称",
    "项目编号",
    "学习时长(分钟)",
    "完成状态",
    "最后学习时间",
]
GUOPEI_HEADER = [
    "序号",
    "学员姓名",
    "身份证号码",
    "学校名称",
    "县区",
    "学段",
    "学科",
    "项目编号",
    "是否报到",
    "结业情况",
    "培训学时",
]
ROSTER_HEADER = [
    "序号",
    "教师姓名",
    "身份证件号",
    "性别",
    "出生日期",
    "学段",
    "学科",
    "职称",
    "联系电话",
    "学校代码",
    "学校名称",
    "县区",
    "城乡类型",
]
SIGNIN_FIXED = ["序号", "姓名", "身份证号"]
PLAN_HEADER = [
    "项目编号",
    "项目名称",
    "培训级别",
    "培训形式",
    "承训机构",
    "开始日期",
    "结束日期",
    "学时",
    "实践学时",
    "计划人数",
    "培训对象学段",
    "限乡村教师",
    "项目经费(万元)",
]
ALLOC_HEADER = ["项目编号", "项目名称", "学校代码", "学校名称", "分配名额"]
FUNDING_ITEMS = ["差旅费", "伙食补助费", "资料费", "住宿费", "培训费"]


def funding_header(unit: str) -> list[str]:
    return [
        "学校代码",
        "学校名称",
        "县区",
        f"公用经费预算总额({unit})",
        f"教职工工资总额({unit})",
        f"培训经费支出合计({unit})",
        *FUNDING_ITEMS,
    ]


def provincial_path(year: int, county: str | None) -> str:
    if county is None:
        return f"provincial/省平台学时导出_{year}.xlsx"
    return f"provincial/{county}_省平台学时导出_{year}.xlsx"


def platform_path(year: int) -> str:
    return f"platform/网络研修学习记录_{year}.csv"


def guopei_path(code: str) -> str:
    return f"guopei/国培_{code}_学员名单.xlsx"


def roster_path(school_code: str) -> str:
    return f"schools/{school_code}/教师花名册.xlsx"


def signin_path(school_code: str, year: int) -> str:
    return f"schools/{school_code}/校本研修签到_{year}.xlsx"


def funding_path(county: str, year: int) -> str:
    return f"funding/{county}_{year}年学校培训经费.xlsx"


def plan_path(year: int) -> str:
    return f"plan/{year}年度培训计划.xlsx"


def alloc_path(year: int) -> str:
    return f"plan/{year}年名额分配.xlsx"


# ----------------------------------------------------------------------------------------------
# XLSX helper
# ----------------------------------------------------------------------------------------------

FIXED_CREATED = datetime(2024, 1, 5, 10, 21, 33)


class Sheet:
    """One workbook with one worksheet, written row by row (row numbers are 1-based Excel rows)."""

    def __init__(
        self,
        root: Path,
        rel: str,
        sheet_name: str,
        ncols: int,
        *,
        big: bool = False,
        col_width: float = 14,
    ):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        opts = {"strings_to_urls": False, "strings_to_formulas": False, "strings_to_numbers": False}
        opts["constant_memory" if big else "in_memory"] = True
        self.rel = rel
        self.wb = xlsxwriter.Workbook(str(path), opts)
        self.wb.set_properties({"created": FIXED_CREATED, "author": "教师发展中心"})
        self.ws = self.wb.add_worksheet(sheet_name)
        self.ncols = ncols
        self.ws.set_column(0, max(0, ncols - 1), col_width)
        self.title_fmt = self.wb.add_format(
            {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}
        )
        self.left_fmt = self.wb.add_format({"align": "left"})
        self.header_fmt = self.wb.add_format(
            {"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1}
        )
        self.date_fmt = self.wb.add_format({"num_format": "yyyy-mm-dd"})
        self.row = 0  # 0-based index of the next row

    def merged(self, text: str, *, title: bool = True) -> int:
        fmt = self.title_fmt if title else self.left_fmt
        if self.ncols > 1:
            self.ws.merge_range(self.row, 0, self.row, self.ncols - 1, text, fmt)
        else:
            self.ws.write_string(self.row, 0, text, fmt)
        self.row += 1
        return self.row

    def header(self, cells: list[str]) -> int:
        ws, r, fmt = self.ws, self.row, self.header_fmt
        if any("\n" in v for v in cells):
            ws.set_row(r, 32)
        for c, v in enumerate(cells):
            ws.write_string(r, c, v, fmt)
        self.row += 1
        return self.row

    def add(self, cells) -> int:
        """Write a row: str -> text, int/float -> number, date -> date cell, None/'' -> blank."""
        ws, r = self.ws, self.row
        # the un-decorated writers skip xlsxwriter's A1-notation wrapper (~35% faster)
        write_string = getattr(ws, "_write_string", ws.write_string)
        write_number = getattr(ws, "_write_number", ws.write_number)
        for c, v in enumerate(cells):
            t = type(v)
            if t is str:
                if v:
                    write_string(r, c, v)
            elif t is int or t is float:
                write_number(r, c, v)
            elif t is date:
                ws.write_datetime(r, c, datetime(v.year, v.month, v.day), self.date_fmt)
        self.row += 1
        return self.row

    def close(self) -> None:
        self.wb.close()


# ----------------------------------------------------------------------------------------------
# Layout
# ----------------------------------------------------------------------------------------------


@dataclass
class County:
    idx: int
    name: str
    code: str
    city: str
    city_idx: int
    wan_yuan: bool
    schools: list[School] = field(default_factory=list)

    @property
    def level_text(self) -> str:
        return "区培" if self.name.endswith("区") else "县培"


@dataclass
class School:
    idx: int
    code: str
    name: str
    county: County
    stage: str
    area: str  # 乡村 / 城镇
    n_teachers: int
    first_teacher: int
    seed: int


@dataclass
class Project:
    code: str
    name: str
    year: int
    kind: str  # gp / prov / city / county / online
    level: str  # 国培 / 省培 / 市培 / 县培 / 区培
    mode: str
    provider: str
    start: date
    end: date
    hours: float
    practice_hours: float
    stages: tuple[str, ...] | None
    rural_only: bool
    scope: int | None = None  # county idx or city idx
    template: int = 0
    per_school: dict[str, int] = field(default_factory=dict)
    teachers: int = 0
    plan_row: int = 0

    def eligible(self, stage: str, area: str) -> bool:
        return (self.stages is None or stage in self.stages) and (
            not self.rural_only or area == "乡村"
        )


def derived_names(suffix: str, taken: set[str]):
    """Endless stream of unique two-syllable place names (for counties beyond the real list)."""
    syl = R.PLACE_SYLLABLES
    n = len(syl)
    stride = next(p for p in (37, 41, 43, 47, 53) if math.gcd(p, n * n) == 1)
    k = 0
    while True:
        rnd, pos = divmod(k, n * n)
        a, b = divmod(pos * stride % (n * n), n)
        k += 1
        base = syl[a] + syl[b] + (R.cn_number(rnd + 1) if rnd else "")
        if a == b or base in taken:
            continue
        taken.add(base)
        yield base + suffix


def make_counties(n: int, rng: np.random.Generator) -> list[County]:
    out: list[County] = []
    cities: dict[str, int] = {}
    taken = {name[:-1] for name, _, _ in R.REAL_COUNTIES} | {c[:-1] for _, _, c in R.REAL_COUNTIES}
    county_names = derived_names("县", taken)
    city_names = derived_names("市", taken)
    city = ""
    for i in range(n):
        if i < len(R.REAL_COUNTIES):
            name, code, city = R.REAL_COUNTIES[i]
        else:
            j = i - len(R.REAL_COUNTIES)
            name = next(county_names)
            if j >= 3000:
                raise ValueError("too many counties (at most ~1.8 million teachers)")
            code = f"61{70 + j // 100:02d}{j % 100:02d}"  # 617000-619999: unused in Shaanxi
            if j % 10 == 0:
                city = next(city_names)
        city_idx = cities.setdefault(city, len(cities))
        out.append(County(i, name, code, city, city_idx, wan_yuan=(i % 3 == 1), schools=[]))
    return out


def split_evenly(total: int, parts: int, weights: np.ndarray | None = None) -> list[int]:
    w = np.ones(parts) if weights is None else np.asarray(weights, dtype=float)
    raw = w / w.sum() * total
    base = np.floor(raw).astype(int)
    rem = total - int(base.sum())
    order = np.argsort(-(raw - base), kind="stable")
    for k in range(rem):
        base[order[k]] += 1
    return [int(x) for x in base]


def make_schools(counties: list[County], teachers: int, rng: np.random.Generator) -> list[School]:
    n_schools = max(len(counties), round(teachers / 50))
    per_county = split_evenly(n_schools, len(counties))
    sizes = split_evenly(teachers, n_schools, rng.uniform(0.6, 1.4, n_schools))
    stage_counts = split_evenly(n_schools, len(R.STAGES), np.array(R.STAGE_WEIGHTS))
    stages = [s for s, c in zip(R.STAGES, stage_counts, strict=True) for _ in range(c)]
    stages = [stages[i] for i in rng.permutation(n_schools)]
    rural = rng.random(n_schools) < 0.55
    seeds = rng.integers(0, 2**62, n_schools)
    schools: list[School] = []
    first = 0
    k = 0
    for county, n in zip(counties, per_county, strict=True):
        used_names: set[str] = set()
        urban_no: dict[str, int] = defaultdict(int)
        town_i = 0
        for j in range(n):
            stage, area = stages[k], ("乡村" if rural[k] else "城镇")
            if j == 0:
                area = "城镇"  # each county has a town school
            if area == "城镇":
                urban_no[stage] += 1
                m = urban_no[stage]
                if stage == "高中":
                    name = f"{county.name}{'城关' if m == 1 else '第' + R.cn_number(m)}中学"
                elif m == 1:
                    name = f"{county.name}实验{R.SCHOOL_SUFFIX_URBAN[stage]}"
                else:
                    name = f"{county.name}第{R.cn_number(m - 1)}{R.SCHOOL_SUFFIX_URBAN[stage]}"
            else:
                town = R.TOWNS[(county.idx * 7 + town_i) % len(R.TOWNS)]
                town_i += 1
                town = town if town.endswith("镇") else town + "镇"
                name = f"{county.name}{town}{R.SCHOOL_SUFFIX_RURAL[stage]}"
            while name in used_names:
                name = (
                    name.replace(county.name, county.name + "第二", 1)
                    if "第二" not in name
                    else name + "分校"
                )
            used_names.add(name)
            code = f"3{county.code}{j + 1:03d}"
            school = School(k, code, name, county, stage, area, sizes[k], first, int(seeds[k]))
            county.schools.append(school)
            schools.append(school)
            first += sizes[k]
            k += 1
    return schools


def _project_dates(rng: np.random.Generator, year: int, hours: float, month_lo=3, month_hi=11):
    month = int(rng.integers(month_lo, month_hi + 1))
    day = int(rng.integers(1, 21))
    start = date(year, month, day)
    days = max(1, math.ceil(hours / 8))
    return start, start + timedelta(days=days - 1)


def make_projects(
    year: int, counties: list[County], teachers: int, rng: np.random.Generator
) -> list[Project]:
    projects: list[Project] = []
    prov = R.PROVIDERS
    # 国培
    n_gp = max(4, round(teachers * 0.035 / 60))  # >= 4: templates 2 and 3 restrict stage/area
    for i in range(n_gp):
        t = i if i < 2 else 2 + (i - 2) % (len(R.GUOPEI_TEMPLATES) - 2)
        title, stages, rural_only, mode = R.GUOPEI_TEMPLATES[t]
        phase = i // len(R.GUOPEI_TEMPLATES) + 1
        name = f"国培计划({year})——{title}" + (f"·第{R.cn_number(phase)}期" if phase > 1 else "")
        hours = float(rng.choice([40, 48, 60, 80, 96, 120]))
        if i == 0:
            start = date(year, 4, 10)
            end = start + timedelta(days=math.ceil(hours / 8) - 1)
        elif i == 1:
            start = date(year, 10, 12)
            end = start + timedelta(days=math.ceil(hours / 8) - 1)
        else:
            start, end = _project_dates(rng, year, hours, 5, 9)
        practice = float(hours // 2) if mode in ("跟岗实践", "混合式") else 0.0
        projects.append(
            Project(
                f"GP{year}{i + 1:03d}",
                name,
                year,
                "gp",
                "国培",
                mode,
                prov[int(rng.integers(len(prov)))],
                start,
                end,
                hours,
                practice,
                stages,
                rural_only,
                None,
                t,
            )
        )
    # 省培
    n_prov = max(2, round(teachers / 6000))
    for i in range(n_prov):
        t = i % len(R.PROVINCIAL_TEMPLATES)
        title, stages, mode = R.PROVINCIAL_TEMPLATES[t]
        phase = i // len(R.PROVINCIAL_TEMPLATES) + 1
        name = title.format(y=year) + (f"(第{R.cn_number(phase)}期)" if phase > 1 else "")
        hours = float(rng.choice([24, 30, 36, 40]))
        start, end = _project_dates(rng, year, hours)
        practice = float(hours // 2) if mode in ("跟岗实践", "混合式") else 0.0
        projects.append(
            Project(
                f"SP{year}{i + 1:03d}",
                name,
                year,
                "prov",
                "省培",
                mode,
                prov[int(rng.integers(len(prov)))],
                start,
                end,
                hours,
                practice,
                stages,
                False,
                None,
                t,
            )
        )
    # 市培
    cities: dict[int, str] = {}
    for c in counties:
        cities.setdefault(c.city_idx, c.city)
    for ci, city in cities.items():
        for t, (title, stages, mode) in enumerate(R.CITY_TEMPLATES):
            hours = float(rng.choice([24, 30, 36, 40]))
            start, end = _project_dates(rng, year, hours)
            practice = float(hours // 2) if mode in ("跟岗实践", "混合式") else 0.0
            projects.append(
                Project(
                    f"CP{year}{ci + 1:03d}{t + 1:02d}",
                    title.format(city=city, y=year),
                    year,
                    "city",
                    "市培",
                    mode,
                    f"{city}教师发展中心",
                    start,
                    end,
                    hours,
                    practice,
                    stages,
                    False,
                    ci,
                    t,
                )
            )
    # 县培 / 区培
    for c in counties:
        for t, (title, stages, mode) in enumerate(R.COUNTY_TEMPLATES):
            hours = float(rng.choice([16, 24, 30, 36, 40]))
            start, end = _project_dates(rng, year, hours)
            practice = float(hours // 2) if mode in ("跟岗实践", "混合式") else 0.0
            projects.append(
                Project(
                    f"XP{year}{c.code}{t + 1:02d}",
                    title.format(county=c.name, y=year),
                    year,
                    "county",
                    c.level_text,
                    mode,
                    f"{c.name}教师发展中心",
                    start,
                    end,
                    hours,
                    practice,
                    stages,
                    False,
                    c.idx,
                    t,
                )
            )
    # online (platform)
    for i, (title, m_lo, m_hi) in enumerate(R.ONLINE_PROJECTS):
        start = date(year, m_lo, 1)
        end = date(year, m_hi, 31 if m_hi in (8, 12) else 30)
        projects.append(
            Project(
                f"WL{year}{i + 1:03d}",
                title.format(y=year),
                year,
                "online",
                "省培",
                "网络研修",
                "国家智慧教育平台" if i == 0 else "陕西教师发展网",
                start,
                end,
                50.0,
                0.0,
                None,
                False,
                None,
                i,
            )
        )
    return projects


# ----------------------------------------------------------------------------------------------
# Defect plan
# ----------------------------------------------------------------------------------------------


def os_thread_count() -> int:
    """Threads of this process, native ones included (Linux /proc; elsewhere Python's count)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


# The idle threads that importing numpy and polars starts; more than these means live pools.
THREADS_AT_IMPORT = os_thread_count()


def n_defects(rule: str, teachers: int) -> int:
    return max(1, round(teachers * RATES[rule]))


@dataclass
class TeacherPlan:
    kind: str  # defect kind
    years: tuple[int, ...]


def plan_defects(
    teachers: int,
    years: list[int],
    schools: list[School],
    projects: dict[int, list[Project]],
    rng: np.random.Generator,
):
    """Teacher-level plants keyed by global teacher index; school-year and project plants."""
    kinds: list[str] = []
    for i in range(n_defects("ID_EXCEL_DAMAGED", teachers)):
        kinds.append("DAMAGED_FLOAT" if i % 2 == 0 else "DAMAGED_000")
    for i in range(n_defects("ID_INVALID", teachers)):
        kinds.append("BAD_CHECK" if i % 2 == 0 else "BAD_DATE")
    for i in range(n_defects("MISSING_HOURS", teachers)):
        kinds.append("MISSING_BLANK" if i % 2 == 0 else "MISSING_ZERO")
    kinds += ["NO_TRAIN"] * n_defects("NO_TRAINING_IN_YEAR", teachers)
    kinds += ["GP_OVER"] * n_defects("GP_OVER_CYCLE_LIMIT", teachers)
    kinds += ["GP_BANNED"] * n_defects("GP_BANNED_REENROLLED", teachers)
    for i in range(n_defects("DUP_SOURCES_DISAGREE", teachers)):
        kinds.append("DUP_HOURS" if i % 2 == 0 else "DUP_OUTCOME")
    kinds += ["NEG_HOURS"] * n_defects("HOURS_NEGATIVE", teachers)
    kinds += ["OVER_PROJECT"] * n_defects("HOURS_OVER_PROJECT", teachers)
    kinds += ["OVER_DAILY"] * n_defects("HOURS_OVER_DAILY_MAX", teachers)
    kinds += ["UNKNOWN"] * n_defects("UNKNOWN_TEACHER", teachers)
    kinds += ["PLAT_UNMATCHED"] * n_defects("PLATFORM_ID_UNRESOLVED", teachers)
    kinds += ["GP_MET"] * n_defects("GP_ANNUAL_HOURS_MET", teachers)
    kinds += ["GP_INELIG"] * n_defects("GP_INELIGIBLE_TRAINEE", teachers)
    kinds += ["GP_KPI"] * n_defects("KPI_PASSED_NOT_ATTENDED", teachers)
    if len(kinds) > teachers:
        raise ValueError(f"too few teachers ({teachers}) for the planted defects; use --clean")
    chosen = rng.choice(teachers, size=len(kinds), replace=False)
    plans: dict[int, TeacherPlan] = {}
    ys = sorted(years)

    def pair(max_gap: int | None, same_cycle: bool) -> tuple[int, int]:
        cands = [
            (a, b)
            for a in ys
            for b in ys
            if b > a
            and (max_gap is None or b - a <= max_gap)
            and (
                not same_cycle
                or (a - CYCLE_START_YEAR) // CYCLE_LENGTH == (b - CYCLE_START_YEAR) // CYCLE_LENGTH
            )
        ]
        if not cands:
            y = ys[int(rng.integers(len(ys)))]
            return (y, y)
        return cands[int(rng.integers(len(cands)))]

    for t, kind in zip(chosen, kinds, strict=True):
        if kind == "GP_OVER":
            yrs = pair(None, True)
        elif kind == "GP_BANNED":
            yrs = pair(BAN_YEARS, False)
        else:
            yrs = (ys[int(rng.integers(len(ys)))],)
        plans[int(t)] = TeacherPlan(kind, yrs)

    under: set[tuple[str, int]] = set()
    pairs = [(s.code, y) for s in schools for y in ys]
    k = min(n_defects("SCHOOL_UNDER_5PCT", teachers), len(pairs))
    for i in rng.choice(len(pairs), size=k, replace=False):
        under.add(pairs[int(i)])

    over: set[str] = set()
    cands = [p.code for y in ys for p in projects[y] if p.kind == "county" and p.template == 0]
    k = min(n_defects("PROJECT_OVER_QUOTA", teachers), len(cands))
    for i in rng.choice(len(cands), size=k, replace=False):
        over.add(cands[int(i)])

    # issue 5 plants (school-year, county-year, project and project x school)
    extra: dict[str, set] = {}
    free = [pr for pr in pairs if pr not in under]
    k = min(n_defects("SIGNIN_SESSION_NO_HOURS", teachers), len(free))
    extra["signin_no_hours"] = {free[int(i)] for i in rng.choice(len(free), size=k, replace=False)}
    counties = sorted({s.county.idx for s in schools})
    cy = [(c, y) for c in counties for y in ys]
    k = min(n_defects("COUNTY_UNDER_1_5PCT", teachers), len(cy))
    extra["county_under"] = {cy[int(i)] for i in rng.choice(len(cy), size=k, replace=False)}
    per_county = defaultdict(int)
    for s in schools:
        per_county[s.county.idx] += 1
    by_code = {s.code: s for s in schools}
    unit_cands = [
        (code, y)
        for code, y in pairs
        if (code, y) not in under
        and (by_code[code].county.idx, y) not in extra["county_under"]
        and per_county[by_code[code].county.idx] >= 3
    ]
    k = min(n_defects("FUNDING_UNIT_SUSPECT", teachers), len(unit_cands))
    extra["unit_off"] = {
        unit_cands[int(i)] for i in rng.choice(len(unit_cands), size=k, replace=False)
    }
    # projects open to a stage subset (templates 2-4): never over quota, never carry teacher plants
    cands = [p.code for y in ys for p in projects[y] if p.kind == "county" and p.template >= 2]
    k = min(n_defects("PROJECT_NO_HOURS", teachers), len(cands))
    extra["no_hours"] = {cands[int(i)] for i in rng.choice(len(cands), size=k, replace=False)}
    extra["over_alloc_n"] = n_defects("SCHOOL_OVER_ALLOCATION", teachers)
    return plans, under, over, extra


# ----------------------------------------------------------------------------------------------
# Generation
# ----------------------------------------------------------------------------------------------

PROV_OUTCOMES = (("合格", 0.86), ("优秀", 0.08), ("不合格", 0.03), ("未参训", 0.02), ("劝退", 0.01))
REVIEWS = (("已认定", 0.88), ("审核通过", 0.07), ("待审核", 0.04), ("驳回", 0.01))
COUNTED_OUTCOMES = {"合格", "优秀"}
COUNTED_REVIEWS = {"已认定", "审核通过"}


def pick(r: random.Random, table) -> str:
    u = r.random()
    acc = 0.0
    for v, p in table:
        acc += p
        if u < acc:
            return v
    return table[-1][0]


def fmt_hours(h: float):
    return int(h) if h == int(h) else h


def date_cell(r: random.Random, d: date):
    u = r.random()
    if u < 0.40:
        return d.isoformat()
    if u < 0.52:
        return f"{d.year}.{d.month}.{d.day}"
    if u < 0.64:
        return f"{d.year}年{d.month}月{d.day}日"
    if u < 0.76:
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if u < 0.88:
        return f"{d.year}-{d.month}-{d.day}"
    return d  # real Excel date cell


def hours_cell(r: random.Random, h: float):
    if r.random() < 0.08:
        return f"{fmt_hours(h)}学时"
    return fmt_hours(h)


def mask_id(idn: str) -> str:
    return idn[:4] + "*" * 10 + idn[-4:]


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


class Generator(EdgePlants):
    def __init__(
        self,
        out_dir: Path,
        teachers: int,
        seed: int,
        years: list[int],
        clean: bool,
        split_provincial: bool | None = None,
        log=None,
        workers: int | None = None,
    ):
        if teachers < 20:
            raise ValueError("need at least 20 teachers")
        self.root = Path(out_dir)
        self.n = teachers
        self.seed = seed
        self.years = sorted(years)
        self.clean = clean
        self.log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
        # at most 2 non-国培 + 1 国培 + 1 planted 国培 record per teacher-year, plus 5 frame rows
        self.split = (
            (4 * teachers + 5 > EXCEL_MAX_ROWS) if split_provincial is None else split_provincial
        )
        self.rng = np.random.Generator(np.random.PCG64(seed))
        self.defects: list[dict] = []  # the current county's (see do_county)
        self.truth_defects: list[dict] = []
        self.workers = workers if workers is not None else min(4, os.cpu_count() or 1)
        self.ids: set[str] = set()
        self.gp_rows: dict[str, list[tuple]] = defaultdict(list)

    # -- teachers -------------------------------------------------------------------------------

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
        need_digits = plan is not None and plan.kind in ("DAMAGED_FLOAT", "DAMAGED_000")
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
        elif plan.kind in ("DUP_HOURS", "DUP_OUTCOME"):
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

    # -- main -----------------------------------------------------------------------------------

    def run(self) -> dict:
        root = self.root
        root.mkdir(parents=True, exist_ok=True)
        rng = self.rng
        n_counties = max(2, round(self.n / 600))
        self.counties = make_counties(n_counties, rng)
        self.schools = make_schools(self.counties, self.n, rng)
        self.projects = {y: make_projects(y, self.counties, self.n, rng) for y in self.years}
        plans, under, over, extra = plan_defects(
            self.n, self.years, self.schools, self.projects, rng
        )
        self.plan_edges(plans)  # edge projects join self.projects (template -1)
        # a 延续实施 project has one code in two years: projects are keyed by (code, year)
        self.by_key = {(p.code, p.year): p for y in self.years for p in self.projects[y]}
        self.plans, self.under, self.over = (
            ({}, set(), set()) if self.clean else (plans, under, over)
        )
        self.extra = (
            {"signin_no_hours": set(), "county_under": set(), "unit_off": set(),
             "no_hours": set(), "over_alloc_n": 0}
            if self.clean
            else extra
        )
        self.alloc_rng = random.Random(self.seed * 31 + 5)
        self.log(
            f"sample: {self.n} teachers, {len(self.schools)} schools, {n_counties} counties, "
            f"years {self.years[0]}-{self.years[-1]}, seed {self.seed}"
            f"{' (clean)' if self.clean else ''} -> {root}"
        )
        # per-year lookups
        # edge projects (template -1) are never drawn at random
        self.gp_by_year = {
            y: [p for p in self.projects[y] if p.kind == "gp" and p.template >= 0]
            for y in self.years
        }
        self.prov_by_year = {
            y: [p for p in self.projects[y] if p.kind == "prov"] for y in self.years
        }
        self.city_by_year = {y: defaultdict(list) for y in self.years}
        self.county_by_year = {y: defaultdict(list) for y in self.years}
        self.online_by_year = {
            y: [p for p in self.projects[y] if p.kind == "online"] for y in self.years
        }
        for y in self.years:
            for p in self.projects[y]:
                if p.kind == "city":
                    self.city_by_year[y][p.scope].append(p)
                elif p.kind == "county" and p.template >= 0:
                    self.county_by_year[y][p.scope].append(p)

        (root / "platform").mkdir(parents=True, exist_ok=True)
        platform_files = {}
        self.platform_writers = {}
        for y in self.years:
            f = open(root / platform_path(y), "w", encoding="gbk", newline="")
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow(PLATFORM_HEADER)
            platform_files[y], self.platform_writers[y] = f, w
        self.prov_sheets: dict[int, Sheet] = {}
        self.prov_totals: dict[int, list[float]] = {}
        if not self.split:
            for y in self.years:
                self.open_provincial(y, None)
        self.on_track = 0
        self.all_gp_rows: dict[str, list[tuple]] = defaultdict(list)
        self.platform_total = {y: 0 for y in self.years}
        workers = self.workers if self.split else 1
        threads = os_thread_count()
        if workers > 1 and threads > THREADS_AT_IMPORT:
            # fork() copies only the calling thread: thread pools this process started after
            # importing us (a DuckDB connection, polars queries) may hold locks the children then
            # wait on forever (seen under pytest). The output is the same with one process.
            self.log(f"  one process: {threads} threads running here, forking is unsafe")
            workers = 1
        try:
            if workers <= 1 or len(self.counties) < 2:
                for county in self.counties:
                    self.merge(self.do_county(county), platform_files)
            else:
                global _WORKER_GEN
                _WORKER_GEN = self
                parts = root / ".sample_parts"
                parts.mkdir(exist_ok=True)
                for f in platform_files.values():
                    f.flush()  # nothing buffered may be inherited by the forked workers
                try:
                    ctx = multiprocessing.get_context("fork")
                    with ctx.Pool(workers) as pool:
                        for res in pool.imap(_county_in_worker, range(len(self.counties))):
                            self.merge(res, platform_files)
                finally:
                    _WORKER_GEN = None
                    shutil.rmtree(parts, ignore_errors=True)
        finally:
            for f in platform_files.values():
                f.close()
        self.defects = self.truth_defects  # plan-level defects go straight into the truth
        if not self.split:
            for y in self.years:
                self.close_provincial(y)
        self.write_guopei()
        self.write_plans()
        self.write_later_plan()
        truth = {
            "seed": self.seed,
            "teachers": self.n,
            "years": self.years,
            "as_of_date": self.as_of.isoformat(),
            "defects": sorted(
                self.defects,
                key=lambda d: (d["rule"], d["source_file"], d["source_row"], d["k"].get("year", 0)),
            ),
            "edges": self.edges_section(),
        }
        (root / "ground_truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        counts = defaultdict(int)
        for d in self.defects:
            counts[d["rule"]] += 1
        self.log(
            f"sample: done; {len(self.defects)} planted defects "
            f"({', '.join(f'{k}={v}' for k, v in sorted(counts.items())) or 'none'}); "
            f"{self.on_track / self.n:.0%} of teachers on track "
            f"(>= {72 * len(self.years)} counted hours)"
        )
        return truth

    def merge(self, res: dict, platform_files) -> None:
        """Fold one county's result into the run (in county order, so output is deterministic)."""
        offsets = {}
        for code, rows in res["gp_rows"].items():
            dest = self.all_gp_rows[code]
            offsets[code] = len(dest)
            dest.extend((len(dest) + 1, *row[1:]) for row in rows)
        for d in (*res["defects"], *res["edges"]):
            if d["source_row"] is None:  # an edge that is a whole file
                pass
            elif d["source_file"] == guopei_path(d["k"].get("project_code", "")):
                d["source_row"] += offsets[d["k"]["project_code"]]
            elif d["source_file"] == platform_path(d["k"].get("year", 0)):
                d["source_row"] += 1 + self.platform_total[d["k"]["year"]]  # header + earlier
            (self.truth_edges if "kind" in d else self.truth_defects).append(d)
        for y, n in res["platform_lines"].items():
            self.platform_total[y] += n
        for key, per_school in res["counts"].items():
            p = self.by_key[key]
            for sc, n in per_school.items():
                p.per_school[sc] = p.per_school.get(sc, 0) + n
                p.teachers += n
        self.on_track += res["on_track"]
        for y, part in res.get("platform_parts", {}).items():
            with open(part, encoding="gbk", newline="") as fh:
                shutil.copyfileobj(fh, platform_files[y])
            os.unlink(part)

    def add_defect(self, rule: str, source_file: str, source_row: int, **k) -> None:
        self.defects.append(
            {"rule": rule, "source_file": source_file, "source_row": source_row, "k": k}
        )

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
        need = 72 * len(self.years)
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
        return [
            (d, titles[i], float(r.choice([2, 2, 2.5, 3, 3, 4])))
            for i, d in enumerate(sorted(days))
        ]

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
            plan = t.plan
            if plan is not None and plan.kind == "NO_TRAIN" and y in plan.years:
                self.add_defect(
                    "NO_TRAINING_IN_YEAR",
                    roster_path(school.code),
                    roster_rows[t.gidx],
                    id_number=t.id_number,
                    school_code=school.code,
                    year=y,
                )
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

    # -- end-of-run files -----------------------------------------------------------------------

    def write_guopei(self) -> None:
        for y in self.years:
            for p in self.gp_by_year[y]:
                rows = self.all_gp_rows.pop(p.code, [])
                if p.code == self.split_gp_code:  # two class lists (一班, 二班)
                    lists = [
                        (class_list_path(p.code, k), f"{p.name}学员名单({CLASS_NAMES[k]})", part)
                        for k, part in enumerate(self.split_class_lists(p.code, rows))
                    ]
                else:
                    lists = [(guopei_path(p.code), f"{p.name}学员名单", rows)]
                for rel, title, part in lists:
                    s = Sheet(
                        self.root, rel, "学员名单", len(GUOPEI_HEADER), big=len(part) > 5000
                    )
                    s.merged(title)
                    s.header(GUOPEI_HEADER)
                    for row in part:
                        s.add(row)
                    s.close()
        self.log(f"  国培 provider lists: {sum(len(self.gp_by_year[y]) for y in self.years)} files")

    def write_plans(self) -> None:
        for y in self.years:
            r = random.Random(self.seed * 7919 + y)
            s = Sheet(self.root, plan_path(y), "培训计划", len(PLAN_HEADER), col_width=16)
            s.merged(f"{y}年度教师培训项目计划")
            s.header(PLAN_HEADER)
            planned: dict[str, int] = {}
            for p in self.projects[y]:
                enrolled = p.teachers
                if p.code in self.over and enrolled >= 2:
                    seats = enrolled - max(1, round(enrolled * 0.08))
                else:
                    seats = max(5, math.ceil(enrolled * r.uniform(1.0, 1.15) / 5) * 5)
                    if p.code in self.over:
                        self.over.discard(p.code)
                planned[p.code] = seats
                per_head = {"gp": 3000, "prov": 1500, "city": 800, "county": 400, "online": 50}[
                    p.kind
                ]
                budget_wan = round(seats * per_head / 100) * 100 / 10000
                stages = "全学段" if p.stages is None else "、".join(p.stages)
                row = s.add(
                    [
                        p.code,
                        p.name,
                        p.level,
                        p.mode,
                        p.provider,
                        p.start.isoformat(),
                        p.end.isoformat(),
                        "" if p.code in self.extra["no_hours"] else fmt_hours(p.hours),
                        fmt_hours(p.practice_hours),
                        seats,
                        stages,
                        "是" if p.rural_only else "否",
                        budget_wan,
                    ]
                )
                self.edge_plan_row(p, s.rel, row)
                if p.code in self.over:
                    self.add_defect("PROJECT_OVER_QUOTA", s.rel, row, project_code=p.code, year=y)
                if p.code in self.extra["no_hours"]:
                    self.add_defect("PROJECT_NO_HOURS", s.rel, row, project_code=p.code, year=y)
            s.close()
            a = Sheet(
                self.root, alloc_path(y), "名额分配", len(ALLOC_HEADER), col_width=16, big=True
            )
            a.merged(f"{y}年教师培训名额分配表")
            a.header(ALLOC_HEADER)
            names = {sc.code: sc.name for sc in self.schools}
            over_alloc_codes = self.over_allocation_codes(y)
            for p in self.projects[y]:
                codes = sorted(p.per_school)
                if not codes:  # nobody enrolled: seats go to the schools in the project's scope
                    scope = [
                        sc
                        for sc in self.schools
                        if (p.kind != "county" or sc.county.idx == p.scope)
                        and (p.kind != "city" or sc.county.city_idx == p.scope)
                    ]
                    codes = sorted(
                        sc.code for sc in scope if p.eligible(sc.stage, sc.area)
                    ) or sorted(sc.code for sc in scope)
                alloc = [p.per_school.get(c, 0) for c in codes]
                diff = planned[p.code] - sum(alloc)
                if p.code in self.over:
                    diff = max(diff, 0)  # never below what a school sent: only the plan is over
                over_alloc = None
                if p.code in over_alloc_codes:  # one school sent one more than allocated
                    over_alloc = max(range(len(codes)), key=lambda j: (alloc[j], codes[j]))
                    # alloc holds what each school sent (p.per_school) at this point
                i = 0
                while diff != 0:
                    j = i % len(codes)
                    if diff > 0:
                        alloc[j] += 1
                        diff -= 1
                    elif alloc[j] > 0:
                        alloc[j] -= 1
                        diff += 1
                    i += 1
                if over_alloc is not None:  # one seat fewer than it sent; the seats move on
                    excess = alloc[over_alloc] - (p.per_school[codes[over_alloc]] - 1)
                    alloc[over_alloc] -= excess
                    alloc[(over_alloc + 1) % len(codes)] += excess
                for j, (c, n) in enumerate(zip(codes, alloc, strict=True)):
                    row = a.add([p.code, p.name, self.code_cell(r, c, 0.2), names[c], n])
                    if j == over_alloc:
                        self.add_defect(
                            "SCHOOL_OVER_ALLOCATION", a.rel, row, school_code=c,
                            project_code=p.code, year=y,
                        )
            a.close()
        self.log(f"  plans and allocations for {len(self.years)} years")


    def over_allocation_codes(self, y: int) -> set[str]:
        """SCHOOL_OVER_ALLOCATION plants of year y: 县培 projects open to a stage subset
        (templates 2-4: no teacher plant, never over quota) with >= 2 schools that sent 2+."""
        cands = sorted(
            (p.code, p.year)
            for yy in self.years
            for p in self.projects[yy]
            if p.kind == "county" and p.template >= 2 and p.code not in self.over
            and len(p.per_school) >= 2 and max(p.per_school.values()) >= 2
        )
        if not hasattr(self, "_over_alloc"):  # one draw for all years
            k = min(self.extra["over_alloc_n"], len(cands))
            self._over_alloc = set(self.alloc_rng.sample(cands, k)) if k else set()
        return {code for code, yy in self._over_alloc if yy == y}


_WORKER_GEN: Generator | None = None


def _county_in_worker(idx: int) -> dict:
    gen = _WORKER_GEN
    assert gen is not None
    return gen.do_county(gen.counties[idx], gen.root / ".sample_parts")


def generate(
    out_dir: Path | str,
    teachers: int = 3000,
    seed: int = 42,
    years=(2021, 2022, 2023),
    clean: bool = False,
    split_provincial: bool | None = None,
    log=None,
    workers: int | None = None,
) -> dict:
    """Write the sample landing folder into ``out_dir``; return the ground truth (also written
    to ``out_dir/ground_truth.json``).

    ``split_provincial``: None = one provincial export per county per year only when one file per
    year could exceed Excel's row limit (N > ~262,000), True/False to force. ``workers``: processes
    for the per-county work when the export is split (None = up to 4 CPUs); the output does not
    depend on it."""
    return Generator(
        Path(out_dir), teachers, seed, list(years), clean, split_provincial, log, workers
    ).run()
