"""What the command line writes: text a terminal shows and never acts on, and JSON that stays exact."""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

# What a terminal acts on rather than shows: C0 controls (ESC begins every escape sequence; BEL,
# CR, backspace), DEL, C1 controls (\x9b is a one-byte CSI to some terminals), the line and
# paragraph separators, and the bidi embeddings, overrides and isolates that reorder a line.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_TEXT_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The same outside C0, which JSON escapes itself: left raw by ensure_ascii=False
_JSON_RAW_RE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    return _SHORT_ESCAPES.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def shown(value: object, *, multiline: bool = False) -> str:
    """value as text for a terminal, each control character written as an escape (\\x1b, \\x9b,
    \\u202e): a post's title, tags or file name must not move the cursor, retitle the window or
    hide a line. `multiline` keeps line ends and tabs (a post's text), \\r\\n read as a line end.
    Human-readable output only: --json writes the values exactly."""
    text = value if isinstance(value, str) else str(value)
    if multiline:
        return _TEXT_CONTROL_RE.sub(_escape, text.replace("\r\n", "\n"))
    return _CONTROL_RE.sub(_escape, text)


def _json_safe(text: str) -> str:
    """JSON text with the controls JSON leaves raw (C1, DEL, separators, bidi: only ever inside
    strings) as \\u escapes too: the values parse back exactly, and a terminal never acts on them."""
    return _JSON_RAW_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _JSON_RAW_RE.search(text) else text


def json_text(data: Any) -> str:
    """data as one line of JSON, UTF-8 text rather than \\u escapes, its controls escaped."""
    return _json_safe(json.dumps(data, ensure_ascii=False))


def print_json(data: Any, out: TextIO) -> None:
    pieces: list[str] = []
    size = 0
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):  # streamed, as json.dump
        pieces.append(piece)
        size += len(piece)
        if size > 65536:
            out.write(_json_safe("".join(pieces)))
            pieces, size = [], 0
    out.write(_json_safe("".join(pieces)) + "\n")
