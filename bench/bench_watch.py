"""Watching benchmark (issue 20, Must show 2): a watched folder's `git pull`, and the watch queries' badges
over a large library (not a test).

usage: python bench/bench_watch.py [--files 10000] [--posts 1000000] [--queries 100] [--batch 2000]
       [--no-folder] [--no-badges]

1. A watched folder receiving --files new post files at once (make_corpus.py's posts, copied in by another
   process as fast as it can, as a `git pull` writes them), in the real window (offscreen): watchdog's
   observer, the window's debounce (ui/watching.py, QUIET_SECONDS), the import in the window's child process with the
   --queries watch queries run on its batches, the sidebar's badges read again. Timed from the last file
   written to the sidebar showing the badges of the run that brought the last file (target 5 s; the
   debounce's quiet time is part of it), with the longest stall of the window's event loop (5 ms heartbeat), and
   the most CPU time the window's thread spent between two beats (its own work, whatever the machine's load).
2. A library of --posts posts (bench/fill_library.py's, copied once to bench/out/watch-library-N so the
   other benchmarks' kept library is left as it is; each run adds --batch posts to the copy) with --queries
   watch queries: a --batch-post import through the Importer with the watch queries as its import hook,
   the hook's time over all the import's batches plus one read of every badge (what the sidebar shows)
   timed against the target of 1 s.

The watch queries are bench_search.py's classes (free text, codes, fields, combinations), each a saved
search marked watch; with --rules N the first N also tag what they match (a tag rewrites each post's front
matter: the badges' figures are without, by default).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_search import queries  # noqa: E402
from fill_library import kept_library, synthetic_posts  # noqa: E402
from stall_probe import wait_for  # noqa: E402

from finews_desktop.core.curation.curator import Curator  # noqa: E402
from finews_desktop.core.importing.importer import Importer  # noqa: E402
from finews_desktop.core.search.engine import index_for  # noqa: E402
from finews_desktop.core.store import watches  # noqa: E402
from finews_desktop.core.store.library import Library  # noqa: E402
from finews_desktop.core.watching import queries as watch_queries  # noqa: E402
from finews_desktop.core.watching import sync  # noqa: E402

FOLDER_TARGET_S = 5.0
COPY_IN = """import shutil, sys
from pathlib import Path
src, dest = Path(sys.argv[1]), Path(sys.argv[2])
for path in sorted(src.rglob("*.md")):
    target = dest / path.relative_to(src)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
