"""Read-back of returned correction workbooks (`python -m ingest corrections DIR`): answers land in
raw.correction_responses with their lineage, bad answers in raw.correction_quarantine with their
reason, the same file twice changes nothing, a changed file replaces its rows, and after the next
dbt build dq_findings shows each finding's answer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pytest
import xlsxwriter

from expectations.workbooks import build_correction_workbooks
from ingest.cli import main
from tests.expectations.dq_sample_warehouse import make_warehouse

REPO = Path(__file__).resolve().parents[2]
S002 = "S002_数据整改清单.xlsx"
CANNOT = "无法整改（说明原因）"
NOT_NEEDED = "无需整改（说明原因）"
PROVINCE_CLOSED = "省平台已关闭2022年数据修改"


def _warehouse(path: Path) -> Path:
    make_warehouse(path).close()
    return path


def _fill(book_path: Path, out: Path, answers: dict[int, tuple], ids: dict[int, str] | None = None):
    """Answer a workbook as a school would (Excel row -> (整改情况, 整改说明)) and save it to out."""
    book = openpyxl.load_workbook(book_path)
    sheet = book["整改清单"]
    for row, (status, note) in answers.items():
        sheet.cell(row, 10).value = status
        sheet.cell(row, 11).value = note
    for row, finding_id in (ids or {}).items():
        sheet.cell(row, 12).value = finding_id  # the hidden 问题编号 column
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)


@pytest.fixture
def returned(tmp_path) -> tuple[Path, Path]:
    """A warehouse and a folder holding S002's returned workbook: rows 4-9 are f03, f06, f08,
    f09, f10, f13; two good answers, three bad ones, one left blank."""
    wh = _warehouse(tmp_path / "wh.duckdb")
    with duckdb.connect(str(wh)) as con:
        sent = build_correction_workbooks(con, tmp_path / "sent")
    s002 = next(p for p in sent if p.name == S002)
    _fill(
        s002,
        tmp_path / "returned" / S002,
        {
            4: ("已整改", None),
            5: (CANNOT, PROVINCE_CLOSED),
            6: (NOT_NEEDED, None),  # no reason given
            7: ("改好了", None),  # typed over the dropdown
            8: ("已整改", None),  # but its id was overwritten below
        },
        ids={8: "f77"},
    )
    return wh, tmp_path / "returned"


def _table(wh: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(wh), read_only=True) as con:
        return con.execute(sql).fetchall()


RESPONSES = ("select finding_id, response_code, response_label, response_note, source_file, "
             "source_sheet, source_row from raw.correction_responses order by source_row")
QUARANTINE = ("select source_row, finding_id, reason_codes from raw.correction_quarantine "
              "order by source_row")
LOADS = ("select source_file, status, rows_answered, rows_quarantined, rows_unanswered "
         "from raw.correction_loads order by loaded_at, load_id")


def test_answers_load_with_lineage_and_bad_answers_are_quarantined_with_a_reason(returned, capsys):
    wh, folder = returned

    assert main(["corrections", str(folder), "--warehouse", str(wh)]) == 0

    assert _table(wh, RESPONSES) == [
        ("f03", "fixed", "已整改", None, S002, "整改清单", 4),
        ("f06", "cannot_fix", CANNOT, PROVINCE_CLOSED, S002, "整改清单", 5),
    ]
    assert _table(wh, QUARANTINE) == [
        (6, "f08", "NOTE_MISSING"),
        (7, "f09", "RESPONSE_INVALID"),
        (8, "f77", "FINDING_UNKNOWN"),
    ]
    assert _table(wh, LOADS) == [(S002, "loaded", 2, 3, 1)]
    out = capsys.readouterr().out
    assert (f"[new] {S002}: answered 2, quarantined 3 [FINDING_UNKNOWN 1, NOTE_MISSING 1, "
            "RESPONSE_INVALID 1], unanswered 1") in out
    load_ids = _table(wh, "select distinct load_id from raw.correction_responses")
    assert load_ids == _table(wh, "select load_id from raw.correction_loads")


def test_the_same_file_twice_changes_nothing_and_a_changed_file_replaces_its_rows(returned):
    wh, folder = returned
    main(["corrections", str(folder), "--warehouse", str(wh)])

    assert main(["corrections", str(folder), "--warehouse", str(wh)]) == 0
    assert len(_table(wh, RESPONSES)) == 2
    assert len(_table(wh, QUARANTINE)) == 3
    assert [r[1] for r in _table(wh, LOADS)] == ["loaded"]

    _fill(folder / S002, folder / S002, {6: (NOT_NEEDED, "该教师2022年产假")})
    assert main(["corrections", str(folder), "--warehouse", str(wh)]) == 0
    assert [r[:4] for r in _table(wh, RESPONSES)] == [
        ("f03", "fixed", "已整改", None),
        ("f06", "cannot_fix", CANNOT, PROVINCE_CLOSED),
        ("f08", "not_needed", NOT_NEEDED, "该教师2022年产假"),
    ]
    assert _table(wh, QUARANTINE) == [(7, "f09", "RESPONSE_INVALID"), (8, "f77", "FINDING_UNKNOWN")]
    assert _table(wh, LOADS) == [(S002, "superseded", 2, 3, 1), (S002, "loaded", 3, 2, 1)]


def test_a_file_that_is_not_a_correction_workbook_fails_alone(returned, capsys):
    wh, folder = returned
    other = xlsxwriter.Workbook(str(folder / "花名册.xlsx"))
    other.add_worksheet().write_row(0, 0, ["姓名", "身份证号"])
    other.close()

    assert main(["corrections", str(folder), "--warehouse", str(wh)]) == 1

    out = capsys.readouterr().out
    assert ("[failed] 花名册.xlsx: ValueError: not a correction workbook: no sheet has the "
            "headers 问题编号 and 整改情况（学校填写）") in out
    assert len(_table(wh, RESPONSES)) == 2  # the school's workbook still loaded


def _prepare_for_dbt(wh: Path) -> None:
    """The hand warehouse as a dbt build leaves it: dq_findings_current and its history."""
    with duckdb.connect(str(wh)) as con:
        con.execute("create table main.dq_findings_current as select * from main.dq_findings")
        con.execute(
            "create table main.dq_findings_history as select *, 'r1' as run_id, "
            "timestamp '2024-01-05 08:00:00' as built_at from main.dq_findings"
        )


def test_findings_history_shows_the_schools_answers_after_the_next_build(returned, tmp_path):
    wh, folder = returned
    _prepare_for_dbt(wh)
    main(["corrections", str(folder), "--warehouse", str(wh)])
    # the school sends a second file later, changing its mind on f03 (row 4): the latest counts
    _fill(folder / S002, tmp_path / "later" / "S002_第二次.xlsx", {4: (NOT_NEEDED, "已调离")})
    main(["corrections", str(tmp_path / "later"), "--warehouse", str(wh)])

    run = subprocess.run(
        [sys.executable, str(REPO / "dbt_project" / "scripts" / "dbt_with_policy.py"), "run",
         "--select", "dq_correction_responses", "dq_findings",
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        env={**os.environ, "TT_WAREHOUSE": str(wh)}, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:]

    answered = _table(
        wh,
        "select finding_id, status, response_code, response_label, response_file "
        "from main.dq_findings where response_code is not null order by finding_id",
    )
    assert answered == [
        ("f03", "open", "not_needed", NOT_NEEDED, "S002_第二次.xlsx"),
        ("f06", "open", "cannot_fix", CANNOT, "S002_第二次.xlsx"),
    ]
    assert _table(wh, "select count(*) from main.dq_findings where response_code is null") == [(11,)]


def test_a_crafted_workbook_over_the_ingest_limits_is_refused_before_parsing(returned, capsys):
    wh, folder = returned
    crafted = xlsxwriter.Workbook(str(folder / "crafted.xlsx"))
    crafted.add_worksheet().write_string(1_048_575, 16_383, "x")  # XFD1048576
    crafted.close()

    assert main(["corrections", str(folder), "--warehouse", str(wh)]) == 1

    out = capsys.readouterr().out
    assert "[failed] crafted.xlsx: RejectedFile: rejected (LIMIT_" in out
    assert len(_table(wh, RESPONSES)) == 2  # the school's workbook still loaded
