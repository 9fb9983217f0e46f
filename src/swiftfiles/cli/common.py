"""Pieces every command shares: the session, the client's lifetime, ``--json``, refused swift options."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .credentials import Session
from .output import Output

if TYPE_CHECKING:
    from swiftfiles import StorageClient, TransferConfig

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
R = TypeVar("R")


def session() -> Session:
    obj = click.get_current_context().find_object(Session)
    assert obj is not None, "commands run under the swiftfiles group"
    return obj


@contextlib.contextmanager
def open_client(transfer_config: TransferConfig | None = None) -> Iterator[StorageClient]:
    """The session's client, closed (transfer threads stopped, connections released) when the command ends.

    On Ctrl-C (or any error escaping the command) running transfers are cancelled first: the library stops them
    within one chunk and removes what they wrote (segments, temporary files), so nothing partial is left behind.
    """
    client = session().client(transfer_config)
    try:
        yield client
    except BaseException:
        client.engine.close(cancel=True)
        raise
    finally:
        client.close()


def run_pool(client: StorageClient, fn: Callable[[T], R], items: Iterable[T], threads: int) -> Iterator[R]:
    """``fn`` over *items* on *threads* threads, results in order; Ctrl-C cancels the client's transfers at once.

    A plain ``ThreadPoolExecutor`` block would wait, on Ctrl-C, for every running upload or download to finish;
    cancelling the transfer engine first makes them stop within one chunk and clean up after themselves.
    """
    pool = ThreadPoolExecutor(max_workers=threads)
    try:
        yield from pool.map(fn, items)
    except BaseException:
        client.engine.close(cancel=True)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def output(json_: bool = False) -> Output:
    return Output(json=json_, quiet=session().quiet)


json_option = click.option("--json", "json_", is_flag=True, help="Print one JSON document instead of text.")


def refuse(*names: str, why: str, flag: bool = True) -> Callable[[F], F]:
    """Hidden options for swift/rclone options swiftfiles does not offer: using one is a usage error saying why."""

    def decorate(func: F) -> F:
        for name in names:

            def callback(ctx: click.Context, param: click.Parameter, value: Any, name: str = name) -> None:
                if value:
                    raise click.UsageError(f"{name} is not supported by swiftfiles: {why}", ctx)

            func = click.option(name, hidden=True, is_flag=flag, expose_value=False, callback=callback)(func)
        return func

    return decorate


def parse_pairs(values: tuple[str, ...], sep: str, what: str) -> dict[str, str]:
    """``("Color:blue", ...)`` → ``{"Color": "blue"}``; a value without *sep* is a usage error."""
    pairs: dict[str, str] = {}
    for value in values:
        key, found, rest = value.partition(sep)
        if not found or not key.strip():
            raise click.BadParameter(f"{value!r}: write {what}", param_hint=what)
        pairs[key.strip()] = rest.strip()
    return pairs


@contextlib.contextmanager
def failures_named(target: str | None) -> Iterator[None]:
    """Turn a swiftfiles error into a one-line ``CommandFailed`` naming *target* (exit status 1). Configuration
    errors, invalid names and unusable metadata are the command line's fault: exit status 2."""
    from swiftfiles import ConfigurationError, InvalidName, MetadataError, SwiftFilesError

    from .output import CommandFailed, UsageProblem, describe, error_line

    try:
        yield
    except ConfigurationError:
        raise
    except (InvalidName, MetadataError) as exc:  # refused before any request: the command line is wrong
        raise UsageProblem(describe(exc, target)) from exc
    except (SwiftFilesError, OSError) as exc:
        raise CommandFailed([error_line(exc, target)]) from exc
