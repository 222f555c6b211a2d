# The two commands a person needs: `make run` and `make test`. Everything else is set up on demand.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: help venv webchat browser test check lint validate unit dialogue bench run shell train clean constraints retention audit soak cluster

help:
	@echo "make run     serve the assistant (sets everything up first)"
	@echo "make test    run every check CI runs"
	@echo "make check   the fast inner loop: lint and the tests that need no server, browser or database (about a minute)"
	@echo "make bench   performance report (bench/results/latest.json)"
	@echo "make soak    20,000 messages through 2 replicas on PostgreSQL and Redis (about 30 minutes)"
	@echo "make cluster serve 2 Rasa replicas + 2 action servers behind a balancer (PostgreSQL and Redis)"
	@echo "make shell   chat in the terminal"
	@echo "make retention  delete conversations idle for SENCO_RETENTION_DAYS (default 30)"
	@echo "make audit   known vulnerabilities in the pinned dependencies (part of make test)"
	@echo "make clean   remove the environment, models and caches"

venv:
	@bash tools/ensure_venv.sh

# The web chat widget, built into webchat/dist/ (npm ci + esbuild; skipped when its sources and lockfile are unchanged).
webchat:
	@bash tools/build_webchat.sh

# Debian's Chromium, which the web chat tests drive through Playwright (installed with apt-get when missing).
browser:
	@bash tools/ensure_browser.sh

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# `rasa data validate --fail-on-warnings`, strict: every Rasa warning fails unless proved harmless (tools/validate_data.py).
validate: venv
	TF_CPP_MIN_LOG_LEVEL=2 $(PY) tools/validate_data.py

# pytest: rules engine, parsers, actions, NLU held-out evaluation, REST conversations on real servers, and the web
# chat in a real browser.
unit: venv webchat browser
	$(PY) -m pytest -q

# Dialogue test stories: every action must be predicted exactly.
dialogue: venv
	TF_CPP_MIN_LOG_LEVEL=2 $(VENV)/bin/rasa test core --model "$$(bash tools/train.sh | tail -n 1)" \
	  --stories tests/stories --fail-on-prediction-errors --out var/results/core

# Known vulnerabilities in constraints.txt, as far as the reachable index can tell (tools/audit_deps.py says what it
# cannot check); findings must be justified in security/audit-exceptions.toml.
audit: venv
	$(PY) tools/audit_deps.py

test: lint validate audit unit dialogue

# The fast inner loop: lint, then every test that starts no server and needs no browser, PostgreSQL or Redis (the
# `slow` and `services` markers, pyproject.toml). `make test` stays the full CI run.
check: lint
	$(PY) -m pytest -q -m "not slow and not services" -p no:cacheprovider

train: venv
	@bash tools/train.sh

run: venv webchat
	@bash tools/run.sh

shell: venv
	@bash tools/shell.sh

# Delete conversations with no activity for SENCO_RETENTION_DAYS (default 30) from the server's tracker store.
retention: venv
	$(PY) -m senco_settings check
	$(PY) -m privacy.retention

# The project against the same assistant under Rasa's default recipe, one run, same machine (bench/run.py lists
# the BENCH_* settings); writes bench/results/latest.json, prints a table, fails when a target is missed.
bench: venv
	$(PY) -m senco_settings check
	TF_CPP_MIN_LOG_LEVEL=2 $(PY) -m bench.run

# The soak test at full size: 20,000 messages across 200 conversations, 2 Rasa replicas and 2 action servers on the
# machine's PostgreSQL and Redis (`make test` runs the same test with 600 messages).
soak: venv
	SENCO_SOAK_MESSAGES=$${SENCO_SOAK_MESSAGES:-20000} SENCO_SOAK_CONVERSATIONS=$${SENCO_SOAK_CONVERSATIONS:-200} \
	  $(PY) -m pytest -q -s tests/scale/test_soak.py

# 2 Rasa replicas + 2 action servers behind a round-robin balancer on RASA_PORT, sharing PostgreSQL (DB_URL) and
# Redis (REDIS_URL), each process health-checked and restarted (deploy/cluster.py; README "Stores and scaling out").
cluster: venv webchat
	$(PY) -m deploy.cluster

constraints:
	@bash tools/freeze_constraints.sh

clean:
	rm -rf $(VENV) models .pytest_cache .ruff_cache .hypothesis bench/results webchat/dist webchat/node_modules
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
