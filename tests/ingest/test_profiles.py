"""Profiles as configuration: onboarding a new export is a YAML file; bad YAML fails loudly;
pandera failure cases become quarantine rows."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import polars as pl
import pytest
from ingest_builders import ID_C, write_csv

from ingest.loader import load_paths
from ingest.profiles import PROFILE_DIR, ProfileError, load_profiles
from ingest.schemas import MODELS
from ingest.validation import validate

SMARTEDU = """
profile: smartedu_records
target: platform_records
logical_key: [file]
columns:
  id_mask:     {type: id_mask, required: true, not_null: true, synonyms: [脱敏身份证号]}
  name:        {type: name, required: true, not_null: true, synonyms: [用户名称]}
  school_name: {type: text, synonyms: [所在学校]}
  course_name: {type: text, required: true, synonyms: [研修内容]}
  hours:       {type: hours, unit: hours, required: true, synonyms: [认定学时数]}
  outcome:     {type: vocab, vocab: outcome, mapping: {学完: passed}, synonyms: [进度]}
  learned_on:  {type: date, synonyms: [完成日期]}
"""


def test_all_nine_contract_profiles_load_with_their_targets():
    assert {p.name: p.target for p in load_profiles()} == {
        "provincial_export": "provincial_records", "platform_records": "platform_records",
        "guopei_trainees": "guopei_trainees", "roster": "roster", "signin_matrix": "signin_attendance",
        "school_funding": "school_funding", "training_plan": "training_plan",
        "seat_allocation": "seat_allocation", "satisfaction_survey": "satisfaction_survey",
    }


def test_onboarding_another_platform_is_one_yaml_file_and_no_code(tmp_path):
    profiles = tmp_path / "profiles"
    shutil.copytree(PROFILE_DIR, profiles)
    (profiles / "smartedu_records.yaml").write_text(SMARTEDU, encoding="utf-8")
    land = tmp_path / "land"
    write_csv(land / "smartedu.csv", [
        ["用户名称", "脱敏身份证号", "所在学校", "研修内容", "认定学时数", "进度", "完成日期"],
        ["张三", "6101**********1234", "一中", "师德", "2.5", "学完", "2023年5月1日"],
    ], encoding="utf-8", bom=True)
    con = duckdb.connect()
    report = load_paths([land], con, land, profiles_dir=profiles)
    assert report.files[0].profile == "smartedu_records"
    assert con.execute("select id_mask, name, hours, outcome, learned_on from raw.platform_records").fetchall() == [
        ("6101**********1234", "张三", 2.5, "passed", date(2023, 5, 1))]


def test_profile_mapping_to_a_code_outside_the_contract_is_rejected_at_load(tmp_path):
    profiles = tmp_path / "profiles"
    shutil.copytree(PROFILE_DIR, profiles)
    (profiles / "bad.yaml").write_text(SMARTEDU.replace("学完: passed", "学完: passd").replace(
        "smartedu_records", "bad"), encoding="utf-8")
    with pytest.raises(ProfileError, match="passd"):
        load_profiles(profiles)


def test_profile_with_an_unknown_column_type_is_rejected(tmp_path):
    profiles = tmp_path / "profiles"
    shutil.copytree(PROFILE_DIR, profiles)
    (profiles / "bad.yaml").write_text(SMARTEDU.replace("type: hours", "type: hourz"), encoding="utf-8")
    with pytest.raises(ProfileError, match="hourz"):
        load_profiles(profiles)


def test_pandera_failure_cases_become_quarantine_rows_with_contract_reason_codes():
    profile = next(p for p in load_profiles() if p.name == "guopei_trainees")
    frame = pl.DataFrame({
        "project_code": ["GP1", None, "GP1"],
        "id_number": [ID_C, ID_C, "12345"],
        "name": ["张三", "李四", "王五"],
        "school_name": [None, None, None], "county": [None, None, None],
        "stage": ["primary", "primary", "university"], "subject": [None, None, None],
        "reported": [True, True, True], "outcome": ["passed", "passed", "passed"],
        "hours": [1.0, -1.0, 2.0],
        "source_file": ["f"] * 3, "source_sheet": ["s"] * 3, "source_row": pl.Series([3, 4, 5], dtype=pl.Int32),
    }, schema_overrides={c: pl.String for c in ("school_name", "county", "subject")})
    MODELS["guopei_trainees"].to_schema()  # the frame has the model's columns
    _, failed = validate(frame, "guopei_trainees", profile)
    assert sorted(failed.select("source_row", "__codes").rows()) == [
        (4, "HOURS_NEGATIVE,REQUIRED_MISSING"),
        (5, "ID_INVALID,VALUE_NOT_IN_VOCABULARY"),
    ]
