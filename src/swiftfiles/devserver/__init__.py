"""A real OpenStack Swift single node on loopback, for development and tests.

``DevServer`` starts Swift's proxy, account, container and object servers
(from the PyPI ``swift`` package, extra ``swiftfiles[server]``) in one child
process and returns a ``ServerInfo`` with the URLs and tempauth users::

    with DevServer() as info:
        ...  # log in at info.auth_url as "test:tester" / "testing"

Why a child process: Swift needs eventlet and its monkey-patching, which must
not leak into the caller (a pytest session, a client library under test).

Background daemons: like a real cluster, the child also runs Swift's
container-updater and object-expirer (``swiftfiles.devserver.daemons``),
as single passes in green threads every ``updater_interval`` and
``expirer_interval`` seconds (``DevServer`` arguments, default 1.0, 0 turns
one off).  So account HEADs and listings report object counts and bytes
(``X-Account-Object-Count``, ``X-Account-Bytes-Used``, per-container
``count``/``bytes``) about a second after a change, and objects past their
``X-Delete-At``/``X-Delete-After`` leave container listings (and account
stats) within about two.  Like on a cluster these numbers are eventually
consistent: a client must poll, not expect them right after a write.  The
expirer finds its queue through the updater's account stats, so it needs
both.  Other daemons (replicators, auditors, object-updater, reaper) do not
run: one node has nothing to replicate, and the object server's container
updates reach the container server directly (only a failed one would wait
for the object-updater).

State directory: by default a fresh temporary directory on ``/dev/shm``
(tmpfs), because Swift keeps object metadata in one extended attribute and
metadata at Swift's limits (90 items, 4096 bytes) needs about 6 KiB of xattr
space, which ext4 cannot hold (PUTs would fail with 503/507).  When
``/dev/shm`` is missing or cannot hold an 8 KiB xattr, the system temp
directory is used; the server child then probes the directory itself and,
if large xattrs fail there too, runs Swift's in-memory object server
(``egg:swift#mem_object``, with a fix so that the expirer can delete, see
``swiftfiles.devserver.memobject``) instead of the disk one (accounts and
containers still live in SQLite files; objects are lost on stop).  ``ServerInfo.
in_memory_objects`` tells which one runs.  Everything the server writes
(swift.conf, rings, configs, devices, ``server.log``) stays inside the state
directory; ``/etc/swift`` is never read, and no root is needed.

Users (test credentials, see ``swiftfiles.devserver.accounts``):
``test:tester``/``testing`` (admin of ``AUTH_test``), ``test:tester3``/
``testing3`` (no ``.admin``), ``test2:tester2``/``testing2`` (admin of
``AUTH_test2``), ``admin:admin``/``admin`` (``.reseller_admin``).

HTTPS: ``DevServer(tls=(cert_file, key_file))`` makes the proxy serve HTTPS
only, and every URL of the ``ServerInfo`` (and tempauth's storage URLs)
start with ``https://``.  ``swiftfiles.devserver.tlscert`` writes a
throwaway CA and a server certificate for it (clients then verify against
the CA, e.g. ``StorageClient(..., verify=str(files.ca_cert))``).

Command line: ``swiftfiles-server`` (``swiftfiles.devserver.__main__``).
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
