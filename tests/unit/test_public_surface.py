"""The package root is the public surface: every name a user needs is importable from ``swiftfiles``."""

from __future__ import annotations

import inspect
import subprocess
import sys

import swiftfiles
from swiftfiles import exceptions


def test_all_is_sorted_and_complete() -> None:
    public = swiftfiles.__all__
    assert public == sorted(public, key=lambda n: (n.startswith("_"), n)), "keep __all__ sorted"
    assert len(public) == len(set(public))
    assert all(hasattr(swiftfiles, name) for name in public)


def test_every_exception_class_is_exported_from_the_root() -> None:
    classes = {
        name
        for name, value in vars(exceptions).items()
        if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == exceptions.__name__
    }
    assert classes <= set(swiftfiles.__all__), sorted(classes - set(swiftfiles.__all__))
    assert classes <= set(exceptions.__all__), sorted(classes - set(exceptions.__all__))
    assert all(issubclass(getattr(exceptions, name), swiftfiles.SwiftFilesError) for name in classes)


def test_what_users_drive_transfers_with_is_at_the_root() -> None:
    for name in (
        "StorageClient",
        "TransferEngine",
        "TransferConfig",
        "TransferFuture",
        "BaseSubscriber",
        "TransferInfo",
        "UploadResult",
        "DownloadResult",
        "SyncResult",
        "Plan",
        "FolderUpload",
        "BulkDeleteResult",
    ):
        assert name in swiftfiles.__all__, name


def test_importing_the_package_loads_nothing_heavy() -> None:
    """``import swiftfiles`` must stay cheap (a CLI's ``--version``, a program that only catches exceptions): the
    public names are imported when first used."""
    code = (
        "import sys, swiftfiles\n"
        "names = ('urllib3', 'keystoneauth1', 'swiftfiles.client', 'swiftfiles.transfer')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "print(heavy)\n"
        "from swiftfiles import StorageClient, NoSuchObject\n"
        "print(StorageClient.__module__, NoSuchObject.__module__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.splitlines() == ["[]", "swiftfiles.client swiftfiles.exceptions"]


def test_a_client_loads_what_only_some_calls_need_on_first_use() -> None:
    """Building a ``StorageClient`` (what every script and CLI command does) loads neither Keystone, SQLite (the
    sync's hash cache), the dev server nor the progress bars: each comes with the first call that needs it."""
    code = (
        "import sys\n"
        "from swiftfiles import StorageClient\n"
        "client = StorageClient(auth_url='http://127.0.0.1:9/auth/v1.0', username='u:u', password='k')\n"
        "names = ('keystoneauth1', 'sqlite3', 'swiftfiles.devserver', 'rich', 'tqdm', 'fsspec', 'dask')\n"
        "print([m for m in names if m in sys.modules])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.splitlines() == ["[]"]
