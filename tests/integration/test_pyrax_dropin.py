"""swiftfiles.pyrax in-process: identity, regions, ServiceNet, pyrax's return types and exceptions, Keystone.

Rackspace identity is the project's EMULATOR (the ``rackspace`` fixture) in front of the real Swift; Keystone is
the real one (``keystone``/``keystone_swift`` fixtures). The drop-in's module-level state is reset around each test.
"""

from __future__ import annotations

import os
import time
import uuid
import warnings

import pytest

import swiftfiles
import swiftfiles.pyrax as pyrax
from swiftfiles.devserver.keystone import DEMO_PASSWORD, DEMO_PROJECT, DEMO_USER, REGION_ONE, REGION_TWO
from swiftfiles.devserver.rackspace import RACK_API_KEY, RACK_PASSWORD, RACK_USER
from swiftfiles.pyrax import _state
from swiftfiles.pyrax.metadata import PyraxMetadataWarning
from swiftfiles.pyrax.object_storage import CloudFilesClient, PyraxContainer, PyraxObject

pytestmark = pytest.mark.integration


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in list(os.environ):
        if name.startswith("CLOUD_") or name == "USE_SERVICENET":
            monkeypatch.delenv(name)
    _state.reset()
    yield tmp_path
    _state.reset()


@pytest.fixture
def rax(rackspace, fresh):
    pyrax.set_setting("identity_type", "rackspace")
    pyrax.set_setting("auth_endpoint", rackspace.info.identity_url)
    return rackspace.info


@pytest.fixture
def cf(rax):
    pyrax.set_credentials(RACK_USER, api_key=RACK_API_KEY)
    return pyrax.cloudfiles


@pytest.fixture
def cont(cf):
    container = cf.create_container(f"pyrax-{uuid.uuid4().hex[:10]}")
    yield container
    cf.delete(container, del_objects=True)


def test_set_credentials_fills_the_identity_and_connects_cloudfiles(rax) -> None:
    pyrax.set_credentials(RACK_USER, api_key=RACK_API_KEY)
    identity = pyrax.identity
    assert identity.authenticated and identity.token and identity.username == RACK_USER
    assert identity.expires is not None
    assert identity.get_default_region() == "DFW" and pyrax.regions == ("DFW", "ORD")  # the whole catalog
    assert identity.tenant_id == rax.user(RACK_USER).tenant_id  # the token's tenant, as Rackspace names it
    assert identity.services["object_store"].endpoints["DFW"].public_url == rax.storage_url_for(region="DFW")
    assert identity.services["object_cdn"].endpoints["DFW"].public_url == rax.cdn_management_url_for(region="DFW")
    assert pyrax.services == ("object_store", "object_cdn")
    cf = pyrax.cloudfiles
    assert isinstance(cf, CloudFilesClient) and isinstance(cf.storage_client, swiftfiles.StorageClient)
    assert cf.storage_url == rax.storage_url_for(region="DFW")
    assert cf.cdn_management_url == rax.cdn_management_url_for(region="DFW")
    assert RACK_API_KEY not in repr(identity) and RACK_API_KEY not in repr(cf)


def test_credential_file_and_region_argument(rax, fresh) -> None:
    creds = fresh / "creds"
    creds.write_text(f"[rackspace_cloud]\nusername = {RACK_USER}\napi_key = {RACK_API_KEY}\n")
    pyrax.set_credential_file(str(creds), region="ORD")
    assert pyrax.cloudfiles.storage_url == rax.storage_url_for(region="ORD")


def test_region_and_servicenet_choices(rax, cf) -> None:
    ord_internal = pyrax.connect_to_cloudfiles(region="ORD", public=False)
    assert ord_internal.storage_url == rax.storage_url_for(region="ORD", internal=True)
    pyrax.set_setting("use_servicenet", True)
    assert pyrax.connect_to_cloudfiles().storage_url == rax.storage_url_for(region="DFW", internal=True)
    assert set(pyrax.identity.regions) == {"DFW", "ORD"}


def test_rackspace_password_is_tried_as_an_api_key_first_as_in_pyrax(rax) -> None:
    pyrax.set_credentials(RACK_USER, password=RACK_PASSWORD)
    assert pyrax.identity.authenticated and pyrax.cloudfiles.storage_url == rax.storage_url_for(region="DFW")
    settings = pyrax.identity.client_settings("DFW", True)
    assert "api_key" not in settings and settings["password"] == RACK_PASSWORD  # the one that worked is kept


def test_refused_credentials_raise_pyrax_authentication_failed(rax) -> None:
    with pytest.raises(pyrax.exceptions.AuthenticationFailed):
        pyrax.set_credentials(RACK_USER, api_key="wrong-key")
    assert not pyrax.identity.authenticated and pyrax.cloudfiles is None
    with pytest.raises(pyrax.exceptions.NotAuthenticated):
        pyrax.connect_to_cloudfiles()


