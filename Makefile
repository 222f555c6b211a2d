# The two commands a person needs: `make run` and `make test`. Everything else is set up on demand.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: help venv test lint unit bench run shell clean constraints

help:
	@echo "make run     serve the assistant (sets everything up first)"
	@echo "make test    run every check CI runs"
	@echo "make bench   performance report (bench/results/latest.json)"
	@echo "make shell   chat in the terminal"
	@echo "make clean   remove the environment, models and caches"

venv:
	@bash tools/ensure_venv.sh

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check rules_engine tests bench tools

unit: venv
	$(PY) -m pytest -q

test: lint unit

bench: venv
	$(PY) -m bench.engine_bench

constraints:
	@bash tools/freeze_constraints.sh

clean:
	rm -rf $(VENV) models .pytest_cache .ruff_cache .hypothesis bench/results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
