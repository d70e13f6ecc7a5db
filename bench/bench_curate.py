"""Curation at scale: a tag merge and rename over a library of N synthetic posts (target: under 2 s).

Fills a library once with bench/fill_library.py (cached under bench/out/),
copies it to a scratch folder (under /tmp), then times in one run:
  * merging every source tag into one (touches all N posts), its undo and redo;
  * renaming the merged tag (all N posts again);
  * renaming the biggest category (its posts' urls change too);
  * adding a tag to 20 posts (the bulk edit of a selection);
and, without a target, what the changes leave for later: queueing N posts for the
search index (part of each figure above) and deriving the current bytes of every
pending post (what an export of them adds, core/pending.py).
Each post's bytes change on its tag/category line only; a sample is checked.
Figures are wall-clock seconds on whatever else the machine is doing, with this
process's CPU seconds beside them (steadier on a shared machine): give the load
average (`uptime`) with them.
Usage: python bench/bench_curate.py [--posts 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from fill_library import kept_library  # noqa: E402

from finews_desktop.core.curation.curator import Curator, UndoStack  # noqa: E402
from finews_desktop.core.store.library import Library  # noqa: E402

TARGET = 2.0


def flush(folder: Path) -> None:
    """Write the copied library (and a migration's backup) to disk now, so no figure pays for their write-back."""
    for path in folder.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def timed(label: str, n: int, fn, target: bool = True):  # type: ignore[no-untyped-def]
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    verdict = ("ok" if took < TARGET else "SLOW") + f", target < {TARGET:.0f} s" if target else "no target"
    print(f"{label:<46} {n:>7} posts  {took:6.2f} s  (cpu {cpu:5.2f} s; {verdict})", flush=True)
    return result, took


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=100_000)
    args = ap.parse_args()
    source = kept_library(args.posts)
    with tempfile.TemporaryDirectory(prefix="bench-curate-") as scratch:
        folder = Path(scratch) / "lib"
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns("library.lock", ".complete"))
        lib = Library.open(folder)  # an older library is migrated here (after a backup of it)
        flush(Path(scratch))
        try:
            cur = Curator(lib)
            stack = UndoStack(cur)
            tags = [t.name for t in cur.names("tag")]
            sample = random.Random(1).sample(lib.post_ids(), 20)
            before = {pid: lib.post_raw(pid) for pid in sample}
            touched = cur.count_touched("tag", tags)
            worst = 0.0
            changes, took = timed(f"merge {len(tags)} tags into one", touched, lambda: cur.merge("tag", tags, "新闻"))
            worst = max(worst, took)
            stack.push(changes)
            for pid in sample:
                old, new = before[pid].split(b"\n"), lib.post_raw(pid).split(b"\n")
                assert [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b] == [5], pid
            _, took = timed("undo the merge", touched, stack.undo)
            worst = max(worst, took)
            assert all(lib.post_raw(pid) == before[pid] for pid in sample)
            _, took = timed("redo the merge", touched, stack.redo)
            worst = max(worst, took)
            _, took = timed("rename the merged tag", touched, lambda: stack.push(cur.rename("tag", "新闻", "财经新闻")))
            worst = max(worst, took)
            cats = [c.name for c in cur.names("category")]
            biggest = max(cur.names("category"), key=lambda c: c.count)
            _, took = timed(
                f"rename category {biggest.name} ({len(cats)} in all)",
                biggest.count,
                lambda: stack.push(cur.rename("category", biggest.name, biggest.name + "-renamed")),
            )
            worst = max(worst, took)
            picked = random.Random(2).sample(lib.post_ids(), 20)
            _, took = timed("add a tag to 20 selected posts", 20, lambda: stack.push(cur.add("tag", picked, ["精选"])))
            worst = max(worst, took)

            def queue() -> None:
                with lib.db.atomic() as txn:
                    lib._after_posts_changed(lib.db.connection(), lib.post_ids(include_trashed=True))
                    txn.rollback()

            timed("queue every post for the search index", touched, queue, target=False)

            def derive() -> int:
                rows = lib.db.execute_sql(
                    "SELECT c.post_id, c.raw FROM post_content c JOIN post_pending pp ON pp.post_id = c.post_id"
                )
                return sum(1 for _ in lib.current_raws(rows))

            pending = lib.db.execute_sql("SELECT COUNT(*) FROM post_pending").fetchone()[0]
            timed("derive the current bytes of pending posts", pending, derive, target=False)
            print(f"slowest: {worst:.2f} s for up to {touched} posts")
            return 0 if worst < TARGET else 1
        finally:
            lib.close()


if __name__ == "__main__":
    sys.exit(main())
