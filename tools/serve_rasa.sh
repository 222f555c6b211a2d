#!/usr/bin/env bash
# The Rasa server exactly as `make run` and the tests start it: `tools/serve_rasa.sh MODEL`.
#
# Every setting is checked first (senco_settings): a bad value stops here in one line naming it. Channel settings
# come from the environment (assessment-contract.md section 4) through `${VAR}` references in credentials.yml;
# Rasa refuses a reference to an unset variable, so `senco_settings export` gives each its default (empty: off).
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:?usage: tools/serve_rasa.sh MODEL}

settings=$(.venv/bin/python -m senco_settings export) || exit 2
eval "$settings"
export TF_CPP_MIN_LOG_LEVEL=2
# Stores come from the environment (stores/config.py); an unreachable database or Redis stops here, in one line.
.venv/bin/python -m stores.preflight

host=${RASA_HOST:-127.0.0.1}
# Several Sanic workers (SANIC_WORKERS) need REDIS_URL, a shared lock store; the preflight refuses them without it.
args=(--model "$model" -i "$host" -p "${RASA_PORT:-5005}" --endpoints endpoints.yml --credentials credentials.yml)

# The HTTP API (conversations, trackers, model) is on only when nobody else can reach it, or when it needs a
# secret: on loopback it stays open as before (the tests and `curl localhost` use it); on any other address it
# needs RASA_TOKEN (`?token=`) or RASA_JWT_SECRET (an HS256 `Authorization: Bearer` token), else it is left off and
# only the channels answer. README "Security and privacy".
[ -n "${RASA_TOKEN:-}" ] && args+=(--auth-token "$RASA_TOKEN")
[ -n "${RASA_JWT_SECRET:-}" ] && args+=(--jwt-secret "$RASA_JWT_SECRET" --jwt-method HS256)
case "$host" in
  127.0.0.1 | localhost | ::1) args+=(--enable-api) ;;
  *)
    if [ -n "${RASA_TOKEN:-}${RASA_JWT_SECRET:-}" ]; then
      args+=(--enable-api)
    else
      echo "serve_rasa: RASA_HOST=$host is not loopback and neither RASA_TOKEN nor RASA_JWT_SECRET is set: the HTTP API is off (the channels work)" >&2
    fi
    ;;
esac
# Browsers may read REST answers only from the sites allowed to embed the web chat (no CORS header otherwise).
IFS=', ' read -r -a origins <<<"$WEBCHAT_ALLOWED_ORIGINS"
[ "${#origins[@]}" -gt 0 ] && args+=(--cors "${origins[@]}")
# Metrics (observability/metrics.py): several Sanic workers add up their counts in files of a private directory,
# emptied here so that counts start at zero with the server, as they do with one process.
if [ "${SANIC_WORKERS:-1}" -gt 1 ] && [ -z "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
  export PROMETHEUS_MULTIPROC_DIR="var/metrics/rasa-${RASA_PORT:-5005}"
fi
if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
  export PROMETHEUS_MULTIPROC_DIR
  mkdir -p "$PROMETHEUS_MULTIPROC_DIR" && chmod 700 "$PROMETHEUS_MULTIPROC_DIR"
  find "$PROMETHEUS_MULTIPROC_DIR" -maxdepth 1 -name '*.db' -type f -delete
fi
# Rasa with every patch of rasa_patches (speed, action-server failures) installed first, after the version guard.
exec .venv/bin/python -m rasa_patches.cli run "${args[@]}"
