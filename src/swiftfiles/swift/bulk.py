"""Bulk operations (middleware ``bulk``): bulk delete bodies and results, extract-archive results. Pure, no I/O.

``POST /v1/<account>?bulk-delete`` with ``Content-Type: text/plain`` takes newline-separated, URL-encoded
``/<container>/<object>`` paths (a bare ``/<container>`` deletes the then-empty container), at most
``/info`` → ``bulk_delete.max_deletes_per_request`` lines per request. The answer is 200 even when deletions
failed; the body says what happened, as JSON when asked with ``Accept: application/json`` (Swift may send
whitespace first to keep the connection alive) or as ``Key: value`` lines otherwise. ``DELETE
?multipart-manifest=delete`` on an SLO answers with the same document.

``PUT /v1/<account>/<container>[/<prefix>]?extract-archive=<format>`` unpacks a tar archive server-side and answers
with a similar document (``Number Files Created``, ``Response Status``, ``Errors``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..exceptions import ClientException, exception_class_for
from .names import object_path

DEFAULT_MAX_DELETES_PER_REQUEST = 10000
T = TypeVar("T")


@dataclass(frozen=True)
class BulkDeleteResult:
    """What a bulk delete (or an SLO delete with its segments) did.

    deleted / not_found: counts of paths deleted and of paths that were already gone (not an error).
    status / reason: the overall ``Response Status`` (``200``/``"OK"`` when everything went well).
    errors: ``(path, status text)`` for every path that could not be deleted (e.g. ``"409 Conflict"``).
    """

    deleted: int = 0
    not_found: int = 0
    status: int = 200
    reason: str = "OK"
    response_body: str = ""
    errors: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when nothing failed (already-missing paths count as success)."""
        return not self.errors and 200 <= self.status < 300

    def merge(self, other: BulkDeleteResult) -> BulkDeleteResult:
        """The sum of two results (batches of one operation); the worse status wins."""
        worst = other if not (200 <= other.status < 300) and (200 <= self.status < 300) else self
        return BulkDeleteResult(
            deleted=self.deleted + other.deleted,
            not_found=self.not_found + other.not_found,
            status=worst.status,
            reason=worst.reason,
            response_body=worst.response_body,
            errors=self.errors + other.errors,
        )

    def raise_for_errors(self, what: str) -> None:
        """Raise the ``ClientException`` subclass matching the failure (e.g. ``Conflict``) unless ``ok``."""
        if self.ok:
            return
        status = self.status if not (200 <= self.status < 300) else _error_status(self.errors)
        shown = ", ".join(f"{path} ({error})" for path, error in self.errors[:5])
        more = f" and {len(self.errors) - 5} more" if len(self.errors) > 5 else ""
        message = f"{what}: {len(self.errors)} deletion(s) failed" + (f": {shown}{more}" if shown else "")
        if not self.errors:
            message = f"{what}: the server reported {self.status} {self.reason} {self.response_body}".rstrip()
        cls: type[ClientException] = exception_class_for(status)
        raise cls(message, status=status, reason=self.reason, body=self.response_body)


def status_code(text: str) -> int | None:
    """The number at the front of a status line (``"409 Conflict"`` → 409); None when there is none."""
    head = text.strip().split(" ", 1)[0]
    return int(head) if head.isdigit() else None


def status_error(what: str, status_text: str, body: str = "") -> ClientException:
    """The typed exception for a failed status line (``"409 Conflict"`` → ``Conflict``) of a bulk answer."""
    status = status_code(status_text) or 0
    message = f"{what}: {status_text} {body}".strip()
    return exception_class_for(status)(message, status=status, reason=status_text, body=body)


def _error_status(errors: Sequence[tuple[str, str]]) -> int:
    for _, text in errors:
        code = status_code(text)
        if code is not None:
            return code
    return 400


