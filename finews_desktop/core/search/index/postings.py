"""The index's posting rows and extension tables: how a block of ids is encoded, read and changed.

`posting(kind, key, block, data)` holds the posts of one block of 65,536 ids that contain
`key`. kind 0: a 1- or 2-character string of the post's folded title or plain text (never
spanning the two); kind 1: the same for the title alone; kind 2: a field token (`t`tag,
`c`category slug, `k`market.code, `s`source name, `h`source host). `data` is either the
sorted little-endian uint16 offsets (fewer than 4,096 posts) or an 8 KiB bitmap.

`ext(key, nxt, prv)`: for each 2-gram, the one character that always follows (precedes) it
anywhere in the indexed text, or '**' when there are several. When the 2-grams of a longer
query always extend the same way (as inside a word: 碳中 is always followed by 和), the posts
of one 2-gram are exactly the posts of the query. Otherwise the posts having all its 2-grams
are verified against their indexed text. Rebuilding narrows the table again after deletes.
`ext3(key, nxt, prv)`: the same for 3-grams, so that a proof can go on where a 2-gram has
several neighbours (营业 is always followed by 收, but 业收 by 入 or 盘: 营业收 is always
followed by 入). Tables only ever widen between rebuilds (`_merge_ext`).
"""

from __future__ import annotations

import sqlite3
import sys
from array import array
from collections import defaultdict
from typing import Any

from finews_desktop.core.search.index.bitsets import bits_to_ids, ids_to_bits
from finews_desktop.core.search.index.documents import EDGE, IndexDoc, _doc_row, doc_keys

BLOCK_BITS = 16
BLOCK = 1 << BLOCK_BITS
LOW = BLOCK - 1
BITMAP_BYTES = BLOCK // 8
DENSE = BITMAP_BYTES // 2  # from this many posts on, a block is stored as a bitmap
MANY = "**"
KIND_TEXT, KIND_TITLE, KIND_FIELD = 0, 1, 2
_BIG_ENDIAN = sys.byteorder == "big"


def _block_int(data: bytes) -> int:
    if len(data) == BITMAP_BYTES:
        return int.from_bytes(data, "little")
    return ids_to_bits(_offsets(data), BLOCK)


def _offsets(data: bytes) -> array:
    arr = array("H")
    arr.frombytes(data)
    if _BIG_ENDIAN:
        arr.byteswap()
    return arr


def _encode_sorted(lids: array) -> bytes:
    """Block data for these sorted, distinct offsets."""
    if len(lids) < DENSE:
        if _BIG_ENDIAN:
            lids = array("H", lids)
            lids.byteswap()
        return lids.tobytes()
    return ids_to_bits(lids, BLOCK).to_bytes(BITMAP_BYTES, "little")


def _encode_int(x: int) -> bytes | None:
    count = x.bit_count()
    if count == 0:
        return None
    if count >= DENSE:
        return x.to_bytes(BITMAP_BYTES, "little")
    return _encode_sorted(array("H", bits_to_ids(x)))


def posting_bits(rows: list[tuple[int, bytes]]) -> int:
    """The bitset of one key's (block, data) rows, ascending blocks."""
    if not rows:
        return 0
    if len(rows) == 1:
        block, data = rows[0]
        return _block_int(data) << (block << BLOCK_BITS)
    buf = bytearray((rows[-1][0] + 1) * BITMAP_BYTES)
    sparse: list[int] = []
    for block, data in rows:
        if len(data) == BITMAP_BYTES:
            buf[block * BITMAP_BYTES : (block + 1) * BITMAP_BYTES] = data
        else:
            base = block << BLOCK_BITS
            sparse.extend(base + i for i in _offsets(data))
    x = int.from_bytes(buf, "little")
    if sparse:
        x |= ids_to_bits(sparse, len(buf) * 8)
    return x


