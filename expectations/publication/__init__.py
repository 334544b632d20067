"""Write-audit-publish: the analysts' own warehouse, published atomically in versioned folders.

After each build `publish` (expectations.publication.publish) copies the analyst marts, the
findings without identities and docs tables from the working warehouse into a new folder
TT_PUBLISH_DIR/versions/<build-id>/ (analysts.duckdb, parquet/, xlsx/, manifest.json), then
switches the symlink TT_PUBLISH_DIR/current to it with one rename: a reader sees the whole old
or the whole new version. Rows touched by an open error finding are withheld (or flagged, per
mart: see plan.MART_MODES); a failed source file or a source kind gone since the last
publication blocks the marts it feeds (they keep their previous published copy). Every table is
written sorted by its tested key (order.py), so the same warehouse publishes the same files.
"""
