"""The rules a stored archive's posts are read by: its `_config.yml` kept in the library, and its zone.

The library keeps each archive's `_config.yml` bytes and the zone its dates are
shown in (`archive.timezone`: the site's own `timezone:`, else the zone of the
machine that first imported it, or the one the user set). Every place that reads
a stored post again (an edit, a tag or category rewritten, the archive's settings
changed) asks here, so a post is always read by the same settings the import read
it with. Made once per (zone, permalink, config) and kept: asked once per post.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from finews_desktop.core.jekyll.site_config import SiteSettings, read_site_settings
from finews_desktop.core.jekyll.site_reader import SiteReader


def zone_named(name: str) -> tzinfo:
    """The zone of an archive's `timezone` column (UTC for a name this machine does not know)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC


def archive_settings(config: bytes | None, tz_name: str, now: datetime | None = None) -> SiteSettings:
    """What Jekyll makes of the archive's `_config.yml`, `tz_name` standing for the building machine's zone."""
    return read_site_settings(config, zone_named(tz_name), now or datetime.now(UTC))


@lru_cache(maxsize=64)
def archive_rules(tz_name: str, permalink: str | None, config: bytes | None) -> tuple[tzinfo, Any]:
    """(zone, rules) to read the archive's posts with: `rules` is what `parse_post` takes as its
    `site_permalink`, a SiteReader when the archive has a `_config.yml` Jekyll can build with,
    else the bare `permalink` as before (an archive without a config, or a config Jekyll refuses)."""
    if config:
        settings = archive_settings(config, tz_name)
        if settings.fatal is None:
            return settings.tz, SiteReader(settings)
    return zone_named(tz_name), permalink


def zone_name(tz: tzinfo, fallback: str) -> str:
    """The IANA name to keep for `tz` in `archive.timezone` (`fallback` for a zone without one, e.g. POSIX rules)."""
    if tz is UTC:
        return "UTC"
    key = getattr(tz, "key", None)
    return key if isinstance(key, str) else fallback
