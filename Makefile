# The two commands a person needs: `make run` and `make test`. Everything else is set up on demand.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: help venv webchat browser test check lint validate unit dialogue bench run shell train clean constraints retention audit soak cluster deploy-check

help:
	@echo "make run     serve the assistant (sets everything up first)"
	@echo "make test    run every check CI runs"
	@echo "make check   the fast inner loop: lint and the tests that need no server, browser or database (about a minute)"
	@echo "make bench   performance report (bench/results/latest.json)"
	@echo "make soak    20,000 messages through nginx to 2 replicas on PostgreSQL and Redis (about 30 minutes)"
	@echo "make cluster serve 2 Rasa replicas + 2 action servers behind nginx, under supervisord (PostgreSQL and Redis)"
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

# Debian's nginx, which `make cluster` and tests/scale put in front of the replicas (installed with apt-get when
# missing; the system's nginx service is never started: the cluster runs its own, with its own configuration).
.PHONY: nginx
nginx:
	@bash tools/ensure_nginx.sh

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# `rasa data validate --fail-on-warnings`, strict: every Rasa warning fails unless proved harmless (tools/validate_data.py).
validate: venv
	TF_CPP_MIN_LOG_LEVEL=2 $(PY) tools/validate_data.py

# pytest: rules engine, parsers, actions, NLU held-out evaluation, REST conversations on real servers, and the web
# chat in a real browser.
unit: venv webchat browser nginx
	$(PY) -m pytest -q

# Dialogue test stories: every action must be predicted exactly.
dialogue: venv
	TF_CPP_MIN_LOG_LEVEL=2 $(VENV)/bin/rasa test core --model "$$(bash tools/train.sh | tail -n 1)" \
	  --stories tests/stories --fail-on-prediction-errors --out var/results/core

# Known vulnerabilities in constraints.txt, as far as the reachable index can tell (tools/audit_deps.py says what it
# cannot check); findings must be justified in security/audit-exceptions.toml.
audit: venv
	$(PY) tools/audit_deps.py

# The container and cluster files checked offline (nothing is built or run): hadolint on deploy/docker/Dockerfile,
# deploy/compose.yaml against the Compose Specification's schema (npm ci in deploy/schemas), every manifest in
# deploy/kubernetes/ through kubernetes-validate --strict, and their consistency with the settings and the contract.
deploy-check: venv
	@bash tools/ensure_deploy_schemas.sh
	$(PY) -m pytest -q tests/deploy -p no:cacheprovider

test: lint validate audit deploy-check unit dialogue

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
# machine's PostgreSQL and Redis, through nginx as `make cluster` runs it (`make test` runs it with 600 messages).
soak: venv nginx
	SENCO_SOAK_MESSAGES=$${SENCO_SOAK_MESSAGES:-20000} SENCO_SOAK_CONVERSATIONS=$${SENCO_SOAK_CONVERSATIONS:-200} \
	  $(PY) -m pytest -q -s tests/scale/test_soak.py

# 2 Rasa replicas + 2 action servers behind nginx on RASA_PORT, sharing PostgreSQL (DB_URL) and Redis (REDIS_URL),
# every process a supervisord program, restarted when it exits (deploy/cluster.py; README "Stores and scaling out").
cluster: venv webchat nginx
	$(PY) -m deploy.cluster

constraints:
	@bash tools/freeze_constraints.sh

clean:
	rm -rf $(VENV) models .pytest_cache .ruff_cache .hypothesis bench/results webchat/dist webchat/node_modules
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
