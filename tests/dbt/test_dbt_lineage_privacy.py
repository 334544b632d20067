"""Lineage, privacy and exports of the marts on the fixture (dbt_fixture_data.py; the figures of
the same marts are in test_dbt_rollups.py): every mart row traces to its source rows, no mart
column holds personal data, the restricted directory stays in its own schema, the Parquet export
holds every analyst mart and nothing restricted, and `dbt docs generate` works.
"""

from __future__ import annotations

import importlib.util
import re

import pytest
from conftest import PROJECT_DIR, run_dbt
from dbt_fixture_data import (
    FUNDING_A_2022,
    FUNDING_A_2023,
    FUNDING_B_2023,
    GUOPEI_2022,
    PLAN_2022,
    PLATFORM_2023,
    PROVINCIAL_2022,
    ROSTER_S1,
    S1,
    S2,
    SEATS_2022,
    SIGNIN_S1_2023,
    T1,
    T2,
    T3,
    T4,
    T5,
    T6,
)

# RE2 / Python regex: 18- and 15-digit ID numbers, Excel-mangled ones, mobile phone numbers
PERSONAL_DATA = r"(?i)\d{17}[\dx]|\d{15}|\b1[3-9]\d{9}\b|\d\.\d+e\+1[47]"
MARTS = {
    "mart_teacher_cycle_credits",
    "mart_teacher_year_credits",
    "mart_teacher_it20_compliance",
    "mart_school_year_funding",
    "mart_county_year_funding",
    "mart_project_year_participation",
    "mart_school_year_participation",
    "mart_county_year_participation",
    "mart_lineage",
}
# The bureau products (models/marts/products) are built from the marts above, whose rows carry
# lineage; they are checked for privacy and exported like them.
PRODUCT_MARTS = {
    "mart_teacher_early_warning",
    "mart_school_early_warning",
    "mart_school_appraisal",
    "mart_school_appraisal_score",
    "mart_provider_year_scorecard",
    "mart_project_school_bulletin",
}


def marts_in(wh) -> set[str]:
    return {
        name
        for (name,) in wh.rows(
            "select table_name from information_schema.tables "
            "where table_schema = 'main' and table_name like 'mart_%'"
        )
    }


# --- lineage ------------------------------------------------------------------------------------


def test_lineage_lists_the_source_rows_of_a_teacher_cycle(wh):
    rows = wh.rows(
        "select source_role, source_file, source_sheet, source_row from main.mart_lineage "
        "where mart_name = 'mart_teacher_cycle_credits' and k_teacher = ? and mart_key = '2021' "
        "order by 1, 2",
        [wh.k(T1)],
    )
    # the 国培 list row of GP2022-01 was merged into the provincial record (confirming_record);
    # the platform row merged by title and dates is not listed (no project code)
    # fmt: off
    assert rows == [
        ("confirming_record", GUOPEI_2022, "Sheet1", 3),
        ("roster", ROSTER_S1, "Sheet1", 3),
        ("training_record", PLATFORM_2023, "", 2),
        ("training_record", PROVINCIAL_2022, "Sheet1", 4),
        ("training_record", SIGNIN_S1_2023, "Sheet1", 4),
    ]
    # fmt: on


def test_lineage_of_funding_and_project_rows(wh):
    def sources(mart: str, key: str) -> set[tuple]:
        return set(
            wh.rows(
                "select source_role, source_file, source_row from main.mart_lineage "
                "where mart_name = ? and mart_key = ?",
                [mart, key],
            )
        )

    assert sources("mart_school_year_funding", f"{S2}|2023") == {("funding", FUNDING_B_2023, 3)}
    assert sources("mart_county_year_funding", "城关区|2022") == {("funding", FUNDING_A_2022, 3)}
    assert sources("mart_county_year_funding", "城关区|2023") == {("funding", FUNDING_A_2023, 3)}
    assert sources("mart_project_year_participation", "GP2022-01|2022") == {
        ("plan", PLAN_2022, 3),
        ("allocation", SEATS_2022, 3),
        ("allocation", SEATS_2022, 4),
        ("enrolment", PROVINCIAL_2022, 4),  # T1: the provincial row wins over the list row
        ("enrolment", GUOPEI_2022, 4),  # T2
        ("enrolment", GUOPEI_2022, 5),  # T3
    }


