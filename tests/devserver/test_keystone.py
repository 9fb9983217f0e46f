"""The Keystone devserver (swiftfiles.devserver.keystone) and Swift's Keystone mode, checked with plain HTTP.

The session fixtures ``keystone`` and ``keystone_swift`` come from tests/conftest.py; the client library's Keystone
support is tested in tests/integration/test_keystone_auth.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from devserver_helpers import http

from swiftfiles.devserver import DevServer
from swiftfiles.devserver.keystone import (
    ADMIN_USER,
    DEMO_PROJECT,
    DEMO_USER,
    READER_USER,
    REGION_ONE,
    REGION_TWO,
    SERVICE_USER,
    KeystoneServer,
    keystone_conf_text,
)
from swiftfiles.devserver.keystone_proxy import (
    TempauthPassthrough,
    filter_sections,
    keystone_pipeline,
    proxy_options,
)

pytestmark = pytest.mark.integration

OPTIONS = {"auth_url": "http://127.0.0.1:5000/v3", "username": "swift", "password": "pw"}


# -- configuration (no servers) --------------------------------------------------------------------------------


def test_keystone_pipeline_puts_authtoken_and_keystoneauth_after_tempauth() -> None:
    assert keystone_pipeline("catch_errors cache tempauth slo proxy-server") == (
        "catch_errors cache tempauth tempauth_passthrough authtoken keystoneauth slo proxy-server"
    )
    with pytest.raises(ValueError, match="tempauth"):
        keystone_pipeline("catch_errors proxy-server")


def test_filter_sections_configure_delayed_auth_and_operator_roles() -> None:
    sections = dict(filter_sections(OPTIONS))
    authtoken = sections["filter:authtoken"]
    assert "delay_auth_decision = true" in authtoken
    assert "auth_type = password" in authtoken
    assert "cache = swift.cache" in authtoken and not any(line.startswith("memcached_servers") for line in authtoken)
    assert f"www_authenticate_uri = {OPTIONS['auth_url']}" in authtoken
    assert "username = swift" in authtoken and "password = pw" in authtoken
    keystoneauth = sections["filter:keystoneauth"]
    assert keystoneauth[0] == "use = egg:swift#keystoneauth"
    assert "operator_roles = admin, member" in keystoneauth and "reseller_prefix = AUTH_" in keystoneauth


def test_proxy_options_validate_what_they_get() -> None:
    assert proxy_options(None) is None
    assert proxy_options({**OPTIONS, "region_name": 1}) == {**OPTIONS, "region_name": "1"}
    with pytest.raises(ValueError, match="password"):
        proxy_options({"auth_url": "http://x/v3", "username": "swift"})
    with pytest.raises(TypeError):
        proxy_options("http://x/v3")
    with pytest.raises(ValueError):
        DevServer(keystone={"auth_url": "http://x/v3"})


def test_tempauth_passthrough_only_marks_requests_tempauth_accepted() -> None:
    seen: list[dict] = []
    app = TempauthPassthrough(lambda env, start: seen.append(env) or [b""])
    app({"HTTP_X_AUTH_TOKEN": "AUTH_tk123", "REMOTE_USER": "test,test:tester,AUTH_test"}, None)
    app({"HTTP_X_AUTH_TOKEN": "AUTH_tkUNKNOWN"}, None)  # tempauth refuses these itself
    app({"HTTP_X_AUTH_TOKEN": "gAAAAAfernet"}, None)
    app({}, None)
    assert [env.get("swift.authorize_override", False) for env in seen] == [True, False, False, False]


def test_keystone_conf_keeps_everything_in_the_state_dir(tmp_path) -> None:
    text = keystone_conf_text(tmp_path, token_expiration=42)
    assert "provider = fernet" in text and "expiration = 42" in text
    assert f"connection = sqlite:///{tmp_path}/keystone.db" in text
    assert f"key_repository = {tmp_path}/fernet-keys" in text
    assert f"key_repository = {tmp_path}/credential-keys" in text
    assert f"log_file = {tmp_path}/keystone.log" in text
    assert "/etc/keystone" not in text


def test_saml_schemas_are_loaded_only_when_used() -> None:
    code = textwrap.dedent(
        """
        import sys, time
        from swiftfiles.devserver.keystone_run import defer_saml_schemas
        defer_saml_schemas()
        from saml2.xml.schema import XMLSchemaError, validate
        assert "xmlschema" not in sys.modules, "the schemas were compiled at import"
        try:
            validate("<not-saml/>")
        except XMLSchemaError:
            print("lazy ok")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "lazy ok", out.stderr[-2000:]


