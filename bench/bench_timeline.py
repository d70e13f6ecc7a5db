"""Timeline benchmark (issue 18): a query's timeline over N synthetic posts, first paint and full, and the
window's heartbeat while the timeline panel follows the search (not a test).

usage: python bench/bench_timeline.py [--posts 1000000] [--library FOLDER] [--per-class 6]

The library is bench/fill_library.py's (kept in bench/out/export-library-N and reused; its search index
brought up to date once, outside the timings). The queries are bench_search.py's classes, per-class of
each (36 by default), the unit going round day, week, month; each is compared with two other queries.

1. The core, in this process: "first" is what the panel asks first (`run_timeline_query`: the query with
   the two compared when their answers are kept, as they are after the first query) and the chart
   drawing it (set_timeline and a grab, offscreen); "full" adds, when the first left some out, the
   timeline of all of them on the same bars, drawn. p50/p95/max per class and overall.
2. The window: the app's main window over the library (its list process running the timelines, as in
   use), the timeline panel shown with two comparisons; each query is set in the search field and the
   time to the panel's first timeline and to its full one is measured, while a 5 ms timer's heartbeat
   records the longest stall of the event loop (by the clock, and by the window thread's CPU time, which
   tells the window's own work from the machine's load on a shared machine).

Targets on the 2-core machine: timeline p95 <= 150 ms (first paint and full), no stall > 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_search import percentile, queries  # noqa: E402
from fill_library import kept_library  # noqa: E402
from stall_probe import StallProbe, wait_for  # noqa: E402

from finews_desktop.core.search.engine import index_for  # noqa: E402
from finews_desktop.core.search.timeline import UNITS  # noqa: E402
from finews_desktop.core.store.library import Library  # noqa: E402
from finews_desktop.workers.timeline import TimelineRequest, run_timeline_query  # noqa: E402

TARGET_MS = 150.0
STALL_MS = 50.0
COMPARED = ("光伏", "风电")
HEARTBEAT_MS = 5


def prepare(folder: Path) -> None:
    with Library.open(folder) as lib:
        index = index_for(lib)
        if index.pending_count() or not index.state()[0]:
            print("bringing the search index up to date (once)…", flush=True)
            index.catch_up()
        index.close()


def report(rows: dict[str, list[tuple[float, float]]]) -> dict[str, float]:
    print(f"  {'class':18} {'n':>3} {'first p50':>10} {'first p95':>10} {'full p50':>9} {'full p95':>9} {'max':>8}")
    every_first, every_full = [], []
    for name, pairs in rows.items():
        first, full = [p[0] for p in pairs], [p[1] for p in pairs]
        every_first += first
        every_full += full
        print(
            f"  {name:18} {len(pairs):>3} {statistics.median(first):>10.1f} {percentile(first, 95):>10.1f} "
            f"{statistics.median(full):>9.1f} {percentile(full, 95):>9.1f} {max(full):>8.1f}"
        )
    out = {"first_p95": percentile(every_first, 95), "full_p95": percentile(every_full, 95)}
    print(
        f"  all {len(every_first)} queries: first paint p95 {out['first_p95']:.1f} ms, full p95 {out['full_p95']:.1f} ms "
        f"(target {TARGET_MS:.0f} ms); load average {os.getloadavg()[0]:.2f}"
    )
    return out


def core_timings(folder: Path, classes: dict[str, list[str]]) -> None:
    from PySide6.QtWidgets import QApplication

    from finews_desktop.ui.widgets.timeline_chart import TimelineChart

    QApplication.instance() or QApplication([])
    chart = TimelineChart()
    chart.resize(900, 220)
    chart.show()
    with Library.open(folder, readonly=True) as lib:
        t = time.perf_counter()
        run_timeline_query(lib, TimelineRequest(0, ("",), "month"))
        print(
            f"  first timeline (the engine's id orders read, each post's bar made): {(time.perf_counter() - t) * 1000:.0f} ms"
        )
        for unit in UNITS:
            run_timeline_query(lib, TimelineRequest(0, ("",), unit))  # each unit's bars, once per generation
        rows: dict[str, list[tuple[float, float]]] = {}
        k = 0
        for name, qs in classes.items():
            for q in qs:
                unit = UNITS[k % 3]
                k += 1
                t = time.perf_counter()
                got = run_timeline_query(lib, TimelineRequest(k, (q, *COMPARED), unit, kept_only=True))
                assert got.timeline is not None
                chart.set_timeline(got.timeline)
                chart.grab()
                first = (time.perf_counter() - t) * 1000
                if not got.complete:  # the comparisons not kept: searched, on the same bars (as the panel asks)
                    timeline = got.timeline
                    span = (timeline.start_of(0), timeline.end_of(len(timeline) - 1))
                    full = run_timeline_query(lib, TimelineRequest(k, (q, *COMPARED), unit, span))
                    assert full.timeline is not None
                    chart.set_timeline(full.timeline)
                    chart.grab()
                rows.setdefault(name, []).append((first, (time.perf_counter() - t) * 1000))
    report(rows)


def window_timings(folder: Path, classes: dict[str, list[str]], work: Path, dump_stalls: Path | None = None) -> None:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from finews_desktop.ui import settings as S
    from finews_desktop.ui.mainwindow import MainWindow, WindowContext
    from finews_desktop.ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    settings_file = work / "bench-timeline.ini"
    settings_file.unlink(missing_ok=True)
    settings = Settings.open(settings_file)
    settings.set(S.TIMELINE_SHOWN, True)
    settings.set(S.TIMELINE_COMPARE, "; ".join(COMPARED))
    lib = Library.open(folder)
    window = MainWindow(WindowContext(lib, settings, None, synchronous=False))
    window.resize(1400, 900)
    window.show()
    window.start()
    panel = window.timeline

    def wait(condition, timeout_s: float = 600) -> None:
        wait_for(app, condition, timeout_s)

    wait(lambda: panel.chart is not None and panel.result is not None and len(panel.result.queries) == 3)
    # the sidebar's first read (a thread of the window's process: Python that holds the GIL, seconds at a
    # million posts) is the start's, not the timeline's; bench_stock_page waits for it too
    wait(lambda: window.facets is not None)
    print("  window up, timeline shown, the sidebar read")
    beat = QElapsedTimer()
    worst = [0.0]
    cpu = [time.thread_time()]
    worst_cpu = [0.0]  # the window thread's own work between ticks: what the clock's gaps are without the load
    probe = StallProbe()  # where the longest gap's time went: which thread or child process ran in it
    if dump_stalls is not None:
        probe.dump_stacks_after(dump_stalls, STALL_MS)

    def tick() -> None:
        worst[0] = max(worst[0], beat.restart() - HEARTBEAT_MS)
        probe.tick()
        now = time.thread_time()
        worst_cpu[0] = max(worst_cpu[0], (now - cpu[0]) * 1000)
        cpu[0] = now

    timer = QTimer()
    timer.setInterval(HEARTBEAT_MS)
    timer.timeout.connect(tick)
    shown: list[tuple[tuple[str, ...], float]] = []
    panel.timelineShown.connect(lambda: shown.append((panel.result.queries, time.perf_counter())))
    rows: dict[str, list[tuple[float, float]]] = {}
    after_list: dict[str, list[tuple[float, float]]] = {}  # the same, from the list's answer shown
    listed: dict[str, float] = {}
    apply_list = window._apply_list

    def list_applied(result) -> None:  # the list's answer (the search, in the list's process) shown
        listed.setdefault(result.request.query, time.perf_counter())
        apply_list(result)

    window._apply_list = list_applied
    beat.start()
    timer.start()
    for name, qs in classes.items():
        for q in qs:
            wanted = q.strip()
            if wanted == window.query:
                continue  # the same search again runs nothing
            shown.clear()
            listed.clear()
            t = time.perf_counter()
            window.set_search(q)
            wait(lambda w=wanted: any(s[0] == (w, *COMPARED) for s in shown))
            first = next(s[1] for s in shown if s[0][0] == wanted)
            full = next(s[1] for s in shown if s[0] == (wanted, *COMPARED))
            rows.setdefault(name, []).append(((first - t) * 1000, (full - t) * 1000))
            at = listed.get(wanted, t)
            after_list.setdefault(name, []).append((max(0.0, first - at) * 1000, max(0.0, full - at) * 1000))
    timer.stop()
    print("  from the query set in the search field to the timeline drawn (the list's first page comes first):")
    report(rows)
    print("  of it, from the list's answer shown to the timeline drawn (the timeline's own part in the window):")
    report(after_list)
    print(
        f"  longest event-loop stall: {worst[0]:.0f} ms (target {STALL_MS:.0f} ms); "
        f"the window thread's most CPU between two ticks: {worst_cpu[0]:.0f} ms"
    )
    print(f"  {probe.describe()}")
    window.close()
    app.processEvents()
    lib.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--library", type=Path, help="an already filled library (default: bench/out/export-library-N)")
    ap.add_argument("--per-class", type=int, default=6, help="queries of each of the 6 classes (at least 5: 30 in all)")
    ap.add_argument("--no-window", action="store_true", help="only the core's timings")
    ap.add_argument("--no-core", action="store_true", help="only the window's timings")
    ap.add_argument("--dump-stalls", type=Path, help="write every thread's stack here at each stall past 50 ms")
    a = ap.parse_args()
    folder = a.library or kept_library(a.posts)
    prepare(folder)
    classes = queries(a.per_class)
    print(f"== timelines over {a.posts:,} posts ({folder}); each compared with {' and '.join(COMPARED)}")
    if not a.no_core:
        core_timings(folder, classes)
    if not a.no_window:
        print("== the window")
        window_timings(folder, classes, REPO / "bench" / "out", a.dump_stalls)


if __name__ == "__main__":
    main()
