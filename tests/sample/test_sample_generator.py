"""The sample generator: contract paths and shapes, planted cells, and ground truth that is
exactly what an independent reading of the files finds."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sample_oracle import (
    MASK_RE,
    PROVINCIAL_HEADER,
    SEED,
    SESSION_RE,
    Landing,
    N,
    all_files,
    code_text,
    hours_value,
    id_problem,
    oracle_truth,
    read_rows,
    truth,
)

from ingest.idnumber import birth_date_of, has_valid_checksum
from samplegen.rates import RATES

YEARS = [2021, 2022, 2023]
# every rule the generator plants (the dq pipeline tests check the ones the oracle does not)
ALL_RULES = set(RATES)


# -- paths and shapes ----------------------------------------------------------------------------


def test_contract_paths_exist(sample_dir: Path):
    files = set(all_files(sample_dir))
    assert "ground_truth.json" in files
    for y in YEARS:
        assert f"provincial/省平台学时导出_{y}.xlsx" in files
        assert f"platform/网络研修学习记录_{y}.csv" in files
        assert f"plan/{y}年度培训计划.xlsx" in files
        assert f"plan/{y}年名额分配.xlsx" in files
        assert len([f for f in files if f.startswith(f"guopei/国培_GP{y}")]) >= 2
        # one satisfaction survey per 国培 and provincial project
        assert f"survey/满意度调查_GP{y}001_{y}.csv" in files
        assert f"survey/满意度调查_SP{y}001_{y}.csv" in files
    schools = sorted(p.name for p in (sample_dir / "schools").iterdir())
    assert len(schools) == N // 50
    for code in schools:
        assert len(code) == 10 and code.isdigit()
        assert f"schools/{code}/教师花名册.xlsx" in files
        for y in YEARS:
            assert f"schools/{code}/校本研修签到_{y}.xlsx" in files
    counties = {f.split("/")[1].split("_")[0] for f in files if f.startswith("funding/")}
    assert counties == {"临渭区", "华州区"}
    for c in counties:
        for y in YEARS:
            assert f"funding/{c}_{y}年学校培训经费.xlsx" in files
    # nothing outside the contract's folders
    assert {f.split("/")[0] for f in files} == {
        "ground_truth.json",
        "provincial",
        "platform",
        "guopei",
        "schools",
        "funding",
        "plan",
        "survey",
    }


def test_provincial_export_shape(sample_dir: Path):
    rows = read_rows(sample_dir / "provincial/省平台学时导出_2022.xlsx")
    assert "2022" in rows[0][0] and all(c == "" for c in rows[0][1:])
    assert rows[1][0].startswith("导出时间:2023-01-")
    assert rows[2] == PROVINCIAL_HEADER
    assert rows[-2][0] == "合计"
    assert rows[-1][0].startswith("注:")
    records = rows[3:-2]
    assert [r[0] for r in records] == [float(i) for i in range(1, len(records) + 1)]
    # the 合计 row sums the registered hours of the records
    assert rows[-2][13] == pytest.approx(sum(hours_value(r[13]) or 0 for r in records))
    # realistic messy formats are present
    assert any(isinstance(r[13], str) and r[13].endswith("学时") for r in records)
    starts = [r[11] for r in records]
    assert any(not isinstance(s, str) for s in starts)  # real Excel date cells
    assert any(isinstance(s, str) and "年" in s for s in starts)
    assert any(isinstance(s, str) and "." in s for s in starts)
    assert any(isinstance(s, str) and "/" in s for s in starts)
    levels = {r[9] for r in records}
    assert {"国培", "省培", "市培"} <= levels and levels & {"县培", "区培"}
    assert {r[15] for r in records} <= {"合格", "优秀", "不合格", "未参训", "劝退"}
    assert {r[16] for r in records} == {"已认定", "审核通过", "待审核", "驳回"}


def test_other_headers(sample_dir: Path):
    with open(sample_dir / "platform/网络研修学习记录_2021.csv", "rb") as fh:
        raw = fh.read()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    lines = raw.decode("gbk").splitlines()
    assert lines[0] == "姓名,证件号码,单位,课程名称,项目编号,学习时长(分钟),完成状态,最后学习时间"
    for line in lines[1:]:
        cells = line.split(",")
        assert MASK_RE.match(cells[1]), cells[1]
        assert int(cells[5]) > 0 and cells[6] in ("已完成", "未完成")

    g = sorted((sample_dir / "guopei").glob("*.xlsx"))[0]
    rows = read_rows(g)
    assert rows[0][0].startswith("国培计划(2021)——")
    assert rows[0][0].endswith(("学员名单", "学员名单(一班)"))
    assert rows[1] == [
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
    for r in rows[2:]:
        assert r[8] in ("是", "否")
        assert (
            (r[9] in ("合格", "不合格", "劝退")) if r[8] == "是" else (r[9] == "" and r[10] == "")
        )

    code = sorted(p.name for p in (sample_dir / "schools").iterdir())[0]
    rows = read_rows(sample_dir / f"schools/{code}/教师花名册.xlsx")
    assert rows[1] == [
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
    assert {code_text(r[9]) for r in rows[2:]} == {code}
    assert {r[12] for r in rows[2:]} <= {"乡村", "城镇"}

    rows = read_rows(sample_dir / f"schools/{code}/校本研修签到_2022.xlsx")
    assert f"(学校代码:{code})2022年校本研修签到表" in rows[0][0]
    assert rows[1][:3] == ["序号", "姓名", "身份证号"]
    sessions = rows[1][3:]
    assert 8 <= len(sessions) <= 12 and all(SESSION_RE.match(s) for s in sessions)
    assert rows[2][0] == "学时" and rows[2][1:3] == ["", ""]
    assert all(2 <= h <= 4 for h in rows[2][3:])
    assert all(set(r[3:]) <= {"√", "×", "请假", ""} and "√" in r[3:] for r in rows[3:])

    units = set()
    for f in sorted((sample_dir / "funding").glob("*.xlsx")):
        rows = read_rows(f)
        unit = "万元" if "(万元)" in rows[1][3] else "元"
        units.add(unit)
        assert rows[1] == [
            "学校代码",
            "学校名称",
            "县区",
            f"公用经费预算总额({unit})",
            f"教职工工资总额({unit})",
            f"培训经费支出合计({unit})",
            "差旅费",
            "伙食补助费",
            "资料费",
            "住宿费",
            "培训费",
        ]
        assert rows[0][0].endswith("年学校教师培训经费统计表")
        assert rows[-2][0] == "合计" and rows[-1][0].startswith("注:")
        k = 10000 if unit == "万元" else 1
        for r in rows[2:-2]:
            # exact to the yuan, items add up to the total
            yuan = [round(v * k) for v in r[3:]]
            assert all(abs(v * k - y) < 1e-6 for v, y in zip(r[3:], yuan, strict=True))
            assert sum(yuan[3:]) == yuan[2]
    assert units == {"元", "万元"}

    rows = read_rows(sample_dir / "plan/2023年度培训计划.xlsx")
    assert rows[0][0] == "2023年度教师培训项目计划"
    assert rows[1] == [
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
    rows = read_rows(sample_dir / "plan/2023年名额分配.xlsx")
    assert rows[0][0] == "2023年教师培训名额分配表"
    assert rows[1] == ["项目编号", "项目名称", "学校代码", "学校名称", "分配名额"]
    assert any(isinstance(r[2], float) for r in rows[2:])  # school codes as numeric cells


def test_allocations_sum_to_planned(sample_dir: Path):
    for y in YEARS:
        planned = {
            r[0]: int(r[9]) for r in read_rows(sample_dir / f"plan/{y}年度培训计划.xlsx")[2:]
        }
        alloc: dict[str, int] = {}
        for r in read_rows(sample_dir / f"plan/{y}年名额分配.xlsx")[2:]:
            alloc[r[0]] = alloc.get(r[0], 0) + int(r[4])
        # an over-quota project's schools keep the seats they filled: more than planned
        over = {
            d["k"]["project_code"]
            for d in truth(sample_dir)["defects"]
            if d["rule"] == "PROJECT_OVER_QUOTA" and d["k"]["year"] == y
        }
        assert all(alloc[c] > planned[c] for c in over)
        assert {c: n for c, n in alloc.items() if c not in over} == {
            c: n for c, n in planned.items() if c not in over
        }


# -- determinism ---------------------------------------------------------------------------------


def test_ground_truth_format(sample_dir: Path):
    t = truth(sample_dir)
    assert set(t) == {"seed", "teachers", "years", "as_of_date", "defects", "edges"}
    assert (t["seed"], t["teachers"], t["years"]) == (SEED, N, YEARS)
    assert {d["rule"] for d in t["defects"]} == ALL_RULES
    for d in t["defects"]:
        assert set(d) == {"rule", "source_file", "source_row", "k"}
        assert (sample_dir / d["source_file"]).is_file()
        assert isinstance(d["source_row"], int) and d["source_row"] >= 3
    keys = [
        (d["rule"], d["source_file"], d["source_row"], d["k"].get("year")) for d in t["defects"]
    ]
    assert len(keys) == len(set(keys))


def test_planted_cells(sample_dir: Path):
    """Every defect's source_row holds the planted value."""
    cache: dict[str, list] = {}

    def row_of(d):
        if d["source_file"] not in cache:
            path = sample_dir / d["source_file"]
            if path.suffix == ".csv":  # header on line 1; the platform export is GBK
                encoding = "utf-8-sig" if d["source_file"].startswith("survey/") else "gbk"
                with open(path, encoding=encoding, newline="") as fh:
                    cache[d["source_file"]] = list(csv.reader(fh))
            else:
                cache[d["source_file"]] = read_rows(path)
        return cache[d["source_file"]][d["source_row"] - 1]

    for d in truth(sample_dir)["defects"]:
        r, k, rule = row_of(d), d["k"], d["rule"]
        if rule == "ID_EXCEL_DAMAGED":
            cell = r[2]
            if isinstance(cell, float):
                assert cell == float(int(k["id_number"]))  # shows as 6.10502E+17
            else:
                assert cell == k["id_number"][:15] + "000" and not has_valid_checksum(cell)
            assert r[7] == k["project_code"] and r[9] in ("县培", "区培")
        elif rule == "ID_INVALID":
            cell = r[2]
            assert isinstance(cell, str) and len(cell) == 18 and cell != k["id_number"]
            assert cell[:6] == k["id_number"][:6]
            assert (not has_valid_checksum(cell)) or birth_date_of(cell) is None
            assert not (cell.endswith("000"))
        elif rule == "MISSING_HOURS":
            assert r[2] == k["id_number"] and r[15] == "合格" and r[13] in ("", 0.0)
        elif rule == "NO_TRAINING_IN_YEAR":
            assert r[2] == k["id_number"] and code_text(r[9]) == k["school_code"]
        elif rule in (
            "GP_OVER_CYCLE_LIMIT", "GP_BANNED_REENROLLED", "GP_INELIGIBLE_TRAINEE",
            "GP_ANNUAL_HOURS_MET",
        ):  # the winning source of an attended 国培 enrolment: its provincial-export record
            assert d["source_file"].startswith("provincial/")
            assert r[2] == k["id_number"] and r[7] == k["project_code"]
            assert (r[9], r[15]) == ("国培", "合格")
        elif rule == "DUP_SOURCES_DISAGREE":
            assert r[2] == k["id_number"] and r[7] == k["project_code"] and r[8] == "是"
        elif rule == "PROJECT_OVER_QUOTA":
            assert (
                r[0] == k["project_code"]
                and d["source_file"] == f"plan/{k['year']}年度培训计划.xlsx"
            )
        elif rule == "SCHOOL_UNDER_5PCT":
            assert code_text(r[0]) == k["school_code"]
            assert r[5] / r[3] < 0.05
        elif rule == "HOURS_NEGATIVE":
            assert r[2] == k["id_number"] and r[13] < 0
        elif rule in ("HOURS_OVER_PROJECT", "HOURS_OVER_DAILY_MAX", "UNKNOWN_TEACHER"):
            assert r[2] == k["id_number"] and r[7] == k["project_code"]
        elif rule == "KPI_PASSED_NOT_ATTENDED":
            assert r[2] == k["id_number"] and (r[8], r[9]) == ("否", "合格")
        elif rule == "SIGNIN_SESSION_NO_HOURS":
            assert r[0] == "学时" and "" in r[3:]
        elif rule == "PROJECT_NO_HOURS":
            assert r[0] == k["project_code"] and r[7] in ("", None)
        elif rule == "SCHOOL_OVER_ALLOCATION":
            assert r[0] == k["project_code"] and code_text(r[2]) == k["school_code"]
        elif rule == "FUNDING_UNIT_SUSPECT":
            assert code_text(r[0]) == k["school_code"]
        elif rule == "COUNTY_UNDER_1_5PCT":
            assert r[0] == "合计"
        elif rule == "AMOUNT_INVALID":  # a satisfaction score off the 1..5 scale
            assert r[1] == k["project_code"] and r[5] == k["score"]
            assert r[5] not in ("1", "2", "3", "4", "5")
        elif rule == "PLATFORM_ID_UNRESOLVED":
            assert r[4] == k["project_code"] and r[1][:4] == k["id_number"][:4]


