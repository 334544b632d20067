"""Progress passed on to a costly sink (a Dagster log line is an event-log write) at most once
every so many seconds, plus the first call and the last file."""

from ingest.progress import Throttled


def test_first_call_last_file_and_one_call_per_interval_pass():
    now = [0.0]
    seen: list[tuple] = []
    throttled = Throttled(lambda *a: seen.append(a), seconds=10.0, clock=lambda: now[0])
    throttled(0, 1000, "reading (0 of 1000 unchanged, skipped)")
    for done in range(1, 1001):
        now[0] = done * 0.05  # 20 files a second: 50 s in all
        throttled(done, 1000, "loaded", f"f{done}.xlsx")
    assert [a[0] for a in seen] == [0, 200, 400, 600, 800, 1000]
    assert seen[-1] == (1000, 1000, "loaded", "f1000.xlsx")


def test_an_empty_load_still_reports_once():
    seen: list[tuple] = []
    Throttled(lambda *a: seen.append(a), seconds=10.0, clock=lambda: 0.0)(0, 0, "reading")
    assert seen == [(0, 0, "reading", "")]
