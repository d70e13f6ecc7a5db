"""File names as the library stores them: valid text for every name, reversible to its bytes.

A name that is not UTF-8 (GBK names copied from a Chinese Windows machine) would
otherwise collide with another on U+FFFD; pure, so the readers and the store use it.
"""

from __future__ import annotations

import os
import re

# --- names that are not UTF-8 -------------------------------------------------------
#
# Python hands over a file name's bytes that are not UTF-8 as lone surrogates
# (U+DC80..U+DCFF), which SQLite and JSON cannot hold. The library stores each
# such byte b as chr(0x10FF00 + b), a character of the last private use plane
# (U+10FF80..U+10FFFF); a real character of U+10FF7F..U+10FFFF in a name gets
# U+10FF7F before it. So every name has one stored form, distinct names stay
# distinct, and the original bytes come back (`original_name`) for the export.
# Names that are valid UTF-8 and free of those characters (all but a few) are
# stored as they are.

_STANDIN_BASE = 0x10FF00
_STANDIN_ESCAPE = "\U0010ff7f"
CODED_CHARS = re.compile("[\U0010ff7f-\U0010ffff]")
_STANDIN_FROM_SURROGATE = {0xDC00 + b: chr(_STANDIN_BASE + b) for b in range(0x80, 0x100)}


def stored_name(name: str) -> str:
    """A file name (as os.fsdecode gives it) as valid text: distinct for distinct names, and reversible."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        if CODED_CHARS.search(name) is None:
            return name
    # bytes as the file system holds them, then bad bytes -> lone surrogates -> stand-ins
    text = os.fsencode(name).decode("utf-8", "surrogateescape")
    text = CODED_CHARS.sub(lambda m: _STANDIN_ESCAPE + m.group(0), text)
    return text.translate(_STANDIN_FROM_SURROGATE)


def is_coded(stored: str) -> bool:
    """Whether a stored name differs from the name it stands for (stand-ins or escapes in it)."""
    return not stored.isascii() and CODED_CHARS.search(stored) is not None


def has_name_bytes(stored: str) -> bool:
    """Whether a stored name stands for bytes that are not UTF-8."""
    return is_coded(stored) and any(isinstance(p, int) for p in _decoded_parts(stored))


def _decoded_parts(stored: str) -> list[str | int]:
    """The stored name as text pieces and the byte values of its stand-ins."""
    parts: list[str | int] = []
    last = 0
    escaped = False
    for m in CODED_CHARS.finditer(stored):
        ch = m.group(0)
        parts.append(stored[last : m.start()])
        last = m.end()
        if escaped:
            parts.append(ch)
            escaped = False
        elif ch == _STANDIN_ESCAPE:
            escaped = True
        else:
            parts.append(ord(ch) - _STANDIN_BASE)
    parts.append(stored[last:])
    return parts


def name_bytes(stored: str) -> bytes:
    """The original bytes of a stored name (UTF-8 for a name that was valid text)."""
    if not is_coded(stored):
        return stored.encode("utf-8")
    return b"".join(p.encode("utf-8") if isinstance(p, str) else bytes([p]) for p in _decoded_parts(stored))


def original_name(stored: str) -> str:
    """A stored name as the file system's text again (os.fsdecode of its original bytes; on POSIX
    systems that take any bytes: Windows and macOS refuse names that are not Unicode)."""
    if not is_coded(stored):
        return stored
    return os.fsdecode(name_bytes(stored))


def shown_name(stored: str) -> str:
    """A stored name for people: U+FFFD in place of each run of bytes that are not UTF-8."""
    if not is_coded(stored):
        return stored
    return name_bytes(stored).decode("utf-8", errors="replace")
