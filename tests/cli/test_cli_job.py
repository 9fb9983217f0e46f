"""``swiftfiles job``: the Dask copy/verify job from the command line, against the real Swift (issue 12).

The command passes its own credentials to the workers: ``--scheduler processes`` runs each task in another process,
which builds its client from them.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid

import pytest
from tests.cli.helpers import run

from swiftfiles import NotFound

pytestmark = pytest.mark.integration

CONTENT = {f"docs/{i:02d}.txt": os.urandom(1000 + i) for i in range(5)} | {"top.bin": os.urandom(3000)}


@pytest.fixture
def source(client):
    name = f"cli-job-{uuid.uuid4().hex[:8]}"
    client.create_container(name)
    for key, data in CONTENT.items():
        client.store_object(name, key, data)
    client.store_object(name, "parts/1", b"dyn-")
    client.store_object(name, "parts/2", b"amic")
    client.store_object(name, "dlo", b"", headers={"X-Object-Manifest": f"{name}/parts/"})
    yield name
    for leftover in (name, name + "-copy"):
        with contextlib.suppress(NotFound):
            client.delete(leftover, del_objects=True)


def test_verify_counts_every_object_across_tasks(env, source) -> None:
    done = run(["job", "verify-md5", f"swift://{source}", "--objects-per-task", "2", "--json"], env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    sizes = sum(len(d) for d in CONTENT.values()) + 8  # the two parts; the DLO manifest is skipped
    assert result == {"operation": "verify-md5", "objects": 8, "bytes": sizes, "skipped": 1, "errors": []}


def test_copy_to_container_under_a_prefix(env, client, source) -> None:
    done = run(["job", "copy-to-container", f"swift://{source}/docs", f"swift://{source}-copy/backup"], env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("copy-to-container: 5 objects")
    copied = sorted(client.list_container_object_names(f"{source}-copy", full_listing=True))
    assert copied == sorted(f"backup/{key}" for key in CONTENT if key.startswith("docs/"))
    assert client.fetch_object(f"{source}-copy", "backup/docs/03.txt") == CONTENT["docs/03.txt"]


def test_copy_to_local_in_worker_processes(env, source, tmp_path) -> None:
    target = tmp_path / "restore"
    done = run(["job", "copy-to-local", f"swift://{source}/docs", str(target), "--scheduler", "processes"], env)
    assert done.returncode == 0, done.stderr
    for key, data in CONTENT.items():
        if key.startswith("docs/"):
            assert (target / key).read_bytes() == data
    assert not (target / "top.bin").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["verify-md5", "swift://c", "swift://d"], "verify-md5 takes no DST"),
        (["copy-to-container", "swift://c", "/tmp/x"], "copies to swift://"),
        (["copy-to-local", "swift://c"], "copy-to-local needs DST"),
        (["copy-to-local", "swift://c", "swift://d"], "copies to a local folder"),
        (["verify-md5", "photos"], "is not a remote path"),
        (["verify-md5", "swift://c", "--workers", "2"], "--workers is for --scheduler local"),
    ],
)
def test_usage_errors_before_any_request(args, message) -> None:
    done = run(["job", *args], {"PATH": os.environ.get("PATH", ""), "HOME": "/tmp"})  # no credentials needed
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


def test_a_missing_container_is_one_line_and_exit_1(env) -> None:
    done = run(["job", "verify-md5", f"swift://missing-{uuid.uuid4().hex[:8]}"], env)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "missing-" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_the_command_offers_exactly_the_library_operations() -> None:
    """The command spells the operations itself (its ``--help`` must not import Dask); they must stay the same."""
    from swiftfiles.cli.job import OPERATIONS
    from swiftfiles.dask_jobs import OPERATIONS as LIBRARY_OPERATIONS

    assert OPERATIONS == LIBRARY_OPERATIONS
