"""The read state and notes commands of `finews`: read, unread, note, notes (core only, no Qt)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from finews_desktop.cli.output import json_text, shown
from finews_desktop.core.curation.reading import Reader
from finews_desktop.core.errors import KnownError
from finews_desktop.core.exporting.notes import FORMATS, notes_table
from finews_desktop.core.store.library import Library


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"write a day as 2022-05-01, not {text!r}") from None


def cmd_mark(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    """`finews read|unread QUERY…`: every post the query finds (all posts when it is empty)."""
    query = " ".join(args.query)
    changes = Reader(lib).mark_query(query, args.read, older_than=args.older_than)
    if args.json:
        out.write(json_text({"changed": len(changes.post_ids), "posts": list(changes.post_ids)}) + "\n")
    else:
        state = "read" if args.read else "unread"
        out.write(f"{len(changes.post_ids)} posts marked {state}.\n")
    return 0


def cmd_note(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    """`finews note ID` prints the note; `finews note ID TEXT` sets it ('' removes it, '-' reads stdin)."""
    reader = Reader(lib)
    if args.text is None:
        note = reader.note(args.id)
        if note:
            out.write(shown(note, multiline=True) + ("" if note.endswith("\n") else "\n"))
        return 0
    if lib.readonly:
        raise KnownError("The library is open read-only; a note cannot be written.")
    text = sys.stdin.read() if args.text == "-" else args.text
    changes = reader.set_note(args.id, text)
    if not changes:
        out.write("The note is unchanged.\n")
    else:
        out.write("Note saved.\n" if text.strip() else "Note removed.\n")
    return 0


def cmd_notes(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    """`finews notes`: every note as a CSV table or a Markdown file, to stdout or -o FILE."""
    rows = Reader(lib).noted_posts()
    text = notes_table(rows, args.format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        out.write(f"{len(rows)} notes written to {shown(args.output)}.\n")
    else:
        out.write(text)
    return 0


def add_reading_commands(sub: Any) -> None:
    for name, read in (("read", True), ("unread", False)):
        p = sub.add_parser(name, help=f"mark the posts a search finds {name} (all posts without a query)")
        p.add_argument(
            "query", nargs="*", metavar="QUERY", help="e.g. tag:东财滚动新闻 (put -- before a query starting with -)"
        )
        p.add_argument("--older-than", type=_day, metavar="DAY", help="only posts dated before this day (2022-05-01)")
        p.add_argument("--json", action="store_true", help="the posts changed, as JSON")
        p.set_defaults(func=cmd_mark, writes=True, read=read)
    p = sub.add_parser("note", help="print a post's private note, or set it (- reads it from stdin, '' removes it)")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("text", nargs="?", metavar="TEXT")
    p.set_defaults(func=cmd_note, writes="prefer")
    p = sub.add_parser("notes", help="every note as a table (CSV) or a Markdown file")
    p.add_argument("--format", choices=FORMATS, default="csv")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the terminal")
    p.set_defaults(func=cmd_notes, writes=False)
