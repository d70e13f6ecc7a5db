"""Tables for analysis: the library's posts, stocks and mentions as CSV or Parquet, for pandas, R or a spreadsheet.

A researcher joins news with price data: these tables carry each stock's exchange-suffixed
symbol (600160.SH, 00700.HK, NIO.US: core/content/instruments.py) beside East Money's market
and code. The posts are the whole library or a selection (`finews search`'s query language:
core/exporting/selection.py), trashed posts left out; rows come in a stable order.

posts: one row per post, in id order (the columns `finews search --json` gives per post):

| column | type | what |
| --- | --- | --- |
| id | int | the post's id in the library (`finews show ID`) |
| date | text | Jekyll's date, ISO 8601 with the archive's UTC offset (2022-05-20T17:01:37+08:00); empty if none |
| timestamp | int | the same instant in Unix seconds (UTC) |
| title | text | the title as shown |
| source | text | the source name (the first tag, what `source:` searches) |
| source_url | text | the original article's link |
| news_id | text | East Money's news id |
| url | text | the post's URL in the Jekyll site |
| categories | list | Jekyll's categories |
| tags | list | Jekyll's tags |
| stocks | list | the stocks it mentions, as East Money's market.code (1.600160), in the post's order |
| symbols | list | the same stocks' symbols (600160.SH; null where the market has none) |
| path | text | the file's path inside its site (_posts/2022-05-20-x.md) |
| archive | text | the site it was imported from |
| slug | text | Jekyll's slug |
| published | bool | the front matter's `published` (empty when not given) |
| builds | bool | whether Jekyll puts it in site.posts |
| edited | bool | edited in the library since its import |
| warnings | int | how many import warnings it has (`finews show ID` lists them) |
| copy | int | 0, or n for a second version kept beside an edited post |
| content_hash | text | the hash of its bytes |

stocks: one row per instrument the posts mention, most mentioned first (then by market and code):
market, code, symbol, kind (stock, board, index, fund, bond, other, unknown), name (the one
most posts give it), posts (how many posts mention it), first_mention and last_mention (the
dates, as the posts' `date`).

mentions: one row per stock a post mentions (long form, post × instrument), by post id, then the
position in the post: post_id, date (the post's), symbol, market, code, kind, name, position
(0 for the first stock the post names).

CSV: UTF-8 without a byte order mark (what pandas, R, DuckDB and the `csv` module read as
they are; in Excel use Data ▸ From Text/CSV, or `bom=True` / `--bom` for a double-click),
a header row, RFC 4180 quoting, an empty cell for no value, lists as JSON arrays
(`df.tags.map(json.loads)`), booleans as True/False. Parquet (`pip install
'finews-desktop[analysis]'`, pyarrow) keeps the types: int64, string, bool, list<string>.

Both are written as the rows are read, a page of posts at a time: memory stays flat at a
million posts. A file is written beside its name and renamed into place when complete, so a
cancelled or failed table leaves nothing behind.
"""

from __future__ import annotations

import csv
import importlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

from finews_desktop.core.content.instruments import instrument
from finews_desktop.core.errors import KnownError
from finews_desktop.core.exporting.selection import Selection, select_post_ids
from finews_desktop.core.store import table_reads as reads
from finews_desktop.core.store.library import Library

INT, TEXT, BOOL, LIST = "int", "text", "bool", "list"

POSTS = (
    ("id", INT),
    ("date", TEXT),
    ("timestamp", INT),
    ("title", TEXT),
    ("source", TEXT),
    ("source_url", TEXT),
    ("news_id", TEXT),
    ("url", TEXT),
    ("categories", LIST),
    ("tags", LIST),
    ("stocks", LIST),
    ("symbols", LIST),
    ("path", TEXT),
    ("archive", TEXT),
    ("slug", TEXT),
    ("published", BOOL),
    ("builds", BOOL),
    ("edited", BOOL),
    ("warnings", INT),
    ("copy", INT),
    ("content_hash", TEXT),
)
STOCKS = (
    ("market", TEXT),
    ("code", TEXT),
    ("symbol", TEXT),
    ("kind", TEXT),
    ("name", TEXT),
    ("posts", INT),
    ("first_mention", TEXT),
    ("last_mention", TEXT),
)
MENTIONS = (
    ("post_id", INT),
    ("date", TEXT),
    ("symbol", TEXT),
    ("market", TEXT),
    ("code", TEXT),
    ("kind", TEXT),
    ("name", TEXT),
    ("position", INT),
)
TABLES: dict[str, tuple[tuple[str, str], ...]] = {"posts": POSTS, "stocks": STOCKS, "mentions": MENTIONS}
FORMATS = ("csv", "parquet")
PARQUET_BATCH = 50_000  # rows per Parquet row group

Progress = Callable[[int, int, str], None]