"""
BADGES_TARGET_S = 1.0
HEARTBEAT_MS = 5


def watch_query_texts(n: int) -> list[str]:
    """n distinct queries drawn round the benchmark classes of bench_search.py."""
    per_class = n // 6 + 1
    classes = list(queries(per_class, seed=20).values())
    out: dict[str, None] = {}
    for i in range(per_class):
        for qs in classes:
            if len(out) < n and i < len(qs):
                out[qs[i]] = None
    return list(out)


def add_watch_queries(lib: Library, n: int, rules: int = 0) -> None:
    """n saved searches marked watch (w000, w001, ...); the first `rules` of them also tag what they match."""
    curator = Curator(lib)
    for i, text in enumerate(watch_query_texts(n)):
        name = f"w{i:03d}"
        curator.save_search(name, text)
        watch_queries.set_watch(lib, name, watch=True, add_tag=f"watched-{i:03d}" if i < rules else None)


def write_posts(root: Path, n: int, seed: int, start: int = 0) -> None:
    write_files(root, list(synthetic_posts(start + n, seed, start)))


def write_files(root: Path, files: list[tuple[str, bytes]]) -> None:
    for rel, data in files:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


# --- 1. a watched folder's git pull, in the window --------------------------------------------------------


def folder_run(files: int, n_queries: int, rules: int, work: Path) -> float:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from finews_desktop.core.importing.importer import ImportReport
    from finews_desktop.ui.mainwindow import MainWindow, WindowContext
    from finews_desktop.ui.settings import Settings
    from finews_desktop.ui.watching import QUIET_SECONDS

    app = QApplication.instance() or QApplication([])
    site = work / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: finews\ntimezone: Asia/Shanghai\n")
    write_posts(site, 100, seed=7)
    lib = Library.open(work / "library")
    sync.add(lib, site)
    sync.sync(lib)
    add_watch_queries(lib, n_queries, rules)
    index_for(lib).catch_up()
    window = MainWindow(WindowContext(lib, Settings.open(work / "settings.ini"), None, synchronous=False))
    window.resize(1200, 800)
    window.show()
    window.start()

    def wait(condition: Any, timeout_s: float = 600) -> None:
        wait_for(app, condition, timeout_s)

    idle = window.importing
    wait(lambda: window.model.rowCount() == 100 and idle.task is None and not idle.index_task)
    wait(lambda: window.sidebar.watch_query_index("w000").isValid())
    print(f"  window up: 100 posts, {n_queries} watch queries, {site} watched")

    imported = [0]
    import_seconds: list[
        float
    ] = []  # each run's own time (the importer's, in the child: the watch queries' hook in it)
    badges_at: list[float] = []

    def finished(report: ImportReport) -> None:  # connected after WatchUi's: its refresh has started
        imported[0] += report.counts()["imported"]
        import_seconds.append(report.seconds)

    def shown() -> None:  # the sidebar shows the entries read (on the facets' thread) after the last run
        if imported[0] >= files and not badges_at:
            badges_at.append(time.perf_counter())

    window.importFinished.connect(finished)
    window.watching.changed.connect(shown)
    beat = QElapsedTimer()
    worst = [0.0]
    worst_cpu = [0.0, 0.0]  # the window's thread's own CPU time between two ticks (the longest, the last tick's)

    def tick() -> None:
        worst[0] = max(worst[0], beat.restart() - HEARTBEAT_MS)
        now = time.thread_time()
        if worst_cpu[1]:
            worst_cpu[0] = max(worst_cpu[0], now - worst_cpu[1])
        worst_cpu[1] = now

    timer = QTimer()
    timer.setInterval(HEARTBEAT_MS)
    timer.timeout.connect(tick)
    last_written = [0.0]
    staging = work / "pulled"  # made first, outside the folder; another process copies them in, as git writes them
    write_posts(staging, files, seed=8)

    def pull() -> None:
        subprocess.run([sys.executable, "-c", COPY_IN, str(staging), str(site)], check=True)
        last_written[0] = time.perf_counter()

    started: list[float] = []
    import_paths = idle.import_paths

    def import_started(*args: Any, **kwargs: Any) -> Any:
        started.append(time.perf_counter())
        return import_paths(*args, **kwargs)

    idle.import_paths = import_started  # type: ignore[method-assign]

    beat.start()
    timer.start()
    first_written = time.perf_counter()
    writer = threading.Thread(target=pull)
    writer.start()
    wait(lambda: bool(badges_at), timeout_s=900)
    timer.stop()
    writer.join()
    took = badges_at[0] - last_written[0]
    shown = {q.name: q.new for q in watches.watch_queries(lib.db)}
    in_sidebar = {
        name: int(window.sidebar.watch_query_index(name).siblingAtColumn(1).data().replace(",", "")) for name in shown
    }
    assert in_sidebar == shown, "the sidebar's badges are not the library's"
    print(
        f"  {files:,} files written in {last_written[0] - first_written:.1f} s; {imported[0]:,} imported; "
        f"{sum(1 for n in shown.values() if n)} badges non-zero, {sum(shown.values()):,} new posts in all"
    )
    runs = ", ".join(f"{t - last_written[0]:+.2f} s" for t in started)
    print(f"  imports started (from the last file written): {runs}; debounce quiet {QUIET_SECONDS} s")
    print(
        f"  the imports' own time (the watch queries' hook included): {', '.join(f'{t:.2f} s' for t in import_seconds)}"
    )
    print(f"  last file written -> badges updated: {took:.2f} s (target {FOLDER_TARGET_S:.0f} s)")
    print(
        f"  longest event-loop stall: {worst[0]:.0f} ms (of it the window thread's own CPU time: at most "
        f"{worst_cpu[0] * 1000:.0f} ms; the rest is waiting: for a core, the GIL, a lock); load average now {os.getloadavg()[0]:.2f}"
    )
    window.close()
    app.processEvents()
    lib.close()
    return took


# --- 2. the badges over a large library ------------------------------------------------------------------


def watch_library(posts: int) -> Path:
    """A copy of fill_library's kept library, with the watch queries (made once, reused)."""
    folder = REPO / "bench" / "out" / f"watch-library-{posts}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        source = kept_library(posts)
        print(f"copying {source} to {folder} (once) …", flush=True)
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns("*.lock"))
        (folder / ".complete").write_text("ok")
    return folder


