"""The search: a query's evaluation over the index, and the result's order (snippets: snippets.py).

A query is parsed into a small tree (`query.parse_query`), which is evaluated into a
bitset of post ids (a Python int): free text through the n-gram index in
core/search/index/, exact at any length (1-3 characters straight from the
index; longer ones from the 3-grams, proven by the index's extension table or
verified against the indexed text), fields through the index (names read by the store), dates
through an in-memory date order. Posts still queued for the index are checked
by brute force, so the answer is exact at any time. The bitset is then put in
the requested order through cached id orders.
"""

from __future__ import annotations

import threading
import time
from array import array
from bisect import bisect_left
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import compress, islice
from typing import Any

from finews_desktop.core.errors import KnownError, QueryError
from finews_desktop.core.search.index import (
    EDGE,
    KIND_FIELD,
    KIND_TEXT,
    KIND_TITLE,
    MANY,
    IndexDoc,
    SearchIndex,
    _np,
    bits_mask,
    bits_to_array,
    bits_to_ids,
    fold,
    ids_to_bits,
    load_docs_by_id,
)
from finews_desktop.core.search.query import (
    QUERY_HELP,
    SORTS,
    And,
    Dates,
    Field,
    Flag,
    Node,
    Not,
    Or,
    Query,
    Text,
    next_day,
    parse_query,
    to_date,
)
from finews_desktop.core.search.snippets import snippets
from finews_desktop.core.store import search_reads
from finews_desktop.core.store.library import Library
from finews_desktop.core.store.search_reads import OrderRow

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
    total: int
    elapsed_ms: float


