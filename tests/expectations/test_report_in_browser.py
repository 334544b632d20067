"""The auditors' report opened in headless Debian chromium (file://, no server, no network).

Needs /usr/bin/chromium (`apt-get install -y chromium`; Chinese glyphs need a CJK font such as
`fonts-wqy-microhei`). Playwright's own browser download is never used. The screenshot goes to
$TT_SCREENSHOT_DIR (e.g. reports/screenshots) or the test's tmp folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from dq_sample_warehouse import fake_suite_results, make_warehouse

from expectations.catalogue import load_rule_catalogue
from expectations.report import build_auditors_report

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian chromium at /usr/bin/chromium (apt-get install -y chromium)",
    ),
]


@pytest.fixture
def warehouse_with_history():
    con = make_warehouse(history=True)  # three dbt builds: the per-build charts show
    yield con
    con.close()


def test_report_renders_in_chromium_with_rules_and_working_filter(warehouse_with_history, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    report = build_auditors_report(
        warehouse_with_history, tmp_path / "out", suite_results=fake_suite_results()
    )
    shots = Path(os.environ.get("TT_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(report.as_uri())

            assert page.title() == (
                "教师培训数据质量审计报告 Teacher-training data-quality audit report"
            )
            listed = page.locator("#rule-summary tbody tr").evaluate_all(
                "rows => rows.map(r => r.dataset.rule)"
            )
            assert listed == list(load_rule_catalogue())
            assert (
                page.locator('#rule-summary tr[data-rule="ID_INVALID"] td').nth(3).inner_text()
                == "3"
            )
            assert page.locator("#suite-summary tbody tr").count() == 3
            # the per-build history: one row per dbt build, latest first
            runs = page.locator("table.runs tbody tr")
            assert runs.count() == 3
            assert runs.nth(0).locator("td").nth(4).inner_text() == "0"  # r3 resolved nothing
            assert runs.nth(1).locator("td").nth(4).inner_text() == "1"  # r2 resolved f99

            # the vanilla-JS filter narrows a drill-down table to the matching rows
            page.locator('details[data-rule="NO_TRAINING_IN_YEAR"] summary').click()
            table = page.locator("#drill-NO_TRAINING_IN_YEAR tbody tr")
            assert sum(table.nth(i).is_visible() for i in range(table.count())) == 4
            page.locator('input[data-table="drill-NO_TRAINING_IN_YEAR"]').fill("2023年")
            assert sum(table.nth(i).is_visible() for i in range(table.count())) == 2

            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(shots / "auditors_report.png"), full_page=True)
        finally:
            browser.close()

    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert (shots / "auditors_report.png").stat().st_size > 10_000
