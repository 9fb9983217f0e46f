"""``SwiftFileSystem``: fsspec's filesystem interface over ``StorageClient`` (protocol ``swift``).

Paths are ``container/key``: containers are the top level (``ls("")`` lists them), keys below them are split on
``/`` into pseudo-directories, as Swift's own ``delimiter`` listings do. Swift has no directories: a "directory" is
a container, or a prefix that some object names share; ``mkdir`` and ``rmdir`` act on containers, and
pseudo-directories appear and disappear with the objects under them.

Everything goes through the client's public methods: listings are walked lazily page by page, whole-object reads
and writes are MD5-verified by the library, uploads at or above ``TransferConfig.multipart_threshold`` become
verified static large objects, deletes take a large object's segments with it. Errors come out as the builtin
exceptions (see ``errors``).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

from fsspec.callbacks import DEFAULT_CALLBACK, Callback
from fsspec.spec import AbstractFileSystem
from fsspec.utils import stringify_path

from swiftfiles import (
    BaseSubscriber,
    NoSuchContainer,
    NotFound,
    StorageClient,
    StorageObject,
    TransferInfo,
    UnsafePath,
)
from swiftfiles.swift.listing import may_be_large_row

from .errors import translated
from .files import SwiftFile
from .ranges import ranged_get
from .session import ClientSession

T = TypeVar("T")

MiB = 1 << 20

#: Keyword arguments fsspec itself may hand a filesystem constructor; they configure fsspec, not the client.
_FSSPEC_OPTIONS = ("use_listings_cache", "listings_expiry_time", "max_paths", "asynchronous", "loop")


def split_path(path: str) -> tuple[str, str]:
    """``"container/a/b"`` → ``("container", "a/b")``; ``"container"`` → ``("container", "")``."""
    container, _, key = path.partition("/")
    return container, key


def parse_time(value: str | datetime | None) -> datetime | None:
    """A timezone-aware UTC datetime from a listing's ISO time or a HEAD's HTTP date (None when absent); a
    ``StorageObject.last_modified`` is already one."""
    if isinstance(value, datetime):
        return value
    if not value:
        return None
    try:
        iso = value[:4].isdigit()  # listings: 2024-05-01T12:00:00.123456; HEAD: Wed, 01 May 2024 12:00:00 GMT
        parsed = datetime.fromisoformat(value.rstrip("Z")) if iso else parsedate_to_datetime(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def file_entry(container: str, obj: StorageObject) -> dict[str, Any]:
    """fsspec's info dict for a listed object."""
    return {
        "name": f"{container}/{obj.name}",
        "size": obj.total_bytes,
        "type": "file",
        "ETag": obj.etag,
        "content_type": obj.content_type,
        "last_modified": parse_time(obj.last_modified),
    }


def directory_entry(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "size": 0, "type": "directory", **extra}


class _CallbackSubscriber(BaseSubscriber):
    """Feeds the library's transfer progress into an fsspec ``Callback`` (progress bars of ``put``/``get``)."""

    def __init__(self, callback: Callback) -> None:
        super().__init__()
        self._callback = callback

    def on_queued(self, transfer: TransferInfo) -> None:
        if transfer.size is not None:
            self._callback.set_size(transfer.size)

    def on_progress(self, transfer: TransferInfo, nbytes: int) -> None:
        self._callback.relative_update(nbytes)


