"""The drop-in's module-level state, in one place.

pyrax's API is module-level by nature (``pyrax.set_credentials(...)`` then ``pyrax.cloudfiles``), so it needs
process-wide state: the settings, the identity, the connected client, and the metadata keys already warned about.
It lives in the one ``State`` object below, created on first use (so importing reads no file), and nowhere else;
``swiftfiles.pyrax.__getattr__`` reads the attributes scripts access (``pyrax.cloudfiles``, ``pyrax.identity``...).
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field

from .config import Settings
from .identities import Identity
from .object_storage import CloudFilesClient


@dataclass
class State:
    """Everything pyrax kept in module globals."""

    settings: Settings
    identity: Identity | None = None
    cloudfiles: CloudFilesClient | None = None
    default_region: str | None = None
    regions: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    http_debug: bool = False
    warned_keys: set[str] = field(default_factory=set)


_lock = threading.Lock()
_current: list[State] = []


def config_path() -> str:
    """``~/.pyrax.cfg`` (``HOME`` is read when the state is first created)."""
    return os.path.join(os.path.expanduser("~"), ".pyrax.cfg")


def state() -> State:
    """The process's state, created on first use: settings read from ``~/.pyrax.cfg`` when it exists.

    As pyrax did at import, a ``debug`` (or ``http_debug``) setting, or ``CLOUD_DEBUG``, turns on request logging:
    the ``swiftfiles`` logger goes to DEBUG (tokens and keys are redacted; add a handler to see it).
    """
    if not _current:
        with _lock:
            if not _current:
                settings = Settings()
                path = config_path()
                if os.path.exists(path):
                    settings.read_config(path)
                debug = bool(settings.get("http_debug") or settings.get("debug"))
                if debug:
                    logging.getLogger("swiftfiles").setLevel(logging.DEBUG)
                _current.append(State(settings, http_debug=debug))
    return _current[0]


def reset() -> State:
    """Discard the state (closing its clients) and start afresh; for tests and ``set_environment``-like resets."""
    with _lock:
        if _current and _current[0].identity is not None:
            _current[0].identity.unauthenticate()
        _current.clear()
    return state()
