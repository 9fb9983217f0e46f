"""Every method of the seed specification (pyrax's StorageClient) exists with the seed's parameters and defaults.

The seed is docs/seed/storageclient-api.txt. ``async`` is a Python 3 keyword, so it is spelled ``async_``.
A method a later issue owns can be listed in PENDING until it lands.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from swiftfiles import StorageClient

SEED = Path(__file__).resolve().parents[2] / "docs" / "seed" / "storageclient-api.txt"

PENDING: set[str] = set()  # every seed method has landed
RENAMED = {"async": "async_"}


def seed_signatures() -> dict[str, list[tuple[str, object]]]:
    """``{method: [(param, default or inspect.Parameter.empty), ...]}`` parsed from the seed text."""
    text = SEED.read_text()
    signatures: dict[str, list[tuple[str, object]]] = {}
    for match in re.finditer(r"^def (\w+) \| \((.*?)\n?\) \|", text, re.M | re.S):
        name, body = match.group(1), match.group(2)
        if name in signatures or name == "__init__":
            continue
        params = []
        for token in (t.strip().rstrip(",").strip() for t in body.split("|")):
            if not token or token == "self":
                continue
            if "=" in token:
                pname, default = (p.strip() for p in token.split("=", 1))
                params.append((RENAMED.get(pname, pname), ast.literal_eval(default)))
            else:
                params.append((RENAMED.get(token, token), inspect.Parameter.empty))
        signatures[name] = params
    return signatures


SIGNATURES = seed_signatures()


def test_the_seed_was_parsed_completely() -> None:
    assert len(SIGNATURES) == 55  # every "def" of the seed except __init__
    assert SIGNATURES["get_account_details"] == []
    assert SIGNATURES["get_temp_url"][3] == ("method", "GET")


@pytest.mark.parametrize("name", sorted(set(SIGNATURES) - PENDING))
def test_method_matches_the_seed(name: str) -> None:
    method = getattr(StorageClient, name)
    params = [p for p in inspect.signature(method).parameters.values() if p.name != "self"]
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    expected = SIGNATURES[name]
    # The seed's documentation format drops the stars of ``*args, **kwargs``.
    kinds = {p.kind for p in params}
    if ("args", inspect.Parameter.empty) in expected:
        assert inspect.Parameter.VAR_POSITIONAL in kinds
    if ("kwargs", inspect.Parameter.empty) in expected:
        assert inspect.Parameter.VAR_KEYWORD in kinds
    expected = [e for e in expected if e[0] not in ("args", "kwargs")]
    assert [(p.name, p.default) for p in positional[: len(expected)]] == expected
    # Anything beyond the seed's parameters must have a default, so seed-style calls keep working.
    assert all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params[len(expected) :])
    assert method.__doc__, f"{name} needs a docstring"


@pytest.mark.parametrize(
    ("alias", "target"),
    [
        ("list_containers", "list_container_names"),
        ("get_all_containers", "list"),
        ("get_container", "get"),
        ("create_container", "create"),
        ("delete_container", "delete"),
        ("get_container_objects", "list_container_objects"),
        ("get_container_object_names", "list_container_object_names"),
        ("get_info", "get_account_info"),
    ],
)
def test_public_aliases(alias: str, target: str | None) -> None:
    assert callable(getattr(StorageClient, alias))
    if target:
        assert getattr(StorageClient, alias) is getattr(StorageClient, target)


def test_class_attributes() -> None:
    assert StorageClient.name == "Object Storage"