@dataclass(frozen=True)
class ExtractArchiveResult:
    """What ``?extract-archive`` did: files created, the overall status line, ``(path, status)`` per failure."""

    created: int
    status: str
    errors: tuple[tuple[str, str], ...] = ()
    response_body: str = ""

    def as_dict(self) -> dict[str, Any]:
        """pyrax's shape: ``{"created": n, "status": "201 Created", "errors": [[path, status], ...]}``."""
        return {"created": self.created, "status": self.status, "errors": [list(e) for e in self.errors]}

    def raise_for_status(self, what: str) -> None:
        """Raise the typed error when the server refused the whole archive (an error status)."""
        code = status_code(self.status)
        if code is not None and code >= 400:
            raise status_error(f"{what} failed", self.status, self.response_body)


def parse_extract_archive_response(body: bytes, status: int, reason: str) -> ExtractArchiveResult:
    """The JSON document Swift answers ``?extract-archive`` with (asked with ``Accept: application/json``)."""
    document = json.loads(body or b"{}")
    return ExtractArchiveResult(
        created=_int(document.get("Number Files Created")),
        status=str(document.get("Response Status", f"{status} {reason}")),
        errors=tuple((str(e[0]), str(e[1])) for e in document.get("Errors", []) if len(e) >= 2),
        response_body=str(document.get("Response Body", "")),
    )


def bulk_delete_path(container: str, obj: str | None = None) -> str:
    """One line of a bulk-delete body: ``/<container>[/<object>]``, percent-encoded (``/`` in names kept)."""
    return object_path(container, obj)


def encode_bulk_delete_body(paths: Iterable[tuple[str, str | None]]) -> bytes:
    """The body for ``(container, object or None)`` pairs: one encoded path per line.

    Percent-encoding keeps names with newlines, spaces or non-ASCII characters on their own line.
    """
    return "\n".join(bulk_delete_path(container, obj) for container, obj in paths).encode("ascii")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of at most *size* consecutive items (what one bulk request may carry)."""
    if size < 1:
        raise ValueError("size must be positive")
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _split_status(text: str) -> tuple[int, str]:
    code, _, reason = text.strip().partition(" ")
    try:
        return int(code), reason
    except ValueError:
        return 200 if not text.strip() else 500, text.strip()


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def parse_bulk_delete_response(body: bytes | str) -> BulkDeleteResult:
    """Parse the document Swift answers a bulk delete (or ``?multipart-manifest=delete``) with.

    Accepts the JSON form (leading whitespace allowed) and the plain-text form (``Number Deleted: 3`` lines, then
    ``Errors:`` and one ``<path>, <status>`` line per failure). Raises ValueError for anything else.
    """
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    stripped = text.strip()
    if not stripped:
        raise ValueError("empty bulk-delete response")
    if stripped.startswith("{"):
        document = json.loads(stripped)
        if not isinstance(document, dict):
            raise ValueError("the bulk-delete response is not a JSON object")
        values: dict[str, Any] = document
        errors = tuple(
            (str(item[0]), str(item[1]))
            for item in values.get("Errors") or []
            if isinstance(item, (list, tuple)) and len(item) >= 2
        )
    else:
        values = {}
        error_lines: list[tuple[str, str]] = []
        in_errors = False
        for line in stripped.splitlines():
            if in_errors:
                if line.strip():
                    path, _, outcome = line.rpartition(", ")
                    error_lines.append((path, outcome) if path else (line, ""))
                continue
            key, sep, value = line.partition(":")
            if not sep:
                continue
            if key.strip() == "Errors":
                in_errors = True
                continue
            values[key.strip()] = value.strip()
        errors = tuple(error_lines)
        if "Response Status" not in values and "Number Deleted" not in values:
            raise ValueError(f"not a bulk-delete response: {stripped[:100]!r}")
    status, reason = _split_status(str(values.get("Response Status") or "200 OK"))
    return BulkDeleteResult(
        deleted=_int(values.get("Number Deleted")),
        not_found=_int(values.get("Number Not Found")),
        status=status,
        reason=reason,
        response_body=str(values.get("Response Body") or ""),
        errors=errors,
    )
