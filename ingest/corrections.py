"""Read back the correction workbooks schools return: their 整改情况 / 整改说明 answers.

`python -m ingest corrections DIR... --warehouse FILE` finds every *.xlsx under DIR, reads each
rule sheet of each correction workbook (the sheet whose header row has 问题编号 and 整改情况,
see ingest/correction_form.py) and writes, per answered row:
- raw.correction_responses: finding_id, the answer (code and label), the note, and the lineage
  (source_file, source_sheet, source_row, load_id) like every raw table;
- raw.correction_quarantine: rows that cannot be taken, with their reason codes: FINDING_UNKNOWN
  (the id is in no build's findings), FINDING_ID_MISSING, RESPONSE_INVALID (not one of the
  dropdown's answers), NOTE_MISSING (无需整改 / 无法整改 without a reason);
- raw.correction_loads: one row per file version (content hash, counts, status).
Rows with neither answer nor note are counted as unanswered and not stored. The same file loaded
twice changes nothing; a changed file under the same name replaces its earlier rows, in one
transaction per file. dq_findings shows each finding's latest answer (dq_correction_responses).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
from python_calamine import CalamineWorkbook

from ingest.correction_form import (
    ANSWERS,
    FINDING_ID_HEADER,
    NEEDS_NOTE,
    NOTE_HEADER,
    STATUS_HEADER,
)
from ingest.file_sniff import check_xlsx
from ingest.reader import file_hash, relative_source

MAX_FILE_BYTES = 20 << 20  # a returned workbook is a few hundred KB; refuse anything huge
MAX_ROWS_PER_SHEET = 100_000

DDL = [
    "create schema if not exists raw",
    "create table if not exists raw.correction_responses (finding_id varchar, "
    "response_code varchar, response_label varchar, response_note varchar, source_file varchar, "
    "source_sheet varchar, source_row integer, load_id varchar, loaded_at timestamp)",
    "create table if not exists raw.correction_quarantine (load_id varchar, source_file varchar, "
    "source_sheet varchar, source_row integer, finding_id varchar, reason_codes varchar, "
    "reason_detail varchar, raw_values varchar)",
    "create table if not exists raw.correction_loads (load_id varchar, source_file varchar, "
    "content_hash varchar, status varchar, rows_answered integer, rows_quarantined integer, "
    "rows_unanswered integer, message varchar, loaded_at timestamp)",
]


@dataclass
class Row:
    sheet: str
    row: int  # Excel row number (1-based)
    finding_id: str
    label: str
    note: str
    reasons: list[str] = field(default_factory=list)
    detail: list[str] = field(default_factory=list)


@dataclass
class FileResult:
    source_file: str
    status: str  # new | replaced | unchanged | failed
    load_id: str | None = None
    rows_answered: int = 0
    rows_quarantined: int = 0
    rows_unanswered: int = 0
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)
    message: str | None = None


@dataclass
class CorrectionReport:
    files: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    def to_dict(self) -> dict[str, Any]:
        return {"files": [asdict(f) for f in self.files]}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _at(row: list[Any], col: int | None) -> str:
    return _text(row[col]) if col is not None and col < len(row) else ""


def read_responses(path: Path) -> tuple[list[Row], int]:
    """(answered or invalid rows, unanswered count) of one returned workbook; raises ValueError
    when no sheet has the form's headers, limits.RejectedFile when the file is over a limit of
    the ingest's (declared extent, sizes: a crafted file must not exhaust memory)."""
    check_xlsx(path)
    book = CalamineWorkbook.from_path(str(path))
    rows: list[Row] = []
    unanswered, forms = 0, 0
    for name in book.sheet_names:
        cells = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        header_at = next(
            (i for i, r in enumerate(cells[:50]) if FINDING_ID_HEADER in map(_text, r)
             and STATUS_HEADER in map(_text, r)),
            None,
        )
        if header_at is None:
            continue
        forms += 1
        header = [_text(c) for c in cells[header_at]]
        id_col, status_col = header.index(FINDING_ID_HEADER), header.index(STATUS_HEADER)
        note_col = header.index(NOTE_HEADER) if NOTE_HEADER in header else None
        for i, r in enumerate(cells[header_at + 1 : header_at + 1 + MAX_ROWS_PER_SHEET]):
            fid, label, note = (_at(r, c) for c in (id_col, status_col, note_col))
            if not label and not note:
                unanswered += bool(fid)
                continue
            rows.append(_checked(Row(name, header_at + i + 2, fid, label, note)))
    if not forms:
        raise ValueError(
            f"not a correction workbook: no sheet has the headers {FINDING_ID_HEADER} and "
            f"{STATUS_HEADER}"
        )
    return rows, unanswered


def _checked(row: Row) -> Row:
    if not row.finding_id:
        row.reasons.append("FINDING_ID_MISSING")
        row.detail.append(f"{FINDING_ID_HEADER}为空")
    code = ANSWERS.get(row.label)
    if code is None:
        row.reasons.append("RESPONSE_INVALID")
        shown = row.label or "（空）"
        row.detail.append(f"整改情况“{shown}”不是下拉列表中的选项（{' / '.join(ANSWERS)}）")
    elif code in NEEDS_NOTE and not row.note:
        row.reasons.append("NOTE_MISSING")
        row.detail.append(f"选择“{row.label}”须在整改说明中写明原因")
    return row


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    cur = con.execute(sql, params) if params is not None else con.execute(sql)
    try:
        return cur.fetchall()
    except duckdb.InvalidInputException:
        return []


