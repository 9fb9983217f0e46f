"""The drop-in's rule for metadata keys with '_': sent with '-', one warning per key."""

from __future__ import annotations

import warnings

import pytest

from swiftfiles import MetadataError
from swiftfiles.pyrax.metadata import PyraxMetadataWarning, dashed, dashed_key, dashed_kwargs


def test_underscores_become_dashes_with_one_warning_per_key() -> None:
    warned: set[str] = set()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = dashed({"Famous_Family": "Simpsons", "X-Container-Meta-City": "Springfield"}, warned)
        again = dashed({"Famous_Family": "Flanders", "other_key": "1"}, warned)
        key = dashed_key("Famous_Family", warned)
    assert first == {"Famous-Family": "Simpsons", "X-Container-Meta-City": "Springfield"}
    assert again == {"Famous-Family": "Flanders", "other-key": "1"}
    assert key == "Famous-Family"
    messages = [str(w.message) for w in caught if issubclass(w.category, PyraxMetadataWarning)]
    assert len(messages) == 2
    assert "'Famous_Family'" in messages[0] and "'Famous-Family'" in messages[0]
    assert "'other_key'" in messages[1]
    assert warned == {"Famous_Family", "other_key"}


def test_keys_without_underscores_pass_silently() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert dashed({"City": "x"}, set()) == {"City": "x"}
        assert dashed(None, set()) is None


def test_two_keys_that_would_merge_are_refused() -> None:
    with pytest.warns(PyraxMetadataWarning), pytest.raises(MetadataError, match="same key"):
        dashed({"a-b": "1", "a_b": "2"}, set())


def test_upload_keyword_arguments() -> None:
    kwargs = {"metadata": {"my_key": "v"}, "headers": {"X-Object-Meta-Some_Thing": "w"}, "ttl": 5}
    with pytest.warns(PyraxMetadataWarning):
        out = dashed_kwargs(kwargs, set())
    assert out == {"metadata": {"my-key": "v"}, "headers": {"X-Object-Meta-Some-Thing": "w"}, "ttl": 5}
