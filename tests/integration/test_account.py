"""Account details, info and metadata against the real Swift (a second account keeps these tests isolated)."""

import time

import pytest
from tests.conftest import make_client

from swiftfiles.exceptions import MetadataError

pytestmark = pytest.mark.integration


@pytest.fixture
def account(swift):
    """test2's account, with its metadata wiped before and after."""
    with make_client(swift, "test2:tester2") as c:
        c.delete_account_metadata()
        yield c
        c.delete_account_metadata()


def test_details_and_info_count_containers_and_bytes(account) -> None:
    # Container counts reach the account synchronously; object and byte counts arrive through Swift's
    # container-updater daemon (the local server runs it every second): eventually consistent.
    before = account.get_account_details()["container_count"]
    name = "acct-info"
    account.create_container(name)
    try:
        account.store_object(name, "o", b"12345")
        deadline = time.monotonic() + 15
        while True:
            details = account.get_account_details()
            if details["bytes_used"] >= 5 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert details["container_count"] == before + 1
        assert details["object_count"] >= 1 and details["bytes_used"] >= 5
        assert not any(k.startswith("meta") for k in details)
        count, used = account.get_account_info()
        assert count == details["container_count"] and used >= 5
        assert account.get_info()[0] == count
    finally:
        account.delete(name, del_objects=True)


def test_set_get_clear_and_delete_metadata(account) -> None:
    account.set_account_metadata({"color": "blue", "X-Account-Meta-Size": "L"})
    assert account.get_account_metadata() == {"x-account-meta-color": "blue", "x-account-meta-size": "L"}
    account.set_account_metadata({"shape": "round"})
    assert account.get_account_metadata()["x-account-meta-color"] == "blue"
    account.set_account_metadata({"shape": "square"}, clear=True)
    assert account.get_account_metadata() == {"x-account-meta-shape": "square"}
    account.delete_account_metadata()
    assert account.get_account_metadata() == {}


def test_custom_prefix(account) -> None:
    account.set_account_metadata({"X-Account-Meta-Abc-One": "1", "X-Account-Meta-Other": "2"}, prefix="")
    assert account.get_account_metadata(prefix="X-Account-Meta-Abc-") == {"x-account-meta-abc-one": "1"}
    account.delete_account_metadata(prefix="X-Account-Meta-Abc-")
    assert account.get_account_metadata() == {"x-account-meta-other": "2"}


def test_unicode_values_and_limits(account) -> None:
    account.set_account_metadata({"greeting": "grüß dich ✓"})
    assert account.get_account_metadata()["x-account-meta-greeting"] == "grüß dich ✓"
    with pytest.raises(MetadataError, match="257 bytes"):
        account.set_account_metadata({"big": "v" * 257})


def test_pyrax_raw_requests_through_method_dict(client, container) -> None:
    """pyrax's ``method_dict``: raw requests against the storage URL returning ``(response, body)``."""
    client.store_object(container, "raw.txt", b"raw body")
    response, body = client.method_dict["GET"](f"/{container}/raw.txt")
    assert response.status == 200 and body == b"raw body"
    response, listing = client.method_dict["GET"](f"/{container}?format=json")
    assert [entry["name"] for entry in listing] == ["raw.txt"]
    response, _ = client.method_dict["HEAD"]("/")
    assert response.status == 204 and set(client.method_dict) == {"HEAD", "GET", "POST", "PUT", "DELETE", "PATCH"}
