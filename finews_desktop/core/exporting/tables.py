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

import codecs
import csv
import importlib
import io
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

from finews_desktop.core.content.instruments import instrument
from finews_desktop.core.errors import KnownError
from finews_desktop.core.exporting import table_readers
from finews_desktop.core.exporting.selection import Selection, select_post_ids
from finews_desktop.core.exporting.table_readers import PageReaders
from finews_desktop.core.store import table_reads as reads
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.table_reads import iso_date

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


# --- rows ----------------------------------------------------------------------------------------


_Tick = Callable[[int | None], None]  # posts read since the last call (None: all of them)


_JSON = json.JSONEncoder(ensure_ascii=False)


class _Lists:
    """A post's names (stocks, symbols, categories, tags) as JSON arrays, joined from each name's JSON made once."""

    def __init__(self, encoded: dict[int, str]) -> None:
        self.json = encoded  # name id -> its JSON ("1.600160" quoted, or null)

    def of(self, ids: list[int] | None) -> str:
        if not ids:
            return "[]"
        encoded = self.json
        return "[" + ",".join([encoded[i] for i in ids]) + "]"

    def cells(self) -> dict[int, str]:
        """name id -> its JSON as it stands inside a quoted CSV cell (quotes doubled)."""
        return {i: j.replace('"', '""') for i, j in self.json.items()}


@dataclass
class _Names:
    """Every stock, category and tag of the library, looked up once: stocks with their instruments."""

    secids: _Lists  # 1.600160
    symbols: _Lists  # 600160.SH
    categories: _Lists
    tags: _Lists
    cells: dict[int, tuple[str | None, str, str, str, str | None]]  # stock id -> symbol, market, code, kind, name

    @classmethod
    def read(cls, library: Library) -> _Names:
        secids, symbols, cells = {}, {}, {}
        for sid, (market, code, name) in reads.stocks(library.db).items():
            inst = instrument(market, code)
            secids[sid], symbols[sid] = _JSON.encode(f"{market}.{code}"), _JSON.encode(inst.symbol)
            cells[sid] = (inst.symbol, market, code, inst.kind, name)
        categories, tags = reads.names(library.db)
        return cls(
            _Lists(secids),
            _Lists(symbols),
            _Lists({i: _JSON.encode(n) for i, n in categories.items()}),
            _Lists({i: _JSON.encode(n) for i, n in tags.items()}),
            cells,
        )


def _post_rows(library: Library, ids: list[int] | None, tick: _Tick) -> Iterator[tuple[Any, ...]]:
    n = _Names.read(library)
    for rows, stocks, cats, tags in reads.post_pages(library.db, ids):
        for (pid, ts, date_text, title, source, src_url, news_id, url, path, archive, slug, published, builds,
             edited, warnings, copy, digest) in rows:  # fmt: skip
            linked = stocks.get(pid)
            yield (
                pid,
                iso_date(date_text),
                ts,
                title,
                source,
                src_url,
                news_id,
                url,
                n.categories.of(cats.get(pid)),
                n.tags.of(tags.get(pid)),
                n.secids.of(linked),
                n.symbols.of(linked),
                path,
                archive,
                slug,
                None if published is None else bool(published),
                bool(builds),
                bool(edited),
                warnings,
                copy,
                digest,
            )
        tick(len(rows))


def _post_csv_pages(
    library: Library, ids: list[int] | None, tick: _Tick, readers: PageReaders
) -> Iterator[tuple[int, bytes]]:
    """The posts table as CSV in UTF-8, (rows, bytes) a page at a time, made by SQLite on the readers
    (core/exporting/table_readers.py): Python only hands each page's bytes on."""
    n = _Names.read(library)
    symbols = n.symbols.cells()
    stocks = {sid: (secid, symbols[sid]) for sid, secid in n.secids.cells().items()}
    for rows, data in readers.pages(
        (n.categories.cells(), n.tags.cells(), stocks), reads.csv_page_specs(library.db, ids)
    ):
        yield rows, data
        tick(rows)


def _mention_rows(library: Library, ids: list[int] | None, tick: _Tick) -> Iterator[tuple[Any, ...]]:
    cells = _Names.read(library).cells
    for posts, page in reads.mention_pages(library.db, ids):
        for pid, date_text, sid, position in page:
            yield (pid, iso_date(date_text), *cells[sid], position)
        tick(posts)


