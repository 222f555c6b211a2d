#!/usr/bin/env bash
# Make sure the Chromium that the web chat tests drive is installed (Debian's package, /usr/bin/chromium).
#
# Why Debian's browser and not Playwright's own download: that download cannot work on these machines, and the
# tests launch whatever CHROMIUM names (default /usr/bin/chromium) through Playwright's executable_path.
set -euo pipefail

browser=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$browser" ]; then
  exit 0
fi
if [ "$browser" != /usr/bin/chromium ]; then
  echo "error: CHROMIUM=$browser is not an executable file" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<'MSG'
error: the web chat tests need Chromium at /usr/bin/chromium, and apt-get is not available to install it.
  Install Chromium with your system's package manager,
  or point CHROMIUM at an installed Chromium or Chrome:  make test CHROMIUM=/path/to/chromium
MSG
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "error: the web chat tests need Chromium: run 'sudo apt-get install -y --no-install-recommends chromium'" >&2
  exit 1
fi
echo "Installing Chromium for the web chat tests (apt-get)..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
[ -x /usr/bin/chromium ] || { echo "error: apt-get finished but /usr/bin/chromium is missing" >&2; exit 1; }
echo "Chromium is ready: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)" >&2
