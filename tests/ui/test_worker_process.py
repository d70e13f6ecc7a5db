"""The child processes that keep the window's GIL free: list queries, imports and indexing run there."""

from __future__ import annotations

import os
import time
from array import array
from dataclasses import dataclass
from pathlib import Path

import pytest

from finews_desktop.core.errors import KnownError
from finews_desktop.core.importing.importer import Importer
from finews_desktop.core.store.library import Library
from finews_desktop.ui.tasks import Task, in_child
from finews_desktop.workers.listing import ListRequest, run_list_query
from finews_desktop.workers.process import SHARED_ARRAY_BYTES, LibraryProcess, WorkerProcessError

# --- functions the child runs (module level, so that they pickle by reference) ------------------


def child_facts(library: Library, extra: int) -> tuple[int, int, str, bool]:
    return os.getpid(), library.count_posts() + extra, str(library.folder), library.readonly


def child_tries_a_second_writer(library: Library) -> str:
    try:
        Library.open(library.folder).close()
    except KnownError as exc:
        return type(exc).__name__
    return "opened"


def child_niceness(library: Library) -> int:
    return os.getpriority(os.PRIO_PROCESS, 0)


def child_raises_known(library: Library) -> None:
    raise KnownError("told in words")


class Unpicklable(Exception):
    def __init__(self, a: int, b: int) -> None:  # pickling re-creates it with one argument: fails
        super().__init__(f"{a}/{b}")


def child_raises_unpicklable(library: Library) -> None:
    raise Unpicklable(1, 2)


def child_talks(library: Library, n: int, channel) -> int:
    for i in range(n):
        channel.send("progress", i + 1, n, f"item {i}")
    channel.send("batch", [7, 8, 9])
    return n


def child_waits_for_cancel(library: Library, channel) -> str:
    channel.send("progress", 0, 0, "waiting")
    deadline = time.monotonic() + 30
    while not channel.cancelled():
        if time.monotonic() > deadline:
            return "never cancelled"
        time.sleep(0.01)
    return "cancelled"


@dataclass
class BigResult:
    ids: array
    small: array
    label: str


def child_gives_a_big_array(library: Library, n: int) -> BigResult:
    return BigResult(array("q", range(n)), array("q", [7, 8]), "big")


def child_dies(library: Library) -> None:
    os._exit(3)


# --- tests --------------------------------------------------------------------------------------


@pytest.fixture
def imported(library: Library, corpus: Path) -> Library:
    Importer(library, workers=1).run([str(corpus)])
    return library


def test_a_child_runs_functions_on_its_own_connection_and_keeps_running(imported: Library) -> None:
    process = LibraryProcess(imported.folder)
    try:
        pid, count, folder, readonly = process.call(child_facts, 1)
        assert pid == process.pid != os.getpid()
        assert count == imported.count_posts() + 1 == 95
        assert Path(folder) == imported.folder and not readonly
        # the same child answers the next call: a list query gives what the window's thread would
        request = ListRequest(1, "碳中和", "title", False, prime_rows=5)
        there, here = process.call(run_list_query, request), run_list_query(imported, request)
        assert list(there.ids) == list(here.ids) and there.total == here.total > 0
        assert [r.id for r in there.rows] == [r.id for r in here.rows]
        assert process.call(child_facts, 0)[0] == pid
    finally:
        process.close()
    assert not process.process.is_alive()
    with pytest.raises(WorkerProcessError):
        process.call(child_facts, 0)


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX priorities")
def test_background_children_run_at_a_lower_priority(imported: Library) -> None:
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    process = LibraryProcess(imported.folder, niceness=5)
    try:
        assert process.call(child_niceness) == min(19, ours + 5)
    finally:
        process.close()


def test_the_parent_keeps_the_writers_lock_and_readonly_children_stay_readonly(imported: Library) -> None:
    process = LibraryProcess(imported.folder, readonly=True)
    try:
        assert process.call(child_facts, 0)[3] is True
        # the child took no lock of its own: the window's process holds it, and a second writer is refused
        assert process.call(child_tries_a_second_writer) == "LibraryLockedError"
    finally:
        process.close()


