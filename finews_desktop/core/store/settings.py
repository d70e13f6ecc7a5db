"""The library's own settings (the `meta` table), and the timezone a library falls back to."""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from finews_desktop.core.store.models import Meta


def get_setting(key: str, default: str | None = None) -> str | None:
    row = Meta.get_or_none(Meta.key == key)
    return row.value if row else default


def set_setting(key: str, value: str) -> None:
    Meta.insert(key=key, value=value).on_conflict_replace().execute()


def default_timezone() -> str:
    """The timezone set for the library, else this machine's."""
    return get_setting("timezone") or system_timezone()


def system_timezone() -> str:
    """The IANA name of this machine's timezone, or UTC when it cannot be told."""
    name = os.environ.get("TZ", "").lstrip(":")
    candidates = [name] if name else []
    try:
        link = os.readlink("/etc/localtime")
        if "zoneinfo/" in link:
            candidates.append(link.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    try:
        candidates.append(Path("/etc/timezone").read_text().strip())
    except OSError:
        pass
    for candidate in candidates:
        try:
            ZoneInfo(candidate)
            return candidate
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
    return "UTC"
