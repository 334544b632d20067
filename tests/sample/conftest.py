from __future__ import annotations

from pathlib import Path

import pytest
from sample_oracle import SEED, N

from samplegen import generate


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample_a")
    generate(out, teachers=N, seed=SEED, log=lambda _m: None)
    return out


@pytest.fixture(scope="session")
def sample_dir_again(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample_b")
    generate(out, teachers=N, seed=SEED, log=lambda _m: None)
    return out


@pytest.fixture(scope="session")
def sample_dir_other_seed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample_c")
    generate(out, teachers=N, seed=SEED + 1, log=lambda _m: None)
    return out


@pytest.fixture(scope="session")
def clean_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample_clean")
    generate(out, teachers=N, seed=SEED, clean=True, log=lambda _m: None)
    return out
