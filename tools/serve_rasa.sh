#!/usr/bin/env bash
# The Rasa server exactly as `make run` and the tests start it: `tools/serve_rasa.sh MODEL`.
#
# Channel settings come from the environment (assessment-contract.md section 4) through `${VAR}` references in
# credentials.yml. Rasa refuses a reference to an unset variable, so every channel variable defaults to empty
# here, and a channel whose variables are empty stays off.
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:?usage: tools/serve_rasa.sh MODEL}

for var in SLACK_TOKEN SLACK_SIGNING_SECRET SLACK_API_URL TEAMS_APP_ID TEAMS_APP_PASSWORD TEAMS_TENANT_ID \
  TEAMS_OPENID_URL TEAMS_TOKEN_URL WEBCHAT_ALLOWED_ORIGINS; do
  export "$var=${!var:-}"
done
export PYTHONPATH=. TF_CPP_MIN_LOG_LEVEL=2
export SENCO_TRACKER_DB=${SENCO_TRACKER_DB:-var/tracker.db}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:${ACTION_PORT:-5055}/webhook}
# Stores come from the environment (stores/config.py); an unreachable database or Redis stops here, in one line.
.venv/bin/python -m stores.preflight

args=(--model "$model" --enable-api -i "${RASA_HOST:-127.0.0.1}" -p "${RASA_PORT:-5005}"
  --endpoints endpoints.yml --credentials credentials.yml)
[ -n "${RASA_TOKEN:-}" ] && args+=(--auth-token "$RASA_TOKEN")
# Rasa with the action-server fault handling (faults/action_server.py) installed first.
exec .venv/bin/python -m faults.rasa_cli run "${args[@]}"
