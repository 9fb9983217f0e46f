#!/usr/bin/env bash
# Install swiftfiles with its local server and its command line, then run the quick-start job (the Python API, then
# the swiftfiles command) against a real Swift on loopback.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" server,cli
exec "$VENV_PY" "$ROOT/examples/quickstart.py" "$@"
