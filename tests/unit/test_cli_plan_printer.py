"""A dry run's plan is printed as it is made; the --json output stays one valid document in every case."""

import io
import json

import pytest

from swiftfiles.cli.output import Output
from swiftfiles.cli.tree import PlanPrinter

ITEMS = [
    {"kind": "upload", "name": "a.txt", "reason": "missing", "bytes": 5},
    {"kind": "delete_remote", "name": "old", "reason": "not in source", "bytes": 0},
]


def printed(items: list[dict[str, object]], rest: dict[str, object], *, as_json: bool) -> str:
    out = Output(json=as_json, stream=io.StringIO())
    printer = PlanPrinter(out)
    for item in items:
        printer.add(item)
    printer.finish(rest)
    assert isinstance(out.stream, io.StringIO)
    return out.stream.getvalue()


@pytest.mark.parametrize("items", [ITEMS, ITEMS[:1], []])
def test_json_document_with_the_plan_and_the_rest(items) -> None:
    doc = json.loads(printed(items, {"dry_run": True, "transferred": 1, "errors": []}, as_json=True))
    assert doc == {"plan": items, "dry_run": True, "transferred": 1, "errors": []}


def test_a_run_stopped_half_way_still_closes_the_document() -> None:
    doc = json.loads(printed(ITEMS[:1], {"dry_run": True, "errors": ["swiftfiles: error: boom"]}, as_json=True))
    assert doc["plan"] == ITEMS[:1] and doc["errors"] == ["swiftfiles: error: boom"]


def test_text_prints_one_line_per_action_and_nothing_at_finish() -> None:
    text = printed(ITEMS, {"dry_run": True}, as_json=False)
    assert text.splitlines() == ["upload        a.txt  (missing)", "delete_remote old  (not in source)"]
