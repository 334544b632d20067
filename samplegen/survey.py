"""Satisfaction-survey exports (学员满意度调查): one anonymous CSV per 国培 and provincial
project, as a survey platform delivers it. Its own random stream, so adding it changes no other
file of the sample."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

from samplegen.layout import Project

HEADER = ["序号", "项目编号", "承训机构", "问卷编号", "提交时间", "总体满意度"]
SCORED_KINDS = ("gp", "prov")


def survey_path(project: Project) -> str:
    return f"survey/满意度调查_{project.code}_{project.year}.csv"


def write_surveys(root: Path, projects: dict[int, Iterable[Project]], seed: int) -> list[Path]:
    """Write one survey file per scored project; return the paths. A provider's scores centre on
    its own mean (3.2 .. 4.6), so the scorecards differ."""
    r = random.Random(seed * 97 + 13)
    paths = []
    for year in sorted(projects):
        for project in projects[year]:
            if project.kind not in SCORED_KINDS:
                continue
            mean = 3.2 + (sum(map(ord, project.provider)) % 15) / 10
            path = Path(root) / survey_path(project)
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\r\n")
                writer.writerow(HEADER)
                for i in range(r.randint(8, 30)):
                    score = min(5, max(1, round(r.gauss(mean, 0.8))))
                    day = project.end + timedelta(days=r.randint(0, 3))
                    writer.writerow(
                        [i + 1, project.code, project.provider, f"{project.code}-Q{i + 1:03d}",
                         day.isoformat(), score]
                    )  # fmt: skip
            paths.append(path)
    return paths
