"""Value normalisers: dates, hours, minutes, money units, codes, vocabularies, booleans."""

from __future__ import annotations

from datetime import date

import polars as pl

from ingest.normalize import normalize_series
from ingest.profiles import load_profiles
from ingest.text import normalize_header


def run(kind, values, **kw):
    v, e = normalize_series(kind, pl.Series(values, dtype=pl.String), **kw)
    return list(zip(v.to_list(), e.to_list(), strict=True))


def test_every_date_spelling_seen_in_exports_parses_to_the_same_day():
    spellings = ["2023.3.5", "2023年3月5日", "2023/03/05", "2023-3-5", "2023-03-05 00:00:00",
                 "2023/03/05 10:22", "20230305", "44990", "44990.0", " 2023 - 03 - 05 "]
    assert run("date", spellings) == [(date(2023, 3, 5), None)] * len(spellings)


def test_impossible_or_garbage_dates_are_date_invalid_and_blank_is_fine():
    assert run("date", ["2023-02-30", "下周一", "2023", None]) == [
        (None, "DATE_INVALID"), (None, "DATE_INVALID"), (None, "DATE_INVALID"), (None, None),
    ]


def test_hours_accept_unit_suffixes_and_minutes_convert():
    assert run("hours", ["3学时", "1.5", "3 小时", "90分钟", "2课时", None]) == [
        (3.0, None), (1.5, None), (3.0, None), (1.5, None), (2.0, None), (None, None),
    ]


def test_minutes_column_converts_every_number_to_hours():
    assert run("hours", ["90", "45", "600"], unit="minutes") == [(1.5, None), (0.75, None), (10.0, None)]


def test_negative_and_non_numeric_hours_get_distinct_reasons():
    assert run("hours", ["-2", "三学时"]) == [(None, "HOURS_NEGATIVE"), (None, "HOURS_INVALID")]


def test_wan_yuan_converts_exactly_to_yuan_rounded_to_cents():
    # 0.6476 万元 = 6476 元; 5.6045 万元 = 56045 元; 1.23456789 万元 = 12345.6789 -> 12345.68
    assert run("money", ["0.6476", "5.6045", "1.23456789", "1,000"], unit="wan_yuan") == [
        (6476.0, None), (56045.0, None), (12345.68, None), (10000000.0, None),
    ]


def test_yuan_amounts_keep_cents_and_a_cell_saying_wan_yuan_wins():
    assert run("money", ["1234.567", "¥2,000.10", "3万元"], unit="yuan") == [
        (1234.57, None), (2000.1, None), (30000.0, None),
    ]


def test_negative_or_text_amounts_are_amount_invalid():
    assert run("money", ["-5", "约三千"], unit="yuan") == [(None, "AMOUNT_INVALID"), (None, "AMOUNT_INVALID")]


def test_school_codes_stored_as_numbers_lose_their_float_tail():
    assert run("code", ["3135003211.0", "3.135003211e+09", "GP2023001", " 3135003211 "]) == [
        ("3135003211", None), ("3135003211", None), ("GP2023001", None), ("3135003211", None),
    ]


def test_integer_seats_accept_person_suffix_and_reject_fractions():
    assert run("integer", ["150", "150.0", "30人", "2.5"]) == [
        (150, None), (150, None), (30, None), (None, "AMOUNT_INVALID"),
    ]


def test_yes_no_cells_become_booleans():
    assert run("boolean", ["是", "否", "√", "×", "已报到", "也许"]) == [
        (True, None), (False, None), (True, None), (False, None), (True, None),
        (None, "VALUE_NOT_IN_VOCABULARY"),
    ]


def _vocab(profile, column):
    return next(p for p in load_profiles() if p.name == profile).column(column).vocab


def test_outcomes_map_to_the_closed_vocabulary_and_blank_is_pending():
    voc = _vocab("provincial_export", "outcome")
    assert run("vocab", ["合格", "优秀", "不合格", "未参训", "劝退", "中途退出", "待考核", None, "良"], voc=voc) == [
        ("passed", None), ("excellent", None), ("failed", None), ("no_show", None),
        ("dismissed", None), ("withdrew", None), ("pending", None), ("pending", None),
        (None, "VALUE_NOT_IN_VOCABULARY"),
    ]


def test_level_mode_review_and_stage_labels_map_to_english_codes():
    assert run("vocab", ["国培", "省培", "市培", "区培", "校本"], voc=_vocab("provincial_export", "level")) == [
        ("national", None), ("provincial", None), ("city", None), ("county", None), ("school", None),
    ]
    assert run("vocab", ["集中培训", "网络研修", "混合式", "跟岗实践", "工作坊", "校本研修"],
               voc=_vocab("provincial_export", "mode")) == [
        ("in_person", None), ("online", None), ("blended", None), ("practice", None),
        ("workshop", None), ("school_based", None),
    ]
    assert run("vocab", ["已认定", "县级审核通过", "学校待审", "驳回"],
               voc=_vocab("provincial_export", "review_status")) == [
        ("certified", None), ("approved", None), ("pending", None), ("rejected", None),
    ]
    assert run("vocab", ["幼儿园", "小学", "初 中", "高中", "中职", "特教"], voc=_vocab("roster", "stage")) == [
        ("kindergarten", None), ("primary", None), ("junior", None), ("senior", None),
        ("vocational", None), ("special", None),
    ]


def test_header_normalisation_drops_markers_and_format_hints_but_keeps_units():
    h = normalize_header("*出生日期\n(yyyy-MM-dd)")
    assert (h.name, h.unit) == ("出生日期", None)
    assert (normalize_header(" *身份证 ").name, normalize_header("学 时").name) == ("身份证", "学时")
    assert normalize_header("培训经费支出合计（万元）").unit == "wan_yuan"
    assert normalize_header("公用经费预算总额(元)").unit == "yuan"
    assert normalize_header("学习时长(分钟)").unit == "minutes"
    assert normalize_header("经费 单位：万元").unit == "wan_yuan"
