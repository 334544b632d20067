"""The bureau products' pages opened in headless Debian chromium (file://, no server, no network):
a school appraisal page and a school's training bulletins (one page, a section per project),
built from a hand-written warehouse (the bulletins': school_files_warehouse.py).

Same set-up as test_report_in_browser.py (/usr/bin/chromium, a CJK font; Playwright's own browser
download is never used). Screenshots go to tests/artifacts/ (or $TT_SCREENSHOT_DIR).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from school_files_warehouse import add_school_file_marts
from test_report_in_browser import CHROMIUM, CHROMIUM_ARGS

from expectations.products.appraisal import build_school_appraisal
from expectations.products.school_files import build_school_files

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
COUNTY = "城关区"
SCHOOLS = {"3101000001": "城关第一小学", "3101000002": "城关第二小学"}
INDICATORS = [  # indicator, label, weight
    ("send_rate", "学校送培率", 0.2), ("participation_rate", "教师参训率", 0.2),
    ("pass_rate", "合格率", 0.2), ("school_based_sessions", "校本研修组织实施", 0.15),
    ("backbone_trained", "骨干队伍建设", 0.1), ("credits_certified", "学分管理", 0.15),
]  # fmt: skip
# school -> year -> the six indicator values, in INDICATORS order
VALUES = {
    "3101000001": {2022: [0.5, 0.6, 0.9, 0.5, 0.2, 0.8], 2023: [1.0, 0.8, 0.95, 0.8, 0.3, 0.9]},
    "3101000002": {2022: [0.4, 0.7, 0.8, 0.25, 0.1, 0.6], 2023: [0.5, 0.6, 1.0, 0.5, 0.2, 1.0]},
}


def _appraisal_rows() -> tuple[list[tuple], list[tuple]]:
    """mart_school_appraisal and _score rows of the two schools: median, rank and change worked
    out from VALUES (two schools: the median is their mean; a tie shares rank 1)."""
    details, scores = [], []
    for year in (2022, 2023):
        for school in SCHOOLS:
            total = 0.0
            for i, (ind, label, weight) in enumerate(INDICATORS):
                value = VALUES[school][year][i]
                other = next(VALUES[s][year][i] for s in SCHOOLS if s != school)
                rank = 1 if value >= other else 2
                last = VALUES[school].get(year - 1)
                change = None if last is None else value - last[i]
                points = 100 * weight * min(value, 1)
                total += points
                details.append((school, year, COUNTY, ind, label, i + 1, weight, value,
                                (value + other) / 2, rank, 2, change, points))  # fmt: skip
            scores.append((school, year, COUNTY, total))
    out = []
    for school, year, county, total in scores:
        others = [t for s, y, _, t in scores if y == year]
        last = next((t for s, y, _, t in scores if s == school and y == year - 1), None)
        rank = 1 + sum(t > total for t in others)
        out.append((school, year, county, total, sum(others) / 2, rank,
                    None if last is None else total - last))  # fmt: skip
    return details, out


@pytest.fixture
def products_warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create table main.int_schools (school_code varchar, school_name varchar)")
    con.executemany("insert into main.int_schools values (?, ?)", list(SCHOOLS.items()))
    con.execute(
        "create table main.mart_school_appraisal (school_code varchar, year integer, "
        "county varchar, indicator varchar, indicator_zh varchar, indicator_order integer, "
        "weight double, value double, county_median double, rank_in_county integer, "
        "schools_ranked integer, change_from_last_year double, weighted_points double)"
    )
    con.execute(
        "create table main.mart_school_appraisal_score (school_code varchar, year integer, "
        "county varchar, weighted_score double, county_median double, rank_in_county integer, "
        "change_from_last_year double)"
    )
    details, scores = _appraisal_rows()
    con.executemany(f"insert into main.mart_school_appraisal values ({', '.join('?' * 13)})",
                    details)  # fmt: skip
    con.executemany("insert into main.mart_school_appraisal_score values (?, ?, ?, ?, ?, ?, ?)",
                    scores)  # fmt: skip
    add_school_file_marts(con)
    yield con
    con.close()


def _open(browser, path: Path) -> tuple:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    return page, requests, errors


def test_appraisal_page_and_bulletin_render_in_chromium(products_warehouse, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "products"
    appraisal = build_school_appraisal(products_warehouse, out)[0]
    bulletin = next(p for p in build_school_files(products_warehouse, out) if p.suffix == ".html")
    shots = Path(os.environ.get("TT_SCREENSHOT_DIR") or ARTIFACTS)
    shots.mkdir(parents=True, exist_ok=True)
    seen: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=CHROMIUM_ARGS)  # fmt: skip
        try:
            page, requests, errors = _open(browser, appraisal)
            assert page.title() == "学校教师培训工作考核 School appraisal scorecard"
            # the county ranking chart: one bar per school, the higher 2023 score first
            chart = page.locator(f'svg[aria-label="{COUNTY} 2023"]')
            assert chart.count() == 1
            labels = chart.locator("text").all_text_contents()
            assert "1. 城关第一小学" in labels and "2. 城关第二小学" in labels
            # S1 2023: 100 x (0.2 + 0.2 x 0.8 + 0.2 x 0.95 + 0.15 x 0.8 + 0.1 x 0.3 + 0.15 x 0.9)
            assert "83.5" in labels
            school = page.locator("section.school").first
            assert school.locator("h2").inner_text() == "城关第一小学(3101000001) 2023"
            # 2022: 100 x (0.2 x 0.5 + 0.2 x 0.6 + 0.2 x 0.9 + 0.15 x 0.5 + 0.1 x 0.2 + 0.15 x 0.8)
            # = 61.5; S2 2023: 66.5, so the median of the two is 75.0
            assert school.locator("p.score").inner_text() == (
                "综合得分 Score 83.5(县中位数 75.0,县内排名 1 / 2,较上年 +22.0)"
            )
            rows = school.locator("tbody tr")
            assert rows.count() == 6
            first = rows.nth(0).locator("td").all_inner_texts()
            # 学校送培率 1.0 against 0.5: median 75%, rank 1 of 2, +50 points from 2022's 0.5
            assert first[0] == "学校送培率" and first[3:7] == ["100.0%", "75.0%", "1 / 2",
                                                          "+50.0 个百分点"]  # fmt: skip
            assert school.locator("svg.spark polyline").count() == 6  # one trend per indicator
            page.screenshot(path=str(shots / "product_school_appraisal.png"), full_page=True)
            seen += requests
            assert errors == []

            page, requests, errors = _open(browser, bulletin)
            assert page.locator("h1").inner_text() == "培训通报 · 城关第一小学(3101000001)"
            assert page.locator(".restricted").inner_text() == "内部资料 RESTRICTED"
            # S1's two closed projects, GP1 first; each printed on a page of its own
            sections = page.locator("section.project")
            assert sections.locator("h2").all_inner_texts() == [
                "2023年 国培示范项目(GP1)", "2023年 县级全员培训(P2023)"
            ]  # fmt: skip
            breaks = sections.evaluate_all(
                "els => els.map(e => getComputedStyle(e).breakBefore)"
            )  # fmt: skip
            assert breaks == ["auto", "page"]
            p2023 = sections.nth(1)
            trainees = p2023.locator("table").nth(0).locator("tbody tr")
            assert [trainees.nth(i).locator("td").all_inner_texts() for i in range(2)] == [
                ["林斌", "6101**********0218", "是", "合格", "12.0", "12.0"],
                ["王芳", "6101**********0220", "是", "不合格", "10.0", "0.0"],
            ]  # fmt: skip
            rates = p2023.locator("table").nth(1).locator("tbody tr")
            assert rates.nth(0).locator("td").all_inner_texts() == [
                "本校 城关第一小学", "2", "100.0%", "50.0%"
            ]  # fmt: skip
            assert rates.nth(1).locator("td").all_inner_texts() == [
                f"全县 {COUNTY}", "4", "75.0%", "66.7%"
            ]  # fmt: skip
            assert "张伟" not in page.content()  # S2's trainee of the same project
            page.screenshot(path=str(shots / "product_bulletin.png"), full_page=True)
            seen += requests
            assert errors == []
        finally:
            browser.close()

    assert [u for u in seen if not u.startswith(("file:", "data:"))] == []
    assert (shots / "product_school_appraisal.png").stat().st_size > 10_000
