"""Near-duplicate clustering benchmark over synthetic finews posts with republished copies (not a test).

usage: python bench/bench_dups.py [--posts N] [--duplicates F] [--work DIR] [--batch N] [--batches N] [--workers N]
                                  [--no-index] [--after-index] [--batches-only]

../shared/tools/make_corpus.py writes N posts and copies of about F*N of them (another outlet, a
later time, small edits) with the truth (duplicates.json: story -> its copies); they are imported
into a library kept in WORK and reused by later runs, and its search index built (as the window
does after an import; the clustering reads the folded text the index keeps instead of deriving it
from the HTML again; --no-index: without it, derived in worker processes). Then, each in a fresh
process whose peak memory (its own and its workers', summed) and CPU seconds are reported:

* the whole clustering (every post queued, `Deduplicator.catch_up`): seconds and posts/s
  (target >= 5,000/s on 2 cores), and precision and recall of the pairs of posts in one cluster
  against the pairs of one story (targets 0.99 and 0.95);
* one import batch: --batch more posts (with copies of theirs) imported, then the catch-up that
  clusters them, in milliseconds and CPU milliseconds (target <= 200 ms), as the window runs it: right
  after the import, beside the search index's catch-up (seconds), deriving the batch's text from its
  bytes, when the batch is small enough for that (Deduplicator.may_go_before_index: DERIVE_AT_MOST posts
  the index has not got), else after the index's catch-up, reading its text back (--after-index: always
  after it); it looks up only the batch's
  own LSH buckets, writes its bucket rows into the small dup_band_recent and merges one band of
  those into dup_band, whatever the size of the library. --batches N: N such batches one after
  the other (the recent rows pile up for up to 32 of them, then each merge moves a full band's),
  their median and slowest catch-up; the search index's catch-up before each is shown too.

--posts 1000000 gives the large run's time and peak memory (target <= 1 GB). --batches-only: the import
batches without the whole library's clustering. Small check:
python bench/bench_dups.py --posts 3000
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from finews_desktop.core.dedup.deduplicator import Deduplicator  # noqa: E402
from finews_desktop.core.importing.importer import import_paths  # noqa: E402
from finews_desktop.core.search.index import SearchIndex  # noqa: E402
from finews_desktop.core.store import clusters  # noqa: E402
from finews_desktop.core.store.library import Library  # noqa: E402


def make_files(folder: Path, posts: int, duplicates: float, seed: int) -> None:
    if (folder / "duplicates.json").exists():
        return
    print(f"  writing {posts:,} posts and copies of {duplicates:.0%} of them with make_corpus.py …", flush=True)
    subprocess.run(
        [
            sys.executable,
            str(SHARED / "tools" / "make_corpus.py"),
            str(folder),
            "--posts",
            str(posts),
            "--seed",
            str(seed),
            "--duplicates",
            str(duplicates),
        ],
        check=True,
    )


def library(work: Path, posts: int, duplicates: float) -> Path:
    files = work / f"files-{posts}-{duplicates}"
    folder = work / f"lib-{posts}-{duplicates}"
    make_files(files, posts, duplicates, seed=1)
    if not (folder / "imported").exists():
        print("  importing …", flush=True)
        with Library.open(folder) as lib:
            import_paths(lib, [str(files)])
        (folder / "imported").write_text("")
    if not (folder / "indexed").exists():
        print("  building the search index …", flush=True)
        with Library.open(folder) as lib:
            index_up_to_date(lib)
        (folder / "indexed").write_text("")
    return folder


def index_up_to_date(lib: Library) -> float:
    """The search index's catch-up (the window runs it before the clustering's); its seconds."""
    start = time.perf_counter()
    index = SearchIndex(lib)
    try:
        index.catch_up()
    finally:
        index.close()
    return time.perf_counter() - start


def without_index(folder: Path) -> None:
    for path in folder.glob("search-*"):
        path.unlink()


class ProcessTree:
    """Peak memory (summed resident set) and CPU seconds of this process and every process below it,
    sampled every 50 ms from /proc: the signature workers are the forkserver's children, which
    getrusage(RUSAGE_CHILDREN) never counts (elsewhere: this process's own figures only)."""

    def __init__(self) -> None:
        self.peak = 0
        self.cpu_seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._start_cpu = self._own_cpu()

    def __enter__(self) -> ProcessTree:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @staticmethod
    def _own_cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        return own.ru_utime + own.ru_stime

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self._sample()

    def _below(self, pid: int) -> list[int]:
        out = []
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                kids = [int(x) for x in task.read_text().split()]
            except OSError:
                continue
            for kid in kids:
                out += [kid, *self._below(kid)]
        return out

    def _sample(self) -> None:
        me = os.getpid()
        if not Path(f"/proc/{me}/status").exists():
            self.peak = max(self.peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
            return
        total = 0
        tick = os.sysconf("SC_CLK_TCK")
        for pid in [me, *self._below(me)]:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += next((int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS")), 0)
            if pid != me:
                self.cpu_seen[pid] = (int(stat[11]) + int(stat[12])) / tick
        self.peak = max(self.peak, total)

    def cpu(self) -> float:
        return self._own_cpu() - self._start_cpu + sum(self.cpu_seen.values())


def whole(folder: Path, workers: int | None, no_index: bool) -> dict[str, float]:
    """Every post clustered again (in this fresh process)."""
    if no_index:
        copy = folder.parent / "no-index-library"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(folder, copy)
        without_index(copy)
        folder = copy
    with Library.open(folder) as lib:
        with lib.db.atomic("IMMEDIATE"):
            clusters.clear(lib.db.connection())
        dedup = Deduplicator(lib, workers=workers)
        queued = dedup.pending_count()
        start = time.perf_counter()
        with ProcessTree() as tree:
            dedup.catch_up()
        seconds = time.perf_counter() - start
        rows = clusters.cluster_rows(lib.db)
        paths = dict(lib.db.execute_sql("SELECT id, path FROM post").fetchall())
    found: dict[int, list[str]] = {}
    for cluster, _rep, pid in rows:
        found.setdefault(cluster, []).append(paths[pid])
    pairs = {tuple(sorted(p)) for members in found.values() for p in itertools.combinations(members, 2)}
    return {
        "posts": queued,
        "seconds": seconds,
        "cpu": tree.cpu(),
        "pairs": len(pairs),
        "peak_mb": tree.peak / 2**20,
        "found": sorted(pairs),
    }


def batch(
    folder: Path, work: Path, size: int, batches: int, workers: int | None, no_index: bool, before_index: bool
) -> dict[str, Any]:
    """`batches` import batches of `size` new posts (and their copies) one after the other, each followed by
    the catch-up that clusters them (timed) and the search index's catch-up, in the window's order: the
    clustering first, deriving the batch's text (`before_index`), else after the index (its text read)."""
    copy = work / "batch-library"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(folder, copy)  # the kept library stays as imported
    if no_index:
        without_index(copy)
    runs: list[dict[str, float]] = []
    with Library.open(copy) as lib:
        Deduplicator(lib, workers=workers).catch_up()  # nothing else waiting
        for n in range(batches):
            files = work / (f"batch-{size}" if n == 0 else f"batch-{size}-{n}")
            make_files(files, size, 0.2, seed=2 + n)
            import_paths(lib, [str(files)])
            # the window's rule: a batch goes before the index's catch-up (its text derived) when the
            # deduplicator says it may (Deduplicator.may_go_before_index), else after it (its text read)
            derived = before_index and not no_index and Deduplicator(lib, workers=workers).may_go_before_index()
            index_ms = 0.0 if no_index or derived else index_up_to_date(lib) * 1000
            dedup = Deduplicator(lib, workers=workers)
            queued = dedup.pending_count()
            start, cpu = time.perf_counter(), time.process_time()
            dedup.catch_up()
            ms, cpu_ms = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
            if derived:
                index_ms = index_up_to_date(lib) * 1000  # after: the window runs both at once
            runs.append(
                {
                    "posts": queued,
                    "derived": derived,
                    "ms": ms,
                    "cpu_ms": cpu_ms,
                    "index_ms": index_ms,
                    "library": clusters.stored_count(lib.db),
                }
            )
    return {"runs": runs}


def truth_pairs(files: Path) -> set[tuple[str, ...]]:
    stories = json.loads((files / "duplicates.json").read_text(encoding="utf-8"))
    return {tuple(sorted(p)) for copies in stories.values() for p in itertools.combinations(copies, 2)}


def in_child(step: str, *args: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--step", step, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--duplicates", type=float, default=0.2)
    ap.add_argument("--work", type=Path, default=REPO / "bench" / "out" / "dups")
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--batches", type=int, default=1, help="import batches one after the other (steady state: 40)")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--no-index", action="store_true", help="cluster without the search index's text")
    ap.add_argument(
        "--after-index",
        action="store_true",
        help="cluster each import batch after the search index's catch-up, reading its text (by default, as "
        "the window: right after the import, deriving the batch's text, when Deduplicator.may_go_before_index)",
    )
    ap.add_argument("--batches-only", action="store_true", help="skip the whole library's clustering")
    ap.add_argument("--step", help=argparse.SUPPRESS)
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.step == "whole":
        print(json.dumps(whole(a.folder, a.workers, a.no_index)))
        return
    if a.step == "batch":
        print(json.dumps(batch(a.folder, a.work, a.batch, a.batches, a.workers, a.no_index, not a.after_index)))
        return
    a.work.mkdir(parents=True, exist_ok=True)
    folder = library(a.work, a.posts, a.duplicates)
    workers = ["--workers", str(a.workers)] if a.workers is not None else []
    workers += ["--no-index"] if a.no_index else []
    how = "deriving their text (--no-index)" if a.no_index else "reading the search index's text"
    print(f"clustering {a.posts:,} posts with copies of {a.duplicates:.0%}, {how} ({folder})")
    if not a.batches_only:
        w = in_child("whole", "--folder", str(folder), *workers)
        truth = truth_pairs(a.work / f"files-{a.posts}-{a.duplicates}")
        found = {tuple(p) for p in w["found"]}
        hits = len(found & truth)
        precision = hits / len(found) if found else 1.0
        recall = hits / len(truth) if truth else 1.0
        print(
            f"  whole library: {int(w['posts']):,} posts in {w['seconds']:.1f} s = {w['posts'] / w['seconds']:,.0f} posts/s "
            f"(target >= 5,000/s; {w['cpu']:.1f} CPU seconds); peak memory {w['peak_mb']:,.0f} MB (target <= 1,024 MB)"
        )
        print(
            f"  pairs: {len(found):,} found, {len(truth):,} true; precision {precision:.4f} (target >= 0.99), "
            f"recall {recall:.4f} (target >= 0.95)"
        )
    b = in_child(
        "batch",
        "--folder",
        str(folder),
        "--work",
        str(a.work),
        "--batch",
        str(a.batch),
        "--batches",
        str(a.batches),
        *workers,
        *(["--after-index"] if a.after_index else []),
    )
    runs = b["runs"]
    for n, r in enumerate(runs):
        if a.no_index:
            indexed = ""
        elif not r["derived"]:  # its folded text read back: the batch's stories show after both
            indexed = f" (the search index's catch-up before it, not counted: {r['index_ms']:.0f} ms)"
        else:  # the stories show after the import and this, the index catching up meanwhile
            indexed = f", its text derived (the search index's catch-up, after it here: {r['index_ms']:.0f} ms)"
        print(
            f"  import batch {n + 1}: {int(r['posts']):,} posts clustered in {r['ms']:.0f} ms "
            f"({r['cpu_ms']:.0f} ms CPU){indexed}, into {int(r['library']):,} posts (target <= 200 ms)"
        )
    if len(runs) > 1:
        times = sorted(r["ms"] for r in runs)
        print(
            f"  {len(runs)} batches: median {times[len(times) // 2]:.0f} ms, slowest {times[-1]:.0f} ms (target <= 200 ms)"
        )


if __name__ == "__main__":
    main()