class TableCancelled(Exception):
    """The caller asked to stop (should_cancel): nothing was written."""


class ParquetUnavailable(KnownError):
    """Parquet needs pyarrow, an optional extra."""

    def __init__(self) -> None:
        super().__init__(
            "Parquet needs pyarrow, which is not installed: pip install 'finews-desktop[analysis]' "
            "(or pip install pyarrow), or choose CSV."
        )


def parquet_module() -> ModuleType | None:
    """pyarrow.parquet when the optional extra is installed, else None.

    Imported by name, not by an import statement: pyarrow is an optional extra (finews-desktop[analysis],
    about 170 MB installed), kept out of the required dependencies and out of the bundle, which
    collects (and tests/test_bundle.py checks) every module an import statement names.
    """
    try:
        importlib.import_module("pyarrow")
        return importlib.import_module("pyarrow.parquet")
    except ImportError:
        return None


def column_names(table: str) -> list[str]:
    return [name for name, _kind in _columns(table)]


def _columns(table: str) -> tuple[tuple[str, str], ...]:
    try:
        return TABLES[table]
    except KeyError:
        raise KnownError(f"There is no table {table!r}: choose posts, stocks or mentions.") from None


def iso_date(date_text: str | None) -> str | None:
    """'2022-05-20 17:01:37 +0800' (as the library stores a date) as ISO 8601: '2022-05-20T17:01:37+08:00'."""
    if not date_text:
        return None
    if len(date_text) == 25 and date_text[10] == " " and date_text[19] == " ":
        return f"{date_text[:10]}T{date_text[11:19]}{date_text[20:23]}:{date_text[23:]}"
    from datetime import datetime

    return datetime.strptime(date_text, "%Y-%m-%d %H:%M:%S %z").isoformat()


# --- rows ----------------------------------------------------------------------------------------


_Tick = Callable[[int | None], None]  # posts read since the last call (None: all of them)


@dataclass
class _Stocks:
    """Each stock of the library with its instrument, its name and its cells, looked up once."""

    secids: dict[int, str]  # stock id -> its market.code as a JSON string ("1.600160")
    symbols: dict[int, str]  # stock id -> its symbol as a JSON string or null
    cells: dict[int, tuple[str | None, str, str, str, str | None]]  # symbol, market, code, kind, name

    @classmethod
    def read(cls, library: Library) -> _Stocks:
        secids, symbols, cells = {}, {}, {}
        for sid, (market, code, name) in reads.stocks(library.db).items():
            inst = instrument(market, code)
            secids[sid], symbols[sid] = _JSON.encode(f"{market}.{code}"), _JSON.encode(inst.symbol)
            cells[sid] = (inst.symbol, market, code, inst.kind, name)
        return cls(secids, symbols, cells)

    def lists(self, linked: list[int]) -> tuple[str, str]:
        """A post's stocks and symbols as JSON arrays (joined from each stock's JSON, made once)."""
        if not linked:
            return "[]", "[]"
        secids, symbols = self.secids, self.symbols
        return "[" + ",".join([secids[s] for s in linked]) + "]", "[" + ",".join([symbols[s] for s in linked]) + "]"


_JSON = json.JSONEncoder(ensure_ascii=False)


def _post_rows(library: Library, ids: list[int] | None, tick: _Tick) -> Iterator[tuple[Any, ...]]:
    lists = _Stocks.read(library).lists
    for rows, links in reads.post_pages(library.db, ids):
        for (pid, ts, date_text, title, source, src_url, news_id, url, cats, tags, path, archive, slug, published,
             builds, edited, warnings, copy, digest) in rows:  # fmt: skip
            stocks, symbols = lists(links.get(pid, []))
            yield (
                pid,
                iso_date(date_text),
                ts,
                title,
                source,
                src_url,
                news_id,
                url,
                cats or "[]",
                tags or "[]",
                stocks,
                symbols,
                path,
                archive,
                None if slug is None else str(slug),
                None if published is None else bool(published),
                bool(builds),
                bool(edited),
                warnings,
                copy,
                digest,
            )
        tick(len(rows))


def _mention_rows(library: Library, ids: list[int] | None, tick: _Tick) -> Iterator[tuple[Any, ...]]:
    cells = _Stocks.read(library).cells
    for posts, page in reads.mention_pages(library.db, ids):
        for pid, date_text, sid, position in page:
            yield (pid, iso_date(date_text), *cells[sid], position)
        tick(posts)


def _stock_rows(library: Library, ids: list[int] | None, tick: _Tick) -> Iterator[tuple[Any, ...]]:
    cells = _Stocks.read(library).cells
    spans = reads.stock_spans(library.db, ids)
    order = sorted(spans, key=lambda sid: (-spans[sid][0], cells[sid][1], cells[sid][2]))
    for sid in order:
        symbol, market, code, kind, name = cells[sid]
        posts, _first, first_text, _last, last_text = spans[sid]
        yield (market, code, symbol, kind, name, posts, iso_date(first_text), iso_date(last_text))
    tick(None)


