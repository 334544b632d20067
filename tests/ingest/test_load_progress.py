"""Console progress of `python -m ingest load`: files done / total and the stage, on stderr;
plain lines without ANSI escape codes when stderr is not a terminal."""

import io
import subprocess
import sys

from ingest.progress import Progress
from tests.e2e import landing_fixture as fx


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_writes_plain_lines_when_not_a_terminal():
    out = io.StringIO()
    progress = Progress(out)
    progress(0, 2, "reading (1 of 3 unchanged, skipped)")
    progress(1, 2, "loaded", "a.xlsx")
    progress.close()
    assert out.getvalue() == (
        "ingest: [0/2 files] reading (1 of 3 unchanged, skipped)\n"
        "ingest: [1/2 files] loaded: a.xlsx\n"
    )


def test_progress_redraws_one_line_on_a_terminal():
    out = _Tty()
    progress = Progress(out)
    progress(1, 2, "loaded", "a.xlsx")
    progress(2, 2, "loaded", "b.csv")
    progress.close()
    assert out.getvalue() == (
        "\r\x1b[2Kingest: [1/2 files] loaded: a.xlsx\r\x1b[2Kingest: [2/2 files] loaded: b.csv\n"
    )


def test_ingest_load_shows_each_file_done_without_ansi_when_piped(tmp_path, monkeypatch):
    for name in ("TT_HASH_KEY", "TT_HASH_KEY_FILE", "TT_ENV"):
        monkeypatch.delenv(name, raising=False)
    landing = tmp_path / "landing"
    fx.write_landing(landing)
    cmd = [sys.executable, "-m", "ingest", "load", str(landing), "--warehouse",
           str(tmp_path / "w.duckdb"), "--workers", "1"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = [ln for ln in done.stderr.splitlines() if ln.startswith("ingest: [")]
    assert lines[0] == "ingest: [0/10 files] reading (0 of 10 unchanged, skipped)"
    assert [ln.split("]")[0] for ln in lines[1:]] == [f"ingest: [{i}/10 files" for i in range(1, 11)]
    assert "\x1b" not in done.stderr + done.stdout
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert "ingest: [0/0 files] reading (10 of 10 unchanged, skipped)" in again.stderr
