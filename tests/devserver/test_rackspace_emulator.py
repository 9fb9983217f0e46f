"""The Rackspace identity v2.0 and Cloud Files CDN EMULATORS, against the real local Swift.

Plain urllib/http.client requests (the wire is what is under test), plus one check that swiftfiles'
``RackspaceAuth`` logs in through the emulator and gets a storage URL and token that work.
"""

from __future__ import annotations

import http.client as http_client
import json
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from devserver_helpers import Reply, http, token_and_url

from swiftfiles.auth.rackspace import RackspaceAuth, parse_expires
from swiftfiles.devserver import ADMIN_USER, ServerInfo
from swiftfiles.devserver.rackspace import (
    RACK_API_KEY,
    RACK_API_KEY2,
    RACK_PASSWORD,
    RACK_USER,
    RACK_USER2,
    TTL_DEFAULT,
    TTL_MAX,
    TTL_MIN,
    RackspaceEmulator,
    RackspaceInfo,
    RackspaceUser,
)
from swiftfiles.http.client import HTTPClient

pytestmark = pytest.mark.integration

JSON = {"Content-Type": "application/json", "Accept": "application/json"}


# -- helpers ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def emulator(devserver: ServerInfo) -> Iterator[RackspaceEmulator]:
    emu = RackspaceEmulator(devserver)
    emu.start()
    try:
        yield emu
    finally:
        emu.stop()


@pytest.fixture(scope="module")
def rax(emulator: RackspaceEmulator) -> RackspaceInfo:
    return emulator.info


def auth_body(username: str, *, api_key: str | None = None, password: str | None = None, **extra: str) -> bytes:
    if api_key is not None:
        auth: dict[str, object] = {"RAX-KSKEY:apiKeyCredentials": {"username": username, "apiKey": api_key}}
    else:
        auth = {"passwordCredentials": {"username": username, "password": password}}
    auth.update(extra)
    return json.dumps({"auth": auth}).encode()


def authenticate(info: RackspaceInfo, username: str = RACK_USER, api_key: str | None = None, **kw: str) -> Reply:
    if api_key is None and "password" not in kw:
        api_key = info.users[username].api_key
    return http("POST", info.identity_url + "tokens", JSON, auth_body(username, api_key=api_key, **kw))


def token_of(info: RackspaceInfo, username: str = RACK_USER) -> str:
    reply = authenticate(info, username)
    assert reply.status == 200, reply
    doc = reply.json()
    assert isinstance(doc, dict)
    return str(doc["access"]["token"]["id"])


def new_container(info: RackspaceInfo, token: str, username: str = RACK_USER) -> str:
    name = f"rax-{uuid.uuid4().hex[:10]}"
    assert http("PUT", f"{info.storage_url_for(username)}/{name}", {"X-Auth-Token": token}).status == 201
    return name


def cdn(info: RackspaceInfo, method: str, path: str, token: str, headers: Mapping[str, str] | None = None) -> Reply:
    return http(method, info.cdn_management_url_for() + path, {"X-Auth-Token": token, **(headers or {})})


def enabled_container(info: RackspaceInfo, token: str, **headers: str) -> tuple[str, Reply]:
    name = new_container(info, token)
    reply = cdn(info, "PUT", f"/{name}", token, headers)
    assert reply.status == 201, reply
    return name, reply


# -- identity -----------------------------------------------------------------------------------------------


