# Two set-up commands: `make demo` (sample data -> warehouse -> checks -> report) and `make test`.
# Locations come from the environment, with these defaults (see README.md).
export TT_LANDING_DIR ?= data/landing
export TT_WAREHOUSE ?= warehouse/training.duckdb
export TT_REPORTS_DIR ?= reports
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# dagster dev starts code servers as subprocesses: keep the venv's tools (dbt) on their PATH
export PATH := $(CURDIR)/$(BIN):$(PATH)
TEACHERS ?= 3000
SEED ?= 42
UV_VERSION ?= 0.13.9

.PHONY: demo sample run ui test lint clean venv lock chaos bench

venv: $(VENV)/.installed

# --compile-bytecode: the .pyc files are written once at install (with PYTHONDONTWRITEBYTECODE set,
# as on this machine, every process otherwise compiles dagster, dbt and GX again: ~1.7 s CPU of a
# 7 s dagster + dbt import).
$(VENV)/.installed: pyproject.toml requirements.lock
	@echo "==> creating the virtualenv in $(VENV) and installing the locked dependencies (first time: a minute or two)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@{ $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)" \
	  && $(BIN)/uv pip install --python $(BIN)/python --quiet --compile-bytecode -r requirements.lock \
	  && $(BIN)/uv pip install --python $(BIN)/python --quiet --no-deps -e . ; } > $(VENV)/install.log 2>&1 \
	  || { tail -30 $(VENV)/install.log; echo "install failed: see $(VENV)/install.log"; exit 1; }
	@touch $@

# requirements.lock pins every package (dev tools included) for Python 3.11 on Linux; regenerate it
# after changing pyproject.toml's dependencies.
lock:
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --quiet -o requirements.lock

demo: venv sample run

sample: venv
	@echo "==> generating the sample exports ($(TEACHERS) teachers, seed $(SEED)) into $(TT_LANDING_DIR)"
	@$(BIN)/python -m ingest.sample --teachers $(TEACHERS) --seed $(SEED) --out $(TT_LANDING_DIR) --replace-sample

run: venv $(DAGSTER_HOME)/dagster.yaml
	@echo "==> running every asset and check on $(TT_LANDING_DIR) into $(TT_WAREHOUSE)"
	@$(BIN)/python -m orchestration.run

# dg dev: the webserver and the daemon (schedules, sensors) on the code location of
# orchestration/definitions.py, which loads orchestration/defs/ ([tool.dg] in pyproject.toml)
ui: venv $(DAGSTER_HOME)/dagster.yaml
	@echo "==> Dagster UI on http://127.0.0.1:3000 (warehouse $(TT_WAREHOUSE))"
	@cd $(CURDIR) && $(BIN)/dg dev -h 127.0.0.1 -p 3000

$(DAGSTER_HOME)/dagster.yaml: orchestration/dagster.yaml
	@mkdir -p $(DAGSTER_HOME)
	@cp orchestration/dagster.yaml $@

# two workers (pytest-xdist); tests/conftest.py keeps the tests of one shared fixture in one worker
TEST_WORKERS ?= 2
test: venv
	@$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile

# ruff over the Python; generated dbt macros and doc tables in step (scripts/generate.py);
# sqlfluff over the dbt models (.sqlfluff; the dbt templater compiles each
# model with the region policy as vars; each file's parse and lint run on every CPU)
lint: venv
	@$(BIN)/ruff check .
	@$(BIN)/python dbt_project/scripts/generate.py --check
	@$(BIN)/python dbt_project/scripts/lint_sql.py

# Replays the reliability probes (killed runs, broken and hostile files, bad policy, held warehouse,
# the key, determinism) on a generated county and prints probe / expected / observed (~20-30 min).
chaos: venv
	@$(BIN)/python benchmarks/chaos.py --teachers $(TEACHERS) --seed $(SEED)

# Benchmark of one size (S = 3,000 teachers, M = 50,000, L = 400,000): generate, run end to end,
# compare with the raw-read floor and a pandas script; writes benchmarks/results/$(SIZE).json.
# Generated data goes under BENCH_DIR, never into the repository.
SIZE ?= S
BENCH_DIR ?= /tmp/tt_bench
bench: venv $(DAGSTER_HOME)/dagster.yaml
	@$(BIN)/python benchmarks/bench.py --size $(SIZE) --seed $(SEED) --dir $(BENCH_DIR)

clean:
	rm -rf data/landing warehouse reports .dagster_home dbt_project/target dbt_project/logs
