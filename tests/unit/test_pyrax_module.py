"""swiftfiles.pyrax's module-level API without a server, and the ``python -m swiftfiles.pyrax`` runner."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap

import pytest

import swiftfiles.pyrax as pyrax
from swiftfiles.pyrax import _state
from swiftfiles.pyrax import exceptions as exc
from swiftfiles.pyrax.identities import Identity


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """The drop-in's state recreated with HOME at an empty folder and no CLOUD_* variables."""
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in list(os.environ):
        if name.startswith("CLOUD_") or name == "USE_SERVICENET":
            monkeypatch.delenv(name)
    _state.reset()
    yield tmp_path
    _state.reset()


def test_other_services_say_only_cloud_files_is_provided(fresh) -> None:
    with pytest.raises(exc.ServiceNotAvailable, match=r"pyrax\.cloudservers \(Cloud Servers\) is not provided.*"):
        pyrax.cloudservers  # noqa: B018
    with pytest.raises(exc.ServiceNotAvailable, match=r"only Cloud Files .*Cloud DNS"):
        pyrax.connect_to_cloud_dns(region="DFW")
    with pytest.raises(AttributeError):
        pyrax.no_such_thing  # noqa: B018


def test_before_authentication(fresh) -> None:
    assert pyrax.cloudfiles is None and pyrax.identity is None
    assert pyrax.regions == () and pyrax.services == ()
    with pytest.raises(exc.NotAuthenticated):
        pyrax.connect_to_cloudfiles()
    with pytest.raises(exc.MissingAuthSettings):
        pyrax.authenticate()


def test_pyrax_cfg_is_read_from_home_on_first_use(fresh) -> None:
    (fresh / ".pyrax.cfg").write_text("[settings]\nregion = ORD\nidentity_type = keystone\n\n[lab]\nregion = LAB\n")
    _state.reset()
    assert pyrax.get_setting("region") == "ORD"
    assert pyrax.get_setting("identity_type") == "keystone"
    assert pyrax.list_environments() == ["default", "lab"]
    pyrax.set_environment("lab")
    assert pyrax.get_environment() == "lab" and pyrax.get_setting("region") == "LAB"
    with pytest.raises(exc.EnvironmentNotFound):
        pyrax.set_environment("nowhere")


def test_debug_setting_turns_on_request_logging(fresh, monkeypatch) -> None:
    logger = logging.getLogger("swiftfiles")
    monkeypatch.setattr(logger, "level", logging.NOTSET)  # restored after the test
    assert not pyrax.get_http_debug()
    monkeypatch.setenv("CLOUD_DEBUG", "True")
    _state.reset()
    assert pyrax.get_http_debug() and logger.level == logging.DEBUG
    pyrax.set_http_debug(False)
    assert not pyrax.get_http_debug() and logger.level == logging.NOTSET


def test_settings_functions(fresh, monkeypatch) -> None:
    monkeypatch.setenv("CLOUD_REGION", "SYD")
    assert pyrax.get_setting("region") == "SYD"
    pyrax.set_setting("region", "HKG")
    assert pyrax.get_setting("region") == "HKG"
    with pytest.raises(exc.InvalidSetting):
        pyrax.set_setting("regoin", "HKG")
    assert pyrax.get_encoding() == "utf-8"
    pyrax.set_default_region("IAD")
    assert pyrax.default_region == "IAD"


def test_settings_changes_reach_the_current_identity(fresh) -> None:
    creds = fresh / "creds"
    creds.write_text("[rackspace_cloud]\nusername = me\napi_key = k\n")
    pyrax.set_credential_file(creds, authenticate=False)
    identity = pyrax.identity
    assert identity.username == "me" and not identity.authenticated and pyrax.cloudfiles is None
    pyrax.set_setting("auth_endpoint", "http://id.example/v2.0/")
    pyrax.set_setting("region", "LON")
    pyrax.set_setting("verify_ssl", False)
    assert identity.client_settings(None, True)["auth_url"] == "http://id.example/v2.0/"
    assert (identity.region, identity.verify_ssl) == ("LON", False)
    pyrax.set_setting("identity_type", "keystone")  # another kind of identity: the credentials go
    assert pyrax.identity is None