@dataclass
class _Derived:
    """What searches derive from one _Orders when they first need it (kept with the orders, and
    in part across a patch: see kept_before)."""

    # bitsets of the posts before each _CHECKPOINT-th position of the date order
    date_prefix: list[int] = field(default_factory=lambda: [0])
    # bitsets of the posts between two checkpoints
    date_chunks: list[int] = field(default_factory=list)
    # (by_date, the position of each id in it) as numpy arrays
    date_positions: tuple[Any, Any] | None = None
    # sort -> the position of each id in that order
    ranks: dict[str, array] = field(default_factory=dict)

    def kept_before(self, first: int, by_date: array, size: int) -> _Derived:
        """What stays true after a patch changed the date order from position `first` on: the
        checkpoints before it, and the date ranks (updated from there). Other sorts' ranks are
        built again when needed."""
        out = _Derived(self.date_prefix[: first // _CHECKPOINT + 1], self.date_chunks[: first // _CHECKPOINT])
        rank = self.ranks.get("date")
        if rank is not None:
            rank = array("q", rank)
            if len(rank) < size:
                rank.frombytes(bytes(8 * (size - len(rank))))
            deque(map(rank.__setitem__, by_date[first:], range(first, len(by_date))), 0)
            out.ranks["date"] = rank
        return out


@dataclass
class _Orders:
    """Id orders of the library at one generation (the search queue's last sequence number)."""

    generation: int
    size: int  # max id + 1
    by_date: array  # ids, ascending date then id
    dates: array  # their Unix seconds (NULL dates as a very small number)
    days: array  # their local days as YYYYMMDD (0 when none)
    everything: int  # bitset of all posts
    trashed: int
    edited: int
    warned: int
    derived: _Derived
    orders: dict[str, array]


class _Searcher:
    """Per-library state kept between searches: the index and caches keyed by generation."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.index = SearchIndex(library)
        self._lock = threading.Lock()
        self._orders: _Orders | None = None
        self._pending_key: tuple[int, int] | None = None
        self._pending: tuple[int, dict[int, IndexDoc | None]] = (0, {})
        self._postings: dict[tuple[int, int, str], int] = {}

    # caches ----------------------------------------------------------------------------

    def close(self) -> None:
        self.index.close()

    def generation(self) -> int:
        return search_reads.queue_generation(self.library.db)

    def orders(self, generation: int) -> _Orders:
        with self._lock:
            old = self._orders
            if old is not None and old.generation == generation:
                return old
            # after a small change, patch the orders instead of reading a million rows again
            patched = self._patched_orders(old, generation) if old is not None else None
            self._orders = patched or self._load_orders(generation)
            self._postings.clear()
            return self._orders

    def _load_orders(self, generation: int) -> _Orders:
        rows = search_reads.order_rows(self.library.db)
        if rows:
            ids, dates, days, trashed, edited, warned = zip(*rows, strict=True)
        else:
            ids, dates, days, trashed, edited, warned = (), (), (), (), (), ()
        size = max(ids, default=0) + 1
        by_date = array("q", ids)
        return _Orders(
            generation,
            size,
            by_date,
            array("q", dates),
            array("q", days),
            ids_to_bits(by_date, size),
            ids_to_bits(list(compress(ids, trashed)), size),
            ids_to_bits(list(compress(ids, edited)), size),
            ids_to_bits(list(compress(ids, warned)), size),
            _Derived(),
            {"date": by_date},
        )

    def _patched_orders(self, old: _Orders, generation: int) -> _Orders | None:
        """old brought to `generation` from the posts changed since (None when they are not all
        known, or so many that reading everything again is as quick)."""
        if generation <= old.generation or generation - old.generation > _PATCH_MAX:
            return None
        changed = self.index.changed_since(old.generation, generation)
        if changed is None:
            return None
        if not changed:
            return replace(old, generation=generation)
        return _patched(old, generation, changed, search_reads.order_rows_of(self.library.db, sorted(changed)))

    def order(self, orders: _Orders, sort: str) -> array:
        arr = orders.orders.get(sort)
        if arr is None:
            arr = orders.orders[sort] = search_reads.ids_sorted_by(self.library.db, sort)
        return arr

    def date_prefix(self, orders: _Orders, end: int) -> int:
        """The bitset of the posts before position `end` in date order, from checkpoints
        every _CHECKPOINT positions (built once per generation) and the few after one."""
        points = orders.derived.date_prefix
        base = end // _CHECKPOINT
        if len(points) <= base:  # built once per generation (a patched order keeps the unchanged ones)
            chunks = self.date_chunks(orders)
            with self._lock:
                while len(points) <= base:
                    points.append(points[-1] | chunks[len(points) - 1])
        return points[base] | ids_to_bits(orders.by_date[base * _CHECKPOINT : end], orders.size)

    def date_chunks(self, orders: _Orders) -> list[int]:
        """Bitsets of the posts at date-order positions [j * _CHECKPOINT, (j + 1) * _CHECKPOINT)
        for each j (built once per generation; a patched order keeps the unchanged ones)."""
        chunks = orders.derived.date_chunks
        arr = orders.by_date
        n = -(-len(arr) // _CHECKPOINT)
        if len(chunks) < n:
            with self._lock:
                while len(chunks) < n:
                    start = len(chunks) * _CHECKPOINT
                    chunks.append(ids_to_bits(arr[start : start + _CHECKPOINT], orders.size))
        return chunks

    def date_positions(self, orders: _Orders) -> tuple[Any, Any]:
        """(by_date, position of each id in it) as numpy arrays, built once per generation."""
        assert _np is not None
        got = orders.derived.date_positions
        if got is None:
            by_date = (
                _np.frombuffer(orders.by_date, dtype=_np.int64) if len(orders.by_date) else _np.zeros(0, _np.int64)
            )
            positions = _np.zeros(orders.size, dtype=_np.int64)
            positions[by_date] = _np.arange(len(by_date), dtype=_np.int64)
            got = orders.derived.date_positions = (by_date, positions)
        return got

    def rank(self, orders: _Orders, sort: str) -> array:
        rank = orders.derived.ranks.get(sort)
        if rank is None:
            arr = self.order(orders, sort)
            rank = array("q", bytes(8 * orders.size))
            deque(map(rank.__setitem__, arr, range(len(arr))), 0)
            orders.derived.ranks[sort] = rank
        return rank

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

    def begin(self, orders: _Orders) -> _Eval:
        """An evaluator over one consistent snapshot of the index; close() it.

        The queue is read before the index snapshot starts, and the snapshot must
        still be at the version seen before reading the queue: catch_up deletes
        queued ids only after committing them, so no post falls between the two.
        """
        while True:
            version = self.index.state()[2]
            pending = self.pending(orders.generation, orders.size, version)
            self.index.begin_snapshot()
            if self.index.state()[2] == version:
                self.index.text_map()  # mapped now: the mapping outlives a rebuild deleting the file
                return _Eval(self, orders, version, pending)
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


_CHECKPOINT = 16384  # date-order positions between cached prefix bitsets
_PATCH_MAX = 100_000  # queue entries up to which the id orders are patched rather than read again
_INVERT = bytes([1, 0]) + bytes(254)
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


def _patched(old: _Orders, generation: int, changed: set[int], rows: list[OrderRow]) -> _Orders:
    """old brought to `generation`: the changed posts' rows (of those that still exist) in place of theirs."""
    rows.sort(key=lambda r: (r[1], r[0]))
    size = max(old.size, max(changed) + 1)
    first, by_date, dates, days = _moved_in_date_order(old, changed, rows, size)
    cbits = ids_to_bits(sorted(changed), size)
    everything, trashed, edited, warned = _flag_bits(rows)
    return _Orders(
        generation,
        size,
        by_date,
        dates,
        days,
        (old.everything & ~cbits) | everything,
        (old.trashed & ~cbits) | trashed,
        (old.edited & ~cbits) | edited,
        (old.warned & ~cbits) | warned,
        old.derived.kept_before(first, by_date, size),
        {"date": by_date},
    )


def _moved_in_date_order(
    old: _Orders, changed: set[int], rows: list[OrderRow], size: int
) -> tuple[int, array, array, array]:
    """The first position of the date order that changes (where a changed post was, or where a
    new one goes), and the order's ids, dates and days with the changed posts at their new
    places (rows: sorted by date then id). Only the positions from the first change on are redone."""
    by_date, dates, days = old.by_date, old.dates, old.days
    gone = bytearray(size)
    for pid in changed:
        gone[pid] = 1
    if len(by_date) == 0:
        first = 0
    else:
        first = next(compress(range(len(by_date)), map(gone.__getitem__, by_date)), len(by_date))
    if rows:
        first = min(first, bisect_left(dates, rows[0][1]))
    keep = gone.translate(_INVERT)
    tail = [(d, i, y) for i, d, y in zip(by_date[first:], dates[first:], days[first:], strict=True) if keep[i]]
    tail += [(r[1], r[0], r[2]) for r in rows]
    tail.sort()
    return (
        first,
        by_date[:first] + array("q", (t[1] for t in tail)),
        dates[:first] + array("q", (t[0] for t in tail)),
        days[:first] + array("q", (t[2] for t in tail)),
    )


def _flag_bits(rows: list[OrderRow]) -> tuple[int, int, int, int]:
    """Bitsets of the rows' posts: all of them, and the trashed, edited and warned ones."""
    flags = [0, 0, 0, 0]
    for r in rows:
        flags[0] |= 1 << r[0]
        for k in range(3):
            if r[3 + k]:
                flags[k + 1] |= 1 << r[0]
    return flags[0], flags[1], flags[2], flags[3]


class _Eval:
    """Evaluates one query tree into a bitset of post ids."""

    def __init__(
        self, searcher: _Searcher, orders: _Orders, version: int, pending: tuple[int, dict[int, IndexDoc | None]]
    ) -> None:
        self.s = searcher
        self.orders = orders
        self.size = orders.size
        self.version = version
        self.pending_bits, self.pending_docs = pending
        self.db = searcher.library.db

    def close(self) -> None:
        self.s.index.end_snapshot()

    def run(self, node: Node, within: int) -> int:
        if isinstance(node, And):
            # cheap children first: what they leave narrows the ones that read text
            slow = [c for c in node.children if self._slow(c)]
            bits = within
            for child in [c for c in node.children if not self._slow(c)] + slow:
                bits &= self.run(child, bits)
                if not bits:
                    break
            return bits
        if isinstance(node, Or):
            out = 0
            for child in node.children:
                out |= self.run(child, within)
            return out
        if isinstance(node, Not):
            return within & ~self.run(node.child, within)
        if isinstance(node, Text):
            return self.text(node, within)
        if isinstance(node, Field):
            return self.field(node)
        if isinstance(node, Dates):
            return self.dates(node)
        assert isinstance(node, Flag)
        return self.flag(node)

    def _slow(self, node: Node) -> bool:
        if isinstance(node, Text):
            return len(node.value) > 2
        if isinstance(node, Not):
            return self._slow(node.child)
        if isinstance(node, (And, Or)):
            return any(self._slow(c) for c in node.children)
        return False

    # text -----------------------------------------------------------------------------

    def text(self, node: Text, within: int) -> int:
        v = node.value
        kind = KIND_TITLE if node.title_only else KIND_TEXT
        pending = self.pending_bits
        bits = self.s.posting(self.version, kind, v) if len(v) <= 2 else self.long_text(v, kind, within & ~pending)
        if pending:
            bits &= ~pending
            hits = [
                pid
                for pid, d in self.pending_docs.items()
                if d is not None and (v in d.title or (not node.title_only and v in d.body))
            ]
            bits |= ids_to_bits(hits, self.size)
        return bits

    def long_text(self, v: str, kind: int, within: int) -> int:
        twos = [v[i : i + 2] for i in range(len(v) - 1)]
        if EDGE not in v:
            proven = self.proven_gram(v, twos)
            if proven is not None:
                return self.s.posting(self.version, kind, proven) if proven else 0
        cand = within
        for g in dict.fromkeys(twos):
            cand &= self.s.posting(self.version, kind, g)
            if not cand:
                return 0
        return ids_to_bits(self.s.index.verify(list(bits_to_ids(cand)), v, kind == KIND_TEXT), self.size)

    def proven_gram(self, v: str, twos: list[str]) -> str | None:
        """A 2-gram of v whose posts are exactly v's, '' when v cannot occur in any indexed post,
        None when the extension tables prove nothing.

        Every occurrence of the 2-gram is grown one character at a time: to the right when
        some suffix (2 or 3 characters) of what is known is, everywhere in the indexed text,
        always followed by v's next character; to the left likewise. If it grows to all of
        v, each post holding the 2-gram holds v.
        """
        n = len(v)
        ext = self.s.index.extensions(twos + [v[i : i + 3] for i in range(n - 2)])
        if any(g not in ext for g in twos):
            return ""

        def follows(gram: str, c: str, side: int) -> bool:
            known = ext.get(gram)
            return known is not None and known[side] == c

        # v is nowhere if some gram of it always has another neighbour than the one v gives it
        for gram_len in (2, 3):
            for i in range(n - gram_len + 1):
                known = ext.get(v[i : i + gram_len])
                if known is None:
                    continue
                after, before = known
                if i + gram_len < n and after not in (None, MANY, v[i + gram_len]):
                    return ""
                if i > 0 and before not in (None, MANY, v[i - 1]):
                    return ""

        for k in range(n - 1):
            a, b = k, k + 2
            while b < n and (follows(v[b - 2 : b], v[b], 0) or (b - 3 >= a and follows(v[b - 3 : b], v[b], 0))):
                b += 1
            if b < n:
                continue
            while a > 0 and (follows(v[a : a + 2], v[a - 1], 1) or (a + 3 <= b and follows(v[a : a + 3], v[a - 1], 1))):
                a -= 1
            if a == 0:
                return twos[k]
        return None

    # fields -------------------------------------------------------------------------------

    def field(self, node: Field) -> int:
        value = fold(node.value)
        name = node.name
        if name == "collection":
            return self.collection(value)
        if name == "tag":
            tokens = {"t" + value}
        elif name == "category":
            tokens = {
                "c" + fold(slug)
                for slug, display in search_reads.category_names(self.db)
                if fold(slug) == value or (display and fold(display) == value)
            }
        elif name == "stock":
            tokens = {
                "k" + fold(f"{market}.{code}")
                for market, code, sname in search_reads.stock_names(self.db)
                if value in (fold(code), fold(f"{market}.{code}")) or (sname and fold(sname) == value)
            }
        else:  # source
            tokens = {
                key
                for prefix in ("s", "h")
                for key in self.s.index.keys_with_prefix(KIND_FIELD, prefix)
                if value in key[1:]
            }
        bits = 0
        for token in tokens:
            bits |= self.s.posting(self.version, KIND_FIELD, token)
        if self.pending_bits:
            bits &= ~self.pending_bits
            if name == "source":
                hits = [
                    pid
                    for pid, d in self.pending_docs.items()
                    if d is not None and any(t[0] in "sh" and value in t[1:] for t in d.fields)
                ]
            else:
                hits = [
                    pid for pid, d in self.pending_docs.items() if d is not None and not tokens.isdisjoint(d.fields)
                ]
            bits |= ids_to_bits(hits, self.size)
        return bits

    def collection(self, value: str) -> int:
        named = [cid for cid, name in search_reads.collection_names(self.db) if fold(name) == value]
        ids = search_reads.collection_post_ids(self.db, named)
        return ids_to_bits([i for i in ids if i < self.size], self.size)

    def flag(self, node: Flag) -> int:
        o = self.orders
        return {"trashed": o.trashed, "edited": o.edited}.get(node.name, o.warned)

    def dates(self, node: Dates) -> int:
        o = self.orders
        lo_day, hi_day = max(node.lo, 10101), min(node.hi, 99991231)
        if lo_day > hi_day:
            return 0
        start = _day_seconds(lo_day)
        end = _day_seconds(next_day(hi_day)) if hi_day < 99991231 else 1 << 62
        margin = 86400  # local days differ from UTC days by less than one day
        a = bisect_left(o.dates, start - margin)
        b = bisect_left(o.dates, end + margin)
        core_a = max(a, bisect_left(o.dates, start + margin))
        core_b = min(b, bisect_left(o.dates, end - margin))
        ids: list[int] = []
        days, by_date = o.days, o.by_date
        bits = 0
        if core_a < core_b:
            bits = self.s.date_prefix(o, core_b) & ~self.s.date_prefix(o, core_a)
            edges = [range(a, core_a), range(core_b, b)]
        else:
            edges = [range(a, b)]
        for r in edges:
            ids.extend(by_date[i] for i in r if node.lo <= days[i] <= node.hi)
        return bits | ids_to_bits(ids, self.size)


def _day_seconds(n: int) -> int:
    d = to_date(n)
    return int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp())


# --- the search --------------------------------------------------------------------------


def search(
    library: Library,
    query: str,
    *,
    sort: str = "date",
    descending: bool = True,
    limit: int | None = None,
    include_trashed: bool = False,
) -> SearchResult:
    """Posts matching `query`, in order; the total counts all of them even with a limit.

    Sorts: date (newest first when descending), relevance (posts with every free-text
    term in the title first, then by date), title, source (the source name), id.
    """
    return _search(
        _searcher(library), query, sort=sort, descending=descending, limit=limit, include_trashed=include_trashed
    )


def _search(
    searcher: _Searcher, query: str, *, sort: str, descending: bool, limit: int | None, include_trashed: bool
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
    evaluator = searcher.begin(orders)
    try:
        if parsed.root is not None and base:
            bits = evaluator.run(parsed.root, base) & base
        total = bits.bit_count()
        if sort == "relevance":
            ids = _by_relevance(evaluator, parsed, bits, descending, limit)
        else:
            ids = _ordered(searcher, orders, bits, sort, descending, limit)
    finally:
        evaluator.close()
    return SearchResult(ids, total, (time.perf_counter() - started) * 1000)


def _by_relevance(evaluator: _Eval, parsed: Query, bits: int, descending: bool, limit: int | None) -> array:
    """The posts holding every free-text term in their title first, then the others, each by date."""
    searcher, orders = evaluator.s, evaluator.orders
    first = 0
    terms = parsed.positive_texts()
    if terms and bits:
        first = bits
        for term in terms:
            first &= evaluator.text(Text(term.value, True), first) if first else 0
    ids = _ordered(searcher, orders, first, "date", descending, limit)
    if limit is None or len(ids) < limit:
        more = None if limit is None else limit - len(ids)
        rest = _ordered(searcher, orders, bits & ~first, "date", descending, more if descending else None)
        ids = ids + rest if descending else rest + ids
        if limit is not None:
            ids = ids[:limit]
    return ids


def _ordered(searcher: _Searcher, orders: _Orders, bits: int, sort: str, descending: bool, limit: int | None) -> array:
    if not bits or limit == 0:
        return array("q")
    if sort == "id":
        ids = array("q", bits_to_ids(bits))
        if descending:
            ids.reverse()
        return ids if limit is None else ids[:limit]
    if sort == "date" and limit is not None:
        return _first_by_date(searcher, orders, bits, descending, limit)
    count = bits.bit_count()
    arr = searcher.order(orders, sort)
    if count * 16 < len(arr):
        rank = searcher.rank(orders, sort)
        found = list(bits_to_ids(bits))
        found.sort(key=rank.__getitem__, reverse=descending)
        return array("q", found if limit is None else found[:limit])
    mask = bits_mask(bits)
    mask += bytes(orders.size - len(mask))
    if descending:
        picked: Iterator[int] = compress(reversed(arr), map(mask.__getitem__, reversed(arr)))
    else:
        picked = compress(arr, map(mask.__getitem__, arr))
    return array("q", picked if limit is None else islice(picked, limit))


def _first_by_date(searcher: _Searcher, orders: _Orders, bits: int, descending: bool, limit: int) -> array:
    """The first `limit` posts of bits in date order: only the chunks of the date order that
    hold some of them are walked, from the newest (oldest) one on, so neither a sparse result
    nor one far from the end costs a walk over the whole library."""
    arr = orders.by_date
    if _np is not None and bits.bit_count() * _SPARSE < len(arr):
        return _ranked_page(searcher, orders, bits, descending, limit)
    chunks = searcher.date_chunks(orders)
    out = array("q")
    for j in range(len(chunks) - 1, -1, -1) if descending else range(len(chunks)):
        x = bits & chunks[j]
        if not x:
            continue
        if _np is not None and x.bit_count() * _SPARSE < _CHECKPOINT:
            # few hits in this chunk: rank them rather than walk its 16,384 positions
            out.extend(_ranked_page(searcher, orders, x, descending, limit - len(out)))
            if len(out) >= limit:
                break
            continue
        sub = arr[j * _CHECKPOINT : (j + 1) * _CHECKPOINT]
        if descending:
            sub.reverse()
        low = min(sub)
        mask = bits_mask(x >> low)
        mask += bytes(max(sub) - low + 1 - len(mask))
        out.extend(islice(compress(sub, map(mask.__getitem__, map(low.__rsub__, sub))), limit - len(out)))
        if len(out) >= limit:
            break
    return out


_SPARSE = 32  # a result (or a date-order chunk's part of it) holding under 1/32 of the posts is ranked


def _ranked_page(searcher: _Searcher, orders: _Orders, bits: int, descending: bool, limit: int) -> array:
    """The first `limit` posts of bits in date order, from their date-order positions (numpy):
    the cost follows the number of hits, not the positions a walk would pass over."""
    assert _np is not None
    by_date, positions = searcher.date_positions(orders)
    found = positions[bits_to_array(bits)]
    found.sort()
    picked = found[::-1][:limit] if descending else found[:limit]
    return array("q", by_date[picked].tobytes())


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
