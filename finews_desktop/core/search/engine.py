"""The search: a query's posts, in the requested order, from the library's search engine.

The engine (`_Searcher`, one per open library: `Library.service`) keeps the index and what
searches reuse: the id orders (orders.py, read once per generation of the search queue and
patched after small changes), the posts the index is not sure about, and postings by index
version. A search parses the query (query.py), evaluates it over one snapshot of the index
(evaluate.py) and puts the result in order (orders.py). Snippets: snippets.py.
"""

from __future__ import annotations

import threading
import time
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from finews_desktop.core.content.search_text import HandedTexts
from finews_desktop.core.errors import KnownError, QueryError
from finews_desktop.core.search.among import BatchMatcher, batch_orders
from finews_desktop.core.search.evaluate import Evaluator
from finews_desktop.core.search.firstpage import first_page_by_date
from finews_desktop.core.search.index import IndexDoc, SearchIndex, bits_to_ids, fold, ids_to_bits, load_docs_by_id
from finews_desktop.core.search.notes import NoteTexts
from finews_desktop.core.search.orders import Orders, ordered
from finews_desktop.core.search.query import QUERY_HELP, SORTS, Query, Text, parse_query
from finews_desktop.core.search.snippets import snippets
from finews_desktop.core.store import search_reads
from finews_desktop.core.store.library import Library

__all__ = [
    "QUERY_HELP",
    "SORTS",
    "Query",
    "QueryError",
    "SearchIndex",
    "SearchResult",
    "fold",
    "index_for",
    "parse_query",
    "search",
    "snippets",
]


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchResult:
    ids: Sequence[int]  # every matching post id (up to `limit`), in the requested order
    total: int  # -1: not counted (a first page asked for with count=False)
    elapsed_ms: float


