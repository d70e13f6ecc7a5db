"""`finews table posts|stocks|mentions [QUERY…]`: the analysis tables (core/exporting/tables.py) as CSV or Parquet."""

from __future__ import annotations

import argparse
import io
import sys
from typing import Any, TextIO

from finews_desktop.cli.output import shown
from finews_desktop.core.errors import KnownError
from finews_desktop.core.store.library import Library


def cmd_table(lib: Library, args: argparse.Namespace, out: TextIO) -> int:
    from finews_desktop.core.exporting.selection import Selection
    from finews_desktop.core.exporting.tables import export_table

    selection = Selection(query=" ".join(args.query) or None)
    fmt = args.format or ("parquet" if args.output and args.output.lower().endswith(".parquet") else "csv")
    if args.output is None:
        if fmt != "csv":
            raise KnownError("Parquet is written to a file: name it with -o FILE.")
        _csv_to(out, lib, args.table, selection, args.bom)
        return 0
    interactive = sys.stderr.isatty()

    def show(done: int, total: int, _what: str) -> None:
        sys.stderr.write(f"\rReading posts… {done}/{total}" + ("\n" if done >= total else ""))
        sys.stderr.flush()

    try:
        report = export_table(
            lib, args.table, selection, args.output, fmt, bom=args.bom, progress=show if interactive else None
        )
    except KeyboardInterrupt:
        print("finews: table interrupted; nothing was written.", file=sys.stderr)
        return 130
    out.write(
        f"Wrote {report.rows} rows of {report.table} to {shown(report.destination)} ({report.format}) "
        f"in {report.seconds:.1f} s.\n"
    )
    return 0


def _csv_to(out: TextIO, lib: Library, table: str, selection: Any, bom: bool) -> None:
    """CSV on standard output as UTF-8 whatever the terminal's encoding, with the csv module's line ends."""
    from finews_desktop.core.exporting.tables import write_table_csv

    buffer = getattr(out, "buffer", None)
    if buffer is None:  # a text stream of its own (tests)
        out.write("\ufeff" if bom else "")
        write_table_csv(lib, table, selection, out)
        return
    out.flush()
    stream = io.TextIOWrapper(buffer, encoding="utf-8-sig" if bom else "utf-8", newline="")
    try:
        write_table_csv(lib, table, selection, stream)
    finally:
        stream.flush()
        stream.detach()


def add_table_commands(sub: Any) -> None:
    """Add `table` to the `finews` subcommands."""
    from finews_desktop.core.exporting.tables import FORMATS, TABLES

    p = sub.add_parser(
        "table",
        help="posts, stocks or mentions as a table for pandas/R/Excel (CSV, or Parquet with pyarrow); "
        "the columns are in the README",
    )
    p.add_argument(
        "table", choices=list(TABLES), help="posts; stocks (instruments with counts); mentions (post × stock)"
    )
    p.add_argument(
        "query",
        nargs="*",
        metavar="QUERY",
        help="the posts a search finds (default: the whole library; put -- before -)",
    )
    p.add_argument(
        "--format", choices=FORMATS, help="csv (default; .parquet files: parquet) or parquet (needs pyarrow)"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="the file to write (default: CSV on standard output)")
    p.add_argument("--bom", action="store_true", help="CSV with a UTF-8 byte order mark, for opening in Excel")
    p.set_defaults(func=cmd_table, writes=False)