def test_errors_come_back_as_raised_or_in_words(imported: Library) -> None:
    process = LibraryProcess(imported.folder)
    try:
        with pytest.raises(KnownError, match="told in words"):
            process.call(child_raises_known)
        with pytest.raises(WorkerProcessError, match="Unpicklable: 1/2"):
            process.call(child_raises_unpicklable)
        assert process.call(child_facts, 0)[1] == 94  # still serving
        with pytest.raises(WorkerProcessError, match="exit code 3"):
            process.call(child_dies)
        assert not process.alive()
    finally:
        process.close()


def test_a_library_the_child_cannot_open_is_told_in_words(tmp_path: Path) -> None:
    process = LibraryProcess(tmp_path / "nothing here")
    try:
        with pytest.raises(KnownError, match="No finews library"):
            process.call(child_facts, 0)
        with pytest.raises(WorkerProcessError):
            process.call(child_facts, 0)
    finally:
        process.close()


def test_messages_become_task_signals_and_cancel_reaches_the_child(qtbot, imported: Library) -> None:
    task = Task(lambda _t: None)
    progress: list[tuple[int, int, str]] = []
    batches: list[list[int]] = []
    task.progress.connect(lambda *a: progress.append(a))
    task.batch.connect(batches.append)
    process = LibraryProcess(imported.folder)
    try:
        assert in_child(task, process, child_talks, 3) == 3
        assert progress == [(1, 3, "item 0"), (2, 3, "item 1"), (3, 3, "item 2")]
        assert batches == [[7, 8, 9]]
        # a task cancelled while its child works: the child sees it
        waiting = Task(lambda _t: None)
        waiting.progress.connect(lambda *_a: waiting.cancel())
        assert in_child(waiting, process, child_waits_for_cancel) == "cancelled"
    finally:
        process.close()


def test_cancel_hooks_run_once_cancelled_even_when_added_late() -> None:
    task = Task(lambda _t: None)
    calls: list[str] = []
    task.on_cancel(lambda: calls.append("early"))
    task.cancel()
    task.on_cancel(lambda: calls.append("late"))
    assert calls == ["early", "late"] and task.is_cancelled()


def test_the_window_answers_queries_in_its_list_process(make_window, qtbot, imported: Library) -> None:
    window = make_window(synchronous=False)
    qtbot.waitUntil(lambda: window.model.rowCount() == 94 and window.counted, timeout=20_000)
    process = window._list_process
    assert process is not None and process.alive() and process.pid != os.getpid()
    with qtbot.waitSignal(window.listApplied, timeout=20_000):
        window.set_search("碳中和")
    qtbot.waitUntil(lambda: window._applied_generation == window._generation and window.counted, timeout=20_000)
    expected = run_list_query(imported, ListRequest(0, "碳中和", window.sort_key, window.descending))
    assert list(window.model.ids) == list(expected.ids) and window.total_shown == expected.total > 0
    # the window's own connection keeps a small page cache: it reads only the rows it paints
    assert imported.db.execute_sql("PRAGMA cache_size").fetchone()[0] == -8 * 1024
    window.close()
    assert window._list_process is None and not process.process.is_alive()


def test_big_arrays_of_a_result_come_back_whole_and_leave_no_shared_memory(imported: Library) -> None:
    n = SHARED_ARRAY_BYTES // 8 + 3  # just over the size that goes through shared memory

    def segments() -> set[str]:  # SharedMemory's names; other processes' semaphores live there too
        return {n for n in os.listdir("/dev/shm") if n.startswith("psm_")} if os.path.isdir("/dev/shm") else set()

    before = segments()
    process = LibraryProcess(imported.folder)
    try:
        for _ in range(2):
            got = process.call(child_gives_a_big_array, n)
            assert got.ids == array("q", range(n)) and got.small == array("q", [7, 8]) and got.label == "big"
    finally:
        process.close()
    assert segments() <= before
