"""Whether Jekyll 4.3 builds a post it has read, under the site's `future` and `unpublished`.

Mirrors `publisher.rb`: a post is built when its `published` (front matter,
or a default) is missing or truthy, or the site sets `unpublished: true`;
and, unless the site sets `future: true`, when its date is not after the
build time, compared in whole seconds (`to_i`). Then `limit_posts: N` keeps
only the last N posts in Jekyll's order (date, then path: `site.rb` limit_posts!).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
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


def kept_by_limit(settings: SiteSettings, posts: Iterable[tuple[datetime, str]]) -> set[str]:
    """The relative paths `limit_posts` keeps of the built posts given as (date, relative path): all
    of them when the site sets no limit, else the last N in Jekyll's order (Document#<=>)."""
    ordered = sorted(posts, key=lambda p: (p[0].timestamp(), p[1]))
    limit = settings.limit_posts
    return {path for _, path in (ordered[-limit:] if limit > 0 else ordered)}
