#!/usr/bin/env bash
# Set up a virtual environment with the package and its test tools, then run
# the whole test suite (contract tests start their own oxigraph server).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet ".[test,server]"

# Browser tests drive Debian's Chromium; Playwright downloads no browser.
command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

export PATH="$PWD/.venv/bin:$PATH"
exec .venv/bin/python -m pytest "$@"
