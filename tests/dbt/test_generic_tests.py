"""The project's generic tests (dbt_project/tests/generic/) fail on exactly the rows that break
their invariant: run in a throwaway dbt project over one hand-written model."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

MODEL = """
select * from (values
    (1, 10.0, 4.0, 6.0, 12.0, 'online', 0.5, 2, 1),
    (2, 10.0, 4.0, 5.0, 8.0, 'in_person', 0.5, 1, 2),
    (3, 3.0, 1.0, 2.0, 3.0, 'telepathy', null, 0, 0)
) as t(id, total, part_a, part_b, cap, mode, rate, passed, attended)
"""

SCHEMA = """
version: 2
models:
  - name: facts
    data_tests:
      - sum_of_parts: {arguments: {column_name: total, parts: [part_a, part_b]}}
      - at_most: {arguments: {column_name: total, other: cap}}
      - expression_holds: {arguments: {expression: "rate = passed / attended"}}
      - in_vocabulary: {arguments: {column_name: mode, of: mode}}
  - name: pairs
    data_tests:
      - unique_combination: {arguments: {combination_of_columns: [k, s, t]}}
      - unique_combination: {arguments: {combination_of_columns: [k, s, t, n]}}
"""

# duplicates of (k, s, t): (1, a, null) twice, (3, null, null) three times; with n all unique
PAIRS = """
select * from (values
    (1, 'a', null, 1), (1, 'a', null, 2), (1, 'a', 'x', 3), (2, 'a', 'x', 4), (2, 'b', 'x', 5),
    (3, null, null, 6), (3, null, null, 7), (3, null, null, 8), (4, null, 'y', 9)
) as t(k, s, t, n)
"""


@pytest.fixture(scope="module")
def failures(tmp_path_factory) -> dict[str, int]:
    from dbt.cli.main import dbtRunner

    root = tmp_path_factory.mktemp("generic_tests")
    (root / "models").mkdir()
    (root / "macros").mkdir()
    shutil.copytree(REPO / "dbt_project/tests/generic", root / "tests/generic")
    for macro in ("vocabularies.sql", "policy.sql"):
        shutil.copy(REPO / "dbt_project/macros" / macro, root / "macros" / macro)
    (root / "models/facts.sql").write_text(MODEL, encoding="utf-8")
    (root / "models/facts.yml").write_text(SCHEMA, encoding="utf-8")
    (root / "models/pairs.sql").write_text(PAIRS, encoding="utf-8")
    (root / "dbt_project.yml").write_text(
        "name: generic_check\nversion: '1.0'\nconfig-version: 2\nprofile: generic_check\n"
        "models:\n  generic_check:\n    +materialized: table\n",
        encoding="utf-8",
    )
    (root / "profiles.yml").write_text(
        "generic_check:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
        f"      path: '{root / 'w.duckdb'}'\n",
        encoding="utf-8",
    )
    os.environ.pop("DBT_PROFILES_DIR", None)
    result = dbtRunner().invoke(
        ["build", "--project-dir", str(root), "--profiles-dir", str(root), "--quiet",
         "--target-path", str(root / "target"), "--log-path", str(root / "logs")]
    )
    assert result.result is not None, result.exception
    return {_short(r.node.name): r.failures for r in result.result if r.node.resource_type == "test"}


def _short(name: str) -> str:
    """The test's name without its model and columns; `_n`: the combination that includes n."""
    short = name.split("_facts")[0].split("_pairs")[0]
    return short + "_n" if name.endswith("__n") else short


def test_sum_of_parts_fails_the_row_whose_total_is_not_the_sum(failures):
    assert failures["sum_of_parts"] == 1  # row 2: 10 != 4 + 5


def test_at_most_fails_the_row_above_its_bound(failures):
    assert failures["at_most"] == 1  # row 2: 10 > 8; row 3: 3 = 3 passes


def test_expression_holds_fails_false_rows_and_skips_null_ones(failures):
    # row 1: 0.5 != 2 / 1; row 2 holds; row 3: null rate is not judged
    assert failures["expression_holds"] == 1


def test_in_vocabulary_fails_each_code_outside_the_vocabulary_file(failures):
    assert failures["in_vocabulary"] == 1  # one unknown code: telepathy


def test_unique_combination_fails_each_repeated_key_nulls_included(failures):
    # the hash-first grouping (DuckDB) reports the same groups as a plain group by
    assert failures["unique_combination"] == 2  # (1, a, null) x2 and (3, null, null) x3
    assert failures["unique_combination_n"] == 0  # with n every row is unique
