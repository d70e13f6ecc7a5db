"""The curation commands of `finews`: tag, category, collection, trash (core only, no Qt)."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from finews_desktop.cli.output import json_text, shown
from finews_desktop.core.curation.curator import Curator
from finews_desktop.core.curation.operations import AddToCollection, RemoveFromCollection
from finews_desktop.core.errors import KnownError
from finews_desktop.core.store.changes import Changes
from finews_desktop.core.store.library import Library


def _posts(lib: Library, args: argparse.Namespace) -> list[int]:
    from finews_desktop.core.exporting.selection import Selection, select_post_ids

    if args.ids is None and args.query is None:
        raise KnownError("Say which posts: --query Q or --ids 1,2,3.")
    ids = None
    if args.ids is not None:
        try:
            ids = [int(p) for p in args.ids.replace(" ", "").split(",") if p]
        except ValueError as exc:
            raise KnownError(f"--ids takes numbers separated by commas, not {args.ids!r}.") from exc
    return sorted(select_post_ids(lib, Selection(ids=ids, query=args.query)) or [])


def _report(out: TextIO, changes: Changes, what: str, as_json: bool) -> int:
    if as_json:
        out.write(json_text({"changed": len(changes.post_ids), "posts": list(changes.post_ids)}) + "\n")
    else:
        out.write(f"{shown(what)}: {len(changes.post_ids)} posts changed.\n")
    return 0


def cmd_names(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    cur = Curator(lib)
    kind = args.kind
    action = args.action
    if action == "list":
        rows = cur.names(kind, filter=args.filter or "", unused=args.unused, used_once=args.used_once)
        if args.json:
            out.write(json_text([{"name": r.name, "display_name": r.display_name, "count": r.count} for r in rows]))
            out.write("\n")
        for r in [] if args.json else rows:
            display = f" ({r.display_name})" if r.display_name and r.display_name != r.name else ""
            out.write(f"{r.count:>7}  {shown(r.name)}{shown(display)}\n")
        return 0
    if action in ("add", "remove", "set"):
        ids = _posts(lib, args)
        names = args.names
        fn = {"add": cur.add, "remove": cur.remove, "set": cur.set}[action]
        return _report(out, fn(kind, ids, names), f"{action.capitalize()} {kind} {', '.join(names)}", args.json)
    if action == "rename":
        old, new = args.old, args.new
        if args.display_name:
            cur.set_display_name(old, new)
            out.write(f"Category {shown(old)} is now shown as {shown(new)}.\n")
            return 0
        return _report(out, cur.rename(kind, old, new), f"Renamed {kind} {old} to {new}", args.json)
    if action == "merge":
        return _report(out, cur.merge(kind, args.sources, args.into), f"Merged into {args.into}", args.json)
    if action == "delete":
        return _report(out, cur.delete(kind, args.names), f"Deleted {kind} {', '.join(args.names)}", args.json)
    if action == "create":
        cur.create(kind, args.name)
        out.write(f"Created {kind} {shown(args.name)}.\n")
        return 0
    raise AssertionError(action)


def _members(changes: Changes) -> int:
    """How many posts a collection step added or removed."""
    return sum(len(op.members) for op in changes.ops if isinstance(op, (AddToCollection, RemoveFromCollection)))


def cmd_collection(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    cur = Curator(lib)
    if args.action == "list":
        if args.name:
            ids = cur.collection_post_ids(args.name)
            if args.json:
                out.write(json_text(ids) + "\n")
            for pid in [] if args.json else ids:
                out.write(f"{pid}\n")
            return 0
        rows = cur.collections()
        if args.json:
            out.write(json_text([{"name": r.name, "count": r.count} for r in rows]) + "\n")
        for r in [] if args.json else rows:
            out.write(f"{r.count:>7}  {shown(r.name)}\n")
        return 0
    if args.action == "create":
        cur.create_collection(args.name)
        out.write(f"Created collection {shown(args.name)}.\n")
    elif args.action == "rename":
        cur.rename_collection(args.name, args.new)
        out.write(f"Renamed collection {shown(args.name)} to {shown(args.new)}.\n")
    elif args.action == "delete":
        cur.delete_collection(args.name)
        out.write(f"Deleted collection {shown(args.name)} (its posts stay in the library).\n")
    elif args.action == "add":
        changes = cur.add_to_collection(args.name, _posts(lib, args))
        out.write(f"Added {_members(changes)} posts to {shown(args.name)}.\n")
    elif args.action == "remove":
        changes = cur.remove_from_collection(args.name, _posts(lib, args))
        out.write(f"Removed {_members(changes)} posts from {shown(args.name)}.\n")
    return 0


def cmd_trash(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    cur = Curator(lib)
    if args.action == "list":
        ids = cur.trashed_ids()
        records = lib.post_records(ids)
        if args.json:
            out.write(json_text(records) + "\n")
        for r in [] if args.json else records:
            out.write(f"{r['id']:>7}  {(r['date'] or '')[:16]:<16}  {shown(r['title_text'] or r['path'])}\n")
        return 0
    if args.action == "add":
        changes = cur.trash(_posts(lib, args))
        out.write(f"Moved {len(changes.post_ids)} posts to the trash.\n")
        return 0
    if args.action == "restore":
        ids = None if args.ids is None and args.query is None else _trashed(lib, args)
        changes = cur.restore(ids)
        out.write(f"Restored {len(changes.post_ids)} posts.\n")
        return 0
    if args.action == "empty":
        count = len(cur.trashed_ids())
        if count and not args.yes:
            raise KnownError(f"Emptying the trash deletes {count} posts for good; confirm with --yes.")
        changes = cur.empty_trash()
        out.write(f"Deleted {len(changes.post_ids)} posts for good; re-importing them needs --restore-deleted.\n")
        return 0
    raise AssertionError(args.action)


def _trashed(lib: Library, args: argparse.Namespace) -> list[int]:
    if args.ids is not None:
        return [int(p) for p in args.ids.replace(" ", "").split(",") if p]
    from finews_desktop.core.search.engine import search

    # the query searched as given, so that a problem in it is at the character the user sees
    trashed = set(Curator(lib).trashed_ids())
    return [pid for pid in search(lib, args.query, include_trashed=True).ids if pid in trashed]


def _which(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument("--query", metavar="Q", help="the posts a search finds")
    p.add_argument("--ids", metavar="1,2,3", help="post ids")


def add_commands(sub: Any) -> None:
    """Add tag, category, collection and trash to the `finews` subcommands."""
    for kind, plural in (("tag", "tags"), ("category", "categories")):
        _add_names_command(sub, kind, plural)
    _add_collection_command(sub)
    _add_trash_command(sub)


def _actions(sub: Any, command: str, summary: str) -> tuple[argparse.ArgumentParser, Any]:
    """A command whose first word is an action (`finews tag rename …`), and its actions' subparsers."""
    p = sub.add_parser(command, help=summary)
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    actions.required = True
    return p, actions


