"""The command line's pure parts: paths, credential precedence, sizes, TempURL input checks, start-up cost."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from swiftfiles.cli.credentials import environment_for
from swiftfiles.cli.output import human_size, parse_size
from swiftfiles.cli.paths import RemotePath, parse_any, parse_remote
from swiftfiles.cli.tempurl import build


def test_remote_paths() -> None:
    assert parse_remote("swift://photos") == RemotePath("photos", "")
    assert parse_remote("swift://photos/2024/jan") == RemotePath("photos", "2024/jan")
    assert parse_remote("swift://photos/2024").child("a.jpg") == "2024/a.jpg"
    assert parse_remote("swift://photos/2024/").folder_prefix == "2024/"
    assert str(RemotePath("c", "p")) == "swift://c/p"
    assert parse_any("./local") == "./local"
    for bad in ("swift://", "swift:///x", "photos"):
        with pytest.raises(ValueError):
            parse_remote(bad)


def test_options_replace_the_environment_variables_that_mean_the_same() -> None:
    environ = {"OS_AUTH_URL": "https://ks/v3", "OS_PASSWORD": "env-pw", "ST_KEY": "st-key", "OS_AUTH_TYPE": "password"}
    env = environment_for({"auth": "http://h/auth/v1.0", "user": "a:b", "key": "k"}, environ)
    assert env["ST_AUTH"] == "http://h/auth/v1.0" and env["ST_KEY"] == "k"
    assert "OS_AUTH_URL" not in env and "OS_PASSWORD" not in env and "OS_AUTH_TYPE" not in env
    env = environment_for({"os_password": "cli-pw"}, environ)
    assert env["OS_PASSWORD"] == "cli-pw" and "ST_KEY" not in env and env["OS_AUTH_URL"] == "https://ks/v3"
    env = environment_for({"auth_version": "3"}, {"OS_AUTH_VERSION": "1"})
    assert env["ST_AUTH_VERSION"] == env["OS_AUTH_VERSION"] == "3"
    assert environment_for({"key": None}, environ) == environ


def test_sizes() -> None:
    assert parse_size("1048576") == 1 << 20 and parse_size("64M") == 64 << 20 and parse_size("1.5G") == 3 << 29
    assert parse_size("512k") == 512 << 10 and parse_size("2GiB") == 2 << 30
    for bad in ("", "abc", "-1", "0"):
        with pytest.raises(ValueError):
            parse_size(bad)
    assert human_size(1023) == "1023" and human_size(1536) == "1.5K" and human_size(5 << 30) == "5.0G"


def test_tempurl_input_checks_and_forms() -> None:
    kwargs = {"absolute": False, "prefix_based": False, "iso8601": False, "digest": "sha256", "ip_range": None}
    url = build("get", "60", "/v1/AUTH_a/c/o b", "k", now=1000, **kwargs)
    assert url.startswith("/v1/AUTH_a/c/o%20b?temp_url_sig=") and url.endswith("temp_url_expires=1060")
    absolute = build("PUT", "2000000000", "https://h/v1/AUTH_a/c/o", "k", **{**kwargs, "absolute": True})
    assert absolute.startswith("https://h/v1/AUTH_a/c/o?") and "temp_url_expires=2000000000" in absolute
    assert "temp_url_ip_range=10.0.0.0%2F8" in build(
        "GET", "5", "/v1/a/c/o", "k", **{**kwargs, "ip_range": "10.0.0.0/8"}
    )
    for method, seconds, path in (
        ("PATCH", "60", "/v1/a/c/o"),
        ("GET", "x", "/v1/a/c/o"),
        ("GET", "0", "/v1/a/c/o"),
        ("GET", "60", "/v1/a/c"),
        ("GET", "60", "/v2/a/c/o"),
        ("GET", "60", "/v1/a/c/"),
    ):
        with pytest.raises(click.UsageError):
            build(method, seconds, path, "k", **kwargs)


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_without_the_cli_extra_it_says_how_to_install_it() -> None:
    result = run_python(
        "import sys; sys.modules['click'] = None\nfrom swiftfiles.cli.main import main\nmain(['--version'])"
    )
    assert (
        result.returncode == 2
        and result.stderr == "swiftfiles: the command line needs its extra: pip install 'swiftfiles[cli]'\n"
    )


def test_version_and_help_import_no_command_module_rich_or_yaml() -> None:
    """What the CLI itself adds to ``import swiftfiles`` for --version: click and its own entry modules only."""
    result = run_python(
        "import sys, swiftfiles\n"
        "before = set(sys.modules)\n"
        "from swiftfiles.cli.main import run\n"
        "assert run(['--version']) == 0\n"
        "assert run(['--help']) == 0\n"
        "assert 'swiftfiles.client' not in sys.modules and 'urllib3' not in sys.modules\n"
        "added = sorted(set(sys.modules) - before)\n"
        "print(' '.join(added), file=sys.stderr)\n"
    )
    assert result.returncode == 0, result.stderr
    added = result.stderr.split()
    assert not [m for m in added if m.split(".")[0] in ("rich", "yaml", "urllib3", "keystoneauth1")]
    own = {m for m in added if m.startswith("swiftfiles.")}
    assert own <= {
        "swiftfiles.cli",
        "swiftfiles.cli.main",
        "swiftfiles.cli.app",
        "swiftfiles.cli.credentials",
        "swiftfiles.cli.output",
    }, own


def test_a_command_imports_rich_only_with_progress() -> None:
    result = run_python(
        "import sys\n"
        "from swiftfiles.cli.main import run\n"
        "run(['upload', '--help']); run(['sync', '--help'])\n"
        "print('rich' in sys.modules, file=sys.stderr)\n"
    )
    assert result.stderr.strip().endswith("False")


def test_shell_completion_script() -> None:
    env = {"_SWIFTFILES_COMPLETE": "bash_source", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "swiftfiles"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "_swiftfiles_completion" in result.stdout
    words = subprocess.run(
        [sys.executable, "-m", "swiftfiles"],
        env={**env, "_SWIFTFILES_COMPLETE": "bash_complete", "COMP_WORDS": "swiftfiles up", "COMP_CWORD": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "upload" in words.stdout
