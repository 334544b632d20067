"""What a correction workbook row says beyond the finding: whom it is about (name and masked ID
number), which training, and in which system the school (or someone else) corrects it.

Teachers come from the restricted directory (restricted.restricted_teacher_directory, by
k_teacher); a quarantined row has no k_teacher, so its name and ID are read from the raw cells
the ingest kept (raw.quarantine.raw_values); someone on no roster (an unknown teacher, an
unresolved platform ID) is named from the raw row the finding points at. Answers a school gave
in an earlier returned workbook (raw.correction_responses) are filled in again. Trainings come from main.int_projects (name and
dates) or the participation mart (name). The correcting system comes from the profile the
finding's load matched (raw.load_manifest), else from the source file's path.
All lookups tolerate a warehouse that lacks the table: the column is then left empty.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pandas as pd

from expectations.findings import has_table, is_missing, table_columns

log = logging.getLogger(__name__)

NAME_HEADERS = ("姓名", "教师姓名", "学员姓名", "用户姓名")
ID_HEADERS = ("身份证号", "身份证号码", "身份证件号", "证件号码", "身份证", "公民身份号码")

SCHOOL_FILE = "本校报送的文件（改正后重新报送）"
# profile of the finding's source file -> where the school has it corrected
WHERE_BY_PROFILE = {
    "roster": SCHOOL_FILE,
    "signin_matrix": SCHOOL_FILE,
    "school_funding": SCHOOL_FILE,
    "provincial_export": "省级培训管理系统（学校无此文件：在省平台核实改正）",
    "guopei_trainees": "承训机构（国培学员名单：请联系承训机构改正）",
    "platform_records": "网络研修平台（请在平台核实或联系平台改正）",
    "training_plan": "教育局师训科（培训计划）",
    "seat_allocation": "教育局师训科（名额分配表）",
}
# fallback when the manifest does not say: words of the landing paths the sources arrive under
PROFILE_BY_PATH = [
    (("省平台", "provincial"), "provincial_export"),
    (("国培", "guopei"), "guopei_trainees"),
    (("网络研修", "platform", "平台"), "platform_records"),
    (("培训计划", "plan/"), "training_plan"),
    (("名额", "allocation"), "seat_allocation"),
]
ROW_EXTRA_COLUMNS = [
    "teacher_name", "id_masked", "training", "where_to_fix", "answer_label", "answer_note"
]


def mask_id(value: Any) -> str:
    """6105**********1234: the first 4 and last 4 characters of an ID number, valid or not
    (text under 12 characters, such as an Excel-damaged 3.10105E+17, identifies no one and is
    shown as it is)."""
    if is_missing(value):
        return ""
    text = str(value).strip()
    if len(text) < 12:
        return text
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


def _frame(con: Any, sql: str, params: list[Any] | None = None) -> pd.DataFrame | None:
    try:
        return con.execute(sql, params).df() if params else con.sql(sql).df()
    except Exception as exc:  # a half-built table must not stop the workbooks
        log.warning("correction workbooks: %s", exc)
        return None


def _teachers(con: Any, wanted: pd.Series) -> dict[str, tuple[str, str]]:
    """Name and masked ID of the teachers in `wanted` (the findings' k_teacher) and of any
    directory row without a key, as the whole directory's dict would give them: only the
    findings' teachers are read (a province's directory is 400,000 rows, its findings few)."""
    if not has_table(con, "restricted", "restricted_teacher_directory"):
        return {}
    cols = table_columns(con, "restricted", "restricted_teacher_directory")
    masked = "id_number_masked" if "id_number_masked" in cols else "id_number"
    keys = sorted({k for k in wanted if isinstance(k, str)})
    df = _frame(
        con,
        f"select k_teacher, name, {masked} as id_masked "
        "from restricted.restricted_teacher_directory "
        "where k_teacher in (select unnest(?::varchar[])) or k_teacher is null",
        [keys],
    )
    if df is None:
        return {}
    return {
        k: ("" if is_missing(n) else str(n), mask_id(i))
        for k, n, i in df.itertuples(index=False)
    }


def _header_value(raw: dict[str, Any], wanted: tuple[str, ...]) -> str:
    for key, value in raw.items():
        bare = re.sub(r"[\s*＊]", "", str(key)).split("(")[0].split("（")[0]
        if bare in wanted and not is_missing(value) and str(value).strip():
            return str(value).strip()
    return ""


def _quarantined(con: Any) -> dict[tuple[str, str, int], tuple[str, str]]:
    if not has_table(con, "raw", "quarantine"):
        return {}
    df = _frame(con, "select load_id, source_file, source_row, raw_values from raw.quarantine")
    out: dict[tuple[str, str, int], tuple[str, str]] = {}
    for load_id, source_file, source_row, raw_values in (df.itertuples(index=False) if df is not None else []):
        try:
            raw = json.loads(raw_values) if raw_values else {}
        except (TypeError, ValueError):
            continue
        if isinstance(raw, dict):
            out[(load_id, source_file, int(source_row))] = (
                _header_value(raw, NAME_HEADERS),
                mask_id(_header_value(raw, ID_HEADERS)),
            )
    return out


RAW_PEOPLE_TABLES = ("provincial_records", "guopei_trainees", "platform_records", "roster")


def _raw_people(
    con: Any, keys: list[tuple[str, str, int]]
) -> dict[tuple[str, str, int], tuple[str, str]]:
    """(load_id, source_file, source_row) -> (name, masked ID) of the raw rows these findings
    point at, for people the directory does not hold (not on a roster, platform IDs unresolved)."""
    out: dict[tuple[str, str, int], tuple[str, str]] = {}
    if not keys:
        return out
    wanted = pd.DataFrame(keys, columns=["load_id", "source_file", "source_row"])
    con.register("workbook_wanted_rows", wanted)
    try:
        for table in RAW_PEOPLE_TABLES:
            if not has_table(con, "raw", table):
                continue
            cols = table_columns(con, "raw", table)
            ids = [c for c in ("id_number", "id_mask") if c in cols]
            if "name" not in cols or not ids:
                continue
            df = _frame(
                con,
                f"select t.load_id, t.source_file, t.source_row, t.name, "
                f"coalesce({', '.join('t.' + c for c in ids)}) as id from raw.{table} as t "
                "join workbook_wanted_rows as w on t.load_id = w.load_id "
                "and t.source_file = w.source_file and t.source_row = w.source_row",
            )
            for load_id, source_file, source_row, name, id_ in (
                df.itertuples(index=False) if df is not None else []
            ):
                out.setdefault(
                    (load_id, source_file, int(source_row)),
                    ("" if is_missing(name) else str(name), mask_id(id_)),
                )
    finally:
        con.unregister("workbook_wanted_rows")
    return out


def _trainings(con: Any) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {}
    if has_table(con, "main", "mart_project_year_participation"):
        df = _frame(con, "select project_code, year, project_name from main.mart_project_year_participation")
        for code, year, name in (df.itertuples(index=False) if df is not None else []):
            out[(code, int(year))] = f"{code} {name}" if not is_missing(name) else str(code)
    if has_table(con, "main", "int_projects"):
        df = _frame(
            con,
            "select project_code, year, project_name, start_date, end_date from main.int_projects",
        )
        for code, year, name, start, end in (df.itertuples(index=False) if df is not None else []):
            text = f"{code} {name}" if not is_missing(name) else str(code)
            dates = "～".join(str(d)[:10] for d in (start, end) if not is_missing(d))
            out[(code, int(year))] = f"{text}（{dates}）" if dates else text
    return out


def _profiles(con: Any) -> dict[str, str]:
    if not has_table(con, "raw", "load_manifest"):
        return {}
    df = _frame(con, "select load_id, profile from raw.load_manifest where profile is not null")
    return {} if df is None else dict(zip(df["load_id"], df["profile"], strict=True))


def _answers(con: Any) -> dict[str, tuple[str, str]]:
    """finding_id -> (整改情况, 整改说明) of the school's latest answer read back so far, so that
    the next workbook shows what the school already said."""
    if not has_table(con, "raw", "correction_responses"):
        return {}
    df = _frame(
        con,
        "select finding_id, arg_max(response_label, loaded_at) as label, "
        "arg_max(coalesce(response_note, ''), loaded_at) as note "
        "from raw.correction_responses group by finding_id",
    )
    return {} if df is None else {f: (lb, nt) for f, lb, nt in df.itertuples(index=False)}


def where_to_fix(profile: str | None, source_file: str | None) -> str:
    """Where the finding is corrected: the school's own file, or the system that holds it."""
    if not profile and source_file:
        profile = next(
            (p for words, p in PROFILE_BY_PATH if any(w in source_file for w in words)), None
        )
    return WHERE_BY_PROFILE.get(profile or "", SCHOOL_FILE)


