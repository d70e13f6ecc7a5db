"""`finews archive`: the archives a library holds and the site settings their posts are read by (core only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from finews_desktop.cli.output import json_text, shown
from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.errors import KnownError
from finews_desktop.core.jekyll.archive_rules import archive_settings
from finews_desktop.core.store.archive_rows import ArchiveInfo
from finews_desktop.core.store.library import Library


def _find(lib: Library, which: str) -> ArchiveInfo:
    """An archive by id, name or root."""
    archives = lib.archive_list()
    found = [a for a in archives if which in (str(a.id), a.name, a.root)]
    if len(found) != 1:
        names = ", ".join(f"{a.id} ({a.name})" for a in archives) or "none"
        what = f"No archive is called {which!r}" if not found else f"{which!r} names several archives"
        raise KnownError(f"{what}; the archives: {names}. Name one by its id.")
    return found[0]


def _record(archive: ArchiveInfo) -> dict[str, Any]:
    settings = archive_settings(archive.config, archive.timezone)
    return {
        "id": archive.id,
        "name": archive.name,
        "root": archive.root,
        "posts": archive.posts,
        "timezone": archive.timezone,
        "site_sets_timezone": settings.timezone is not None,
        "applied": list(settings.applied),
        "fatal": settings.fatal,
    }


def cmd_archive(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    if args.action == "list":
        records = [_record(a) for a in lib.archive_list()]
        if args.json:
            out.write(json_text(records) + "\n")
            return 0
        for r in records:
            applied = ", ".join(r["applied"]) or "Jekyll's defaults"
            zone = r["timezone"] + ("" if r["site_sets_timezone"] else " (the site sets none)")
            out.write(f"{r['id']}\t{shown(r['name'])}\t{r['posts']} posts\t{zone}\t{shown(applied)}\n")
        return 0
    archive = _find(lib, args.archive)
    if args.action == "config":
        out.write((archive.config or b"").decode("utf-8", "replace"))
        return 0
    config = archive.config
    if args.config is not None:
        config = sys.stdin.buffer.read() if args.config == "-" else Path(args.config).read_bytes()
    changes = Curator(lib).set_archive_settings(archive.id, args.timezone or archive.timezone, config)
    if args.json:
        out.write(json_text({"changed": len(changes.post_ids), "posts": list(changes.post_ids)}) + "\n")
    else:
        out.write(f"{shown(archive.name)}: settings changed; {len(changes.post_ids)} posts read again.\n")
    return 0


def add_archive_commands(sub: Any) -> None:
    """`finews archive list|config|set`."""
    p = sub.add_parser("archive", help="the archives (imported sites) and the site settings their posts are read by")
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    actions.required = True
    a = actions.add_parser("list", help="each archive: posts, zone and the _config.yml settings applied")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_archive, writes=False)
    a = actions.add_parser("config", help="print the _config.yml the library keeps for an archive")
    a.add_argument("archive", metavar="ARCHIVE", help="its id, name or folder")
    a.set_defaults(func=cmd_archive, writes=False)
    a = actions.add_parser(
        "set", help="change an archive's zone or _config.yml; its posts are read again (no re-import)"
    )
    a.add_argument("archive", metavar="ARCHIVE", help="its id, name or folder")
    a.add_argument("--timezone", metavar="ZONE", help="the zone for a site that sets no timezone: (e.g. Asia/Shanghai)")
    a.add_argument("--config", metavar="FILE", help="a _config.yml to read its posts by ('-': standard input)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_archive, writes=True)
