"""The auditors' HTML report: counts per rule, county and school match the hand-written
findings, it shows the suite results, and it is self-contained (nothing from a network)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from dq_sample_warehouse import EXPECTED_RULE_COUNTS, fake_suite_results

import expectations.report.build as report
from expectations.catalogue import load_rule_catalogue
from expectations.report import build_auditors_report
from expectations.suites import run_mart_suites


class _Rows(HTMLParser):
    """Collect the attributes and cell texts of every <tr> inside the table with a given id."""

    def __init__(self, table_id: str):
        super().__init__()
        self.table_id, self.depth, self.rows = table_id, 0, []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (self.depth or attrs.get("id") == self.table_id):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append((attrs, []))
        elif self.depth and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self._cell is not None:
            self.rows[-1][1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _table(html: str, table_id: str) -> list[tuple[dict, list[str]]]:
    parser = _Rows(table_id)
    parser.feed(html)
    return parser.rows


def test_summary_lists_every_catalogued_rule_with_its_count(warehouse, tmp_path):
    path = build_auditors_report(warehouse, tmp_path)

    assert path == tmp_path / "auditors_report.html"
    html = path.read_text(encoding="utf-8")
    rows = {
        a["data-rule"]: int(a["data-count"])
        for a, _ in _table(html, "rule-summary")
        if "data-rule" in a
    }
    expected = {rule: EXPECTED_RULE_COUNTS.get(rule, 0) for rule in load_rule_catalogue()}
    assert rows == expected  # all 9 contract rules, zero for the two without findings
    cells = {a["data-rule"]: c for a, c in _table(html, "rule-summary") if "data-rule" in a}
    assert cells["ID_INVALID"][1].startswith("身份证号无效")
    assert cells["ID_INVALID"][4] == "2"  # schools affected: S001, S002
    assert "warn" in cells["NO_TRAINING_IN_YEAR"][2]


def test_counts_by_county_and_school_match_the_findings(warehouse, tmp_path):
    html = build_auditors_report(warehouse, tmp_path).read_text(encoding="utf-8")

    county = {c[0]: c[1:4] for a, c in _table(html, "by-county") if "data-key" in a}
    # errors, warns, total
    assert county == {
        "长安区": ["2", "4", "6"],
        "雁塔区": ["4", "1", "5"],
        "局级（无学校）Bureau level": ["2", "0", "2"],
    }
    schools = {
        a["data-key"]: int(a["data-total"]) for a, _ in _table(html, "by-school") if "data-key" in a
    }
    assert schools == {"S002": 6, "S001": 5, "": 2}


def test_drilldown_holds_each_finding_with_its_source_row(warehouse, tmp_path):
    html = build_auditors_report(warehouse, tmp_path).read_text(encoding="utf-8")

    rows = _table(html, "drill-NO_TRAINING_IN_YEAR")[1:]
    assert len(rows) == 4
    assert ["S002", "", "", "2023", "schools/S002/教师花名册.xlsx", "7"] == rows[3][1][2:8]
    gp = _table(html, "drill-GP_OVER_CYCLE_LIMIT")[1:]
    assert gp[0][1][6:9] == ["guopei/国培_P001_学员名单.xlsx", "3", "本周期第2次参加国培"]


def test_drilldown_is_capped_and_says_so(warehouse, tmp_path, monkeypatch):
    monkeypatch.setattr(report, "MAX_ROWS_PER_RULE", 2)
    html = build_auditors_report(warehouse, tmp_path).read_text(encoding="utf-8")

    assert len(_table(html, "drill-NO_TRAINING_IN_YEAR")) == 1 + 2
    assert "仅列出前 2 条，共 4 条" in html
    # the summary still counts all of them
    assert 'data-rule="NO_TRAINING_IN_YEAR" data-count="4"' in html


def test_report_shows_a_real_gx_failure_with_its_unexpected_count(warehouse, policy, tmp_path):
    warehouse.execute(
        "update main.mart_project_year_participation set pass_rate = 1.2 where project_code = 'P002'"
    )
    results = run_mart_suites(warehouse, policy, marts=["mart_project_year_participation"])
    html = build_auditors_report(warehouse, tmp_path, suite_results=results).read_text(
        encoding="utf-8"
    )

    statuses = {
        a["data-mart"]: a["data-status"]
        for a, _ in _table(html, "suite-summary")
        if "data-mart" in a
    }
    assert statuses == {"mart_project_year_participation": "fail"}
    details = [c for _, c in _table(html, "suite-details")[1:]]
    # pass_rate out of [0, 1] (that 1.2 is not passed / attended is the mart's dbt test)
    assert sorted(d[3:5] for d in details) == [["pass_rate", "1"]]


def test_report_lists_pass_fail_error_per_mart_and_the_raised_message(warehouse, tmp_path):
    html = build_auditors_report(warehouse, tmp_path, suite_results=fake_suite_results()).read_text(
        encoding="utf-8"
    )

    rows = {
        a["data-mart"]: (a["data-status"], c)
        for a, c in _table(html, "suite-summary")
        if "data-mart" in a
    }
    assert {m: s for m, (s, _) in rows.items()} == {
        "mart_teacher_cycle_credits": "error",
        "mart_school_year_funding": "pass",
        "mart_project_year_participation": "fail",
    }
    # expectations, pass, fail, error
    assert rows["mart_teacher_cycle_credits"][1][3:7] == ["2", "1", "0", "1"]
    details = [c for _, c in _table(html, "suite-details")[1:]]
    assert [d[1] for d in details] == ["出错 error", "未通过 fail"]
    assert 'The column "on_track" in BatchData does not exist.' in details[0][6]
    assert details[1][6] == "1.2"
    assert "集市校验通过" in html and "1/3" in html


def test_report_charts_each_rule_across_loads_with_its_latest_count(warehouse, tmp_path):
    html = build_auditors_report(warehouse, tmp_path).read_text(encoding="utf-8")

    assert 'aria-label="findings per rule"' in html
    assert 'aria-label="findings per load by rule"' in html  # two load ids, no build history
    # one line per rule, one point per load: ID_INVALID has 3 in load_a and none in load_b
    assert "<title>load_a · ID_INVALID: 3</title>" in html
    assert "<title>load_b · ID_INVALID: 0</title>" in html
    trend = {a["data-rule"]: (a["data-latest"], c[3:5]) for a, c in _table(html, "rule-trend")[1:]}
    assert trend["ID_INVALID"] == ("0", ["0", "-3"])
    assert trend["NO_TRAINING_IN_YEAR"] == ("4", ["4", "+4"])
    assert list(trend) == list(EXPECTED_RULE_COUNTS)  # catalogue order


def test_indicators_show_the_marts_rates_for_every_year(warehouse, tmp_path):
    html = build_auditors_report(warehouse, tmp_path).read_text(encoding="utf-8")

    # on track, 2021 cycle: 雁塔区 k1 off track, k2 on track -> 1 of 2
    assert "On track, cycle from 2021" in html
    assert "<title>雁塔区: 50.0% (1/2人)</title>" in html
    # participation_rate of mart_county_year_participation, 'all' rows only, each year
    assert "<title>雁塔区 2022: 100.0% (2/2人)</title>" in html
    assert "<title>雁塔区 2023: 50.0% (1/2人)</title>" in html
    assert "<title>长安区 2023: 0.0% (0/2人)</title>" in html
    # schools_meeting_share_rate: 长安区 2022 judges 2 - 1 unit-suspect school
    assert "<title>长安区 2022: 0.0% (0/1校)</title>" in html
    assert "<title>雁塔区 2023: 100.0% (1/1校)</title>" in html
    # county budget share of payroll against the policy line, each year
    assert "<title>雁塔区 2022: 2.0%</title>" in html
    assert "<title>雁塔区 2023: 1.2%</title>" in html  # 1.25 % shown to one decimal
    assert "要求 required 1.5%" in html


def test_indicators_say_so_when_the_marts_are_missing(tmp_path):
    from dq_sample_warehouse import make_warehouse

    con = make_warehouse(county_marts=False)
    try:
        con.execute("drop table main.mart_teacher_cycle_credits")
        html = build_auditors_report(con, tmp_path).read_text(encoding="utf-8")
    finally:
        con.close()
    assert "Marts not built yet; no indicator charts." in html


def test_report_is_self_contained(warehouse, tmp_path):
    html = build_auditors_report(warehouse, tmp_path).read_text(encoding="utf-8")

    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html


def test_report_without_findings_table_still_renders(warehouse, tmp_path):
    warehouse.execute("drop table main.dq_findings")
    html = build_auditors_report(warehouse, tmp_path).read_text(encoding="utf-8")

    counts = {
        a["data-rule"]: a["data-count"] for a, _ in _table(html, "rule-summary") if "data-rule" in a
    }
    assert set(counts.values()) == {"0"}
    assert "没有数据质量问题" in html


def test_id_numbers_in_finding_details_are_masked(warehouse, tmp_path):
    warehouse.execute(
        "insert into main.dq_findings values ('f99', 'ID_INVALID', 'error', null, 'S001', null, "
        "null, 'schools/S001/教师花名册.xlsx', 12, 'id_number: ID_INVALID (610503199706260547)', "
        "'load_a'), ('f98', 'ID_EXCEL_DAMAGED', 'error', null, null, null, null, "
        "'provincial/省平台学时导出_2022.xlsx', 20, 'id_number (6.105031968031741e+17)', 'load_a')"
    )
    html = build_auditors_report(warehouse, tmp_path).read_text(encoding="utf-8")

    assert "610503199706260547" not in html and "6.105031968031741e+17" not in html
    assert "id_number: ID_INVALID (610503********0547)" in html
    assert "id_number (6.105…e+17)" in html


def test_a_rule_missing_from_the_catalogue_is_still_counted(warehouse, tmp_path):
    warehouse.execute(
        "insert into main.dq_findings values ('f97', 'NEW_RULE', 'warn', null, 'S001', null, "
        "2023, 'x.xlsx', 3, 'new check', 'load_b')"
    )
    html = build_auditors_report(warehouse, tmp_path).read_text(encoding="utf-8")

    cells = {a["data-rule"]: c for a, c in _table(html, "rule-summary") if "data-rule" in a}
    assert cells["NEW_RULE"][3] == "1"
    assert cells["NEW_RULE"][1].startswith("未编目规则")
    assert len(_table(html, "drill-NEW_RULE")) == 2


def test_report_charts_findings_per_build_from_the_history(tmp_path):
    from dq_sample_warehouse import EXPECTED_RUN_TOTALS, make_warehouse

    con = make_warehouse(history=True)
    try:
        html = build_auditors_report(con, tmp_path).read_text(encoding="utf-8")
    finally:
        con.close()
    assert 'aria-label="findings per run by rule"' in html
    assert 'aria-label="findings per load by rule"' not in html
    assert "<title>2024-01-05 08:00:00 · r1 · MISSING_HOURS: 3</title>" in html
    # MISSING_HOURS: 3 in r1 (f05, f06, f99), 2 in r2 and r3 (f99 fixed)
    trend = {a["data-rule"]: c[3:5] for a, c in _table(html, "rule-trend")[1:]}
    assert trend["MISSING_HOURS"] == ["2", "0"]
    assert trend["SCHOOL_UNDER_5PCT"] == ["1", "+1"]
    builds = [c for _, c in _table(html, "build-history")[1:]]
    expected = [
        [f"2024-0{i + 1}-05 08:00:00 · {run}", f"{o}", f"{f}", f"{o - f}", f"{r}"]
        for i, (run, (o, f, r)) in enumerate(EXPECTED_RUN_TOTALS.items())
    ]
    assert builds == expected[::-1]  # latest first


def test_report_shows_the_stored_suite_run_without_running_gx_again(
    warehouse, tmp_path, monkeypatch
):
    import datetime as dt

    from expectations.suites import runner, save_suite_results

    def no_second_run(*args, **kwargs):
        raise AssertionError("the report must read the stored result, not run the suites")

    monkeypatch.setattr(runner, "run_mart_suites", no_second_run)
    save_suite_results(warehouse, fake_suite_results(), "run-7", dt.datetime(2024, 3, 5, 8, 30))
    html = build_auditors_report(warehouse, tmp_path).read_text(encoding="utf-8")

    statuses = {a["data-mart"]: a["data-status"] for a, _ in _table(html, "suite-summary")[1:]}
    assert statuses == {
        "mart_teacher_cycle_credits": "error",
        "mart_school_year_funding": "pass",
        "mart_project_year_participation": "fail",
    }
    # the Data Docs' job: every expectation of each suite, passed ones included
    listed = [c[1] for _, c in _table(html, "suite-all-mart_project_year_participation")[1:]]
    assert listed == ["expect_column_values_to_not_be_null", "expect_column_values_to_be_between"]
    top = html[: html.index("<nav>")]
    assert "1/3 个数据集市通过 marts passed，校验于 validated 2024-03-05 08:30 UTC" in top


def test_status_block_says_publication_next_steps_and_where_the_workbooks_are(warehouse, tmp_path):
    books = tmp_path / "correction_workbooks"
    books.mkdir()
    for name in ("S001_学校一_数据整改清单.xlsx", "S002_学校二_数据整改清单.xlsx", "notes.txt"):
        (books / name).write_bytes(b"x")
    html = build_auditors_report(warehouse, tmp_path, workbooks_dir=books).read_text("utf-8")

    top = html[: html.index("<nav>")]
    # no publication recorded in this warehouse: not published, and the report says so
    assert "未发布 not published" in top
    assert "not published: the publication step did not run after this build" in top
    assert f"<code>{books}</code>：2 个文件 files" in top
    steps = [c for _, c in _Items("next").parse(top)]
    assert steps[0].startswith("本次构建未发布")
    assert steps[1].startswith(f"将 {books} 中的整改工作簿分别发给各学校")
    assert steps[2].startswith("8 个错误级问题涉及的行")
    assert len(steps) == 3  # no failed file, no suite result


def test_text_from_data_is_escaped_not_markup(warehouse, tmp_path):
    warehouse.execute(
        "insert into main.dq_findings values ('f96', 'ID_INVALID', 'error', null, 'S001', null, "
        "null, '<img src=x onerror=alert(1)>.xlsx', 2, '<script>alert(1)</script>', 'load_a')"
    )
    html = build_auditors_report(warehouse, tmp_path).read_text(encoding="utf-8")

    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<script>") == 1  # the inlined report.js, once
    assert html.count("<style>") == 1


class _Items(HTMLParser):
    """(attrs, text) of each <li> inside the <ol>/<ul> with a given class."""

    def __init__(self, list_class: str):
        super().__init__()
        self.list_class, self.inside, self.items = list_class, False, []

    def parse(self, html: str) -> list[tuple[dict, str]]:
        self.feed(html)
        return [(a, "".join(t).strip()) for a, t in self.items]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("ol", "ul") and self.list_class in (attrs.get("class") or "").split():
            self.inside = True
        elif self.inside and tag == "li":
            self.items.append((attrs, []))

    def handle_endtag(self, tag):
        if tag in ("ol", "ul"):
            self.inside = False

    def handle_data(self, data):
        if self.inside and self.items:
            self.items[-1][1].append(data)


def test_one_build_shows_the_build_table_and_no_lines(tmp_path):
    from dq_sample_warehouse import make_warehouse

    con = make_warehouse(history=True)
    try:
        con.execute("delete from main.dq_build_runs where run_id <> 'r1'")
        con.execute("delete from main.dq_findings_history where run_id <> 'r1'")
        html = build_auditors_report(con, tmp_path).read_text(encoding="utf-8")
    finally:
        con.close()
    assert _table(html, "rule-trend") == []
    assert "One build so far: each rule's line appears from the second build." in html
    builds = [c for _, c in _table(html, "build-history")[1:]]
    assert builds == [["2024-01-05 08:00:00 · r1", "11", "11", "0", "0"]]
