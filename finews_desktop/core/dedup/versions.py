"""Which posts are versions of one news item: the same news id, or the same path in its archive once a
`versions/<commit>/` folder is taken out of it (a site's history imported beside its current posts)."""

from __future__ import annotations

import re

_VERSIONS_FOLDER = re.compile(r"(?:^|/)versions/[0-9a-fA-F]{6,40}/")


def version_keys(archive_id: int, path: str, news_id: str | None) -> tuple[str | None, str]:
    """(news id key or None, path key): two posts sharing either are versions of one item."""
    return ("n" + news_id if news_id else None), f"{archive_id}:{_VERSIONS_FOLDER.sub('/', path).lstrip('/')}"