class SwiftFileSystem(AbstractFileSystem):  # type: ignore[misc]  # fsspec is untyped
    """``swift://container/key`` for fsspec, pandas, pyarrow, Dask and everything else built on fsspec.

    Keyword arguments are ``StorageClient``'s settings (``auth_url``, ``username``, ``password``, ``auth_type``,
    ``storage_url`` + ``token``, ``verify``, ``transfer_config``...), so they work as ``storage_options``; with
    none, the client is configured from the environment (``OS_*``, ``ST_*``) like ``StorageClient.from_env()``.

    Instances pickle (Dask, multiprocessing): the copy carries the settings and the current token, and only
    authenticates again if that token is refused. ``client`` is the ``StorageClient`` in use.
    """

    protocol = "swift"
    root_marker = ""
    #: Default block size of files opened in ``rb`` (read-ahead) and ``wb`` (upload piece) mode.
    blocksize = 8 * MiB
    #: The carried token never changes which cached instance a set of settings maps to.
    _strip_tokenize_options = ("_carried_auth",)

    def __init__(self, *, _carried_auth: tuple[str, str] | None = None, **settings: Any) -> None:
        fsspec_options = {k: settings.pop(k) for k in _FSSPEC_OPTIONS if k in settings}
        super().__init__(**fsspec_options)
        self._session = ClientSession(settings, _carried_auth)
        self._batch = threading.local()

    # -- plumbing -----------------------------------------------------------------------------------------------

    @property
    def client(self) -> StorageClient:
        """The ``StorageClient`` this filesystem uses (for anything fsspec has no method for)."""
        return self._session.client

    def __reduce__(self) -> tuple[Any, ...]:
        from fsspec.spec import make_instance

        options = dict(self.storage_options)
        carried = self._session.credentials()
        if carried is not None:
            options["_carried_auth"] = carried
        return make_instance, (type(self), self.storage_args, options)

    def _call(self, path: str, operation: Callable[[StorageClient], T]) -> T:
        """Run *operation* with the client, errors translated to builtins about *path*."""
        with translated(path):
            return self._session.call(operation)

    @classmethod
    def _strip_protocol(cls, path: Any) -> Any:
        if isinstance(path, list):
            return [cls._strip_protocol(p) for p in path]
        text = stringify_path(path)
        if text.startswith("swift://"):
            text = text[len("swift://") :]
        elif text.startswith("swift:"):
            text = text[len("swift:") :]
        return text.strip("/")

    @staticmethod
    def _get_kwargs_from_urls(path: str) -> dict[str, Any]:
        return {}

    def unstrip_protocol(self, name: str) -> str:
        return "swift://" + str(self._strip_protocol(name))

    def _concurrency(self) -> int:
        return max(1, self.client.transfer_config.concurrency)

    def _run_all(self, jobs: Sequence[Callable[[], T]]) -> list[T]:
        """Run independent jobs on up to ``transfer_config.concurrency`` threads; results in order, first error raised.

        (Once the library's transfer engine has a public interface for arbitrary jobs, this is where to use it.)
        """
        if len(jobs) <= 1:
            return [job() for job in jobs]
        with ThreadPoolExecutor(max_workers=min(len(jobs), self._concurrency())) as pool:
            futures = [pool.submit(job) for job in jobs]
            return [future.result() for future in futures]

    # -- listing ------------------------------------------------------------------------------------------------

    def ls(self, path: str, detail: bool = True, **kwargs: Any) -> list[Any]:
        path = self._strip_protocol(path)
        entries = self._ls(path)
        return entries if detail else [e["name"] for e in entries]

    def _ls(self, path: str) -> list[dict[str, Any]]:
        if not path:
            return self._call(path, self._list_containers)
        container, key = split_path(path)
        prefix = key + "/" if key else None

        def listing(client: StorageClient) -> list[dict[str, Any]]:
            out: list[dict[str, Any]] = []
            for obj in client.list_container_objects(container, prefix=prefix, delimiter="/", full_listing=True):
                if obj.name == prefix:
                    continue  # a "directory marker" object named like the directory itself
                if obj.content_type == "application/directory" and obj.name.endswith("/"):
                    out.append(directory_entry(f"{container}/{obj.name.rstrip('/')}"))
                else:
                    out.append(file_entry(container, obj))
            return out

        entries = self._call(path, listing)
        if entries or not key:
            return entries
        return [self.info(path)]  # a file lists as itself; FileNotFoundError when nothing is there

    @staticmethod
    def _list_containers(client: StorageClient) -> list[dict[str, Any]]:
        return [
            directory_entry(c.name, object_count=c.object_count, bytes_used=c.total_bytes)
            for c in client.iter_containers()
        ]

    def info(self, path: str, **kwargs: Any) -> dict[str, Any]:
        path = self._strip_protocol(path)
        if not path:
            return directory_entry("")
        container, key = split_path(path)
        if not key:
            handle = self._call(path, lambda c: c.get_container(container))
            return directory_entry(container, object_count=handle.object_count, bytes_used=handle.total_bytes)
        try:
            headers = self._call(path, lambda c: c.get_object_metadata(container, key, prefix=""))
        except FileNotFoundError:
            pass
        else:
            return self._file_info(path, headers)
        below = self._call(
            path, lambda c: c.list_container_objects(container, prefix=key + "/", delimiter="/", limit=1)
        )
        if below:
            return directory_entry(path)
        raise FileNotFoundError(2, f"no such object or pseudo-directory: swift://{path}", path)

    @staticmethod
    def _file_info(path: str, headers: dict[str, str]) -> dict[str, Any]:
        etag = headers.get("etag", "").strip('"') or None
        info: dict[str, Any] = {
            "name": path,
            "size": int(headers.get("content-length", 0)),
            "type": "file",
            "ETag": etag,
            "content_type": headers.get("content-type"),
            "last_modified": parse_time(headers.get("last-modified")),
            "large": "x-static-large-object" in headers or "x-object-manifest" in headers,
        }
        meta = {k[len("x-object-meta-") :]: v for k, v in headers.items() if k.startswith("x-object-meta-")}
        if meta:
            info["metadata"] = meta
        return info

    def find(
        self, path: str, maxdepth: int | None = None, withdirs: bool = False, detail: bool = False, **kwargs: Any
    ) -> Any:
        """Every file below *path* from one flat listing (one request per listing page, not one per directory)."""
        if maxdepth is not None:
            return super().find(path, maxdepth=maxdepth, withdirs=withdirs, detail=detail, **kwargs)
        path = self._strip_protocol(path)
        out: dict[str, dict[str, Any]] = {}
        containers = [e["name"] for e in self._ls("")] if not path else [path]
        for root in containers:
            container, key = split_path(root)
            files = self._flat_listing(container, key)
            if not files and key:
                with contextlib.suppress(FileNotFoundError):
                    info = self.info(root)
                    if info["type"] == "file":
                        files = [info]
            if withdirs and path:
                with contextlib.suppress(FileNotFoundError):
                    if files or self.isdir(root):
                        out[root] = directory_entry(root)
            for entry in files:
                out[entry["name"]] = entry
                if withdirs:
                    self._add_parents(out, entry["name"], root)
            if withdirs and not path:
                out[container] = directory_entry(container)
        names = sorted(out)
        return {name: out[name] for name in names} if detail else names

    def _flat_listing(self, container: str, key: str) -> list[dict[str, Any]]:
        prefix = key + "/" if key else None

        def listing(client: StorageClient) -> list[dict[str, Any]]:
            return [
                file_entry(container, obj)
                for obj in client.list_container_objects(container, prefix=prefix, full_listing=True)
                if not obj.name.endswith("/")
            ]

        try:
            return self._call(f"{container}/{key}".rstrip("/"), listing)
        except FileNotFoundError:
            return []

    @staticmethod
    def _add_parents(out: dict[str, dict[str, Any]], name: str, root: str) -> None:
        parent = name.rsplit("/", 1)[0]
        while len(parent) > len(root) and parent not in out:
            out[parent] = directory_entry(parent)
            parent = parent.rsplit("/", 1)[0]

    def exists(self, path: str, **kwargs: Any) -> bool:
        try:
            self.info(path)
        except FileNotFoundError:
            return False
        return True

    def created(self, path: str) -> datetime:
        return self.modified(path)

    def modified(self, path: str) -> datetime:
        """The time the object was last written (Swift keeps no separate creation time)."""
        modified = self.info(path).get("last_modified")
        if modified is None:
            raise IsADirectoryError(21, "pseudo-directories and containers have no modification time", path)
        return modified  # type: ignore[no-any-return]

    def ukey(self, path: str) -> str:
        return str(self.info(path).get("ETag"))

    # -- reading ------------------------------------------------------------------------------------------------

    def _object(self, path: str) -> tuple[str, str]:
        """``(container, key)`` of an object path; ``IsADirectoryError`` for a container or the root."""
        path = self._strip_protocol(path)
        container, key = split_path(path)
        if not key:
            raise IsADirectoryError(21, "a container is not a file", path)
        return container, key

    def cat_file(self, path: str, start: int | None = None, end: int | None = None, **kwargs: Any) -> bytes:
        """The object's bytes, or the byte range ``[start, end)`` (negative values count from the end).

        A whole object is MD5-verified; a range is one ``Range`` GET, resumed if the connection drops.
        """
        container, key = self._object(path)
        if not start and end is None:
            return self._call(path, lambda c: c.fetch_object(container, key))
        if (start is not None and start < 0) or (end is not None and end < 0):
            size = self.info(path)["size"]
            start = max(0, size + start) if start is not None and start < 0 else start
            end = max(0, size + end) if end is not None and end < 0 else end
        begin = start or 0
        if end is not None and end <= begin:
            return b""
        return self._call(path, lambda c: ranged_get(c, container, key, begin, end))

    def cat(self, path: Any, recursive: bool = False, on_error: str = "raise", **kwargs: Any) -> Any:
        """Several paths' contents, fetched concurrently (``transfer_config.concurrency`` at a time)."""
        paths = self.expand_path(path, recursive=recursive)
        if len(paths) == 1 and not isinstance(path, list) and paths[0] == self._strip_protocol(path):
            return self.cat_file(paths[0], **kwargs)

        def fetch(p: str) -> bytes | Exception | None:
            try:
                return self.cat_file(p, **kwargs)
            except (FileNotFoundError, IsADirectoryError) as exc:
                if self.isdir(p):
                    return None  # expanded paths include pseudo-directories: they have no content
                if on_error == "raise":
                    raise
                return exc
            except Exception as exc:
                if on_error == "raise":
                    raise
                return exc

        results = self._run_all([functools.partial(fetch, p) for p in paths])
        out: dict[str, Any] = {}
        for p, result in zip(paths, results, strict=True):
            if result is None or (isinstance(result, Exception) and on_error == "omit"):
                continue
            out[p] = result
        return out

    def cat_ranges(
        self,
        paths: list[str],
        starts: int | list[int],
        ends: int | list[int],
        max_gap: int | None = None,
        on_error: str = "return",
        **kwargs: Any,
    ) -> list[bytes | Exception]:
        """Byte ranges of one or more objects (Parquet readers ask for many at once), fetched concurrently."""
        if max_gap is not None:
            raise NotImplementedError("max_gap is not supported")
        if not isinstance(paths, list):
            raise TypeError("paths must be a list")
        starts_list = starts if isinstance(starts, list) else [starts] * len(paths)
        ends_list = ends if isinstance(ends, list) else [ends] * len(paths)
        if len(starts_list) != len(paths) or len(ends_list) != len(paths):
            raise ValueError("paths, starts and ends must have the same length")

        def fetch(path: str, start: int, end: int) -> bytes | Exception:
            try:
                return self.cat_file(path, start, end, **kwargs)
            except Exception as exc:
                if on_error != "return":
                    raise
                return exc

        jobs = [functools.partial(fetch, p, s, e) for p, s, e in zip(paths, starts_list, ends_list, strict=True)]
        return self._run_all(jobs)

    def get_file(
        self, rpath: str, lpath: Any, callback: Callback = DEFAULT_CALLBACK, outfile: Any = None, **kwargs: Any
    ) -> None:
        """Download one object: into a local path through the library's verified, resumable download (parallel
        ranges for large objects), or streamed into an open file."""
        if outfile is None and not isinstance(lpath, (str, os.PathLike)):
            outfile = lpath
        if outfile is None:
            self._check_contained(rpath, os.fspath(lpath))
        if outfile is None and self._batched(lambda: self.get_file(rpath, lpath, callback=callback, **kwargs)):
            return
        container, key = self._object(rpath)
        if outfile is not None:
            self._stream_to(rpath, container, key, outfile, callback)
            return
        target = os.fspath(lpath)
        parent = os.path.dirname(os.path.abspath(target))
        os.makedirs(parent, exist_ok=True)
        scratch = tempfile.mkdtemp(prefix=".swiftfiles-get-", dir=parent)
        try:
            subscriber = _CallbackSubscriber(callback)
            written = self._call(
                rpath,
                lambda c: c.download_object(container, key, scratch, structure=False, subscribers=[subscriber]),
            )
            os.replace(written, target)
        except FileNotFoundError:
            if not self.isdir(rpath):
                raise
            os.makedirs(target, exist_ok=True)  # a pseudo-directory of a tree being copied
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def _stream_to(self, rpath: str, container: str, key: str, outfile: Any, callback: Callback) -> None:
        chunk = self.client.transfer_config.io_chunk_size
        with translated(rpath):
            for piece in self.client.fetch_object(container, key, chunk_size=chunk):
                outfile.write(piece)
                callback.relative_update(len(piece))

    def get(self, rpath: Any, lpath: Any, recursive: bool = False, **kwargs: Any) -> None:
        """Download files and trees; the files go concurrently (``transfer_config.concurrency`` at a time).

        Object names such as ``a/../../x`` are legal in Swift; none of them is written outside *lpath*
        (``UnsafePath``), whatever the installed fsspec checks itself.
        """
        root = os.path.abspath(os.fspath(lpath)) if isinstance(lpath, (str, os.PathLike)) else None
        self._batch.root = root
        try:
            with self._batch_scope():
                super().get(rpath, lpath, recursive=recursive, **kwargs)
        finally:
            self._batch.root = None

    def _check_contained(self, rpath: str, target: str) -> None:
        root: str | None = getattr(self._batch, "root", None)
        if root is None:
            return
        resolved = os.path.abspath(target)
        if resolved != root and not resolved.startswith(root.rstrip(os.sep) + os.sep):
            raise UnsafePath(f"{rpath!r} would be written outside the destination folder {root!r}")

    # -- writing ------------------------------------------------------------------------------------------------

    def pipe_file(self, path: str, value: bytes, mode: str = "overwrite", **kwargs: Any) -> None:
        """Store *value* as one object, MD5-verified; ``mode="create"`` refuses to replace an existing one."""
        container, key = self._object(path)
        headers = {"If-None-Match": "*"} if mode == "create" else None
        if mode == "create" and self.exists(path):
            raise FileExistsError(17, "the object exists (mode='create')", path)
        data = bytes(value)
        self._call(path, lambda c: c.store_object(container, key, data, headers=headers, **kwargs))

    def put_file(
        self, lpath: Any, rpath: str, callback: Callback = DEFAULT_CALLBACK, mode: str = "overwrite", **kwargs: Any
    ) -> None:
        """Upload one local file: one verified PUT, or a verified SLO sent in parallel segments when large."""
        local = os.fspath(lpath)
        if os.path.isdir(local):
            return  # Swift has no directories: a folder exists through the files under it
        if self._batched(lambda: self.put_file(local, rpath, callback=callback, mode=mode, **kwargs)):
            return
        container, key = self._object(rpath)
        if mode == "create" and self.exists(rpath):
            raise FileExistsError(17, "the object exists (mode='create')", rpath)
        callback.set_size(os.path.getsize(local))
        subscriber = _CallbackSubscriber(callback)
        self._call(rpath, lambda c: c.upload_file(container, local, obj_name=key, subscribers=[subscriber]))

    def put(self, lpath: Any, rpath: Any, recursive: bool = False, **kwargs: Any) -> None:
        """Upload files and trees; the files go concurrently (``transfer_config.concurrency`` at a time)."""
        with self._batch_scope():
            super().put(lpath, rpath, recursive=recursive, **kwargs)

    def touch(self, path: str, truncate: bool = True, **kwargs: Any) -> None:
        if not truncate and self.exists(path):
            raise NotImplementedError("Swift objects cannot be touched without rewriting them")
        self.pipe_file(path, b"")

    # -- copies, moves, deletes ---------------------------------------------------------------------------------

    def cp_file(self, path1: str, path2: str, **kwargs: Any) -> None:
        """Server-side copy (the bytes never leave the cluster); a pseudo-directory needs no copying."""
        path1, path2 = self._strip_protocol(path1), self._strip_protocol(path2)
        source_container, source_key = split_path(path1)
        target_container, target_key = self._object(path2)
        if not source_key:
            return  # a container: its objects are copied one by one
        if self._batched(lambda: self.cp_file(path1, path2, **kwargs)):
            return
        try:
            self._call(
                path1,
                lambda c: c.copy_object(source_container, source_key, target_container, new_obj_name=target_key),
            )
        except FileNotFoundError:
            if self.isdir(path1):
                return
            raise

    def copy(self, path1: Any, path2: Any, recursive: bool = False, **kwargs: Any) -> None:
        """Copy files and trees server-side, concurrently."""
        with self._batch_scope():
            super().copy(path1, path2, recursive=recursive, **kwargs)

    def rm_file(self, path: str) -> None:
        """Delete one object; a large object goes with its segments."""
        container, key = self._object(path)
        self._call(path, lambda c: c.delete_object(container, key))

    def _rm(self, path: str) -> None:
        self.rm_file(path)

    def rm(self, path: Any, recursive: bool = False, maxdepth: int | None = None) -> None:
        """Delete objects (concurrently; large objects with their segments) and, recursively, whole containers.

        ``rm("container", recursive=True)`` deletes every object and then the container itself.
        """
        paths = self.expand_path(path, recursive=recursive, maxdepth=maxdepth)
        containers = [p for p in paths if "/" not in p]
        self._delete_objects([p for p in paths if "/" in p], recursive=recursive)
        for container in containers:
            self.rmdir(container)

    def _delete_objects(self, paths: Sequence[str], *, recursive: bool) -> None:
        """Delete objects concurrently, each with one attempt and no HEAD beforehand to classify it.

        The paths of a recursive delete come from a listing and include pseudo-directories, which have nothing to
        delete: a path that is not there is skipped. A path named explicitly that is not there is an error
        (``IsADirectoryError`` for a pseudo-directory without ``recursive``). Each delete is segment-aware (the
        client's ``delete_object``); with ``TransferConfig(leave_segments=True)`` the client would not touch
        segments anyway, so whole batches go through the bulk-delete middleware instead.
        """
        if not paths:
            return
        by_container: dict[str, list[str]] = {}
        for p in paths:
            container, key = split_path(p)
            by_container.setdefault(container, []).append(key)
        if self.client.transfer_config.leave_segments:
            for container, keys in by_container.items():
                self._call(container, functools.partial(_bulk_delete, container=container, keys=keys))
            return
        if recursive:
            # One listing tells plain objects (bulk-deleted, thousands per request) from the large ones (SLO rows,
            # and 0-byte rows that may be DLO manifests), which go one by one with their segments.
            paths = []
            for container, keys in by_container.items():
                plain, large = self._classify(container, keys)
                if plain:
                    self._call(container, functools.partial(_bulk_delete, container=container, keys=plain))
                paths.extend(f"{container}/{key}" for key in large)
            if not paths:
                return

        def delete(p: str) -> None:
            try:
                self.rm_file(p)
            except FileNotFoundError:
                if recursive:
                    return
                if self.isdir(p):
                    raise IsADirectoryError(21, "a pseudo-directory: use recursive=True", p) from None
                raise

        self._run_all([functools.partial(delete, p) for p in paths])

    def _classify(self, container: str, keys: Sequence[str]) -> tuple[list[str], list[str]]:
        """*keys* split into plain objects and large ones (or possible DLO manifests); names the listing does not
        have (pseudo-directories) are left out. One listing of their common prefix."""
        wanted = set(keys)
        prefix = os.path.commonprefix(sorted(wanted)) or None
        plain: list[str] = []
        large: list[str] = []

        def walk(client: StorageClient) -> None:
            for row in client.connection.iter_objects(container, prefix=prefix):
                name = str(row.get("name", ""))
                if name in wanted:
                    (large if may_be_large_row(row) else plain).append(name)

        self._call(container, walk)
        return plain, large

    def mkdir(self, path: str, create_parents: bool = True, **kwargs: Any) -> None:
        """Create the container of *path* (pseudo-directories need no creating)."""
        path = self._strip_protocol(path)
        container, key = split_path(path)
        if not container:
            raise PermissionError(1, "the account root cannot be created", path)
        if key and not create_parents:
            if not self.exists(container):
                raise FileNotFoundError(2, "the container does not exist", container)
            return
        self._call(container, lambda c: c.create_container(container))

    def makedirs(self, path: str, exist_ok: bool = False) -> None:
        path = self._strip_protocol(path)
        container, key = split_path(path)
        if not key and not exist_ok and self.exists(container):
            raise FileExistsError(17, "the container exists", container)
        self.mkdir(path, create_parents=True)

    def rmdir(self, path: str) -> None:
        """Delete an empty container (``OSError`` ENOTEMPTY when it holds objects); pseudo-directories vanish with
        their last object, so removing one is a no-op."""
        path = self._strip_protocol(path)
        container, key = split_path(path)
        if key:
            return

        def delete(client: StorageClient) -> None:
            try:
                client.delete(container)
            except NoSuchContainer:
                raise
            except NotFound as exc:
                raise NoSuchContainer(str(exc), status=404) from None

        self._call(container, delete)

    # -- files and URLs -----------------------------------------------------------------------------------------

    def _open(
        self,
        path: str,
        mode: str = "rb",
        block_size: int | None = None,
        autocommit: bool = True,
        cache_options: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> SwiftFile:
        path = self._strip_protocol(path)
        if not autocommit:
            raise NotImplementedError("swift:// files are committed when closed; transactions are not supported")
        if mode not in ("rb", "wb", "xb"):
            raise NotImplementedError(f"mode {mode!r} is not supported by swift:// (use 'rb', 'wb' or 'xb')")
        container, key = self._object(path)
        if mode == "xb" and self.exists(path):
            raise FileExistsError(17, "the object exists (mode='xb')", path)
        info = None
        if mode == "rb":
            info = self.info(path)
            if info["type"] != "file":
                raise IsADirectoryError(21, "not a file", path)
        return SwiftFile(
            self,
            path,
            container,
            key,
            mode=mode,
            block_size=block_size or self.blocksize,
            cache_options=cache_options,
            details=info,
            **kwargs,
        )

    def sign(self, path: str, expiration: int = 100, **kwargs: Any) -> str:
        """A TempURL that allows a GET (or ``method="PUT"``) of the object for *expiration* seconds, no token
        needed. The account (or container) needs a TempURL key: ``fs.client.set_temp_url_key()``."""
        container, key = self._object(path)
        method = kwargs.pop("method", "GET")
        return self._call(path, lambda c: c.get_temp_url(container, key, seconds=expiration, method=method, **kwargs))

    # -- batching: put/get/copy expand paths with fsspec's own rules, then transfer the files concurrently --------

    @contextlib.contextmanager
    def _batch_scope(self) -> Iterator[None]:
        if getattr(self._batch, "jobs", None) is not None:
            yield  # nested: the outer scope runs everything
            return
        self._batch.jobs = []
        try:
            yield
            jobs: list[Callable[[], None]] = self._batch.jobs
        finally:
            self._batch.jobs = None
        self._run_all(jobs)

    def _batched(self, job: Callable[[], None]) -> bool:
        """Inside ``put``/``get``/``copy``: queue *job* to run concurrently at the end, and return True."""
        jobs: list[Callable[[], None]] | None = getattr(self._batch, "jobs", None)
        if jobs is None:
            return False
        jobs.append(job)
        return True


def _bulk_delete(client: StorageClient, *, container: str, keys: list[str]) -> Any:
    """Bulk-delete *keys*; names already gone are fine, any other failure is an ``OSError`` naming them."""
    result = client.bulk_delete(container, keys)
    if isinstance(result, dict) and result.get("errors"):
        failed = ", ".join(f"{path} ({status})" for path, status in result["errors"][:5])
        raise OSError(f"could not delete {len(result['errors'])} object(s) of {container!r}: {failed}")
    return result