def _add_names_command(sub: Any, kind: str, plural: str) -> None:
    """`finews tag …` or `finews category …`: the same actions for either kind of name."""
    p, actions = _actions(sub, kind, f"list, add, remove, rename, merge or delete {plural}")
    a = actions.add_parser("list", help=f"every {kind} with its post count")
    a.add_argument("--filter", metavar="TEXT")
    a.add_argument("--unused", action="store_true")
    a.add_argument("--used-once", action="store_true")
    a.add_argument("--json", action="store_true")
    for name, text in (("add", "add to"), ("remove", "remove from"), ("set", "set as the only ones of")):
        a = actions.add_parser(name, help=f"{text} posts")
        a.add_argument("names", nargs="+", metavar=kind.upper())
        _which(a)
        a.add_argument("--json", action="store_true")
    a = actions.add_parser("rename", help=f"rename a {kind} on every post")
    a.add_argument("old", metavar="OLD")
    a.add_argument("new", metavar="NEW")
    if kind == "category":
        a.add_argument("--display-name", action="store_true", help="change only the name shown (not the posts)")
    else:
        a.set_defaults(display_name=False)
    a.add_argument("--json", action="store_true")
    a = actions.add_parser("merge", help=f"replace several {plural} by one on every post")
    a.add_argument("sources", nargs="+", metavar=kind.upper())
    a.add_argument("--into", required=True, metavar=kind.upper())
    a.add_argument("--json", action="store_true")
    a = actions.add_parser("delete", help=f"remove {plural} from every post and the library")
    a.add_argument("names", nargs="+", metavar=kind.upper())
    a.add_argument("--json", action="store_true")
    a = actions.add_parser("create", help=f"a new {kind} with no posts yet")
    a.add_argument("name", metavar=kind.upper())
    p.set_defaults(func=cmd_names, writes=True, kind=kind)


def _add_collection_command(sub: Any) -> None:
    p, actions = _actions(sub, "collection", "curated sets of posts: create, add, remove, list, rename, delete")
    a = actions.add_parser("list", help="the collections, or the ids of one")
    a.add_argument("name", nargs="?", metavar="NAME")
    a.add_argument("--json", action="store_true")
    a = actions.add_parser("create")
    a.add_argument("name", metavar="NAME")
    a = actions.add_parser("rename")
    a.add_argument("name", metavar="NAME")
    a.add_argument("new", metavar="NEW")
    a = actions.add_parser("delete")
    a.add_argument("name", metavar="NAME")
    for name in ("add", "remove"):
        a = actions.add_parser(name)
        a.add_argument("name", metavar="NAME")
        _which(a)
    p.set_defaults(func=cmd_collection, writes=True)


def _add_trash_command(sub: Any) -> None:
    p, actions = _actions(sub, "trash", "posts in the trash: list, add, restore, empty")
    a = actions.add_parser("list")
    a.add_argument("--json", action="store_true")
    a = actions.add_parser("add", help="move posts to the trash")
    _which(a)
    a = actions.add_parser("restore", help="take posts out of the trash (all of them when none are named)")
    _which(a)
    a = actions.add_parser("empty", help="delete the posts in the trash for good")
    a.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=cmd_trash, writes=True)
