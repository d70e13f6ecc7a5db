"""Who reads the posts table's CSV pages (core/store/table_reads.py makes each page whole in SQLite): processes of
their own, one per core, for a large library; else one connection of this process.

Processes, not threads: this SQLite counts its allocations under one lock per process, and a page of lines is
many small allocations, so two threads took turns at that lock (about as much CPU again for no more pages
a second); two processes have a lock each. Each reader opens its own connection before the table's
transaction takes its snapshot and keeps to the table only if it sees that same snapshot
(table_reads.begin_same_snapshot); the caller writes the table from its rows when none does.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import cast

from peewee import SqliteDatabase

from finews_desktop.core.store import table_reads as reads

PROCESSES = 2  # one per core of the machines the target is set for
PROCESSES_FROM = 20_000  # library ids from which pages are read on processes (starting them takes tenths of a second)
AHEAD = 2  # pages queued for each reader process
START_SECONDS = 60.0  # a reader process that has not opened the library by then is left out

# each name's CSV cells: category id -> cell, tag id -> cell, stock id -> (market.code cell, symbol cell)
Names = tuple[dict[int, str], dict[int, str], dict[int, tuple[str, str]]]


@dataclass
class _Worker:
    process: BaseProcess
    pipe: Connection


class PageReaders:
    """The readers of one posts table as CSV: open them before the table's transaction reads, call join_snapshot
    inside it, then read; close (or leave the `with`) to stop them."""

    def __init__(self, db: SqliteDatabase, processes: bool) -> None:
        self.workers: list[_Worker] = _start_workers(reads.reader_uri(db)) if processes else []
        self.local = None if self.workers else reads.open_reader(db)

    def __enter__(self) -> PageReaders:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __bool__(self) -> bool:
        return bool(self.workers) or self.local is not None

    def join_snapshot(self) -> None:
        """Keep the readers that see the snapshot the table's transaction has just taken."""
        joined = []
        for worker in self.workers:
            try:
                worker.pipe.send("begin")
                ok = worker.pipe.recv()
            except (EOFError, OSError):
                ok = False
            if ok is True:
                joined.append(worker)
            else:
                _stop(worker)
        self.workers = joined
        if self.local is not None and not reads.begin_same_snapshot(*self.local):
            self.local[0].close()
            self.local = None

    def pages(self, names: Names, specs: list[reads.PageSpec]) -> Iterator[tuple[int, bytes]]:
        """The pages in order, (rows, UTF-8 bytes) each."""
        if self.local is not None:
            conn = self.local[0]
            reads.prepare_csv_reader(conn, *names)
            for spec in specs:
                yield reads.read_csv_page(conn, spec)
            return
        yield from _in_order(self.workers, names, specs)

    def close(self) -> None:
        for worker in self.workers:
            _stop(worker)
        self.workers = []
        if self.local is not None:
            self.local[0].close()
            self.local = None


def _in_order(workers: list[_Worker], names: Names, specs: list[reads.PageSpec]) -> Iterator[tuple[int, bytes]]:
    """The pages read by the reader processes, handed out as each one returns one (AHEAD queued for each, so that
    none waits for its next; a busy machine that holds one back holds back no other), and given back in order,
    with at most AHEAD + 1 pages a process read or reading at a time (memory stays flat)."""
    for worker in workers:
        worker.pipe.send(names)
    queued = {worker.pipe: 0 for worker in workers}
    ready: dict[int, tuple[int, bytes]] = {}
    handed = 0

    def hand_out(next_out: int) -> None:
        nonlocal handed
        for pipe in queued:
            while queued[pipe] < AHEAD and handed < len(specs) and handed - next_out < (AHEAD + 1) * len(workers):
                pipe.send((handed, specs[handed]))
                queued[pipe] += 1
                handed += 1

    for i in range(len(specs)):
        hand_out(i)
        while i not in ready:
            for answered in wait([p for p, n in queued.items() if n]):
                pipe = cast(Connection, answered)
                try:
                    page = pipe.recv()
                    if isinstance(page, BaseException):
                        raise page
                    index, rows = page
                    ready[index] = rows, pipe.recv_bytes()
                except EOFError:
                    raise RuntimeError("A process reading the table stopped before its end.") from None
                queued[pipe] -= 1
            hand_out(i)
        yield ready.pop(i)


def _start_workers(uri: str) -> list[_Worker]:
    """The reader processes that opened the library (each has read its data version: see begin_same_snapshot)."""
    # forkserver: never fork a process that may be running Qt threads
    ctx = multiprocessing.get_context("forkserver") if os.name == "posix" else multiprocessing.get_context("spawn")
    workers = []
    try:
        for k in range(PROCESSES):
            mine, theirs = ctx.Pipe()
            process = ctx.Process(target=_read_pages, args=(uri, theirs), name=f"table-pages-{k}", daemon=True)
            process.start()
            theirs.close()
            workers.append(_Worker(process, mine))
    except (OSError, RuntimeError, AssertionError):  # none can be started here (a sandbox; a daemon process asserts)
        pass
    ready = []
    for worker in workers:
        try:
            opened = worker.pipe.poll(START_SECONDS) and worker.pipe.recv() is True
        except (EOFError, OSError):
            opened = False
        if opened:
            ready.append(worker)
        else:
            _stop(worker)
    return ready


def _stop(worker: _Worker) -> None:
    worker.pipe.close()
    if worker.process.is_alive():
        worker.process.kill()  # it only reads: nothing is left half done
    worker.process.join()


def _read_pages(uri: str, pipe: Connection) -> None:
    """A reader process: open the library, join the table's snapshot when told, then read the pages it is handed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the caller's: it stops the readers
    opened = reads.connect_reader(uri)
    try:
        pipe.send(opened is not None)
        if opened is None or pipe.recv() != "begin":
            return
        conn, version = opened
        joined = reads.begin_same_snapshot(conn, version)
        pipe.send(joined)
        if not joined:
            return
        reads.prepare_csv_reader(conn, *pipe.recv())
        while True:  # until the caller closes the pipe
            index, spec = pipe.recv()
            rows, data = reads.read_csv_page(conn, spec)
            pipe.send((index, rows))
            pipe.send_bytes(data)
    except (EOFError, OSError):  # the table was stopped (cancelled, or failed elsewhere)
        return
    except Exception as exc:  # a damaged page, a date beyond reading…: raised by the caller
        try:
            pipe.send(exc)
        except Exception:  # not picklable
            pipe.send(RuntimeError(f"{type(exc).__name__}: {exc}"))
    finally:
        if opened is not None:
            opened[0].close()