def training_text(
    trainings: dict[tuple[str, int], str], code: Any, year: Any, latest: dict[str, str] | None = None
) -> str:
    """The training's text for (code, year), else its code's latest year's (``latest``: the
    latest_by_code of trainings, when the caller built it once for many findings)."""
    if is_missing(code):
        return ""
    if not is_missing(year) and (code, int(year)) in trainings:
        return trainings[(code, int(year))]
    latest = latest_by_code(trainings) if latest is None else latest
    return latest.get(code, str(code))


def latest_by_code(trainings: dict[tuple[str, int], str]) -> dict[str, str]:
    """code -> the text of its latest year."""
    return {code: text for (code, _), text in sorted(trainings.items())}


def add_row_context(con: Any, findings: pd.DataFrame) -> pd.DataFrame:
    """findings plus teacher_name, id_masked, training and where_to_fix (strings, '' if none)."""
    teachers = _teachers(con, findings["k_teacher"])
    trainings, profiles = _trainings(con), _profiles(con)
    answers = _answers(con)
    latest = latest_by_code(trainings)
    unnamed = [
        (f.load_id, f.source_file, int(f.source_row))
        for f in findings.itertuples(index=False)
        if f.k_teacher not in teachers and not is_missing(f.source_row)
    ]
    quarantined = _quarantined(con) if unnamed else {}
    raw_people = _raw_people(con, [k for k in unnamed if k not in quarantined])
    rows: list[list[str]] = []
    for f in findings.itertuples(index=False):
        name, masked = "", ""
        if f.k_teacher in teachers:
            name, masked = teachers[f.k_teacher]
        elif not is_missing(f.source_row):
            key = (f.load_id, f.source_file, int(f.source_row))
            name, masked = quarantined.get(key) or raw_people.get(key) or ("", "")
        rows.append([
            name,
            masked,
            training_text(trainings, f.project_code, f.year, latest),
            where_to_fix(profiles.get(f.load_id), f.source_file),
            *answers.get(f.finding_id, ("", "")),
        ])
    extra = pd.DataFrame(rows, columns=ROW_EXTRA_COLUMNS, index=findings.index, dtype="object")
    return pd.concat([findings, extra], axis=1)
