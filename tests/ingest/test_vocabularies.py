"""The vocabularies have one source: ingest's schemas and dbt's macro are derived from it."""

from __future__ import annotations

from ingest import schemas, vocabularies


def test_codes_are_the_mappings_values_in_first_seen_order_plus_the_blank_code():
    assert vocabularies.codes("mode") == [
        "in_person", "online", "blended", "practice", "workshop", "school_based",
    ]
    # mark's blank code (`blank: blank`) is no mapping value: it comes last
    assert vocabularies.codes("mark") == ["present", "absent", "leave", "blank"]
    # outcome's blank code `pending` is also a mapping value: listed once
    assert vocabularies.codes("outcome").count("pending") == 1


def test_first_label_of_a_code_is_the_label_plan_sheets_write():
    assert vocabularies.labels("stage") == {
        "kindergarten": "幼儿园", "primary": "小学", "junior": "初中",
        "senior": "高中", "vocational": "中职", "special": "特教",
    }


def test_schemas_take_their_code_lists_from_the_vocabulary_file():
    assert schemas.LEVEL == vocabularies.codes("level")
    assert schemas.CONTRACT_VOCABULARIES == {n: vocabularies.codes(n) for n in vocabularies.names()}


def test_generated_dbt_macro_file_is_in_step_with_the_vocabulary_file():
    # a vocabulary edit without `python -m ingest.vocabularies` fails here
    assert vocabularies.DBT_MACRO_PATH.read_text(encoding="utf-8") == vocabularies.dbt_macro_text()
