"""swiftfiles quick start: a real OpenStack Swift on loopback, then the everyday operations.

Run it with ``scripts/quickstart.sh`` (installs everything first), or ``python examples/quickstart.py`` inside the
project's virtualenv. Pass ``--auth-url/--user/--key`` to run the same steps against another Swift instead of the
embedded local server.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from swiftfiles import StorageClient

SAMPLE = Path(__file__).parent / "sample-folder"


@contextlib.contextmanager
def local_swift() -> Iterator[tuple[str, str, str]]:
    """Start the embedded real Swift (swiftfiles.devserver) and yield its tempauth credentials."""
    from swiftfiles.devserver import ADMIN_KEY, ADMIN_USER, DevServer

    with DevServer() as info:
        print(f"Started a local OpenStack Swift at {info.base_url} (state in {info.state_dir})")
        yield info.auth_url, ADMIN_USER, ADMIN_KEY


def command_line(auth_url: str, user: str, key: str) -> None:
    """The same kind of work from a shell: the ``swiftfiles`` command (swift's commands, rclone-style trees)."""
    exe = shutil.which("swiftfiles", path=str(Path(sys.executable).parent)) or "swiftfiles"
    env = {**os.environ, "ST_AUTH": auth_url, "ST_USER": user, "ST_KEY": key}
    print("\n6. The same from a shell, with the swiftfiles command (ST_AUTH/ST_USER/ST_KEY set):")
    with tempfile.TemporaryDirectory() as mirror:
        for argv in (
            ["upload", "cli-demo", SAMPLE.name],
            ["list", "cli-demo", "--lh"],
            ["sync", "swift://cli-demo", mirror, "--dry-run"],
            ["sync", "swift://cli-demo", mirror],
            ["stat", "cli-demo"],
            ["purge", "swift://cli-demo"],
        ):
            print(f"   $ swiftfiles {' '.join(a if a != mirror else './mirror' for a in argv)}")
            done = subprocess.run([exe, *argv], env=env, capture_output=True, text=True, check=True, cwd=SAMPLE.parent)
            for line in (done.stdout + done.stderr).splitlines()[:8]:
                print(f"     {line}")


def run(client: StorageClient) -> None:
    cont = client.create_container("quickstart")
    print(f"\n1. Created container {cont.name!r}")

    print(f"\n2. Uploading the folder {SAMPLE.name}/ and one file:")
    for path in sorted(p for p in SAMPLE.rglob("*") if p.is_file()):
        name = f"{SAMPLE.name}/{path.relative_to(SAMPLE).as_posix()}"
        obj = cont.upload_file(str(path), obj_name=name)
        print(f"   {obj.name:<40} {obj.total_bytes:>6} bytes  {obj.content_type}")
    report = client.store_object(cont, "report.txt", "swiftfiles says hello\n", metadata={"author": "quickstart"})
    print(f"   {report.name:<40} {report.total_bytes:>6} bytes  {report.content_type}")

    print("\n3. Listing the container:")
    for obj in client.list_container_objects(cont, full_listing=True):
        print(f"   {obj.name:<40} {obj.total_bytes:>6} bytes  md5 {obj.etag}")
    print(f"   pseudo-folders: {[s.name for s in client.list_container_subdirs(cont)]}")

    print("\n4. Fetching one back:")
    print(f"   report.txt -> {client.fetch_object(cont, 'report.txt')!r}")
    print(f"   metadata   -> {client.get_object_metadata(cont, 'report.txt')}")
    with tempfile.TemporaryDirectory() as folder:
        path = client.download_object(cont, f"{SAMPLE.name}/notes/todo.txt", folder)
        print(f"   downloaded {path.relative_to(folder)} ({path.stat().st_size} bytes, MD5 verified)")

    print("\n5. A TempURL (no token needed, valid 5 minutes):")
    client.get_temp_url_key() or client.set_temp_url_key()  # keep an existing key: replacing it breaks its URLs
    url = client.get_temp_url(cont, "report.txt", 300)
    print(f"   {url}")
    with urllib.request.urlopen(url, timeout=10) as response:
        print(f"   GET with plain urllib -> HTTP {response.status}: {response.read()!r}")

    client.delete(cont, del_objects=True)
    print("\nCleaned up. Done.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--auth-url", help="a v1.0 auth URL; default: start the embedded local Swift")
    parser.add_argument("--user", default="test:tester")
    parser.add_argument("--key", default="testing")
    args = parser.parse_args()
    if args.auth_url:
        with StorageClient(auth_url=args.auth_url, username=args.user, password=args.key) as client:
            run(client)
        command_line(args.auth_url, args.user, args.key)
        return
    with local_swift() as (auth_url, user, key):
        with StorageClient(auth_url=auth_url, username=user, password=key) as client:
            run(client)
        command_line(auth_url, user, key)


if __name__ == "__main__":
    main()
