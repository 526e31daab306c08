#!/usr/bin/env bash
# Lint, type-check and test, as CI does (after scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

export HADATH_REQUIRE_CAMEL="${HADATH_REQUIRE_CAMEL:-1}"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/pytest -q "$@"
