"""The documentation site (mkdocs.yml) builds with warnings as errors, and has the pages a user looks for.

``mkdocs build --strict`` fails on a broken link, a missing page or anchor, a nav entry without a file, a page left
out of the nav, and on an API reference entry mkdocstrings cannot resolve, so the docs cannot drift from the code
silently. One build (about 5 s) serves every test of this module.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # Material's banner about MkDocs 2.0: not about our docs
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.stdout}\n{build.stderr}"
    assert "WARNING" not in build.stderr, build.stderr
    yield out


def page_text(site: Path, page: str) -> str:
    """The visible text of a built page's article (tags stripped, entities decoded)."""
    source = (site / page / "index.html").read_text(encoding="utf-8")
    article = source[source.index("<article") : source.index("</article>")]
    return html.unescape(re.sub(r"<[^>]+>", "", article))


def anchors(site: Path, page: str) -> set[str]:
    return set(re.findall(r'id="([^"]+)"', (site / page / "index.html").read_text(encoding="utf-8")))


def test_every_guide_and_existing_page_is_built(site: Path) -> None:
    pages = {
        "getting-started": "swiftfiles-server",
        "guide/transfers": "on_progress",
        "guide/large-objects": "leave_segments",
        "guide/sync": "dry_run",
        "guide/tempurls": "client.get_temp_url_key() or client.set_temp_url_key()",
        "guide/cdn": "make_container_public",
        "guide/authentication": "OS_CLOUD",
        "guide/threads": "ClientClosed",
        "guide/logging": "swiftfiles.http",
        "guide/local-server": "RackspaceEmulator",
        "guide/errors": "SwiftFilesError",
        "cli": "swiftfiles sync",
        "fsspec": "swift://",
        "migration-pyrax": "pyrax",
        "migration-swiftclient": "python-swiftclient",
        "decisions": "async_",
        "architecture": "TransferEngine",
    }
    for page, expected in pages.items():
        assert expected in page_text(site, page), f"{page}: {expected!r} missing"


def test_changelog_page_includes_the_changelog(site: Path) -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    first_entry = next(line for line in changelog.splitlines() if line.startswith("- "))
    words = re.sub(r"[`*\[\]]", "", first_entry[2:]).split()[:4]
    assert " ".join(words) in page_text(site, "changelog")
    assert "Unreleased" in page_text(site, "changelog")


def test_errors_page_draws_the_exception_tree_of_the_code(site: Path) -> None:
    """The guide renders ``swiftfiles.exceptions``' docstring, so the tree a user reads is the one in the code."""
    import swiftfiles.exceptions

    text = page_text(site, "guide/errors")
    assert "SwiftFilesError\n├── ConfigurationError" in text
    drawn = [line.strip() for line in (swiftfiles.exceptions.__doc__ or "").splitlines() if "──" in line]
    assert len(drawn) > 30
    for line in drawn:
        assert line in text, f"tree line missing from the errors page: {line!r}"


def test_storage_client_reference_has_every_public_method_with_signature_and_docstring(site: Path) -> None:
    """Most seed methods are ``_delegate`` class attributes; the reference must show them as methods."""
    import swiftfiles

    ids = anchors(site, "reference/client")
    public = {name for name in dir(swiftfiles.StorageClient) if not name.startswith("_")}
    missing = sorted(name for name in public if f"swiftfiles.StorageClient.{name}" not in ids)
    assert not missing, f"not in the StorageClient reference: {missing}"

    text = page_text(site, "reference/client")
    # delegated to a part: signature and docstring of the part's method
    assert "download_object(" in text and "subscribers: Iterable[Subscriber] = ()" in text
    assert (
        "Write the object into *directory* (created as needed)" in text
        or "Write the object into directory (created as needed)" in text
    )
    assert "set_temp_url_key(" in text and "second: bool = False" in text
    # a second name of a method says so
    assert "Alias of get_account_info" in text


def test_reference_covers_every_public_class(site: Path) -> None:
    import swiftfiles

    pages = [
        "reference/client",
        "reference/resources",
        "reference/transfers",
        "reference/sync",
        "reference/misc",
        "reference/exceptions",
    ]
    ids = set().union(*(anchors(site, page) for page in pages))
    for name in swiftfiles.__all__:
        if name == "__version__":
            continue
        value = getattr(swiftfiles, name)
        if isinstance(value, type) and issubclass(value, BaseException):
            assert f"swiftfiles.exceptions.{name}" in ids, f"exception {name} missing from the reference"
        else:
            assert f"swiftfiles.{name}" in ids, f"{name} missing from the reference"
    others = {
        "reference/fsspec": "swiftfiles.fsspec.SwiftFileSystem",
        "reference/pyrax": "swiftfiles.pyrax.set_credentials",
        "reference/tempurl": "swiftfiles.swift.tempurl.sign_temp_url",
        "reference/devserver": "swiftfiles.devserver.DevServer",
    }
    for page, anchor in others.items():
        assert anchor in anchors(site, page), f"{page}: {anchor} missing"


def test_generated_reference_page_is_in_the_site(site: Path) -> None:
    assert "API reference" in page_text(site, "api")