def test_missing_credential_file(fresh) -> None:
    with pytest.raises(exc.FileNotFound):
        pyrax.set_credential_file(fresh / "missing")


def test_rackspace_identity_settings() -> None:
    identity = Identity("rackspace", auth_endpoint="http://id.example/v2.0/", region="ORD", verify_ssl=False)
    identity.set_credentials("me", password="the-key")  # pyrax passed the API key as "password"
    assert identity.client_settings("ORD", public=False) == {
        "auth_type": "rackspace",
        "auth_url": "http://id.example/v2.0/",
        "username": "me",
        "api_key": "the-key",
        "region": "ORD",
        "interface": "internal",
    }
    assert "the-key" not in repr(identity)
    assert Identity("rackspace").client_settings(None, True)["auth_url"].startswith("https://identity.api.rackspace")


def test_keystone_v3_and_v2_identity_settings() -> None:
    v3 = Identity("keystone", auth_endpoint="http://ks.example/v3", tenant_name="demo", user_domain_name="Users")
    v3.set_credentials("demo", password="pw", tenant_id="p-1")
    assert v3.client_settings("RegionOne", True) == {
        "auth_type": "keystone",
        "auth_url": "http://ks.example/v3",
        "username": "demo",
        "password": "pw",
        "project_id": "p-1",
        "project_name": "demo",
        "user_domain_name": "Users",
        "region": "RegionOne",
        "interface": "public",
    }
    v2 = Identity("keystone", auth_endpoint="http://ks.example/v2.0/")
    v2.set_credentials("demo", password="pw", tenant_id="t-1")
    assert v2.client_settings(None, True) == {
        "auth_type": "rackspace",  # the v2.0 password request
        "auth_url": "http://ks.example/v2.0/",
        "username": "demo",
        "password": "pw",
        "tenant_id": "t-1",
        "interface": "public",
    }
    with pytest.raises(exc.MissingAuthSettings, match="auth_endpoint"):
        Identity("keystone").client_settings(None, True)
    with pytest.raises(exc.IdentityClassNotDefined):
        Identity("openstack")


def run_runner(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "swiftfiles.pyrax", *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_runner_aliases_pyrax_and_passes_arguments(tmp_path) -> None:
    script = tmp_path / "old.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            import pyrax
            import pyrax.exceptions as exc
            import pyrax.utils as utils
            from pyrax.object_storage import CloudFilesClient
            import swiftfiles.pyrax
            print(pyrax is swiftfiles.pyrax, exc is swiftfiles.pyrax.exceptions, utils.random_ascii(3).isalpha())
            print(__name__, sys.argv)
            print(sys.path[0] == {str(tmp_path)!r})
            """
        )
    )
    result = run_runner(str(script), "--flag", "value", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "True True True",
        f"__main__ {[str(script), '--flag', 'value']}",
        "True",
    ]


def test_runner_explains_missing_pyrax_modules_and_exit_codes(tmp_path) -> None:
    (tmp_path / "servers.py").write_text("import pyrax.cloudservers\n")
    result = run_runner("servers.py", cwd=tmp_path)
    assert result.returncode == 1
    assert "No module named 'pyrax.cloudservers': swiftfiles.pyrax provides only pyrax's Cloud Files API" in (
        result.stderr
    )
    (tmp_path / "fails.py").write_text("raise SystemExit(3)\n")
    assert run_runner("fails.py", cwd=tmp_path).returncode == 3
    assert run_runner("missing.py", cwd=tmp_path).returncode == 2
    helped = run_runner("--help", cwd=tmp_path)
    assert helped.returncode == 0 and "usage: python -m swiftfiles.pyrax" in helped.stderr


def test_importing_the_drop_in_does_not_alias_pyrax() -> None:
    code = "import sys, swiftfiles.pyrax; print('pyrax' in sys.modules, 'swiftfiles.pyrax' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["False", "True"]