def test_auth_with_token_on_rackspace_identity(rax, rackspace) -> None:
    """pyrax's ``auth_with_token`` with a Rackspace token: the identity service trades it for the catalog."""
    pyrax.set_credentials(RACK_USER, api_key=RACK_API_KEY)
    token = pyrax.identity.token
    pyrax.clear_credentials()
    pyrax.auth_with_token(token, tenant_id=rax.user(RACK_USER).tenant_id)
    assert pyrax.identity.authenticated and pyrax.identity.token == token
    assert pyrax.cloudfiles.storage_url == rax.storage_url_for(region="DFW")
    assert set(pyrax.regions) == {"DFW", "ORD"}
    pyrax.clear_credentials()
    with pytest.raises(pyrax.exceptions.AuthenticationFailed):
        pyrax.auth_with_token("not-a-token")


def test_pyrax_return_types(cf, cont) -> None:
    assert repr(cont) == f"<Container '{cont.name}'>" and isinstance(cont, swiftfiles.Container)
    names = cf.list_containers()
    assert cont.name in names and all(isinstance(n, str) for n in names)
    page = cf.get_all_containers(prefix=cont.name)
    assert isinstance(page, list) and page == [cont] and isinstance(page[0], PyraxContainer)
    obj = cf.store_object(cont, "a.txt", "hello", content_type="text/plain")
    assert repr(obj) == "<Object 'a.txt' (text/plain)>"
    cont.store_object("b/c.txt", b"world")
    listed = cont.get_objects()
    assert isinstance(listed, list) and [o.name for o in listed] == ["a.txt", "b/c.txt"]
    assert all(isinstance(o, PyraxObject) for o in listed)
    full = cf.list_container_objects(cont, full_listing=True)
    assert [o.name for o in full] == ["a.txt", "b/c.txt"] and all(isinstance(o, PyraxObject) for o in full)
    assert cf.get_container_object_names(cont) == ["a.txt", "b/c.txt"]
    assert obj.get() == b"hello"  # bytes, as pyrax returned on Python 3
    headers, body = obj.get(include_meta=True)
    assert body == b"hello" and headers["Content-Length"] == headers["content-length"] == "5"
    assert "ETag" in headers and headers.get("Content-Type") == "text/plain"
    assert b"".join(obj.get(chunk_size=2)) == b"hello"
    with pytest.raises(pyrax.exceptions.InvalidUploadID):
        cf.get_uploaded("not-a-key")


def test_delete_all_objects_sync_and_async(cf, cont) -> None:
    for i in range(5):
        cont.store_object(f"o{i}", "x")
    job = cont.delete_all_objects(async_=True)
    deadline = time.monotonic() + 60
    while not job.completed and time.monotonic() < deadline:
        time.sleep(0.05)
    assert job.completed and job.results["deleted"] == 5
    cont.store_object("again", "x")
    assert cont.delete_all_objects() is None
    assert cf.get_container_object_names(cont) == []
    assert "upload_folder" in dir(cf) and "list_containers" in dir(cf)


def test_object_purge_reaches_the_cdn(rackspace, cf, cont) -> None:
    cont.make_public(ttl=900)
    obj = cont.store_object("p.txt", "x")
    before = len(rackspace.purges)
    obj.purge(email_addresses="ops@example.com")
    assert len(rackspace.purges) == before + 1


def test_text_mode_returns_str(cf, cont, monkeypatch) -> None:
    text = "é" * 1000  # 2,000 bytes: chunks of 3 bytes split characters
    cf.store_object(cont, "t.txt", text)
    monkeypatch.setenv("CLOUD_FETCH_AS_TEXT", "True")
    text_cf = pyrax.connect_to_cloudfiles()
    obj = text_cf.get_object(cont, "t.txt")
    assert obj.get() == text
    assert "".join(obj.get(chunk_size=3)) == text
    headers, body = obj.get(include_meta=True)
    assert body == text and headers["content-length"] == "2000"
    binary = bytes(range(256))
    text_cf.store_object(cont, "bin", binary)
    assert text_cf.fetch_object(cont, "bin").encode("utf-8", "surrogateescape") == binary


def test_pyrax_exception_names_catch_library_errors(cf, cont) -> None:
    with pytest.raises(pyrax.exceptions.NoSuchObject):
        cont.get_object("missing")
    with pytest.raises(pyrax.exceptions.NoSuchContainer):
        cf.get_container(f"missing-{uuid.uuid4().hex}")
    with pytest.raises(pyrax.exceptions.PyraxException):
        cf.delete_object(cont, "missing")


