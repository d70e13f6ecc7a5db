"""A post's date as its file writes it, beside the date Jekyll reads, when the two do not agree.

A front matter date with no zone (`date: 2021-12-08 10:53:54`, the common form
of the finews archive) is a YAML timestamp that Psych reads as UTC, so Jekyll's
date is 18:53:54 in a site at +0800: a morning news item shows as an evening
one. The user recognises the post by the time written, so the window shows
both. A quoted date, or one with a zone, reads as written: nothing to add.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from finews_desktop.core.jekyll.post import decode_post_bytes, split_front_matter

_DATE_LINE = re.compile(r"^date[ \t]*:[ \t]*(?P<value>[^\r\n]*?)[ \t]*(?:#[^\r\n]*)?$", re.MULTILINE)
_STAMP = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<h>\d{1,2}):(?P<mi>\d{2}):(?P<s>\d{2})(?:\.\d*)?)?"
    r"(?P<zone>[ \t]*(?:Z|[-+]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5}))?$"
)
_READ = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2}) (?P<time>\d{2}:\d{2}:\d{2})")


@dataclass(frozen=True)
class WrittenDate:
    """The date value of a file's front matter as written (quotes removed), and whether it names a zone."""

    text: str
    day: str  # YYYY-MM-DD
    time: str | None  # HH:MM:SS, None for a day alone
    has_zone: bool


def written_date(raw: bytes) -> WrittenDate | None:
    """The front matter's top-level `date:` as written, or None (no front matter, no date, not a date)."""
    text, _encoding, _valid = decode_post_bytes(raw)
    front, _span, _offset = split_front_matter(text)
    if front is None:
        return None
    line = _DATE_LINE.search(front)
    if line is None:
        return None
    value = line.group("value").strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1].strip()
    m = _STAMP.match(value)
    if m is None:
        return None
    day = f"{int(m['y']):04d}-{int(m['mo']):02d}-{int(m['d']):02d}"
    time = f"{int(m['h']):02d}:{m['mi']}:{m['s']}" if m["h"] is not None else None
    return WrittenDate(value, day, time, bool(m["zone"] and m["zone"].strip()))


def written_beside_read(raw: bytes, read: str | None) -> str | None:
    """The date as written, when it has no zone and Jekyll reads another wall-clock time (`read`, the
    library's "YYYY-MM-DD HH:MM:SS +zzzz"): the time alone when the day is the same, else day and time."""
    if not read:
        return None
    written = written_date(raw)
    shown = _READ.match(read)
    if written is None or written.has_zone or written.time is None or shown is None:
        return None
    if (written.day, written.time) == (shown["day"], shown["time"]):
        return None
    return written.time if written.day == shown["day"] else f"{written.day} {written.time}"
