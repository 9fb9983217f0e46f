"""swiftfiles.pyrax settings: ~/.pyrax.cfg sections and keys, CLOUD_* variables, environments, credential files."""

from __future__ import annotations

import warnings

import pytest

import swiftfiles
from swiftfiles.pyrax import exceptions as exc
from swiftfiles.pyrax.config import Settings, identity_type, parse_bool, read_credential_file

PYRAX_CFG = """\
[settings]
identity_type = rackspace
region = ORD
auth_endpoint = https://identity.example.com/v2.0/
verify_ssl = False
use_servicenet = True
tenant_id = 123456
debug = True

[private]
identity_type = keystone_identity.KeystoneIdentity
auth_endpoint = https://keystone.example.com/v3
region = RegionOne
tenant_name = demo
"""


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_config_file_sections_are_environments_and_settings_is_the_default(tmp_path) -> None:
    settings = Settings(environ={})
    settings.read_config(write(tmp_path, ".pyrax.cfg", PYRAX_CFG))
    assert settings.environments == ["default", "private"]
    assert settings.get("identity_type") == "rackspace"
    assert settings.get("region") == "ORD"
    assert settings.get("auth_endpoint") == "https://identity.example.com/v2.0/"
    assert settings.get("verify_ssl") is False
    assert settings.get("use_servicenet") is True
    assert settings.get("tenant_id") == "123456"
    assert settings.get("http_debug") is True
    # pyrax's class-path spelling reads back as the short name
    assert settings.get("identity_type", env="private") == "keystone"
    assert settings.get("tenant_name", env="private") == "demo"
    assert settings.get("verify_ssl", env="private") is True  # on unless turned off
    settings.environment = "private"
    assert settings.get("region") == "RegionOne"


def test_without_a_settings_section_the_first_section_is_the_default(tmp_path) -> None:
    settings = Settings(environ={})
    settings.read_config(write(tmp_path, "cfg", "[work]\nregion = LON\n\n[home]\nregion = DFW\n"))
    assert settings.get("region") == "LON"
    assert settings.get("region", env="home") == "DFW"


def test_unset_settings_fall_back_to_cloud_variables_read_when_asked() -> None:
    environ: dict[str, str] = {}
    settings = Settings(environ=environ)
    assert settings.get("auth_endpoint") is None
    environ.update(
        CLOUD_ID_TYPE="keystone",
        CLOUD_AUTH_ENDPOINT="https://keystone.example.com/v3",
        CLOUD_REGION="RegionTwo",
        CLOUD_TENANT_ID="t-1",
        CLOUD_TENANT_NAME="demo",
        CLOUD_VERIFY_SSL="False",
        USE_SERVICENET="true",
    )
    assert settings.get("identity_type") == "keystone"
    assert settings.get("auth_endpoint") == "https://keystone.example.com/v3"
    assert settings.get("region") == "RegionTwo"
    assert settings.get("tenant_id") == "t-1"
    assert settings.get("tenant_name") == "demo"
    assert settings.get("use_servicenet") is True
    # "False" is parsed (pyrax returned the truthy string "False")
    assert settings.get("verify_ssl") is False
    del environ["CLOUD_VERIFY_SSL"]
    assert settings.get("verify_ssl") is True  # on unless turned off
    # an explicit setting wins over the variable
    settings.set("region", "DFW")
    assert settings.get("region") == "DFW"


def test_set_setting_refuses_unknown_keys_environments_and_identity_types() -> None:
    settings = Settings(environ={})
    with pytest.raises(exc.InvalidSetting, match="'colour'"):
        settings.set("colour", "blue")
    with pytest.raises(exc.EnvironmentNotFound):
        settings.set("region", "DFW", env="nowhere")
    with pytest.raises(exc.EnvironmentNotFound):
        settings.environment = "nowhere"
    with pytest.raises(exc.IdentityClassNotDefined, match="'rackspace' or 'keystone'"):
        settings.set("identity_type", "my.module.CustomIdentity")
    settings.set("identity_type", "RACKSPACE")
    assert settings.get("identity_type") == "rackspace"


def test_credentials_in_the_config_file_are_ignored_with_a_warning(tmp_path) -> None:
    settings = Settings(environ={})
    path = write(tmp_path, "cfg", "[settings]\nregion = DFW\nusername = me\napi_key = secret-key\n")
    with pytest.warns(UserWarning, match="credential file"):
        settings.read_config(path)
    assert settings.get("region") == "DFW"


def test_a_config_file_that_is_not_ini_is_refused(tmp_path) -> None:
    with pytest.raises(exc.InvalidConfigurationFile):
        Settings(environ={}).read_config(write(tmp_path, "cfg", "region = DFW\n"))


def test_identity_type_and_booleans() -> None:
    assert identity_type("pyrax.identity.rax_identity.RaxIdentity") == "rackspace"
    assert identity_type(" Keystone ") == "keystone"
    assert [parse_bool(v) for v in ("True", "false", "1", "0", "yes", "no", True)] == [1, 0, 1, 0, 1, 0, 1]
    with pytest.raises(exc.InvalidSetting):
        parse_bool("maybe")


def test_rackspace_credential_file_with_api_key_or_password(tmp_path) -> None:
    creds = read_credential_file(
        write(tmp_path, "c1", "[rackspace_cloud]\nusername = rackuser\napi_key = abc%def\n"), "rackspace"
    )
    assert (creds.username, creds.api_key, creds.password) == ("rackuser", "abc%def", None)  # read raw
    creds = read_credential_file(write(tmp_path, "c2", "[rackspace_cloud]\nusername = u\npassword = pw\n"), "rackspace")
    assert (creds.api_key, creds.password) == (None, "pw")
    assert "abc" not in repr(creds) and "pw" not in repr(creds)


def test_keystone_credential_file(tmp_path) -> None:
    text = "[keystone]\nusername = demo\npassword = s3cret\ntenant_id = abc123\n"
    creds = read_credential_file(write(tmp_path, "c", text), "keystone")
    assert (creds.username, creds.password, creds.tenant_id, creds.api_key) == ("demo", "s3cret", "abc123", None)


def test_bad_credential_files(tmp_path) -> None:
    with pytest.raises(exc.FileNotFound) as missing:
        read_credential_file(tmp_path / "nope", "rackspace")
    assert isinstance(missing.value, FileNotFoundError) and missing.value.__class__ is swiftfiles.FileNotFound
    with pytest.raises(exc.InvalidCredentialFile, match=r"\[rackspace_cloud\]"):
        read_credential_file(write(tmp_path, "k", "[keystone]\nusername = a\npassword = b\n"), "rackspace")
    with pytest.raises(exc.InvalidCredentialFile, match="neither 'api_key' nor 'password'"):
        read_credential_file(write(tmp_path, "r", "[rackspace_cloud]\nusername = a\n"), "rackspace")
    with pytest.raises(exc.InvalidCredentialFile):
        read_credential_file(write(tmp_path, "x", "username = a\n"), "rackspace")


def test_reading_settings_emits_no_warning_without_credentials(tmp_path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Settings(environ={}).read_config(write(tmp_path, "cfg", PYRAX_CFG))