def test_api_key_auth_returns_token_expiry_user_and_catalog(rax: RackspaceInfo) -> None:
    before = time.time()
    reply = authenticate(rax)
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("application/json")
    access = reply.json()["access"]  # type: ignore[index]
    token = access["token"]
    assert token["id"] and token["tenant"] == {"id": "100001", "name": "100001"}
    assert token["RAX-AUTH:authenticatedBy"] == ["APIKEY"]
    assert token["expires"].endswith("Z") and len(token["expires"]) == len("2026-11-24T23:00:00.000Z")
    expires = parse_expires(token["expires"])
    assert expires is not None and before + 86400 - 5 < expires.timestamp() < time.time() + 86400 + 5
    assert access["user"]["name"] == RACK_USER and access["user"]["RAX-AUTH:defaultRegion"] == "DFW"
    assert access["user"]["id"]

    services = {entry["name"]: entry for entry in access["serviceCatalog"]}
    files, cdn_service = services["cloudFiles"], services["cloudFilesCDN"]
    assert files["type"] == "object-store" and cdn_service["type"] == "rax:object-cdn"
    assert [e["region"] for e in files["endpoints"]] == ["DFW", "ORD"]
    assert [e["region"] for e in cdn_service["endpoints"]] == ["DFW", "ORD"]
    urls = [e[kind] for e in files["endpoints"] for kind in ("publicURL", "internalURL")]
    urls += [e["publicURL"] for e in cdn_service["endpoints"]]
    assert len(set(urls)) == 6, "every region/interface URL must be a distinct string"
    assert all(url.endswith("/v1/AUTH_test") for url in urls)
    for endpoint in files["endpoints"] + cdn_service["endpoints"]:
        assert endpoint["tenantId"].startswith("MossoCloudFS_")
    for endpoint in files["endpoints"]:
        region = endpoint["region"]
        assert endpoint["publicURL"] == rax.storage_url_for(region=region)
        assert endpoint["internalURL"] == rax.storage_url_for(region=region, internal=True)
    for endpoint in cdn_service["endpoints"]:
        assert endpoint["publicURL"] == rax.cdn_management_url_for(region=endpoint["region"])
        assert "internalURL" not in endpoint


def test_password_auth_and_token_reuse_while_valid(rax: RackspaceInfo) -> None:
    first = authenticate(rax, password=RACK_PASSWORD)
    second = authenticate(rax, password=RACK_PASSWORD, tenantId="100001")
    assert first.status == second.status == 200
    token1, token2 = (r.json()["access"]["token"] for r in (first, second))  # type: ignore[index]
    assert token1["RAX-AUTH:authenticatedBy"] == ["PASSWORD"]
    assert token1["id"] == token2["id"] and token1["expires"] == token2["expires"]
    storage_tenant = rax.users[RACK_USER].storage_tenant
    assert authenticate(rax, password=RACK_PASSWORD, tenantName=storage_tenant).status == 200


def test_second_user_gets_its_own_account_and_default_region(rax: RackspaceInfo) -> None:
    access = authenticate(rax, RACK_USER2).json()["access"]  # type: ignore[index]
    assert access["user"]["RAX-AUTH:defaultRegion"] == "ORD"
    files = next(s for s in access["serviceCatalog"] if s["type"] == "object-store")
    assert all(e["publicURL"].endswith("/v1/AUTH_test2") for e in files["endpoints"])
    token = access["token"]["id"]
    assert http("HEAD", rax.storage_url_for(RACK_USER2), {"X-Auth-Token": token}).status in (200, 204)
    # Swift itself refuses it on another account.
    assert http("HEAD", rax.storage_url_for(RACK_USER), {"X-Auth-Token": token}).status == 403


@pytest.mark.parametrize(
    "body",
    [
        auth_body(RACK_USER, api_key="wrong"),
        auth_body(RACK_USER, password="wrong"),
        auth_body("nobody", api_key=RACK_API_KEY),
        auth_body(RACK_USER, password=RACK_API_KEY),
        auth_body(RACK_USER2, api_key=RACK_API_KEY),
        auth_body(RACK_USER, api_key=RACK_API_KEY, tenantId="999999"),
    ],
    ids=["bad-key", "bad-password", "unknown-user", "key-as-password", "other-users-key", "foreign-tenant"],
)
def test_wrong_credentials_get_401(rax: RackspaceInfo, body: bytes) -> None:
    reply = http("POST", rax.identity_url + "tokens", JSON, body)
    assert reply.status == 401
    fault = reply.json()["unauthorized"]  # type: ignore[index]
    assert fault["code"] == 401 and fault["message"]


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[]", b'{"auth": 1}', b'{"auth": {}}', b'{"auth": {"passwordCredentials": {"username": "x"}}}'],
)
def test_malformed_body_gets_400(rax: RackspaceInfo, body: bytes) -> None:
    reply = http("POST", rax.identity_url + "tokens", JSON, body)
    assert reply.status == 400
    assert reply.json()["badRequest"]["code"] == 400  # type: ignore[index]


