"""Swift's in-memory object server, with expired objects reported like the disk one does.

``egg:swift#mem_object`` raises a bare ``DiskFileNotExist`` for an object
past its ``X-Delete-At``, where the disk object server raises
``DiskFileExpired`` carrying the object's metadata.  The object-expirer's
``DELETE`` (``X-If-Delete-At``, timestamped at the delete-at time) needs the
latter: with the bare exception the object server answers 404 without
deleting, so the expired object's row would stay in the container listing.
This app is ``mem_object`` with only that difference.  It runs in the server
child only (``swiftfiles.devserver.config`` names it in
object-server.conf when objects are kept in memory).
"""

from __future__ import annotations

from typing import Any

from swift.common.exceptions import DiskFileExpired, DiskFileNotExist
from swift.obj import mem_diskfile, mem_server

__all__ = ["ExpiringDiskFile", "ObjectController", "app_factory"]


class ExpiringDiskFile(mem_diskfile.DiskFile):
    def _verify_data_file(self, fp: Any, current_time: Any) -> Any:
        try:
            return super()._verify_data_file(fp, current_time)
        except DiskFileNotExist:
            # The only DiskFileNotExist raised there means "expired".
            raise DiskFileExpired(metadata=self._metadata) from None


class _FileSystem(mem_diskfile.InMemoryFileSystem):
    def get_diskfile(self, account: str, container: str, obj: str, **kwargs: Any) -> ExpiringDiskFile:
        return ExpiringDiskFile(self, account, container, obj)


class ObjectController(mem_server.ObjectController):
    def setup(self, conf: dict[str, Any]) -> None:
        super().setup(conf)
        self._filesystem = _FileSystem()


def app_factory(global_conf: dict[str, Any], **local_conf: Any) -> ObjectController:
    """paste.deploy entry point, like ``egg:swift#mem_object``."""
    conf = dict(global_conf)
    conf.update(local_conf)
    return ObjectController(conf)
