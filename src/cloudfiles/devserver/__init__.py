"""A real OpenStack Swift single node on loopback, for development and tests.

``DevServer`` starts Swift's proxy, account, container and object servers
(from the PyPI ``swift`` package, extra ``cloudfiles[server]``) in one child
process and returns a ``ServerInfo`` with the URLs and tempauth users::

    with DevServer() as info:
        ...  # log in at info.auth_url as "test:tester" / "testing"

Why a child process: Swift needs eventlet and its monkey-patching, which must
not leak into the caller (a pytest session, a client library under test).

State directory: by default a fresh temporary directory on ``/dev/shm``
(tmpfs), because Swift keeps object metadata in one extended attribute and
metadata at Swift's limits (90 items, 4096 bytes) needs about 6 KiB of xattr
space, which ext4 cannot hold (PUTs would fail with 503/507).  When
``/dev/shm`` is missing or cannot hold an 8 KiB xattr, the system temp
directory is used; the server child then probes the directory itself and,
if large xattrs fail there too, runs Swift's in-memory object server
(``egg:swift#mem_object``) instead of the disk one (accounts and containers
still live in SQLite files; objects are lost on stop).  ``ServerInfo.
in_memory_objects`` tells which one runs.  Everything the server writes
(swift.conf, rings, configs, devices, ``server.log``) stays inside the state
directory; ``/etc/swift`` is never read, and no root is needed.

Users (test credentials, see :mod:`cloudfiles.devserver.accounts`):
``test:tester``/``testing`` (admin of ``AUTH_test``), ``test:tester3``/
``testing3`` (no ``.admin``), ``test2:tester2``/``testing2`` (admin of
``AUTH_test2``), ``admin:admin``/``admin`` (``.reseller_admin``).

Command line: ``cloudfiles-server`` (:mod:`cloudfiles.devserver.__main__`).
"""

from .accounts import (
    ADMIN_KEY,
    ADMIN_USER,
    DEFAULT_USERS,
    RESELLER_KEY,
    RESELLER_USER,
    TEST2_ACCOUNT,
    TEST2_ADMIN_KEY,
    TEST2_ADMIN_USER,
    TEST_ACCOUNT,
    TEST_READER_KEY,
    TEST_READER_USER,
    User,
)
from .server import DevServer, DevServerError, ServerInfo

__all__ = [
    "ADMIN_KEY",
    "ADMIN_USER",
    "DEFAULT_USERS",
    "RESELLER_KEY",
    "RESELLER_USER",
    "TEST2_ACCOUNT",
    "TEST2_ADMIN_KEY",
    "TEST2_ADMIN_USER",
    "TEST_ACCOUNT",
    "TEST_READER_KEY",
    "TEST_READER_USER",
    "DevServer",
    "DevServerError",
    "ServerInfo",
    "User",
]
