"""The messages and warnings a load writes about versions of one logical file."""

from __future__ import annotations

from datetime import datetime

from ingest.load_report import FileResult
from ingest.replacement import Version, drop_share, newer_than
from ingest.versions import file_version


def describe(source_file: str, modified_at: datetime | None) -> str:
    """What orders a version: its mark, else its modification time."""
    mark = file_version(source_file)
    if mark.marked:
        return f"mark '{mark.text}'"
    return f"no mark, modified {modified_at:%Y-%m-%d %H:%M:%S} UTC" if modified_at else "no mark"


def note_ties(res: FileResult, loaded: list[Version]) -> None:
    """Warn when a loaded version and this file cannot be ordered (the later load wins)."""
    for v in loaded:
        if v.modified_at is None:  # loaded before modification times were recorded: no warning
            continue
        if v.source_file != res.source_file and newer_than(res.source_file, res.modified_at, v) == 0:
            res.warnings.append(
                f"{v.source_file} and this file are versions of one logical file that neither a "
                "version mark nor the modification time orders: the later load wins; add a mark "
                "such as (更正) or a date to the newer file's name"
            )


def warn_dropped(res: FileResult, current: Version, pred: Version, limit: float) -> None:
    """Warn when `current` has dropped more than `limit` of its predecessor's data rows."""
    share = drop_share(pred.data_rows, current.data_rows)
    if share > limit:
        res.warnings.append(
            f"{current.source_file} (load {current.load_id}) has {current.data_rows} data rows, "
            f"the version it replaces, {pred.source_file} (load {pred.load_id}), had "
            f"{pred.data_rows}: {share:.0%} of the rows dropped (more than "
            f"ingest.replacement_max_row_drop_share {limit:.0%}); rule REPLACEMENT_DROPPED_ROWS "
            "reports it"
        )
