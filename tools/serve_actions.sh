#!/usr/bin/env bash
# The action server exactly as `make run` and the tests start it; it listens on loopback only (Rasa calls it).
set -euo pipefail
cd "$(dirname "$0")/.."
export SANIC_HOST=${SANIC_HOST:-127.0.0.1}
exec .venv/bin/python -m rasa_sdk --actions actions --port "${ACTION_PORT:-5055}"