# -- the running Keystone ---------------------------------------------------------------------------------------


def test_keystone_serves_identity_v3_with_the_test_data(keystone) -> None:
    info = keystone.info
    reply = http("GET", info.auth_url)
    assert reply.status == 200 and reply.json()["version"]["id"].startswith("v3.")
    assert set(info.users) == {ADMIN_USER, SERVICE_USER, DEMO_USER, READER_USER}
    assert {DEMO_PROJECT, "demo-alt", "admin", "service"} == set(info.projects)
    assert info.regions == (REGION_ONE, REGION_TWO)
    assert (info.state_dir / "keystone.db").is_file() and (info.state_dir / "fernet-keys" / "0").is_file()
    assert f"expiration = {info.token_expiration}" in (info.state_dir / "keystone.conf").read_text()


def test_catalog_lists_identity_and_object_store_endpoints(keystone, keystone_swift) -> None:
    token = keystone.token()
    reply = http("GET", keystone.info.auth_url + "/auth/catalog", {"X-Auth-Token": token})
    assert reply.status == 200
    catalog = {service["type"]: service["endpoints"] for service in reply.json()["catalog"]}
    identity = {(e["region_id"], e["interface"]): e["url"] for e in catalog["identity"]}
    assert identity == {(REGION_ONE, kind): keystone.info.auth_url for kind in ("public", "internal", "admin")}
    storage = {(e["region_id"], e["interface"]): e["url"] for e in catalog["object-store"]}
    project_id = keystone.info.project_id(DEMO_PROJECT)
    assert storage == {key: keystone.storage_url(DEMO_PROJECT, *key) for key in storage}
    assert storage[(REGION_ONE, "public")] == f"{keystone_swift.base_url}/v1/AUTH_{project_id}"
    assert set(storage) == {(REGION_ONE, "public"), (REGION_ONE, "internal"), (REGION_TWO, "public")}


def test_application_credential_and_password_tokens(keystone) -> None:
    info = keystone.info
    body = {
        "auth": {
            "identity": {
                "methods": ["application_credential"],
                "application_credential": {"id": info.app_credential_id, "secret": info.app_credential_secret},
            }
        }
    }
    reply = http(
        "POST", info.auth_url + "/auth/tokens", {"Content-Type": "application/json"}, json.dumps(body).encode()
    )
    assert reply.status == 201, reply.body
    token = reply.json()["token"]
    assert token["project"]["id"] == info.project_id(DEMO_PROJECT)
    assert "member" in {role["name"] for role in token["roles"]}
    assert reply.headers["x-subject-token"].startswith("gAAAAA")  # a fernet token


def test_revoked_token_no_longer_validates(keystone) -> None:
    token = keystone.token()
    headers = {"X-Auth-Token": keystone.admin_token(), "X-Subject-Token": token}
    assert http("GET", keystone.info.auth_url + "/auth/tokens", headers).status == 200
    keystone.revoke(token)
    assert http("GET", keystone.info.auth_url + "/auth/tokens", headers).status == 404


# -- Swift in Keystone mode -------------------------------------------------------------------------------------


def test_keystone_swift_pipeline(keystone_swift) -> None:
    conf = (keystone_swift.state_dir / "etc" / "proxy-server.conf").read_text()
    pipeline = next(line for line in conf.splitlines() if line.startswith("pipeline = "))
    assert " tempauth tempauth_passthrough authtoken keystoneauth " in pipeline
    assert "delay_auth_decision = true" in conf and "use = egg:swift#keystoneauth" in conf


