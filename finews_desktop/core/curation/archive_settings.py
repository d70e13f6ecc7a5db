"""An archive's settings (its zone, its `_config.yml`) changed as an undoable step.

Jekyll reads every post of a site by the site's `_config.yml` and zone, so
changing them changes the posts' dates, URLs, build decisions and default
names: the step sets them and reads the archive's posts again from their bytes
(core/store/rederive.py), without a re-import. Its undo is the same step with
the settings swapped, which reads the posts again by the old ones.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from finews_desktop.core.errors import KnownError
from finews_desktop.core.jekyll.archive_rules import archive_settings
from finews_desktop.core.store.curation_rows import CurationWrites

# what a re-read can change, in Changes.fields' words (the views refresh these)
FIELDS = frozenset({"archive_settings", "date", "url", "title", "builds", "tags", "categories"})


@dataclass(frozen=True)
class ArchiveSetting:
    """The settings an archive's posts are read by."""

    timezone: str  # the zone for a site that sets none (and the one dates are shown in)
    config: bytes | None  # the site's _config.yml as the library keeps it


@dataclass(frozen=True)
class ChangeArchiveSettings:
    """An archive moved from `before` to `after`; `changed` are the posts whose rows the re-read changed."""

    archive_id: int
    before: ArchiveSetting
    after: ArchiveSetting
    changed: tuple[int, ...] = ()

    @property
    def post_ids(self) -> Sequence[int]:
        return self.changed

    @property
    def fields(self) -> frozenset[str]:
        return FIELDS

    def apply(self, rows: CurationWrites) -> ChangeArchiveSettings:
        ids = rows.set_archive_settings(self.archive_id, self.after.timezone, self.after.config, int(time.time()))
        return replace(self, changed=tuple(ids))

    def undo(self, rows: CurationWrites) -> ChangeArchiveSettings:
        return ChangeArchiveSettings(self.archive_id, before=self.after, after=self.before).apply(rows)


def checked_setting(timezone: str, config: bytes | None) -> ArchiveSetting:
    """The settings asked for, refused (KnownError) when Jekyll could not build with them."""
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise KnownError(f"{timezone!r} is not a timezone this computer knows (for example Asia/Shanghai).") from exc
    if config is not None:
        settings = archive_settings(config, timezone, datetime.now(UTC))
        if settings.fatal is not None:
            raise KnownError(f"Jekyll could not build with these settings: {settings.fatal}")
    return ArchiveSetting(timezone, config or None)
