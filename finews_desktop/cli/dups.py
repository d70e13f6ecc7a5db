"""`finews dups`: the stories of the library with their copies and versions, and `finews keep-one` (core only)."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from finews_desktop.cli.output import json_text, shown
from finews_desktop.core.dedup.deduplicator import Deduplicator
from finews_desktop.core.dedup.stories import Story, stories, story_of
from finews_desktop.core.errors import KnownError
from finews_desktop.core.store.library import Library


def bring_up_to_date(lib: Library) -> None:
    """Cluster what was imported or changed since (a library opened for writing only)."""
    if lib.readonly:
        return
    dedup = Deduplicator(lib)
    if dedup.pending_count():

        def show(done: int, total: int) -> None:
            if sys.stderr.isatty():
                sys.stderr.write(f"\rFinding copies… {done}/{total}" + ("\n" if done >= total else ""))

        dedup.catch_up(show)


def _story_json(story: Story) -> dict[str, Any]:
    return {
        "cluster": story.cluster,
        "representative": story.representative,
        "posts": [
            {
                "id": m.post_id,
                "title": m.title,
                "date": m.date_text,
                "source": m.source,
                "path": m.path,
                "minutes_after": m.minutes_after,
                "similarity": m.similarity,
                "version": m.version,
            }
            for m in story.members
        ],
    }


def cmd_dups(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    bring_up_to_date(lib)
    if args.pick is not None:
        return _pick(lib, args.pick, out)
    found = stories(lib, " ".join(args.query))
    if args.json:
        out.write(json_text([_story_json(s) for s in found]) + "\n")
        return 0
    for story in found:
        out.write(f"story {story.cluster}: {len(story.members)} posts\n")
        for m in story.members:
            mark = "*" if m.post_id == story.representative else " "
            how = "version" if m.version else (f"{m.similarity:.2f}" if m.similarity is not None else "")
            after = f"+{m.minutes_after} min" if m.minutes_after else ""
            out.write(
                f" {mark}{m.post_id:>7}  {shown(m.date_text or '')}  {after:>10}  {how:>7}  "
                f"{shown(m.source or '')}  {shown(m.title)}\n"
            )
    out.write(f"{len(found)} stories with copies\n")
    return 0


def _pick(lib: Library, post_id: int, out: TextIO) -> int:
    from finews_desktop.core.curation.pick_representative import pick_representative

    if lib.readonly:
        raise KnownError("The library is open read-only: a representative cannot be picked.")
    changes = pick_representative(lib, post_id)
    story = story_of(lib, post_id)
    size = len(story.members) if story else 1
    if changes:
        out.write(f"Post {post_id} now represents its story of {size} posts.\n")
    else:
        out.write(f"Post {post_id} already represents its story of {size} posts.\n")
    return 0


def cmd_keep_one(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    from finews_desktop.core.curation.keep_one import keep_one

    bring_up_to_date(lib)
    changes = keep_one(lib, args.id)
    out.write(f"{shown(changes.label)}: {len(changes.post_ids)} posts moved to the trash.\n")
    return 0


def add_dups_commands(sub: Any) -> None:
    """dups, keep-one."""
    p = sub.add_parser("dups", help="stories published more than once: near-duplicate copies and versions")
    p.add_argument("query", nargs="*", metavar="QUERY", help="only stories with a post matching it")
    p.add_argument("--json", action="store_true")
    p.add_argument("--pick", type=int, metavar="ID", help="make this post its story's representative (undoable)")
    p.set_defaults(func=cmd_dups, writes="prefer")  # clusters what changed since, when it may write

    p = sub.add_parser("keep-one", help="keep this post and move the other copies of its story to the trash")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_keep_one, writes=True)
