"""Work on the library in a child process of the window, so that it cannot hold the window's GIL.

Why a process and not a thread: the window's event loop runs Python, and a worker
thread that runs Python holds the GIL the window needs. A long C-level call (the
search engine's passes over a million ids with `array`/`compress`/big-int bitsets,
`zip(*rows)` over a million rows, unpickling an import batch) never gives the GIL
up at all, and a Python loop gives it up only every switch interval, so every
call the window makes back into Python (each cell painted) waits behind it. The
benchmark saw 0.2–1.8 s stalls from exactly this. A child process with its own
interpreter and SQLite connection costs the window nothing but reading a pipe,
which releases the GIL.

`LibraryProcess` runs module-level functions `fn(library, *args)` in one long-lived
child that keeps its caches (the search engine's id orders) between calls; call
it from a worker thread (`call` blocks). The child opens the library itself: the
window's process holds the writer's lock on its behalf (`Library.open` would
refuse a second holder). This module must not import Qt: the child imports it.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from array import array
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.shared_memory import SharedMemory
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_CONTEXT = "spawn"  # no fork of a process that runs Qt and threads


class WorkerProcessError(RuntimeError):
    """The child died or sent back an exception that could not be pickled (its text is kept)."""


class Channel:
    """What a function run in the child may use to talk back while it runs (`with_channel=True`)."""

    def __init__(self, conn: Connection, cancel: Any) -> None:
        self._conn = conn
        self._cancel = cancel

    def send(self, *message: Any) -> None:
        self._conn.send(("msg", message))

    def cancelled(self) -> bool:
        return self._cancel.is_set()


def _open_library(folder: str, readonly: bool) -> Any:
    """The child's own Library object over the folder, without taking the lock the parent holds."""
    from finews_desktop.core.store.db import open_database
    from finews_desktop.core.store.library import Library

    path = Path(folder)
    return Library(path, open_database(path, create=False, readonly=readonly), readonly)


SHARED_ARRAY_BYTES = 1 << 20  # from this size on, a result's arrays go through shared memory


def _send_result(conn: Connection, result: Any) -> None:
    """Send a call's result; its big arrays (a million post ids) travel through shared memory.

    Through the pipe, the window's receiving thread would read 8 MB in 64 KB pieces and
    unpickle it, holding the GIL in C for 15-20 ms at a time while the window waits (the
    benchmark saw ~100 ms stalls at each list refresh during an import). From shared memory
    it is one copy. POSIX only: on Windows a mapping ends with the child's handle.
    """
    shared: list[tuple[str, str, str, int]] = []
    if os.name == "posix" and dataclasses.is_dataclass(result) and not isinstance(result, type):
        for f in dataclasses.fields(result):
            value = getattr(result, f.name)
            size = value.itemsize * len(value) if isinstance(value, array) else 0
            if size >= SHARED_ARRAY_BYTES:
                shm = SharedMemory(create=True, size=size)
                try:
                    shm.buf[:size] = memoryview(value).cast("B")
                finally:
                    shm.close()
                shared.append((f.name, value.typecode, shm.name, size))
                object.__setattr__(result, f.name, array(value.typecode))  # this copy is not pickled
    conn.send(("ok_shared", (result, shared)) if shared else ("ok", result))


def _take_shared(result: Any, shared: list[tuple[str, str, str, int]]) -> Any:
    """Put the arrays `_send_result` handed over through shared memory back into the result."""
    for name, typecode, shm_name, size in shared:
        shm = SharedMemory(name=shm_name)
        try:
            values = array(typecode)
            with shm.buf[:size] as view:
                values.frombytes(view)
        finally:
            shm.close()
            shm.unlink()
        object.__setattr__(result, name, values)
    return result


def _child_main(conn: Connection, cancel: Any, folder: str, readonly: bool, cache_kib: int, niceness: int) -> None:
    library = None
    try:
        try:
            if niceness and hasattr(os, "nice"):
                os.nice(niceness)
            library = _open_library(folder, readonly)
            if cache_kib:
                library.limit_page_cache(cache_kib)
        except BaseException as exc:
            conn.send(("err", _picklable(exc)))  # e.g. the library cannot be read: told in words by the caller
            return
        conn.send(("ready", None))
        while True:
            try:
                request = conn.recv()
            except (EOFError, OSError):
                return  # the window is gone
            if request is None:
                return
            fn, args, with_channel = request
            try:
                extra = (Channel(conn, cancel),) if with_channel else ()
                result = fn(library, *args, *extra)
            except BaseException as exc:
                conn.send(("err", _picklable(exc)))
            else:
                _send_result(conn, result)
    except (EOFError, OSError, BrokenPipeError):
        return
    finally:
        if library is not None:
            library.close()


