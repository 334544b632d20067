"""Session fixtures shared across folders, and how `pytest -n 2` (make test) splits the suite.

`hand_run`: the hand landing folder through the whole Dagster job (tests/e2e/hand_run.py), run
once and read by the end-to-end, publication, incremental and key-leak tests.

With pytest-xdist each worker builds its own session fixtures. `make test` runs
`-n 2 --dist loadfile`, and the scheduler below keeps together, in one worker, every test module
that requests one of the expensive shared fixtures (a module requests it when a test or fixture
of it names it as a parameter); any other module is a unit of its own, so its module-scoped
fixtures are built once. (xdist's own `--dist loadgroup` marks are lost under pytest 9.) The
units are queued longest first (`FIRST`, from `--durations`), the short rest after them, so the
suite does not end on one worker running a build of minutes while the other waits; xdist's own
reordering of units by their number of tests is turned off (it queued the 3-test Spark module
47th of 79 units, the dg CLI 58th and the browser UI 68th). The controller parses the dbt project
before the workers start.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from tests.e2e.hand_run import HandRun, SecondRun, first_run, second_run

ROOT = Path(__file__).resolve().parents[1]
# fixture -> group: the session fixtures that take a pipeline run, a dbt build or a sample
SHARED_FIXTURES = {
    "hand_run": "hand_run",
    "hand_second_run": "hand_run",
    "wh": "dbt_fixture",
    "wh_modified": "dbt_fixture",
    "built": "dq_fixture",
    "good_suite_results": "gx_sample_warehouse",
    "sample_dir": "generated_sample",
    "sample_dir_again": "generated_sample",
    "sample_dir_other_seed": "generated_sample",
    "clean_dir": "generated_sample",
}
# the units that take longest, longest first (setup and calls under `pytest -n 2 --durations`):
# the Spark build and the hand run's chain of whole jobs start at once, one on each worker
FIRST = ("tests/spark/test_spark_marts.py", "hand_run", "tests/e2e/test_pipeline_sample.py",
         "tests/orchestration/test_dg_cli.py", "dbt_fixture",
         "tests/orchestration/test_ui_in_browser.py", "dq_fixture",
         "tests/dq/test_generated_samples.py", "tests/ingest/test_corrections_readback.py",
         "tests/ingest/test_hostile_files.py", "tests/orchestration/test_run_recovery.py",
         "tests/publish/test_atomic_and_blocking.py", "tests/dbt/test_credit_edges.py",
         "tests/dbt/test_products.py", "tests/dbt/test_project_edges.py")  # fmt: skip
# the parameters of test functions and of fixtures
REQUESTS = re.compile(r"(?:^def test_\w+|@pytest\.fixture[^\n]*\n(?:@[^\n]*\n)*def \w+)\(([^)]*)\)",
                      re.M)  # fmt: skip


@cache
def group_of(module: str) -> str:
    """The shared group of a test module (path relative to the repository), else the module."""
    try:
        text = (ROOT / module).read_text(encoding="utf-8")
    except OSError:
        return module
    requested = set(re.findall(r"\w+", " ".join(REQUESTS.findall(text))))
    return next((g for name, g in SHARED_FIXTURES.items() if name in requested), module)


def pytest_configure(config: pytest.Config) -> None:
    """Under xdist, parse the dbt project once before the workers start: two workers loading the
    definitions at once would otherwise both write dbt_project/target/manifest.json when it is
    stale (a fresh checkout), one reading it while the other writes."""
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        from orchestration.defs.dbt import prepare_dbt

        prepare_dbt()


@pytest.hookimpl(optionalhook=True)  # absent when xdist is not loaded (-p no:xdist)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    config.option.loadscopereorder = False  # keep the collection order set below

    class SharedFixtureScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid.split("::")[0])

    return SharedFixtureScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {group: i for i, group in enumerate(FIRST)}
    items.sort(key=lambda item: rank.get(group_of(item.nodeid.split("::")[0]), len(FIRST)))


@pytest.fixture(scope="session")
def hand_run(tmp_path_factory, request) -> HandRun:
    capture = request.config.pluginmanager.getplugin("capturemanager")
    return first_run(tmp_path_factory.mktemp("hand_run"), capture)


@pytest.fixture(scope="session")
def hand_second_run(tmp_path_factory, hand_run) -> SecondRun:
    """The job again on a copy of the first run's files (nothing new landed)."""
    return second_run(hand_run, tmp_path_factory.mktemp("hand_second_run"))
