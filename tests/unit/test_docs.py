"""The reference docs are generated from the code; they must be current."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_api_reference_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("gen_api_docs", ROOT / "scripts" / "gen_api_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (ROOT / "docs" / "api.md").read_text()
    assert current == module.render(), "docs/api.md is stale: run .venv/bin/python scripts/gen_api_docs.py"


def test_readme_commands_exist() -> None:
    readme = (ROOT / "README.md").read_text()
    for script in ("scripts/quickstart.sh", "scripts/test.sh"):
        assert f"bash {script}" in readme and (ROOT / script).is_file()
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text()


def test_cli_page_covers_every_command() -> None:
    from swiftfiles.cli.app import COMMANDS

    page = (ROOT / "docs" / "cli.md").read_text()
    for name in COMMANDS:
        assert f"| `{name}" in page, f"docs/cli.md has no table row for `{name}`"
        assert f"swiftfiles {name}" in page, f"docs/cli.md has no example of `swiftfiles {name}`"
