"""An independent reading of a sample landing folder: parses the files back (python_calamine, csv)
and recomputes the findings of every planted rule, so tests can compare them with ground_truth.json.

Deliberately written against the contract's file shapes, not against the generator's internals.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from python_calamine import CalamineWorkbook

from ingest.idnumber import birth_date_of, has_valid_checksum
from samplegen.paths import plan_path, platform_path, roster_path, signin_path

N = 300  # teachers in the test samples
SEED = 7
BAN_YEARS = 3  # config/policy.yml guopei.ban_years
CYCLE_START, CYCLE_LENGTH = 2021, 5
# a version mark on a file name: the marked file is a later version of the unmarked one
VERSION_MARK_RE = re.compile(r"(\((更正|修订|修正)\)|（(更正|修订|修正)）|[_-]v\d+|-更正)$")

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


def read_rows(path: Path) -> list[list]:
    wb = CalamineWorkbook.from_path(str(path))
    return wb.get_sheet_by_index(0).to_python(skip_empty_area=False)


def hours_value(cell) -> float | None:
    if cell == "" or cell is None:
        return None
    if isinstance(cell, str):
        cell = cell.removesuffix("学时")
    return float(cell)


def date_value(cell) -> date:
    """A date cell as the exports write it: Excel date, ISO, 2023.3.5, 2023年3月5日, 2023/03/05."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    y, m, d = (int(x) for x in re.findall(r"\d+", str(cell))[:3])
    return date(y, m, d)


def years_later(d: date, n: int) -> date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


def latest_versions(paths: list[Path]) -> list[Path]:
    """One file per logical file: a name with a version mark replaces the same name without it."""
    by_base: dict[str, list[Path]] = defaultdict(list)
    for p in paths:
        by_base[VERSION_MARK_RE.sub("", p.stem)].append(p)
    return sorted(
        max(group, key=lambda p: (VERSION_MARK_RE.search(p.stem) is not None, p.name))
        for group in by_base.values()
    )


def code_text(cell) -> str:
    if isinstance(cell, float):
        assert cell == int(cell)
        return str(int(cell))
    return str(cell)


def id_problem(cell) -> str | None:
    """ID_EXCEL_DAMAGED / ID_INVALID / None for a provincial-export ID cell."""
    if isinstance(cell, float):
        return "ID_EXCEL_DAMAGED"
    s = str(cell)
    if len(s) == 18 and s.isdigit() and s.endswith("000") and not has_valid_checksum(s):
        return "ID_EXCEL_DAMAGED"
    if not has_valid_checksum(s) or birth_date_of(s) is None:
        return "ID_INVALID"
    return None


