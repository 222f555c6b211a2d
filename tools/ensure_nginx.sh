#!/usr/bin/env bash
# Make sure nginx is installed (Debian's package): `make cluster` and tests/scale put it in front of the Rasa replicas.
#
# We never use the system's nginx service or its /etc/nginx configuration: `make cluster` runs its own nginx, as a
# child of supervisord, with its own prefix and configuration under var/cluster/ (deploy/nginx_conf.py). So the
# package is installed with service starts refused (policy-rc.d exit 101): installing must not start a second nginx
# on port 80 behind anybody's back.
set -euo pipefail

if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<'MSG'
error: make cluster and its tests need nginx, and apt-get is not available to install it.
  Install nginx with your system's package manager (any nginx 1.19.5 or later with the ssl module; on the PATH or
  in /usr/sbin).
MSG
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "error: make cluster and its tests need nginx: run 'sudo apt-get install -y --no-install-recommends nginx'" >&2
  exit 1
fi
echo "Installing nginx for make cluster and its tests (apt-get; the system service is not started)..." >&2
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  # Refuse every service start during this install only; removed again on the way out.
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
[ -x /usr/sbin/nginx ] || { echo "error: apt-get finished but /usr/sbin/nginx is missing" >&2; exit 1; }
echo "nginx is ready: $(/usr/sbin/nginx -v 2>&1)" >&2
