"""The command line with Keystone v3 credentials (options, and clouds.yaml), against a real Keystone and Swift."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from tests.cli.helpers import clean_env, run

from swiftfiles.devserver.keystone import DEMO_PASSWORD, DEMO_PROJECT, DEMO_USER

pytestmark = pytest.mark.integration


def keystone_args(keystone, password: str = DEMO_PASSWORD) -> list[str]:
    return [
        "-V", "3", "--os-auth-url", keystone.info.auth_url, "--os-username", DEMO_USER, "--os-password", password,
        "--os-project-name", DEMO_PROJECT, "--os-user-domain-name", "Default", "--os-project-domain-name", "Default",
    ]  # fmt: skip


def test_keystone_options_and_region(keystone, keystone_swift) -> None:
    stat = run([*keystone_args(keystone), "stat", "--json"], clean_env())
    assert stat.returncode == 0, stat.stderr
    assert json.loads(stat.stdout)["account"] == "AUTH_" + keystone.info.project_id(DEMO_PROJECT)
    region_two = run([*keystone_args(keystone), "--os-region-name", "RegionTwo", "auth", "--json"], clean_env())
    assert urlsplit(json.loads(region_two.stdout)["storage_url"]).hostname == "localhost"
    wrong = run([*keystone_args(keystone, "not-the-password"), "stat"], clean_env())
    assert wrong.returncode == 1 and len(wrong.stderr.strip().splitlines()) == 1
    assert "not-the-password" not in wrong.stderr


def test_keystone_cloud_from_clouds_yaml(keystone, keystone_swift, tmp_path) -> None:
    (tmp_path / "clouds.yaml").write_text(
        "clouds:\n"
        "  dev:\n"
        "    auth_type: password\n"
        f"    auth: {{auth_url: '{keystone.info.auth_url}', username: {DEMO_USER}, password: {DEMO_PASSWORD},\n"
        f"            project_name: {DEMO_PROJECT}, user_domain_name: Default, project_domain_name: Default}}\n"
        "    region_name: RegionOne\n"
    )
    result = run(["stat", "--json"], clean_env({"OS_CLOUD": "dev", "HOME": str(tmp_path / "nohome")}), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["account"] == "AUTH_" + keystone.info.project_id(DEMO_PROJECT)
