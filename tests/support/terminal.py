"""Running a program on a real pseudo-terminal, as a user sees it: what it draws, redraws included.

Progress bars (rich) draw only on a terminal; these helpers give the child one and collect every byte it writes.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
from collections.abc import Mapping, Sequence


def read_screen(fd: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> bytes:
    """Everything the child writes to the terminal until it exits."""
    chunks = []
    while True:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            break
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=timeout)
    return b"".join(chunks)


def run_in_pty(
    argv: Sequence[str], env: Mapping[str, str], cwd: str | os.PathLike[str] | None = None
) -> tuple[int, str]:
    """Run *argv* on a new 120-column pseudo-terminal; its exit status and everything it drew."""
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        list(argv),
        env={**env, "COLUMNS": "120", "TERM": "xterm"},
        cwd=cwd,
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
    )
    os.close(secondary)
    try:
        screen = read_screen(primary, proc)
    finally:
        os.close(primary)
    return proc.returncode, screen.decode("utf-8", "replace")
