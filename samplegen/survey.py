"""Satisfaction-survey exports (学员满意度调查): one anonymous CSV per 国培 and provincial
project, as a survey platform delivers it. Its own random stream, so adding it changes no other
file of the sample; the planted invalid scores (samplegen.plants.survey_score_invalid) draw from
another, so the clean files stay the same."""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path

from samplegen.layout import Project
from samplegen.plants import survey_score_invalid

HEADER = ["序号", "项目编号", "承训机构", "问卷编号", "提交时间", "总体满意度"]
SCORED_KINDS = ("gp", "prov")
SCORE_COLUMN = HEADER.index("总体满意度")


def survey_path(project: Project) -> str:
    return f"survey/满意度调查_{project.code}_{project.year}.csv"


def _draw(project: Project, r: random.Random) -> list[list]:
    """A project's questionnaires. A provider's scores centre on its own mean (3.2 .. 4.6), so
    the scorecards differ."""
    mean = 3.2 + (sum(map(ord, project.provider)) % 15) / 10
    rows = []
    for i in range(r.randint(8, 30)):
        score = min(5, max(1, round(r.gauss(mean, 0.8))))
        day = project.end + timedelta(days=r.randint(0, 3))
        rows.append([i + 1, project.code, project.provider, f"{project.code}-Q{i + 1:03d}",
                     day.isoformat(), score])  # fmt: skip
    return rows


def write_surveys(
    root: Path,
    projects: dict[int, Iterable[Project]],
    seed: int,
    plants: int = 0,
    add_defect: Callable[..., None] | None = None,
) -> list[Path]:
    """Write one survey file per scored project, `plants` of them with an invalid score (each
    reported through add_defect); return the paths."""
    r = random.Random(seed * 97 + 13)
    drawn = [
        (project, _draw(project, r))
        for year in sorted(projects)
        for project in projects[year]
        if project.kind in SCORED_KINDS
    ]
    planted = survey_score_invalid.choose(seed, [len(rows) for _, rows in drawn], plants)
    paths = []
    for index, (project, rows) in enumerate(drawn):
        if index in planted:
            row, bad = planted[index]
            rows[row][SCORE_COLUMN] = bad
            if add_defect is not None:  # line 1 is the header
                add_defect(survey_score_invalid.RULE, survey_path(project), row + 2,
                           project_code=project.code, year=project.year, score=bad)  # fmt: skip
        path = Path(root) / survey_path(project)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(HEADER)
            writer.writerows(rows)
        paths.append(path)
    return paths
