"""A full build: the library's posts in slices, scanned by worker processes, merged into blocks.

`scanned` runs the slices (scan.py) in a process pool (forkserver: never fork a process
that may be running Qt threads) and hands them back in id order; `_write_parts` writes a
block's slices at once, in the transaction the index commits for that block.
"""

from __future__ import annotations

import os
import sqlite3
from array import array
from collections import deque
from collections.abc import Callable, Generator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from finews_desktop.core.search.index.postings import BLOCK_BITS, LOW, MANY, _merge_ext, _write_postings
from finews_desktop.core.search.index.scan import _Partial, scan_slice
from finews_desktop.core.search.index.textfile import _empty_loc, _TextAppender, _write_loc

SLICE = 8192  # posts read and turned into postings at a time (a block is 8 slices)
BUILD_WORKERS = min(2, os.cpu_count() or 1)


def slices(start: int, max_id: int) -> list[tuple[int, int]]:
    """[lo, hi) id ranges from `start` through max_id: SLICE ids at most, none across two blocks.
    Each starts where the one before ends, so a start off the SLICE grid leaves no gap either."""
    out: list[tuple[int, int]] = []
    lo = start
    while lo <= max_id:
        hi = min(lo + SLICE, ((lo >> BLOCK_BITS) + 1) << BLOCK_BITS)
        out.append((lo, hi))
        lo = hi
    return out


def ends_block(part: _Partial) -> bool:
    """Whether part is the last slice of its block."""
    return part.hi >= (((part.hi - 1) >> BLOCK_BITS) + 1) << BLOCK_BITS


def scanned(
    db_path: str, todo: list[tuple[int, int]], posts: int, db: Any, cancel: Callable[[], bool]
) -> Generator[_Partial | None, None, None]:
    """Each slice's index data, in order: from worker processes when there are `posts` enough
    for them, else read through `db` on this thread. Yields None (and stops) when cancel()
    says so before a slice is taken; close the iterator to stop the workers."""
    pool = None
    if posts >= 2 * SLICE and BUILD_WORKERS > 1:
        # forkserver: never fork a process that may be running Qt threads
        ctx = get_context("forkserver" if os.name == "posix" else "spawn")
        pool = ProcessPoolExecutor(max_workers=BUILD_WORKERS, mp_context=ctx)
    try:
        futures: deque[Future[_Partial]] = deque()
        waiting = deque(todo)
        while waiting or futures:
            while pool is not None and waiting and len(futures) < 2 * BUILD_WORKERS:
                futures.append(pool.submit(scan_slice, db_path, *waiting.popleft()))
            if cancel():
                yield None
                return
            yield futures.popleft().result() if pool else scan_slice(db_path, *waiting.popleft(), db=db)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


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
