"""The search index: n-gram bitmaps of every post's folded text and fields, beside the library.

It lives in its own SQLite file in the library folder (`search-index.sqlite3`)
and can be deleted and rebuilt from the library at any time. Tables:

- `posting(kind, key, block, data)`: the posts of one block of 65,536 ids that
  contain `key`. kind 0: a 1- or 2-character string of the post's folded
  title or plain text (never spanning the two); kind 1: the same for the title
  alone; kind 2: a field token (`t`tag, `c`category slug, `k`market.code,
  `s`source name, `h`source host). `data` is either the sorted little-endian
  uint16 offsets (fewer than 4,096 posts) or an 8 KiB bitmap.
- `ext(key, nxt, prv)`: for each 2-gram, the one character that always follows
  (precedes) it anywhere in the indexed text, or '**' when there are several.
  When the 2-grams of a longer query always extend the same way (as inside a
  word: 碳中 is always followed by 和), the posts of one 2-gram are exactly the
  posts of the query. Otherwise the posts having all its 2-grams are verified
  against their indexed text. Rebuilding narrows the table again after deletes.
- `ext3(key, nxt, prv)`: the same for 3-grams, so that a proof can go on where a
  2-gram has several neighbours (营业 is always followed by 收, but 业收 by 入 or 盘:
  营业收 is always followed by 入). Used once meta `ext3` is 1 (an index made
  before it existed fills it in on its next catch-up).
- `docs(id, fields)`: the indexed posts and their field tokens.
- `loc(block, gen, data)`: where each post of a block of 65,536 ids has its folded
  text in the text file: 65,536 little-endian int64 (start, end) pairs, (0, 0) for
  none; `gen` changes with every write of the row, so that searches cache it.
- `meta(key, value)`: `text_gen` names the text file, `text_end` is its committed length.

The text file (`search-text-<text_gen>.bin`) holds the folded text each post was
indexed from, as UTF-8 records `title 0xFF body 0xFF`: to drop a post's old
n-grams when it changes, and to verify a long query's candidates with one
`mmap.find` each (3x quicker than instr() over SQLite rows). 0xFF never occurs in
UTF-8, so no match spans the title and the body. The file is append-only and
kept consistent with the SQLite file by the order of writes:

- bytes are appended only inside an index write transaction (BEGIN IMMEDIATE, so
  one writer at a time, across processes), at `text_end`, and flushed and fsynced
  before the transaction that records their offsets (in `loc`) and the new
  `text_end` commits. A writer killed before its commit leaves bytes past
  `text_end` that no committed row points to; the next writer truncates them
  (where the file cannot be truncated, it appends after them).
- a committed record is never rewritten: a changed post gets a new record, a
  deleted one loses its `loc` entry, so a search's SQLite snapshot always reads
  the bytes it was built from. The dead records are dropped by a rebuild.
- a rebuild (and a format reset) starts a new file, `text_gen` + 1, in the
  transaction that empties the tables; the old file is deleted after that commit,
  or by a later catch-up when it was still open (Windows). A search maps the file
  of its snapshot when it begins; a candidate whose text the mapping does not
  hold (the file gone or short) is checked against the library instead, which is
  exact too, since a post not in the queue is indexed from its current text.

Posts change in the library's write transactions, which queue their ids in
`search_queue` (migration v2); `SearchIndex.catch_up` drains the queue. The
search treats queued posts by brute force, so it is exact at any time.
"""

from __future__ import annotations

import mmap
import os
import re
import sqlite3
import sys
import threading
import time
import unicodedata
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import accumulate, compress, repeat
from multiprocessing import get_context
from operator import add
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from finews_desktop.core.content.newsitem import post_text, post_text_columns
from finews_desktop.core.errors import KnownError
from finews_desktop.core.paths import library_file

if TYPE_CHECKING:
    from finews_desktop.core.store.library import Library

try:  # optional: the full build's n-grams in bulk (plain Python gives the same index, slower)
    import numpy as _np
except ImportError:  # pragma: no cover
    _np = None  # type: ignore[assignment]

INDEX_FILE = "search-index.sqlite3"
FORMAT = "3"  # 3: the indexed text moved from a SQLite table to the text file
BLOCK_BITS = 16
BLOCK = 1 << BLOCK_BITS
LOW = BLOCK - 1
BITMAP_BYTES = BLOCK // 8
DENSE = BITMAP_BYTES // 2  # from this many posts on, a block is stored as a bitmap
MANY = "**"
EDGE = "\uffff"  # marks the start/end of a text in the 2-gram extension table
KIND_TEXT, KIND_TITLE, KIND_FIELD = 0, 1, 2
SEP = b"\xff"  # ends a title and a body in the text file (never in UTF-8)
_TEXT_FILE = re.compile(r"search-text-(\d+)\.bin")

ProgressCallback = Callable[[int, int], None]

_TO_01 = bytes.maketrans(b"\x00\x01", b"01")
_FROM_01 = bytes.maketrans(b"01", b"\x00\x01")
_BIG_ENDIAN = sys.byteorder == "big"