def test_identity_rejects_other_media_types_methods_and_paths(rax: RackspaceInfo) -> None:
    body = auth_body(RACK_USER, api_key=RACK_API_KEY)
    assert http("POST", rax.identity_url + "tokens", {"Content-Type": "text/plain"}, body).status == 415
    assert http("GET", rax.identity_url + "tokens").status == 405
    assert http("GET", rax.identity_url + "users").status == 404
    version = http("GET", rax.identity_url).json()
    assert version["version"]["id"] == "v2.0"  # type: ignore[index]


def test_disabled_user_gets_403(devserver: ServerInfo) -> None:
    user = RackspaceUser("gone", "k", "p", ADMIN_USER, "100009", enabled=False)
    with RackspaceEmulator(devserver, users=[user]) as info:
        reply = authenticate(info, "gone")
    assert reply.status == 403
    assert reply.json()["userDisabled"]["code"] == 403  # type: ignore[index]


# -- storage through the catalog ------------------------------------------------------------------------------


def test_token_works_against_real_swift_on_every_catalog_url(
    rax: RackspaceInfo, emulator: RackspaceEmulator, devserver: ServerInfo
) -> None:
    token = token_of(rax)
    name = new_container(rax, token)
    counts = {(r, i): emulator.storage_requests(r, i) for r in rax.regions for i in ("public", "internal")}
    for region in rax.regions:
        for internal in (False, True):
            url = rax.storage_url_for(region=region, internal=internal)
            assert http("HEAD", f"{url}/{name}", {"X-Auth-Token": token}).status == 204
    for key, before in counts.items():
        assert emulator.storage_requests(*key) == before + 1
    # It is the real Swift: the container is there for a tempauth login too.
    swift_token, swift_url = token_and_url(devserver, ADMIN_USER)
    assert http("HEAD", f"{swift_url}/{name}", {"X-Auth-Token": swift_token}).status == 204
    # No token, or a wrong one, is Swift's business.
    assert http("HEAD", rax.storage_url_for()).status == 401
    assert http("HEAD", rax.storage_url_for(), {"X-Auth-Token": "AUTH_tk-nonsense"}).status == 401
    # A tempauth token passes through unchanged.
    assert http("HEAD", rax.storage_url_for(), {"X-Auth-Token": swift_token}).status == 204


def test_pass_through_streams_chunked_uploads_and_downloads(rax: RackspaceInfo) -> None:
    token = token_of(rax)
    name = new_container(rax, token)
    url = urlsplit(rax.storage_url_for(region="ORD", internal=True))
    payload = bytes(range(256)) * 8192  # 2 MiB
    conn = http_client.HTTPConnection(url.hostname or "", url.port, timeout=10)
    try:
        pieces = (payload[i : i + 100_000] for i in range(0, len(payload), 100_000))
        conn.request("PUT", f"{url.path}/{name}/big%20f%C3%AFle", pieces, {"X-Auth-Token": token}, encode_chunked=True)
        response = conn.getresponse()
        response.read()
        assert response.status == 201
        conn.request("GET", f"{url.path}/{name}/big%20f%C3%AFle", headers={"X-Auth-Token": token})
        response = conn.getresponse()
        assert response.status == 200 and response.read() == payload
        # Same connection again (keep-alive), a listing Swift sends without Content-Length is re-chunked.
        conn.request("GET", f"{url.path}/{name}?format=json", headers={"X-Auth-Token": token})
        response = conn.getresponse()
        assert response.status == 200
        assert [row["name"] for row in json.loads(response.read())] == ["big fïle"]
    finally:
        conn.close()


def test_pass_through_keeps_swifts_90_metadata_items(rax: RackspaceInfo) -> None:
    token = token_of(rax)
    name = new_container(rax, token)
    meta = {f"X-Object-Meta-K{i:02d}": f"v{i}" for i in range(90)}
    url = f"{rax.storage_url_for()}/{name}/meta"
    assert http("PUT", url, {"X-Auth-Token": token, **meta}, b"m").status == 201
    head = http("HEAD", url, {"X-Auth-Token": token})
    assert head.status == 200
    assert {k: v for k, v in head.headers.items() if k.startswith("x-object-meta-")} == {
        k.lower(): v for k, v in meta.items()
    }