@pytest.mark.parametrize("build", ["wh", "wh_modified"])
def test_every_row_of_every_mart_has_lineage(build, request):
    wh = request.getfixturevalue(build)
    assert marts_in(wh) == MARTS | PRODUCT_MARTS
    keys = dict(wh.rows("select distinct mart_name, key_columns from main.mart_lineage"))
    for mart in sorted(MARTS - {"mart_lineage"}):
        assert mart in keys or wh.rows(f"select count(*) from main.{mart}") == [(0,)], mart
        if mart not in keys:
            continue
        key_sql = " || '|' || ".join(f"cast({c} as varchar)" for c in keys[mart].split("|"))
        teacher = "k_teacher" if mart.startswith("mart_teacher_") else "null"
        orphans = wh.rows(
            f"select {teacher}, {key_sql} from main.{mart} except "
            "select k_teacher, mart_key from main.mart_lineage where mart_name = ?",
            [mart],
        )
        assert orphans == [], (mart, orphans[:3])


# --- privacy ------------------------------------------------------------------------------------


def test_no_mart_column_holds_an_id_number_name_or_phone(wh):
    with wh.reading() as rows:  # one query per mart column: ~300
        columns = rows(
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_schema = 'main' and table_name like 'mart_%'"
        )
        assert {t for t, _, _ in columns} == MARTS | PRODUCT_MARTS
        assert not [c for c in columns if c[1] in ("id_number", "id_mask", "name", "phone")]
        names = ["张伟", "李娜", "陈静", "赵强", "王芳", "孙丽", "李雷"]
        for table, column, data_type in columns:
            if data_type != "VARCHAR":
                # an ID number or phone stored as a number would be >= 1e10 (no amount here is)
                assert rows(
                    f'select count(*) from main."{table}" where try_cast("{column}" as double) >= 1e10'
                ) == [(0,)], (table, column)
                continue
            values = [v for (v,) in rows(f'select distinct "{column}" from main."{table}"') if v]
            if column == "k_teacher":  # sha256 hex digests are 64 hex characters
                assert all(re.fullmatch(r"[0-9a-f]{64}", v) for v in values)
                continue
            hits = [v for v in values if re.search(PERSONAL_DATA, v) or any(n in v for n in names)]
            assert hits == [], f"{table}.{column}: {hits[:3]}"


def test_restricted_directory_maps_keys_to_ids_in_its_own_schema(wh):
    rows = wh.rows(
        "select k_teacher, id_number, name, school_code from restricted.restricted_teacher_directory "
        "order by id_number"
    )
    assert rows == sorted(
        [
            (wh.k(T1), T1, "张伟", S1),
            (wh.k(T2), T2, "李娜", S1),
            (wh.k(T3), T3, "陈静", S2),
            (wh.k(T4), T4, "赵强", S2),
            (wh.k(T5), T5, "王芳", S1),
            (wh.k(T6), T6, "王芳", S1),
        ],
        key=lambda r: r[1],
    )
    assert wh.rows(
        "select count(*) from information_schema.tables "
        "where table_schema = 'main' and table_name like '%directory%'"
    ) == [(0,)]


# --- export and docs ----------------------------------------------------------------------------


def _export_module():
    spec = importlib.util.spec_from_file_location(
        "export_marts", PROJECT_DIR / "scripts" / "export_marts.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_parquet_export_writes_every_analyst_mart_and_nothing_restricted(wh, tmp_path):
    import duckdb

    export = _export_module()
    with duckdb.connect(str(wh.path), read_only=True) as con:
        paths = export.export_marts(con, tmp_path / "marts")
        assert {p.name for p in paths} == {f"{m}.parquet" for m in MARTS | PRODUCT_MARTS}
        counts = {
            p.stem: con.execute(f"select count(*) from read_parquet('{p}')").fetchone()[0]
            for p in paths
        }
        assert counts == {
            m: con.execute(f"select count(*) from main.{m}").fetchone()[0]
            for m in MARTS | PRODUCT_MARTS
        }
    assert not list((tmp_path / "marts").glob("restricted*"))


def test_dbt_docs_generate_works(wh, default_policy, tmp_path):
    result = run_dbt(["docs", "generate"], wh.path, tmp_path, default_policy)
    assert result.success, result.exception
    catalog = (tmp_path / "target" / "catalog.json").read_text(encoding="utf-8")
    assert "mart_county_year_participation" in catalog and "restricted_teacher_directory" in catalog
