"""The window's heartbeat while it clusters near-duplicates (issue 19: the window never stalls > 50 ms; not a test).

usage: python bench/bench_dups_window.py [--posts N] [--batch N] [--work DIR] [--skip-whole]

The library is bench_dups.py's (bench/out/dups/lib-N-0.2, kept, its search index built), copied to
WORK/window-library. The app's main window is opened over the copy (its background work in child
processes, as in use) and a 5 ms timer's heartbeat records the longest stall of its event loop, by the
clock and by the window thread's CPU time (which tells the window's own work from the load of a shared
machine), from the first rows shown until:

1. an import batch: --batch posts (with copies of theirs, bench_dups' batch-N files) imported through the
   window (ImportUi, no report dialog); the clustering runs right after the import, beside the search
   index's catch-up: the times from the import's end to the copies shown and to the index caught up;
2. the whole library: every cluster forgotten (each post queued), the window opened again; its start-up
   index catch-up (nothing to do) and then the clustering of every post in a child process: its seconds.

Target on the 2-core machine: no stall > 50 ms. Small check: python bench/bench_dups_window.py --posts 2000
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_dups import library, make_files  # noqa: E402
from stall_probe import wait_for  # noqa: E402

from finews_desktop.core.dedup.deduplicator import Deduplicator  # noqa: E402
from finews_desktop.core.store import clusters  # noqa: E402
from finews_desktop.core.store.library import Library  # noqa: E402

STALL_MS = 50.0
HEARTBEAT_MS = 5


class Heartbeat:
    """A 5 ms timer on the window's thread: the longest gap between its ticks beyond 5 ms, by the clock and
    by the thread's CPU time between two ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        self.beat = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.worst = 0.0
        self.worst_cpu = 0.0
        self.cpu = 0.0

    def start(self) -> None:
        self.worst = self.worst_cpu = 0.0
        self.cpu = time.thread_time()
        self.beat.start()
        self.timer.start()

    def stop(self) -> str:
        self.timer.stop()
        return (
            f"longest event-loop stall {self.worst:.0f} ms (target {STALL_MS:.0f} ms); "
            f"the window thread's most CPU between two ticks {self.worst_cpu:.0f} ms"
        )

    def _tick(self) -> None:
        self.worst = max(self.worst, self.beat.restart() - HEARTBEAT_MS)
        now = time.thread_time()
        self.worst_cpu = max(self.worst_cpu, (now - self.cpu) * 1000)
        self.cpu = now


def wait(app: Any, condition: Callable[[], bool], timeout_s: float = 1800) -> None:
    wait_for(app, condition, timeout_s)


def open_window(app: Any, folder: Path, work: Path) -> tuple[Any, Library, dict[str, float]]:
    """The main window over `folder`, shown and started; `events` records when its signals came."""
    from finews_desktop.ui.mainwindow import MainWindow, WindowContext
    from finews_desktop.ui.settings import Settings

    settings_file = work / "bench-dups-window.ini"
    settings_file.unlink(missing_ok=True)
    lib = Library.open(folder)
    window = MainWindow(WindowContext(lib, Settings.open(settings_file), None, synchronous=False))
    events: dict[str, float] = {}
    window.listApplied.connect(lambda: events.setdefault("listed", time.perf_counter()))
    window.importFinished.connect(lambda _r: events.__setitem__("imported", time.perf_counter()))
    window.importing.indexed.connect(lambda: events.__setitem__("indexed", time.perf_counter()))
    window.stories.clustersUpdated.connect(lambda: events.__setitem__("clustered", time.perf_counter()))
    window.resize(1400, 900)
    window.show()
    window.start()
    return window, lib, events


def idle(window: Any) -> bool:
    importing, stories = window.importing, window.stories
    return (
        importing.task is None
        and importing.index_task is None
        and not importing.later_indexing.isActive()
        and stories.catch_up_task is None
        and not stories.later.isActive()
        and not stories.after_import.isActive()
    )


def close(app: Any, window: Any, lib: Library) -> None:
    window.close()
    app.processEvents()
    lib.close()


def import_batch(app: Any, folder: Path, work: Path, size: int) -> None:
    files = work / f"batch-{size}"
    make_files(files, size, 0.2, seed=2)
    window, lib, events = open_window(app, folder, work)
    wait(app, lambda: "listed" in events and "indexed" in events and idle(window))  # the start-up's catch-ups
    heart = Heartbeat()
    heart.start()
    events.pop("clustered", None)
    events.pop("indexed", None)
    start = time.perf_counter()
    window.importing.import_paths([str(files)], show_report=False)
    wait(app, lambda: "clustered" in events and "indexed" in events and idle(window))
    stall = heart.stop()
    imported = events["imported"]
    print(
        f"  import batch of {size} files: imported in {(imported - start) * 1000:,.0f} ms; its copies shown "
        f"{(events['clustered'] - imported) * 1000:,.0f} ms after the import ended, the search index caught up "
        f"after {(events['indexed'] - imported) * 1000:,.0f} ms"
    )
    print(f"  while importing and clustering it: {stall}")
    close(app, window, lib)


def whole_library(app: Any, folder: Path, work: Path) -> None:
    with Library.open(folder) as lib:
        with lib.db.atomic("IMMEDIATE"):
            clusters.clear(lib.db.connection())
        queued = Deduplicator(lib).pending_count()
    window, lib, events = open_window(app, folder, work)
    wait(app, lambda: "listed" in events)
    heart = Heartbeat()
    heart.start()
    start = time.perf_counter()
    wait(app, lambda: "clustered" in events and idle(window))
    stall = heart.stop()
    seconds = events["clustered"] - start
    print(f"  the whole library ({queued:,} posts queued): clustered {seconds:.1f} s after the first rows shown")
    print(f"  while clustering it: {stall}")
    close(app, window, lib)


def main() -> None:
    from PySide6.QtWidgets import QApplication

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--work", type=Path, default=REPO / "bench" / "out" / "dups")
    ap.add_argument("--skip-whole", action="store_true", help="only the import batch")
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    kept = library(a.work, a.posts, 0.2)
    copy = a.work / "window-library"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(kept, copy)  # the kept library stays as imported
    with Library.open(copy) as lib:
        Deduplicator(lib).catch_up()  # nothing else waiting
    app = QApplication.instance() or QApplication([])
    print(f"== the window over {a.posts:,} posts with copies of 20% ({copy}); load average {os.getloadavg()[0]:.2f}")
    import_batch(app, copy, a.work, a.batch)
    if not a.skip_whole:
        whole_library(app, copy, a.work)
    shutil.rmtree(copy, ignore_errors=True)


if __name__ == "__main__":
    main()
