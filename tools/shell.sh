#!/usr/bin/env bash
# `make shell`: chat in the terminal (the action server runs in the background for the session).
set -euo pipefail
cd "$(dirname "$0")/.."
model=$(bash tools/train.sh | tail -n 1)
export TF_CPP_MIN_LOG_LEVEL=2
export SENCO_TRACKER_DB=${SENCO_TRACKER_DB:-var/tracker.db}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:${ACTION_PORT:-5055}/webhook}
mkdir -p var
bash tools/serve_actions.sh >var/actions-shell.log 2>&1 &
actions=$!
trap 'kill $actions 2>/dev/null; wait $actions 2>/dev/null || true' EXIT INT TERM
.venv/bin/python -m faults.rasa_cli shell --model "$model" --endpoints endpoints.yml
