"""Withhold what is wrong, publish the rest: on the hand warehouse (tests/publish/hand_warehouse.py)
the rows, manifest and docs tables below are computed by hand from its lineage and findings."""

from __future__ import annotations

import json
from decimal import Decimal

import duckdb
import openpyxl
import pytest

from expectations.publication import location
from expectations.publication.publish import PublishSettings, publish
from expectations.publication.status import status_line
from tests.publish import hand_warehouse as hw


@pytest.fixture
def published(tmp_path):
    wh = tmp_path / "w.duckdb"
    hw.write_warehouse(wh)
    settings = PublishSettings(
        root=tmp_path / "published", dbt_manifest=hw.write_dbt_manifest(tmp_path / "manifest.json")
    )
    with duckdb.connect(str(wh)) as con:
        result = publish(con, settings)
        line = status_line(con)
    return result, settings, line, wh


def _rows(path, sql):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_rows_touched_by_open_errors_are_withheld_and_the_rest_published(published):
    result, settings, _, _ = published
    db = settings.root / "current" / "analysts.duckdb"
    # kA|2023 (HOURS_OVER_PROJECT + HOURS_OVER_DAILY_MAX at prov.xlsx:2) and kB|2023
    # (MISSING_HOURS at prov.xlsx:5) withheld; kA|2022 touched only by a resolved finding
    assert _rows(
        db, "select k_teacher, year, total_hours from mart_teacher_year_credits order by 1, 2"
    ) == [("kA", 2022, Decimal("5.0000")), ("kC", 2023, Decimal("0"))]
    # S2 (FUNDING_UNIT_SUSPECT at fund.xlsx:4) withheld; the warning on S1 withholds nothing
    assert _rows(db, "select school_code from mart_school_year_funding") == [("S1",)]
    # the county roll-up is flagged, not withheld
    assert _rows(db, "select county, open_error_rules from mart_county_year_funding") == [
        ("C1", "FUNDING_UNIT_SUSPECT")
    ]
    # lineage of the 3 withheld rows (2 + 2 + 1 source rows) is left out: 11 - 5
    assert _rows(db, "select count(*) from mart_lineage") == [(6,)]
    assert result.rows_withheld == 3 and result.rows_flagged == 1


def test_manifest_lists_what_was_withheld_by_rule_and_mart(published):
    result, settings, _, _ = published
    expected = [
        ("mart_county_year_funding", "FUNDING_UNIT_SUSPECT", "flagged", 1, 1),
        ("mart_school_year_funding", "FUNDING_UNIT_SUSPECT", "withheld", 1, 1),
        ("mart_teacher_year_credits", "HOURS_OVER_DAILY_MAX", "withheld", 1, 1),
        ("mart_teacher_year_credits", "HOURS_OVER_PROJECT", "withheld", 1, 1),
        ("mart_teacher_year_credits", "MISSING_HOURS", "withheld", 1, 1),
    ]
    db = settings.root / "current" / "analysts.duckdb"
    assert _rows(db, "from publication_withheld order by all") == expected
    manifest = json.loads((settings.root / "current" / "manifest.json").read_text("utf-8"))
    assert [tuple(w.values()) for w in manifest["withheld"]] == expected
    assert manifest["rows_withheld"] == 3
    # the open ID_INVALID finding points at a row no mart holds (quarantined)
    assert manifest["error_findings_on_no_mart_row"] == {"ID_INVALID": 1}
    marts = {
        m["mart"]: (m["rows_in_warehouse"], m["rows_published"], m["rows_withheld"])
        for m in manifest["marts"]
    }
    assert marts == {
        "mart_county_year_funding": (1, 1, 0),
        "mart_lineage": (11, 6, 5),
        "mart_school_year_funding": (2, 1, 1),
        "mart_teacher_year_credits": (4, 2, 2),
    }


def test_copies_docs_and_status_line(published):
    result, settings, line, _ = published
    current = settings.root / "current"
    assert current.resolve() == result.version and current.is_symlink()
    assert sorted(p.name for p in (current / "parquet").iterdir()) == [
        "dq_findings.parquet",
        "mart_county_year_funding.parquet",
        "mart_lineage.parquet",
        "mart_school_year_funding.parquet",
        "mart_teacher_year_credits.parquet",
    ]
    parquet = current / "parquet" / "mart_school_year_funding.parquet"
    assert duckdb.sql(f"select school_code from '{parquet}'").fetchall() == [("S1",)]
    sheet = openpyxl.load_workbook(current / "xlsx" / "mart_school_year_funding.xlsx")["数据"]
    assert [c.value for c in sheet[1]] == ["学校代码", "年度", "学校名称", "培训经费支出合计(元)"]
    assert sheet["C2"].data_type == "s" and sheet["C2"].value.startswith("'=HYPERLINK")
    db = current / "analysts.duckdb"
    assert _rows(
        db,
        "select label_zh, description from docs_columns where mart = "
        "'mart_teacher_year_credits' and column_name = 'total_hours'",
    ) == [("累计学时", "total_hours of mart_teacher_year_credits")]
    assert _rows(
        db, "select publication_mode from docs_marts where mart = 'mart_county_year_funding'"
    ) == [("flag",)]
    assert (
        line.startswith("published ") and f"to {result.version}: 3 rows withheld, 1 flagged" in line
    )


def test_findings_are_published_without_their_detail(published):
    _, settings, _, _ = published
    db = settings.root / "current" / "analysts.duckdb"
    cols = [
        r[0]
        for r in _rows(
            db,
            "select column_name from information_schema.columns where table_name = 'dq_findings'",
        )
    ]
    assert "detail" not in cols and len(_rows(db, "from dq_findings")) == 7


def test_only_the_last_n_versions_are_kept(tmp_path):
    wh = tmp_path / "w.duckdb"
    hw.write_warehouse(wh)
    settings = PublishSettings(
        root=tmp_path / "pub", keep=2, dbt_manifest=hw.write_dbt_manifest(tmp_path / "m.json")
    )
    with duckdb.connect(str(wh)) as con:
        builds = [publish(con, settings).version.name for _ in range(3)]
    left = sorted(p.name for p in (settings.root / location.VERSIONS).iterdir())
    assert left == builds[1:] and (settings.root / "current").resolve().name == builds[2]


def test_keep_setting_is_validated():
    assert location.keep_versions({}) == 3
    assert location.keep_versions({"TT_PUBLISH_KEEP": "5"}) == 5
    with pytest.raises(ValueError, match="at least 1"):
        location.keep_versions({"TT_PUBLISH_KEEP": "0"})