def _known_findings(con: duckdb.DuckDBPyConnection) -> set[str]:
    known: set[str] = set()
    for table in ("dq_findings", "dq_findings_history"):
        exists = _run(
            con,
            "select 1 from information_schema.tables where table_schema = 'main' and table_name = ?",
            [table],
        )
        if exists:
            known |= {r[0] for r in _run(con, f"select distinct finding_id from main.{table}")}
    return known


def _write(con: duckdb.DuckDBPyConnection, res: FileResult, digest: str, rows: list[Row],
           unanswered: int, known: set[str]) -> None:
    for row in rows:
        if row.finding_id and row.finding_id not in known:
            row.reasons.insert(0, "FINDING_UNKNOWN")
            row.detail.insert(0, f"问题编号 {row.finding_id} 不在任何一次检查的问题清单中")
    good = [r for r in rows if not r.reasons]
    bad = [r for r in rows if r.reasons]
    res.rows_answered, res.rows_quarantined, res.rows_unanswered = len(good), len(bad), unanswered
    for r in bad:
        for code in r.reasons:
            res.quarantined_by_reason[code] = res.quarantined_by_reason.get(code, 0) + 1
    _run(con, "begin transaction")
    try:
        old = [r[0] for r in _run(
            con, "select load_id from raw.correction_loads where source_file = ? and status = 'loaded'",
            [res.source_file],
        )]
        for table in ("correction_responses", "correction_quarantine"):
            _run(con, f"delete from raw.{table} where load_id in (select unnest(?::varchar[]))", [old])
        _run(con, "update raw.correction_loads set status = 'superseded' "
             "where load_id in (select unnest(?::varchar[]))", [old])
        if good:
            con.executemany(
                "insert into raw.correction_responses values (?, ?, ?, ?, ?, ?, ?, ?, now()::timestamp)",
                [[r.finding_id, ANSWERS[r.label], r.label, r.note or None, res.source_file, r.sheet,
                  r.row, res.load_id] for r in good],
            )
        if bad:
            con.executemany(
                "insert into raw.correction_quarantine values (?, ?, ?, ?, ?, ?, ?, ?)",
                [[res.load_id, res.source_file, r.sheet, r.row, r.finding_id or None,
                  ",".join(sorted(r.reasons)), "; ".join(r.detail),
                  json.dumps({STATUS_HEADER: r.label, NOTE_HEADER: r.note}, ensure_ascii=False)]
                 for r in bad],
            )
        _run(con, "insert into raw.correction_loads values (?, ?, ?, 'loaded', ?, ?, ?, ?, now()::timestamp)",
             [res.load_id, res.source_file, digest, res.rows_answered, res.rows_quarantined,
              res.rows_unanswered, res.message])
        _run(con, "commit")
    except Exception:
        _run(con, "rollback")
        raise
    res.status = "replaced" if old else "new"


def load_corrections(
    paths: list[Path], con: duckdb.DuckDBPyConnection, root: Path | None = None
) -> CorrectionReport:
    """Load every returned workbook (*.xlsx) under paths; source_file is relative to root
    (default: the folder given)."""
    for stmt in DDL:
        _run(con, stmt)
    files: list[Path] = []
    for p in map(Path, paths):
        found = sorted(p.rglob("*.xlsx")) if p.is_dir() else [p]
        files += [f for f in found if not f.name.startswith(("~$", "."))]
    if root is None:
        root = Path(paths[0]) if len(paths) == 1 and Path(paths[0]).is_dir() else None
    report, known = CorrectionReport(), _known_findings(con)
    for path in files:
        res = FileResult(source_file=relative_source(path, root), status="failed")
        report.files.append(res)
        if path.stat().st_size > MAX_FILE_BYTES:
            res.message = f"file larger than {MAX_FILE_BYTES >> 20} MB: not a correction workbook"
            continue
        digest = file_hash(path)
        prior = _run(con, "select load_id, source_file from raw.correction_loads "
                     "where content_hash = ? and status = 'loaded'", [digest])
        if prior:
            res.status, res.load_id = "unchanged", prior[0][0]
            res.message = f"same content already loaded as {prior[0][1]} (load {prior[0][0]})"
            continue
        try:
            rows, unanswered = read_responses(path)
        except Exception as exc:  # a damaged or foreign file fails alone
            res.message = f"{type(exc).__name__}: {exc}"
            continue
        res.load_id = f"{datetime.now():%Y%m%dT%H%M%S}-corr-{digest[:12]}-{uuid.uuid4().hex[:6]}"
        _write(con, res, digest, rows, unanswered, known)
    return report


def render(report: CorrectionReport) -> str:
    lines = []
    for f in report.files:
        if f.status in ("new", "replaced"):
            reasons = ", ".join(f"{k} {v}" for k, v in sorted(f.quarantined_by_reason.items()))
            lines.append(
                f"[{f.status}] {f.source_file}: answered {f.rows_answered}, quarantined "
                f"{f.rows_quarantined}{f' [{reasons}]' if reasons else ''}, unanswered "
                f"{f.rows_unanswered}"
            )
        else:
            lines.append(f"[{f.status}] {f.source_file}: {f.message}")
    lines.append(f"{len(report.files)} workbook(s), {len(report.failed)} failed")
    return "\n".join(lines)
