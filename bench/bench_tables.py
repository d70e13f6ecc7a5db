"""Analysis tables' throughput (core/exporting/tables.py): rows per second of each table to CSV, and to Parquet
when pyarrow is installed, over a library of N synthetic finews posts (not a test).

The library is filled once with bench/fill_library.py and kept under bench/out/ (shared with
bench_export.py). For each table: the whole library written to a file (and, for posts, a
query's result), with the rows, the seconds, rows/s and the process's peak memory (its
maximum resident size, which streaming keeps flat however many posts there are), and the CPU
seconds of the process and of the processes reading the posts table as CSV (two, one per core, from
core/exporting/table_readers.py's PROCESSES_FROM posts on: CPU above the seconds shows both cores at
work; a busy machine shows in seconds well above the CPU).
Target: at least 100,000 rows/s for the posts of 1,000,000 posts to CSV.

Usage: python bench/bench_tables.py [--posts 1000000] [--query Q] [--dest FOLDER]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from fill_library import kept_library  # noqa: E402

from finews_desktop.core.exporting.selection import Selection  # noqa: E402
from finews_desktop.core.exporting.tables import TABLES, export_table, parquet_module  # noqa: E402
from finews_desktop.core.store.library import Library  # noqa: E402

TARGET_ROWS_PER_S = 100_000


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def readers_cpu() -> float:
    """CPU seconds of the processes that multiprocessing's fork server started and has reaped (the posts CSV's
    readers are its children, not this process's): its children's user and system time, from /proc (Linux)."""
    import multiprocessing.forkserver

    pid = getattr(multiprocessing.forkserver._forkserver, "_forkserver_pid", None)
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")  # cutime, cstime


def run(lib: Library, table: str, fmt: str, dest: Path, query: str | None) -> tuple[int, float, float]:
    """Rows, seconds and the CPU seconds of this process (every thread's) and of its table's reader processes."""
    path = dest / f"{table}.{fmt}"
    started, cpu, readers = time.perf_counter(), time.process_time(), readers_cpu()
    report = export_table(lib, table, Selection(query=query), path, fmt)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    time.sleep(0.2)  # the fork server reaps the readers as they end
    path.unlink()
    return report.rows, seconds, cpu + readers_cpu() - readers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--query", default="光伏", help="a query whose posts table is measured too")
    parser.add_argument("--dest", type=Path, help="where the tables are written (default: a temporary folder)")
    args = parser.parse_args()
    folder = kept_library(args.posts)
    formats = ["csv"] + (["parquet"] if parquet_module() is not None else [])
    if len(formats) == 1:
        print("pyarrow is not installed: CSV only (pip install 'finews-desktop[analysis]' for Parquet)")
    print(f"library: {args.posts:,} posts ({folder})")
    print(f"{'table':<22}{'format':<9}{'rows':>11}{'seconds':>9}{'rows/s':>11}{'CPU s':>8}{'peak MiB':>10}")
    failed = False
    with Library.open(folder, readonly=True) as lib, tempfile.TemporaryDirectory(dir=args.dest) as tmp:
        runs = [(t, None) for t in TABLES] + [("posts", args.query)]
        for table, query in runs:
            for fmt in formats:
                rows, seconds, cpu = run(lib, table, fmt, Path(tmp), query)
                rate = rows / seconds if seconds else 0.0
                name = table if query is None else f"{table} of {query!r}"
                print(f"{name:<22}{fmt:<9}{rows:>11,}{seconds:>9.2f}{rate:>11,.0f}{cpu:>8.2f}{peak_mib():>10.0f}")
                if table == "posts" and query is None and fmt == "csv" and rate < TARGET_ROWS_PER_S:
                    failed = True
    verdict = "below" if failed else "meets"
    print(f"posts to CSV {verdict} the target of {TARGET_ROWS_PER_S:,} rows/s")


if __name__ == "__main__":
    main()
