#!/usr/bin/env bash
# Set up a virtual environment with the package, load the ontology, reference
# data and demo data into an on-disk store under var/, and serve it on
# http://127.0.0.1:5000/ (stop with Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet ".[server]"

exec .venv/bin/wijkwijzer demo "$@"
