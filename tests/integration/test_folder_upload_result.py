"""A folder upload's handle reports failures when waited on (issue 10, item 16), on the real Swift."""

import json
import os
import uuid

import pytest
from tests.conftest import make_client
from tests.support.trees import write_tree as make_tree

from swiftfiles import FolderUploadFailed, Forbidden, SwiftFilesError, TransferConfig

pytestmark = pytest.mark.integration


def test_result_of_a_clean_upload(client, container, tmp_path) -> None:
    files = {"a.txt": b"alpha", "d/b.bin": os.urandom(5000)}
    key, total = client.upload_folder(str(make_tree(tmp_path / "site", files)), container)
    outcome = client.get_folder_upload(key).result(30)
    assert outcome.ok and outcome.errors == []
    assert (outcome.uploaded, outcome.total_bytes, outcome.files_uploaded, outcome.files_failed) == (total, total, 2, 0)


def test_result_raises_naming_the_file_swift_refused(client, container, tmp_path) -> None:
    folder = make_tree(tmp_path / "site", {"ok.txt": b"fine"})
    deep = folder.joinpath(*["d" * 200] * 6)  # an object name over Swift's 1024 bytes: the server answers 400
    deep.mkdir(parents=True)
    (deep / "too-long.txt").write_bytes(b"refused")
    key, total = client.upload_folder(str(folder), container)
    handle = client.get_folder_upload(key)
    with pytest.raises(SwiftFilesError, match="1 of 2 files failed") as caught:
        handle.result(30)
    assert "too-long.txt" in str(caught.value) and "400" in str(caught.value)
    failed = caught.value.result
    assert failed.files_failed == 1 and failed.files_uploaded == 1 and not failed.ok
    assert [name.rsplit("/", 1)[-1] for name, _ in failed.errors] == ["too-long.txt"]
    assert handle.wait(0) and handle.finished and not handle.ok
    assert client.get_uploaded(key) == total - len(b"refused")
    assert client.list_container_object_names(container) == ["ok.txt"]


def test_result_with_a_timeout_raises_timeout_error_while_running(swift, container, tmp_path) -> None:
    folder = make_tree(tmp_path / "many", {f"f{i:02d}": os.urandom(20_000) for i in range(30)})
    config = TransferConfig(concurrency=2, max_bandwidth=100_000)  # about six seconds for the whole folder
    with make_client(swift, transfer_config=config) as client:
        key, _ = client.upload_folder(str(folder), container)
        handle = client.get_folder_upload(key)
        with pytest.raises(TimeoutError):
            handle.result(0)
        handle.cancel()
        with pytest.raises(SwiftFilesError, match="cancelled"):
            handle.result(30)


def test_every_file_fails_with_the_403_when_the_missing_container_may_not_be_created(swift, client, tmp_path) -> None:
    """A user who may read the account (a read-only account ACL) but neither create containers nor write: the
    listing says the container is missing, its one PUT is refused, and every file fails with that 403 (none is
    sent); the handle finishes instead of retrying."""
    cname = f"t-never-created-{uuid.uuid4().hex[:8]}"
    folder = make_tree(tmp_path / "site", {"a.txt": b"alpha", "d/b.txt": b"bravo", "d/c.txt": b"charlie"})
    client.connection.post_account({"X-Account-Access-Control": json.dumps({"read-only": ["test:tester3"]})})
    try:
        with make_client(swift, "test:tester3", transfer_config=TransferConfig(concurrency=4)) as reader:
            key, _ = reader.upload_folder(str(folder), cname)
            with pytest.raises(FolderUploadFailed, match="3 of 3 files failed") as caught:
                reader.get_folder_upload(key).result(30)
    finally:
        client.connection.post_account({"X-Account-Access-Control": "{}"})  # "{}" removes it
    errors = caught.value.result.errors
    assert sorted(name for name, _ in errors) == ["a.txt", "d/b.txt", "d/c.txt"]
    for _, error in errors:
        assert isinstance(error, Forbidden) and error.method == "PUT" and error.path.endswith(f"/{cname}")
    assert "403" in str(caught.value) and cname not in client.list_container_names()
    with make_client(swift, "test:tester3") as reader, pytest.raises(Forbidden):
        reader.list_container_names()  # the account ACL is gone again