def test_ground_truth_is_exactly_what_the_files_show(sample_dir: Path):
    land = Landing.read(sample_dir, YEARS)
    assert land.findings() == oracle_truth(truth(sample_dir))


def test_clean_has_no_defects_but_keeps_messy_formats(clean_dir: Path):
    t = truth(clean_dir)
    assert t["defects"] == []
    land = Landing.read(clean_dir, YEARS)
    assert land.findings() == set()
    # every ID is valid where IDs are written in full
    ids = (
        [c[2] for _, _, c in land.provincial]
        + [c[2] for _, _, c in land.guopei]
        + [c[2] for _, _, c in land.roster]
    )
    assert all(isinstance(i, str) and id_problem(i) is None for i in ids)
    for marks in land.signin.values():
        for idn in marks:
            assert has_valid_checksum(idn)
    # realistic shapes survive --clean
    assert any(isinstance(c[0], float) for _, _, _, _, c in land.funding)  # numeric school codes
    assert {u for _, _, _, u, _ in land.funding} == {"yuan", "wan"}
    assert all(MASK_RE.match(r[1]) for rows in land.platform.values() for r in rows)
    # every roster teacher has a √ in every year's matrix
    for _, _, c in land.roster:
        for y in YEARS:
            assert "√" in land.signin[(code_text(c[9]), y)][c[2]]