def test_pass_through_relays_swifts_early_answer_to_a_large_upload(rax: RackspaceInfo) -> None:
    reply = http("PUT", f"{rax.storage_url_for()}/c/o", {"X-Auth-Token": "AUTH_tk-bogus"}, b"x" * (8 << 20))
    assert reply.status == 401


def test_short_token_life_expires_at_storage_and_cdn(devserver: ServerInfo) -> None:
    with RackspaceEmulator(devserver, token_life=0.5) as info:
        before = time.time()
        access = authenticate(info).json()["access"]  # type: ignore[index]
        token = access["token"]["id"]
        expires = parse_expires(access["token"]["expires"])
        assert expires is not None and expires.timestamp() < before + 1.5
        headers = {"X-Auth-Token": token}
        assert http("HEAD", info.storage_url_for(), headers).status == 204
        assert http("GET", info.cdn_management_url_for(), headers).status in (200, 204)
        time.sleep(max(0.0, expires.timestamp() - time.time()) + 0.1)
        expired = http("HEAD", info.storage_url_for(region="ORD"), headers)
        assert expired.status == 401 and "swift realm" in expired.headers["www-authenticate"].lower()
        assert http("PUT", info.storage_url_for() + "/x/y", headers, b"data").status == 401
        assert http("GET", info.cdn_management_url_for(), headers).status == 401
        fresh = token_of(info)
        assert fresh != token
        assert http("HEAD", info.storage_url_for(), {"X-Auth-Token": fresh}).status == 204


def test_expire_tokens_and_revocation_without_sleeping(devserver: ServerInfo) -> None:
    with RackspaceEmulator(devserver) as info, RackspaceEmulator(devserver) as other:
        assert other.identity_url != info.identity_url
    emu = RackspaceEmulator(devserver)
    with emu as info:
        token = token_of(info)
        assert emu.expire_tokens(RACK_USER) == 1
        assert http("HEAD", info.storage_url_for(), {"X-Auth-Token": token}).status == 401
        token = token_of(info)
        assert http("DELETE", info.identity_url + "tokens", {"X-Auth-Token": token}).status == 204
        assert http("HEAD", info.storage_url_for(), {"X-Auth-Token": token}).status == 401
        assert http("DELETE", info.identity_url + "tokens", {"X-Auth-Token": token}).status == 401


def test_swiftfiles_rackspace_auth_logs_in_through_the_emulator(rax: RackspaceInfo) -> None:
    http_client = HTTPClient()
    result = RackspaceAuth(RACK_USER, api_key=RACK_API_KEY, auth_url=rax.identity_url).authenticate(http_client)
    assert result.storage_url == rax.storage_url_for()
    assert result.cdn_url == rax.cdn_management_url_for()
    assert result.region == "DFW" and result.source == "rackspace"
    assert result.expires is not None and result.expires > datetime.now(timezone.utc)
    assert http("GET", result.storage_url, {"X-Auth-Token": result.token}).status in (200, 204)
    assert http("GET", result.cdn_url, {"X-Auth-Token": result.token}).status in (200, 204)

    internal = RackspaceAuth(
        RACK_USER2, password="rack-password2", auth_url=rax.identity_url, region="dfw", public=False
    ).authenticate(http_client)
    assert internal.storage_url == rax.storage_url_for(RACK_USER2, "DFW", internal=True)
    assert internal.cdn_url == rax.cdn_management_url_for(RACK_USER2, "DFW")
    assert http("HEAD", internal.storage_url, {"X-Auth-Token": internal.token}).status in (200, 204)


# -- CDN management -----------------------------------------------------------------------------------------


