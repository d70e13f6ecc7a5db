"""What a stock page shows of one instrument: its posts' count, first and last mention, outlets, the stocks
mentioned with it; and which stock a `stock:` term or a sidebar entry names.

Every read walks the stock's links through the (stock, post) index, trashed posts left out,
so its cost follows the stock's posts, not the library's (bench/bench_stock_page.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from finews_desktop.core.content.instruments import Instrument, from_symbol, instrument
from finews_desktop.core.store.stock_names import stock_name

_LIVE_POSTS = "FROM post_stock ps JOIN post p ON p.id = ps.post_id WHERE ps.stock_id = ? AND p.trashed_at IS NULL"


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
    return int(db.execute_sql(f"SELECT COUNT(*) {_LIVE_POSTS}", (stock_id,)).fetchone()[0])


def stock_page(db: Any, stock_id: int, limit: int = 10) -> StockPage | None:
    """The page of the stock with this row id; None when there is no such stock."""
    row = db.execute_sql("SELECT market, code FROM stock WHERE id = ?", (stock_id,)).fetchone()
    if row is None:
        return None
    by_source = db.execute_sql(
        f"SELECT p.source_name, COUNT(*), MIN(p.date), MAX(p.date) {_LIVE_POSTS} GROUP BY p.source_name",
        (stock_id,),
    ).fetchall()
    posts = sum(n for _s, n, _a, _b in by_source)
    firsts = [a for _s, _n, a, _b in by_source if a is not None]
    lasts = [b for _s, _n, _a, b in by_source if b is not None]
    outlets = sorted(((s, n) for s, n, _a, _b in by_source if s), key=lambda o: (-o[1], o[0]))[:limit]
    return StockPage(
        instrument(*row),
        stock_name(db, stock_id),
        posts,
        _date_text(db, stock_id, min(firsts)) if firsts else None,
        _date_text(db, stock_id, max(lasts)) if lasts else None,
        tuple(outlets),
        _mentioned_with(db, stock_id, limit),
    )


def _date_text(db: Any, stock_id: int, date: int) -> str | None:
    """The date as written for the stock's post at this instant (the date index finds the few posts then)."""
    row = db.execute_sql(
        "SELECT date_text FROM post WHERE date = ? AND trashed_at IS NULL "
        "AND id IN (SELECT post_id FROM post_stock WHERE stock_id = ?) ORDER BY id LIMIT 1",
        (date, stock_id),
    ).fetchone()
    return row[0] if row else None


def _mentioned_with(db: Any, stock_id: int, limit: int) -> tuple[Mentioned, ...]:
    rows = db.execute_sql(
        "SELECT s.market, s.code, s.name, m.n FROM ("
        "SELECT o.stock_id AS sid, COUNT(*) AS n FROM post_stock ps JOIN post p ON p.id = ps.post_id "
        "JOIN post_stock o ON o.post_id = ps.post_id AND o.stock_id != ps.stock_id "
        "WHERE ps.stock_id = ? AND p.trashed_at IS NULL GROUP BY o.stock_id ORDER BY n DESC, o.stock_id LIMIT ?"
        ") m JOIN stock s ON s.id = m.sid ORDER BY m.n DESC, s.id",
        (stock_id, limit),
    ).fetchall()
    return tuple(Mentioned(instrument(market, code), name, n) for market, code, name, n in rows)