class _Searcher:
    """Per-library state kept between searches: the index and caches keyed by generation."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.index = SearchIndex(library)
        self._lock = threading.Lock()
        self._orders: Orders | None = None
        self._pending_key: tuple[int, int] | None = None
        self._pending: tuple[int, dict[int, IndexDoc | None]] = (0, {})
        self._postings: dict[tuple[int, int, str], int] = {}
        self.notes = NoteTexts()  # the notes, folded (`note:`, `has:note`, free text with notes=True)
        self.index.orders_to_keep = self._orders_to_keep  # kept with the index, loaded at the next opening

    def close(self) -> None:
        self.index.close()

    def generation(self) -> int:
        return search_reads.queue_generation(self.library.db)

    def orders(self, generation: int) -> Orders:
        with self._lock:
            old = self._orders
            if old is not None and old.generation == generation:
                return old
            # after a small change, patch the orders instead of reading a million rows again
            patched = self._patched_orders(old, generation) if old is not None else None
            self._orders = patched or self._load_orders(generation)
            self._postings.clear()
            return self._orders

    def _load_orders(self, generation: int) -> Orders:
        """The orders the index keeps, brought up to `generation`; else read from every post."""
        kept = self.index.kept_orders()
        orders = Orders.from_parts(kept[0], kept[1]) if kept is not None and kept[0] <= generation else None
        if orders is not None and orders.generation < generation:
            orders = self._patched_orders(orders, generation)
        return orders or Orders.read(self.library.db, generation)

    def _orders_to_keep(self) -> tuple[int, dict[str, bytes]]:
        """The orders now, for the index to keep before it deletes the queue entries they hold."""
        orders = self.orders(self.generation())
        return orders.generation, orders.parts()

    def _patched_orders(self, old: Orders, generation: int) -> Orders | None:
        """old brought to `generation` from the posts changed since (None when they are not all
        known, or so many that reading everything again is as quick)."""
        if generation <= old.generation or generation - old.generation > _PATCH_MAX:
            return None
        changed = self.index.changed_since(old.generation, generation)
        if changed is None:
            return None
        if not changed:
            return replace(old, generation=generation)
        return old.patched(generation, changed, search_reads.order_rows_of(self.library.db, sorted(changed)))

    def pending(self, generation: int, size: int, version: int) -> tuple[int, dict[int, IndexDoc | None]]:
        """(bitset, docs) of the posts the index is not sure about, read from the library."""
        key = (generation, version)
        with self._lock:
            if self._pending_key == key:
                return self._pending
        ids = self.index.pending_ids()
        docs: Any
        if len(ids) > _KEEP_PENDING:
            docs = _StreamedDocs(self.library.db, ids)  # an index still being built: read them each time
        else:
            docs = dict.fromkeys(ids)
            docs.update(load_docs_by_id(self.library.db, ids))
        # a queued post may be gone, with an id past the newest post's: no bit for it
        value = (ids_to_bits([i for i in ids if i < size], size), docs)
        with self._lock:
            self._pending_key, self._pending = key, value
        return value

    def begin(self, orders: Orders, search_notes: bool = False, among: Sequence[int] | None = None) -> Evaluator:
        """An evaluator over one consistent snapshot of the index; close() it.

        The queue is read before the index snapshot starts, and the snapshot must
        still be at the version seen before reading the queue: catch_up deletes
        queued ids only after committing them, so no post falls between the two.
        With `among`, only those posts' answers count (matches_among): they are read
        from the library whatever the index holds, and no other queued post is.
        """
        while True:
            version = self.index.state()[2]
            if among is None:
                pending = self.pending(orders.generation, orders.size, version)
            else:
                docs: dict[int, IndexDoc | None] = dict.fromkeys(among)
                # an import's batch: its texts as the import's workers folded them, not parsed again here
                handed = self.library.service(HandedTexts, HandedTexts).by_hash
                docs.update(load_docs_by_id(self.library.db, docs, handed))
                pending = (ids_to_bits(docs, orders.size), docs)
            self.index.begin_snapshot()
            if self.index.state()[2] == version:
                self.index.text_map()  # mapped now: the mapping outlives a rebuild deleting the file
                return Evaluator(
                    self.index, self.posting, orders, version, pending, self.library.db, self.notes, search_notes
                )
            self.index.end_snapshot()

    def posting(self, version: int, kind: int, key: str) -> int:
        cache_key = (version, kind, key)
        bits = self._postings.get(cache_key)
        if bits is None:
            bits = self.index.bits(kind, key)
            if len(self._postings) > 512:
                self._postings.clear()
            self._postings[cache_key] = bits
        return bits


_PATCH_MAX = 100_000  # queue entries up to which the id orders are patched rather than read again
_KEEP_PENDING = 50_000  # up to this many unindexed posts are kept in memory between searches


class _StreamedDocs:
    """The unindexed posts of a library whose index is being built, read in chunks when asked."""

    def __init__(self, db: Any, ids: set[int]) -> None:
        self.db = db
        self.ids = sorted(ids)

    def items(self) -> Iterator[tuple[int, IndexDoc | None]]:
        for start in range(0, len(self.ids), 5000):
            chunk = self.ids[start : start + 5000]
            docs = load_docs_by_id(self.db, chunk)
            for pid in chunk:
                yield pid, docs.get(pid)


def index_for(library: Library) -> SearchIndex:
    """The library's search index (one per open Library)."""
    return _searcher(library).index


def _searcher(library: Library) -> _Searcher:
    """The library's search engine: one per open Library, its index's connection closed with it."""
    return library.service(_Searcher, _Searcher)


# --- the search --------------------------------------------------------------------------


def search(
    library: Library,
    query: str,
    *,
    sort: str = "date",
    descending: bool = True,
    limit: int | None = None,
    include_trashed: bool = False,
    notes: bool = False,
    count: bool = True,
) -> SearchResult:
    """Posts matching `query`, in order; the total counts all of them even with a limit.

    Sorts: date (newest first when descending), relevance (posts with every free-text
    term in the title first, then by date), title, source (the source name), id. With `notes`,
    free text matches a post's private note too (core/search/notes.py). `count=False` with a
    limit: a first page whose total may be -1 (not counted), when that spares verifying a long
    term's candidates beyond the page (firstpage.py).
    """
    return _search(
        _searcher(library),
        query,
        sort=sort,
        descending=descending,
        limit=limit,
        include_trashed=include_trashed,
        notes=notes,
        count=count,
    )