def test_cdn_enable_head_update_disable(rax: RackspaceInfo) -> None:
    token = token_of(rax)
    name, put = enabled_container(rax, token)
    assert put.headers["x-cdn-enabled"] == "True" and put.headers["x-ttl"] == str(TTL_DEFAULT)
    head = cdn(rax, "HEAD", f"/{name}", token)
    assert head.status == 204
    assert head.headers["x-cdn-enabled"] == "True"
    assert head.headers["x-ttl"] == str(TTL_DEFAULT)
    assert head.headers["x-log-retention"] == "False"
    uris = [head.headers[f"x-cdn-{kind}uri"] for kind in ("", "ssl-", "streaming-", "ios-")]
    assert len(set(uris)) == 4 and all(u.startswith(rax.cdn_delivery_url) for u in uris)

    again = cdn(rax, "PUT", f"/{name}", token, {"X-Ttl": "1800", "X-Cdn-Enabled": "True"})
    assert again.status == 202 and again.headers["x-ttl"] == "1800"
    post = cdn(rax, "POST", f"/{name}", token, {"X-Ttl": "3600", "X-Log-Retention": "True"})
    assert post.status == 204
    head = cdn(rax, "HEAD", f"/{name}", token)
    assert (head.headers["x-ttl"], head.headers["x-log-retention"]) == ("3600", "True")
    assert head.headers["x-cdn-uri"] == uris[0], "the CDN URI is stable"

    assert cdn(rax, "POST", f"/{name}", token, {"X-Cdn-Enabled": "False"}).status == 204
    head = cdn(rax, "HEAD", f"/{name}", token)
    assert head.headers["x-cdn-enabled"] == "False" and head.headers["x-ttl"] == "3600"
    # Enabling a disabled container again is a creation (201) and keeps its settings.
    reenabled = cdn(rax, "PUT", f"/{name}", token)
    assert reenabled.status == 201 and reenabled.headers["x-ttl"] == "3600"


def test_cdn_post_accepts_only_cdn_headers(rax: RackspaceInfo) -> None:
    token = token_of(rax)
    name, _ = enabled_container(rax, token)
    reply = cdn(rax, "POST", f"/{name}", token, {"X-Container-Meta-Color": "red", "X-Ttl": "1000"})
    assert reply.status == 400 and b"X-Container-Meta-Color" in reply.body
    assert cdn(rax, "HEAD", f"/{name}", token).headers["x-ttl"] == str(TTL_DEFAULT), "nothing applied"
    assert cdn(rax, "POST", f"/{name}", token, {"X-Cdn-Enabled": "maybe"}).status == 400
    assert cdn(rax, "POST", f"/{name}", token, {"X-Log-Retention": "yes"}).status == 204


@pytest.mark.parametrize("ttl", [str(TTL_MIN - 1), str(TTL_MAX + 1), "0", "-900", "abc", "1e4"])
def test_cdn_ttl_out_of_bounds_is_400(rax: RackspaceInfo, ttl: str) -> None:
    token = token_of(rax)
    name = new_container(rax, token)
    reply = cdn(rax, "PUT", f"/{name}", token, {"X-Ttl": ttl})
    assert reply.status == 400 and b"X-Ttl" in reply.body and b"900" in reply.body
    assert cdn(rax, "HEAD", f"/{name}", token).status == 404, "a refused PUT enables nothing"
    assert cdn(rax, "PUT", f"/{name}", token).status == 201
    assert cdn(rax, "POST", f"/{name}", token, {"X-Ttl": ttl}).status == 400


def test_cdn_ttl_bounds_are_inclusive(rax: RackspaceInfo) -> None:
    token = token_of(rax)
    name, _ = enabled_container(rax, token, **{"X-Ttl": str(TTL_MIN)})
    assert cdn(rax, "HEAD", f"/{name}", token).headers["x-ttl"] == str(TTL_MIN)
    assert cdn(rax, "POST", f"/{name}", token, {"X-Ttl": str(TTL_MAX)}).status == 204
    assert cdn(rax, "HEAD", f"/{name}", token).headers["x-ttl"] == str(TTL_MAX)