def _stock_rows(library: Library, ids: list[int] | None, tick: _Tick) -> Iterator[tuple[Any, ...]]:
    cells = _Names.read(library).cells
    spans = reads.stock_spans(library.db, ids)
    order = sorted(spans, key=lambda sid: (-spans[sid][0], cells[sid][1], cells[sid][2]))
    for sid in order:
        symbol, market, code, kind, name = cells[sid]
        posts, _first, first_text, _last, last_text = spans[sid]
        yield (market, code, symbol, kind, name, posts, iso_date(first_text), iso_date(last_text))
    tick(None)


_ROWS = {"posts": _post_rows, "stocks": _stock_rows, "mentions": _mention_rows}


def _ticker(
    library: Library,
    table: str,
    ids: list[int] | None,
    progress: Progress | None,
    should_cancel: Callable[[], bool] | None,
) -> _Tick:
    """What the row readers call after each page: progress in posts read, and TableCancelled when asked."""
    _columns(table)
    # the whole library's stocks are read from kept counts: no post is read, nor counted (a scan of them all)
    total = len(ids) if ids is not None else 1 if table == "stocks" else reads.count_posts(library.db)
    done = [0]

    def tick(posts: int | None) -> None:
        if should_cancel is not None and should_cancel():
            raise TableCancelled
        done[0] = total if posts is None else min(total, done[0] + posts)
        if progress is not None:
            progress(done[0], total, table)

    tick(0)
    return tick


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
    tick = _ticker(library, table, ids, progress, should_cancel)
    yield from _ROWS[table](library, ids, tick)


def _csv_pages(
    library: Library,
    table: str,
    ids: list[int] | None,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
    readers: PageReaders | None = None,
) -> Iterator[tuple[int, bytes]]:
    """A table's rows as CSV in UTF-8 (RFC 4180, \\r\\n line ends), (rows, bytes) a page at a time.

    The posts table is made by SQLite on the readers that share the table's snapshot; without one (none
    opened, or another process committed as they started) it is written from its rows like the others,
    the same rows with fewer cells in quotes."""
    tick = _ticker(library, table, ids, progress, should_cancel)
    if table == "posts" and readers:
        yield from _post_csv_pages(library, ids, tick, readers)
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for page in _batched(_ROWS[table](library, ids, tick), 2000):
        writer.writerows(page)
        yield len(page), buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()


@contextmanager
def _snapshot(library: Library, table: str, fmt: str = "csv") -> Iterator[PageReaders | None]:
    """The table's read transaction (one snapshot of the library), with the readers of the posts table as CSV
    that see the same snapshot (None for the other tables and formats)."""
    if not (table == "posts" and fmt == "csv"):
        with library.db.atomic():
            yield None
        return
    with (
        PageReaders(library.db, processes=reads.id_span(library.db) >= table_readers.PROCESSES_FROM) as readers,
        library.db.atomic(),
    ):
        reads.start_snapshot(library.db)
        readers.join_snapshot()
        yield readers


# --- writing -------------------------------------------------------------------------------------


def write_csv(pages: Iterable[tuple[int, bytes]], columns: list[str], write: Callable[[bytes], Any]) -> int:
    """The header and the pages of CSV (UTF-8) through `write`; the number of rows."""
    write((",".join(columns) + "\r\n").encode())
    count = 0
    for rows, data in pages:
        write(data)
        count += rows
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
        with _snapshot(library, table, fmt) as readers:
            ids = select_post_ids(library, selection)
            if fmt == "csv":
                with open(partial, "wb") as out:
                    if bom:
                        out.write(codecs.BOM_UTF8)
                    pages = _csv_pages(library, table, ids, progress, should_cancel, readers)
                    count = write_csv(pages, [name for name, _kind in columns], out.write)
            else:
                count = write_parquet(table_rows(library, table, ids, progress, should_cancel), columns, partial)
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
    with _snapshot(library, table) as readers:
        ids = select_post_ids(library, selection)
        pages = _csv_pages(library, table, ids, readers=readers)
        return write_csv(pages, columns, lambda data: out.write(data.decode("utf-8")))
