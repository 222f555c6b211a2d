#!/usr/bin/env bash
# Create or refresh .venv/ so that it matches requirements.in + constraints.txt exactly.
#
# Why a content hash and not make's timestamps: a fresh clone gives every file a new mtime, and we
# want "nothing changed" to mean "the pinned set is the same", so a rerun is a no-op in well under a
# second and a change to any pin reinstalls.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.requirements.sha256"
want=$(cat requirements.in constraints.txt pyproject.toml tools/ensure_venv.sh | sha256sum | cut -d' ' -f1)

if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  exit 0
fi

find_python() {
  # An explicit choice wins, then pyenv's newest 3.10, then whatever python3.10 is on the PATH.
  if [ -n "${PYTHON310:-}" ]; then echo "$PYTHON310"; return; fi
  local root
  if command -v pyenv >/dev/null 2>&1; then root=$(pyenv root); else root="${PYENV_ROOT:-$HOME/.pyenv}"; fi
  local cand
  cand=$(ls -d "$root"/versions/3.10.*/bin/python3.10 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$cand" ] && [ -x "$cand" ]; then echo "$cand"; return; fi
  for p in python3.10 python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
      command -v "$p"; return
    fi
  done
}

py=$(find_python || true)
if [ -z "$py" ]; then
  cat >&2 <<'MSG'
error: Python 3.10 was not found. Rasa 3.6 runs only on Python 3.10.
  Install it with pyenv:   pyenv install 3.10.13
  or your OS packages (e.g. apt-get install python3.10 python3.10-venv),
  or point PYTHON310 at an interpreter:  make test PYTHON310=/path/to/python3.10
MSG
  exit 1
fi

echo "Setting up $VENV with $py (this takes a few minutes the first time)..."
if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
  rm -rf "$VENV"
fi
[ -x "$VENV/bin/python" ] || "$py" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pip==24.0"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.in -c constraints.txt
# the project itself, editable: its packages import from the source tree wherever a command runs (no PYTHONPATH)
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
"$VENV/bin/python" -m pip check
echo "$want" > "$STAMP"
echo "$VENV is ready."
