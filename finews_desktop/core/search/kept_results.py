"""The posts the last few queries matched, kept while the library does not change: the timeline counts
the same queries again and again (the list's query alone, then with the queries compared; the compared
ones after every new list query), and a search at a million posts costs 50-500 ms where counting its
bars costs a few.

A kept answer is the engine's own (`matching_bits`); it is dropped as soon as anything in the library
changes (store/change_stamp.py: any commit, by any connection) or the day does (`date:` words such as
today are relative), so it is always the answer the search would give now. The list's child process keeps the whole result
it found for the list (`keep_answer`), which the timeline of the list's query then counts without a search,
and the whole list after a first page is put in order from the timeline's answer (`kept_list`) when that
came first: one search of the list's query, whichever asks first.
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date

from finews_desktop.core.search.engine import matching_bits
from finews_desktop.core.search.index import ids_to_bits
from finews_desktop.core.search.orders import Orders, ordered
from finews_desktop.core.store.change_stamp import change_stamp
from finews_desktop.core.store.library import Library

LISTED_SORTS = ("date", "title", "source", "id")  # the sorts `ordered` gives as search() does
KEPT = 8  # answers kept: the list's query and a few compared with it (each a bitset, 125 KB at 1,000,000 posts)


class KeptResults:
    """The last answers of `matching_bits` over one library (a library service)."""

    def __init__(self, _library: Library) -> None:
        self._lock = threading.Lock()
        self._stamp: tuple[object, ...] | None = None
        self._answers: OrderedDict[tuple[str, bool], tuple[Orders, int]] = OrderedDict()
        self.searches = 0  # the answers not found kept (tests)

    def close(self) -> None:
        with self._lock:
            self._answers.clear()

    def matching_bits(self, library: Library, query: str, *, include_trashed: bool = False) -> tuple[Orders, int]:
        """`engine.matching_bits`, from what is kept when the library has not changed since."""
        key = (query, include_trashed)
        stamp = answer_stamp(library)
        with self._lock:
            if stamp != self._stamp:
                self._answers.clear()
                self._stamp = stamp
            got = self._answers.get(key)
            if got is not None:
                self._answers.move_to_end(key)
                return got
        got = matching_bits(library, query, include_trashed=include_trashed)  # QueryError: nothing kept
        with self._lock:
            self.searches += 1
        self._keep(key, stamp, got)
        return got

    def peek(self, library: Library, query: str) -> tuple[Orders, int] | None:
        """The kept answer of `query` (untrashed), if the library has not changed since; no search. A use:
        kept the longest (the comparisons, asked this way after every new list query, stay kept)."""
        stamp = answer_stamp(library)
        key = (query, False)
        with self._lock:
            got = self._answers.get(key) if stamp == self._stamp else None
            if got is not None:
                self._answers.move_to_end(key)
            return got

    def keep(self, library: Library, query: str, ids: Sequence[int], stamp: tuple[object, ...]) -> None:
        """`ids` are every post `query` matches (search()'s whole result, untrashed), searched after
        `stamp` was taken: kept as its answer."""
        orders = matching_bits(library, "")[0]  # no search: the orders the engine has for this generation
        self._keep((query, False), stamp, (orders, ids_to_bits(ids, orders.size)))

    def _keep(self, key: tuple[str, bool], stamp: tuple[object, ...], answer: tuple[Orders, int]) -> None:
        with self._lock:
            if stamp != self._stamp:
                self._answers.clear()
                self._stamp = stamp
            self._answers[key] = answer
            self._answers.move_to_end(key)
            while len(self._answers) > KEPT:
                self._answers.popitem(last=False)


def answer_stamp(library: Library) -> tuple[object, ...]:
    """The library's state now, taken before a search whose answer is to be kept (a change during the
    search then makes the answer stale at once, never kept as new)."""
    return (change_stamp(library.db), date.today())


def keep_answer(library: Library, query: str, ids: Sequence[int], stamp: tuple[object, ...]) -> None:
    """Keep search()'s whole result for `query` (its ids, in any order; searched after `stamp`) as the
    answer the timeline asks for next: the list's child process found it for the list, so the timeline
    need not search again."""
    library.service(KeptResults, KeptResults).keep(library, query, ids, stamp)


def kept_list(library: Library, query: str, sort: str, descending: bool) -> tuple[array, int] | None:
    """search(query, sort=sort, descending=descending)'s ids and total from the kept answer of `query`,
    without searching; None when none is kept, or for the relevance sort (which searches its terms)."""
    if sort not in LISTED_SORTS:
        return None
    got = library.service(KeptResults, KeptResults).peek(library, query)
    if got is None:
        return None
    orders, bits = got
    return ordered(orders, library.db, bits, sort, descending, None), bits.bit_count()


def kept_answer(library: Library, query: str) -> tuple[Orders, int] | None:
    """`kept_matching_bits(library, query)` if it is kept, without searching; else None."""
    return library.service(KeptResults, KeptResults).peek(library, query)


def kept_matching_bits(library: Library, query: str, *, include_trashed: bool = False) -> tuple[Orders, int]:
    """The posts matching `query` as a bitset over the orders returned, as `engine.matching_bits` gives
    them, kept for the next time it is asked while nothing changes."""
    return library.service(KeptResults, KeptResults).matching_bits(library, query, include_trashed=include_trashed)
