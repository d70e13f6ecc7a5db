"""The archives a library holds (one per imported site) and the settings their posts are read by."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ArchiveInfo:
    """An archive as the window and `finews archive` list it."""

    id: int
    root: str  # the site's folder or zip, as the user imported it
    name: str
    timezone: str  # the zone its dates are in (the site's own, else the one kept for the archive)
    config: bytes | None  # the site's _config.yml as the library keeps it
    posts: int


def settings_of(db: Any, root: str) -> tuple[str, str | None, bytes | None] | None:
    row = db.execute_sql("SELECT timezone, permalink, config FROM archive WHERE root = ?", (root,)).fetchone()
    if row is None:
        return None
    return row[0], row[1], bytes(row[2]) if row[2] is not None else None


def list_archives(db: Any) -> list[ArchiveInfo]:
    rows = db.execute_sql(
        "SELECT a.id, a.root, a.name, a.timezone, a.config, "
        "(SELECT COUNT(*) FROM post p WHERE p.archive_id = a.id) FROM archive a ORDER BY a.name, a.id"
    ).fetchall()
    return [ArchiveInfo(r[0], r[1], r[2], r[3], bytes(r[4]) if r[4] is not None else None, r[5]) for r in rows]
