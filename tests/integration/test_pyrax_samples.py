"""pyrax's own Cloud Files samples, unchanged, run with ``python -m swiftfiles.pyrax`` against the local Swift.

Identity is the Rackspace EMULATOR (the ``rackspace`` fixture; identity type ``rackspace``, API key from the
credential file the samples read, ``~/.rackspace_cloud_credentials``); storage is the real Swift behind it. Each
script runs in a fresh process with ``HOME`` pointing at a temporary folder holding ``~/.pyrax.cfg`` (or no
file and ``CLOUD_AUTH_ENDPOINT``). The assertions are the lines pyrax printed; where a sample assumed Python 2's
``str == bytes`` the behaviour with and without ``--text`` is pinned (see docs/migration-pyrax.md).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from swiftfiles import StorageClient
from swiftfiles.devserver.rackspace import RACK_API_KEY, RACK_USER

pytestmark = pytest.mark.integration

SAMPLES = Path(__file__).resolve().parent.parent / "pyrax" / "samples"


@pytest.fixture(scope="module")
def rax(rackspace):
    with StorageClient(
        auth_type="rackspace", auth_url=rackspace.info.identity_url, username=RACK_USER, api_key=RACK_API_KEY
    ) as client:
        yield client


def make_home(root: Path, identity_url: str | None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if identity_url is not None:
        (root / ".pyrax.cfg").write_text(
            f"[settings]\nidentity_type = rackspace\nauth_endpoint = {identity_url}\nverify_ssl = True\n"
        )
    (root / ".rackspace_cloud_credentials").write_text(
        f"[rackspace_cloud]\nusername = {RACK_USER}\napi_key = {RACK_API_KEY}\n"
    )
    return root


@pytest.fixture
def home(rackspace, tmp_path) -> Path:
    return make_home(tmp_path / "home", rackspace.info.identity_url)


@pytest.fixture
def no_leftovers(rax):
    """Every container a sample creates is deleted by the sample itself; a crashing one is cleaned up here."""
    before = set(rax.list_container_names())
    yield
    left = set(rax.list_container_names()) - before
    for name in left:
        rax.delete(name, del_objects=True)


def run(sample: str, home: Path, *flags: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "ST_", "CLOUD_", "RAX_"))}
    env.update(HOME=str(home), PYTHONIOENCODING="utf-8", **(extra_env or {}))
    return subprocess.run(
        [sys.executable, "-m", "swiftfiles.pyrax", *flags, str(SAMPLES / f"{sample}.py")],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )


def ok(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_samples_are_pyrax_originals() -> None:
    listed = re.findall(r"^([0-9a-f]{64})  (\S+\.py)$", (SAMPLES / "README.md").read_text(), re.MULTILINE)
    assert len(listed) == 12
    assert sorted(name for _, name in listed) == sorted(p.name for p in SAMPLES.glob("*.py"))
    for digest, name in listed:
        assert hashlib.sha256((SAMPLES / name).read_bytes()).hexdigest() == digest, name


def test_create_container(home, no_leftovers) -> None:
    out = ok(run("create_container", home))
    name = re.fullmatch(r"Creating container with random name: ([A-Za-z]{8})", out[0]).group(1)
    assert out[1:4] == ["New Container", f"Name: {name}", "# of objects: 0"]
    assert out[5] == "All Containers"
    assert out[6].startswith("list_containers: [") and f"'{name}'" in out[6]
    assert out[7].startswith("get_all_containers: [") and f"<Container '{name}'>" in out[7]


def test_create_container_with_endpoint_from_environment(rackspace, tmp_path, no_leftovers) -> None:
    bare_home = make_home(tmp_path / "bare", identity_url=None)
    out = ok(run("create_container", bare_home, extra_env={"CLOUD_AUTH_ENDPOINT": rackspace.info.identity_url}))
    assert out[1] == "New Container"


def test_container_cdn(rackspace, home, no_leftovers) -> None:
    out = ok(run("container_cdn", home))
    assert re.fullmatch(r"Container: <Container '[A-Za-z]{20}'>", out[0])
    before = out[out.index("Before Making Public") + 1 :][:7]
    assert before == [
        "cdn_enabled False",
        "cdn_ttl 86400",
        "cdn_log_retention False",
        "cdn_uri None",
        "cdn_ssl_uri None",
        "cdn_streaming_uri None",
        "cdn_ios_uri None",
    ]
    after = out[out.index("After Making Public") + 1 :]
    assert after[:3] == ["cdn_enabled True", "cdn_ttl 1200", "cdn_log_retention False"]
    delivery = rackspace.info.cdn_delivery_url.rstrip("/")
    assert after[3].startswith(f"cdn_uri {delivery}/")
    assert after[4].startswith("cdn_ssl_uri ") and after[4] != "cdn_ssl_uri None"


@pytest.mark.parametrize(("sample", "kind"), [("container_metadata", "container"), ("object_metadata", "object")])
def test_metadata_keys_with_underscore_are_kept_with_a_warning(home, no_leftovers, sample, kind) -> None:
    result = run(sample, home)
    out = ok(result)
    assert "Initial metadata: {}" in out
    assert (
        f"Updated metadata: {{'x-{kind}-meta-city': 'Springfield', 'x-{kind}-meta-famous-family': 'Simpsons'}}" in out
    )
    assert f"After removing key: {{'x-{kind}-meta-famous-family': 'Simpsons'}}" in out
    warnings = [line for line in result.stderr.splitlines() if "PyraxMetadataWarning" in line]
    assert len(warnings) == 1 and "'Famous_Family'" in warnings[0] and "'Famous-Family'" in warnings[0]
    assert f"samples/{sample}.py:" in warnings[0]  # points at the script's line, not at swiftfiles


def test_delete_objects(home, no_leftovers) -> None:
    out = ok(run("delete_objects", home))
    assert out[0] == "Object present, size = 2056"
    assert "Object 'soon_to_vanish.txt' has been deleted" in out
    assert re.fullmatch(r"It took \d+\.\d\d seconds to appear as deleted\.", out[-1])


def test_get_objects(home, no_leftovers) -> None:
    out = ok(run("get_objects", home))
    series = [f"series_{i}" for i in range(5)]
    stuff = [f"stuff/{c * 4}" for c in "abcde"]
    assert out[1:13] == ["Created the following objects:", *[f"   {n}" for n in series + stuff], ""]
    assert out[13:17] == [
        "Paging 4 objects at a time",
        f"Paged Objects: {(series + stuff)[0:4]}",
        f"Paged Objects: {(series + stuff)[4:8]}",
        f"Paged Objects: {(series + stuff)[8:10]}",
    ]
    assert f"Objects Prefixed with 'stuff': {stuff}" in out
    assert f"Objects Delimited with '/': {[*series, 'stuff/']}" in out


def test_store_with_etag(home, no_leftovers) -> None:
    out = ok(run("store_with_etag", home))
    expected = hashlib.md5(b"This is a random collection of words.").hexdigest()
    assert out == [f"Calculated checksum: {expected}", f" Stored object etag: {expected}"]


def test_upload_file(home, no_leftovers) -> None:
    out = ok(run("upload_file", home))
    name = re.fullmatch(r"Uploading file: (\S+)", out[out.index("") + 1]).group(1)
    assert f"Stored Object: <Object '{name}' (text/text)>" in out
    # Python 3, as with pyrax: the content is bytes, printed as such.
    assert "b'First Line\\n    Indented Second Line\\nLast Line'" in out


def test_upload_file_as_text(home, no_leftovers) -> None:
    out = ok(run("upload_file", home, "--text"))
    retrieved = out[out.index("Retrieved Content:") + 2 :][:3]
    assert retrieved == ["First Line", "    Indented Second Line", "Last Line"]


def test_upload_folder(home, no_leftovers) -> None:
    out = ok(run("upload_folder", home))
    # 8 files of 17 bytes and 4 of 1900 once "*2", "*6", "*0" are ignored
    assert "Total bytes to upload: 7736" in out
    progress = [line for line in out if line.startswith("Progress: ")]
    assert progress and progress[-1] == "Progress: 100.00%"
    assert all(re.fullmatch(r"Progress: \d+\.\d\d%", line) for line in progress)
    # As with pyrax: objects are named relative to the folder, so the sample's prefix (the folder's name) finds none.
    assert out[-2] == "Number of files in container: 0"


def test_temporary_url(home, no_leftovers) -> None:
    out = ok(run("temporary_url", home))
    url = out[out.index("Temporary URL") + 1]
    assert re.search(r"/v1/AUTH_test/[A-Za-z]{8}/[A-Za-z]{8}\?temp_url_sig=[0-9a-f]+&temp_url_expires=\d+$", url)
    # requests' bytes compared with a str: False on any Python 3, with pyrax too (see docs/migration-pyrax.md).
    assert out[-1] == "Downloaded content == stored content:  False"


def test_store_object_as_text(home, no_leftovers) -> None:
    out = ok(run("store_object", home, "--text"))
    text = "This is some text containing unicode like é, ü and ˚¬∆ç"
    assert re.fullmatch(r"Stored Object Name: [A-Za-z]{8}", out[0])
    assert out[1] == f"Size: {len(text.encode())}"
    assert out[2:5] == [f"Original text: {text}", f"  Stored text: {text}", "Stored text is identical"]


def test_store_object_returns_bytes_by_default(home, no_leftovers) -> None:
    out = ok(run("store_object", home))
    assert "Difference detected!" in out
    assert out[3] == "  Stored text: " + repr("This is some text containing unicode like é, ü and ˚¬∆ç".encode())


def test_fetch_objects_as_text(home, no_leftovers) -> None:
    out = ok(run("fetch_objects", home, "--text"))
    assert out[:2] == ["Using obj.get()", "Stored text is identical"]
    meta = next(line for line in out if line.startswith("Metadata: "))
    assert "'etag': '" in meta and "'content-length': '7300'" in meta
    assert out[-1] == "Joined text is identical"


def test_fetch_objects_without_text_fails_as_with_pyrax_on_python3(home, no_leftovers) -> None:
    result = run("fetch_objects", home)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == ["Using obj.get()", "Difference detected!"]
    assert result.stderr.rstrip().endswith("TypeError: sequence item 0: expected str instance, bytes found")
