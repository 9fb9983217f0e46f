"""rclone-style include/exclude rules (swiftfiles.sync.rules): globs, anchoring, order, refused patterns."""

from __future__ import annotations

import pytest

from swiftfiles.sync.rules import FilterRules, glob_to_regex


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*.jpg", "a.jpg", True),
        ("*.jpg", "dir/sub/a.jpg", True),  # unanchored: matches the end of the path
        ("*.jpg", "a.jpg.txt", False),
        ("img/*.png", "img/a.png", True),
        ("img/*.png", "x/img/a.png", True),
        ("img/*.png", "img/deep/a.png", False),  # * stays within one segment
        ("img/**.png", "img/deep/a.png", True),  # ** crosses segments
        ("/build/**", "build/x/y.o", True),
        ("/build/**", "src/build/y.o", False),  # anchored at the root
        ("/a.txt", "a.txt", True),
        ("/a.txt", "d/a.txt", False),
        ("file?.txt", "file1.txt", True),
        ("file?.txt", "file/.txt", False),
        ("[ab].txt", "b.txt", True),
        ("[!ab].txt", "b.txt", False),
        ("*.{jpg,png}", "x/y.png", True),
        ("*.{jpg,png}", "x/y.gif", False),
        ("a.txt", "ba.txt", False),  # matches at a segment boundary only
        ("a+b(c).txt", "a+b(c).txt", True),  # regex characters are literal
    ],
)
def test_glob_semantics(pattern: str, path: str, matches: bool) -> None:
    assert (glob_to_regex(pattern).search(path) is not None) is matches


def test_no_rules_include_everything() -> None:
    rules = FilterRules.from_patterns()
    assert not rules.active and rules.included("any/thing")


def test_excludes_only() -> None:
    rules = FilterRules.from_patterns(exclude=["*.tmp", "/cache/**"])
    assert rules.included("a.txt") and rules.included("x/cache/a")
    assert not rules.included("d/e.tmp") and not rules.included("cache/a")


def test_include_implies_exclude_everything_else() -> None:
    rules = FilterRules.from_patterns(include=["*.jpg"])
    assert rules.included("a/b.jpg") and not rules.included("a/b.png")


def test_includes_are_tried_before_excludes_first_match_wins() -> None:
    rules = FilterRules.from_patterns(include=["*.jpg"], exclude=["secret/**"])
    assert rules.included("secret/a.jpg")  # rclone: the include rule comes first
    assert not rules.included("secret/a.txt")  # excluded (and would be by the implicit rule anyway)


def test_leading_slash_in_the_path_is_ignored() -> None:
    assert not FilterRules.from_patterns(exclude=["/a"]).included("/a")


@pytest.mark.parametrize("pattern", ["", "/", "dir/", "a//b", "[abc", "{a,b"])
def test_patterns_that_can_never_match_are_refused(pattern: str) -> None:
    with pytest.raises(ValueError):
        FilterRules.from_patterns(exclude=[pattern])


def test_an_exclude_rule_covering_a_whole_folder_leaves_it_out_unwalked(tmp_path) -> None:
    from swiftfiles.sync.filters import NameFilter
    from swiftfiles.sync.local import ExcludedPath, iter_folder

    rules = FilterRules.from_patterns(exclude=["/build/**", "**/node_modules/**", "*.tmp"])
    assert rules.excluded_folder("build") == "'build/' matches the exclude rule '/build/**'"
    assert rules.excluded_folder("web/x/node_modules") is not None
    assert rules.excluded_folder("src/build") is None and rules.excluded_folder("x.tmp") is None
    # An include rule could take a file under the folder back: then every file is checked.
    assert FilterRules.from_patterns(include=["*.o"], exclude=["/build/**"]).excluded_folder("build") is None
    for name in ["build/a/out.o", "build/b.o", "src/build/keep.c", "web/x/node_modules/m.js", "web/a.tmp", "b.c"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    entries = [(e.name, isinstance(e, ExcludedPath)) for e in iter_folder(tmp_path, NameFilter(rules=rules))]
    assert entries == [
        ("b.c", False),
        ("build/", True),
        ("src/build/keep.c", False),
        ("web/a.tmp", True),
        ("web/x/node_modules/", True),
    ]
