"""``ClientParts``: the parts one ``StorageClient`` is composed of, built together and closed together.

The handles (``Container``, ``StorageObject``) hold this bundle rather than the client, so they can do their work
without importing the module that creates them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..transfer.engine import TransferEngine
from .account import AccountPart
from .cdn import CDNPart
from .containers import ContainersPart
from .folders import FoldersPart
from .largeobjects import LargeObjectsPart
from .objects import ObjectsPart
from .sync import SyncPart
from .tempurls import TempURLPart
from .uploads import UploadsPart


@dataclass(frozen=True)
class ClientParts:
    """One of each part, sharing one engine (and through it one connection)."""

    engine: TransferEngine
    account: AccountPart
    containers: ContainersPart
    objects: ObjectsPart
    uploads: UploadsPart
    large_objects: LargeObjectsPart
    folders: FoldersPart
    sync: SyncPart
    cdn: CDNPart
    tempurls: TempURLPart

    @classmethod
    def build(cls, engine: TransferEngine) -> ClientParts:
        tempurls = TempURLPart(engine)
        cdn = CDNPart(engine)
        return cls(
            engine=engine,
            account=AccountPart(engine, tempurls),
            containers=ContainersPart(engine),
            objects=ObjectsPart(engine, cdn),
            uploads=UploadsPart(engine),
            large_objects=LargeObjectsPart(engine),
            folders=FoldersPart(engine),
            sync=SyncPart(engine),
            cdn=cdn,
            tempurls=tempurls,
        )

    def close(self, cancel: bool = False) -> None:
        """Stop the engine (waiting for background uploads unless *cancel*), then close the hash caches."""
        try:
            self.engine.close(cancel=cancel)
        finally:
            self.sync.hash_caches.close()
