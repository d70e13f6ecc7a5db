"""The library's posts in date order, with their dates and flags, kept in memory between searches,
and a search's result put in the requested order from them.

`Orders` is read once per generation of the search queue (its last sequence number) and
patched from the changed posts after a small change; the index keeps them (`parts`, kept by
index/keptorders.py) so that a library opened again loads them rather than reading every post.
What searches derive from it (date-order checkpoints and chunks, each sort's ranks) is built
when first needed and kept with it.
"""

from __future__ import annotations

import sys
import threading
from array import array
from bisect import bisect_left
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, islice
from typing import Any

from finews_desktop.core.search.index import _np, bits_mask, bits_to_array, bits_to_ids, ids_to_bits
from finews_desktop.core.store import search_reads
from finews_desktop.core.store.search_reads import OrderRow

_CHECKPOINT = 16384  # date-order positions between cached prefix bitsets
_SPARSE = 32  # a result (or a date-order chunk's part of it) holding under 1/32 of the posts is ranked
_INVERT = bytes([1, 0]) + bytes(254)
_LAYOUT = b"1"  # the layout of `Orders.parts`
_ARRAYS = ("by_date", "dates", "days")
_FLAGS = ("everything", "trashed", "edited", "warned")
_BIG_ENDIAN = sys.byteorder == "big"


@dataclass
class _Derived:
    """What searches derive from one Orders when they first need it (kept with the orders, and
    in part across a patch: see kept_before)."""

    # bitsets of the posts before each _CHECKPOINT-th position of the date order
    date_prefix: list[int] = field(default_factory=lambda: [0])
    # bitsets of the posts between two checkpoints, by chunk number, each made when first needed
    date_chunks: dict[int, int] = field(default_factory=dict)
    # (by_date, the position of each id in it) as numpy arrays
    date_positions: tuple[Any, Any] | None = None
    # sort -> the position of each id in that order
    ranks: dict[str, array] = field(default_factory=dict)

    def kept_before(self, first: int, by_date: array, size: int) -> _Derived:
        """What stays true after a patch changed the date order from position `first` on: the
        checkpoints before it, and the date ranks (updated from there). Other sorts' ranks are
        built again when needed."""
        kept = first // _CHECKPOINT
        out = _Derived(self.date_prefix[: kept + 1], {j: c for j, c in list(self.date_chunks.items()) if j < kept})
        rank = self.ranks.get("date")
        if rank is not None:
            rank = array("q", rank)
            if len(rank) < size:
                rank.frombytes(bytes(8 * (size - len(rank))))
            deque(map(rank.__setitem__, by_date[first:], range(first, len(by_date))), 0)
            out.ranks["date"] = rank
        return out