@dataclass
class Landing:
    root: Path
    years: list[int]
    provincial: list[tuple[str, int, list]] = field(default_factory=list)  # (file, row, cells)
    guopei: list[tuple[str, int, list]] = field(default_factory=list)
    roster: list[tuple[str, int, list]] = field(default_factory=list)
    signin: dict[tuple[str, int], dict[str, list[str]]] = field(default_factory=dict)
    platform: dict[int, list[list[str]]] = field(default_factory=dict)
    # second platform exports headed 获得学时 (credited hours) beside 学习时长(分钟)
    platform_credited: dict[int, list[dict[str, str]]] = field(default_factory=dict)
    plan: dict[int, list[tuple[int, list]]] = field(default_factory=dict)
    funding: list[tuple[str, int, int, str, list]] = field(default_factory=list)
    survey: list[tuple[str, int, list]] = field(default_factory=list)  # (file, line, cells)

    @classmethod
    def read(cls, root: Path, years: list[int]) -> Landing:
        land = cls(root, years)
        for y in years:
            for f in sorted((root / "provincial").glob(f"*省平台学时导出_{y}.xlsx")):
                rel = f.relative_to(root).as_posix()
                rows = read_rows(f)
                for i, cells in enumerate(rows[3:], start=4):
                    if cells[0] == "合计":
                        break
                    land.provincial.append((rel, i, cells))
            with open(root / platform_path(y), encoding="gbk", newline="") as fh:
                land.platform[y] = list(csv.reader(fh))[1:]
            land.platform_credited[y] = []
            for f in sorted((root / "platform").glob(f"*_{y}.csv")):
                if f == root / platform_path(y):
                    continue
                with open(f, encoding="utf-8-sig", newline="") as fh:
                    land.platform_credited[y] += list(csv.DictReader(fh))
            rows = read_rows(root / plan_path(y))
            land.plan[y] = list(enumerate(rows[2:], start=3))
            funding_files = sorted((root / "funding").glob(f"*_{y}年学校培训经费*.xlsx"))
            for f in latest_versions(funding_files):
                rows = read_rows(f)
                wan = "(万元)" in rows[1][3]
                for i, cells in enumerate(rows[2:], start=3):
                    if cells[0] == "合计":
                        break
                    land.funding.append(
                        (f.relative_to(root).as_posix(), i, y, "wan" if wan else "yuan", cells)
                    )
        for f in sorted((root / "survey").glob("*.csv")):
            with open(f, encoding="utf-8-sig", newline="") as fh:
                lines = list(csv.reader(fh))[1:]
            land.survey += [(f.relative_to(root).as_posix(), i, c) for i, c in enumerate(lines, 2)]
        for f in sorted((root / "guopei").glob("*.xlsx")):
            rel = f.relative_to(root).as_posix()
            for i, cells in enumerate(read_rows(f)[2:], start=3):
                land.guopei.append((rel, i, cells))
        for d in sorted((root / "schools").iterdir()):
            rel = roster_path(d.name)
            for i, cells in enumerate(read_rows(root / rel)[2:], start=3):
                land.roster.append((rel, i, cells))
            for y in years:
                rows = read_rows(root / signin_path(d.name, y))
                land.signin[(d.name, y)] = {str(r[2]): [str(m) for m in r[3:]] for r in rows[3:]}
        return land

    # -- helpers --------------------------------------------------------------------------------

    def project_info(self) -> dict[tuple[str, int], dict]:
        """Plan rows keyed by (project code, plan year): a 延续实施 code is in two years' plans."""
        out = {}
        for y, rows in self.plan.items():
            for row, cells in rows:
                out[(cells[0], y)] = {
                    "year": y,
                    "row": row,
                    "start": date.fromisoformat(cells[5]),
                    "end": date.fromisoformat(cells[6]),
                    "planned": int(cells[9]),
                    "level": cells[2],
                }
        return out

    @staticmethod
    def plan_year(projects: dict, code: str, start: date) -> int:
        """The plan year of a record: the year whose plan dates hold the record's start date
        (else the only / the latest earlier plan year of the code)."""
        years = sorted(y for c, y in projects if c == code)
        for y in years:
            if projects[(code, y)]["start"] <= start <= projects[(code, y)]["end"]:
                return y
        earlier = [y for y in years if y <= start.year] or years
        return earlier[-1]

    def findings(self) -> set[tuple]:
        """(rule, source_file, source_row, year-or-None) of every rule the sample plants."""
        out: set[tuple] = set()
        projects = self.project_info()
        prov_by_key: dict[tuple[str, str, int], tuple[str, int, list]] = {}
        enrolled: dict[tuple[str, int], set[str]] = defaultdict(set)
        active: dict[int, set[str]] = defaultdict(set)  # year -> ids with any record
        for rel, row, c in self.provincial:
            prob = id_problem(c[2])
            if prob:
                out.add((prob, rel, row, None))
                continue
            if c[15] in ("合格", "优秀") and not hours_value(c[13]):
                out.add(("MISSING_HOURS", rel, row, None))
            key = (c[7], self.plan_year(projects, c[7], date_value(c[11])))
            prov_by_key[(c[2], *key)] = (rel, row, c)
            enrolled[key].add(c[2])
            active[key[1]].add(c[2])
        # 国培: an enrolment is a provider-list row, a provincial 国培 record, or both (then one)
        per_teacher: dict[str, list] = defaultdict(list)
        listed: set[tuple[str, str, int]] = set()
        for rel, row, c in self.guopei:
            pcode, idn = c[7], c[2]
            # a list row carries no dates: its project's (latest) plan year
            key = (pcode, max(y for cc, y in projects if cc == pcode))
            listed.add((idn, *key))
            enrolled[key].add(idn)
            active[key[1]].add(idn)
            info = projects[key]
            if c[8] == "是":
                twin = prov_by_key.get((idn, *key))
                assert twin is not None, f"国培 trainee {idn} {pcode} missing in provincial export"
                if hours_value(twin[2][13]) != hours_value(c[10]) or twin[2][15] != c[9]:
                    out.add(("DUP_SOURCES_DISAGREE", rel, row, None))
                # on both sources: one enrolment, the provincial export's record wins (the row a
                # finding points at, and the outcome the ban reads), as in the credit marts
                per_teacher[idn].append((info["start"], info["end"], *twin[:2], True, twin[2][15]))
            else:
                per_teacher[idn].append((info["start"], info["end"], rel, row, False, c[9]))
        for (idn, pcode, y), (rel, row, c) in prov_by_key.items():
            if c[9] == "国培" and (idn, pcode, y) not in listed:  # only the province recorded it
                info = projects[(pcode, y)]
                per_teacher[idn].append(
                    (info["start"], info["end"], rel, row, c[15] != "未参训", c[15])
                )
        for enrols in per_teacher.values():
            enrols.sort(key=lambda e: e[0])
            counted: dict[int, int] = defaultdict(int)
            bans: list[date] = []  # end dates of banning trainings: banned for 3 years after
            for start, end, rel, row, attended, outcome in enrols:
                if any(b < start < years_later(b, BAN_YEARS) for b in bans):
                    out.add(("GP_BANNED_REENROLLED", rel, row, None))
                if attended:
                    cycle = (start.year - CYCLE_START) // CYCLE_LENGTH
                    counted[cycle] += 1
                    if counted[cycle] > 1:
                        out.add(("GP_OVER_CYCLE_LIMIT", rel, row, None))
                if not attended or outcome in ("不合格", "劝退", "未参训"):
                    bans.append(end)
        for key, info in projects.items():
            if len(enrolled[key]) > info["planned"]:
                out.add(
                    ("PROJECT_OVER_QUOTA", plan_path(info["year"]), info["row"], None)
                )
        for rel, row, _y, unit, c in self.funding:
            k = 10000 if unit == "wan" else 1
            budget, spend = round(c[3] * k), round(c[5] * k)
            if spend < 0.05 * budget:
                out.add(("SCHOOL_UNDER_5PCT", rel, row, None))
        # a satisfaction score (总体满意度, last column) that is not a whole number from 1 to 5
        for rel, row, c in self.survey:
            if c[-1] not in ("1", "2", "3", "4", "5"):
                out.add(("AMOUNT_INVALID", rel, row, None))
        # NO_TRAINING_IN_YEAR
        online: dict[int, set[tuple[str, str, str]]] = {
            y: {(r[0], r[1][:4], r[1][-4:]) for r in rows}
            | {(r["姓名"], r["证件号码"][:4], r["证件号码"][-4:]) for r in self.platform_credited[y]}
            for y, rows in self.platform.items()
        }
        for rel, row, c in self.roster:
            idn, name, school = c[2], c[1], code_text(c[9])
            for y in self.years:
                marks = self.signin[(school, y)].get(idn)
                if marks is not None or idn in active[y] or (name, idn[:4], idn[-4:]) in online[y]:
                    continue
                out.add(("NO_TRAINING_IN_YEAR", rel, row, y))
        return out


