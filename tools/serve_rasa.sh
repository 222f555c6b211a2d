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
mkdir -p "$(dirname "$SENCO_TRACKER_DB")"

# Several Sanic workers (SANIC_WORKERS) need a Redis lock store; Rasa runs one worker without it.
# RASA_ENDPOINTS chooses another endpoints file (`make bench` uses one with a Redis lock store).
args=(--model "$model" --enable-api -i "${RASA_HOST:-127.0.0.1}" -p "${RASA_PORT:-5005}"
  --endpoints "${RASA_ENDPOINTS:-endpoints.yml}" --credentials credentials.yml)
[ -n "${RASA_TOKEN:-}" ] && args+=(--auth-token "$RASA_TOKEN")
exec .venv/bin/rasa run "${args[@]}"
