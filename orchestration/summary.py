"""The short summary `make demo` / `make run` print after a run, read from the warehouse."""

from __future__ import annotations

import duckdb

from expectations.catalogue import load_rule_catalogue, rule_info
from expectations.findings import open_filter
from expectations.publication.location import publish_root
from expectations.publication.status import failed_files_line, status_line
from ingest.teacher_key import HashKeyError, load_key
from orchestration.settings import Locations

TRAINING_TABLES = ("provincial_records", "platform_records", "guopei_trainees", "signin_attendance")


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    try:
        return int(con.execute(sql).fetchone()[0] or 0)
    except duckdb.Error:
        return 0


def summary_lines(con: duckdb.DuckDBPyConnection, locations: Locations) -> list[str]:
    teachers = _scalar(con, "select count(*) from main.int_teachers")
    records = sum(_scalar(con, f"select count(*) from raw.{t}") for t in TRAINING_TABLES)
    quarantined = _scalar(con, "select count(*) from raw.quarantine")
    files = _scalar(con, "select count(*) from raw.load_manifest where status = 'loaded'")
    rows = _row_balance(con)
    # on-track share: rostered teachers of the current cycle only; unknown teachers apart
    current = "from main.mart_teacher_cycle_credits where is_current_cycle"
    cycles = _scalar(con, f"select count(*) {current} and on_roster")
    on_track = _scalar(con, f"select count(*) {current} and on_roster and on_track")
    unknown = _scalar(con, f"select count(*) {current} and not on_roster")
    share = f"{on_track / cycles:.1%}" if cycles else "n/a"
    lines = [
        "",
        "== Teacher-training pipeline summary ==",
        f"files loaded:                 {files}",
        f"teachers:                     {teachers}",
        f"training records loaded:      {records}",
        f"records quarantined:          {quarantined}",
        f"rows of the loaded files:     {rows}",
        f"teachers on track for 360 h:  {on_track} of {cycles} rostered ({share}), as of the"
        " policy's as_of_date",
        f"unknown teachers (on no roster, not in the share): {unknown}",
        "open data-quality findings per rule:",
    ]
    try:
        findings = con.execute(
            "select rule_id, severity, count(*) from main.dq_findings "
            f"where {open_filter()} group by all order by 1"
        ).fetchall()
    except duckdb.Error:
        findings = []
    lines += finding_lines(findings)
    lines += failed_files_line(con, locations.landing_dir)
    lines.append(f"publication of the marts:     {status_line(con)}")
    lines += _key_line()
    lines += [
        "outputs:",
        f"  warehouse:        {locations.warehouse} (the pipeline's own)",
        f"  analysts' file:   {publish_root(locations.reports_dir) / 'current' / 'analysts.duckdb'}",
        f"  auditors' report: {locations.reports_dir / 'auditors_report.html'}",
        f"  reports folder:   {locations.reports_dir}",
    ]
    return lines


def _row_balance(con: duckdb.DuckDBPyConnection) -> str:
    """read = loaded + quarantined + skipped over the loaded files (every row lands once)."""
    try:
        read, loaded, quarantined, skipped = con.execute(
            "select coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0), "
            "coalesce(sum(rows_quarantined), 0), coalesce(sum(rows_skipped), 0) "
            "from raw.load_manifest where status = 'loaded'"
        ).fetchone()
    except duckdb.Error:
        return "n/a"
    return f"read {read} = loaded {loaded} + quarantined {quarantined} + skipped {skipped}"


def finding_lines(rows: list[tuple[str, str, int]]) -> list[str]:
    """One line per rule: id, severity, count, Chinese and English title; then the total."""
    if not rows:
        return ["  (none)"]
    catalogue = load_rule_catalogue()
    lines = [
        f"  {rule:<24} {sev:<6} {n:>6}  {rule_info(rule, catalogue, sev).title_zh} / "
        f"{rule_info(rule, catalogue, sev).title_en}"
        for rule, sev, n in rows
    ]
    errors = sum(n for _, sev, n in rows if sev == "error")
    total = sum(n for _, _, n in rows)
    lines.append(f"  {'total':<24} {'':<6} {total:>6}  ({errors} error, {total - errors} warn)")
    return lines


def _key_line() -> list[str]:
    """Says so when the public demo key made the k_teacher values (fine for the sample only)."""
    try:
        demo = load_key().is_demo
    except HashKeyError:
        return []
    return [
        "hash key:                     the public DEMO key (sample data only; set "
        "TT_HASH_KEY_FILE for real teachers, see README)"
    ] if demo else []


def print_summary(locations: Locations | None = None) -> None:
    loc = locations or Locations.from_env()
    if not loc.warehouse.exists():
        print(f"no warehouse at {loc.warehouse}")
        return
    with duckdb.connect(str(loc.warehouse), read_only=True) as con:
        print("\n".join(summary_lines(con, loc)), flush=True)


if __name__ == "__main__":
    print_summary()
