#!/usr/bin/env bash
# Install swiftfiles with its test tools, then run the linters, the type checker and the whole test suite
# (unit tests and integration tests against a real OpenStack Swift that the session starts on loopback).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" test
cd "$ROOT"
echo "== ruff"
"$ROOT/.venv/bin/ruff" check src tests examples scripts benchmarks
"$ROOT/.venv/bin/ruff" format --check src tests examples scripts benchmarks
echo "== mypy (strict)"
"$ROOT/.venv/bin/mypy"
echo "== pytest"
exec "$VENV_PY" -m pytest -q "$@"
