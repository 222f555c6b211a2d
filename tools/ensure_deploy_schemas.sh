#!/usr/bin/env bash
# Install the Compose Specification's JSON schema into deploy/schemas/node_modules/ (npm ci from the npm registry,
# pinned by deploy/schemas/package-lock.json), only when the lockfile changed, like tools/build_webchat.sh. The
# deploy checks (tests/deploy) validate deploy/compose.yaml against it offline; nothing is fetched from GitHub.
set -euo pipefail
cd "$(dirname "$0")/../deploy/schemas"

if ! command -v npm >/dev/null 2>&1; then
  echo "error: the compose file check needs npm, for the Compose Specification's schema ('npm' was not found)." >&2
  echo "  Debian: apt-get install nodejs npm, or see https://nodejs.org" >&2
  exit 1
fi

stamp=node_modules/.lock.sha256
want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "Installing the Compose Specification's schema (npm ci in deploy/schemas)..." >&2
npm ci --no-audit --no-fund --loglevel=error >&2
echo "$want" >"$stamp"