_ROWS = {"posts": _post_rows, "stocks": _stock_rows, "mentions": _mention_rows}


def table_rows(
    library: Library,
    table: str,
    ids: list[int] | None,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> Iterator[tuple[Any, ...]]:
    """The rows of a table over these posts (None: the whole library), in the columns of TABLES[table].

    Lists come as JSON text (what the CSV holds); progress counts posts read. Raises
    TableCancelled between pages when should_cancel says so.
    """
    _columns(table)
    total = len(ids) if ids is not None else reads.count_posts(library.db)
    done = [0]

    def tick(posts: int | None) -> None:
        if should_cancel is not None and should_cancel():
            raise TableCancelled
        done[0] = total if posts is None else min(total, done[0] + posts)
        if progress is not None:
            progress(done[0], total, table)

    tick(0)
    yield from _ROWS[table](library, ids, tick)


# --- writing -------------------------------------------------------------------------------------


def write_csv(rows: Iterable[tuple[Any, ...]], columns: list[str], out: TextIO) -> int:
    """The header and the rows as CSV (RFC 4180 quoting, \\r\\n line ends as the csv module writes them)."""
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for page in _batched(rows, 2000):
        writer.writerows(page)
        count += len(page)
    return count


def _batched(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    page: list[tuple[Any, ...]] = []
    for row in rows:
        page.append(row)
        if len(page) == size:
            yield page
            page = []
    if page:
        yield page


def write_parquet(rows: Iterable[tuple[Any, ...]], columns: tuple[tuple[str, str], ...], path: Path) -> int:
    """The rows as Parquet, a row group of PARQUET_BATCH rows at a time; lists (JSON text in the rows) as list<string>."""
    pq = parquet_module()
    if pq is None:
        raise ParquetUnavailable
    pa = importlib.import_module("pyarrow")
    types = {INT: pa.int64(), TEXT: pa.string(), BOOL: pa.bool_(), LIST: pa.list_(pa.string())}
    schema = pa.schema([(name, types[kind]) for name, kind in columns])
    lists = [i for i, (_name, kind) in enumerate(columns) if kind == LIST]
    count = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[tuple[Any, ...]] = []

        def flush() -> None:
            cols = [list(c) for c in zip(*batch, strict=True)] if batch else [[] for _ in columns]
            for i in lists:
                cols[i] = [json.loads(v) if v is not None else None for v in cols[i]]
            writer.write_table(
                pa.Table.from_arrays(
                    [pa.array(c, types[k]) for c, (_n, k) in zip(cols, columns, strict=True)], schema=schema
                )
            )
            batch.clear()

        for row in rows:
            batch.append(row)
            count += 1
            if len(batch) >= PARQUET_BATCH:
                flush()
        if batch or not count:
            flush()
    return count


@dataclass(frozen=True)
class TableReport:
    """What a table export wrote."""

    table: str
    format: str
    destination: str
    rows: int
    seconds: float
    cancelled: bool = False


def export_table(
    library: Library,
    table: str,
    selection: Selection,
    destination: str | Path,
    fmt: str = "csv",
    *,
    bom: bool = False,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> TableReport:
    """Write a table of the selection's posts to a file, complete or not at all (renamed into place at the end)."""
    columns = _columns(table)
    if fmt not in FORMATS:
        raise KnownError(f"There is no table format {fmt!r}: choose csv or parquet.")
    if fmt == "parquet" and parquet_module() is None:
        raise ParquetUnavailable
    dest = Path(destination).expanduser()
    if dest.is_dir():
        raise KnownError(f"{dest} is a folder: name the file to write.")
    started = time.monotonic()
    partial = dest.with_name(dest.name + ".partial")
    try:
        with library.db.atomic():  # one snapshot of the library
            rows = table_rows(library, table, select_post_ids(library, selection), progress, should_cancel)
            if fmt == "csv":
                with open(partial, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
                    count = write_csv(rows, [name for name, _kind in columns], out)
            else:
                count = write_parquet(rows, columns, partial)
        os.replace(partial, dest)
    except TableCancelled:
        partial.unlink(missing_ok=True)
        return TableReport(table, fmt, str(dest), 0, time.monotonic() - started, cancelled=True)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return TableReport(table, fmt, str(dest), count, time.monotonic() - started)


def write_table_csv(library: Library, table: str, selection: Selection, out: TextIO) -> int:
    """A table as CSV to a stream (the command line's standard output); the number of rows."""
    columns = column_names(table)
    with library.db.atomic():
        return write_csv(table_rows(library, table, select_post_ids(library, selection)), columns, out)
