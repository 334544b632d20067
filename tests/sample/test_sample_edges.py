"""The real-world edges in every county the generator writes: each
ground_truth.json ``edges`` entry is checked against the files it names."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sample_oracle import VERSION_MARK_RE, date_value, hours_value, latest_versions, read_rows

from samplegen.edges import EDGE_KINDS

YEARS = [2021, 2022, 2023]


def truth(d: Path) -> dict:
    return json.loads((d / "ground_truth.json").read_text(encoding="utf-8"))


def counties(d: Path) -> set[str]:
    return {f.name.split("_")[0] for f in (d / "funding").glob("*.xlsx")}


class Files:
    """Rows of the files an edge names, read once (1-based row numbers as in ground truth)."""

    def __init__(self, root: Path):
        self.root, self.cache = root, {}

    def rows(self, rel: str) -> list:
        if rel not in self.cache:
            path = self.root / rel
            if path.suffix == ".csv":
                with open(path, encoding="utf-8-sig", newline="") as fh:
                    self.cache[rel] = list(csv.reader(fh))
            else:
                self.cache[rel] = read_rows(path)
        return self.cache[rel]

    def row(self, rel: str, n: int) -> list:
        return self.rows(rel)[n - 1]


def edges_of(d: Path, kind: str) -> list[dict]:
    return [e for e in truth(d)["edges"] if e["kind"] == kind]


def rows_in(e: dict, prefix: str) -> list[tuple[str, int]]:
    return [(f, r) for f, r in e["rows"] if f.startswith(prefix)]


@pytest.mark.parametrize("which", ["sample_dir", "clean_dir"])
def test_every_county_has_every_edge_kind(which: str, request):
    d = request.getfixturevalue(which)
    t = truth(d)
    found = {(e["kind"], e["county"]) for e in t["edges"]}
    assert found == {(k, c) for k in EDGE_KINDS for c in counties(d)}
    for e in t["edges"]:
        assert e["files"] and all((d / f).is_file() for f in e["files"]), e
        assert all(f in e["files"] for f, _ in e["rows"])
    assert t["as_of_date"] == "2023-12-31"


def test_multi_year_project_has_records_in_both_plan_years(sample_dir: Path):
    files = Files(sample_dir)
    for e in edges_of(sample_dir, "multi_year_project"):
        plans = {}
        for f, r in rows_in(e, "plan/"):
            cells = files.row(f, r)
            year = int(f.split("/")[1][:4])
            plans[year] = (cells[0], date.fromisoformat(cells[5]), date.fromisoformat(cells[6]))
        assert sorted(plans) == [2021, 2022]
        assert plans[2021][0] == plans[2022][0]  # one code, two plan years
        assert plans[2021][1:] != plans[2022][1:]
        for year, (_code, start, end) in plans.items():
            assert start.year == end.year == year
        per_year: dict[int, int] = {}
        for f, r in rows_in(e, "provincial/"):
            cells = files.row(f, r)
            year = int(f.removesuffix(".xlsx")[-4:])
            code, start, end = plans[year]
            assert cells[7] == code and cells[15] == "合格"
            assert (date_value(cells[11]), date_value(cells[12])) == (start, end)
            per_year[year] = per_year.get(year, 0) + 1
        assert per_year == {2021: 1, 2022: 2}  # one teacher in both years, one in the second only


def guopei_keys(d: Path) -> set[tuple[str, str]]:
    return {
        (str(c[2]), str(c[7])) for f in (d / "guopei").glob("*.xlsx") for c in read_rows(f)[2:]
    }


def test_provincial_only_guopei_records_have_no_provider_list(sample_dir: Path):
    files, listed = Files(sample_dir), guopei_keys(sample_dir)
    for kind, outcome in (("guopei_provincial_only", "合格"),
                          ("guopei_provincial_only_failed", "不合格")):
        for e in edges_of(sample_dir, kind):
            (cells,) = [c for c in (files.row(f, r) for f, r in rows_in(e, "provincial/"))
                        if c[15] == outcome]
            assert cells[9] == "国培"
            assert (cells[2], cells[7]) not in listed
            assert not list((sample_dir / "guopei").glob(f"*{cells[7]}*"))


def test_provincial_only_failure_then_reenrolment_is_a_planted_ban(sample_dir: Path):
    """The failure bans for 3 years from the training's end; the next year's 国培 falls inside."""
    t, files = truth(sample_dir), Files(sample_dir)
    planted = {(d["rule"], d["source_file"], d["source_row"]) for d in t["defects"]}
    plan = {c[0]: c for y in YEARS for c in read_rows(sample_dir / f"plan/{y}年度培训计划.xlsx")}
    for e in edges_of(sample_dir, "guopei_provincial_only_failed"):
        prov = {files.row(f, r)[15]: (f, r) for f, r in rows_in(e, "provincial/")}
        (gf, gr), = rows_in(e, "guopei/")
        failed, again = files.row(*prov["不合格"]), files.row(gf, gr)
        twin = files.row(*prov["合格"])  # the re-enrolment's provincial record
        assert again[2] == failed[2] == twin[2] and (again[8], again[9]) == ("是", "合格")
        assert twin[7] == again[7] and twin[9] == "国培"
        failed_end = date_value(failed[12])
        again_start = date.fromisoformat(plan[again[7]][5])
        assert failed_end < again_start < failed_end + timedelta(days=3 * 365)
        # the finding points at the winning source's row: the provincial record
        assert ("GP_BANNED_REENROLLED", *prov["合格"]) in planted
        assert ("GP_OVER_CYCLE_LIMIT", *prov["合格"]) in planted  # both in the 2021-2025 cycle


def test_clean_sample_fails_provincial_only_guopei_without_reenrolment(clean_dir: Path):
    for e in edges_of(clean_dir, "guopei_provincial_only_failed"):
        assert [f for f, _ in e["rows"]] == [f for f, _ in rows_in(e, "provincial/")]


def test_guopei_in_both_sources_is_one_enrolment_with_equal_figures(sample_dir: Path):
    files = Files(sample_dir)
    for e in edges_of(sample_dir, "guopei_both_sources"):
        (gf, gr), = rows_in(e, "guopei/")
        (pf, pr), = rows_in(e, "provincial/")
        lst, prov = files.row(gf, gr), files.row(pf, pr)
        assert (lst[2], lst[7]) == (prov[2], prov[7])
        assert (lst[8], lst[9], prov[15]) == ("是", "合格", "合格")
        assert hours_value(lst[10]) == hours_value(prov[13])


def test_two_class_lists_of_one_project_hold_distinct_trainees(sample_dir: Path):
    one, two = sorted((sample_dir / "guopei").glob("*_学员名单_*班.xlsx"), key=lambda p: "二" in p.name)
    assert one.name.endswith("_一班.xlsx") and two.name.endswith("_二班.xlsx")
    assert one.name.removesuffix("_一班.xlsx") == two.name.removesuffix("_二班.xlsx")
    a, b = read_rows(one)[2:], read_rows(two)[2:]
    assert a and b
    assert {r[7] for r in a} == {r[7] for r in b}  # one project
    assert not {r[2] for r in a} & {r[2] for r in b}  # distinct trainees
    assert [r[0] for r in a] == [float(i) for i in range(1, len(a) + 1)]  # each list numbered
    for e in edges_of(sample_dir, "guopei_class_lists"):
        in_county = {f for f, _ in e["rows"]}
        assert in_county == {one.relative_to(sample_dir).as_posix(),
                             two.relative_to(sample_dir).as_posix()}
        files = Files(sample_dir)
        assert {files.row(f, r)[4] for f, r in e["rows"]} == {e["county"]}


def test_records_after_as_of_date_and_a_later_plan(sample_dir: Path):
    t, files = truth(sample_dir), Files(sample_dir)
    as_of = date.fromisoformat(t["as_of_date"])
    for e in edges_of(sample_dir, "after_as_of"):
        (f, r), = rows_in(e, "provincial/")
        cells = files.row(f, r)
        assert date_value(cells[11]) <= as_of < date_value(cells[12])
        (pf, pr), = rows_in(e, "plan/")
        assert files.row(pf, pr)[0] == cells[7]
    for e in edges_of(sample_dir, "later_year_plan"):
        (f, r), = e["rows"]
        assert f == "plan/2024年度培训计划.xlsx"
        assert date.fromisoformat(files.row(f, r)[5]) > as_of


def test_trainings_on_the_school_year_boundary(sample_dir: Path):
    files = Files(sample_dir)
    for e in edges_of(sample_dir, "school_year_boundary"):
        spans = sorted(
            (date_value(c[11]), date_value(c[12]))
            for c in (files.row(f, r) for f, r in rows_in(e, "provincial/"))
        )
        assert len(spans) == 3
        (s1, e1), (s2, e2), (s3, e3) = spans
        y = s1.year
        assert date(y, 8, 15) <= s1 and e1 <= date(y, 8, 31)  # late August
        assert s2 <= date(y, 8, 31) and e2 >= date(y, 9, 1)  # spans 1 September
        assert date(y, 9, 1) <= s3 and e3 <= date(y, 9, 10)  # early September


def test_platform_export_with_credited_hours_beside_minutes(sample_dir: Path):
    files = Files(sample_dir)
    for e in edges_of(sample_dir, "platform_credited_hours"):
        (f,) = e["files"]
        head = files.rows(f)[0]
        assert "获得学时" in head and "学习时长(分钟)" in head
        done = [files.row(f, r) for _, r in e["rows"]]
        i_min, i_h, i_st = head.index("学习时长(分钟)"), head.index("获得学时"), head.index("完成状态")
        finished = [c for c in done if c[i_st] == "已完成"]
        assert finished
        for c in finished:  # hours, not minutes: below the study time, and not minutes / 60
            assert 0 < float(c[i_h]) <= int(c[i_min]) / 60
        assert any(float(c[i_h]) != int(c[i_min]) / 60 for c in finished)


def test_duplicate_copy_is_identical_under_another_name(sample_dir: Path):
    for e in edges_of(sample_dir, "duplicate_copy"):
        a, b = e["files"]
        assert a != b and (sample_dir / a).read_bytes() == (sample_dir / b).read_bytes()


def test_corrected_version_replaces_the_original(sample_dir: Path):
    t = truth(sample_dir)
    marks = set()
    for e in edges_of(sample_dir, "corrected_version"):
        paths = [sample_dir / f for f in e["files"]]
        (new,) = latest_versions(paths)
        (old,) = [p for p in paths if p != new]
        marks.add(VERSION_MARK_RE.search(new.stem).group(0))
        assert new.stat().st_mtime > old.stat().st_mtime
        a, b = read_rows(old), read_rows(new)
        assert len(a) == len(b)
        changed = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        assert len(changed) == 2  # one school's spend (and so the 合计 row)
        assert b[changed[0]][5] > a[changed[0]][5]
        assert a[changed[1]][0] == "合计"
        old_rel = old.relative_to(sample_dir).as_posix()
        assert all(d["source_file"] != old_rel for d in t["defects"])
    assert marks == {"(更正)", "_v2"}