def _picklable(exc: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        text = "".join(traceback.format_exception(exc)).strip()
        return WorkerProcessError(f"{type(exc).__name__}: {exc}\n{text}")


class LibraryProcess:
    """One child process over a library folder; `call` runs a function there and returns its result.

    Calls are served one at a time (a lock serialises callers). `cancel()` sets an
    event the running function sees through its `Channel`, for the rest of the
    child's life (a process that is cancelled is one made for one operation);
    `close()` ends the child.
    """

    def __init__(
        self,
        folder: str | Path,
        *,
        readonly: bool = False,
        daemon: bool = True,
        cache_kib: int = 0,
        niceness: int = 0,
    ) -> None:
        """`cache_kib`: the child's SQLite page cache (0: the library's default); `niceness`: a lower
        CPU priority for background work, so that the window wins the CPU when both want it."""
        ctx = multiprocessing.get_context(_CONTEXT)
        self._conn, child_conn = ctx.Pipe(duplex=True)
        self._cancel = ctx.Event()
        self._lock = threading.Lock()
        self._ready = False
        self._closed = False
        self.process = ctx.Process(
            target=_child_main,
            args=(child_conn, self._cancel, str(folder), readonly, cache_kib, niceness),
            name="finews-library-worker",
            daemon=daemon,
        )
        # Ctrl+C in the terminal reaches every process of the app: the window closes cleanly and ends its
        # children; they never see it (blocked before the exec, inherited by what they start: no traceback)
        blocked = (
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if hasattr(signal, "pthread_sigmask") else None
        )
        try:
            self.process.start()
        finally:
            if blocked is not None and signal.SIGINT not in blocked:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        child_conn.close()

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def _receive_ready(self) -> None:
        kind, payload = self._conn.recv()
        if kind != "ready":
            self._closed = True
            raise payload
        self._ready = True

    def alive(self) -> bool:
        return not self._closed and self.process.is_alive()

    def call(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_message: Callable[[tuple[Any, ...]], None] | None = None,
        with_channel: bool = False,
    ) -> Any:
        """Run `fn(library, *args[, channel])` in the child and return its result (raising what it raised).

        Blocks; messages the function sends through its channel are passed to `on_message`
        on the calling thread as they arrive.
        """
        with self._lock:
            if self._closed:
                raise WorkerProcessError("the worker process is closed")
            try:
                if not self._ready:
                    self._receive_ready()
                self._conn.send((fn, args, with_channel))
                while True:
                    kind, payload = self._conn.recv()
                    if kind == "msg":
                        if on_message is not None:
                            on_message(payload)
                        continue
                    if kind == "ok":
                        return payload
                    if kind == "ok_shared":
                        return _take_shared(*payload)
                    raise payload
            except (EOFError, OSError) as exc:
                self._closed = True
                self.process.join(2)  # reaped, so that its exit code can be told
                raise WorkerProcessError(f"the worker process ended (exit code {self.process.exitcode})") from exc

    def cancel(self) -> None:
        self._cancel.set()

    def close(self, timeout_s: float = 10.0) -> None:
        """Ask the child to end (after the call under way, which is cancelled) and wait for it."""
        if self._closed and not self.process.is_alive():
            return
        self._cancel.set()
        self._closed = True
        try:
            self._conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(timeout_s)
        if self.process.is_alive():  # pragma: no cover - a child stuck in a long query
            self.process.terminate()
            self.process.join(2)
        self._conn.close()


def lower_worker_process_priority(niceness: int = 10) -> None:
    """Start multiprocessing's fork server at a lower CPU priority, so import workers it forks yield to the window.

    Linux only (nice values are per thread there, and inherited by forked processes); a
    throwaway thread lowers its own priority and starts the server. Without privileges a
    priority can only go down, which is why the calling thread must not do it itself.
    """
    if sys.platform != "linux":
        return
    import multiprocessing.forkserver

    def start() -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)
            multiprocessing.forkserver.ensure_running()
        except OSError as exc:  # pragma: no cover - a sandbox may refuse
            log.info("cannot start the worker processes at a lower priority: %s", exc)

    thread = threading.Thread(target=start, name="forkserver-start", daemon=True)
    thread.start()
    thread.join()


# --- functions run in the child ------------------------------------------------------------------


def throttled_progress(
    channel: Channel, every: float = 0.05, clock: Callable[[], float] = time.monotonic
) -> Callable[..., None]:
    """A progress callback that sends ("progress", done, total, what) at most every `every` seconds, and
    always the last step: the window repaints its bar, not every post."""
    last = [0.0]

    def progress(done: int, total: int, what: str = "") -> None:
        now = clock()
        if now - last[0] >= every or done >= total:
            last[0] = now
            channel.send("progress", done, total, what)

    return progress


def run_import(library: Any, paths: Sequence[str], channel: Channel) -> Any:
    """The window's import, in the child: progress (at most every 50 ms), batches and cancel go through the channel."""
    from finews_desktop.core.importing.importer import Importer
    from finews_desktop.core.watching.queries import attach

    attach(library)  # the watch queries run on its batches (core/watching/queries.py)
    lower_worker_process_priority()  # the parsing processes yield the CPU to the window
    importer = Importer(
        library,
        "auto",
        progress=throttled_progress(channel),
        on_batch=lambda ids: channel.send("batch", list(ids)),
        should_cancel=channel.cancelled,
    )
    return importer.run(list(paths))


def run_index_catch_up(library: Any, channel: Channel) -> bool:
    """Bring the search index up to date, in the child (the gram extraction is Python work)."""
    from finews_desktop.core.search.engine import index_for

    index = index_for(library)
    try:
        if index.state()[0] and not index.pending_count():
            return True
        channel.send("progress", 0, 0, "")
        return index.catch_up(progress=throttled_progress(channel), should_cancel=channel.cancelled)
    finally:
        index.close()


def run_dup_catch_up(library: Any, beside_index: bool, channel: Channel) -> int:
    """Bring the near-duplicate clusters up to date, in the child (signatures and LSH are Python and numpy
    work): how many posts were queued, 0 when nothing was to do or it was cancelled. `beside_index` (while
    the index catches up): nothing done either when it is behind on too many of them (left for after it)."""
    from finews_desktop.core.dedup.deduplicator import Deduplicator

    dedup = Deduplicator(library)
    queued = dedup.pending_count()
    if not queued or (beside_index and not dedup.may_go_before_index()):
        return 0
    channel.send("progress", 0, 0, "")
    done = dedup.catch_up(progress=throttled_progress(channel), should_cancel=channel.cancelled)
    return queued if done else 0


def run_facets(library: Any, one_per_story: bool) -> Any:
    """The sidebar's entries and counts (`Library.facets`), in the window's facets process (ui/facet_reads.py)."""
    return library.facets(one_per_story)
