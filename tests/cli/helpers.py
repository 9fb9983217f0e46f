"""Running the ``swiftfiles`` command line as a user does: a subprocess with credentials in the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence

#: Credential variables a developer's shell may hold; cleared so each test says exactly what it uses.
CREDENTIAL_PREFIXES = ("ST_", "OS_", "RAX_", "SWIFTCLIENT_")


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(CREDENTIAL_PREFIXES)}
    env["HOME"] = env.get("HOME", "/tmp")
    env.update(extra or {})
    return env


def swift_env(swift: object, user: str = "test:tester") -> dict[str, str]:
    users = swift.users  # type: ignore[attr-defined]
    return clean_env({"ST_AUTH": swift.auth_url, "ST_USER": user, "ST_KEY": users[user]})  # type: ignore[attr-defined]


def run(
    args: Sequence[str],
    env: Mapping[str, str],
    *,
    input: bytes | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``python -m swiftfiles ARGS``; stdout and stderr as text."""
    proc = subprocess.run(
        [sys.executable, "-m", "swiftfiles", *args],
        env=dict(env),
        input=input,
        capture_output=True,
        cwd=cwd,
        timeout=timeout,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    )


def run_bytes(
    args: Sequence[str], env: Mapping[str, str], *, input: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "swiftfiles", *args], env=dict(env), input=input, capture_output=True, timeout=120
    )
