"""``swiftfiles.ProgressBar`` needs rich, which is optional (extra ``progress`` or ``cli``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_without_rich_the_error_says_what_to_install() -> None:
    """rich is optional: ``import swiftfiles`` never loads it, and a bar without it is a clear ImportError."""
    program = textwrap.dedent(
        """
        import sys
        sys.modules["rich"] = None  # as if rich were not installed: importing it raises ImportError
        import swiftfiles
        from swiftfiles import ProgressBar
        try:
            ProgressBar()
        except ImportError as exc:
            print(exc)
        """
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "pip install 'swiftfiles[progress]'" in result.stdout
    lazy = subprocess.run(
        [sys.executable, "-c", "import sys, swiftfiles; swiftfiles.ProgressBar; print('rich' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert lazy.stdout.strip() == "False", lazy.stderr
