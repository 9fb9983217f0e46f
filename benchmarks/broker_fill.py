"""Fill a container's listing through Swift's own container database, for listings too large to PUT.

A million real PUTs take hours on the one-process dev server. What a sync with nothing changed reads of the server
is the listing alone (names, sizes, MD5s, last-modified; no GET, no PUT, no HEAD for objects of non-zero size), so
the ``sync_million`` workloads write the listing rows directly: ``swift.container.backend.ContainerBroker``
``merge_items``, the call the container server itself makes for the updates of object PUTs, with the rows such a
PUT would give (name, ``created_at`` timestamp of now, the file's real size and MD5 as ETag, content type,
storage policy 0). The container is created first with a real PUT (so the database, the account row and the proxy's
view of it are Swift's own); the database is found through the dev server's container ring, as Swift finds it:
``<devices>/<device>/containers/<partition>/<hash[-3:]>/<hash>/<hash>.db``. The object bodies do not exist: a GET
would fail, which is the point of the workload's check (nothing may be transferred).

Clean-up is the reverse: ``remove_objects`` (the sharding code's row removal; Swift's triggers keep the object
count right) empties the listing, after which the container is deleted with a real DELETE.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

BATCH = 20_000


def _swift_dir(state_dir: Path) -> Path:
    return state_dir / "etc"


def container_db(state_dir: Path, account: str, container: str) -> Path:
    """The path of *container*'s database in the dev server at *state_dir*, through its container ring."""
    from swift.common.ring import Ring
    from swift.common.utils import hash_path, set_swift_dir

    swift_dir = _swift_dir(state_dir)
    set_swift_dir(str(swift_dir))  # swift.conf's hash path prefix and suffix
    ring = Ring(str(swift_dir), ring_name="container")
    part, nodes = ring.get_nodes(account, container)
    digest = hash_path(account, container)
    device = nodes[0]["device"]
    return state_dir / "devices" / device / "containers" / str(part) / digest[-3:] / digest / f"{digest}.db"


def _broker(state_dir: Path, account: str, container: str) -> Any:
    from swift.container.backend import ContainerBroker

    db = container_db(state_dir, account, container)
    if not db.is_file():
        raise FileNotFoundError(f"no database for {account}/{container} at {db} (PUT the container first)")
    return ContainerBroker(str(db), account=account, container=container)


def fill(
    state_dir: Path,
    account: str,
    container: str,
    rows: Iterable[tuple[str, int, str]],
    content_type: str = "application/octet-stream",
) -> int:
    """Merge one listing row per ``(name, size, md5)`` into the (existing) container; returns how many."""
    from swift.common.utils import Timestamp

    broker = _broker(state_dir, account, container)
    count = 0
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        broker.merge_items(batch)
        batch.clear()

    for name, size, md5 in rows:
        batch.append(
            {
                "name": name,
                "created_at": Timestamp.now().internal,
                "size": size,
                "content_type": content_type,
                "etag": md5,
                "deleted": 0,
                "storage_policy_index": 0,
            }
        )
        count += 1
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return count


def empty(state_dir: Path, account: str, container: str) -> None:
    """Remove every row from the container's listing (so that a real DELETE of the container can follow)."""
    broker = _broker(state_dir, account, container)
    broker.remove_objects("", "")
