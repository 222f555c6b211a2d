#!/usr/bin/env bash
# `make run`: serve the action server and Rasa (REST, socket.io, HTTP API), and delete old conversations on a
# schedule. Ctrl-C or SIGTERM stops all three, and nothing is left running.
set -euo pipefail
cd "$(dirname "$0")/.."

# Fail fast, one line per bad setting (for example a SENCO_TODAY with no law in force), before training, which is slow.
.venv/bin/python -m senco_settings check || exit 2
model=$(bash tools/train.sh | tail -n 1)

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
# Storage limitation: conversations idle for SENCO_RETENTION_DAYS (default 30) are deleted every
# SENCO_RETENTION_INTERVAL_MINUTES (default 60), from the store endpoints.yml names (privacy/retention.py).
.venv/bin/python -m privacy.retention --every "${SENCO_RETENTION_INTERVAL_MINUTES:-60}" &
pids+=($!)

echo "Serving on http://${RASA_HOST:-127.0.0.1}:${RASA_PORT:-5005} (REST: /webhooks/rest/webhook; web chat demo: http://${RASA_HOST:-127.0.0.1}:${RASA_PORT:-5005}/webchat/). Ctrl-C to stop." >&2
wait -n "${pids[@]}"
