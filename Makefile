# Research notebooks for Chinese policy news. `make` (or `make help`) lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SEEDS ?= seeds
OUT ?= reports

# Determinism for notebooks and reports: fixed hashing.
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help install corpus notebooks report test lab bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-lock.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c requirements-lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m helpers setup
	@touch $(STAMP)

install: $(STAMP) ## Create .venv from the pinned requirements and install helpers (editable)

corpus: $(STAMP) ## Build corpus/ from seeds/ (SEEDS=dir to use another folder)
	$(BIN)/python -m helpers build --seeds $(SEEDS)

notebooks: $(STAMP) ## Re-execute the notebooks in place, refreshing their stored outputs
	$(BIN)/python -m helpers notebooks

report: $(STAMP) ## Build the corpus, run every notebook, write HTML to reports/
	$(BIN)/python -m helpers report --seeds $(SEEDS) --out $(OUT)

test: $(STAMP) ## Unit tests and nbval on every notebook
	$(BIN)/python -m pytest

lab: $(STAMP) ## Open JupyterLab on the project's environment
	$(BIN)/jupyter lab notebooks

bench: $(STAMP) ## Time each stage against bare jieba (see benchmarks/README.md)
	$(BIN)/python benchmarks/run.py

clean: ## Remove .venv, caches and what reports wrote into OUT (never seeds/, corpus/ or your own files)
	$(PYTHON) helpers/outdir.py clean $(OUT)
	rm -rf $(VENV) .cache .pytest_cache
