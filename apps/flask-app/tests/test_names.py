from __future__ import annotations

import re

import pytest

from candidates.names import MAX_NAME_LENGTH, InvalidName, validate_name


@pytest.mark.parametrize(
    "name", ["alice", "Jürgen Müller", "王小明", "🦊", "100%25", "a+b", " padded ", "x" * 256, "שלום", "مرحبا"]
)
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
        ("evil\u202etxt.exe", "invisible format characters (found U+202E)"),
        ("ad\u200bmin", "found U+200B"),
        ("a\u200db", "found U+200D"),
        ("\ufeffalice", "found U+FEFF"),
        ("a\u2066b", "found U+2066"),
        ("soft\u00adhyphen", "found U+00AD"),
        ("tag\U000e0041", "found U+E0041"),
    ],
)
def test_invalid_names_are_rejected_with_the_reason(name, reason):
    with pytest.raises(InvalidName, match=re.escape(reason)):
        validate_name(name)
