"""The "open findings" filter is written once (expectations.findings.open_filter) and means: the
latest build found it; a row without a status (an older warehouse) counts as open."""

from __future__ import annotations

from pathlib import Path

import duckdb

from expectations.findings import open_filter

REPO = Path(__file__).resolve().parents[2]


def test_open_filter_keeps_open_and_status_less_rows_and_drops_resolved_ones():
    con = duckdb.connect()
    con.execute("create table f (finding_id varchar, status varchar)")
    con.execute("insert into f values ('a', 'open'), ('b', 'resolved'), ('c', null)")

    plain = con.execute(f"select finding_id from f where {open_filter()} order by 1").fetchall()
    aliased = con.execute(
        f"select x.finding_id from f as x where {open_filter('x')} order by 1"
    ).fetchall()

    assert plain == aliased == [("a",), ("c",)]


def test_the_publication_gate_and_the_rule_checks_use_the_one_filter():
    for path in (
        "expectations/publication/withhold.py",
        "orchestration/defs/quality/rules.py",
        "orchestration/summary.py",
    ):
        text = (REPO / path).read_text(encoding="utf-8")
        assert "open_filter(" in text and "'open') = 'open'" not in text, path
