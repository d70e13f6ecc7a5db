"""Whether Jekyll 4.3 builds a post it has read, under the site's `future` and `unpublished`.

Mirrors `publisher.rb`: a post is built when its `published` (front matter,
or a default) is missing or truthy, or the site sets `unpublished: true`;
and, unless the site sets `future: true`, when its date is not after the
build time, compared in whole seconds (`to_i`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from finews_desktop.core.jekyll.site_config import SiteSettings


def is_future(settings: SiteSettings, date: datetime, now: datetime) -> bool:
    """Publisher#hidden_in_the_future?: `now` is the clock; the site's `time:` wins over it."""
    if settings.future:
        return False
    return math.floor(date.timestamp()) > math.floor(settings.build_time(now).timestamp())


def is_unpublished(settings: SiteSettings, data: Mapping[str, Any]) -> bool:
    """Publisher#can_be_published? negated: `data` is the post's data (defaults merged in)."""
    published = data.get("published", True)
    return (published is None or published is False) and not settings.unpublished


def skip_reason(settings: SiteSettings, data: Mapping[str, Any], date: datetime, now: datetime) -> str | None:
    """'unpublished', 'future', or None when Jekyll builds the post."""
    if is_unpublished(settings, data):
        return "unpublished"
    if is_future(settings, date, now):
        return "future"
    return None
