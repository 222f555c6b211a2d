#!/usr/bin/env bash
# The image's entry point, in /app (deploy/docker/Dockerfile):
#   rasa [MODEL]   the Rasa server (tools/serve_rasa.sh); MODEL defaults to the one models/senco-*.tar.gz in the
#                  image, or in a directory mounted over /app/models
#   actions        the action server (tools/serve_actions.sh)
#   retention      delete conversations idle for SENCO_RETENTION_DAYS once (a CronJob or cron runs it)
#   anything else  run as given (bash, for a look around)
set -euo pipefail
cd "$(dirname "$0")/../.."

case "${1:-rasa}" in
  rasa)
    model=${2:-}
    if [ -z "$model" ]; then
      shopt -s nullglob
      models=(models/senco-*.tar.gz)
      # More than one would make the choice a guess: the image carries exactly one, a mounted directory must too.
      if [ "${#models[@]}" -ne 1 ]; then
        echo "error: expected exactly one models/senco-*.tar.gz, found ${#models[@]}; pass the model: rasa models/senco-<hash>.tar.gz" >&2
        exit 2
      fi
      model=${models[0]}
    fi
    exec bash tools/serve_rasa.sh "$model"
    ;;
  actions)
    exec bash tools/serve_actions.sh
    ;;
  retention)
    .venv/bin/python -m senco_settings check
    exec .venv/bin/python -m privacy.retention
    ;;
  *)
    exec "$@"
    ;;
esac
