"""Validation of candidate names taken from the URL path.

The WSGI server and Werkzeug have already percent-decoded the path exactly once; the name is
never decoded again, so "%2525" in a URL stays "%25" in the table.
"""

from __future__ import annotations

import unicodedata

MAX_NAME_LENGTH = 256


class InvalidName(ValueError):
    """The name cannot be stored; the message says why."""


def validate_name(name: str) -> str:
    if not name.strip():
        raise InvalidName("name must not be empty or only whitespace")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidName(f"name is {len(name)} characters long; the limit is {MAX_NAME_LENGTH}")
    if "\ufffd" in name:
        raise InvalidName("name is not valid UTF-8 once percent-decoded")
    for char in name:
        # Cc: control characters. Cf: invisible format characters (U+202E right-to-left override,
        # U+200B zero width space, U+200D zero width joiner...), which make one name look like another.
        if unicodedata.category(char) in ("Cc", "Cf"):
            raise InvalidName(
                f"name must not contain control characters or invisible format characters (found U+{ord(char):04X})"
            )
    return name
