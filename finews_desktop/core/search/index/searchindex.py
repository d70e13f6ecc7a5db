"""`SearchIndex`: one library's index, read by searches and brought up to date by `catch_up`.

Posts change in the library's write transactions, which queue their ids in
`search_queue` (migration v2); `SearchIndex.catch_up` drains the queue (or builds
the whole index when there is none). The search treats queued posts by brute
force, so it is exact at any time.
"""

from __future__ import annotations

import mmap
import sqlite3
import threading
import time
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from finews_desktop.core.errors import KnownError
from finews_desktop.core.paths import library_file
from finews_desktop.core.search.index.build import _write_parts, ends_block, scanned, slices
from finews_desktop.core.search.index.documents import IndexDoc, _json_ids, load_docs_by_id
from finews_desktop.core.search.index.keptorders import kept_orders_seq, read_kept_orders, write_kept_orders
from finews_desktop.core.search.index.postings import BLOCK_BITS, LOW, _BlockBuffer, posting_bits
from finews_desktop.core.search.index.scan import _Partial
from finews_desktop.core.search.index.schema import _TABLES, FORMAT, INDEX_FILE, open_index
from finews_desktop.core.search.index.textfile import (
    TextReader,
    _empty_loc,
    _read_loc,
    _record,
    _split_record,
    _TextAppender,
    _write_loc,
    drop_old_texts,
    next_text_gen,
    text_file_name,
    text_intact,
)
from finews_desktop.core.store.search_reads import queue_generation

if TYPE_CHECKING:
    from finews_desktop.core.store.library import Library

ProgressCallback = Callable[[int, int], None]
# the search's id orders as (a queue sequence number they hold every change up to, their parts)
OrdersToKeep = Callable[[], tuple[int, dict[str, bytes]]]