def test_metadata_underscores_on_containers_objects_and_uploads(cf, cont) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cont.set_metadata({"Famous_Family": "Simpsons"})
        obj = cf.store_object(cont, "m.txt", "x", metadata={"Home_Town": "Springfield"})
        listed = cont.get_objects()[0]
        listed.set_metadata({"Pet_Name": "Santa's Little Helper"})
        listed.remove_metadata_key("Home_Town")
        cf.set_account_metadata({"Account_Note": "n"})
    assert cont.get_metadata() == {"x-container-meta-famous-family": "Simpsons"}
    assert obj.get_metadata() == {"x-object-meta-pet-name": "Santa's Little Helper"}
    assert cf.get_account_metadata()["x-account-meta-account-note"] == "n"
    cf.set_account_metadata({"Account-Note": ""})
    warned = sorted(str(w.message).split("'")[1] for w in caught if issubclass(w.category, PyraxMetadataWarning))
    assert warned == ["Account_Note", "Famous_Family", "Home_Town", "Pet_Name"]  # once per key


def test_expired_tokens_are_renewed_behind_the_module_api(rackspace, cf, cont) -> None:
    cf.store_object(cont, "before", "1")
    rackspace.expire_tokens()
    cf.store_object(cont, "after", "2")
    assert cf.get_container_object_names(cont) == ["after", "before"]


def test_keystone_v3_identity(keystone, keystone_swift, fresh) -> None:
    pyrax.set_setting("identity_type", "keystone")
    pyrax.set_setting("auth_endpoint", keystone.info.auth_url)
    pyrax.set_setting("tenant_name", DEMO_PROJECT)
    pyrax.set_credentials(DEMO_USER, password=DEMO_PASSWORD, region=REGION_ONE)
    cf = pyrax.cloudfiles
    assert cf.storage_url == keystone.storage_url(DEMO_PROJECT, REGION_ONE)
    assert pyrax.identity.regions[0] == REGION_ONE  # the region in use first, then the rest of the catalog
    name = f"pyrax-ks-{uuid.uuid4().hex[:8]}"
    cont = cf.create_container(name)
    try:
        cont.store_object("k", "v")
        assert cf.list_container_objects(cont)[0].name == "k"
    finally:
        cf.delete(name, del_objects=True)
    other = pyrax.connect_to_cloudfiles(region=REGION_TWO)
    assert other.storage_url == keystone.storage_url(DEMO_PROJECT, REGION_TWO)


def test_keystone_v3_auth_with_token(keystone, keystone_swift, fresh) -> None:
    pyrax.set_setting("identity_type", "keystone")
    pyrax.set_setting("auth_endpoint", keystone.info.auth_url)
    pyrax.auth_with_token(keystone.token(), tenant_name=DEMO_PROJECT)
    assert pyrax.identity.authenticated
    cf = pyrax.cloudfiles
    assert cf.storage_url == keystone.storage_url(DEMO_PROJECT, REGION_ONE)
    name = f"pyrax-tok-{uuid.uuid4().hex[:8]}"
    cf.create_container(name)
    try:
        assert name in cf.list_containers()
    finally:
        cf.delete(name)


def test_keystone_v2_endpoint_uses_the_v2_password_request(rackspace, fresh) -> None:
    """A ``/v2.0`` Keystone endpoint: the legacy password request, here answered by the emulated v2.0 identity."""
    pyrax.set_setting("identity_type", "keystone")
    pyrax.set_setting("auth_endpoint", rackspace.info.identity_url)
    creds = fresh / "keystone_creds"
    creds.write_text(f"[keystone]\nusername = {RACK_USER}\npassword = {RACK_PASSWORD}\n")
    pyrax.set_credential_file(str(creds))
    assert pyrax.cloudfiles.storage_url == rackspace.info.storage_url_for(region="DFW")
    assert isinstance(pyrax.cloudfiles.list_containers(), list)


def test_pyrax_objects_keep_pyraxs_last_modified_strings(cont) -> None:
    """pyrax showed the server's text: the listing's ISO time for a listed object, the HTTP date for a HEAD."""
    cont.store_object("when.txt", b"x")
    listed = cont.get_objects()[0]
    headed = cont.get_object("when.txt")
    assert isinstance(listed, PyraxObject) and isinstance(headed, PyraxObject)
    assert isinstance(listed.last_modified, str) and isinstance(headed.last_modified, str)
    assert listed.last_modified[:4].isdigit() and "T" in listed.last_modified  # 2024-05-01T12:00:00.123456
    assert headed.last_modified.endswith(" GMT")  # Wed, 01 May 2024 12:00:00 GMT
    listed.reload()
    assert listed.last_modified == headed.last_modified
