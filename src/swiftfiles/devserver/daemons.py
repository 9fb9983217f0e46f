"""Swift's container-updater and object-expirer, run as periodic single passes in green threads.

A real cluster runs these as separate daemons every few minutes; without
them account HEADs and listings never show object counts and bytes (the
container-updater reports each container's totals to its account), and
expired objects (``X-Delete-At``/``X-Delete-After``) disappear from GET at
once but stay in container listings forever (the object-expirer deletes
them and so removes their listing rows).  The expirer also depends on the
updater: it finds its queue (task containers in the ``.expiring_objects``
account) through that account's container count.

Here each daemon is built once from its section in the generated configs
(``swiftfiles.devserver.config``) and its ``run_once()`` is called in a
loop of its own green thread, sleeping ``interval`` seconds between passes.
``run_forever()`` is not used (the updater's forks a process per partition
directory).  A failing pass is logged (``server.log``; the same error again at
most once a minute) and the loop goes on.  The loops start right after the
servers listen (so they cost no start-up time) and are killed on stop.

So that a pass never holds up the servers in the same process, the updater
yields to the hub after every container database and skips databases whose
files have not changed since a pass that found nothing to report (with a
full sweep every ``FULL_SWEEP_EVERY`` passes as a safety net).  A pass
over a session's worth of unchanged containers then costs one ``stat`` each.

Logging: below ``log_level=DEBUG`` the daemons and the expirer's internal
proxy's access log stay at WARNING or above, so that a pass a second does
not flood ``server.log`` (the backend servers still log the daemons'
requests at INFO, as on a cluster).

This module imports Swift and eventlet, so only the server child uses it.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import eventlet
from swift.common.utils import readconf
from swift.container.updater import ContainerUpdater
from swift.obj.expirer import ObjectExpirer

from .config import DAEMONS, Layout

__all__ = ["FULL_SWEEP_EVERY", "DaemonLoop", "DevContainerUpdater", "start_daemons"]

#: Every this many passes the updater looks at every container database again.
FULL_SWEEP_EVERY = 30
# A pass failing the same way again is logged at most this often.
_REPEAT_LOG_SECONDS = 60.0

_log = logging.getLogger("swiftfiles.devserver.daemons")

# (db mtime, db size, db inode, pending mtime, pending size); None when the db is gone.
_Signature = tuple[int, int, int, int, int] | None


def _signature(db_file: str) -> _Signature:
    try:
        db = os.stat(db_file)
    except OSError:
        return None
    try:
        pending = os.stat(db_file + ".pending")
        pending_sig = (pending.st_mtime_ns, pending.st_size)
    except OSError:
        pending_sig = (0, -1)
    return (db.st_mtime_ns, db.st_size, db.st_ino, *pending_sig)


class DevContainerUpdater(ContainerUpdater):
    """A ContainerUpdater that skips unchanged databases and yields after each one.

    A database is remembered as clean only after a pass found it had nothing
    to report *and* its files did not change while it was looked at
    (reporting, or a write during the report's network wait, changes them),
    so a change is never skipped.
    """

    def __init__(self, conf: dict[str, Any], logger: Any = None) -> None:
        super().__init__(conf, logger=logger)
        self._clean: dict[str, _Signature] = {}
        self._seen: dict[str, _Signature] = {}
        self._full_sweep = True
        self._passes = 0

    def run_once(self, *args: Any, **kwargs: Any) -> None:
        self._full_sweep = self._passes % FULL_SWEEP_EVERY == 0
        self._passes += 1
        self._seen = {}
        try:
            super().run_once(*args, **kwargs)
        finally:
            # Forget databases that are gone (quarantined, reclaimed).
            self._clean = self._seen

    def process_container(self, dbfile: str) -> None:
        before = _signature(dbfile)
        if not self._full_sweep and before is not None and self._clean.get(dbfile) == before:
            self._seen[dbfile] = before
            return
        no_changes = self.no_changes
        super().process_container(dbfile)
        if self.no_changes > no_changes and before is not None and _signature(dbfile) == before:
            self._seen[dbfile] = before
        # Let the servers in this process answer requests between databases.
        eventlet.sleep(0)


@dataclass
class DaemonLoop:
    """Calls ``make()`` once, then the daemon's ``run_once()`` every ``interval`` seconds."""

    name: str
    make: Callable[[], Any]
    interval: float
    #: Before the first pass; short, but lets the parent's first requests in first.
    first_delay: float = 0.05

    def run(self) -> None:
        eventlet.sleep(self.first_delay)
        started = time.monotonic()
        try:
            daemon = self.make()
        except Exception:
            _log.exception("cannot start the %s; it stays off", self.name)
            return
        _log.debug("%s set up in %.3fs", self.name, time.monotonic() - started)
        from .logsetup import reroute_existing_loggers

        # The expirer's internal proxy builds loggers the log hook does not reach.
        reroute_existing_loggers()
        last_error, last_logged = "", 0.0
        while True:
            started = time.monotonic()
            try:
                daemon.run_once()
                last_error = ""
            except (Exception, eventlet.Timeout) as exc:
                # The same failure every second: a traceback once a minute is enough.
                error = f"{type(exc).__name__}: {exc}"
                if error != last_error or started - last_logged >= _REPEAT_LOG_SECONDS:
                    _log.exception("%s pass failed; retrying every %.1fs", self.name, self.interval)
                    last_error, last_logged = error, started
            elapsed = time.monotonic() - started
            if elapsed > max(5.0, 5 * self.interval):
                _log.warning("%s pass took %.1fs", self.name, elapsed)
            eventlet.sleep(self.interval)


def start_daemons(layout: Layout, updater_interval: float, expirer_interval: float) -> list[Any]:
    """Spawn the enabled daemons (interval > 0); return their green threads (to ``kill()``)."""
    updater_conf = str(layout.conf("container"))
    expirer_conf = str(layout.conf("object"))
    loops = [
        DaemonLoop(
            "container-updater",
            lambda: DevContainerUpdater(readconf(updater_conf, DAEMONS["container"])),
            updater_interval,
        ),
        DaemonLoop(
            "object-expirer",
            lambda: ObjectExpirer(readconf(expirer_conf, DAEMONS["object"])),
            expirer_interval,
        ),
    ]
    if expirer_interval > 0 >= updater_interval:
        _log.warning("the object-expirer finds no work while the container-updater is off")
    return [eventlet.spawn(loop.run) for loop in loops if loop.interval > 0]