def test_cdn_never_enabled_and_missing_containers_are_404(rax: RackspaceInfo) -> None:
    token = token_of(rax)
    name = new_container(rax, token)
    assert cdn(rax, "HEAD", f"/{name}", token).status == 404
    assert cdn(rax, "POST", f"/{name}", token, {"X-Ttl": "1000"}).status == 404
    assert cdn(rax, "DELETE", f"/{name}/obj", token).status == 404
    assert cdn(rax, "PUT", "/no-such-container-anywhere", token).status == 404
    assert cdn(rax, "HEAD", "/no-such-container-anywhere", token).status == 404


def test_cdn_requires_a_token_for_the_account(rax: RackspaceInfo, devserver: ServerInfo) -> None:
    token = token_of(rax)
    assert http("GET", rax.cdn_management_url_for()).status == 401
    assert cdn(rax, "GET", "", "not-a-token").status == 401
    other = token_of(rax, RACK_USER2)
    assert cdn(rax, "GET", "", other).status == 403
    assert http("GET", rax.cdn_management_url_for(RACK_USER2), {"X-Auth-Token": other}).status in (200, 204)
    # A tempauth token Swift accepts for the account works too.
    swift_token, _ = token_and_url(devserver, ADMIN_USER)
    assert cdn(rax, "GET", "", swift_token).status in (200, 204)
    assert token  # the owner's own token is exercised by every other test


def test_cdn_listing_json_plain_xml_and_filters(rax: RackspaceInfo) -> None:
    token = token_of(rax)
    prefix = f"ls{uuid.uuid4().hex[:6]}-"
    names = [f"{prefix}{suffix}" for suffix in ("a", "b", "c")]
    for name in names:
        assert http("PUT", f"{rax.storage_url_for()}/{name}", {"X-Auth-Token": token}).status == 201
        assert cdn(rax, "PUT", f"/{name}", token, {"X-Ttl": "1000"}).status == 201
    assert cdn(rax, "POST", f"/{names[1]}", token, {"X-Cdn-Enabled": "False"}).status == 204

    rows = cdn(rax, "GET", f"?format=json&prefix={prefix}", token)
    assert rows.status == 200
    listing = rows.json()
    assert isinstance(listing, list) and [row["name"] for row in listing] == names
    row = listing[0]
    assert set(row) == {
        "name",
        "cdn_enabled",
        "ttl",
        "log_retention",
        "cdn_uri",
        "cdn_ssl_uri",
        "cdn_streaming_uri",
        "cdn_ios_uri",
    }
    assert row["cdn_enabled"] is True and row["ttl"] == 1000 and row["log_retention"] is False
    assert listing[1]["cdn_enabled"] is False

    plain = cdn(rax, "GET", f"?prefix={prefix}", token)
    assert plain.status == 200 and plain.headers["content-type"].startswith("text/plain")
    assert plain.body.decode().splitlines() == names
    enabled = cdn(rax, "GET", f"?prefix={prefix}&enabled_only=true", token)
    assert enabled.body.decode().splitlines() == [names[0], names[2]]
    page = cdn(rax, "GET", f"?prefix={prefix}&limit=1&marker={quote(names[0])}", token)
    assert page.body.decode().splitlines() == [names[1]]
    assert cdn(rax, "GET", f"?prefix={prefix}&end_marker={quote(names[1])}", token).body.decode().split() == names[:1]

    root = ET.fromstring(cdn(rax, "GET", f"?format=xml&prefix={prefix}", token).body)
    assert [c.findtext("name") for c in root.findall("container")] == names
    assert root.findall("container")[1].findtext("cdn_enabled") == "false"

    assert cdn(rax, "GET", "?prefix=nothing-matches-this", token).status == 204


def test_cdn_listing_is_204_when_nothing_was_ever_enabled(devserver: ServerInfo) -> None:
    with RackspaceEmulator(devserver) as info:
        token = token_of(info)
        for query in ("", "?format=json", "?format=xml"):
            reply = http("GET", info.cdn_management_url_for() + query, {"X-Auth-Token": token})
            assert reply.status == 204 and reply.body == b""


