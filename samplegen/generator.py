"""The run: layout, defect plan, counties (in worker processes when split), end-of-run files.

See the package docstring for the planted defects and the conventions that keep clean data clean.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import random
import shutil
import sys
import threading
from collections import defaultdict
from pathlib import Path

import numpy as np

from ingest.policy import Policy, load_policy_model
from samplegen.cells import Sheet
from samplegen.county import CountyFiles
from samplegen.edge_files import EdgeFiles
from samplegen.edges import EdgePlants
from samplegen.layout import make_counties, make_projects, make_schools
from samplegen.lists import EndOfRunFiles
from samplegen.paths import PLATFORM_HEADER, guopei_path, platform_path
from samplegen.plan import n_defects, plan_defects
from samplegen.plants import survey_score_invalid
from samplegen.rates import EXCEL_MAX_ROWS
from samplegen.survey import write_surveys
from samplegen.teacher_year import TeacherYear
from samplegen.teachers import TeacherDraws


def os_thread_count() -> int:
    """Threads of this process, native ones included (Linux /proc; elsewhere Python's count)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


# The idle threads that importing numpy and polars starts; more than these means live pools.
THREADS_AT_IMPORT = os_thread_count()


class Generator(TeacherDraws, CountyFiles, TeacherYear, EndOfRunFiles, EdgePlants, EdgeFiles):
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
        policy: Policy | None = None,
    ):
        if teachers < 20:
            raise ValueError("need at least 20 teachers")
        self.root = Path(out_dir)
        self.n = teachers
        self.seed = seed
        self.years = sorted(years)
        self.clean = clean
        # the plants follow the region's policy (cycle, 国培 ban, annual hours, as_of_date)
        self.policy = policy if policy is not None else load_policy_model()
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

    def run(self) -> dict:
        root = self.root
        root.mkdir(parents=True, exist_ok=True)
        rng = self.rng
        n_counties = max(2, round(self.n / 600))
        self.counties = make_counties(n_counties, rng)
        self.schools = make_schools(self.counties, self.n, rng)
        self.projects = {y: make_projects(y, self.counties, self.n, rng) for y in self.years}
        plans, under, over, extra = plan_defects(
            self.n, self.years, self.schools, self.projects, rng, self.policy
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
        write_surveys(
            root, self.projects, self.seed,
            plants=0 if self.clean else n_defects(survey_score_invalid.RULE, self.n),
            add_defect=self.add_defect,
        )  # fmt: skip
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
            f"(>= {self.policy.annual_hours_guideline * len(self.years):g} counted hours)"
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
    policy: Policy | None = None,
) -> dict:
    """Write the sample landing folder into ``out_dir``; return the ground truth (also written
    to ``out_dir/ground_truth.json``).

    ``split_provincial``: None = one provincial export per county per year only when one file per
    year could exceed Excel's row limit (N > ~262,000), True/False to force. ``workers``: processes
    for the per-county work when the export is split (None = up to 4 CPUs); the output does not
    depend on it. ``policy``: the region policy the plants follow (default: ``load_policy_model()``,
    i.e. TT_POLICY or config/policy.yml)."""
    return Generator(
        Path(out_dir), teachers, seed, list(years), clean, split_provincial, log, workers, policy
    ).run()
