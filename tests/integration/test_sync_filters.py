"""Sync with rclone-style include/exclude rules, hidden names counted on both sides, and the streamed plan
(name order across folders, plan_file, keep_actions, a dry run heard through the callback) against the real Swift."""

from __future__ import annotations

import json

import pytest
from tests.support.trees import write_tree

from swiftfiles.exceptions import TooManyDeletes
from swiftfiles.sync.hashcache import HashCache

pytestmark = pytest.mark.integration

TREE = {
    "a.txt": b"a",
    "a/x.txt": b"ax",
    "a0.txt": b"a0",
    "img/logo.png": b"png",
    "img/raw/big.png": b"png2",
    "build/out.o": b"obj",
    ".htaccess": b"deny",
    ".well-known/security.txt": b"contact",
}


def make_tree(root, files=TREE):
    return write_tree(root, files)


def names(client, container):
    return sorted(client.list_container_object_names(container, full_listing=True))


@pytest.fixture
def cache(tmp_path):
    cache = HashCache(tmp_path / "hashes.sqlite")
    yield cache
    cache.close()


def test_path_rules_upward_and_excluded_names_are_never_deleted(client, container, tmp_path, cache) -> None:
    folder = make_tree(tmp_path / "src")
    client.store_object(container, "build/remote-only.o", b"keep me")
    result = client.sync_folder_to_container(
        str(folder), container, delete=True, exclude=["/build/**", "img/*.png"], hash_cache=cache
    )
    assert result.ok, result.errors
    assert names(client, container) == ["a.txt", "a/x.txt", "a0.txt", "build/remote-only.o", "img/raw/big.png"]
    assert result.excluded_counts == {"hidden": 2, "filter": 3}  # .htaccess, .well-known/; 2 build/, logo.png
    assert {a.name: a.reason for a in result.excluded if a.excluded == "filter"}["img/logo.png"] == (
        "'img/logo.png' matches the exclude rule 'img/*.png'"
    )
    assert "skipped 5 (2 hidden, 3 filter)" in result.summary()


def test_include_rules_downward(client, container, tmp_path, cache) -> None:
    for name, data in TREE.items():
        client.store_object(container, f"p/{name}", data)
    target = tmp_path / "dst"
    make_tree(target, {"notes.md": b"local only, excluded by the include rules: never deleted"})
    result = client.sync_container_to_folder(
        container, str(target), delete=True, include="**.png", include_hidden=True, object_prefix="p", hash_cache=cache
    )
    got = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    assert got == ["img/logo.png", "img/raw/big.png", "notes.md"]
    assert result.transferred_count == 2 and result.deleted_count == 0
    assert result.excluded_counts == {"filter": 7}  # the 6 remote names that are not .png, and notes.md


@pytest.mark.parametrize("pattern", ["img/", "a//b", "[abc"])
def test_a_rule_that_can_never_match_is_refused_before_any_request(client, tmp_path, pattern) -> None:
    with pytest.raises(ValueError, match="filter pattern"):
        client.sync_folder_to_container(str(tmp_path), "never-created-by-this-test", exclude=[pattern])
    assert "never-created-by-this-test" not in client.list_container_names()


def test_streamed_plan_in_listing_order_plan_file_and_callback(client, container, tmp_path, cache) -> None:
    folder = make_tree(tmp_path / "src")
    heard = []
    plan_file = tmp_path / "plan.jsonl"
    client.sync_folder_to_container(
        str(folder),
        container,
        dry_run=True,
        include_hidden=True,
        hash_cache=cache,
        plan_file=plan_file,
        callback=lambda action, error: heard.append((action.kind, action.name, error)),
    )
    # Swift lists in UTF-8 byte order: "a.txt" < "a/x.txt" < "a0.txt" ('.' < '/' < '0'), and so does the walk.
    order = ["a.txt", "a/x.txt", "a0.txt", "build/out.o", "img/logo.png", "img/raw/big.png"]
    expected = sorted([".htaccess", ".well-known/security.txt", *order])
    assert [name for _, name, _ in heard] == expected and all(error is None for *_, error in heard)
    lines = [json.loads(line) for line in plan_file.read_text().splitlines()]
    assert [(d["kind"], d["name"]) for d in lines] == [("upload", n) for n in expected]
    assert names(client, container) == []  # a dry run
    client.sync_folder_to_container(str(folder), container, include_hidden=True, hash_cache=cache)
    assert names(client, container) == expected


def test_keep_actions_bounds_the_result_and_counts_stay_whole(client, container, tmp_path, cache) -> None:
    folder = make_tree(tmp_path / "src", {f"d{i}/f{j}.txt": b"x" for i in range(3) for j in range(4)})
    result = client.sync_folder_to_container(str(folder), container, keep_actions=5, hash_cache=cache)
    assert result.ok and result.transferred_count == 12 and result.bytes_transferred == 12
    assert len(result.transferred) == 5 and len(result.actions) == 5 and not result.complete
    with pytest.raises(ValueError, match="keep_actions=5"):
        result.plan  # noqa: B018 - the property refuses to pass a partial plan off as the whole one
    again = client.sync_folder_to_container(str(folder), container, keep_actions=None, hash_cache=cache)
    assert again.complete and len(again.plan.skips) == 12 and again.skipped_count == 12
    assert "transferred 0 (0 bytes), skipped 12" in again.summary()


def test_max_delete_counts_in_a_first_pass_and_changes_nothing(client, container, tmp_path, cache) -> None:
    for i in range(4):
        client.store_object(container, f"old/{i}", b"x")
    folder = make_tree(tmp_path / "src", {"new.txt": b"n"})
    with pytest.raises(TooManyDeletes, match="delete 4 items") as refused:
        client.sync_folder_to_container(str(folder), container, delete=True, max_delete=3, hash_cache=cache)
    assert [a.name for a in refused.value.plan.deletions] == ["old/0", "old/1", "old/2", "old/3"]
    assert names(client, container) == [f"old/{i}" for i in range(4)]  # new.txt was not uploaded either
