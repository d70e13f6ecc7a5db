"""What a stock page shows of one instrument: its posts' count, first and last mention, outlets, the stocks
mentioned with it; and which stock a `stock:` term or a sidebar entry names.

The figures are read from the counts `core/store/stock_stats.py` keeps as posts are written,
trashed and deleted (untrashed posts only): a few rows per stock, whether it is in ten posts or in
a third of the library (bench/bench_stock_page.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from finews_desktop.core.content.instruments import Instrument, from_symbol, instrument
from finews_desktop.core.store import stock_stats
from finews_desktop.core.store.stock_names import stock_name


@dataclass(frozen=True)
class Mentioned:
    """A stock mentioned with the page's, in `posts` of its posts."""

    instrument: Instrument
    name: str | None
    posts: int


@dataclass(frozen=True)
class StockPage:
    instrument: Instrument
    name: str | None  # the name most of its posts give
    posts: int  # untrashed posts mentioning it
    first: str | None  # the first and last mention's date as the post has it ('%Y-%m-%d %H:%M:%S %z')
    last: str | None
    outlets: tuple[tuple[str, int], ...]  # source names (a post's first tag) with their posts, most first
    mentioned_with: tuple[Mentioned, ...]  # most first

    @property
    def term(self) -> str:
        """The `stock:` search of its posts: by symbol where it has one, else East Money's market.code."""
        return f"stock:{self.instrument.symbol or self.instrument.secid}"


def find_stock(db: Any, text: str) -> tuple[int, Instrument] | None:
    """The stock a `stock:` value names: market.code, a symbol (600160.SH), a code or a name; when several
    rows answer (000001 is an index in Shanghai and a bank in Shenzhen), the one with the most posts."""
    value = text.strip()
    if not value:
        return None
    rows: list[tuple[int, str, str]] = []
    market, dot, code = value.partition(".")
    if dot and market.isdigit():
        rows = db.execute_sql(
            "SELECT id, market, code FROM stock WHERE market = ? AND code = ?", (market, code)
        ).fetchall()
    if not rows and (symbol := from_symbol(value)):
        wanted = value.upper()
        rows = [
            r
            for r in db.execute_sql("SELECT id, market, code FROM stock WHERE code = ? COLLATE NOCASE", (symbol[1],))
            if (instrument(r[1], r[2]).symbol or "").upper() == wanted
        ]
    if not rows:
        rows = db.execute_sql(
            "SELECT id, market, code FROM stock WHERE code = ? COLLATE NOCASE OR name = ?", (value, value)
        ).fetchall()
    if not rows:
        return None
    if len(rows) > 1:
        counts = {r[0]: _count(db, r[0]) for r in rows}
        rows.sort(key=lambda r: (-counts[r[0]], r[0]))
    sid, market, code = rows[0]
    return sid, instrument(market, code)


def _count(db: Any, stock_id: int) -> int:
    return stock_stats.stock_posts(db, stock_id)


def stock_page(db: Any, stock_id: int, limit: int = 10) -> StockPage | None:
    """The page of the stock with this row id; None when there is no such stock."""
    row = db.execute_sql("SELECT market, code FROM stock WHERE id = ?", (stock_id,)).fetchone()
    if row is None:
        return None
    first, last = stock_stats.mention_dates(db, stock_id)
    return StockPage(
        instrument(*row),
        stock_name(db, stock_id),
        stock_stats.stock_posts(db, stock_id),
        first,
        last,
        tuple(stock_stats.outlets(db, stock_id, limit)),
        tuple(
            Mentioned(instrument(market, code), name, n)
            for market, code, name, n in stock_stats.mentioned_with(db, stock_id, limit)
        ),
    )