def test_keystone_swift_authorizes_by_project_and_role(keystone, keystone_swift) -> None:
    url = keystone.storage_url(DEMO_PROJECT)
    member = keystone.token()
    assert http("HEAD", url, {"X-Auth-Token": member}).status in (200, 204)
    assert http("PUT", url + "/raw-ks", {"X-Auth-Token": member}).status in (201, 202)
    assert http("PUT", url + "/raw-ks/o", {"X-Auth-Token": member}, b"raw").status == 201
    assert http("GET", url + "/raw-ks/o", {"X-Auth-Token": member}).body == b"raw"
    # Another project's account, a reader, no token, a bogus token.
    assert http("HEAD", keystone.storage_url("demo-alt"), {"X-Auth-Token": member}).status == 403
    assert http("HEAD", url, {"X-Auth-Token": keystone.token(READER_USER)}).status == 403
    anonymous = http("GET", url + "/raw-ks")
    assert anonymous.status == 401
    assert anonymous.headers["www-authenticate"] == f'Keystone uri="{keystone.info.auth_url}"'
    assert http("HEAD", url, {"X-Auth-Token": "gAAAAAbogus"}).status == 401
    assert http("DELETE", url + "/raw-ks/o", {"X-Auth-Token": member}).status == 204
    assert http("DELETE", url + "/raw-ks", {"X-Auth-Token": member}).status == 204


def test_tempauth_keeps_working_next_to_keystone(keystone, keystone_swift) -> None:
    login = http("GET", keystone_swift.auth_url, {"X-Auth-User": "test:tester", "X-Auth-Key": "testing"})
    assert login.status == 200
    token, url = login.headers["x-auth-token"], login.headers["x-storage-url"]
    assert http("HEAD", url, {"X-Auth-Token": token}).status in (200, 204)
    assert http("PUT", url + "/raw-ta", {"X-Auth-Token": token}).status in (201, 202)
    assert http("DELETE", url + "/raw-ta", {"X-Auth-Token": token}).status == 204
    # Neither kind of token opens the other kind's account.
    assert http("HEAD", keystone.storage_url(DEMO_PROJECT), {"X-Auth-Token": token}).status == 403
    assert http("HEAD", url, {"X-Auth-Token": keystone.token()}).status == 403


# -- lifecycle --------------------------------------------------------------------------------------------------


def test_start_copies_the_template_and_stop_removes_the_state_dir(keystone) -> None:
    server = KeystoneServer(token_expiration=120)
    info = server.start()
    try:
        # The session's Keystone built or found the template already: this start only copies it.
        assert server.timings["template"] < 1.0
        assert info.state_dir != keystone.info.state_dir and info.port != keystone.info.port
        assert info.projects == keystone.info.projects  # the same template
        assert "expiration = 120" in (info.state_dir / "keystone.conf").read_text()
        assert http("GET", info.auth_url).status == 200
    finally:
        server.stop()
    assert not info.state_dir.exists()
    server.stop()  # idempotent


def test_given_state_dir_is_kept_and_reused(tmp_path) -> None:
    state = tmp_path / "ks"
    server = KeystoneServer(state_dir=state)
    first = server.start()
    try:
        endpoint_count = len(_endpoints(server))
    finally:
        server.stop()
    assert (state / "keystone.db").is_file()
    second = server.start()
    try:
        assert second.projects == first.projects
        # The identity endpoints were replaced with the new port's, not added to.
        endpoints = _endpoints(server)
        assert len(endpoints) == endpoint_count == 3
        assert {e["url"] for e in endpoints} == {second.auth_url}
    finally:
        server.stop()
    assert state.is_dir()


def _endpoints(server: KeystoneServer) -> list[dict]:
    admin = server.admin_token()
    return http("GET", server.info.auth_url + "/endpoints", {"X-Auth-Token": admin}).json()["endpoints"]


def test_keystone_child_exits_when_its_parent_dies() -> None:
    code = textwrap.dedent(
        """
        import json, os, sys
        from swiftfiles.devserver.keystone import KeystoneServer
        info = KeystoneServer().start()
        print(json.dumps({"pid": info.pid, "state_dir": str(info.state_dir)}), flush=True)
        os._exit(0)  # no stop(): the child must notice by itself
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    started = json.loads(out.stdout.strip().splitlines()[-1])
    pid, state_dir = started["pid"], Path(started["state_dir"])
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and (_alive(pid) or state_dir.exists()):
        time.sleep(0.1)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
        pytest.fail("the Keystone child outlived its parent")
    assert not state_dir.exists()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False
