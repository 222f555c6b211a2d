#!/usr/bin/env bash
# Prints the content hash of everything a trained model depends on. Same inputs, same hash, same model file:
# so `make run`/`make test` retrain only when training data, config, domain, NLU components or pins change.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  find config.yml domain.yml data senco_nlu rules_engine -type f \( -name '*.yml' -o -name '*.yaml' -o -name '*.py' \) \
    -not -path '*/__pycache__/*' | LC_ALL=C sort
  echo constraints.txt
} | while read -r f; do printf '%s\n' "$f"; cat "$f"; done | sha256sum | cut -c1-16
