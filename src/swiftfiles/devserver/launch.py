"""The hand-over between the parent process and the server child.

The parent writes a ``LaunchSpec`` as JSON into the state directory
(``launch.json``) rather than on the command line, so credentials never show
up in ``ps``; the child reads it, starts Swift, and answers with one JSON
line on its stdout, a ``ReadyReport``.  Stdlib only: both sides import it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .accounts import DEFAULT_USERS, User

__all__ = ["LAUNCH_FILE", "LOG_FILE", "LaunchSpec", "ReadyReport"]

LAUNCH_FILE = "launch.json"
LOG_FILE = "server.log"


@dataclass(frozen=True)
class LaunchSpec:
    """Everything the child needs to configure and run Swift."""

    state_dir: str
    parent_pid: int
    host: str = "127.0.0.1"
    port: int = 0
    token_life: int = 86400
    log_level: str = "WARNING"
    users: tuple[User, ...] = DEFAULT_USERS
    #: Remove ``state_dir`` if the child outlives its parent (temporary state dirs only).
    remove_on_orphan: bool = False
    #: Force Swift's in-memory object server even where xattrs would fit.
    memory_objects: bool = False
    #: Seconds between container-updater / object-expirer passes; 0 turns one off.
    updater_interval: float = 1.0
    expirer_interval: float = 1.0
    #: keystonemiddleware auth_token options: the proxy also validates Keystone tokens (None: tempauth only).
    keystone: dict[str, str] | None = None
    #: ``(cert_file, key_file)`` PEM paths: the proxy serves HTTPS with them (None: plain HTTP).
    tls: tuple[str, str] | None = None

    def write(self) -> Path:
        path = Path(self.state_dir) / LAUNCH_FILE
        data = asdict(self)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        tmp.chmod(0o600)
        tmp.replace(path)
        return path

    @classmethod
    def read(cls, path: Path) -> LaunchSpec:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        data["users"] = tuple(User(**u) for u in data.get("users", ()))
        if data.get("tls") is not None:
            cert, key = data["tls"]  # a JSON list
            data["tls"] = (str(cert), str(key))
        return cls(**data)


@dataclass(frozen=True)
class ReadyReport:
    """What the child reports once every server is listening."""

    pid: int
    port: int
    backend_ports: dict[str, int] = field(default_factory=dict)
    in_memory_objects: bool = False

    def to_line(self) -> bytes:
        return (json.dumps(asdict(self)) + "\n").encode("utf-8")

    @classmethod
    def from_line(cls, line: bytes) -> ReadyReport:
        data: dict[str, Any] = json.loads(line)
        return cls(**data)
