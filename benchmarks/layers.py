"""Client CPU per small object, layer by layer: what Python's HTTP stack costs before swiftfiles adds anything.

The small-object workloads of ``RESULTS.md`` compare whole programs. This script takes one program apart: the same
4 KiB objects moved in one process, one request at a time (no thread effects), by ever fuller layers, each layer's
rounds interleaved with the others' so that drifts of the machine hit them alike. It prints the median client CPU
(user + sys of the process) per object:

downloads
    ``http.client``: GET and read on one kept-alive connection, the floor of any client on Python's standard library;
    ``urllib3``: the same through a ``PoolManager`` (the HTTP library of swiftfiles, python-swiftclient via requests,
    openstacksdk, keystoneauth);
    ``urllib3 + file``: plus what a safe download must do: MD5 checked against the ETag, a temporary file, a rename;
    ``swiftfiles wire``: ``client.connection.get_object`` and read (URL and auth headers, retry policy, errors);
    ``wire + plan, MD5, file, mtime``: the wire call plus what the engine decides and checks per download (the plan
    from the headers, the verifier, a temporary file and a rename, the stored mtime), written out in one function;
    ``engine (execute_download)``: the same through the engine's own code (its path and parent checks, the hidden
    temporary name, progress, cancellation);
    ``download_object``: the public call (besides the above, the name and folder checks and the engine's run).
uploads
    ``http.client`` PUT, ``urllib3`` PUT, ``urllib3 + ETag`` (reads the file and sends its MD5, as a verified upload
    must), and ``upload_file`` (new names each round, as a first upload).

Usage (a dev server is started unless ``ST_AUTH``, ``ST_USER`` and ``ST_KEY`` point at one)::

    python benchmarks/layers.py [--objects 1000] [--rounds 5] [--work-dir /dev/shm]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import os
import resource
import shutil
import statistics
import tempfile
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import urllib3

from swiftfiles import StorageClient

SIZE = 4 * 1024
CONTAINER = "layers"


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@contextlib.contextmanager
def server() -> Iterator[tuple[str, str, str]]:
    if all(os.environ.get(k) for k in ("ST_AUTH", "ST_USER", "ST_KEY")):
        yield os.environ["ST_AUTH"], os.environ["ST_USER"], os.environ["ST_KEY"]
        return
    from swiftfiles.devserver import DevServer

    with DevServer(updater_interval=0, expirer_interval=0) as info:
        yield info.auth_url, "test:tester", "testing"


class Layers:
    """The layers over one container of *count* objects and a folder of as many local files."""

    def __init__(self, client: StorageClient, count: int, work: Path) -> None:
        self.client = client
        self.count = count
        self.names = [f"o{i:05d}" for i in range(count)]
        self.src = work / "src"
        self.out = work / "out"
        self.src.mkdir()
        self.out.mkdir()
        self.storage_url = client.connection.storage_url
        self.token = client.connection.auth.current().token
        url = urllib.parse.urlsplit(self.storage_url)
        self.path = url.path
        self.raw = http.client.HTTPConnection(url.hostname or "", url.port)
        self.pool = urllib3.PoolManager()
        client.create_container(CONTAINER)
        for name in self.names:
            local = self.src / name
            local.write_bytes(os.urandom(SIZE))
            client.upload_file(CONTAINER, str(local), obj_name=name, return_none=True)
        self.round = 0

    def headers(self, **extra: str) -> dict[str, str]:
        return {"X-Auth-Token": self.token, **extra}

    # -- downloads ----------------------------------------------------------------------------------------------

    def get_http_client(self, name: str) -> None:
        self.raw.request("GET", f"{self.path}/{CONTAINER}/{name}", headers=self.headers())
        self.raw.getresponse().read()

    def get_urllib3(self, name: str) -> None:
        self.pool.request("GET", f"{self.storage_url}/{CONTAINER}/{name}", headers=self.headers())

    def get_urllib3_file(self, name: str) -> None:
        response = self.pool.request("GET", f"{self.storage_url}/{CONTAINER}/{name}", headers=self.headers())
        if hashlib.md5(response.data).hexdigest() != response.headers["Etag"]:
            raise ValueError(f"{name}: MD5 mismatch")
        target = self.out / name
        temporary = self.out / f".{name}.part"
        with open(temporary, "wb") as file:
            file.write(response.data)
        os.replace(temporary, target)

    def get_wire(self, name: str) -> None:
        response = self.client.connection.get_object(CONTAINER, name)
        for _ in response.iter_bytes(1 << 20):
            pass

    def get_wire_checked(self, name: str) -> None:
        # The engine's own pieces (internal modules: this script measures them, it is not an example of the API).
        from swiftfiles.transfer.download import plan_download
        from swiftfiles.transfer.verify import RangeVerifier

        response = self.client.connection.get_object(CONTAINER, name)
        plan = plan_download(self.client.connection, CONTAINER, name, response.headers)
        verifier = RangeVerifier(name, plan.checks, plan.size, plan.md5)
        temporary = self.out / f".{name}.part"
        with open(temporary, "wb") as file:
            for chunk in response.iter_bytes(1 << 20):
                verifier.feed(chunk)
                file.write(chunk)
            verifier.finish()
            if plan.mtime is not None:
                os.utime(file.fileno(), (plan.mtime, plan.mtime))
        os.replace(temporary, self.out / name)

    def get_execute_download(self, name: str) -> None:
        from swiftfiles.transfer.download import execute_download, open_download

        plan, response = open_download(self.client.engine, CONTAINER, name)
        execute_download(self.client.engine, plan, self.out / name, response=response)

    def get_download_object(self, name: str) -> None:
        self.client.download_object(CONTAINER, name, self.out)

    # -- uploads ------------------------------------------------------------------------------------------------

    def put_target(self, name: str) -> str:
        return f"{CONTAINER}/up{self.round}/{name}"

    def put_http_client(self, name: str) -> None:
        body = (self.src / name).read_bytes()
        self.raw.request("PUT", f"{self.path}/{self.put_target(name)}", body=body, headers=self.headers())
        self.raw.getresponse().read()

    def put_urllib3(self, name: str) -> None:
        body = (self.src / name).read_bytes()
        self.pool.request("PUT", f"{self.storage_url}/{self.put_target(name)}", body=body, headers=self.headers())

    def put_urllib3_etag(self, name: str) -> None:
        body = (self.src / name).read_bytes()
        etag = hashlib.md5(body).hexdigest()
        self.pool.request(
            "PUT", f"{self.storage_url}/{self.put_target(name)}", body=body, headers=self.headers(ETag=etag)
        )

    def put_upload_file(self, name: str) -> None:
        # a name of its own: the other layers' PUTs must not turn this first upload into a replacement
        self.client.upload_file(CONTAINER, str(self.src / name), obj_name=f"sf{self.round}/{name}", return_none=True)

    def measure(self, layer: Callable[[str], None]) -> float:
        """CPU seconds per object of one pass of *layer* over every object."""
        shutil.rmtree(self.out)
        self.out.mkdir()
        start = cpu()
        for name in self.names:
            layer(name)
        return (cpu() - start) / self.count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="layers.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--work-dir", type=Path, default=Path("/dev/shm"), help="where the local files go (tmpfs, as the harness)"
    )
    args = parser.parse_args(argv)
    with server() as (auth_url, user, key), tempfile.TemporaryDirectory(dir=args.work_dir) as work:
        client = StorageClient(auth_url=auth_url, username=user, password=key)
        layers = Layers(client, args.objects, Path(work))
        groups = {
            "download": {
                "http.client": layers.get_http_client,
                "urllib3": layers.get_urllib3,
                "urllib3 + file": layers.get_urllib3_file,
                "swiftfiles wire": layers.get_wire,
                "wire + plan, MD5, file, mtime": layers.get_wire_checked,
                "engine (execute_download)": layers.get_execute_download,
                "download_object": layers.get_download_object,
            },
            "upload": {
                "http.client": layers.put_http_client,
                "urllib3": layers.put_urllib3,
                "urllib3 + ETag": layers.put_urllib3_etag,
                "upload_file": layers.put_upload_file,
            },
        }
        results: dict[tuple[str, str], list[float]] = {}
        for group, members in groups.items():
            for round_ in range(args.rounds):
                layers.round = round_
                for label, layer in members.items():
                    results.setdefault((group, label), []).append(layers.measure(layer))
        client.delete_container(CONTAINER, del_objects=True)
        client.close()
    print(
        f"Client CPU per {SIZE // 1024} KiB object, one request at a time ({args.objects} objects, median of "
        f"{args.rounds} interleaved rounds)."
    )
    for group, members in groups.items():
        floor = statistics.median(results[(group, "urllib3")])
        print(f"\n| {group} layer | ms per object | × urllib3 |\n|---|---:|---:|")
        for label in members:
            value = statistics.median(results[(group, label)])
            print(f"| {label} | {value * 1000:.3f} | {value / floor:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
