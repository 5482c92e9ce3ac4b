from __future__ import annotations

import pytest

from candidates.names import MAX_NAME_LENGTH, InvalidName, validate_name


@pytest.mark.parametrize("name", ["alice", "Jürgen Müller", "王小明", "🦊", "100%25", "a+b", " padded ", "x" * 256])
def test_valid_names_are_kept_exactly(name):
    assert validate_name(name) == name


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("\t", "empty"),
        ("x" * (MAX_NAME_LENGTH + 1), "257 characters long; the limit is 256"),
        ("a\x00b", "control characters"),
        ("a\x7fb", "control characters"),
        ("caf\ufffd", "not valid UTF-8"),
    ],
)
def test_invalid_names_are_rejected_with_the_reason(name, reason):
    with pytest.raises(InvalidName, match=reason):
        validate_name(name)