_REMEMBER = 200_000  # post ids of deleted queue entries kept for changed_since
_DRAIN_CHUNK = 16384  # queued posts indexed per transaction


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
        self._text = TextReader(self.path.parent)  # the text file mapped for verification
        # what the index keeps of the search's id orders (the engine sets it: keptorders.py)
        self.orders_to_keep: OrdersToKeep | None = None

    # connections --------------------------------------------------------------------------

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = open_index(self.path)
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

    def kept_orders(self) -> tuple[int, dict[str, bytes]] | None:
        """The search's id orders kept in the index: (the queue sequence number they are at, their parts)."""
        return read_kept_orders(self.connection())

    def _keep_orders(self, seq: int) -> None:
        """Keep the id orders at `seq` or later before the queue entries up to `seq` are deleted, so
        that the orders kept can always be brought up to date from the entries left (and again
        when they are behind the queue: entries another process deleted cannot bring them up)."""
        if self.orders_to_keep is None:
            return
        conn = self.connection()
        kept = kept_orders_seq(conn)
        if kept is not None and kept >= max(seq, queue_generation(self.library.db)):
            return
        generation, parts = self.orders_to_keep()
        if generation >= seq:
            write_kept_orders(conn, generation, parts)

    # reading postings ------------------------------------------------------------------------

    def bits(self, kind: int, key: str) -> int:
        """The bitset of indexed posts that hold key (see postings.py for kinds)."""
        return posting_bits(
            self.connection()
            .execute("SELECT block, data FROM posting WHERE kind = ? AND key = ? ORDER BY block", (kind, key))
            .fetchall()
        )

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
        return self._text.mapped(self.connection())

    def verify(self, ids: list[int], needle: str, with_body: bool = True) -> list[int]:
        """The posts among ids (indexed, not queued) whose indexed title (or text) holds needle:
        one mmap.find each in the text file; posts whose text it does not hold are checked
        against the library (see textfile.py)."""
        if not ids:
            return []
        out, elsewhere = self._text.find(self.connection(), ids, needle, with_body)
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
            gen = next_text_gen(self.path.parent, int(meta.get("text_gen", "0")))
            version = int(meta.get("version", "0"))
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

    def _text_intact(self) -> bool:
        """Whether the text file holds every byte the index says it does."""
        meta = self.meta()
        return text_intact(self.path.parent, int(meta.get("text_gen", "0")), int(meta.get("text_end", "0")))

    def _drop_old_texts(self) -> None:
        drop_old_texts(self.path.parent, int(self.meta().get("text_gen", "0")))

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
        """Index every post from `built_below` on, block by block (a commit each, so that a killed
        build goes on from there), then mark the index ready."""
        db = self.library.db
        if "rebuild_seq" not in meta:
            self._set_meta(self.connection(), rebuild_seq=self._max_seq(), built_below=0)
            meta = self.meta()
        start = int(meta["built_below"])
        max_id = db.execute_sql("SELECT MAX(id) FROM post").fetchone()[0] or 0
        total = db.execute_sql("SELECT COUNT(*) FROM post WHERE id >= ?", (start,)).fetchone()[0]
        todo = slices(start, max_id)
        db_path = str(library_file(Path(self.library.folder)))
        cpu = time.process_time()
        worker_cpu = 0.0
        done = 0
        block_parts: list[_Partial] = []
        with closing(scanned(db_path, todo, total, db, cancel)) as parts:
            for part in parts:
                if part is None:
                    return False
                block_parts.append(part)
                worker_cpu += part.cpu
                done += part.count
                if progress:
                    progress(done, total)
                if part.hi == todo[-1][1] or ends_block(part):
                    self._write_built_block(block_parts)
                    block_parts = []
        self.last_build_cpu = time.process_time() - cpu + worker_cpu
        self._finish_build(max_id)
        return True

    def _write_built_block(self, parts: list[_Partial]) -> None:
        """Commit one block that a full build scanned (its slices, in id order)."""
        with self._writing() as (conn, text):
            if int(self.meta().get("built_below", "0")) > parts[0].lo:
                raise KnownError("Another finews-desktop is building this search index; try again later.")
            _write_parts(conn, (parts[-1].hi - 1) >> BLOCK_BITS, parts, text)
            self._bump(conn, built_below=parts[-1].hi)

    def _finish_build(self, max_id: int) -> None:
        """Mark a full build done: the queue entries it was started after are in the index."""
        conn = self.connection()
        rebuild_seq = int(self.meta()["rebuild_seq"])
        conn.execute("BEGIN IMMEDIATE")
        self._bump(conn, ready=1, built_below=max_id + 1, seq=rebuild_seq, ext3=1)
        conn.execute("DELETE FROM meta WHERE key = 'rebuild_seq'")
        conn.execute("COMMIT")
        self._forget_queue(rebuild_seq)

    @contextmanager
    def _writing(self) -> Iterator[tuple[sqlite3.Connection, _TextAppender]]:
        """An index write transaction with the text file open for appending: its bytes are made
        durable before the commit that records them (see textfile.py); nothing is kept on an error."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        text = None
        try:
            text = _TextAppender(self.path.parent, conn)
            yield conn, text
            text.finish()
            conn.execute("COMMIT")
        except BaseException:
            if text is not None:
                text.close()
            conn.execute("ROLLBACK")
            raise

    def _forget_queue(self, seq: int, after: int = 0, ids: Iterable[int] | None = None) -> None:
        """Delete the queue entries up to seq (those after `after` being `ids`, None: unknown)."""
        self._keep_orders(seq)
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
        """Index the queued posts, a block's chunk per transaction."""
        db = self.library.db
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
            for start in range(0, len(block_ids), _DRAIN_CHUNK):
                if cancel():
                    return False
                chunk = block_ids[start : start + _DRAIN_CHUNK]
                docs = load_docs_by_id(db, chunk)
                with self._writing() as (writing, text):
                    lo, hi = block << BLOCK_BITS, (block + 1) << BLOCK_BITS
                    fresh = writing.execute("SELECT 1 FROM docs WHERE id >= ? AND id < ? LIMIT 1", (lo, hi)).fetchone()
                    self._write_block(writing, block, chunk, docs, fresh is None, text)
                    self._bump(writing)
                done += len(chunk)
                if progress:
                    progress(done, len(ids))
        conn = self.connection()
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
