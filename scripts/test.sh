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
if ! command -v chromium >/dev/null; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

export PATH="$PWD/.venv/bin:$PATH"
exec .venv/bin/python -m pytest "$@"
