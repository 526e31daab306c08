#!/usr/bin/env bash
# Set up Hadath on a fresh machine: a virtualenv in .venv with the CPU build of torch
# (installed before camel-tools, so no CUDA libraries are pulled), the package and its test
# tools, and camel-tools' morphology database laid out in .camel-data from its PyPI wheel.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet torch==2.13.0
.venv/bin/python -m pip install --quiet -e '.[test]'
.venv/bin/kg setup-camel --target .camel-data