def test_clean_data_mostly_on_track(clean_dir: Path):
    """Roughly 70-80% of teachers reach 72 counted hours a year on average; some are far behind."""
    land = Landing.read(clean_dir, YEARS)
    assert len(land.roster) == N
    assert {c[5] for _, _, c in land.roster} == {"幼儿园", "小学", "初中", "高中"}
    share_rural = sum(1 for _, _, c in land.roster if c[12] == "乡村") / len(land.roster)
    assert 0.2 < share_rural < 0.9
    hours: dict[str, float] = {c[2]: 0.0 for _, _, c in land.roster}
    by_mask = {(c[1], c[10], c[2][:4], c[2][-4:]): c[2] for _, _, c in land.roster}
    for d in (clean_dir / "schools").iterdir():
        for y in YEARS:
            rows = read_rows(d / f"校本研修签到_{y}.xlsx")
            for r in rows[3:]:
                hours[r[2]] += sum(h for h, m in zip(rows[2][3:], r[3:], strict=True) if m == "√")
    for _, _, c in land.provincial:  # 国培 twins are counted once, from here
        if c[15] in ("合格", "优秀") and c[16] in ("已认定", "审核通过"):
            hours[c[2]] += hours_value(c[13])
    for rows in land.platform.values():
        for r in rows:
            if r[6] == "已完成":
                hours[by_mask[(r[0], r[2], r[1][:4], r[1][-4:])]] += int(r[5]) / 60
    for credited in land.platform_credited.values():  # 获得学时: credited hours, in hours
        for r in credited:
            mask = r["证件号码"]
            hours[by_mask[(r["姓名"], r["单位"], mask[:4], mask[-4:])]] += float(r["获得学时"])
    need = 72 * len(YEARS)
    on_track = sum(1 for h in hours.values() if h >= need) / N
    far_behind = sum(1 for h in hours.values() if h < 0.6 * need) / N
    assert 0.65 <= on_track <= 0.85, on_track
    assert far_behind >= 0.05, far_behind
