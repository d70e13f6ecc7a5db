"""Stories in the window, benchmarked (issue 19; not a test): what One Row per Story and the story panel
cost over N synthetic posts with republished copies (default 1,000,000, duplicates 0.2).

usage: python bench/bench_stories.py [--posts N] [--duplicates F] [--work DIR] [--pages N]

../shared/tools/make_corpus.py writes the posts and their copies; they are imported into a library
kept in WORK (reused by later runs), indexed and clustered (`Deduplicator.catch_up`, as the window runs
it in the background). Then, p50/p95/max milliseconds of:

* the list with one row per story (`run_list_query` with `one_per_story`, as the list's child process
  runs it): its first page of 300 rows and the whole list, for an empty query, a word and a tag;
* a page of 100 rows' copies and outlets (`story_summaries`), which the model reads on the window's
  thread as rows are painted: the window's stall per page scrolled (target < 50 ms);
* a post's story panel (`story_view`: the story and the diff, on a worker thread);
* the sidebar's counts, every post and each story once (`read_facets`, on a worker thread).

Small check: python bench/bench_stories.py --posts 2000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from finews_desktop.core.dedup.deduplicator import Deduplicator  # noqa: E402
from finews_desktop.core.dedup.story_view import story_view  # noqa: E402
from finews_desktop.core.importing.importer import import_paths  # noqa: E402
from finews_desktop.core.search.engine import index_for, search  # noqa: E402
from finews_desktop.core.store.facets import read_facets  # noqa: E402
from finews_desktop.core.store.library import Library  # noqa: E402
from finews_desktop.core.store.story_reads import story_summaries  # noqa: E402
from finews_desktop.workers.listing import ListRequest, run_list_query  # noqa: E402

PAGE = 100  # the model's page of rows
STALL_TARGET_MS = 50


def prepared_library(work: Path, posts: int, duplicates: float) -> Path:
    """The library of `posts` posts with copies, imported, indexed and clustered (kept in `work`)."""
    files = work / f"files-{posts}-{duplicates}"
    folder = work / f"lib-{posts}-{duplicates}"
    if not (files / "duplicates.json").exists():
        print(f"  writing {posts:,} posts with copies of {duplicates:.0%} of them …", flush=True)
        subprocess.run(
            [
                sys.executable,
                str(SHARED / "tools" / "make_corpus.py"),
                str(files),
                "--posts",
                str(posts),
                "--seed",
                "1",
                "--duplicates",
                str(duplicates),
            ],
            check=True,
        )
    if not (folder / "ready").exists():
        with Library.open(folder) as lib:
            print("  importing …", flush=True)
            import_paths(lib, [str(files)])
            print("  indexing …", flush=True)
            index = index_for(lib)
            index.catch_up()
            print("  clustering …", flush=True)
            started = time.perf_counter()
            Deduplicator(lib).catch_up()
            print(f"  clustered in {time.perf_counter() - started:.1f} s", flush=True)
        (folder / "ready").write_text("")
    return folder


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def report(name: str, times: list[float], target: float | None = None) -> None:
    line = (
        f"  {name:42} {len(times):>4} {statistics.median(times):>8.1f} {percentile(times, 95):>8.1f} {max(times):>8.1f}"
    )
    if target is not None:
        line += f"   (target p95 < {target:.0f} ms)"
    print(line, flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--duplicates", type=float, default=0.2)
    ap.add_argument("--work", type=Path, default=REPO / "bench" / "work")
    ap.add_argument("--pages", type=int, default=200, help="pages of rows and story panels timed")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    folder = prepared_library(args.work, args.posts, args.duplicates)
    rng = random.Random(7)
    with Library.open(folder) as lib:
        total = len(lib.post_ids())
        duplicates = len(search(lib, "is:duplicate", limit=None).ids)
        print(
            f"{total:,} posts, {duplicates:,} copies or versions of another post; load average {os.getloadavg()[0]:.2f}"
        )
        print(f"  {'':42} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        tag = max(lib.facets().tags, key=lambda e: e.count).key
        for label, query in (("all posts", ""), ("a word", "光伏"), ("a tag", f'tag:"{tag}"')):
            first = ListRequest(0, query, "date", True, limit=300, one_per_story=True)
            whole = ListRequest(0, query, "date", True, one_per_story=True)
            report(f"one row per story, {label}: first page", timed(lambda r=first: run_list_query(lib, r), 5))
            report(f"one row per story, {label}: whole list", timed(lambda r=whole: run_list_query(lib, r), 3))
        representatives = run_list_query(lib, ListRequest(0, "", "date", True, one_per_story=True)).ids
        starts = [rng.randrange(0, max(1, len(representatives) - PAGE)) for _ in range(args.pages)]
        pages = iter(starts)
        report(
            "a page's copies and outlets (window thread)",
            timed(lambda: story_summaries(lib.db, representatives[(s := next(pages)) : s + PAGE]), len(starts)),
            STALL_TARGET_MS,
        )
        clustered = search(lib, "is:representative", limit=None).ids
        picks = [clustered[rng.randrange(len(clustered))] for _ in range(min(args.pages, 50))] if clustered else []
        chosen = iter(picks)
        if picks:
            report(
                "a post's story panel with its diff (worker)", timed(lambda: story_view(lib, next(chosen)), len(picks))
            )
        report("sidebar counts, every post (worker)", timed(lambda: read_facets(lib.db), 3))
        report("sidebar counts, each story once (worker)", timed(lambda: read_facets(lib.db, True), 3))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
