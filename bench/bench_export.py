"""Export throughput: a library of N synthetic finews posts out to a folder (and a .zip).

Fills the library once with bench/fill_library.py (cached under bench/out/),
then in one run measures (each into a folder of its own, all deleted at the end:
on ext4, whatever runs right after 100,000 files were deleted pays for the deletion):
  * `finews export DEST` of the whole library to a new folder (the target:
    at least 10,000 posts/s), checked byte for byte on a sample;
  * the floor: read every post's bytes from SQLite and write each to its own
    file with plain os.open/os.write, in one process: the least any export must do;
  * the same export chosen by ids (the selector path), and to a .zip.
--dest /dev/shm/x measures the export's own cost without the disk.
Usage: python bench/bench_export.py [--posts 100000] [--quick] [--no-zip] [--dest FOLDER]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from fill_library import kept_library  # noqa: E402

from finews_desktop.core.exporting.exporter import export_posts  # noqa: E402
from finews_desktop.core.exporting.selection import Selection  # noqa: E402
from finews_desktop.core.store.library import Library  # noqa: E402

TARGET = 10_000


def drop(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def floor(lib: Library, dest: Path) -> float:
    """Seconds to read every raw row and write it to its own file, nothing else."""
    drop(dest)
    started = time.perf_counter()
    folder = dest / "_posts"
    folder.mkdir(parents=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    for pid, raw in lib.db.execute_sql("SELECT post_id, raw FROM post_content"):
        fd = os.open(folder / f"{pid}.md", flags, 0o666)
        os.write(fd, raw)
        os.close(fd)
    return time.perf_counter() - started


def timed_export(lib: Library, dest: Path, **kwargs) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this process: user + system, all threads, report)."""
    drop(dest)
    os.sync()  # start each run with no dirty pages of the previous one
    cpu, started = os.times(), time.perf_counter()
    report = export_posts(lib, dest, **kwargs)
    wall, after = time.perf_counter() - started, os.times()
    return wall, (after.user - cpu.user) + (after.system - cpu.system), report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--quick", action="store_true", help="a smoke run with 2,000 posts")
    ap.add_argument("--no-zip", action="store_true")
    ap.add_argument("--dest", type=Path, default=OUT / "export-dest", help="where to write (default bench/out/)")
    args = ap.parse_args()
    n = 2_000 if args.quick else args.posts
    folder = kept_library(n)
    work = args.dest
    work.mkdir(parents=True, exist_ok=True)
    with Library.open(folder, create=False, readonly=True) as lib:
        total = lib.count_posts()
        print(f"library: {total} posts, {sum(r[0] for r in lib.db.execute_sql('SELECT size FROM post')) / 1e6:.0f} MB")
        secs, cpu, report = timed_export(lib, work / "site")
        rate = total / secs
        print(
            f"export to a folder:                 {secs:6.2f} s  {rate:9,.0f} posts/s  (target >= {TARGET:,}; "
            f"CPU {cpu:.1f} s = {total / cpu:,.0f} posts per CPU-second)"
        )
        sample = random.Random(1).sample(report.post_ids, min(500, len(report.post_ids)))
        for pid in sample:
            assert (work / "site" / report.paths[pid]).read_bytes() == lib.post_raw(pid)
        assert len(report.post_ids) == total and not report.renamed and not report.conflicts

        # each run writes to a folder of its own and the folders are deleted at the
        # end: on ext4, a run right after 100,000 files were deleted pays for it
        os.sync()
        secs = floor(lib, work / "floor")
        print(f"floor (read rows + write files):   {secs:6.2f} s  {total / secs:9,.0f} posts/s")

        ids = lib.post_ids(order="id")
        secs, _cpu, _ = timed_export(lib, work / "site-by-ids", selection=Selection(ids=ids))
        print(f"export chosen by ids:               {secs:6.2f} s  {total / secs:9,.0f} posts/s")

        if not args.no_zip:
            secs, _cpu, _ = timed_export(lib, work / "site.zip")
            size = (work / "site.zip").stat().st_size / 1e6
            print(f"export to a .zip ({size:.0f} MB):         {secs:6.2f} s  {total / secs:9,.0f} posts/s")
        for name in ("site", "floor", "site-by-ids", "site.zip"):
            drop(work / name)
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other work slows file creation)")
    print(
        f"export throughput: {rate:,.0f} posts/s for {total:,} posts to a folder "
        f"({'meets' if rate >= TARGET else 'MISSES'} the {TARGET:,} posts/s target)"
    )


if __name__ == "__main__":
    main()
