"""What a person (or a script) reads: plain lines or one JSON document on stdout, one-line errors on stderr.

Errors name what failed (the container or object) and carry Swift's transaction id, the value an operator needs
to find the request in the proxy logs; nothing else of a failure is shown unless ``--debug``. Sizes in
``--lh``-style listings use binary units, as swift's CLI does.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Any, TextIO

PROG = "swiftfiles"


class CommandFailed(Exception):
    """Some operations of a command failed; each line is already a complete error line. Exit status 1."""

    def __init__(self, lines: Sequence[str], summary: str | None = None) -> None:
        super().__init__(summary or (lines[0] if lines else "failed"))
        self.lines = list(lines)
        self.summary = summary


class UsageProblem(Exception):
    """The command line cannot work (bad path, option that is not supported): a message, exit status 2."""


def describe(exc: BaseException, target: str | None = None) -> str:
    """One line for *exc*: ``target: message [trans_id ...]``, never a token (the library redacts those)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    trans_id = getattr(exc, "trans_id", "") or ""
    if trans_id and trans_id not in text:
        text += f" [trans_id {trans_id}]"
    return f"{target}: {text}" if target else text


def error_line(exc: BaseException, target: str | None = None) -> str:
    return f"{PROG}: error: {describe(exc, target)}"


def human_size(n: float) -> str:
    """swift's ``--lh`` form: 1023, 1.0K, 4.5M ... (binary units)."""
    for unit in ("", "K", "M", "G", "T", "P"):
        if abs(n) < 1024 or unit == "P":
            return f"{int(n)}" if unit == "" else f"{n:.1f}{unit}"
        n /= 1024
    return str(n)  # pragma: no cover - the loop always returns


def iso_time(when: datetime | None) -> str | None:
    """A time as Swift's listings write it (``2024-05-01T12:00:00.123456``, UTC): what JSON output carries."""
    return None if when is None else when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")


def http_time(when: datetime | None) -> str | None:
    """A time as an HTTP date (``Wed, 01 May 2024 12:00:00 GMT``): what ``swift stat`` prints."""
    return None if when is None else format_datetime(when.astimezone(timezone.utc), usegmt=True)


def parse_size(text: str) -> int:
    """``1048576``, ``64M``, ``1.5G``, ``512K``: bytes (binary units); ValueError otherwise."""
    value = text.strip().upper().removesuffix("B").removesuffix("I")
    factor = 1
    for suffix, power in (("K", 1), ("M", 2), ("G", 3), ("T", 4)):
        if value.endswith(suffix):
            value, factor = value[:-1], 1024**power
            break
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{text!r} is not a size; write bytes or a number with K, M, G or T") from None
    if number <= 0:
        raise ValueError(f"{text!r}: a size must be positive")
    return int(number * factor)


@dataclass
class Output:
    """Where a command's results go: ``json`` prints one document at the end; ``quiet`` prints no results."""

    json: bool = False
    quiet: bool = False
    stream: TextIO | None = None

    @property
    def out(self) -> TextIO:
        return self.stream or sys.stdout

    def line(self, text: str) -> None:
        if not self.quiet and not self.json:
            self.out.write(text + "\n")

    def lines(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.line(text)

    def document(self, value: Any) -> None:
        """The JSON document of a ``--json`` command (printed even with ``-q``: it was asked for)."""
        self.out.write(json.dumps(value, indent=2, sort_keys=True, default=str) + "\n")

    def table(self, rows: Mapping[str, Any]) -> None:
        """swift's ``stat`` layout: right-aligned keys, a colon, the value."""
        if not rows:
            return
        width = max(len(k) for k in rows)
        for key, value in rows.items():
            self.line(f"{key:>{width}}: {value}")


def warn(text: str) -> None:
    """A line on stderr (progress of a failure, a skipped item); library code never does this, the CLI does."""
    sys.stderr.write(f"{PROG}: {text}\n")
