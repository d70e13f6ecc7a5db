"""The index's text file: the folded text each post was indexed from, beside the index.

The text file (`search-text-<text_gen>.bin`) holds the folded text each post was
indexed from, as UTF-8 records `title 0xFF body 0xFF`: to drop a post's old
n-grams when it changes, and to verify a long query's candidates with one
`mmap.find` each (3x quicker than instr() over SQLite rows). 0xFF never occurs in
UTF-8, so no match spans the title and the body. `loc(block, gen, data)` says where
each post of a block of 65,536 ids has its record: 65,536 little-endian int64 (start,
end) pairs, (0, 0) for none; `gen` changes with every write of the row, so that
searches cache it. meta `text_gen` names the file, `text_end` is its committed length.

The file is append-only and kept consistent with the SQLite file by the order of writes:

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
"""

from __future__ import annotations

import mmap
import os
import re
import sqlite3
import threading
from array import array
from collections import defaultdict
from itertools import compress, repeat
from pathlib import Path
from typing import Any

from finews_desktop.core.errors import KnownError
from finews_desktop.core.search.index.bitsets import _np
from finews_desktop.core.search.index.documents import IndexDoc
from finews_desktop.core.search.index.postings import _BIG_ENDIAN, BLOCK, BLOCK_BITS, LOW

SEP = b"\xff"  # ends a title and a body in the text file (never in UTF-8)
_TEXT_FILE = re.compile(r"search-text-(\d+)\.bin")


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


def text_meta(conn: sqlite3.Connection) -> tuple[int, int]:
    """(text_gen, text_end) of the index's snapshot on this connection."""
    meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('text_gen', 'text_end')"))
    return int(meta.get("text_gen", "0")), int(meta.get("text_end", "0"))


def next_text_gen(folder: Path, current: int) -> int:
    """A text file number above the current one and above every file in the folder."""
    found = [int(m.group(1)) for path in folder.glob("search-text-*.bin") if (m := _TEXT_FILE.fullmatch(path.name))]
    return max([current, *found]) + 1


def text_intact(folder: Path, gen: int, end: int) -> bool:
    """Whether the text file holds every byte the index says it does."""
    path = folder / text_file_name(gen)
    return end == 0 or (path.exists() and path.stat().st_size >= end)


def drop_old_texts(folder: Path, current: int) -> None:
    """Delete the text files of earlier builds (one still mapped on Windows is kept for later).
    Only older ones: another process may have started a newer one since meta was read."""
    for path in folder.glob("search-text-*.bin"):
        m = _TEXT_FILE.fullmatch(path.name)
        if m and int(m.group(1)) < current:
            try:
                path.unlink()
            except OSError:  # pragma: no cover (open elsewhere on Windows)
                pass


class TextReader:
    """The text file mapped for verification, shared by one SearchIndex's threads: the newest
    file seen, mapped, and loc rows by (text_gen, block), cached while their gen holds."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._map: tuple[int, mmap.mmap] | None = None
        self._locs: dict[tuple[int, int], tuple[int, Any]] = {}

    def mapped(self, conn: sqlite3.Connection) -> mmap.mmap | None:
        """The text file of the connection's snapshot, mapped up to its committed end at least
        (None when there is no text or the file cannot be mapped)."""
        gen, end = text_meta(conn)
        if end <= 0:
            return None
        with self._lock:
            if self._map is not None and self._map[0] == gen and len(self._map[1]) >= end:
                return self._map[1]
            if self._map is not None and self._map[0] != gen:
                self._locs.clear()
            try:
                with open(self.folder / text_file_name(gen), "rb") as fh:
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
        with self._lock:
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
        with self._lock:
            self._locs[key] = (row[0], loc)
        return loc

    def find(
        self, conn: sqlite3.Connection, ids: list[int], needle: str, with_body: bool
    ) -> tuple[list[int], list[int]]:
        """(the posts among ids whose indexed title, or text, holds needle; those whose text
        the mapping does not hold): one mmap.find each."""
        mapped = self.mapped(conn)
        gen = text_meta(conn)[0]
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
        return out, elsewhere

    def records(self, conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[str, str]]:
        """post id -> (folded title, folded text) of the posts among ids whose record the
        connection's snapshot holds (the near-duplicate clustering reads them: core/dedup/).
        Read, not mapped: a read of every post keeps no file's worth of pages in memory."""
        gen, end = text_meta(conn)
        out: dict[int, tuple[str, str]] = {}
        try:
            file = open(self.folder / text_file_name(gen), "rb")  # noqa: SIM115 (closed below)
        except OSError:
            return out
        with file:
            by_block: dict[int, list[int]] = defaultdict(list)
            for pid in ids:
                by_block[pid >> BLOCK_BITS].append(pid)
            for block, block_ids in by_block.items():
                loc = self._loc(conn, gen, block)
                if loc is None:
                    continue
                for pid in block_ids:
                    low = pid & LOW
                    start, stop = (
                        (int(loc[low, 0]), int(loc[low, 1])) if _np is not None else loc[2 * low : 2 * low + 2]
                    )
                    if stop > start and stop <= end:
                        file.seek(start)
                        data = file.read(stop - start)
                        if len(data) == stop - start:
                            out[pid] = _split_record(data)
        return out
