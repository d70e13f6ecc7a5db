"""How many posts of a query fall on each day, week or month: the timeline under the post list
(and on a stock page), and the query that narrows a search to some of its bars.

A post counts on its local day, the day in its archive's timezone that `date:` matches (the
`days` of the engine's cached date order), so that narrowing to bars gives exactly their posts.
Posts without a date are on no bar. Weeks start on Monday. The counting is numpy over arrays the
engine already keeps: each post's bar number is made once per generation of the id orders and
unit, then a result is one gather and one `bincount`, whatever the size of the library.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from finews_desktop.core.search.engine import matching_bits
from finews_desktop.core.search.index import bits_to_array
from finews_desktop.core.search.orders import Orders
from finews_desktop.core.search.query import required_dates
from finews_desktop.core.search.timeline_units import UNITS as UNITS  # also the name others import from here
from finews_desktop.core.store.library import Library

_EPOCH = date(1970, 1, 1)  # day 0; a Thursday, so week k starts on day 7k - 3
_MAX_BARS = 100_000  # a range past this many bars is cut (a post dated in year 1 would ask for 700,000 days)


@dataclass(frozen=True)
class Series:
    """One query's posts per bar (counts line up with the timeline's bars)."""

    query: str
    counts: list[int]
    total: int  # every post the query matched, those without a date or off the bars included


@dataclass(frozen=True)
class Timeline:
    """Bars of one unit from bar number `first` on, the library's posts on each (the background)
    and each query's series."""

    unit: str
    first: int
    background: list[int]
    series: list[Series] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.background)

    def start_of(self, bar: int) -> date:
        """The first day of the bar at index `bar` (0 is the first bar)."""
        return bar_start(self.unit, self.first + bar)

    def end_of(self, bar: int) -> date:
        """The last day of the bar at index `bar`."""
        return bar_end(self.unit, self.first + bar)


# --- bar numbers -----------------------------------------------------------------------------


def bar_of(unit: str, day: date) -> int:
    """The number of the bar holding `day`: days, Monday weeks or months since 1970."""
    if unit == "month":
        return day.year * 12 + day.month - 1
    n = (day - _EPOCH).days
    return n if unit == "day" else (n + 3) // 7


def bar_start(unit: str, n: int) -> date:
    """The first day of bar `n`."""
    if unit == "month":
        return date(n // 12, n % 12 + 1, 1)
    return _EPOCH + timedelta(days=n if unit == "day" else 7 * n - 3)


def bar_end(unit: str, n: int) -> date:
    """The last day of bar `n`."""
    return bar_start(unit, n + 1) - timedelta(days=1) if n + 1 < _bar_limit(unit) else date.max


def _bar_limit(unit: str) -> int:
    return bar_of(unit, date.max) + 1


def _check_unit(unit: str) -> None:
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")


def _bars_of_days(days: Any, unit: str) -> Any:
    """Bar numbers of local days given as YYYYMMDD numbers (int64); -1 where there is no date."""
    year, month, day = days // 10000, days // 100 % 100, days % 100
    dated = (days > 0) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31) & (year >= 1)
    months = np.where(dated, year * 12 + month - 1, 0)
    if unit == "month":
        return np.where(dated, months, -1)
    since_epoch = (months - 1970 * 12).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) + day - 1
    bars = since_epoch if unit == "day" else (since_epoch + 3) // 7
    return np.where(dated, bars, -1)


class _Bars:
    """Each post's bar number by id, per unit, for one Orders (a library service; made again for a new one)."""

    def __init__(self, _library: Library) -> None:
        self._lock = threading.Lock()
        self._orders: Orders | None = None
        self._by_id: dict[str, Any] = {}
        self._background: dict[str, Any] = {}

    def close(self) -> None:
        self._orders = None
        self._by_id.clear()
        self._background.clear()

    def _for(self, orders: Orders) -> None:
        if self._orders is not orders:
            self._orders, self._by_id, self._background = orders, {}, {}

    def by_id(self, orders: Orders, unit: str) -> Any:
        """The bar of every post id (-1: no post, or no date), over `orders`."""
        with self._lock:
            self._for(orders)
            got = self._by_id.get(unit)
            if got is None:
                days = np.frombuffer(orders.days, dtype=np.int64) if len(orders.days) else np.zeros(0, np.int64)
                ids = np.frombuffer(orders.by_date, dtype=np.int64) if len(orders.by_date) else np.zeros(0, np.int64)
                got = np.full(orders.size, -1, dtype=np.int64)
                got[ids] = _bars_of_days(days, unit)
                self._by_id[unit] = got
            return got

    def background(self, orders: Orders, unit: str) -> Any:
        """The bars of the library's posts (not trashed): what every timeline draws behind."""
        by_id = self.by_id(orders, unit)
        with self._lock:
            got = self._background.get(unit)
            if got is None:
                got = _bars_of(by_id, orders.everything & ~orders.trashed)
                self._background[unit] = got
            return got


