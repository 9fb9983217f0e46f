"""``swiftfiles.ProgressBar`` drawn on a real pseudo-terminal by a Python program, against the real Swift.

The program is what a user writes: ``with ProgressBar() as bar: client.upload_file(..., subscribers=[bar])``. It runs
in a child process on a pty (rich draws bars only on a terminal), and the screen it drew is checked.
"""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import pytest
from tests.cli.helpers import swift_env
from tests.support.terminal import run_in_pty

pytestmark = pytest.mark.integration

PROGRAM = textwrap.dedent(
    """
    import sys
    from swiftfiles import ProgressBar, StorageClient

    container, path, restore = sys.argv[1:4]
    with StorageClient.from_env() as client, ProgressBar() as bar:
        client.upload_file(container, path, subscribers=[bar])
        client.download_object(container, "bar.bin", restore, subscribers=[bar])
        data = client.fetch_object(container, "bar.bin", chunk_size=1 << 16, subscribers=[bar])
        print("fetched", sum(len(chunk) for chunk in data), file=sys.stderr)
    """
)


def test_a_program_draws_bars_for_an_upload_a_download_and_a_fetch(swift, client, container, tmp_path: Path) -> None:
    source = tmp_path / "bar.bin"
    source.write_bytes(os.urandom(3 << 20))
    argv = [sys.executable, "-c", PROGRAM, container, str(source), str(tmp_path / "restore")]
    status, screen = run_in_pty(argv, swift_env(swift), tmp_path)
    assert status == 0, screen
    assert "\x1b[" in screen  # drawn with cursor control, redrawn in place
    assert "bar.bin" in screen and "total" in screen
    assert "9.0/9.0 MiB" in screen  # the overall bar: 3 MiB up, 3 MiB down, 3 MiB fetched
    assert "fetched 3145728" in screen
    assert (tmp_path / "restore" / "bar.bin").read_bytes() == source.read_bytes()