def badges_run(posts: int, n_queries: int, rules: int, batch: int, work: Path) -> float:
    folder = watch_library(posts)
    with Library.open(folder) as lib:
        active = watches.active_queries(lib.db)
        if len(active) != n_queries or sum(1 for q in active if q.add_tag) != rules:
            add_watch_queries(lib, n_queries, rules)
        index = index_for(lib)
        if index.pending_count() or not index.state()[0]:
            print("bringing the search index up to date (once)…", flush=True)
            index.catch_up()
        have = lib.count_posts(include_trashed=True)
        site = work / "pulled"
        write_posts(site, batch, seed=1, start=have)  # the generator's next posts: new to the library
        for q in watches.watch_queries(lib.db):  # opened: the badges count this run's posts only
            watches.mark_opened(lib.db, q.name, int(time.time()))
        spent = [0.0, 0]

        class Timed(watch_queries.WatchQueries):
            def __call__(self, conn: object, post_ids: list[int]) -> dict[str, int]:
                t = time.perf_counter()
                try:
                    return super().__call__(conn, post_ids)
                finally:
                    spent[0] += time.perf_counter() - t
                    spent[1] += 1

        # attached as the front ends attach it (the import's workers then hand it the posts' texts), timed
        lib.service(watch_queries.WatchQueries, Timed)
        watch_queries.attach(lib)
        t = time.perf_counter()
        report = Importer(lib).run([site])
        whole = time.perf_counter() - t
        t = time.perf_counter()
        badges = watches.watch_queries(lib.db)
        read = time.perf_counter() - t
        matched = sum(q.new for q in badges)
        total = spent[0] + read
        print(
            f"  {report.counts()['imported']:,} posts imported into {have:,} in {whole:.1f} s ({spent[1]} batches); "
            f"{matched:,} matches of {len(badges)} watch queries"
        )
        print(
            f"  watch queries in the batches {spent[0] * 1000:.0f} ms + badges read {read * 1000:.0f} ms = "
            f"{total * 1000:.0f} ms (target {BADGES_TARGET_S * 1000:.0f} ms); load average {os.getloadavg()[0]:.2f}"
        )
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=10_000, help="post files the watched folder receives at once")
    ap.add_argument("--posts", type=int, default=1_000_000, help="the large library's posts (part 2)")
    ap.add_argument("--queries", type=int, default=100, help="watch queries")
    ap.add_argument("--batch", type=int, default=2_000, help="the import's posts (part 2)")
    ap.add_argument("--rules", type=int, default=0, help="how many of the watch queries also tag what they match")
    ap.add_argument("--no-folder", action="store_true", help="skip part 1 (the window)")
    ap.add_argument("--no-badges", action="store_true", help="skip part 2 (the large library)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-watch-") as tmp:
        if not a.no_folder:
            print(f"== a watched folder receiving {a.files:,} post files at once (the window, offscreen)")
            folder_run(a.files, a.queries, a.rules, Path(tmp) / "folder")
        if not a.no_badges:
            print(f"== {a.queries} watch queries over {a.posts:,} posts, after a {a.batch:,}-post import")
            badges_run(a.posts, a.queries, a.rules, a.batch, Path(tmp) / "badges")


if __name__ == "__main__":
    main()
