# One entry point for people and CI. `make demo` and `make test` set up what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

# What the PDF renderer, the lab's simulated BMC and the fleet tests (a real Redis broker and
# a real PostgreSQL history, started by the tests themselves in a scratch folder) need from the
# system. Installed with apt when running as root; otherwise the demo and the tests say what
# is missing.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
                   poppler-utils openipmi ipmitool redis-server postgresql

.PHONY: setup system demo test lint unit fleet corpus fuzz clean bench audit lock

system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing system packages: $$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null || \
	  { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null; }; \
	else \
	  echo "note: missing system packages (install them with your package manager): $$missing"; \
	fi

# Every package at the version in requirements.lock (what CI tested and `make audit` checked).
$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock --upgrade pip setuptools
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test,fleet]"
	@touch $(STAMP)

setup: $(STAMP) system

## Inspect the built-in lab and write its run folder under reports/demo/.
demo: setup
	$(BIN)/inspector demo --out reports

## Lint, type-check and run every test tier (the corpus tier skips without ../shared/corpus).
test: setup lint
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check inspector tests bench tools
	$(BIN)/mypy

unit: setup
	$(BIN)/python -m pytest tests/unit

## The fleet tests alone (part of `make test`): each test run starts its own redis-server and
## PostgreSQL on free ports of 127.0.0.1 in pytest's scratch folder and stops them at the end.
fleet: setup
	$(BIN)/python -m pytest tests/fleet

corpus: setup
	$(BIN)/python -m pytest tests/corpus -s

## The long fuzz and fault runs (enormous outputs, 200 lab devices); `make test` skips them.
fuzz: setup
	$(BIN)/python -m pytest -m slow tests/fuzz tests/integration

## Benchmarks: collection, offline parsing side by side with net-inspect, reports, a whole
## monthly run (500 mixed devices, stage by stage), a fleet (10 sites × 50 devices, site
## workers on a real Redis, one killed mid-job). Prints one
## table each, writes bench/results/*.json; about 12 minutes in all on 2 cores (see
## docs/scaling.md); then every target beside its goal and its last measurement
## (bench/targets.py).
bench: setup
	$(BIN)/python bench/collection.py
	$(BIN)/python bench/parsing.py
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/monthly.py
	$(BIN)/python bench/fleet.py
	$(BIN)/python bench/targets.py

## Check the locked dependencies against PyPI's advisories (exceptions: audit-exceptions.yaml).
audit: setup
	$(BIN)/python tools/audit.py

## Move the pins forward: resolve pyproject.toml afresh in a scratch venv and write the lock.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip setuptools
	.venv-lock/bin/python -m pip install --quiet -e ".[test,fleet]"
	{ echo "# Exact versions of every package make setup installs; written by make lock."; \
	  .venv-lock/bin/python -m pip freeze --all --exclude-editable; } > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) reports .pytest_cache .mypy_cache .ruff_cache