def fold(text: str) -> str:
    """The form text is searched in: NFKC (full-width to half-width, ligatures apart) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


# --- bitsets: Python ints, bit i = post id i ------------------------------------------


def ids_to_bits(ids: Iterable[int], size: int = 0) -> int:
    """A bitset of these ids; `size` (max id + 1) lets large sets go through one byte mask."""
    if not isinstance(ids, (list, array, tuple)):
        ids = list(ids)
    if len(ids) < 24 or size <= 0:
        x = 0
        for i in ids:
            x |= 1 << i
        return x
    # a mask over the ids' span only: ids close together (a run of the date order) cost
    # what they number, not what the library does
    low = min(ids)
    span = max(ids) - low + 1
    if span < size // 2:
        mask = bytearray(span)
        deque(map(mask.__setitem__, map(low.__rsub__, ids), repeat(1)), 0)
        return int(mask.translate(_TO_01)[::-1], 2) << low
    mask = bytearray(size)
    deque(map(mask.__setitem__, ids, repeat(1)), 0)
    return int(mask.translate(_TO_01)[::-1], 2)


def bits_mask(bits: int) -> bytes:
    """One byte (0 or 1) per bit, lowest bit first; len = bits.bit_length() (at least 1)."""
    return bin(bits)[:1:-1].encode().translate(_FROM_01)


def bits_to_ids(bits: int) -> Iterator[int]:
    """The set bits' positions, ascending."""
    if not bits:
        return iter(())
    if _np is not None:
        return iter(bits_to_array(bits).tolist())
    mask = bits_mask(bits)
    return compress(range(len(mask)), mask)


