"""The timeline under the post list: the list's query and the queries compared with it, counted per bar,
off the window's thread (in the list's child process when it runs, as `run_list_query` is).

`run_timeline_query` is a plain function of the library and a request (no Qt). A query that does not
parse gives an empty series and its error, so that one mistyped comparison does not hide the others;
the sidebar's `is:recent` term is applied here as the list applies it. The queries' answers are kept
between requests while the library does not change (core/search/kept_results.py): the list's query is
counted again with the comparisons, and the comparisons after each new list query. A first paint
(`kept_only`) counts the comparisons whose answers are kept and leaves the others out, so that the panel
draws every series at once when nothing new is to be searched, and asks again for the rest when it is.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

from finews_desktop.core.errors import QueryError
from finews_desktop.core.search.engine import matching_bits
from finews_desktop.core.search.index import ids_to_bits
from finews_desktop.core.search.kept_results import kept_answer, kept_matching_bits
from finews_desktop.core.search.orders import Orders
from finews_desktop.core.search.query import parse_query
from finews_desktop.core.search.timeline import Timeline, timeline_of
from finews_desktop.core.store.library import Library
from finews_desktop.workers.listing import split_recent


@dataclass(frozen=True)
class TimelineRequest:
    generation: int
    queries: tuple[str, ...]  # the list's query first, then those compared with it
    unit: str = "month"
    span: tuple[date, date] | None = None  # first and last day; None: the library's whole range
    kept_only: bool = False  # the queries after the first: counted only when their answers are kept (no search)


@dataclass
class TimelineResult:
    request: TimelineRequest
    timeline: Timeline | None = None
    errors: list[str | None] = field(default_factory=list)  # per query counted: why it gave nothing
    elapsed_ms: float = 0.0
    queries: tuple[str, ...] = ()  # those counted: the request's, less those `kept_only` left out

    @property
    def complete(self) -> bool:
        """Every query asked for is counted (nothing left out for want of a kept answer)."""
        return self.queries == self.request.queries


def run_timeline_query(library: Library, req: TimelineRequest) -> TimelineResult:
    started = time.perf_counter()
    result = TimelineResult(req)
    matched: list[tuple[str, int]] = []
    orders: Orders | None = None
    recent: int | None = None
    for k, query in enumerate(req.queries):
        text, recent_only = split_recent(query)
        try:
            if req.kept_only and k:
                found = kept_answer(library, text)
                if found is None:
                    parse_query(text)  # a query that does not parse is said now; one that does waits for its search
                    continue
                got, bits = found
            else:
                got, bits = kept_matching_bits(library, text)  # the same queries come again: kept while nothing changes
        except QueryError as exc:
            result.errors.append(str(exc))
            matched.append((query, 0))
            continue
        orders = orders or got
        if recent_only:
            if recent is None:
                recent = ids_to_bits(sorted(library.recent_post_ids()), orders.size)
            bits &= recent
        result.errors.append(None)
        matched.append((query, bits))
    if orders is None:
        orders = matching_bits(library, "")[0]
    result.queries = tuple(query for query, _bits in matched)
    result.timeline = timeline_of(library, orders, matched, req.unit, span=req.span)
    result.elapsed_ms = (time.perf_counter() - started) * 1000
    return result
