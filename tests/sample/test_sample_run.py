"""The sample generator's run and command line: the same seed gives the same bytes (also with worker
processes), split provincial exports, the landing folder it refuses or replaces, the
province-scale layout, no fork with live thread pools."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sample_oracle import SEED, Landing, all_files, cell_values, oracle_truth, truth

from samplegen import generate


def test_same_seed_same_output(sample_dir: Path, sample_dir_again: Path):
    assert truth(sample_dir) == truth(sample_dir_again)
    assert all_files(sample_dir) == all_files(sample_dir_again)
    # byte-identical, XLSX included (fixed document properties, stable orderings)
    for rel in all_files(sample_dir):
        assert (sample_dir / rel).read_bytes() == (sample_dir_again / rel).read_bytes(), rel
    assert cell_values(sample_dir) == cell_values(sample_dir_again)


def test_other_seed_differs(sample_dir: Path, sample_dir_other_seed: Path):
    a, b = truth(sample_dir), truth(sample_dir_other_seed)
    assert a["seed"] == SEED and b["seed"] == SEED + 1
    assert a["defects"] != b["defects"]
    csv = "platform/网络研修学习记录_2022.csv"
    assert (sample_dir / csv).read_bytes() != (sample_dir_other_seed / csv).read_bytes()


# -- ground truth --------------------------------------------------------------------------------


def test_worker_processes_do_not_change_the_output(tmp_path: Path):
    one, two = tmp_path / "one", tmp_path / "two"
    t1 = generate(
        one,
        teachers=120,
        seed=11,
        years=[2022, 2023],
        split_provincial=True,
        workers=1,
        log=lambda _m: None,
    )
    # The pytest process has loaded polars and DuckDB (whose thread pools make fork() unsafe), so
    # the two-worker run happens in a fresh process, as the CLI runs it.
    proc = subprocess.run(
        [sys.executable, "-m", "ingest.sample", "--teachers", "120", "--seed", "11", "--years", "2022-2023",
         "--split-provincial", "yes", "--workers", "2", "--out", str(two)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "one process" not in proc.stderr
    t2 = json.loads((two / "ground_truth.json").read_text(encoding="utf-8"))
    assert t1 == t2
    assert all_files(one) == all_files(two)
    for rel in all_files(one):
        assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel
    assert Landing.read(one, [2022, 2023]).findings() == oracle_truth(t1)


def test_cli_writes_split_provincial(tmp_path: Path):
    out = tmp_path / "landing"
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "samplegen",
            "--teachers",
            "100",
            "--seed",
            "3",
            "--out",
            str(out),
            "--years",
            "2022",
            "--split-provincial",
            "yes",
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "sample:" in res.stderr
    t = truth(out)
    assert t["years"] == [2022] and t["teachers"] == 100
    prov = sorted(p.name for p in (out / "provincial").iterdir())
    assert prov == ["临渭区_省平台学时导出_2022.xlsx", "华州区_省平台学时导出_2022.xlsx"]
    land = Landing.read(out, [2022])
    assert land.findings() == oracle_truth(t)


def test_province_scale_layout_is_unique():
    """A province (400,000 teachers -> 667 counties, 8,000 schools) needs unique county names
    (they name the funding files), 6-digit area codes and 10-digit school codes."""
    import numpy as np

    from samplegen.layout import make_counties, make_schools

    counties = make_counties(667, np.random.default_rng(1))
    assert len({c.name for c in counties}) == 667
    assert all(len(c.code) == 6 and c.code.isdigit() for c in counties)
    assert len({c.code for c in counties}) == 667
    schools = make_schools(counties, 400_000, np.random.default_rng(1))
    assert len(schools) == 8000 and sum(s.n_teachers for s in schools) == 400_000
    assert len({s.code for s in schools}) == 8000
    assert all(len(s.code) == 10 and s.code.isdigit() for s in schools)
    assert all(len({s.name for s in c.schools}) == len(c.schools) for c in counties)


def test_cli_refuses_a_folder_that_holds_something_other_than_a_sample(tmp_path):
    from samplegen.__main__ import main

    real = tmp_path / "landing"
    real.mkdir()
    (real / "学校上报.xlsx").write_bytes(b"not ours")
    with pytest.raises(SystemExit, match="refusing"):
        main(["--teachers", "60", "--out", str(real)])
    assert (real / "学校上报.xlsx").read_bytes() == b"not ours"


def test_cli_replaces_an_earlier_sample_only_when_asked(tmp_path):
    from samplegen.__main__ import main

    out = tmp_path / "landing"
    assert main(["--teachers", "60", "--seed", "1", "--out", str(out)]) == 0
    stray = out / "provincial" / "stale.xlsx"
    stray.write_bytes(b"x")
    with pytest.raises(SystemExit, match="replace-sample"):
        main(["--teachers", "60", "--seed", "1", "--out", str(out)])
    assert main(["--teachers", "60", "--seed", "1", "--out", str(out), "--replace-sample"]) == 0
    assert not stray.exists()
    assert (out / "ground_truth.json").is_file()


def test_generator_does_not_fork_a_process_with_live_thread_pools(tmp_path: Path):
    import duckdb

    with duckdb.connect() as con:  # starts DuckDB's thread pool in this process
        con.execute("select 1").fetchall()
        logs: list[str] = []
        truth = generate(
            tmp_path / "x", teachers=120, seed=11, years=[2022, 2023], split_provincial=True,
            workers=2, log=logs.append,
        )
    assert any("one process" in m for m in logs), logs
    assert truth["teachers"] == 120
