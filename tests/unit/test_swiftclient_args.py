"""python-swiftclient's Connection arguments, as switching users write them: translated, or refused with a hint."""

from __future__ import annotations

import pytest

from swiftfiles import RetryPolicy
from swiftfiles.facade.swiftclient_args import translate


def test_v1_spellings() -> None:
    assert translate({"authurl": "http://h/auth/v1.0", "user": "a:b", "key": "k", "auth_version": "1.0"}) == {
        "auth_url": "http://h/auth/v1.0",
        "user": "a:b",
        "key": "k",
        "auth_type": "tempauth",
    }


def test_keystone_v3_with_os_options() -> None:
    out = translate(
        {
            "authurl": "http://h/v3",
            "user": "u",
            "key": "p",
            "auth_version": "3",
            "os_options": {
                "project_name": "demo",
                "user_domain_name": "Default",
                "project_domain_name": "Default",
                "region_name": "RegionOne",
                "endpoint_type": "internalURL",
                "service_type": "object-store",
            },
        }
    )
    assert out["auth_type"] == "keystone" and out["project_name"] == "demo" and out["region"] == "RegionOne"
    assert out["interface"] == "internalURL" and "os_options" not in out
    assert translate({"auth_version": "3", "tenant_name": "t"})["project_name"] == "t"


def test_tls_and_retry_options() -> None:
    assert translate({"insecure": True})["verify"] is False
    assert translate({"cacert": "/ca.pem"})["verify"] == "/ca.pem"
    assert translate({"cert": "/c.pem", "cert_key": "/k.pem"})["cert"] == ("/c.pem", "/k.pem")
    policy = translate({"retries": 3, "starting_backoff": 2, "max_backoff": 30, "retry_on_ratelimit": False})["retries"]
    assert isinstance(policy, RetryPolicy)
    assert (policy.total, policy.backoff_factor, policy.backoff_max) == (3, 2.0, 30.0)
    assert 429 not in policy.status_forcelist and 503 in policy.status_forcelist
    assert "ssl_compression" not in translate({"ssl_compression": False})
    assert translate({"snet": True})["interface"] == "internal"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"insecure": True, "cacert": "/ca.pem"}, "verify=False or verify="),
        ({"cert_key": "/k.pem"}, "cert=\\(cert_path, key_path\\)"),
        ({"auth_version": "1", "auth_type": "keystone"}, "pass only auth_type"),
        ({"auth_version": "1", "tenant_name": "t"}, "account:user"),
        ({"os_options": {"service_username": "s"}}, "service tokens"),
        ({"os_options": {"service_type": "compute"}}, "object-store"),
        ({"os_options": {"colour": "blue"}}, "unknown key 'colour'"),
        ({"force_auth_retry": True}, "re-authenticates once"),
        ({"session": object()}, "KeystoneAuth.from_plugin"),
    ],
)
def test_refusals_name_the_swiftfiles_spelling(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        translate(kwargs)
