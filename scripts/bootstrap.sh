#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine that has Python 3.11:
# uv (from PyPI, into .tools/) and then the locked environment (.venv/) from uv.lock.
set -euo pipefail
cd "$(dirname "$0")/.."

python_bin="${PYTHON:-}"
if [ -z "$python_bin" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      python_bin="$(command -v "$candidate")"
      break
    fi
  done
fi
if [ -z "$python_bin" ]; then
  echo "Python 3.11 is required (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi

if [ ! -x .tools/bin/uv ]; then
  "$python_bin" -m venv .tools
  .tools/bin/python -m pip install --quiet --quiet --disable-pip-version-check "uv==0.13.8"
fi
.tools/bin/uv sync --frozen --python "$python_bin" --quiet
