#!/usr/bin/env bash
# `make run`: serve the action server and Rasa (REST, socket.io, HTTP API). Ctrl-C or SIGTERM stops both,
# and nothing is left running.
set -euo pipefail
cd "$(dirname "$0")/.."

model=$(bash tools/train.sh | tail -n 1)
# Fail fast, with a clear message, on a bad SENCO_TODAY rather than answering with a wrong date.
.venv/bin/python -c 'from rules_engine.clock import current_day; current_day()' 2>/dev/null || {
  echo "error: SENCO_TODAY='${SENCO_TODAY:-}' is not a date in the form YYYY-MM-DD" >&2; exit 2; }

host=${RASA_HOST:-127.0.0.1}
rasa_port=${RASA_PORT:-5005}
action_port=${ACTION_PORT:-5055}
mkdir -p var
export PYTHONPATH=. TF_CPP_MIN_LOG_LEVEL=2
export SENCO_TRACKER_DB=${SENCO_TRACKER_DB:-var/tracker.db}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:$action_port/webhook}

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

SANIC_HOST=127.0.0.1 .venv/bin/python -m rasa_sdk --actions actions --port "$action_port" &
pids+=($!)

token_args=()
[ -n "${RASA_TOKEN:-}" ] && token_args=(--auth-token "$RASA_TOKEN")
.venv/bin/rasa run --model "$model" --enable-api "${token_args[@]}" -i "$host" -p "$rasa_port" \
  --endpoints endpoints.yml --credentials credentials.yml &
pids+=($!)

echo "Serving on http://$host:$rasa_port (REST: /webhooks/rest/webhook). Ctrl-C to stop." >&2
wait -n "${pids[@]}"
