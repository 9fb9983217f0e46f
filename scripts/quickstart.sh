#!/usr/bin/env bash
# Install swiftfiles with its local server, then run the quick-start job against a real Swift on loopback.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" server
exec "$VENV_PY" "$ROOT/examples/quickstart.py" "$@"
