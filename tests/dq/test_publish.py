"""Publication asset (orchestration/defs/publish.py): open error findings no longer block the
whole publication (their rows are withheld, see tests/publish/); the asset always materializes
with its status, and the failed-source check sits on it."""

from __future__ import annotations

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from expectations.publication.publish import PublishSettings
from orchestration.defs import publish as publish_asset
from orchestration.defs.quality.sources import SOURCE_CHECKS
from orchestration.resources import PipelineSettings
from tests.publish import hand_warehouse as hw


def _run(tmp_path, monkeypatch):
    wh = tmp_path / "w.duckdb"
    hw.write_warehouse(wh)
    manifest = hw.write_dbt_manifest(tmp_path / "manifest.json")
    root = tmp_path / "reports" / "published"
    monkeypatch.setattr(
        publish_asset, "publish_settings", lambda _s: PublishSettings(root, manifest)
    )
    resources = {
        "duckdb": DuckDBResource(database=str(wh)),
        "settings": PipelineSettings(
            landing_dir=str(tmp_path / "landing"),
            warehouse=str(wh),
            reports_dir=str(tmp_path / "reports"),
        ),
    }
    result = dg.materialize(
        [publish_asset.build_published_marts()], resources=resources, raise_on_error=False
    )
    return result, root, wh


def test_open_error_findings_do_not_block_the_publication(tmp_path, monkeypatch):
    result, root, wh = _run(tmp_path, monkeypatch)
    assert result.success
    [event] = result.get_asset_materialization_events()
    metadata = event.materialization.metadata
    assert metadata["status"].value == "published" and metadata["rows_withheld"].value == 3
    assert (root / "current" / "analysts.duckdb").exists()
    with duckdb.connect(str(wh), read_only=True) as con:
        assert con.execute(
            "select status, rows_withheld from publish.publication_runs"
        ).fetchall() == [("published", 3)]


def test_publish_assets_wire_into_the_code_location():
    from orchestration.definitions import build_defs

    graph = build_defs().resolve_asset_graph()
    published = graph.get(dg.AssetKey("published_marts"))
    parents = {k.to_user_string() for k in published.parent_keys}
    assert {"dq_findings", "mart_teacher_cycle_credits", "mart_lineage"} <= parents
    report_parents = graph.get(dg.AssetKey("auditors_report")).parent_keys
    assert dg.AssetKey("published_marts") in report_parents
    assert dg.AssetCheckKey(dg.AssetKey("published_marts"), "source_files_loaded") in (
        graph.asset_check_keys
    )
    assert SOURCE_CHECKS
