"""What a school receives (RESTRICTED, like the correction workbooks: names and masked ID
numbers from restricted.restricted_teacher_directory; sent to that school only, never
published): one workbook per school with its training bulletins (培训通报: its trainees of
every closed project, grouped by project, and per project the school's and the county's rates)
and its 360-hour warning list, plus one printable page per school with a section per project.

One file per school rather than per (project, school) pair: at a province's size the pairs
run to hundreds of thousands of files, and a file's fixed cost, not its rows, made the step
slow. Each product is one query for all schools, ordered by school and streamed, so memory
stays at a batch of rows and one school's files.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any, NamedTuple

from expectations.products import bulletin, early_warning
from expectations.products.page import page
from expectations.products.schools import file_stem, school_names
from expectations.products.sheets import Layout

FOLDER = Path("restricted") / "schools"
# the layout before one file per school: its files would be stale beside the new ones
OLD_FOLDERS = (Path("restricted") / "bulletins", Path("restricted") / "early_warning")
WORKBOOK_SUFFIX = "培训通报与预警名单.xlsx"
PAGE_SUFFIX = "培训通报.html"
BATCH = 20_000  # rows fetched at a time


def _grouped(con: Any, sql: str) -> Iterator[tuple[str, list[tuple]]]:
    """(school_code, its rows without the school column) from sql ordered by school_code,
    fetched in batches on a cursor of its own (the streams are read side by side)."""
    cursor = con.cursor()
    try:
        cursor.execute(sql)

        def rows() -> Iterator[tuple]:
            while batch := cursor.fetchmany(BATCH):
                yield from batch

        for school, group in groupby(rows(), key=lambda r: r[0]):
            yield school, [r[1:] for r in group]
    finally:
        cursor.close()


def _merged(streams: Sequence[Iterator[tuple[str, list[tuple]]]]) -> Iterator[tuple]:
    """Merge streams ordered by school: (school, rows of stream 1, rows of stream 2, ...),
    [] where a stream has no rows for that school."""
    heads = [next(s, None) for s in streams]
    while any(h is not None for h in heads):
        school = min(h[0] for h in heads if h is not None)
        parts = []
        for i, head in enumerate(heads):
            if head is not None and head[0] == school:
                parts.append(head[1])
                heads[i] = next(streams[i], None)
            else:
                parts.append([])
        yield (school, *parts)


def _layout(with_bulletins: bool, with_warning: bool) -> Layout:
    """The schools' workbook: the bulletin sheets and the warning list, as far as built."""
    sheets: list[tuple[str, tuple[str, ...]]] = []
    if with_bulletins:
        sheets += [("培训通报", bulletin.TRAINEE_HEADERS), ("参训率与合格率", bulletin.RATE_HEADERS)]
    if with_warning:
        sheets.append(("360学时预警名单", early_warning.TEACHER_HEADERS))
    return Layout(sheets, titled=True)


def _rows(
    projects: list[bulletin.Project], warning: list[tuple], with_bulletins: bool, with_warning: bool
) -> list[list[tuple]]:
    """The school's rows in _layout's sheet order."""
    rows = [bulletin.trainee_rows(projects), bulletin.rate_rows(projects)] if with_bulletins else []
    return rows + [warning] if with_warning else rows


def _page(title: str, projects: list[bulletin.Project], school_name: str) -> str:
    note = "每个项目一份通报(打印时各占一页);限本校使用,不得公开。"
    return page(
        title,
        note,
        ['<p class="restricted">内部资料 RESTRICTED</p>']
        + [bulletin.project_section(p, school_name) for p in projects],
    )


def _clear(out_dir: Path) -> Path:
    folder = out_dir / FOLDER
    for old in OLD_FOLDERS:
        shutil.rmtree(out_dir / old, ignore_errors=True)
    for stale in [*folder.glob("*.xlsx"), *folder.glob("*.html")]:
        stale.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class School(NamedTuple):
    code: str
    name: str
    projects: list[bulletin.Project]
    warning: list[tuple]


def _write_school(
    layout: Layout, folder: Path, sheets: tuple[bool, bool], school: School
) -> list[Path]:
    """The school's workbook, and its bulletins' page when it has closed projects; sheets:
    whether the bulletins and the warning list are built."""
    stem = file_stem(school.code, school.name) + "_"
    title = f"{school.name}({school.code}) 培训通报与360学时预警名单 · 限本校使用,不得公开"
    rows = _rows(school.projects, school.warning, *sheets)
    paths = [layout.write(folder / (stem + WORKBOOK_SUFFIX), rows, title)]
    if school.projects:
        html = folder / (stem + PAGE_SUFFIX)
        heading = f"培训通报 · {school.name}({school.code})"
        html.write_text(_page(heading, school.projects, school.name), "utf-8")
        paths.append(html)
    return paths


def _schools(con: Any, with_bulletins: bool, with_warning: bool) -> Iterator[School]:
    names = school_names(con)
    streams = [
        _grouped(con, bulletin.RATES_SQL) if with_bulletins else iter(()),
        _grouped(con, bulletin.TRAINEES_SQL) if with_bulletins else iter(()),
        _grouped(con, early_warning.WARNING_LIST_SQL) if with_warning else iter(()),
    ]
    for code, rates, trainees, warning in _merged(streams):
        yield School(code, names.get(code, ""), bulletin.projects(rates, trainees), warning)


def build_school_files(con: Any, out_dir: Path) -> list[Path]:
    """Write every school's restricted workbook (and its bulletins' page, when it has closed
    projects) under out_dir/restricted/schools/; files of an earlier run are replaced. [] when
    neither the bulletins nor the early warning (with the restricted directory) is built."""
    with_bulletins = bulletin.available(con)
    with_warning = early_warning.warning_list_available(con)
    if not (with_bulletins or with_warning):
        return []
    folder = _clear(Path(out_dir))
    layout = _layout(with_bulletins, with_warning)
    sheets = (with_bulletins, with_warning)
    return [
        path
        for school in _schools(con, with_bulletins, with_warning)
        for path in _write_school(layout, folder, sheets, school)
    ]
