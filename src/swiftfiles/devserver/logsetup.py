"""Send Swift's logs to one file in the state directory instead of syslog.

Swift's ``get_logger`` always attaches a syslog handler (``/dev/log`` or UDP
port 514), which is useless for a throw-away development server and would
lose the messages needed to explain a failed start.  Swift calls every
function named in the ``log_custom_handlers`` option after building a
logger; ``use_root_handlers`` is such a hook: it drops the syslog handler
and lets records propagate to the root logger, which ``log_to_file``
points at ``server.log``.  Some loggers are built from a filtered copy of the
config that loses the hook (proxy-logging's access log), so
``reroute_existing_loggers`` sweeps all loggers once the apps are loaded.
This runs only in the server child.
"""

from __future__ import annotations

import logging
from logging.handlers import SysLogHandler
from pathlib import Path
from typing import Any

__all__ = ["HOOK", "log_to_file", "reroute_existing_loggers", "use_root_handlers"]

#: The value for Swift's ``log_custom_handlers`` option.
HOOK = "swiftfiles.devserver.logsetup.use_root_handlers"

_FORMAT = "%(asctime)s %(name)s %(levelname)s: %(message)s"


def log_to_file(path: Path, level: str) -> None:
    """Route the root logger (and so every Swift logger) to ``path``."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(getattr(logging, level.upper(), logging.WARNING))


def use_root_handlers(
    conf: dict[str, Any],
    name: str,
    log_to_console: bool,
    log_route: str,
    fmt: str,
    logger: logging.Logger,
    adapted_logger: Any,
) -> None:
    """Swift ``log_custom_handlers`` hook: replace syslog with propagation to the root logger."""
    _detach_syslog(logger)


def _detach_syslog(logger: logging.Logger) -> None:
    if not any(isinstance(h, SysLogHandler) for h in logger.handlers):
        return
    for handler in list(logger.handlers):
        if isinstance(handler, SysLogHandler):
            logger.removeHandler(handler)
            handler.close()
    logger.propagate = True


def reroute_existing_loggers() -> None:
    """Apply ``_detach_syslog`` to every logger created so far."""
    for logger in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            _detach_syslog(logger)