def bits_to_array(bits: int) -> Any:
    """The set bits' positions as a numpy int64 array, ascending (numpy required): one C pass
    over the bitset's bytes, 5-10x quicker than bits_mask's string for a million ids."""
    assert _np is not None
    if bits <= 0:
        return _np.zeros(0, dtype=_np.int64)
    raw = _np.frombuffer(bits.to_bytes((bits.bit_length() + 7) // 8, "little"), dtype=_np.uint8)
    return _np.flatnonzero(_np.unpackbits(raw, bitorder="little"))


def array_to_bits(ids: Any) -> int:
    """The bitset of a numpy array of ids (the inverse of bits_to_array)."""
    assert _np is not None
    if len(ids) == 0:
        return 0
    mask = _np.zeros(int(ids.max()) + 1, dtype=_np.uint8)
    mask[ids] = 1
    return int.from_bytes(_np.packbits(mask, bitorder="little").tobytes(), "little")


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


# --- what is indexed about a post ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndexDoc:
    """A post as the search sees it: folded title and text, and field tokens."""

    id: int
    title: str
    body: str
    fields: frozenset[str]


def grams(text: str) -> tuple[set[str], list[str]]:
    """The distinct 1- and 2-character strings of text, and its 2-grams in order."""
    out = set(text)
    if len(text) < 2:
        return out, []
    two = list(map(add, text, text[1:]))
    out.update(two)
    return out, two


def _ext_grams(text: str, two: list[str], ext: tuple[set[str], set[str]]) -> None:
    """The 3- and 4-grams of text, plus each end's 2- and 3-gram with the EDGE mark."""
    if not two:
        return
    threes, fours = ext
    three = list(map(add, two, text[2:]))
    threes.update(three)
    threes.add(EDGE + two[0])
    threes.add(two[-1] + EDGE)
    if three:
        fours.update(map(add, three, text[3:]))
        fours.add(EDGE + three[0])
        fours.add(three[-1] + EDGE)


def doc_keys(doc: IndexDoc, ext: tuple[set[str], set[str]] | None = None) -> tuple[set[str], set[str], frozenset[str]]:
    title, title2 = grams(doc.title)
    body, body2 = grams(doc.body)
    if ext is not None:
        _ext_grams(doc.title, title2, ext)
        _ext_grams(doc.body, body2, ext)
    return title | body, title, doc.fields


def field_tokens(
    tags: Iterable[str], categories: Iterable[str], stocks: Iterable[tuple[str, str]], source_name: Any, source_url: Any
) -> frozenset[str]:
    out = {"t" + fold(t) for t in tags}
    out.update("c" + fold(c) for c in categories)
    out.update("k" + fold(f"{m}.{c}") for m, c in stocks)
    if source_name:
        out.add("s" + fold(str(source_name)))
    host = url_host(source_url)
    if host:
        out.add("h" + host)
    return frozenset(out)


def url_host(url: Any) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(str(url)).hostname
    except ValueError:
        return None
    return fold(host) if host else None


def load_docs(db: Any, where: str, params: Iterable[Any]) -> dict[int, IndexDoc]:
    """IndexDocs of the posts selected by `where` (over column `id`), read from the library."""
    params = list(params)
    posts = db.execute_sql(
        f"SELECT p.id, p.title, p.source_name, p.source_url, {post_text_columns('c')} FROM post p "
        f"LEFT JOIN post_content c ON c.post_id = p.id WHERE {where.format(id='p.id')}",
        params,
    ).fetchall()
    if not posts:
        return {}
    tags: dict[int, list[str]] = defaultdict(list)
    cats: dict[int, list[str]] = defaultdict(list)
    stocks: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for pid, name in db.execute_sql(
        f"SELECT x.post_id, t.name FROM post_tag x JOIN tag t ON t.id = x.tag_id WHERE {where.format(id='x.post_id')}",
        params,
    ):
        tags[pid].append(name)
    for pid, slug in db.execute_sql(
        f"SELECT x.post_id, c.slug FROM post_category x JOIN category c ON c.id = x.category_id "
        f"WHERE {where.format(id='x.post_id')}",
        params,
    ):
        cats[pid].append(slug)
    for pid, market, code in db.execute_sql(
        f"SELECT x.post_id, s.market, s.code FROM post_stock x JOIN stock s ON s.id = x.stock_id "
        f"WHERE {where.format(id='x.post_id')}",
        params,
    ):
        stocks[pid].append((market, code))
    return {
        pid: IndexDoc(
            pid,
            _storable(fold(title or "")),
            _storable(fold(post_text(text, raw))),
            field_tokens(tags.get(pid, ()), cats.get(pid, ()), stocks.get(pid, ()), source, url),
        )
        for pid, title, source, url, text, raw in posts
    }


def _storable(text: str) -> str:
    """text, with lone surrogates (which SQLite cannot store) replaced."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode()
    return text


def load_docs_by_id(db: Any, ids: Iterable[int]) -> dict[int, IndexDoc]:
    out: dict[int, IndexDoc] = {}
    ids = sorted(set(ids))
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        out.update(load_docs(db, "{id} IN (SELECT value FROM json_each(?))", [_json_ids(chunk)]))
    return out


def _json_ids(ids: Iterable[int]) -> str:
    return "[" + ",".join(map(str, ids)) + "]"


# --- the index file -------------------------------------------------------------------------

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS posting (kind INTEGER NOT NULL, key TEXT NOT NULL, block INTEGER NOT NULL, "
    "data BLOB NOT NULL, PRIMARY KEY (kind, key, block)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS ext (key TEXT PRIMARY KEY, nxt TEXT, prv TEXT) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS ext3 (key TEXT PRIMARY KEY, nxt TEXT, prv TEXT) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS docs (id INTEGER PRIMARY KEY, fields TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS loc (block INTEGER PRIMARY KEY, gen INTEGER NOT NULL, data BLOB NOT NULL)",
)
_TABLES = ("posting", "ext", "ext3", "docs", "loc")


def text_file_name(gen: int) -> str:
    return f"search-text-{gen}.bin"


def _record(doc: IndexDoc) -> bytes:
    return doc.title.encode() + SEP + doc.body.encode() + SEP


class _TextAppender:
    """The text file opened for appending inside an index write transaction (see the module doc)."""

    def __init__(self, folder: Path, conn: sqlite3.Connection) -> None:
        assert conn.in_transaction
        meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('text_gen', 'text_end')"))
        self.conn = conn
        self.path = folder / text_file_name(int(meta.get("text_gen", "0")))
        committed = int(meta.get("text_end", "0"))
        self.file = open(self.path, "a+b")  # noqa: SIM115 (closed by finish)
        size = self.file.seek(0, os.SEEK_END)
        if size > committed:  # left by a writer killed before its commit
            try:
                self.file.truncate(committed)
                size = committed
            except OSError:  # pragma: no cover (a mapped file on Windows): append after them
                pass
        elif size < committed:
            self.file.close()
            raise KnownError(f"The search index's text file {self.path.name} is shorter than the index says.")
        self.pos = size

    def append(self, data: bytes) -> int:
        """Append data; returns where it starts."""
        start = self.pos
        if data:
            self.file.write(data)
            self.pos += len(data)
        return start

    def read(self, start: int, end: int) -> bytes:
        self.file.flush()
        self.file.seek(start)
        data = self.file.read(end - start)
        self.file.seek(0, os.SEEK_END)
        return data

    def finish(self) -> None:
        """Make the appended bytes durable, then record the new end (committed by the caller)."""
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('text_end', ?)", (str(self.pos),))

    def close(self) -> None:
        if not self.file.closed:
            self.file.close()


def _split_record(data: bytes) -> tuple[str, str]:
    """(title, body) of a text file record."""
    title, body, _end = data.split(SEP)
    return title.decode(), body.decode()


def _empty_loc() -> array:
    return array("q", bytes(16 * BLOCK))


def _read_loc(conn: sqlite3.Connection, block: int) -> array:
    row = conn.execute("SELECT data FROM loc WHERE block = ?", (block,)).fetchone()
    if row is None:
        return _empty_loc()
    out = array("q")
    out.frombytes(row[0])
    if _BIG_ENDIAN:
        out.byteswap()
    return out


def _write_loc(conn: sqlite3.Connection, block: int, loc: array) -> None:
    if _BIG_ENDIAN:
        loc = array("q", loc)
        loc.byteswap()
    conn.execute(
        "INSERT INTO loc (block, gen, data) VALUES (?, 1, ?) "
        "ON CONFLICT (block) DO UPDATE SET gen = loc.gen + 1, data = excluded.data",
        (block, loc.tobytes()),
    )


def _read_only_index(path: Path) -> sqlite3.Connection:
    """The index file as it is (immutable: no -shm can be made beside it), else an empty index in memory
    (every post is then searched directly, which is exact too)."""
    if path.is_file() and not path.is_symlink():
        conn = sqlite3.connect(
            f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None, check_same_thread=False
        )
        try:
            if conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() == (FORMAT,):
                return conn
        except sqlite3.DatabaseError:
            pass
        conn.close()
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    for sql in _SCHEMA:
        conn.execute(sql)
    conn.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
    return conn


class SearchIndex:
    """The search index of one library. Safe to use from several threads (one connection each)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.path = Path(library.folder) / INDEX_FILE
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self.last_build_cpu = 0.0  # CPU seconds of the last full build, worker processes included
        # (after_seq, upto_seq, post ids or None for "all") of the queue entries this object
        # deleted, so that a search can patch its id orders instead of reading them again
        self._forgotten: deque[tuple[int, int, frozenset[int] | None]] = deque()
        # the text file mapped for verification: (text_gen, mmap), and loc rows by (gen, block)
        self._map_lock = threading.Lock()
        self._map: tuple[int, mmap.mmap] | None = None
        self._locs: dict[tuple[int, int], tuple[int, Any]] = {}

    # connections --------------------------------------------------------------------------

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None and not os.access(self.path.parent, os.W_OK):  # a read-only medium: write nothing
            conn = self._local.conn = _read_only_index(self.path)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            conn.execute("PRAGMA journal_mode = wal")
            conn.execute("PRAGMA synchronous = normal")
            conn.execute("PRAGMA cache_size = -65536")
            conn.execute("PRAGMA temp_store = memory")
            for sql in _SCHEMA:
                conn.execute(sql)
            if conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() is None:
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))
                # a new index file (the old one deleted?) never reuses a text file's name
                conn.execute("INSERT OR IGNORE INTO meta VALUES ('text_gen', ?)", (str(self._next_text_gen(-1)),))
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def begin_snapshot(self) -> None:
        """Read the index as it is now until end_snapshot (a read transaction on this thread's connection)."""
        self.connection().execute("BEGIN")

    def end_snapshot(self) -> None:
        conn = self.connection()
        if conn.in_transaction:
            conn.execute("COMMIT")

    def meta(self) -> dict[str, str]:
        return dict(self.connection().execute("SELECT key, value FROM meta"))

    def _set_meta(self, conn: sqlite3.Connection, **values: Any) -> None:
        conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [(k, str(v)) for k, v in values.items()])

    def state(self) -> tuple[bool, int, int]:
        """(ready, built_below, version): whether a full build finished, ids below which a
        running rebuild is done, and a counter that changes with every index commit."""
        meta = self.meta()
        if meta.get("format") != FORMAT:
            return False, 0, -1
        return meta.get("ready") == "1", int(meta.get("built_below", "0")), int(meta.get("version", "0"))

    def size_bytes(self) -> int:
        """The pages the index uses (free pages left by a rebuild are not counted) and its text file."""
        conn = self.connection()
        pages = conn.execute("PRAGMA page_count").fetchone()[0] - conn.execute("PRAGMA freelist_count").fetchone()[0]
        text = self.path.parent / text_file_name(int(self.meta().get("text_gen", "0")))
        return int(pages * conn.execute("PRAGMA page_size").fetchone()[0]) + (
            text.stat().st_size if text.exists() else 0
        )

    # what is not in the index ----------------------------------------------------------------

    def pending_ids(self) -> set[int]:
        """Posts the index may be wrong about: queued ones, and those a rebuild has not reached."""
        db = self.library.db
        meta = self.meta()
        ready = meta.get("format") == FORMAT and meta.get("ready") == "1"
        # queue entries up to `seq` are in the index (a read-only library cannot delete them)
        applied = int(meta.get("seq" if ready else "rebuild_seq", "0") or 0)
        pending = {r[0] for r in db.execute_sql("SELECT DISTINCT post_id FROM search_queue WHERE seq > ?", (applied,))}
        if not ready:
            built_below = int(meta.get("built_below", "0")) if meta.get("format") == FORMAT else 0
            pending.update(r[0] for r in db.execute_sql("SELECT id FROM post WHERE id >= ?", (built_below,)))
        return pending

    def pending_count(self) -> int:
        return len(self.pending_ids())

    def changed_since(self, after: int, upto: int) -> set[int] | None:
        """The posts queued with sequence numbers in (after, upto], from the queue and from what
        this object deleted from it; None when some of them are not known any more."""
        rows = self.library.db.execute_sql(
            "SELECT seq, post_id FROM search_queue WHERE seq > ? AND seq <= ?", (after, upto)
        ).fetchall()
        ids = {pid for _seq, pid in rows}
        if len(rows) == upto - after:
            return ids
        covered = {seq for seq, _pid in rows}
        for lo, hi, forgot in list(self._forgotten):
            if hi <= after or lo >= upto:
                continue
            if forgot is None:
                return None
            ids.update(forgot)
            covered.update(range(max(lo, after) + 1, min(hi, upto) + 1))
        return ids if len(covered) >= upto - after else None

    # reading postings ------------------------------------------------------------------------

    def bits(self, kind: int, key: str) -> int:
        """The bitset of indexed posts that hold key (see the module doc for kinds)."""
        rows = (
            self.connection()
            .execute("SELECT block, data FROM posting WHERE kind = ? AND key = ? ORDER BY block", (kind, key))
            .fetchall()
        )
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

    def keys_with_prefix(self, kind: int, prefix: str) -> list[str]:
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return [
            r[0]
            for r in self.connection().execute(
                "SELECT DISTINCT key FROM posting WHERE kind = ? AND key >= ? AND key < ?", (kind, prefix, end)
            )
        ]

    def extensions(self, keys: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
        """(next, previous) characters of 2-grams, and of 3-grams when that table is complete."""
        keys = list(dict.fromkeys(keys))
        conn = self.connection()
        out: dict[str, tuple[str | None, str | None]] = {}
        use3 = conn.execute("SELECT value FROM meta WHERE key = 'ext3'").fetchone() == ("1",)
        for table, n in (("ext", 2), ("ext3", 3)):
            wanted = [k for k in keys if len(k) == n]
            if wanted and (n == 2 or use3):
                marks = ",".join("?" * len(wanted))
                rows = conn.execute(f"SELECT key, nxt, prv FROM {table} WHERE key IN ({marks})", wanted)
                out.update((k, (nx, pv)) for k, nx, pv in rows)
        return out

    def text_map(self) -> mmap.mmap | None:
        """The text file of the calling thread's snapshot, mapped up to its committed end at
        least (None when there is no text or the file cannot be mapped). A search calls it when
        it begins, so that the mapping outlives a rebuild that deletes the file."""
        meta = dict(self.connection().execute("SELECT key, value FROM meta WHERE key IN ('text_gen', 'text_end')"))
        gen, end = int(meta.get("text_gen", "0")), int(meta.get("text_end", "0"))
        if end <= 0:
            return None
        with self._map_lock:
            if self._map is not None and self._map[0] == gen and len(self._map[1]) >= end:
                return self._map[1]
            if self._map is not None and self._map[0] != gen:
                self._locs.clear()
            try:
                with open(self.path.parent / text_file_name(gen), "rb") as fh:
                    mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):
                return None
            if len(mapped) < end:
                return None
            # an older mapping is not closed: another thread's search may still read it
            self._map = (gen, mapped)
            return mapped

    def _loc(self, conn: sqlite3.Connection, gen: int, block: int) -> Any:
        """The block's (start, end) pairs in the snapshot, as an (n, 2) numpy array or an array."""
        row = conn.execute("SELECT gen FROM loc WHERE block = ?", (block,)).fetchone()
        if row is None:
            return None
        key = (gen, block)
        with self._map_lock:
            cached = self._locs.get(key)
        if cached is not None and cached[0] == row[0]:
            return cached[1]
        data = conn.execute("SELECT data FROM loc WHERE block = ?", (block,)).fetchone()[0]
        if _np is not None:
            loc: Any = _np.frombuffer(data, dtype="<i8").reshape(-1, 2)
        else:
            loc = array("q")
            loc.frombytes(data)
            if _BIG_ENDIAN:
                loc.byteswap()
        with self._map_lock:
            self._locs[key] = (row[0], loc)
        return loc

    def verify(self, ids: list[int], needle: str, with_body: bool = True) -> list[int]:
        """The posts among ids (indexed, not queued) whose indexed title (or text) holds needle:
        one mmap.find each in the text file; posts whose text it does not hold are checked
        against the library (see the module doc)."""
        if not ids:
            return []
        conn = self.connection()
        mapped = self.text_map()
        gen = int(dict(conn.execute("SELECT key, value FROM meta WHERE key = 'text_gen'")).get("text_gen", "0"))
        nb = needle.encode()
        out: list[int] = []
        elsewhere: list[int] = []
        by_block: dict[int, list[int]] = defaultdict(list)
        for pid in ids:
            by_block[pid >> BLOCK_BITS].append(pid)
        size = len(mapped) if mapped is not None else 0
        for block, block_ids in by_block.items():
            loc = self._loc(conn, gen, block) if mapped is not None else None
            if loc is None:
                elsewhere.extend(block_ids)
                continue
            if _np is not None:
                pairs = loc[_np.asarray(block_ids, dtype=_np.int64) & LOW]
                starts, ends = pairs[:, 0].tolist(), pairs[:, 1].tolist()
            else:
                starts = [loc[2 * (pid & LOW)] for pid in block_ids]
                ends = [loc[2 * (pid & LOW) + 1] for pid in block_ids]
            if ends and max(ends) > size:  # pragma: no cover (a snapshot newer than the mapping)
                elsewhere.extend(block_ids)
                continue
            assert mapped is not None
            if not with_body:
                ends = [max(a, b) for a, b in zip(starts, map(mapped.find, repeat(SEP), starts, ends), strict=True)]
            found = map(mapped.find, repeat(nb), starts, ends)
            out.extend(compress(block_ids, map((-1).__lt__, found)))
        if elsewhere:
            docs = load_docs_by_id(self.library.db, elsewhere)
            out.extend(
                pid
                for pid in elsewhere
                if (d := docs.get(pid)) is not None and (needle in d.title or (with_body and needle in d.body))
            )
            out.sort()
        return out

    # building -----------------------------------------------------------------------------

    def rebuild(
        self, progress: ProgressCallback | None = None, should_cancel: Callable[[], bool] | None = None
    ) -> bool:
        """Throw the index away and build it again from the library; see catch_up."""
        with self.library.journal.operation("index", "Rebuild the search index", {"rebuild": True}):
            with self._write_lock:
                self._empty(keep_format=True)
            return self.catch_up(progress, should_cancel)

    def _empty(self, keep_format: bool) -> None:
        """Empty every table and start a new text file (its number committed with the emptying);
        the old file is deleted after the commit, or later by _drop_old_texts."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            meta = self.meta()
            gen, version = self._next_text_gen(int(meta.get("text_gen", "0"))), int(meta.get("version", "0"))
            for table in _TABLES:
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DROP TABLE IF EXISTS doc")  # format 2's text table
            conn.execute("DELETE FROM meta WHERE key <> 'format'" if keep_format else "DELETE FROM meta")
            # the version goes on counting: searches cache postings by it
            self._set_meta(
                conn, text_gen=gen, text_end=0, version=version + 1, **({} if keep_format else {"format": FORMAT})
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        self._drop_old_texts()

    def _next_text_gen(self, current: int) -> int:
        """A text file number above the current one and above every file in the folder."""
        found = [
            int(m.group(1))
            for path in self.path.parent.glob("search-text-*.bin")
            if (m := _TEXT_FILE.fullmatch(path.name))
        ]
        return max([current, *found]) + 1

    def _text_intact(self) -> bool:
        """Whether the text file holds every byte the index says it does."""
        meta = self.meta()
        end = int(meta.get("text_end", "0"))
        path = self.path.parent / text_file_name(int(meta.get("text_gen", "0")))
        return end == 0 or (path.exists() and path.stat().st_size >= end)

    def _drop_old_texts(self) -> None:
        """Delete the text files of earlier builds (one still mapped on Windows is kept for later).
        Only older ones: another process may have started a newer one since meta was read."""
        current = int(self.meta().get("text_gen", "0"))
        for path in self.path.parent.glob("search-text-*.bin"):
            m = _TEXT_FILE.fullmatch(path.name)
            if m and int(m.group(1)) < current:
                try:
                    path.unlink()
                except OSError:  # pragma: no cover (open elsewhere on Windows)
                    pass

    def catch_up(
        self, progress: ProgressCallback | None = None, should_cancel: Callable[[], bool] | None = None
    ) -> bool:
        """Bring the index up to date with the library: a full build when there is none, else the
        queued posts. Call from any thread; `progress(done, total)` counts posts; returns False
        when `should_cancel()` stopped it (what was done is kept, and the rest is done next time).
        Works on a read-only library too: only the index file is written then, and the queue
        entries it applied are left for a writer to delete."""
        cancel = should_cancel or (lambda: False)
        # journaled (core/store/journal.py), so that the next start says a build was interrupted
        with self._write_lock, self.library.journal.operation("index", "Update the search index", {}):
            meta = self.meta()
            if meta.get("format") != FORMAT:
                self._empty(keep_format=False)
                meta = self.meta()
            elif not self._text_intact():  # the text file lost or cut short: build it all again
                self._empty(keep_format=True)
                meta = self.meta()
            else:
                self._drop_old_texts()
            if meta.get("ready") != "1" and not self._build_all(meta, progress, cancel):
                return False
            return self._drain(progress, cancel)

    def _max_seq(self) -> int:
        row = self.library.db.execute_sql("SELECT MAX(seq) FROM search_queue").fetchone()
        return int(row[0] or 0)

    def _build_all(self, meta: dict[str, str], progress: ProgressCallback | None, cancel: Callable[[], bool]) -> bool:
        db = self.library.db
        conn = self.connection()
        if "rebuild_seq" not in meta:
            self._set_meta(conn, rebuild_seq=self._max_seq(), built_below=0)
            meta = self.meta()
        start = int(meta["built_below"])
        max_id = db.execute_sql("SELECT MAX(id) FROM post").fetchone()[0] or 0
        total = db.execute_sql("SELECT COUNT(*) FROM post WHERE id >= ?", (start,)).fetchone()[0]
        slices = [
            (lo, min(lo + SLICE, ((lo >> BLOCK_BITS) + 1) << BLOCK_BITS)) for lo in range(start, max_id + 1, SLICE)
        ]
        done = 0
        db_path = str(library_file(Path(self.library.folder)))
        cpu = time.process_time()
        worker_cpu = 0.0
        pool = None
        if total >= 2 * SLICE and BUILD_WORKERS > 1:
            # forkserver: never fork a process that may be running Qt threads
            ctx = get_context("forkserver" if os.name == "posix" else "spawn")
            pool = ProcessPoolExecutor(max_workers=BUILD_WORKERS, mp_context=ctx)
        try:
            futures: deque[Future[_Partial]] = deque()
            todo = deque(slices)
            block_parts: list[_Partial] = []
            while todo or futures:
                while pool is not None and todo and len(futures) < 2 * BUILD_WORKERS:
                    futures.append(pool.submit(scan_slice, db_path, *todo.popleft()))
                if cancel():
                    return False
                part = futures.popleft().result() if pool else scan_slice(db_path, *todo.popleft(), db=db)
                block_parts.append(part)
                worker_cpu += part.cpu
                done += part.count
                if progress:
                    progress(done, total)
                block = (part.hi - 1) >> BLOCK_BITS
                if not (todo or futures) or part.hi >= ((block + 1) << BLOCK_BITS):
                    conn.execute("BEGIN IMMEDIATE")
                    text = None
                    try:
                        if int(self.meta().get("built_below", "0")) > block_parts[0].lo:
                            raise KnownError("Another finews-desktop is building this search index; try again later.")
                        text = _TextAppender(self.path.parent, conn)
                        _write_parts(conn, block, block_parts, text)
                        text.finish()
                        self._bump(conn, built_below=part.hi)
                        conn.execute("COMMIT")
                    except BaseException:
                        if text is not None:
                            text.close()
                        conn.execute("ROLLBACK")
                        raise
                    block_parts = []
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        self.last_build_cpu = time.process_time() - cpu + worker_cpu
        rebuild_seq = int(self.meta()["rebuild_seq"])
        conn.execute("BEGIN IMMEDIATE")
        self._bump(conn, ready=1, built_below=max_id + 1, seq=rebuild_seq, ext3=1)
        conn.execute("DELETE FROM meta WHERE key = 'rebuild_seq'")
        conn.execute("COMMIT")
        self._forget_queue(rebuild_seq)
        return True

    def _forget_queue(self, seq: int, after: int = 0, ids: Iterable[int] | None = None) -> None:
        """Delete the queue entries up to seq (those after `after` being `ids`, None: unknown)."""
        self._forgotten.append((after, seq, None if ids is None else frozenset(ids)))
        while len(self._forgotten) > 1 and sum(len(f[2] or ()) for f in self._forgotten) > _REMEMBER:
            self._forgotten.popleft()
        if not self.library.readonly:
            with self.library.db.atomic():
                self.library.db.execute_sql("DELETE FROM search_queue WHERE seq <= ?", (seq,))

    def _bump(self, conn: sqlite3.Connection, **values: Any) -> None:
        row = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        self._set_meta(conn, version=int(row[0] if row else 0) + 1, **values)

    def _drain(self, progress: ProgressCallback | None, cancel: Callable[[], bool]) -> bool:
        db = self.library.db
        conn = self.connection()
        seq = self._max_seq()
        applied = int(self.meta().get("seq", "0"))
        ids = sorted(
            r[0]
            for r in db.execute_sql(
                "SELECT DISTINCT post_id FROM search_queue WHERE seq > ? AND seq <= ?", (applied, seq)
            )
        )
        if not ids:
            self._forget_queue(seq, applied, ())
            return True
        by_block: dict[int, list[int]] = defaultdict(list)
        for pid in ids:
            by_block[pid >> BLOCK_BITS].append(pid)
        done = 0
        for block, block_ids in sorted(by_block.items()):
            for start in range(0, len(block_ids), 16384):
                if cancel():
                    return False
                chunk = block_ids[start : start + 16384]
                docs = load_docs_by_id(db, chunk)
                conn.execute("BEGIN IMMEDIATE")
                text = None
                try:
                    lo, hi = block << BLOCK_BITS, (block + 1) << BLOCK_BITS
                    fresh = conn.execute("SELECT 1 FROM docs WHERE id >= ? AND id < ? LIMIT 1", (lo, hi)).fetchone()
                    text = _TextAppender(self.path.parent, conn)
                    self._write_block(conn, block, chunk, docs, fresh is None, text)
                    text.finish()
                    self._bump(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    if text is not None:
                        text.close()
                    conn.execute("ROLLBACK")
                    raise
                done += len(chunk)
                if progress:
                    progress(done, len(ids))
        conn.execute("BEGIN IMMEDIATE")
        self._bump(conn, seq=seq)
        conn.execute("COMMIT")
        self._forget_queue(seq, applied, ids)
        return True

    def _old_docs(
        self, conn: sqlite3.Connection, ids: list[int], loc: array, text: _TextAppender
    ) -> dict[int, IndexDoc]:
        """The indexed form of these posts (of one block), their text read from the text file."""
        out = {}
        for pid, fields in conn.execute(
            "SELECT id, fields FROM docs WHERE id IN (SELECT value FROM json_each(?))", (_json_ids(ids),)
        ):
            at = 2 * (pid & LOW)
            title, body = _split_record(text.read(loc[at], loc[at + 1]))
            out[pid] = IndexDoc(pid, title, body, frozenset(fields.split("\x1f")) if fields else frozenset())
        return out

    def _write_block(
        self,
        conn: sqlite3.Connection,
        block: int,
        ids: list[int],
        docs: dict[int, IndexDoc],
        fresh: bool,
        text: _TextAppender,
    ) -> None:
        """(Re)index posts `ids` of one block: `docs` holds those that exist; the others are dropped."""
        loc = _empty_loc() if fresh else _read_loc(conn, block)
        buffer = _BlockBuffer()
        buffer.add(conn, ids, docs, {} if fresh else self._old_docs(conn, ids, loc, text))
        buffer.flush(conn, block, fresh)
        # the new texts' records, one append; the gone posts' entries emptied
        records = [_record(docs[pid]) for pid in ids if pid in docs]
        at = text.append(b"".join(records))
        records_iter = iter(records)
        for pid in ids:
            lid = 2 * (pid & LOW)
            if pid in docs:
                size = len(next(records_iter))
                loc[lid], loc[lid + 1] = at, at + size
                at += size
            else:
                loc[lid] = loc[lid + 1] = 0
        _write_loc(conn, block, loc)


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


_REMEMBER = 200_000  # post ids of deleted queue entries kept for changed_since
SLICE = 8192  # posts read and turned into postings at a time (a block is 8 slices)
BUILD_WORKERS = min(2, os.cpu_count() or 1)


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


def _scan_np(
    docs: list[IndexDoc],
) -> tuple[dict[str, array], dict[str, array], dict[str, str], dict[str, str], dict[str, str], dict[str, str]] | None:
    """What _scan_py gives for kinds 0 and 1 and the extensions, computed with numpy (10x less
    CPU: the n-grams of a whole slice are sorted at once instead of hashed one by one). None
    when the slice has more distinct characters than 16-bit codes hold. Every text is framed
    by EDGE on both sides in one array, so that its 3- and 4-grams with EDGE are plain windows."""
    np = _np
    assert np is not None
    texts = [t for d in docs for t in (d.title, d.body)]
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer((EDGE + (EDGE + EDGE).join(texts) + EDGE).encode("utf-32-le"), dtype=np.uint32)
    alphabet = _sorted_unique(codes)
    if len(alphabet) > 65536:
        return None
    dense = np.searchsorted(alphabet, codes)
    chars = [chr(c) for c in alphabet.tolist()]
    edge = int(np.searchsorted(alphabet, ord(EDGE)))
    d = dense.astype(np.uint64).ravel()
    piece = np.repeat(np.arange(len(texts), dtype=np.int64), lens + 2)
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

    def postings(values: Any) -> dict[str, array]:
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

    title_one = (piece[one_at] & 1) == 0
    title_two = (piece[two_at] & 1) == 0
    text_keys = postings(np.concatenate((one, two)))
    title_keys = postings(np.concatenate((one[title_one], two[title_two])))

    def extensions(n: int) -> tuple[dict[str, str], dict[str, str]]:
        # the n-grams of texts of n - 1 characters or more, EDGE frames included
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
        return one_side(gram[~at_start] >> s16, last[~at_start], n), one_side(
            gram[~at_end] & np.uint64((1 << (16 * (n - 1))) - 1), first[~at_end], n
        )

    def one_side(key: Any, char: Any, n: int) -> dict[str, str]:
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

    nxt, prv = extensions(3)
    nxt3, prv3 = extensions(4)
    return text_keys, title_keys, nxt, prv, nxt3, prv3


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


def _doc_row(d: IndexDoc) -> tuple[Any, ...]:
    return (d.id, "\x1f".join(sorted(d.fields)))


def _write_parts(conn: sqlite3.Connection, block: int, parts: list[_Partial], text: _TextAppender) -> None:
    """Write a block that the index does not have yet from its slices (in id order)."""
    loc = _empty_loc()
    for part in parts:
        at = text.append(part.text)
        start = at
        for (pid, _fields), end in zip(part.docs, part.ends, strict=True):
            lid = 2 * (pid & LOW)
            loc[lid], loc[lid + 1] = start, at + end
            start = at + end
    _write_loc(conn, block, loc)
    for kind in range(3):
        merged: dict[str, array] = {}
        for part in parts:
            for key, lids in part.keys[kind].items():
                have = merged.get(key)
                if have is None:
                    merged[key] = lids
                else:
                    have.extend(lids)
        _write_postings(conn, kind, block, merged, {}, fresh=True)
    # the slices' extensions merged here first: one upsert per key and block, not per slice
    maps: list[dict[str, str]] = [{}, {}, {}, {}]
    for part in parts:
        for ext, new in zip(maps, (part.nxt, part.prv, part.nxt3, part.prv3), strict=True):
            if not ext:
                ext.update(new)
                continue
            get = ext.get
            for key, c in new.items():
                seen = get(key)
                if seen != c:
                    ext[key] = c if seen is None else MANY
        conn.executemany("INSERT OR REPLACE INTO docs (id, fields) VALUES (?, ?)", part.docs)
    _merge_ext(conn, maps[0], maps[1])
    _merge_ext(conn, maps[2], maps[3], table="ext3")


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


def timed_rebuild(index: SearchIndex, progress: ProgressCallback | None = None) -> tuple[int, float]:
    """Rebuild and return (posts indexed, seconds)."""
    started = time.monotonic()
    counted = [0]

    def show(done: int, total: int) -> None:
        counted[0] = done
        if progress:
            progress(done, total)

    index.rebuild(show)
    return counted[0], time.monotonic() - started
