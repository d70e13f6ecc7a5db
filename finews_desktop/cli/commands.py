"""The `finews` command line: the same library code as the GUI, without Qt."""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import peewee

from finews_desktop import __version__
from finews_desktop.cli.archives import add_archive_commands
from finews_desktop.cli.curate import add_commands
from finews_desktop.cli.dups import add_dups_commands
from finews_desktop.cli.output import print_json, shown
from finews_desktop.cli.reading import add_reading_commands
from finews_desktop.cli.tables import add_table_commands
from finews_desktop.cli.watching import add_watch_commands
from finews_desktop.core import recovery
from finews_desktop.core.errors import KnownError
from finews_desktop.core.store.library import Library
from finews_desktop.core.watching.queries import attach as attach_watch_queries

EXIT_USAGE = 2
EXIT_ERROR = 1


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        self.exit(EXIT_USAGE, f"finews: {shown(message)} (see 'finews --help')\n")


def _progress_printer(out: TextIO) -> Callable[[int, int, str], None]:
    interactive = out.isatty()

    def show(done: int, total: int, _path: str) -> None:
        if interactive:
            out.write(f"\rImporting… {done}/{total}")
            if done == total:
                out.write("\n")
            out.flush()

    return show


def cmd_import(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    from finews_desktop.core.importing.importer import Importer

    paths = list(args.paths)
    if args.resume:
        resumed = lib.resumable_inputs()
        if not resumed and not paths:
            out.write("No interrupted import to resume.\n")
            return 0
        paths = resumed + [p for p in paths if p not in resumed]
    elif not paths:
        raise KnownError("Name the files, folders or .zip archives to import (or --resume).")
    else:
        for run in lib.interrupted_imports():
            print(
                f"finews: an import started {_when(run.started_at)} was interrupted; "
                "'finews import --resume' finishes it.",
                file=sys.stderr,
            )
    attach_watch_queries(lib)  # the watch queries' rules run on its batches
    importer = Importer(
        lib,
        args.on_duplicate,
        restore_deleted=args.restore_deleted,
        progress=None if args.json else _progress_printer(sys.stderr),
    )
    try:
        report = importer.run(paths)
    except KeyboardInterrupt:
        importer.cancel()
        print("finews: import interrupted; every post written so far is complete.", file=sys.stderr)
        return 130
    if args.json:
        print_json(report.to_json(), out)
    else:
        c = report.counts()
        out.write(
            f"Imported {c['imported']}, updated {c['updated']}, unchanged {c['unchanged']}, "
            f"skipped {c['skipped']} in {report.seconds:.1f} s "
            f"({c['warnings']} warnings, {c['errors']} errors).\n"
        )
        if report.site_files:
            out.write(f"Kept the site's {report.site_files} other files (layouts, includes, assets, pages).\n")
        _print_sites(report, out)
        for p in report.problems:
            out.write(f"  {p.level}: {shown(p.path)}: {shown(p.message)}\n")
    return EXIT_ERROR if report.errors and not (report.imported or report.updated or report.unchanged) else 0


def _print_sites(report: Any, out: TextIO) -> None:  # an ImportReport
    """Each site's _config.yml settings applied and the zone its dates are in."""
    sources = {
        "site": "the site's timezone",
        "utc": "UTC: Ruby does not know the site's timezone",
        "archive": "the archive's zone; the site sets none",
        "machine": "this computer's zone; the site sets none ('finews archive set' changes it)",
    }
    for site in report.sites:
        applied = ", ".join(site.applied) or "none (Jekyll's defaults)"
        zone = f"{site.timezone} ({sources.get(site.zone_source, site.zone_source)})"
        out.write(f"Site {shown(site.site)}: settings applied: {applied}; dates in {zone}.\n")
    if report.rederived:
        out.write(f"{report.rederived} posts already in the library read again by the site's changed settings.\n")


def _when(timestamp: int) -> str:
    from datetime import datetime

    return datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def cmd_list(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    ids = lib.post_ids(
        order=args.sort, descending=not args.ascending, limit=args.limit, offset=args.offset, include_trashed=args.all
    )
    records = lib.post_records(ids)
    if args.json:
        print_json(records, out)
        return 0
    for r in records:
        flag = "!" if r["warnings"] else " "
        out.write(f"{r['id']:>7} {flag} {r['date'] or '':25} {shown(r['title_text'])}\n")
    return 0


def cmd_show(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    record = lib.post_record(args.id)
    if args.json:
        record["plain_text"] = lib.post_plain_text(args.id)
        print_json(record, out)
        return 0
    for key in (
        "id",
        "title_text",
        "date",
        "categories",
        "tags",
        "slug",
        "url",
        "published",
        "path",
        "archive",
        "source_url",
        "news_id",
    ):
        out.write(f"{key:>11}: {shown(record[key])}\n")
    stocks = ", ".join(f"{s['name'] or ''} {s['market']}.{s['code']}".strip() for s in record["stocks"])
    out.write(f"{'stocks':>11}: {shown(stocks)}\n")
    for w in record["warnings"]:
        out.write(f"{'warning':>11}: {shown(w['message'])}\n")
    out.write("\n" + shown(lib.post_plain_text(args.id), multiline=True) + "\n")
    return 0


def cmd_stats(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    stats = lib.stats()
    if args.json:
        print_json(stats, out)
    else:
        for key, value in stats.items():
            out.write(f"{key.replace('_', ' '):>20}: {shown(value)}\n")
    return 0


def cmd_edit(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    from finews_desktop.core.jekyll.frontmatter import UNCHANGED

    changes = lib.edit_post(
        args.id,
        title=UNCHANGED if args.title is None else args.title,
        date=UNCHANGED if args.date is None else args.date,
        tags=UNCHANGED if args.tags is None else args.tags.split(),
        categories=UNCHANGED if args.categories is None else args.categories.split(),
    )
    if args.json:
        print_json(
            [
                {"id": e.post_id, "fields": sorted(e.fields), "before": e.before, "after": e.after}
                for e in changes.edits
            ],
            out,
        )
    elif not changes:
        out.write(f"Post {args.id} already has these values; nothing changed.\n")
    else:
        for e in changes.edits:
            out.write(f"Edited post {e.post_id}: {', '.join(sorted(e.fields))}.\n")
            if "path" in e.fields:
                out.write(f"  renamed {shown(e.before['path'])} -> {shown(e.after['path'])}\n")
    return 0


def _parse_ids(text: str) -> list[int]:
    try:
        return [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError as exc:
        raise KnownError(f"--ids takes numbers separated by commas, not {text!r}.") from exc


def _export_selection(args: argparse.Namespace) -> Any:
    from finews_desktop.core.exporting.selection import Selection

    return Selection(
        ids=_parse_ids(args.ids) if args.ids is not None else None,
        query=args.query,
        collection=args.collection,
        category=args.category,
        tag=args.tag,
    )


def cmd_export(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    from finews_desktop.core.exporting.exporter import Exporter

    interactive = sys.stderr.isatty() and not args.json

    def show(done: int, total: int, _path: str) -> None:
        sys.stderr.write(f"\rExporting… {done}/{total}" + ("\n" if done == total else ""))
        sys.stderr.flush()

    exporter = Exporter(
        lib,
        args.dest,
        _export_selection(args),
        as_zip=args.zip,
        posts_only=args.posts_only,
        merge=args.merge,
        overwrite=args.overwrite,
        site_files=args.site_files,
        portable_names=args.portable_names,
        note_key=args.note_key,
        progress=show if interactive else None,
    )
    try:
        report = exporter.run()
    except KeyboardInterrupt:
        print("finews: export interrupted; nothing was written.", file=sys.stderr)
        return 130
    if args.json:
        print_json(report.to_json(), out)
    else:
        _print_export_report(report, out)
    return 0


def _print_export_report(report: Any, out: TextIO) -> None:  # an ExportReport
    c = report.counts()
    site = f", {c['site_files']} of them the site's other files" if c["site_files"] else ""
    out.write(
        f"Exported {c['posts']} posts to {shown(report.destination)}: {c['written']} files written{site}, "
        f"{c['unchanged_skipped']} already there, {c['renamed']} renamed, {c['conflicts']} conflicts "
        f"in {report.seconds:.1f} s.\n"
    )
    for r in report.renamed:
        why = f": {shown(r.said.text)}" if r.said else ""
        out.write(f"  renamed ({shown(r.reason)}): {shown(r.original)} -> {shown(r.written)}{why}\n")
    for conflict in report.conflicts:
        out.write(f"  conflict: {shown(conflict.path)}: {shown(conflict.reason)}\n")
    for n in report.not_built:
        first = n.warnings[0]["message"] if n.warnings else n.skip_reason
        out.write(f"  {'aborts the build' if n.aborts_build else 'not built'}: {shown(n.path)}: {shown(first)}\n")
    for left in report.not_exported:
        out.write(f"  not exported: {shown(left.path)}: {shown(left.reason)}\n")
    for note in report.notes:
        out.write(f"  note: {shown(note)}\n")


def cmd_backup(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    from finews_desktop.core.store.backup import backup_library

    path = backup_library(lib.folder, Path(args.dest).expanduser() if args.dest else None)
    out.write(f"Backed up the library to {shown(path)}\n")
    return 0


def cmd_restore(folder: Path, args: argparse.Namespace, out: TextIO) -> int:
    """Put a backup back under the writer's lock, without opening the library (it may be damaged)."""
    from finews_desktop.core.store.backup import check_integrity, restore_library
    from finews_desktop.core.store.db import not_writable_error, refuse_links, unwritable_reason
    from finews_desktop.core.store.locking import process_locks

    backup = Path(args.backup).expanduser()
    problem = check_integrity(backup)
    if problem:
        raise KnownError(f"{backup} cannot be restored: {problem}.")
    if not args.yes:
        if not sys.stdin.isatty():
            raise KnownError("Restoring replaces the whole library; confirm with --yes.")
        answer = input(f"Replace the library at {shown(folder)} with {shown(backup)}? Type 'yes' to confirm: ")
        if answer.strip().lower() != "yes":
            out.write("Nothing was changed.\n")
            return EXIT_ERROR
    refuse_links(folder)
    if reason := unwritable_reason(folder):
        raise not_writable_error(folder, reason)
    process_locks.acquire(folder)
    try:
        safety = restore_library(folder, backup)
    finally:
        process_locks.release(folder)
    out.write(f"Restored {shown(backup)}. The library as it was is kept in {shown(safety)}\n")
    return 0


def _index_progress(label: str) -> Callable[[int, int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\r{label}… {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def cmd_search(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    from finews_desktop.core.errors import QueryError
    from finews_desktop.core.search.engine import index_for, search, snippets
    from finews_desktop.core.store.db import unwritable_reason

    query = " ".join(args.query)
    if args.one_per_story:  # each story once: its representative (core/dedup/)
        query = f"({query}) -is:duplicate"
    index = index_for(lib)
    if index.pending_count() and not (lib.readonly and unwritable_reason(lib.folder)):  # (a read-only medium)
        index.catch_up(_index_progress("Updating the search index"))
    try:
        result = search(
            lib,
            query,
            sort=args.sort,
            descending=not args.ascending,
            limit=args.limit,
            include_trashed=args.all,
            notes=args.notes,
        )
    except QueryError as exc:
        excerpt, column = _query_excerpt(query, exc.position)
        print(f"finews: {shown(exc)}\n  {excerpt}\n  {' ' * column}^", file=sys.stderr)
        return EXIT_ERROR
    ids = list(result.ids)
    marks = snippets(lib, ids, query)
    if args.json:
        records = lib.post_records(ids)
        for r in records:
            r["snippet"] = marks.get(r["id"], "")
        print_json(
            {"query": query, "total": result.total, "elapsed_ms": round(result.elapsed_ms, 3), "posts": records}, out
        )
        return 0
    import html

    bold = {"<mark>": "\x1b[1m", "</mark>": "\x1b[0m"} if out.isatty() else {"<mark>": "", "</mark>": ""}
    for r in lib.post_records(ids):
        out.write(f"{r['id']:>7} {r['date'] or '':25} {shown(r['title_text'])}\n")
        # the text escaped, and only then the marks made bold: the bold is the only sequence written
        pieces = _MARK_RE.split(marks.get(r["id"], ""))
        snippet = "".join(bold[p] if i % 2 else shown(html.unescape(p)) for i, p in enumerate(pieces))
        if snippet:
            out.write(f"{'':8}{snippet}\n")
    part = f"{len(ids)} of " if len(ids) < result.total else ""
    out.write(f"{part}{result.total} posts ({result.elapsed_ms:.1f} ms)\n")
    return 0


_MARK_RE = re.compile(r"(</?mark>)")


def _query_excerpt(query: str, position: int, around: int = 40) -> tuple[str, int]:
    """The query as shown under its error: escaped, cut to `around` characters either side of
    `position` (a pasted query may be a hundred thousand characters long), and the column of
    `position` in it (wide CJK characters take two)."""
    import unicodedata

    start, end = max(0, position - around), min(len(query), position + around)
    before = ("…" if start else "") + shown(query[start:position])
    after = shown(query[position:end]) + ("…" if end < len(query) else "")
    return before + after, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in before)


def cmd_reindex(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    import time

    from finews_desktop.core.search.engine import index_for

    index = index_for(lib)
    started = time.monotonic()
    counted = [0]
    show = _index_progress("Indexing")

    def progress(done: int, total: int) -> None:
        counted[0] = done
        if show:
            show(done, total)

    try:
        index.rebuild(progress)
    except KeyboardInterrupt:
        print("finews: reindex interrupted; the next search or reindex goes on from there.", file=sys.stderr)
        return 130
    seconds = time.monotonic() - started
    rate = counted[0] / seconds if seconds > 0 else 0.0
    out.write(
        f"Indexed {counted[0]} posts in {seconds:.1f} s ({rate:.0f} posts/s); "
        f"the index takes {index.size_bytes() / 1048576:.1f} MB ({shown(index.path)}).\n"
    )
    return 0


def cmd_status(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    """The library (checked whole: PRAGMA quick_check), its newest backup, and what was interrupted
    (a kill, a crash), with how to resume it."""
    from dataclasses import asdict

    from finews_desktop.core.store.backup import damage_report, list_backups
    from finews_desktop.core.store.db import check_library

    if problem := check_library(lib.db):
        return _status_damaged(damage_report(lib.folder, problem, when="use"), args, out)
    items = recovery.interrupted(lib)
    backups = sorted(list_backups(lib.folder), key=lambda b: (b.created, b.path.name))
    reason = getattr(args, "readonly_reason", "")
    if args.json:
        print_json(
            {
                "library": str(lib.folder),
                "readonly": lib.readonly,
                "readonly_reason": reason,
                "damaged": None,
                "newest_backup": str(backups[-1].path) if backups else None,
                "posts": lib.count_posts(),
                "interrupted": [asdict(i) for i in items],
            },
            out,
        )
        return 0
    shared = f" ({shown(reason)}; shown read-only)" if lib.readonly and reason else ""
    out.write(f"Library {shown(lib.folder)}: {lib.count_posts()} posts{shared}; it passes SQLite's quick check.\n")
    if backups:
        out.write(f"Newest backup: {shown(backups[-1].path)} ({_when(int(backups[-1].created))}).\n")
    if not items:
        out.write("Nothing was interrupted.\n")
        return 0
    out.write(f"Interrupted ({len(items)}):\n")
    for item in items:
        out.write(f"  [{item.key}] {_when(item.started_at)}  {shown(item.description)}\n      {shown(item.outcome)}\n")
    if lib.readonly:
        out.write("The other finews-desktop may still be running these.\n")
    out.write("'finews resume --all' (or 'finews resume KEY') runs them again; add --discard to forget them.\n")
    return 0


def _status_damaged(exc: Any, args: argparse.Namespace, out: TextIO) -> int:  # a LibraryDamagedError
    """`finews status` of a damaged library: what is wrong, the newest sound backup, the command that restores it."""
    if args.json:
        print_json(
            {
                "library": str(exc.folder),
                "damaged": {
                    "problem": exc.problem,
                    "newest_good_backup": str(exc.backup) if exc.backup else None,
                    "restore_command": exc.restore_command or None,
                },
                "interrupted": [],
            },
            out,
        )
    else:
        out.write(f"{shown(exc)}\n")
    return EXIT_ERROR


def _resumed(result: Any) -> str:
    """One line about what a resumed operation did."""
    if result is None or result is True:
        return "done"
    if result is False:
        return "stopped before the end (run it again to go on)"
    counts = getattr(result, "counts", None)
    if callable(counts):
        return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts().items() if v) or "nothing to do"
    return f"{len(getattr(result, 'post_ids', ()))} posts changed"


def cmd_resume(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    items = {i.key: i for i in recovery.interrupted(lib)}
    if args.all:
        chosen = list(items.values())
    elif args.keys:
        unknown = [k for k in args.keys if k not in items]
        if unknown:
            raise KnownError(f"There is no interrupted operation {unknown[0]!r} (see 'finews status').")
        chosen = [items[k] for k in dict.fromkeys(args.keys)]
    else:
        raise KnownError("Say what to resume: the keys 'finews status' shows, or --all.")
    if not chosen:
        out.write("Nothing was interrupted.\n")
        return 0
    code = 0
    for item in chosen:
        if args.discard:
            recovery.discard(lib, item)
            out.write(f"Discarded [{item.key}] {shown(item.description)}.\n")
            continue
        try:
            result = recovery.resume(lib, item)
        except KnownError as exc:
            print(f"finews: [{item.key}] {shown(item.description)}: {shown(exc)}", file=sys.stderr)
            code = EXIT_ERROR
            continue
        except KeyboardInterrupt:
            print(f"finews: [{item.key}] interrupted again; 'finews resume' goes on later.", file=sys.stderr)
            return 130
        out.write(f"Resumed [{item.key}] {shown(item.description)}: {_resumed(result)}.\n")
    return code


def _note_interrupted(lib: Library, args: argparse.Namespace) -> None:
    """Tell a writing command's user (on stderr) that earlier operations were interrupted."""
    items = [i for i in recovery.interrupted(lib) if not (i.kind == "import" and args.func is cmd_import)]
    if items:
        print(
            f"finews: {len(items)} earlier operation(s) were interrupted ({shown(items[0].description)}"
            f"{', …' if len(items) > 1 else ''}); see 'finews status', 'finews resume --all'.",
            file=sys.stderr,
        )


def _add_import_parser(sub: Any) -> None:
    p = sub.add_parser("import", help="import post files, folders or .zip archives")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--resume", action="store_true", help="finish imports that were interrupted (a crash, a kill)")
    p.add_argument(
        "--on-duplicate",
        choices=["auto", "skip", "update", "keep-both"],
        default="auto",
        help="when a file changed since its last import (auto: update, or keep both if edited here)",
    )
    p.add_argument("--restore-deleted", action="store_true", help="bring back posts deleted from the library")
    p.add_argument("--json", action="store_true", help="print the import report as JSON")
    p.set_defaults(func=cmd_import, writes=True)


def _add_export_parser(sub: Any) -> None:
    p = sub.add_parser("export", help="export posts as a Jekyll archive (a folder or a .zip)")
    p.add_argument("dest", metavar="DEST", help="a new or empty folder, or a .zip file")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--query", metavar="Q", help="the posts a search finds")
    which.add_argument("--collection", metavar="NAME")
    which.add_argument("--category", metavar="C", help="a category slug or display name")
    which.add_argument("--tag", metavar="T")
    which.add_argument("--ids", metavar="1,2,3")
    p.add_argument("--zip", action="store_true", help="write a .zip archive")
    p.add_argument("--posts-only", action="store_true", help="only the posts: no _config.yml, no category pages")
    p.add_argument("--merge", action="store_true", help="add the files to a folder that is not empty")
    p.add_argument("--overwrite", action="store_true", help="with --merge: replace different files")
    p.add_argument(
        "--site-files",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="the imported site's other files (layouts, includes, assets, pages), byte for byte "
        "(default: with the whole library only)",
    )
    p.add_argument(
        "--portable-names",
        action="store_true",
        help="rename files whose names Windows or macOS cannot hold (default: keep every name the "
        "destination holds, byte for byte)",
    )
    p.add_argument(
        "--note-key",
        metavar="KEY",
        default="",
        help="write each post's private note into its front matter as KEY (default: notes stay in the library)",
    )
    p.add_argument("--json", action="store_true", help="print the export report as JSON")
    p.set_defaults(func=cmd_export, writes="prefer")  # journaled when no other instance writes


def _add_library_parsers(sub: Any) -> None:
    """list, show, backup, restore, stats, edit."""
    p = sub.add_parser("list", help="list posts, newest first")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--sort", choices=["date", "title", "id", "source", "path"], default="date")
    p.add_argument("--ascending", action="store_true")
    p.add_argument("--all", action="store_true", help="include posts in the trash")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list, writes=False)

    p = sub.add_parser("show", help="show one post")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show, writes=False)

    p = sub.add_parser("backup", help="back up the library (SQLite online backup)")
    p.add_argument("dest", nargs="?", metavar="DEST", help="a file or folder (default: the library's backups/)")
    p.set_defaults(func=cmd_backup, writes=False)

    p = sub.add_parser("restore", help="replace the library with a backup (asks for confirmation)")
    p.add_argument("backup", metavar="BACKUP")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=cmd_restore, writes=True)

    p = sub.add_parser("stats", help="counts and dates of the library")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats, writes=False)

    p = sub.add_parser("edit", help="change a post's title, date, tags or categories (only those front matter lines)")
    p.add_argument("id", type=int)
    p.add_argument("--title", metavar="T")
    p.add_argument("--date", metavar="D", help="e.g. '2022-05-20 17:01:37' (archive time) or with +0800")
    p.add_argument("--tags", metavar="'A B'", help="the post's tags, separated by spaces")
    p.add_argument("--categories", metavar="'X Y'", help="the post's categories, separated by spaces")
    p.add_argument("--json", action="store_true", help="print the values before and after as JSON")
    p.set_defaults(func=cmd_edit, writes=True)


def _add_search_and_recovery_parsers(sub: Any) -> None:
    """search, reindex, status, resume."""
    p = sub.add_parser(
        "search", help="search posts (the query language is in the README; put -- before a query starting with -)"
    )
    p.add_argument("query", nargs="+", metavar="QUERY", help="e.g. 碳中和 tag:东财滚动新闻 date:2021-12")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--sort", choices=["date", "relevance", "title", "source", "id"], default="date")
    p.add_argument("--ascending", action="store_true", help="oldest (least relevant) first")
    p.add_argument("--all", action="store_true", help="include posts in the trash")
    p.add_argument("--notes", action="store_true", help="free text matches the posts' notes too")
    p.add_argument("--one-per-story", action="store_true", help="leave out copies and versions (is:duplicate)")
    p.add_argument(
        "--json", action="store_true", help="the posts as `list --json` records with a snippet, and the total"
    )
    p.set_defaults(func=cmd_search, writes=False)  # the index file is brought up to date even so

    p = sub.add_parser("reindex", help="rebuild the search index from the library")
    p.set_defaults(func=cmd_reindex, writes="prefer")  # the index file; journaled when no other instance writes

    p = sub.add_parser("status", help="the library and the operations that were interrupted (a crash, a kill)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status, writes="prefer")

    p = sub.add_parser("resume", help="run interrupted operations again (see 'finews status'), or --discard them")
    p.add_argument("keys", nargs="*", metavar="KEY", help="what 'finews status' shows in brackets")
    p.add_argument("--all", action="store_true", help="every interrupted operation, oldest first")
    p.add_argument("--discard", action="store_true", help="forget them instead (nothing was changed by them)")
    p.set_defaults(func=cmd_resume, writes=True)


def build_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(prog="finews", description="Manage a finews-desktop library of Jekyll news posts.")
    parser.add_argument("--version", action="version", version=f"finews {__version__}")
    parser.add_argument("--library", metavar="FOLDER", help="the library folder (default: the user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_ArgumentParser)
    sub.required = True

    _add_import_parser(sub)
    _add_library_parsers(sub)
    _add_export_parser(sub)
    _add_search_and_recovery_parsers(sub)
    add_commands(sub)  # tag, category, collection, trash
    add_watch_commands(sub)  # watch, sync
    add_reading_commands(sub)  # read, unread, note, notes
    add_table_commands(sub)  # table posts|stocks|mentions
    add_dups_commands(sub)  # dups, keep-one
    add_archive_commands(sub)  # archive list|config|set
    return parser


def _open(args: argparse.Namespace) -> Library:
    """Open for writing, for reading, or ("prefer") for writing unless another instance writes or it cannot be.

    A library of a bounded size is quick-checked first (core/store/db.py); `args.readonly_reason`
    says why a "prefer" command reads only.
    """
    from finews_desktop.core.errors import LibraryLockedError, LibraryNotWritableError

    args.readonly_reason = ""
    if args.writes == "prefer":
        try:
            return Library.open(args.library, create=False, check=True)
        except LibraryLockedError:
            args.readonly_reason = "open for writing in another finews-desktop"
        except LibraryNotWritableError as exc:
            args.readonly_reason = f"not writable: {exc.reason}"
        return Library.open(args.library, create=False, readonly=True, check=True)
    return Library.open(args.library, create=args.writes, readonly=not args.writes, check=True)


def _folder(args: argparse.Namespace) -> Path:
    from finews_desktop.core.paths import default_library_dir

    return Path(args.library).expanduser() if args.library else default_library_dir()


def _failed(exc: KnownError, args: argparse.Namespace, out: TextIO) -> int:
    """Say what stopped a command, in words (and for `status`, what it found)."""
    from finews_desktop.core.errors import LibraryDamagedError, LibraryNotWritableError

    if args.func is cmd_status and isinstance(exc, LibraryDamagedError):
        return _status_damaged(exc, args, out)
    message = str(exc)
    if isinstance(exc, LibraryNotWritableError):
        message += " Commands that only read it (list, show, stats, search, export) still work."
    print(f"finews: {shown(message)}", file=sys.stderr)
    return EXIT_ERROR


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "limit", None) is not None and args.limit < 0:
        parser.error("--limit must not be negative")
    try:
        if args.func is cmd_restore:
            return cmd_restore(_folder(args), args, out)
        with _open(args) as lib:
            if not lib.readonly and args.func not in (cmd_status, cmd_resume):
                _note_interrupted(lib, args)
            return int(args.func(lib, args, out))
    except KnownError as exc:
        return _failed(exc, args, out)
    except BrokenPipeError:
        return 0
    except (sqlite3.Error, peewee.PeeweeException, OSError) as exc:
        from finews_desktop.core.store.db import explain

        known = explain(exc, _folder(args))  # a full disk, a damaged or unwritable file: in words
        if known is None:
            raise  # a bug: the traceback is what helps
        return _failed(known, args, out)
