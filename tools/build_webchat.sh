#!/usr/bin/env bash
# Build the web chat widget into webchat/dist/ (served by Rasa at /webchat/), only when its inputs changed.
#
# Two content-hash stamps, like tools/ensure_venv.sh: node_modules/ is reinstalled (`npm ci`) only when the
# lockfile changes, and dist/ is rebuilt only when a source, the lockfile or this script changes. A rerun with no
# change is a no-op, whatever the files' timestamps say after a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/../webchat"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: building the web chat needs Node.js 18 or later and npm ('$tool' was not found)." >&2
    echo "  Debian: apt-get install nodejs npm, or see https://nodejs.org" >&2
    exit 1
  fi
done

deps_stamp=node_modules/.lock.sha256
deps_want=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [ ! -f "$deps_stamp" ] || [ "$(cat "$deps_stamp")" != "$deps_want" ]; then
  echo "Installing the web chat's npm packages (npm ci)..." >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$deps_want" >"$deps_stamp"
fi

build_stamp=dist/.build.sha256
build_want=$({
  find src demo build.mjs package.json package-lock.json ../tools/build_webchat.sh -type f | LC_ALL=C sort |
    while read -r f; do printf '%s\n' "$f"; cat "$f"; done
} | sha256sum | cut -d' ' -f1)
if [ -f "$build_stamp" ] && [ "$(cat "$build_stamp")" = "$build_want" ] && [ -f dist/senco-chat.js ]; then
  exit 0
fi
echo "Building the web chat widget (webchat/dist/)..." >&2
rm -rf dist
node build.mjs
echo "$build_want" >"$build_stamp"