def _search(
    searcher: _Searcher,
    query: str,
    *,
    sort: str,
    descending: bool,
    limit: int | None,
    include_trashed: bool,
    notes: bool = False,
    count: bool = True,
) -> SearchResult:
    """search() with this searcher's caches."""
    started = time.perf_counter()
    if sort not in SORTS:
        raise KnownError(f"Cannot sort by {sort!r}; choose one of {', '.join(SORTS)}.")
    parsed = parse_query(query)
    orders = searcher.orders(searcher.generation())
    base = orders.everything
    if not (include_trashed or parsed.mentions_trash()):
        base &= ~orders.trashed
    bits = base
    evaluator = searcher.begin(orders, notes)
    try:
        if not count and limit is not None and sort == "date" and parsed.root is not None and base:
            page = first_page_by_date(evaluator, orders, searcher.library.db, parsed.root, base, descending, limit)
            if page is not None:
                return SearchResult(page, -1, (time.perf_counter() - started) * 1000)
        if parsed.root is not None and base:
            bits = evaluator.run(parsed.root, base) & base
        total = bits.bit_count()
        if sort == "relevance":
            ids = _by_relevance(searcher, orders, evaluator, parsed, bits, descending, limit)
        else:
            ids = ordered(orders, searcher.library.db, bits, sort, descending, limit)
    finally:
        evaluator.close()
    return SearchResult(ids, total, (time.perf_counter() - started) * 1000)


def matching_bits(library: Library, query: str, *, include_trashed: bool = False) -> tuple[Orders, int]:
    """The posts matching `query` as a bitset, with the id orders it is over: for what counts the
    result by date (timeline.py) rather than listing it. The same posts as search() finds."""
    searcher = _searcher(library)
    parsed = parse_query(query)
    orders = searcher.orders(searcher.generation())
    bits = orders.everything
    if not (include_trashed or parsed.mentions_trash()):
        bits &= ~orders.trashed
    if parsed.root is not None and bits:
        evaluator = searcher.begin(orders)
        try:
            bits &= evaluator.run(parsed.root, bits)
        finally:
            evaluator.close()
    return orders, bits


def _by_relevance(
    searcher: _Searcher,
    orders: Orders,
    evaluator: Evaluator,
    parsed: Query,
    bits: int,
    descending: bool,
    limit: int | None,
) -> array:
    """The posts holding every free-text term in their title first, then the others, each by date."""
    db = searcher.library.db
    first = 0
    terms = parsed.positive_texts()
    if terms and bits:
        first = bits
        for term in terms:
            first &= evaluator.text(Text(term.value, True), first) if first else 0
    ids = ordered(orders, db, first, "date", descending, limit)
    if limit is None or len(ids) < limit:
        more = None if limit is None else limit - len(ids)
        rest = ordered(orders, db, bits & ~first, "date", descending, more if descending else None)
        ids = ids + rest if descending else rest + ids
        if limit is not None:
            ids = ids[:limit]
    return ids


def _debug_plan(library: Library, query: str) -> dict[str, Any]:
    """What the index knows about each free-text term (for the benchmark and bug reports)."""
    searcher = _searcher(library)
    orders = searcher.orders(searcher.generation())
    ev = searcher.begin(orders)
    out: dict[str, Any] = {}
    try:
        for term in parse_query(query).positive_texts():
            v = term.value
            if len(v) > 2:
                out[v] = {"proven": ev.proven_gram(v, [v[i : i + 2] for i in range(len(v) - 1)])}
    finally:
        ev.close()
    return out


def matches_among(library: Library, queries: Sequence[str], ids: Sequence[int]) -> list[set[int]]:
    """Which of `ids` (there and untrashed, as search() lists) each query matches: a watch query evaluated over the posts an import
    batch wrote, never the whole library (one snapshot for all the queries). A query that does not
    parse matches nothing. Inside a write transaction it sees that transaction's posts (they are queued).
    The posts' own text is read for them, and only for them: the earlier batches of a large import,
    queued too, are not read again for each batch."""
    searcher = _searcher(library)
    orders = batch_orders(library.db, ids, searcher.generation())  # the batch's own (among.py)
    within = orders.everything & ~orders.trashed
    out: list[set[int]] = []
    if not within:
        return [set() for _q in queries]
    among = list(bits_to_ids(within))
    evaluator = searcher.begin(orders, among=among)
    try:
        batch = BatchMatcher(evaluator, among, within)  # bits over the batch, not the library (among.py)
        for query in queries:
            try:
                parsed = parse_query(query)
            except QueryError:
                out.append(set())
                continue
            out.append(set(batch.matches(parsed.root)))
    finally:
        evaluator.close()
    return out
