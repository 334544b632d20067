"""Formula injection: a school, teacher or project named like a formula is
written as inert text (a string cell, neutralised with a leading apostrophe as OWASP recommends);
the XLSX's XML holds no <f> element at all."""

from __future__ import annotations

import re
import zipfile

import duckdb
import pandas as pd
from workbook_people import add_people

from expectations.workbooks import HEADER_ROW, build_correction_workbooks
from expectations.xlsx_safe import neutralise, new_workbook, write_text, write_value

CALC = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://x","y")'


def _formulas(path) -> list[str]:
    """Every <f> element in every part of the XLSX."""
    with zipfile.ZipFile(path) as z:
        return [
            m for name in z.namelist() if name.endswith(".xml")
            for m in re.findall(r"<f[ >].*?</f>|<f/>", z.read(name).decode("utf-8"))
        ]


def test_neutralise_prefixes_an_apostrophe_to_what_a_spreadsheet_would_evaluate():
    assert [neutralise(t) for t in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\t=1", "'\r=1"
    ]
    assert [neutralise(t) for t in ["张三", "a=1", "", "1-2"]] == ["张三", "a=1", "", "1-2"]


def test_names_shaped_like_formulas_stay_inert_text_in_the_workbooks(warehouse, tmp_path):
    con = add_people(warehouse)
    con.execute("update raw.roster set school_name = ? where school_code = 'S001'", [LINK])
    con.execute("update raw.roster set county = '@SUM(A1)' where school_code = 'S001'")
    con.execute("update restricted.restricted_teacher_directory set name = ? where k_teacher = 'k1'",
                [CALC])
    con.execute("update main.int_projects set project_name = '+1+1' where project_code = 'P001'")
    con.execute("update main.dq_findings set source_file = '-2+3' where finding_id = 'f07'")

    paths = build_correction_workbooks(con, tmp_path)

    assert paths[0].name == "S001_=HYPERLINK(_http_x_,_y_)_数据整改清单.xlsx"
    assert [_formulas(p) for p in paths] == [[], [], []]
    sheets = pd.read_excel(paths[0], sheet_name=None, header=None, engine="calamine")
    overview = sheets["说明"]
    assert overview.iloc[3:5, :2].values.tolist() == [["学校名称", "'" + LINK], ["县区", "'@SUM(A1)"]]
    rows = sheets["整改清单"].iloc[HEADER_ROW + 1 :]
    by_id = {r[11]: r for r in rows.values.tolist()}
    assert by_id["f11"][1] == "'" + CALC  # the teacher's name
    assert by_id["f11"][3] == "P001 +1+1（2022-03-01～2022-03-05）"  # not at the start: harmless
    assert by_id["f07"][6] == "'-2+3"  # a source file name


def test_the_safe_workbook_never_turns_strings_into_formulas(tmp_path):
    path = tmp_path / "x.xlsx"
    with new_workbook(path) as book:
        sheet = book.add_worksheet()
        sheet.write(0, 0, "=1+1")  # even xlsxwriter's generic write() gives a string
        write_text(sheet, 1, 0, CALC)
        write_value(sheet, 2, 0, LINK)
        write_value(sheet, 3, 0, -5)  # numbers stay numbers

    assert _formulas(path) == []
    cells = pd.read_excel(path, header=None, engine="calamine")[0].tolist()
    assert cells == ["=1+1", "'" + CALC, "'" + LINK, -5]


def test_the_analysts_xlsx_copies_use_the_same_safe_writer(tmp_path):
    from expectations.publication.copies import write_xlsx

    path = tmp_path / "mart.xlsx"
    frame = pd.DataFrame({"school_name": [LINK, "\t=1+1", "实验小学"], "teachers": [3, 4, 5]})
    con = duckdb.connect()
    con.register("frame_view", frame)
    write_xlsx(con, "frame_view", path, {})

    assert _formulas(path) == []
    data = pd.read_excel(path, sheet_name=0, engine="calamine")
    assert data.iloc[:, 0].tolist() == ["'" + LINK, "'\t=1+1", "实验小学"]
    assert data.iloc[:, 1].tolist() == [3, 4, 5]