def test_cdn_purge_records_emails(rax: RackspaceInfo, emulator: RackspaceEmulator) -> None:
    token = token_of(rax)
    name, _ = enabled_container(rax, token)
    emails = {"X-Purge-Email": "ops@example.com, dev@example.org"}
    assert cdn(rax, "DELETE", f"/{name}/dir/some%20obj", token, emails).status == 204
    record = emulator.purges[-1]
    assert (record.container, record.object) == (name, "dir/some obj")
    assert record.emails == ("ops@example.com", "dev@example.org")
    assert cdn(rax, "DELETE", f"/{name}/obj", token, {"X-Purge-Email": "not an email"}).status == 400
    # Still cached at the edge after disabling, so a disabled container's objects can be purged.
    assert cdn(rax, "POST", f"/{name}", token, {"X-Cdn-Enabled": "False"}).status == 204
    assert cdn(rax, "DELETE", f"/{name}/obj", token).status == 204
    assert cdn(rax, "GET", f"/{name}/obj", token).status == 405


def test_cdn_purge_limit_is_498(devserver: ServerInfo) -> None:
    emu = RackspaceEmulator(devserver, purge_limit=3)
    with emu as info:
        token = token_of(info)
        name, _ = enabled_container(info, token)
        statuses = [cdn(info, "DELETE", f"/{name}/o{i}", token).status for i in range(5)]
        assert statuses == [204, 204, 204, 498, 498]
        assert len(emu.purges) == 3
        # The limit is per account.
        other = token_of(info, RACK_USER2)
        name2 = new_container(info, other, RACK_USER2)
        url2 = info.cdn_management_url_for(RACK_USER2)
        assert http("PUT", f"{url2}/{name2}", {"X-Auth-Token": other}).status == 201
        assert http("DELETE", f"{url2}/{name2}/o", {"X-Auth-Token": other}).status == 204


def test_cdn_remove_container_from_listing(rax: RackspaceInfo) -> None:
    token = token_of(rax)
    name, _ = enabled_container(rax, token)
    assert cdn(rax, "DELETE", f"/{name}", token).status == 400
    assert cdn(rax, "DELETE", f"/{name}", token, {"X-Remove-Cdn-Container": "t"}).status == 204
    assert cdn(rax, "HEAD", f"/{name}", token).status == 404
    assert cdn(rax, "GET", f"?prefix={name}", token).status == 204
    assert cdn(rax, "DELETE", f"/{name}", token, {"X-Remove-Cdn-Container": "t"}).status == 404


# -- CDN delivery -------------------------------------------------------------------------------------------


def test_cdn_uri_serves_public_objects_only_while_enabled(rax: RackspaceInfo) -> None:
    token = token_of(rax)
    name = new_container(rax, token)
    payload = b"0123456789" * 100_000
    obj_url = f"{rax.storage_url_for()}/{name}/img/caf%C3%A9.bin"
    assert http("PUT", obj_url, {"X-Auth-Token": token, "Content-Type": "image/png"}, payload).status == 201
    head = cdn(rax, "PUT", f"/{name}", token, {"X-Ttl": "1200"}).headers
    uris = {kind: head[f"x-cdn-{kind}uri"] for kind in ("", "ssl-", "streaming-", "ios-")}

    for uri in uris.values():
        got = http("GET", f"{uri}/img/caf%C3%A9.bin")
        assert got.status == 200 and got.body == payload
        assert got.headers["content-type"] == "image/png"
        assert got.headers["cache-control"] == "public, max-age=1200"
        assert "x-auth-token" not in got.headers
    cdn_uri = uris[""]
    ranged = http("GET", f"{cdn_uri}/img/caf%C3%A9.bin", {"Range": "bytes=5-14"})
    assert ranged.status == 206 and ranged.body == b"5678901234"
    head_reply = http("HEAD", f"{cdn_uri}/img/caf%C3%A9.bin")
    assert head_reply.status == 200 and head_reply.headers["content-length"] == str(len(payload))
    assert http("GET", f"{cdn_uri}/missing").status == 404
    assert http("PUT", f"{cdn_uri}/img/new", data=b"x").status == 405
    assert http("GET", f"{rax.cdn_delivery_url}/{'0' * 32}/img/caf%C3%A9.bin").status == 404

    assert cdn(rax, "POST", f"/{name}", token, {"X-Cdn-Enabled": "False"}).status == 204
    assert http("GET", f"{cdn_uri}/img/caf%C3%A9.bin").status == 404
    assert cdn(rax, "PUT", f"/{name}", token).status == 201
    assert http("GET", f"{cdn_uri}/img/caf%C3%A9.bin").status == 200


