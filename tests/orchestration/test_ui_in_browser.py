"""`dg dev` on 127.0.0.1 (a free port), opened in headless Debian chromium: the asset graph shows
the ingest, dbt and check nodes. The screenshots go to tests/artifacts/ (git-ignored).

Needs /usr/bin/chromium (`apt-get install -y chromium`); Playwright's browser download is never
used. Automation is off (TT_AUTOMATION=off) so the daemon starts no run in the test.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
DG = Path(sys.executable).parent / "dg"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
    pytest.mark.skipif(not DG.exists(), reason=f"dg is not installed beside {sys.executable}"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"dg dev exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(2)
    raise AssertionError(f"the UI did not answer at {url} within {seconds:.0f} s")


@pytest.fixture
def ui(tmp_path):
    port = _free_port()
    home = tmp_path / "dagster_home"
    home.mkdir()
    env = {
        **os.environ,
        "TT_AUTOMATION": "off",
        "DAGSTER_HOME": str(home),
        "TT_LANDING_DIR": str(tmp_path / "landing"),
        "TT_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "TT_REPORTS_DIR": str(tmp_path / "reports"),
        "PATH": f"{DG.parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    log = (tmp_path / "dg_dev.log").open("w")
    proc = subprocess.Popen(
        [str(DG), "dev", "-h", "127.0.0.1", "-p", str(port)],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/server_info", proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # its own session: the webserver, daemon, code server
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pass
        time.sleep(5)
        try:  # a code server that outlived dg dev
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)
        log.close()


def _dismiss_welcome(page) -> None:
    """The first visit shows a 'Join the Dagster community' dialog over the page."""
    skip = page.get_by_role("button", name="Skip")
    try:
        skip.wait_for(timeout=10_000)
        skip.click()
    except Exception:  # noqa: BLE001 (no dialog this time)
        pass


def test_asset_graph_shows_ingest_dbt_and_check_nodes(ui):
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            # the global lineage: one collapsed box per group, landing -> raw -> dbt layers
            page.goto(f"{ui}/asset-groups", timeout=180_000)
            _dismiss_welcome(page)
            for group in ("landing", "raw", "staging", "marts", "dq", "publish", "reports"):
                page.get_by_text(group, exact=True).first.wait_for(timeout=180_000)
            page.screenshot(path=str(ARTIFACTS / "asset_groups.png"))

            # the graph around a dbt staging model: the ingest node raw/roster feeds it
            page.goto(f"{ui}/assets/stg_roster__teachers?view=lineage", timeout=180_000)
            page.get_by_text("stg_roster__teachers").first.wait_for(timeout=180_000)
            page.get_by_text("roster", exact=True).first.wait_for(timeout=120_000)
            page.screenshot(path=str(ARTIFACTS / "asset_graph.png"))

            # the ingest asset's check node: pandera's results
            page.goto(f"{ui}/assets/raw/roster?view=checks", timeout=180_000)
            page.get_by_text("pandera_contract").first.wait_for(timeout=120_000)
            page.screenshot(path=str(ARTIFACTS / "raw_roster_checks.png"))
        finally:
            browser.close()
    assert (ARTIFACTS / "asset_graph.png").stat().st_size > 10_000
