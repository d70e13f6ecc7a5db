"""A slice of posts turned into index data apart from the index (in a worker process during a full
build): postings, extensions, doc rows and text file records, merged per block by build.py.

The n-grams come from numpy where it is installed (a whole slice sorted at once, 10x less
CPU), else from plain Python; both give the same data (tested against each other).
"""

from __future__ import annotations

import sqlite3
import time
from array import array
from collections import defaultdict, deque
from dataclasses import dataclass
from itertools import accumulate, repeat
from pathlib import Path
from typing import Any

from finews_desktop.core.search.index.bitsets import _np
from finews_desktop.core.search.index.documents import EDGE, IndexDoc, _doc_row, doc_keys, load_docs
from finews_desktop.core.search.index.postings import LOW, MANY, _ext_maps
from finews_desktop.core.search.index.textfile import _record

# (postings of kinds 0 and 1, nxt, prv, nxt3, prv3)
_Scanned = tuple[dict[str, array], dict[str, array], dict[str, str], dict[str, str], dict[str, str], dict[str, str]]


class _Rows:
    """The one method of a peewee database that load_docs uses, over a plain sqlite3 connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute_sql(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)


@dataclass
class _Partial:
    """The postings, 2-gram extensions and doc rows of one slice of ids, built apart."""

    lo: int
    hi: int
    count: int
    keys: list[dict[str, array]]
    nxt: dict[str, str]
    prv: dict[str, str]
    nxt3: dict[str, str]
    prv3: dict[str, str]
    docs: list[tuple[Any, ...]]  # (id, fields) rows, ascending ids
    text: bytes  # their text file records, one after the other
    ends: array  # where each record ends in `text`
    cpu: float = 0.0  # CPU seconds the slice took where it was built


def scan_slice(db_path: str, lo: int, hi: int, db: Any = None) -> _Partial:
    """Build the index data of posts lo <= id < hi (runs in a worker process during a full build)."""
    cpu = time.process_time()
    conn = None
    if db is None:
        conn = sqlite3.connect(f"{Path(db_path).absolute().as_uri()}?mode=ro", uri=True)
        db = _Rows(conn)
    try:
        docs = load_docs(db, "{id} >= ? AND {id} < ?", (lo, hi))
    finally:
        if conn is not None:
            conn.close()
    fast = _scan_np([docs[pid] for pid in sorted(docs)]) if docs and _np is not None else None
    if fast is not None:
        text_keys, title_keys, nxt, prv, nxt3, prv3 = fast
        fields: defaultdict[str, array] = defaultdict(lambda: array("H"))
        for pid in sorted(docs):
            for token in docs[pid].fields:
                fields[token].append(pid & LOW)
        keys = [text_keys, title_keys, dict(fields)]
    else:
        keys, nxt, prv, nxt3, prv3 = _scan_py(docs)
    order = sorted(docs)
    rows = [_doc_row(docs[pid]) for pid in order]
    records = [_record(docs[pid]) for pid in order]
    ends = array("q", accumulate(map(len, records)))
    cpu = time.process_time() - cpu if conn else 0.0
    return _Partial(lo, hi, len(docs), keys, nxt, prv, nxt3, prv3, rows, b"".join(records), ends, cpu)


def _scan_py(
    docs: dict[int, IndexDoc],
) -> tuple[list[dict[str, array]], dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """Postings (kinds 0-2) and 2-/3-gram extensions of these posts, in plain Python."""
    lists: list[defaultdict[str, list[int]]] = [defaultdict(list) for _ in range(3)]
    ext: tuple[set[str], set[str]] = (set(), set())
    append = list.append
    for pid in sorted(docs):
        keys = doc_keys(docs[pid], ext)
        lid = pid & LOW
        for kind in range(3):
            # C-level loops: no bytecode per key
            deque(map(append, map(lists[kind].__getitem__, keys[kind]), repeat(lid)), 0)
    nxt, prv = _ext_maps(ext[0])
    nxt3, prv3 = _ext_maps(ext[1])
    return [{k: array("H", v) for k, v in m.items()} for m in lists], nxt, prv, nxt3, prv3


def _scan_np(docs: list[IndexDoc]) -> _Scanned | None:
    """What _scan_py gives for kinds 0 and 1 and the extensions, computed with numpy (10x less
    CPU: the n-grams of a whole slice are sorted at once instead of hashed one by one). None
    when the slice has more distinct characters than 16-bit codes hold."""
    assert _np is not None
    codes = _Codes.of([t for d in docs for t in (d.title, d.body)])
    if codes is None:
        return None
    text_keys, title_keys = _np_postings(codes, docs)
    nxt, prv = _np_extensions(codes, 3)
    nxt3, prv3 = _np_extensions(codes, 4)
    return text_keys, title_keys, nxt, prv, nxt3, prv3


@dataclass
class _Codes:
    """A slice's texts (each post's title, then its body) as one array of dense 16-bit character
    codes, every text framed by EDGE on both sides, so that its 3- and 4-grams with EDGE are
    plain windows."""

    d: Any  # the codes, as uint64 (room to pack 4 of them into one number)
    chars: list[str]  # code -> character
    edge: int  # EDGE's code
    lens: Any  # each text's length
    piece: Any  # for each position, the text it belongs to (even: a title, odd: a body)

    @staticmethod
    def of(texts: list[str]) -> _Codes | None:
        np = _np
        assert np is not None
        lens = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        codes = np.frombuffer((EDGE + (EDGE + EDGE).join(texts) + EDGE).encode("utf-32-le"), dtype=np.uint32)
        alphabet = _sorted_unique(codes)
        if len(alphabet) > 65536:
            return None
        dense = np.searchsorted(alphabet, codes)
        chars = [chr(c) for c in alphabet.tolist()]
        edge = int(np.searchsorted(alphabet, ord(EDGE)))
        piece = np.repeat(np.arange(len(texts), dtype=np.int64), lens + 2)
        return _Codes(dense.astype(np.uint64).ravel(), chars, edge, lens, piece)


def _np_postings(codes: _Codes, docs: list[IndexDoc]) -> tuple[dict[str, array], dict[str, array]]:
    """Postings of kinds 0 and 1: the 1- and 2-grams inside each text (the EDGE frames left
    out), each packed with its post's offset into one number, so that one sort groups them."""
    np = _np
    assert np is not None
    d, lens, piece = codes.d, codes.lens, codes.piece
    starts = np.concatenate(([0], np.cumsum(lens + 2)[:-1]))
    real = np.ones(len(d), dtype=bool)
    real[starts] = False
    real[starts + lens + 1] = False
    lid = np.array([doc.id & LOW for doc in docs], dtype=np.uint64)[piece // 2]
    two_at = np.flatnonzero(real[:-1] & real[1:])
    one_at = np.flatnonzero(real)
    s16 = np.uint64(16)
    one = (d[one_at] << s16) | lid[one_at]
    two = ((((d[two_at] << s16) | d[two_at + 1]) + np.uint64(1 << 32)) << s16) | lid[two_at]
    title_one = (piece[one_at] & 1) == 0
    title_two = (piece[two_at] & 1) == 0
    text_keys = _np_grouped(np.concatenate((one, two)), codes.chars)
    title_keys = _np_grouped(np.concatenate((one[title_one], two[title_two])), codes.chars)
    return text_keys, title_keys


def _np_grouped(values: Any, chars: list[str]) -> dict[str, array]:
    """Packed (gram, offset) numbers -> each gram's sorted, distinct offsets."""
    np = _np
    assert np is not None
    s16 = np.uint64(16)
    values = _sorted_unique(values)
    key = values >> s16
    lids = (values & np.uint64(LOW)).astype(np.uint16).tobytes()
    bounds = np.flatnonzero(np.diff(key)) + 1
    firsts = np.concatenate(([0], bounds)).tolist()
    ends = [*bounds.tolist(), len(values)]
    out: dict[str, array] = {}
    for k, a, b in zip(key[firsts].tolist(), firsts, ends, strict=True):
        name = chars[k] if k < 1 << 32 else chars[(k - (1 << 32)) >> 16] + chars[k & 0xFFFF]
        arr = array("H")
        arr.frombytes(lids[2 * a : 2 * b])
        out[name] = arr
    return out


def _np_extensions(codes: _Codes, n: int) -> tuple[dict[str, str], dict[str, str]]:
    """(next, previous) characters of the (n - 1)-grams, from the n-grams of texts of n - 1
    characters or more, EDGE frames included."""
    np = _np
    assert np is not None
    d, lens, piece, edge = codes.d, codes.lens, codes.piece, codes.edge
    s16 = np.uint64(16)
    at = np.flatnonzero(piece[: len(d) - n + 1] == piece[n - 1 :])
    at = at[lens[piece[at]] >= n - 1]
    gram = np.zeros(len(at), dtype=np.uint64)
    for i in range(n):
        gram = (gram << s16) | d[at + i]
    gram = _sorted_unique(gram)
    first = gram >> np.uint64(16 * (n - 1))
    last = gram & np.uint64(0xFFFF)
    at_end = last == edge
    at_start = ~at_end & (first == edge)
    nxt = _np_one_side(gram[~at_start] >> s16, last[~at_start], n, codes.chars)
    prv = _np_one_side(gram[~at_end] & np.uint64((1 << (16 * (n - 1))) - 1), first[~at_end], n, codes.chars)
    return nxt, prv


def _np_one_side(key: Any, char: Any, n: int, chars: list[str]) -> dict[str, str]:
    """Each (n - 1)-gram key's one neighbour character, or MANY."""
    np = _np
    assert np is not None
    if len(key) == 0:  # no text long enough for these n-grams
        return {}
    order = np.lexsort((char, key))
    key, char = key[order], char[order]
    new = np.concatenate(([True], key[1:] != key[:-1]))
    firsts = np.flatnonzero(new)
    counts = np.diff(np.concatenate((firsts, [len(key)])))
    out: dict[str, str] = {}
    for k, c, count in zip(key[firsts].tolist(), char[firsts].tolist(), counts.tolist(), strict=True):
        if n == 3:
            name = chars[k >> 16] + chars[k & 0xFFFF]
        else:
            name = chars[k >> 32] + chars[(k >> 16) & 0xFFFF] + chars[k & 0xFFFF]
        out[name] = chars[c] if count == 1 else MANY
    return out


def _sorted_unique(values: Any) -> Any:
    """np.unique by sorting (numpy 2's hashing unique is several times slower on these)."""
    assert _np is not None
    values = _np.sort(values)
    if len(values) == 0:
        return values
    keep = _np.empty(len(values), dtype=bool)
    keep[0] = True
    _np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]