def test_cdn_uri_serves_static_web_index(rax: RackspaceInfo) -> None:
    token = token_of(rax)
    name = new_container(rax, token)
    storage = f"{rax.storage_url_for()}/{name}"
    assert http("POST", storage, {"X-Auth-Token": token, "X-Container-Meta-Web-Index": "index.html"}).status == 204
    assert http("PUT", f"{storage}/index.html", {"X-Auth-Token": token}, b"<h1>home</h1>").status == 201
    put = cdn(rax, "PUT", f"/{name}", token)
    assert put.status == 201
    assert http("GET", put.headers["x-cdn-uri"] + "/").body == b"<h1>home</h1>"


def test_cdn_root_without_index_does_not_list_the_container(rax: RackspaceInfo) -> None:
    token = token_of(rax)
    name, put = enabled_container(rax, token)
    assert http("PUT", f"{rax.storage_url_for()}/{name}/secret", {"X-Auth-Token": token}, b"s").status == 201
    assert http("GET", put.headers["x-cdn-uri"] + "/").status == 404


def test_cdn_state_persists_in_state_dir(devserver: ServerInfo, tmp_path: Path) -> None:
    with RackspaceEmulator(devserver, state_dir=tmp_path) as info:
        token = token_of(info)
        name, _ = enabled_container(info, token, **{"X-Ttl": "4000"})
        assert http("PUT", f"{info.storage_url_for()}/{name}/o", {"X-Auth-Token": token}, b"kept").status == 201
    assert (tmp_path / "rackspace-cdn.json").exists()
    with RackspaceEmulator(devserver, state_dir=tmp_path) as info:
        token = token_of(info)
        head = cdn(info, "HEAD", f"/{name}", token)
        assert head.status == 204 and head.headers["x-ttl"] == "4000"
        assert http("GET", head.headers["x-cdn-uri"] + "/o").body == b"kept"


# -- info and configuration ---------------------------------------------------------------------------------


def test_info_helpers(rax: RackspaceInfo) -> None:
    env = rax.env()
    assert env["OS_AUTH_TYPE"] == "rackspace" and env["OS_AUTH_URL"] == rax.identity_url
    assert (env["OS_USERNAME"], env["OS_API_KEY"], env["OS_REGION_NAME"]) == (RACK_USER, RACK_API_KEY, "DFW")
    assert rax.identity_url.endswith("/v2.0/")
    assert (
        rax.storage_url_for(RACK_USER2)
        == rax.storage_url_for(RACK_USER2, "ORD")
        != rax.storage_url_for(RACK_USER2, "DFW")
    )
    assert rax.storage_url_for(RACK_USER2).endswith("/v1/AUTH_test2")
    assert rax.account_of(RACK_USER2) == "AUTH_test2"
    assert any("EMULATOR" in line for line in rax.summary())
    assert any(RACK_API_KEY2 in line for line in rax.summary())
    with pytest.raises(KeyError):
        rax.storage_url_for("nobody")
    with pytest.raises(KeyError):
        rax.cdn_management_url_for(region="SYD")


def test_constructor_validates_users_and_regions(devserver: ServerInfo) -> None:
    stray = RackspaceUser("stray", "k", "p", "nosuch:user", "1")
    with pytest.raises(ValueError, match="nosuch:user"):
        RackspaceEmulator(devserver, users=[stray])
    with pytest.raises(ValueError, match="region"):
        RackspaceEmulator(devserver, regions=["DFW"], users=[RackspaceUser("u", "k", "p", ADMIN_USER, "1", "LON")])
    with pytest.raises(ValueError):
        RackspaceEmulator(devserver, regions=[])
    with pytest.raises(ValueError):
        RackspaceEmulator(devserver, token_life=0)
    three = RackspaceEmulator(devserver, regions=["DFW", "ORD", "LON"])
    with three as info:
        assert len(set(info.storage_endpoints.values())) == 3
    assert not three.running