class _BlockBuffer:
    """The changes to one block's postings, collected post by post and written at once."""

    def __init__(self) -> None:
        self.adds: list[dict[str, array]] = [defaultdict(lambda: array("H")) for _ in range(3)]
        self.drops: list[dict[str, list[int]]] = [defaultdict(list) for _ in range(3)]
        self.ext: tuple[set[str], set[str]] = (set(), set())

    def add(
        self, conn: sqlite3.Connection, ids: list[int], docs: dict[int, IndexDoc], old: dict[int, IndexDoc]
    ) -> None:
        adds, drops, ext = self.adds, self.drops, self.ext
        empty: tuple[set[str], set[str], frozenset[str]] = (set(), set(), frozenset())
        for pid in ids:
            lid = pid & LOW
            doc = docs.get(pid)
            new_keys = doc_keys(doc, ext) if doc is not None else empty
            before = old.get(pid)
            if before is None:
                for kind in range(3):
                    a = adds[kind]
                    for key in new_keys[kind]:
                        a[key].append(lid)
                continue
            old_keys = doc_keys(before)
            for kind in range(3):
                a, d = adds[kind], drops[kind]
                for key in new_keys[kind] - old_keys[kind]:
                    a[key].append(lid)
                for key in old_keys[kind] - new_keys[kind]:
                    d[key].append(lid)
        gone = [(pid,) for pid in ids if pid not in docs]
        if gone:
            conn.executemany("DELETE FROM docs WHERE id = ?", gone)
        conn.executemany(
            "INSERT OR REPLACE INTO docs (id, fields) VALUES (?, ?)",
            [_doc_row(d) for d in (docs[pid] for pid in ids if pid in docs)],
        )

    def flush(self, conn: sqlite3.Connection, block: int, fresh: bool) -> None:
        for kind in range(3):
            _write_postings(conn, kind, block, self.adds[kind], self.drops[kind], fresh)
        _merge_ext(conn, *_ext_maps(self.ext[0]))
        _merge_ext(conn, *_ext_maps(self.ext[1]), table="ext3")


def _write_postings(
    conn: sqlite3.Connection, kind: int, block: int, adds: dict[str, array], drops: dict[str, list[int]], fresh: bool
) -> None:
    if fresh:
        conn.executemany(
            "INSERT INTO posting (kind, key, block, data) VALUES (?, ?, ?, ?)",
            [(kind, key, block, _encode_sorted(lids)) for key, lids in adds.items()],
        )
        return
    keys = list(set(adds) | set(drops))
    writes: list[tuple[Any, ...]] = []
    deletes: list[tuple[Any, ...]] = []
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        existing = dict(
            conn.execute(
                f"SELECT key, data FROM posting WHERE kind = ? AND block = ? AND key IN ({marks})",
                [kind, block, *chunk],
            )
        )
        for key in chunk:
            data = existing.get(key)
            add_ids = adds.get(key)
            drop_ids = drops.get(key)
            if data is None and not drop_ids:
                writes.append((kind, key, block, _encode_sorted(array("H", sorted(set(add_ids or ()))))))
                continue
            x = _block_int(data) if data is not None else 0
            if add_ids:
                x |= ids_to_bits(add_ids, BLOCK)
            if drop_ids:
                x &= ~ids_to_bits(drop_ids, BLOCK)
            encoded = _encode_int(x)
            if encoded is None:
                if data is not None:
                    deletes.append((kind, key, block))
            elif encoded != data:
                writes.append((kind, key, block, encoded))
    conn.executemany("INSERT OR REPLACE INTO posting (kind, key, block, data) VALUES (?, ?, ?, ?)", writes)
    conn.executemany("DELETE FROM posting WHERE kind = ? AND key = ? AND block = ?", deletes)


def _ext_maps(grams_: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """For each n-gram (n = len - 1 of the given grams): its one following (preceding)
    character in `grams_`, or MANY."""
    nxt: dict[str, str] = {}
    prv: dict[str, str] = {}
    for g in grams_:
        if g[-1] == EDGE:
            key, c, table = g[:-1], EDGE, nxt
        elif g[0] == EDGE:
            key, c, table = g[1:], EDGE, prv
        else:
            key, c = g[:-1], g[-1]
            seen = nxt.get(key)
            nxt[key] = c if seen is None or seen == c else MANY
            key, c, table = g[1:], g[0], prv
        seen = table.get(key)
        table[key] = c if seen is None or seen == c else MANY
    return nxt, prv


def _merge_ext(conn: sqlite3.Connection, nxt: dict[str, str], prv: dict[str, str], table: str = "ext") -> None:
    """Merge extensions into a table, only ever widening them."""
    merge = (
        "CASE WHEN t.{c} IS NULL THEN excluded.{c} WHEN excluded.{c} IS NULL OR excluded.{c} = t.{c} "
        "THEN t.{c} ELSE '**' END"
    )
    conn.executemany(
        f"INSERT INTO {table} AS t (key, nxt, prv) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
        f"nxt = {merge.format(c='nxt')}, prv = {merge.format(c='prv')}",
        [(k, nxt.get(k), prv.get(k)) for k in nxt.keys() | prv.keys()],
    )
