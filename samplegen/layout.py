"""County layout: counties, schools and each year's projects, drawn from the seed."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from samplegen import refdata as R


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


PRACTICE_MODES = ("跟岗实践", "混合式")  # half of a project's hours are practice in these modes


def _practice(hours: float, mode: str) -> float:
    return float(hours // 2) if mode in PRACTICE_MODES else 0.0


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
        projects.append(Project(
            f"GP{year}{i + 1:03d}", name, year, "gp", "国培", mode,
            prov[int(rng.integers(len(prov)))], start, end, hours, _practice(hours, mode), stages,
            rural_only, None, t,
        ))
    # 省培
    n_prov = max(2, round(teachers / 6000))
    for i in range(n_prov):
        t = i % len(R.PROVINCIAL_TEMPLATES)
        title, stages, mode = R.PROVINCIAL_TEMPLATES[t]
        phase = i // len(R.PROVINCIAL_TEMPLATES) + 1
        name = title.format(y=year) + (f"(第{R.cn_number(phase)}期)" if phase > 1 else "")
        hours = float(rng.choice([24, 30, 36, 40]))
        start, end = _project_dates(rng, year, hours)
        projects.append(Project(
            f"SP{year}{i + 1:03d}", name, year, "prov", "省培", mode,
            prov[int(rng.integers(len(prov)))], start, end, hours, _practice(hours, mode), stages,
            False, None, t,
        ))
    # 市培
    cities: dict[int, str] = {}
    for c in counties:
        cities.setdefault(c.city_idx, c.city)
    for ci, city in cities.items():
        for t, (title, stages, mode) in enumerate(R.CITY_TEMPLATES):
            hours = float(rng.choice([24, 30, 36, 40]))
            start, end = _project_dates(rng, year, hours)
            projects.append(Project(
                f"CP{year}{ci + 1:03d}{t + 1:02d}", title.format(city=city, y=year), year, "city",
                "市培", mode, f"{city}教师发展中心", start, end, hours, _practice(hours, mode), stages,
                False, ci, t,
            ))
    # 县培 / 区培
    for c in counties:
        for t, (title, stages, mode) in enumerate(R.COUNTY_TEMPLATES):
            hours = float(rng.choice([16, 24, 30, 36, 40]))
            start, end = _project_dates(rng, year, hours)
            projects.append(Project(
                f"XP{year}{c.code}{t + 1:02d}", title.format(county=c.name, y=year), year, "county",
                c.level_text, mode, f"{c.name}教师发展中心", start, end, hours,
                _practice(hours, mode), stages, False, c.idx, t,
            ))
    # online (platform)
    for i, (title, m_lo, m_hi) in enumerate(R.ONLINE_PROJECTS):
        start = date(year, m_lo, 1)
        end = date(year, m_hi, 31 if m_hi in (8, 12) else 30)
        projects.append(Project(
            f"WL{year}{i + 1:03d}", title.format(y=year), year, "online", "省培", "网络研修",
            "国家智慧教育平台" if i == 0 else "陕西教师发展网", start, end, 50.0, 0.0, None, False,
            None, i,
        ))
    return projects
