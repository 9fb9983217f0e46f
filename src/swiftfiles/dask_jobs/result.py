"""``JobResult``: what one range, or a whole job, did."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class JobResult:
    """Counts for an operation over some objects; results of ranges add up with ``merge``.

    objects / bytes: objects done (copied, downloaded, verified) and their size. skipped: objects the operation
    could not apply to (a dynamic large object has no checksum to verify). errors: ``(name, message)`` pairs,
    sorted by name; a failed object is not counted in ``objects``.
    """

    operation: str
    objects: int = 0
    bytes: int = 0
    skipped: int = 0
    errors: tuple[tuple[str, str], ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors

    def merge(self, other: JobResult) -> JobResult:
        if other.operation != self.operation:
            raise ValueError(f"cannot merge results of {self.operation!r} and {other.operation!r}")
        return JobResult(
            self.operation,
            self.objects + other.objects,
            self.bytes + other.bytes,
            self.skipped + other.skipped,
            tuple(sorted(self.errors + other.errors)),
        )

    @classmethod
    def total(cls, operation: str, parts: Iterable[JobResult]) -> JobResult:
        result = cls(operation)
        for part in parts:
            result = result.merge(part)
        return result

    def summary(self) -> str:
        done = f"{self.objects} objects ({self.bytes} bytes)"
        return f"{self.operation}: {done}, {self.skipped} skipped, {len(self.errors)} errors"
