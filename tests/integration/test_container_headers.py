"""Container headers that are not metadata have a parameter, and a misspelled keyword is refused (issue 15, item 9).

pyrax's ``create_container(name, metadata, prefix, *args, **kwargs)`` dropped whatever else it was given, so
``metdata={...}`` created a bare container and stored nothing.
"""

import uuid

import pytest

from swiftfiles.exceptions import NotFound

pytestmark = pytest.mark.integration


def test_a_misspelled_keyword_is_refused_before_anything_is_created(client) -> None:
    name = f"typo-{uuid.uuid4().hex[:8]}"
    with pytest.raises(TypeError, match="metdata"):
        client.create_container(name, metdata={"Color": "red"})
    with pytest.raises(NotFound):
        client.get_container(name)
    with pytest.raises(TypeError, match="metdata"):
        client.store_object(name, "o", b"x", metdata={"Color": "red"})


def test_acls_and_the_storage_policy_are_sent_on_create(client) -> None:
    name = f"acl-{uuid.uuid4().hex[:8]}"
    policy = client.capabilities.raw["swift"]["policies"][0]["name"]
    try:
        cont = client.create_container(
            name,
            metadata={"Color": "red"},
            headers={"X-Storage-Policy": policy, "X-Container-Read": ".r:*,.rlistings"},
        )
        head = {k.lower(): v for k, v in client.connection.head_container(name).items()}
        assert head["x-storage-policy"] == policy
        assert head["x-container-read"] == ".r:*,.rlistings"
        assert cont.get_metadata() == {"x-container-meta-color": "red"}
    finally:
        client.delete(name)
