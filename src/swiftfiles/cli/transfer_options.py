"""Options that shape transfers (segment size, threads, bandwidth) and the ``TransferConfig`` they make."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .output import parse_size

if TYPE_CHECKING:
    from swiftfiles import TransferConfig

F = TypeVar("F", bound=Callable[..., Any])


class SizeType(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.3 on only
    """Bytes, or a number with K, M, G, T (binary units)."""

    name = "SIZE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_size(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


SIZE = SizeType()

progress_option = click.option(
    "-P", "--progress", is_flag=True, help="Show bars for bytes, rate and ETA (plain lines when not a terminal)."
)


def transfer_config(
    *,
    segment_size: int | None = None,
    use_slo: bool = True,
    leave_segments: bool = False,
    concurrency: int | None = None,
    bwlimit: int | None = None,
    store_mtime: bool = True,
) -> TransferConfig:
    """The ``TransferConfig`` for the options given; everything not given keeps the library's default."""
    from swiftfiles import TransferConfig

    values: dict[str, Any] = {"use_slo": use_slo, "leave_segments": leave_segments, "store_mtime": store_mtime}
    if segment_size is not None:
        # swift's -S: files larger than SIZE are segmented, in segments of SIZE.
        values["segment_size"] = segment_size
        values["multipart_threshold"] = segment_size + 1
    if concurrency is not None:
        values["concurrency"] = concurrency
    if bwlimit is not None:
        values["max_bandwidth"] = bwlimit
    return TransferConfig(**values)
