"""Fill a library with synthetic finews posts directly, without writing post files.

The posts are the ones ../shared/tools/make_corpus.py writes (same generator,
same seed, same bytes), parsed by the real reader and written through the
library's own batch writer, so a million-post library is realistic in every
column. Usage: python bench/fill_library.py FOLDER --posts N [--seed S]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from finews_desktop.core.content.postrow import PreparedPost, SourceFile, prepare_post  # noqa: E402
from finews_desktop.core.store.library import Library  # noqa: E402

SITE_ROOT = "synthetic://finews"
TZ = "Asia/Shanghai"


def make_corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", SHARED / "tools" / "make_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def synthetic_posts(n: int, seed: int = 1, start: int = 0) -> Iterator[tuple[str, bytes]]:
    """(site path, bytes) of posts start..n-1, identical to make_corpus.py's files."""
    mc = make_corpus_module()
    rng = random.Random(seed)
    first = datetime(2021, 12, 1, 8, 0, 0)
    for i in range(n):
        when = first + timedelta(seconds=rng.randint(0, 3 * 365 * 86400))
        info = when.strftime("%Y%m%d") + str(2200000000 + seed * 10_000_000 + i)
        cat, tag = rng.choice(mc.SOURCES)
        title = mc.sentence(rng, 4, 12)[:-1].replace('"', "")
        fm = (
            f'---\nlayout: post\ntitle: "{title}"\ndate: {when:%Y-%m-%d %H:%M:%S} +0800\n'
            f"categories: {cat}\ntags: {tag}\n---\n"
        )
        text = fm + mc.body(rng, info, tag)
        if i >= start:
            yield f"_posts/{when:%Y-%m-%d}-{info}.md", text.encode("utf-8")


def _prepare_chunk(chunk: list[tuple[str, bytes]]) -> list[PreparedPost]:
    tz = ZoneInfo(TZ)
    now = datetime.now(tz)
    return [prepare_post(raw, SourceFile(SITE_ROOT, path, path), tz, now) for path, raw in chunk]


def _chunks(items: Iterator[tuple[str, bytes]], size: int) -> Iterator[list[tuple[str, bytes]]]:
    chunk: list[tuple[str, bytes]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _write(lib: Library, archive_id: int, run_id: int, prepared: list[PreparedPost]) -> int:
    lib.write_import_batch([(archive_id, p, 0) for p in prepared], [], [], run_id)
    return len(prepared)


def fill_library(
    folder: str | os.PathLike[str], n: int, seed: int = 1, *, workers: int = 2, verbose: bool = False
) -> float:
    """Write n synthetic posts into the library at folder; returns the seconds it took."""
    started = time.monotonic()
    lib = Library.open(folder)
    try:
        archive_id = lib.ensure_archive(SITE_ROOT, "synthetic", TZ, None, f"timezone: {TZ}\n".encode())
        run_id = lib.start_import_run([SITE_ROOT])
        done = 0
        with ProcessPoolExecutor(max_workers=workers) as pool:
            pending: list[Future[list[PreparedPost]]] = []
            for chunk in _chunks(synthetic_posts(n, seed), 2000):
                pending.append(pool.submit(_prepare_chunk, chunk))
                if len(pending) >= workers * 2:
                    done += _write(lib, archive_id, run_id, pending.pop(0).result())
                    if verbose:
                        print(f"\r{done}/{n} posts", end="", file=sys.stderr, flush=True)
            for future in pending:
                done += _write(lib, archive_id, run_id, future.result())
        lib.finish_import_run(run_id, "done", {"imported": done})
        if verbose:
            print(file=sys.stderr)
    finally:
        lib.close()
    return time.monotonic() - started


def kept_library(n: int, seed: int = 1) -> Path:
    """A library of n synthetic posts kept under bench/out/ for the benchmarks that reuse it: filled
    once, and opened once writable each time, so that a library kept from an older schema is migrated."""
    folder = REPO / "bench" / "out" / f"export-library-{n}"  # the name the export bench first gave it
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        print(f"filling a library with {n} posts (once) …", file=sys.stderr)
        fill_library(folder, n, seed, verbose=True)
        marker.write_text("ok")
    with Library.open(folder):
        pass
    return folder


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    seconds = fill_library(a.folder, a.posts, a.seed, verbose=True)
    print(f"filled {a.posts} posts in {seconds:.1f} s ({a.posts / seconds:.0f} posts/s)")


if __name__ == "__main__":
    main()
