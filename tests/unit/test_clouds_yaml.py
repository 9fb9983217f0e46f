"""clouds.yaml: lookup paths, secure.yaml, the mapping to OS_* settings, and errors that say what to fix."""

from __future__ import annotations

import pytest

from swiftfiles import ConfigurationError
from swiftfiles.auth.clouds import cloud_environ, search_paths
from swiftfiles.auth.settings import resolve_auth_type, settings_from_env

CLOUDS = """
clouds:
  prod:
    auth_type: password
    auth:
      auth_url: https://keystone.example.com/v3
      username: alice
      project_name: storage
      project_domain_name: Default
      user_domain_name: Default
    region_name: RegionTwo
    interface: internal
    verify: false
  app:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://keystone.example.com/v3
      application_credential_id: abc123
      application_credential_secret: s3cret
    cacert: /etc/ssl/private-ca.pem
"""

SECURE = """
clouds:
  prod:
    auth:
      password: from-secure-yaml
"""


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home" / ".config" / "openstack"
    folder.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)  # no ./clouds.yaml of the developer's is read
    return tmp_path / "home"


def test_cloud_from_home_config_with_secure_yaml_merged(home) -> None:
    (home / ".config" / "openstack" / "clouds.yaml").write_text(CLOUDS)
    (home / ".config" / "openstack" / "secure.yaml").write_text(SECURE)
    settings = settings_from_env({"OS_CLOUD": "prod", "HOME": str(home)})
    assert settings.auth_url == "https://keystone.example.com/v3" and settings.username == "alice"
    assert settings.password == "from-secure-yaml" and settings.project_name == "storage"
    assert settings.region == "RegionTwo" and settings.interface == "internal"
    assert resolve_auth_type(settings) == "keystone"
    assert cloud_environ("prod", {"HOME": str(home)})["OS_INSECURE"] == "true"


def test_application_credential_cloud_and_cacert(home) -> None:
    (home / ".config" / "openstack" / "clouds.yaml").write_text(CLOUDS)
    env = cloud_environ("app", {"HOME": str(home)})
    assert env["OS_APPLICATION_CREDENTIAL_ID"] == "abc123" and env["OS_CACERT"] == "/etc/ssl/private-ca.pem"
    settings = settings_from_env({"OS_CLOUD": "app", "HOME": str(home)})
    assert settings.application_credential_secret == "s3cret" and "s3cret" not in repr(settings)


def test_environment_variables_override_the_cloud(home) -> None:
    (home / ".config" / "openstack" / "clouds.yaml").write_text(CLOUDS)
    settings = settings_from_env({"OS_CLOUD": "prod", "HOME": str(home), "OS_REGION_NAME": "RegionOne"})
    assert settings.region == "RegionOne" and settings.username == "alice"


def test_os_client_config_file_comes_first_and_cwd_before_home(home, tmp_path) -> None:
    (home / ".config" / "openstack" / "clouds.yaml").write_text(CLOUDS)
    (tmp_path / "clouds.yaml").write_text("clouds: {prod: {auth: {auth_url: 'http://cwd/v3', username: bob}}}")
    assert settings_from_env({"OS_CLOUD": "prod", "HOME": str(home)}).username == "bob"
    explicit = tmp_path / "elsewhere.yaml"
    explicit.write_text("clouds: {prod: {auth: {auth_url: 'http://explicit/v3', username: carol}}}")
    env = {"OS_CLOUD": "prod", "HOME": str(home), "OS_CLIENT_CONFIG_FILE": str(explicit)}
    assert settings_from_env(env).username == "carol"
    paths = search_paths(env, "clouds", "OS_CLIENT_CONFIG_FILE")
    assert paths[0] == explicit and str(paths[-1]).startswith("/etc/openstack/")


def test_errors_name_the_cloud_and_the_files(home) -> None:
    with pytest.raises(ConfigurationError, match="no clouds.yaml was found"):
        settings_from_env({"OS_CLOUD": "prod", "HOME": str(home)})
    (home / ".config" / "openstack" / "clouds.yaml").write_text(CLOUDS)
    with pytest.raises(ConfigurationError, match=r"no cloud named 'nope' \(clouds defined: app, prod\)"):
        settings_from_env({"OS_CLOUD": "nope", "HOME": str(home)})
    (home / ".config" / "openstack" / "clouds.yaml").write_text("clouds: [broken")
    with pytest.raises(ConfigurationError, match="not valid YAML"):
        settings_from_env({"OS_CLOUD": "prod", "HOME": str(home)})
    (home / ".config" / "openstack" / "clouds.yaml").write_text("clouds: {v: {profile: vexxhost}}")
    with pytest.raises(ConfigurationError, match="vendor profile"):
        settings_from_env({"OS_CLOUD": "v", "HOME": str(home)})


def test_nothing_configured_mentions_clouds_yaml() -> None:
    with pytest.raises(ConfigurationError, match="clouds.yaml"):
        resolve_auth_type(settings_from_env({}))
