#!/usr/bin/env bash
# `make shell`: chat in the terminal (the action server runs in the background for the session).
set -euo pipefail
cd "$(dirname "$0")/.."
# every setting checked in one line each, and the ones credentials.yml and endpoints.yml name given their defaults
settings=$(.venv/bin/python -m senco_settings export) || exit 2
eval "$settings"
# a person chatting sees the conversation, not the libraries' deprecation notices and TensorFlow's start-up log
export TF_CPP_MIN_LOG_LEVEL=3 PYTHONWARNINGS=ignore SQLALCHEMY_SILENCE_UBER_WARNING=1
# readable log lines for a person at a terminal, unless asked otherwise (servers log JSON)
export SENCO_LOG_FORMAT=${SENCO_LOG_FORMAT:-console}
model=$(bash tools/train.sh | tail -n 1)
mkdir -p var
bash tools/serve_actions.sh >var/actions-shell.log 2>&1 &
actions=$!
trap 'kill $actions 2>/dev/null; wait $actions 2>/dev/null || true' EXIT INT TERM
.venv/bin/python -m rasa_patches.cli shell --model "$model" --endpoints endpoints.yml
