"""The zone a `timezone:` name gives a Jekyll build on Linux.

Jekyll does nothing with the name but `ENV["TZ"] = name`, so Ruby's clock
follows the C library: a zone file of that name if there is one (a leading
':' dropped), else the name read as a POSIX TZ string (`CST-8` is +08:00,
`UTC+8` is -08:00), and when neither works UTC. So an unknown name such as
`Asia/Beijing` (seen in a real site) silently builds in UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import tz as dateutil_tz

_NAME = r"(?:<[A-Za-z0-9+-]{3,}>|[A-Za-z]{3,})"
_OFFSET = r"[+-]?\d{1,2}(?::\d{1,2}(?::\d{1,2})?)?"
_POSIX_RE = re.compile(rf"^({_NAME})({_OFFSET})(?:({_NAME})({_OFFSET})?(,.*)?)?$")
# glibc's rule when a POSIX string names a summer zone but no dates (its posixrules: the US rules).
_DEFAULT_DST_RULE = ",M3.2.0,M11.1.0"


def _offset(text: str) -> timedelta:
    """A POSIX offset: hours west of Greenwich, so `-8` is eight hours east."""
    sign = -1 if text.startswith("+") or text[:1].isdigit() else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")]
    hours, minutes, seconds = [*parts, 0, 0][:3]
    return sign * timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _posix_zone(text: str) -> tzinfo | None:
    m = _POSIX_RE.match(text)
    if m is None:
        return None
    std_offset = _offset(m.group(2))
    if abs(std_offset) >= timedelta(hours=24):
        return None
    if m.group(3) is None:
        return timezone(std_offset, m.group(1).strip("<>"))
    try:
        return dateutil_tz.tzstr(text if m.group(5) else text + _DEFAULT_DST_RULE, posix_offset=True)
    except ValueError:
        return None


def _zone_file(name: str) -> tzinfo | None:
    if not name or name.startswith("/") or ".." in name.split("/"):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


@lru_cache(maxsize=64)
def ruby_zone(name: str) -> tzinfo:
    """The zone Ruby's Time uses with `TZ=name` (never raises: the C library falls back to UTC)."""
    if name.startswith(":"):
        name = name[1:]
    return _zone_file(name) or _posix_zone(name) or UTC


def is_known_zone(name: str) -> bool:
    """Whether `name` means a zone of its own, rather than the C library's silent UTC."""
    stripped = name[1:] if name.startswith(":") else name
    return _zone_file(stripped) is not None or _posix_zone(stripped) is not None
