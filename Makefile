# One entry point for people and CI. `make demo` and `make test` set up what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup demo test lint unit corpus clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

setup: $(STAMP)

## Inspect the built-in lab and write its run folder under reports/demo/.
demo: setup
	$(BIN)/inspector demo --out reports

## Lint, type-check and run every test tier (the corpus tier skips without ../shared/corpus).
test: setup lint
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check inspector tests
	$(BIN)/mypy

unit: setup
	$(BIN)/python -m pytest tests/unit

corpus: setup
	$(BIN)/python -m pytest tests/corpus -s

clean:
	rm -rf $(VENV) reports .pytest_cache .mypy_cache .ruff_cache
