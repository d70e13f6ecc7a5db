"""The posts the last few queries matched, kept while the library does not change: the timeline counts
the same queries again and again (the list's query alone, then with the queries compared; the compared
ones after every new list query), and a search at a million posts costs 50-500 ms where counting its
bars costs a few.

A kept answer is the engine's own (`matching_bits`); it is dropped as soon as anything in the library
changes (store/change_stamp.py: any commit, by any connection) or the day does (`date:` words such as
today are relative), so it is always the answer the search would give now.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date

from finews_desktop.core.search.engine import matching_bits
from finews_desktop.core.search.orders import Orders
from finews_desktop.core.store.change_stamp import change_stamp
from finews_desktop.core.store.library import Library

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
        stamp = (change_stamp(library.db), date.today())
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
            if stamp == self._stamp:
                self._answers[key] = got
                while len(self._answers) > KEPT:
                    self._answers.popitem(last=False)
        return got


def kept_matching_bits(library: Library, query: str, *, include_trashed: bool = False) -> tuple[Orders, int]:
    """The posts matching `query` as a bitset over the orders returned, as `engine.matching_bits` gives
    them, kept for the next time it is asked while nothing changes."""
    return library.service(KeptResults, KeptResults).matching_bits(library, query, include_trashed=include_trashed)
