#!/usr/bin/env bash
# One command for the benchmarks: install what they need, start a local Swift on tmpfs, run every workload with
# swiftfiles, the swift CLI (python-swiftclient) and rclone, write benchmarks/RESULTS.md and print it.
#   bash benchmarks/run.sh [--quick] [--repeat N] [--only workload,...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# The project's venv with the bench extra (swiftfiles[server,cli,fsspec], the pinned python-swiftclient and swiftspec,
# psutil, pandas, pyarrow); pip runs again only when pyproject.toml changed since the last install (the src/ layout
# is installed editable).
STAMP="$ROOT/benchmarks/.work/installed.stamp"
VENV_PY="$ROOT/.venv/bin/python"
if [ ! -f "$STAMP" ] || [ "$ROOT/pyproject.toml" -nt "$STAMP" ] || [ ! -x "$VENV_PY" ] \
    || ! "$VENV_PY" -c "import swiftfiles.devserver, swiftclient, psutil, swiftspec, pandas, pyarrow" >/dev/null 2>&1; then
    . "$ROOT/scripts/_venv.sh" bench
    mkdir -p "$(dirname "$STAMP")" && touch "$STAMP"
fi

# Debian packages: rclone (a peer), curl (the single-stream reference), time (GNU time: the tools' own peak RSS).
missing=()
command -v rclone >/dev/null 2>&1 || missing+=(rclone)
command -v curl >/dev/null 2>&1 || missing+=(curl)
[ -x /usr/bin/time ] || missing+=(time)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing ${missing[*]} (apt-get)..." >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# pip compiles an installed package's bytecode; the editable src/ layout has none, and every run of the swiftfiles
# driver would compile the package again (about 0.1 s of start-up that no user pays). Compile it once, as pip would.
"$VENV_PY" -m compileall -q "$ROOT/src/swiftfiles"

exec "$VENV_PY" -m benchmarks "$@"
