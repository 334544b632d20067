"""Incremental runs: what a load changed -> which dbt models to rebuild.

Ingest already skips a file whose content hash is in raw.load_manifest, so a run after one new
export reads that file only. These pure functions turn its load report into the dbt selection
`source:raw.<table>+` of the raw tables it wrote: the models downstream of an unchanged table are
not rebuilt (e.g. a new sign-in sheet leaves the funding marts alone). Quarantined rows change
raw.quarantine. raw.load_manifest counts as changed only when a file was replaced, superseded or
could not be read: the models that read it for every load (REPLACEMENT_DROPPED_ROWS, the build
runs) look at those; a new file's manifest row is read only together with its own table's rows
(newest-version ordering in int_teachers and the funding mart), which the selection rebuilds.
"""

from collections.abc import Iterable, Mapping
from typing import Any

import dagster as dg

from ingest.loader import LoadReport

CHANGED_TABLES = "changed_tables"  # metadata of raw/load_manifest: what this run's load wrote
FILES_READ = "files_read"  # ... and the files it parsed
WRITES = ("new", "replaced")  # statuses whose rows went into canonical tables
NO_WRITE = ("unchanged",)  # statuses that leave every raw table as it was
NEW = "new"  # its manifest row matters only beside its own rows (see above)


def changed_raw_tables(files: Iterable[Mapping[str, Any]]) -> set[str]:
    """Raw tables a load wrote to, from its per-file results (LoadReport.to_dict()['files'])."""
    changed: set[str] = set()
    for f in files:
        status = f.get("status")
        if status in NO_WRITE:
            continue
        if status != NEW:
            changed.add("load_manifest")
        if status in WRITES:
            changed.update(f.get("tables") or {})
            # a replacement deletes the earlier version's quarantine rows as well
            if f.get("rows_quarantined") or status == "replaced":
                changed.add("quarantine")
    return changed


def dbt_selector(tables: Iterable[str], source: str = "raw") -> str | None:
    """`source:raw.X+ source:raw.Y+` for the changed tables; None when nothing changed."""
    names = sorted(set(tables))
    if not names:
        return None
    return " ".join(f"source:{source}.{name}+" for name in names)


def incremental_selector(report: LoadReport) -> str | None:
    """The dbt selection a run needs after this load (None: the marts are up to date)."""
    return dbt_selector(changed_raw_tables(report.to_dict()["files"]))


def files_read(files: Iterable[Mapping[str, Any]]) -> list[str]:
    """Files this load parsed: every file but those whose content hash was already loaded."""
    return [f["source_file"] for f in files if f.get("status") not in NO_WRITE]


def follow_up_selection(tables: Iterable[str]) -> dg.AssetSelection:
    """Every asset downstream of the changed raw tables (dbt models, checks, publication,
    report), without the raw tables: the Dagster counterpart of `dbt_selector`."""
    raw = [dg.AssetKey(["raw", t]) for t in sorted(set(tables))]
    return dg.AssetSelection.assets(*raw).downstream(include_self=False)