@dataclass
class Orders:
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
    derived: _Derived = field(default_factory=_Derived)
    orders: dict[str, array] = field(default_factory=dict)  # sort -> every id in that order
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @staticmethod
    def read(db: Any, generation: int) -> Orders:
        """Every post's place in the date order and its flags, read from the library."""
        return Orders.from_rows(generation, search_reads.order_rows(db))

    @staticmethod
    def from_rows(generation: int, rows: Sequence[search_reads.OrderRow]) -> Orders:
        """The orders of these posts' rows, in date then id order (the library's, or one import batch's:
        core/search/among.batch_orders)."""
        if rows:
            ids, dates, days, trashed, edited, warned = zip(*rows, strict=True)
        else:
            ids, dates, days, trashed, edited, warned = (), (), (), (), (), ()
        size = max(ids, default=0) + 1
        by_date = array("q", ids)
        return Orders(
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

    def parts(self) -> dict[str, bytes]:
        """What the index keeps of these orders (index/keptorders.py): the arrays as little-endian
        bytes, the flags as bitsets' bytes; `from_parts` reads them back."""
        out = {"layout": _LAYOUT, "size": self.size.to_bytes(8, "little")}
        for name in _ARRAYS:
            arr = getattr(self, name)
            if _BIG_ENDIAN:  # pragma: no cover
                arr = array("q", arr)
                arr.byteswap()
            out[name] = arr.tobytes()
        nbytes = (self.size + 7) // 8
        for name in _FLAGS:
            out[name] = getattr(self, name).to_bytes(nbytes, "little")
        return out

    @staticmethod
    def from_parts(generation: int, parts: dict[str, bytes]) -> Orders | None:
        """The orders `parts` gave, at `generation`; None when they are not whole or of another layout."""
        if parts.get("layout") != _LAYOUT or not all(name in parts for name in ("size", *_ARRAYS, *_FLAGS)):
            return None
        size = int.from_bytes(parts["size"], "little")
        arrays = []
        for name in _ARRAYS:
            arr = array("q")
            arr.frombytes(parts[name])
            if _BIG_ENDIAN:  # pragma: no cover
                arr.byteswap()
            arrays.append(arr)
        by_date, dates, days = arrays
        flags = [int.from_bytes(parts[name], "little") for name in _FLAGS]
        if not len(by_date) == len(dates) == len(days) or flags[0].bit_length() > size:
            return None
        everything, trashed, edited, warned = flags
        return Orders(generation, size, by_date, dates, days, everything, trashed, edited, warned, _Derived(),
                      {"date": by_date})  # fmt: skip

    def patched(self, generation: int, changed: set[int], rows: list[OrderRow]) -> Orders:
        """These orders brought to `generation`: the changed posts' rows (of those that still
        exist) in place of theirs."""
        rows.sort(key=lambda r: (r[1], r[0]))
        size = max(self.size, max(changed) + 1)
        # a post trashed, edited or retagged keeps its place: only the others move (else an old
        # post's change redid the order from its place on, in Python, at the first search)
        still = self._in_place(rows)
        if len(still) < len(changed):
            moved = [r for r in rows if r[0] not in still]
            first, by_date, dates, days = _moved_in_date_order(self, changed - still, moved, size)
        else:
            first, by_date, dates, days = len(self.by_date), self.by_date, self.dates, self.days
        cbits = ids_to_bits(sorted(changed), size)
        everything, trashed, edited, warned = _flag_bits(rows)
        return Orders(
            generation,
            size,
            by_date,
            dates,
            days,
            (self.everything & ~cbits) | everything,
            (self.trashed & ~cbits) | trashed,
            (self.edited & ~cbits) | edited,
            (self.warned & ~cbits) | warned,
            self.derived.kept_before(first, by_date, size),
            {"date": by_date},
        )

    def _in_place(self, rows: list[OrderRow]) -> set[int]:
        """The posts among rows already in these orders at the same date and day (so at the same
        place); none without numpy (then every changed post is moved)."""
        if _np is None or not rows:
            return set()
        by_date, positions = self.date_positions()
        dates, days, size, count = self.dates, self.days, self.size, len(by_date)
        out = set()
        for pid, date, day, *_flags in rows:
            if pid < size:
                at = int(positions[pid])
                if at < count and by_date[at] == pid and dates[at] == date and days[at] == day:
                    out.add(pid)
        return out

    def order(self, db: Any, sort: str) -> array:
        """Every id in `sort` order (read from the library once per generation)."""
        arr = self.orders.get(sort)
        if arr is None:
            arr = self.orders[sort] = search_reads.ids_sorted_by(db, sort)
        return arr

    def rank(self, db: Any, sort: str) -> array:
        """Each id's position in `sort` order."""
        rank = self.derived.ranks.get(sort)
        if rank is None:
            arr = self.order(db, sort)
            rank = array("q", bytes(8 * self.size))
            deque(map(rank.__setitem__, arr, range(len(arr))), 0)
            self.derived.ranks[sort] = rank
        return rank

    def date_prefix(self, end: int) -> int:
        """The bitset of the posts before position `end` in date order, from checkpoints
        every _CHECKPOINT positions (built once per generation) and the few after one."""
        points = self.derived.date_prefix
        base = end // _CHECKPOINT
        if len(points) <= base:  # built once per generation (a patched order keeps the unchanged ones)
            with self.lock:
                while len(points) <= base:
                    points.append(points[-1] | self.date_chunk(len(points) - 1))
        return points[base] | ids_to_bits(self.by_date[base * _CHECKPOINT : end], self.size)

    def date_chunk_count(self) -> int:
        return -(-len(self.by_date) // _CHECKPOINT)

    def date_chunk(self, j: int) -> int:
        """The bitset of the posts at date-order positions [j * _CHECKPOINT, (j + 1) * _CHECKPOINT),
        made when first asked for (a first page needs only the chunks it reaches) and kept for
        the generation (a patched order keeps the unchanged ones)."""
        chunk = self.derived.date_chunks.get(j)
        if chunk is None:
            start = j * _CHECKPOINT
            chunk = self.derived.date_chunks[j] = ids_to_bits(self.by_date[start : start + _CHECKPOINT], self.size)
        return chunk

    def date_positions(self) -> tuple[Any, Any]:
        """(by_date, position of each id in it) as numpy arrays, built once per generation."""
        assert _np is not None
        got = self.derived.date_positions
        if got is None:
            by_date = _np.frombuffer(self.by_date, dtype=_np.int64) if len(self.by_date) else _np.zeros(0, _np.int64)
            positions = _np.zeros(self.size, dtype=_np.int64)
            positions[by_date] = _np.arange(len(by_date), dtype=_np.int64)
            got = self.derived.date_positions = (by_date, positions)
        return got


def _moved_in_date_order(
    old: Orders, changed: set[int], rows: list[OrderRow], size: int
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


# --- a result in order --------------------------------------------------------------------


def ordered(orders: Orders, db: Any, bits: int, sort: str, descending: bool, limit: int | None) -> array:
    """The posts of bits in `sort` order (reversed when descending), the first `limit` of them."""
    if not bits or limit == 0:
        return array("q")
    if sort == "id":
        ids = array("q", bits_to_ids(bits))
        if descending:
            ids.reverse()
        return ids if limit is None else ids[:limit]
    if sort == "date" and limit is not None:
        return _first_by_date(orders, bits, descending, limit)
    count = bits.bit_count()
    arr = orders.order(db, sort)
    if count * 16 < len(arr):
        rank = orders.rank(db, sort)
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


def _first_by_date(orders: Orders, bits: int, descending: bool, limit: int) -> array:
    """The first `limit` posts of bits in date order: only the chunks of the date order that
    hold some of them are walked, from the newest (oldest) one on, so neither a sparse result
    nor one far from the end costs a walk over the whole library."""
    arr = orders.by_date
    if _np is not None and bits.bit_count() * _SPARSE < len(arr):
        return _ranked_page(orders, bits, descending, limit)
    n = orders.date_chunk_count()
    out = array("q")
    for j in range(n - 1, -1, -1) if descending else range(n):
        x = bits & orders.date_chunk(j)
        if not x:
            continue
        if _np is not None and x.bit_count() * _SPARSE < _CHECKPOINT:
            # few hits in this chunk: rank them rather than walk its 16,384 positions
            out.extend(_ranked_page(orders, x, descending, limit - len(out)))
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


def _ranked_page(orders: Orders, bits: int, descending: bool, limit: int) -> array:
    """The first `limit` posts of bits in date order, from their date-order positions (numpy):
    the cost follows the number of hits, not the positions a walk would pass over."""
    assert _np is not None
    by_date, positions = orders.date_positions()
    found = positions[bits_to_array(bits)]
    found.sort()
    picked = found[::-1][:limit] if descending else found[:limit]
    return array("q", by_date[picked].tobytes())