def truth_set(truth: dict) -> set[tuple]:
    return {
        (
            d["rule"],
            d["source_file"],
            d["source_row"],
            d["k"]["year"] if d["rule"] == "NO_TRAINING_IN_YEAR" else None,
        )
        for d in truth["defects"]
    }


MASK_RE = re.compile(r"^\d{4}\*{10}[\dX]{4}$")
SESSION_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\n\S.*$")

# rules whose findings sample_oracle.py recomputes independently from the files
ORACLE_RULES = {
    "ID_INVALID",
    "ID_EXCEL_DAMAGED",
    "MISSING_HOURS",
    "NO_TRAINING_IN_YEAR",
    "GP_OVER_CYCLE_LIMIT",
    "GP_BANNED_REENROLLED",
    "PROJECT_OVER_QUOTA",
    "DUP_SOURCES_DISAGREE",
    "SCHOOL_UNDER_5PCT",
    "AMOUNT_INVALID",
}


def oracle_truth(t: dict) -> set[tuple]:
    """The ground truth of the rules the oracle recomputes."""
    return {f for f in truth_set(t) if f[0] in ORACLE_RULES}


def truth(d: Path) -> dict:
    return json.loads((d / "ground_truth.json").read_text(encoding="utf-8"))


def all_files(d: Path) -> list[str]:
    return sorted(p.relative_to(d).as_posix() for p in d.rglob("*") if p.is_file())


def cell_values(d: Path) -> dict[str, object]:
    out: dict[str, object] = {}
    for rel in all_files(d):
        p = d / rel
        if rel.endswith(".xlsx"):
            wb = CalamineWorkbook.from_path(str(p))
            out[rel] = {
                name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
                for name in wb.sheet_names
            }
        else:
            out[rel] = p.read_bytes()
    return out
