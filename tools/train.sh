#!/usr/bin/env bash
# Train only when the inputs changed: the model's file name is the content hash of its inputs.
# Prints the model path on the last line of stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
hash=$(bash tools/model_hash.sh)
model="models/senco-$hash.tar.gz"
if [ ! -f "$model" ]; then
  echo "Training model $hash (inputs changed or no model yet)..." >&2
  mkdir -p models
  TF_CPP_MIN_LOG_LEVEL=2 .venv/bin/rasa train --fixed-model-name "senco-$hash" --out models \
    --config config.yml --domain domain.yml --data data >&2
  # keep the two newest models, so the cache does not grow without bound
  ls -1t models/senco-*.tar.gz | tail -n +3 | xargs -r rm -f
fi
echo "$model"
