"""`finews watch add|list|remove PATH`, `finews watch search NAME` and `finews sync` (core/watching/, no Qt).

`finews sync` imports every watched folder once, for a cron job: the same import as
`finews import`, with the watch queries' rules run on its batches.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, TextIO

from finews_desktop.cli.output import json_text, shown
from finews_desktop.core.store import watches
from finews_desktop.core.store.library import Library
from finews_desktop.core.watching import queries, sync


def _when(seconds: int | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(seconds)) if seconds else "never"


def cmd_watch(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    action = args.action
    if action == "add":
        path, new = sync.add(lib, args.path)
        out.write(f"Watching {shown(path)}.\n" if new else f"{shown(path)} was watched already.\n")
        return 0
    if action == "remove":
        out.write(f"No longer watching {shown(sync.remove(lib, args.path))} (its posts stay in the library).\n")
        return 0
    if action == "search":
        return _watch_search(lib, args, out)
    folders = sync.folders(lib)
    if args.json:
        out.write(json_text([_folder_json(w) for w in folders]) + "\n")
        return 0
    for w in folders:
        c = w.last_counts or {}
        last = f"last import {_when(w.last_finished or w.last_started)}"
        if w.last_counts is not None:
            last += f": {c.get('imported', 0)} imported, {c.get('updated', 0)} updated"
        gone = f", {w.removed} post files gone (posts kept)" if w.removed else ""
        out.write(f"{shown(w.path)}  ({last}{gone})\n")
    for q in watches.watch_queries(lib.db):
        if q.watch or q.has_rules:
            rules = ", ".join(
                r
                for r in (
                    f"tag {q.add_tag}" if q.add_tag else "",
                    f"collection {q.add_collection}" if q.add_collection else "",
                )
                if r
            )
            flag = f"{q.new} new" if q.watch else "not watched"
            out.write(f"search {shown(q.name)}: {flag}" + (f"; rules: {shown(rules)}" if rules else "") + "\n")
    if not folders:
        out.write("No folder is watched; 'finews watch add PATH' watches one.\n")
    return 0


def _folder_json(w: watches.WatchedFolder) -> dict[str, Any]:
    return {
        "path": w.path,
        "added_at": w.added_at,
        "last_import": None
        if w.last_started is None
        else {
            "started_at": w.last_started,
            "finished_at": w.last_finished,
            "status": w.last_status,
            "counts": w.last_counts,
        },
        "removed_files": w.removed,
    }


def _watch_search(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    queries.set_watch(lib, args.name, watch=not args.off, add_tag=args.tag, add_collection=args.collection)
    out.write(f"Saved search {shown(args.name)} is {'not ' if args.off else ''}watched.\n")
    if args.apply:
        outcome = queries.apply_to_existing(lib, args.name)
        out.write(f"Rules applied: {outcome.tagged} posts tagged, {outcome.collected} added to the collection.\n")
    return 0


def cmd_sync(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    done = sync.sync(lib)
    if args.json:
        data = [
            {
                "path": d.folder,
                "problem": d.problem or None,
                "removed_files": d.removed,
                "report": d.report.to_json() if d.report else None,
            }
            for d in done
        ]
        out.write(json_text(data) + "\n")
    for d in [] if args.json else done:
        if d.report is None:
            print(f"finews: {shown(d.problem or d.folder)}", file=sys.stderr)
            continue
        c = d.report.counts()
        out.write(f"{shown(d.folder)}: {c['imported']} imported, {c['updated']} updated, {c['unchanged']} unchanged")
        out.write(f", {d.removed} post files gone (posts kept)\n" if d.removed else "\n")
        for line, n in d.report.rules.items():
            kind, search, value = queries.read_rule_line(line)
            out.write(f"  search {shown(search)}: {n} posts added to {kind} {shown(value)}\n")
    if not done and not args.json:
        out.write("No folder is watched; 'finews watch add PATH' watches one.\n")
    return 1 if any(d.report is None for d in done) else 0


def add_watch_commands(sub: Any) -> None:
    """Add `watch` and `sync` to the `finews` subcommands."""
    p = sub.add_parser("watch", help="folders imported as they change, and watched saved searches")
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    actions.required = True
    for name, text in (("add", "watch a folder (a Jekyll site)"), ("remove", "stop watching a folder")):
        a = actions.add_parser(name, help=text)
        a.add_argument("path", metavar="PATH")
    a = actions.add_parser("list", help="the watched folders with their last import, and the watched searches")
    a.add_argument("--json", action="store_true")
    a = actions.add_parser("search", help="watch a saved search (a badge of its new posts) and give it rules")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--off", action="store_true", help="stop watching it")
    a.add_argument("--tag", metavar="TAG", help="tag the posts each import brings that it matches")
    a.add_argument("--collection", metavar="NAME", help="add them to this collection")
    a.add_argument("--apply", action="store_true", help="apply the rules to the posts it matches now, too")
    p.set_defaults(func=cmd_watch, writes=True, json=False)
    s = sub.add_parser("sync", help="import every watched folder once (for a cron job)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_sync, writes=True)