def _bars_of(by_id: Any, bits: int) -> Any:
    """The bars of the posts of `bits` that have a date."""
    ids = bits_to_array(bits)
    bars = by_id[ids[ids < len(by_id)]]
    return bars[bars >= 0]


# --- a timeline --------------------------------------------------------------------------------


def query_timeline(
    library: Library,
    queries: Sequence[str],
    unit: str = "month",
    *,
    span: tuple[date, date] | None = None,
    include_trashed: bool = False,
) -> Timeline:
    """The posts of each query per bar, over `span` (first and last day) or else every bar from the
    library's first dated post to its last (widened to the queries' posts). QueryError when a query
    does not parse."""
    matched: list[tuple[str, int]] = []
    orders: Orders | None = None
    for query in queries:
        got, bits = matching_bits(library, query, include_trashed=include_trashed)
        orders = orders or got
        matched.append((query, bits))
    if orders is None:
        orders = matching_bits(library, "")[0]
    return timeline_of(library, orders, matched, unit, span=span)


def timeline_of(
    library: Library,
    orders: Orders,
    matched: Sequence[tuple[str, int]],
    unit: str,
    *,
    span: tuple[date, date] | None = None,
) -> Timeline:
    """query_timeline for results already found: (label, bitset over `orders`) each."""
    _check_unit(unit)
    cache = library.service(_Bars, _Bars)
    by_id = cache.by_id(orders, unit)
    background = cache.background(orders, unit)
    found = [(label, bits, _bars_of(by_id, bits)) for label, bits in matched]
    if span is not None:
        first, last = bar_of(unit, span[0]), bar_of(unit, span[1])
    else:
        every = [bars for bars in (background, *(f[2] for f in found)) if len(bars)]
        first = min((int(bars.min()) for bars in every), default=bar_of(unit, date.today()))
        last = max((int(bars.max()) for bars in every), default=first)
    last = max(first, min(last, first + _MAX_BARS - 1))
    n = last - first + 1
    return Timeline(
        unit,
        first,
        _counts(background, first, n),
        [Series(label, _counts(bars, first, n), bits.bit_count()) for label, bits, bars in found],
    )


def _counts(bars: Any, first: int, n: int) -> list[int]:
    inside = bars[(bars >= first) & (bars < first + n)]
    return np.bincount(inside - first, minlength=n).tolist()


# --- narrowing a search to bars -----------------------------------------------------------------


def narrowed_query(query: str, unit: str, first_day: date, last_day: date) -> str:
    """The query that finds the posts of `query` from `first_day` to `last_day` (a chart's bars):
    its top-level `date:` terms replaced by one `date:` term for the days that are in all of them
    and in the bars (or, when no day is, the new term added to them, and nothing is found)."""
    _check_unit(unit)
    lo, hi = _day_number(first_day), _day_number(last_day)
    terms = required_dates(query)
    keep_lo, keep_hi = max([lo, *(t.lo for t in terms)]), min([hi, *(t.hi for t in terms)])
    if keep_lo > keep_hi:
        return _joined(query, date_term(lo, hi))
    for term in reversed(terms):
        query = _joined(query[: term.start], query[term.end :])
    return _joined(query, date_term(keep_lo, keep_hi))


def date_term(lo: int, hi: int) -> str:
    """`date:` for local days lo..hi (YYYYMMDD), as a month or a range of months where they are whole."""
    a, b = _to_date(lo), _to_date(hi)
    if a.day == 1 and (b == date.max or (b + timedelta(days=1)).day == 1):
        first, last = f"{a.year:04d}-{a.month:02d}", f"{b.year:04d}-{b.month:02d}"
    else:
        first, last = a.isoformat(), b.isoformat()
    return f"date:{first}" if first == last else f"date:{first}..{last}"


def _joined(left: str, right: str) -> str:
    left, right = left.rstrip(), right.lstrip()
    return f"{left} {right}" if left and right else left or right


def _day_number(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _to_date(n: int) -> date:
    return date(n // 10000, n // 100 % 100, n % 100)
