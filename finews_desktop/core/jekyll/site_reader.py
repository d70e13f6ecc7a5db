"""A site's settings as the post reader applies them: made once per site, asked once per post.

`SiteReader` is the `SiteRules` that `post.parse_post` takes in place of a bare
permalink: the zone and build time, which files Jekyll reads (collections_dir,
exclude/include), each post's front matter defaults, the URL template and
`markdown_ext`, `unpublished`, whether a post is dated after the build
(`future`, `time`) and `show_drafts`. A draft is read whatever `show_drafts`
says (an archive keeps its drafts; parse_post marks it not built without it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, tzinfo
from typing import Any

from finews_desktop.core.jekyll.post import SiteRules
from finews_desktop.core.jekyll.site_config import SiteSettings
from finews_desktop.core.jekyll.site_defaults import post_defaults, site_listing
from finews_desktop.core.jekyll.site_entries import jekyll_reads
from finews_desktop.core.jekyll.site_publish import is_future


class SiteReader(SiteRules):
    """`settings` of one site; `files` are its paths from its root when known (a defaults glob
    and an `include` of a folder are matched against them; without them, each post's own path)."""

    def __init__(self, settings: SiteSettings, files: Iterable[str] | None = None) -> None:
        self.settings = settings
        self.tz: tzinfo = settings.tz
        self.url_template = settings.posts_permalink
        self.unpublished = settings.unpublished
        self.show_drafts = settings.show_drafts
        self.markdown_exts = settings.markdown_exts
        self.files = None if files is None else frozenset(files)
        self.listing = None if self.files is None else site_listing(self.files)
        self.directories = None if self.files is None else _folders(self.files)

    def __reduce__(self) -> tuple[Any, ...]:
        return (SiteReader, (self.settings, self.files))

    def build_time(self, now: datetime) -> datetime:
        return self.settings.build_time(now)

    def relative_path(self, site_path: str) -> str | None:
        return jekyll_reads(self.settings, site_path, self.directories, drafts=True)

    def post_defaults(self, relative_path: str, site_path: str) -> Mapping[str, Any]:
        return post_defaults(self.settings, relative_path, site_path, self.listing)

    def is_future(self, date: datetime, now: datetime) -> bool:
        """Jekyll leaves the post out as dated after the build (the site does not set `future: true`)."""
        return is_future(self.settings, date, now)


def _folders(files: frozenset[str]) -> frozenset[str]:
    out: set[str] = set()
    for path in files:
        parts = path.split("/")[:-1]
        out.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return frozenset(out)
