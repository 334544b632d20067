"""ID numbers (GB 11643): checksum, 15 -> 18, Excel damage, masks, width and case folding."""

from __future__ import annotations

import polars as pl
import pytest
from ingest_builders import ID_A, ID_B, ID_C, ID_D

from ingest.idnumber import check_char, has_valid_checksum, normalize_ids, upgrade_15_to_18


def test_check_char_matches_the_standards_examples():
    assert check_char("11010519491231002") == "X"
    assert check_char("44052418800101001") == "4"
    assert all(has_valid_checksum(i) for i in (ID_A, ID_B, ID_C, ID_D))


def test_check_char_rejects_non_digit_bodies():
    with pytest.raises(ValueError):
        check_char("1101051949123100X")


def test_fifteen_digit_id_is_upgraded_with_19_and_a_check_char():
    # 110105491231002 -> 110105 19 491231 002 + check char = the standard's example
    assert upgrade_15_to_18("110105491231002") == ID_A


def _status(values):
    df = normalize_ids(pl.Series(values, dtype=pl.String))
    return list(zip(df["id18"].to_list(), df["status"].to_list(), strict=True))


def test_valid_ids_pass_through_and_lower_case_x_is_upper_cased():
    assert _status([ID_C, ID_A.lower()]) == [(ID_C, "ok"), (ID_A, "ok")]


def test_birth_year_before_1900_is_invalid_although_the_checksum_holds():
    assert has_valid_checksum(ID_B)
    assert _status([ID_B]) == [(None, "invalid")]


def test_full_width_digits_and_spaces_inside_an_id_are_folded():
    fullwidth = "".join(chr(ord(ch) + 0xFEE0) for ch in ID_C[:9]) + "\u3000" + ID_C[9:] + " "
    assert _status([fullwidth]) == [(ID_C, "ok")]


def test_fifteen_digit_id_in_a_number_cell_is_read_exactly_and_upgraded():
    assert _status(["110105491231002", "110105491231002.0"]) == [(ID_A, "ok"), (ID_A, "ok")]


def test_float_rendering_and_scientific_notation_are_excel_damage():
    assert _status(["3.10105E+17", "4.405241880010100e+17", "440524188001010014.0"]) == [
        (None, "damaged"), (None, "damaged"), (None, "damaged"),
    ]


def test_eighteen_digits_ending_000_that_fail_the_checksum_are_excel_damage():
    # 440524188001010014 kept to 15 significant digits by Excel -> 440524188001010000
    assert _status(["440524188001010000"]) == [(None, "damaged")]


def test_bad_checksum_not_ending_000_is_invalid_not_damaged():
    assert _status(["440524188001010015"]) == [(None, "invalid")]


def test_impossible_birth_date_is_invalid_even_with_a_right_check_char():
    body = "11010119901332123"  # month 13
    assert _status([body + check_char(body)]) == [(None, "invalid")]


def test_masked_and_missing_ids_get_their_own_status():
    assert _status(["6101**********1234", None, "  ", "abc"]) == [
        (None, "masked"), (None, "missing"), (None, "missing"), (None, "invalid"),
    ]
