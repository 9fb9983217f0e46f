"""The package logs quietly by default, and shows what a user asked for with verbose=True."""

from __future__ import annotations

import logging
import subprocess
import sys


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)


def test_nothing_is_shown_unless_asked() -> None:
    result = run(
        "import logging, swiftfiles\n"
        "logging.getLogger('swiftfiles.sync').warning('a library warning')\n"
        "from swiftfiles.logs import verbose_lines\n"
        "with verbose_lines('swiftfiles.sync', True):\n"
        "    logging.getLogger('swiftfiles.sync').info('asked for')\n"
        "logging.getLogger('swiftfiles.sync').info('not asked for')\n"
    )
    assert result.stderr == "asked for\n"  # the NullHandler keeps Python's last-resort output away


def test_an_application_that_configured_logging_gets_the_lines_where_it_sends_them(caplog) -> None:
    from swiftfiles.logs import verbose_lines

    caplog.set_level(logging.INFO, logger="swiftfiles")
    logger = logging.getLogger("swiftfiles.sync")
    before = list(logger.handlers)
    with verbose_lines("swiftfiles.sync", True):
        assert logger.handlers == before  # nothing added: the application's handler shows them
        logger.info("to the application")
    assert "to the application" in caplog.text
