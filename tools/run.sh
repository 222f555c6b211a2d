#!/usr/bin/env bash
# `make run`: serve the action server and Rasa (REST, socket.io, HTTP API). Ctrl-C or SIGTERM stops both,
# and nothing is left running.
set -euo pipefail
cd "$(dirname "$0")/.."

model=$(bash tools/train.sh | tail -n 1)
# Fail fast, with a clear message, on a bad SENCO_TODAY rather than answering with a wrong date.
.venv/bin/python -c 'from rules_engine.clock import current_day; current_day()' 2>/dev/null || {
  echo "error: SENCO_TODAY='${SENCO_TODAY:-}' is not a date in the form YYYY-MM-DD" >&2; exit 2; }

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

bash tools/serve_actions.sh &
pids+=($!)
bash tools/serve_rasa.sh "$model" &
pids+=($!)

echo "Serving on http://${RASA_HOST:-127.0.0.1}:${RASA_PORT:-5005} (REST: /webhooks/rest/webhook; web chat demo: http://${RASA_HOST:-127.0.0.1}:${RASA_PORT:-5005}/webchat/). Ctrl-C to stop." >&2
wait -n "${pids[@]}"
