"""Search benchmark over 100,000 and 1,000,000 synthetic finews posts (not a test).

usage: python bench/bench_search.py [--quick] [--work DIR] [--small N] [--large N] [--no-large]
       [--small-folder LIB --files DIR] [--large-folder LIB [--readonly]] [--rebuild]

The small library is imported with the importer from post files that
../shared/tools/make_corpus.py writes (kept in WORK/files for `rg -l`); the
large one is filled directly (bench/fill_library.py). Both are kept in WORK and
reused by later runs. For each library: index build rate and size, then at
least 50 queries of each class, each asking for the first page of 100 results
and the total: p50/p95/max milliseconds and the mean total. For the small one,
`rg -l` over the post files for the same free-text terms. --quick runs it all
on 3,000 and 10,000 posts with 12 queries a class.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from finews_desktop.core.importing.importer import import_paths  # noqa: E402
from finews_desktop.core.search.engine import index_for, search  # noqa: E402
from finews_desktop.core.store.library import Library  # noqa: E402

TARGETS_MS = {"small": 20.0, "large": 100.0}


def make_corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", SHARED / "tools" / "make_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def queries(per_class: int, seed: int = 11) -> dict[str, list[str]]:
    """Queries of each class, drawn from the corpus generator's own vocabulary and sentences."""
    mc = make_corpus_module()
    rng = random.Random(seed)
    words = list(dict.fromkeys(mc.WORDS))
    chars = sorted({c for w in words for c in w if "\u4e00" <= c <= "\u9fff"})
    sentences = [mc.sentence(rng) for _ in range(400)]

    def piece(lo: int, hi: int) -> str:
        while True:
            s = rng.choice(sentences)[:-1]
            n = rng.randint(lo, hi)
            if len(s) > n:
                i = rng.randrange(len(s) - n)
                return s[i : i + n]

    def distinct(make: Callable[[], str]) -> list[str]:
        out: dict[str, None] = {}
        while len(out) < per_class:
            out[make()] = None
        return list(out)

    cjk1 = rng.sample(chars, min(per_class, len(chars)))
    cjk1 += [rng.choice(chars) for _ in range(per_class - len(cjk1))]
    long_words = [w for w in words if 3 <= len(w) <= 6]
    codes = [code for _m, code, _n in mc.MARKETS] + [f"{m}.{c}" for m, c, _n in mc.MARKETS]
    ascii_terms = [*codes, "nio", "Wind", "APP", "2022", "http", "eastmoney", "300", "600", "bk", "ETF", "IPO"]
    tags = [t for _c, t in mc.SOURCES]
    cats = [c.split()[0] for c, _t in mc.SOURCES]
    stock_names = [n for _m, _c, n in mc.MARKETS]

    def month() -> str:
        return f"{rng.choice([2021, 2022, 2023, 2024])}-{rng.randint(1, 12):02d}"

    def field_only() -> str:
        kind = rng.randrange(9)
        if kind == 8:
            return rng.choice(["is:edited", "has:warning", f"-is:edited tag:{rng.choice(tags)}", "is:trashed"])
        if kind == 0:
            return f"tag:{rng.choice(tags)}"
        if kind == 1:
            return f"category:{rng.choice(cats)}"
        if kind == 2:
            return f"stock:{rng.choice(codes + stock_names)}"
        if kind == 3:
            return f"date:{month()}"
        if kind == 4:
            a, b = sorted((month(), month()))
            return f"date:{a}-01..{b}-28"
        if kind == 5:
            return f"source:{rng.choice(tags)[:2]} date:>{month()}-15"
        if kind == 6:
            return f"tag:{rng.choice(tags)} date:{month()}"
        return f"stock:{rng.choice(codes)} -category:{rng.choice(cats)}"

    def combined() -> str:
        w1, w2, w3 = rng.choice(words), rng.choice(words), rng.choice(chars)
        forms = [
            f"{w1} date:{month()}",
            f"{w1} -{w2}",
            f"{w1} OR {w2} tag:{rng.choice(tags)}",
            f"stock:{rng.choice(codes)} {w1}",
            f"({w1} OR {w2}) -{w3} date:>{month()}-01",
            f"title:{w1} {w2}",
            f'"{piece(3, 6)}" category:{rng.choice(cats)}',
            f"{w3} {w1} {w2}",
        ]
        return rng.choice(forms)

    return {
        "1 CJK char": cjk1,
        "2 CJK chars": distinct(lambda: rng.choice([rng.choice([w for w in words if len(w) == 2]), piece(2, 2)])),
        "3-6 CJK chars": distinct(lambda: rng.choice([rng.choice(long_words), piece(3, 6)])),
        "ASCII/stock code": distinct(lambda: ascii_query(rng, ascii_terms)),
        "field-only": distinct(field_only),
        "combined": distinct(combined),
    }


def ascii_query(rng: random.Random, terms: list[str]) -> str:
    """A code, a piece of one, a Latin word in some case, or digits; sometimes mixed with CJK."""
    term = rng.choice(terms)
    kind = rng.randrange(5)
    if kind == 1 and len(term) > 2:
        start = rng.randrange(len(term) - 1)
        return term[start : start + rng.randint(2, len(term) - start)]
    if kind == 2:
        return rng.choice([term.lower(), term.upper(), term.swapcase()])
    if kind == 3:
        return str(rng.randint(0, 10 ** rng.randint(1, 4)))
    if kind == 4:
        return rng.choice(["沪深300", "Wind新闻", "36氪", "21世纪", "5G", "K图"])
    return term


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def run_queries(lib: Library, classes: dict[str, list[str]], label: str) -> dict[str, dict[str, float]]:
    t = time.perf_counter()
    first = search(lib, "", limit=100)  # builds the id orders once per library change
    cold = (time.perf_counter() - t) * 1000
    print(f"  first search (builds the cached id orders): {cold:.0f} ms; {first.total} posts")
    out = {}
    print(f"  {'class':18} {'n':>3} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'mean total':>11}  slowest")
    for name, qs in classes.items():
        times, totals = [], []
        slowest = ("", 0.0)
        for q in qs:
            t = time.perf_counter()
            result = search(lib, q, limit=100)
            ms = (time.perf_counter() - t) * 1000
            times.append(ms)
            totals.append(result.total)
            if ms > slowest[1]:
                slowest = (q, ms)
        row = {
            "n": len(qs),
            "p50": statistics.median(times),
            "p95": percentile(times, 95),
            "max": max(times),
            "mean_total": statistics.mean(totals),
        }
        out[name] = row
        print(
            f"  {name:18} {row['n']:>3} {row['p50']:>8.1f} {row['p95']:>8.1f} {row['max']:>8.1f} "
            f"{row['mean_total']:>11.0f}  {slowest[0]}"
        )
    worst = max(r["p95"] for r in out.values())
    print(f"  worst p95 {worst:.1f} ms (target {TARGETS_MS[label]:.0f} ms); load average now {os.getloadavg()[0]:.2f}")
    return out


def build_index(lib: Library, rebuild: bool = False) -> dict[str, float]:
    index = index_for(lib)
    posts = lib.count_posts(include_trashed=True)
    if (index.state()[0] and not rebuild) or lib.readonly:
        pending = index.pending_count()
        if pending and not lib.readonly:
            t = time.perf_counter()
            index.catch_up()
            print(f"  caught up {pending} queued posts in {time.perf_counter() - t:.1f} s")
        size = index.size_bytes()
        print(f"  index already built ({size / 1048576:.0f} MB); rebuild with `finews reindex` to time it")
        return {"posts": posts, "size_mb": size / 1048576}
    t = time.perf_counter()
    index.rebuild()
    seconds = time.perf_counter() - t
    size = index.size_bytes()
    lib_size = sum(p.stat().st_size for p in Path(lib.folder).glob("library.sqlite3*"))
    cpu = index.last_build_cpu
    print(
        f"  index build: {posts} posts in {seconds:.1f} s = {posts / seconds:.0f} posts/s; "
        f"index {size / 1048576:.0f} MB (library file {lib_size / 1048576:.0f} MB)\n"
        f"  build CPU: {cpu:.0f} s in all processes = {posts / cpu:.0f} posts per CPU-second "
        f"(wall-clock rate depends on what else the {os.cpu_count()} cores are doing)"
    )
    return {"posts": posts, "seconds": seconds, "rate": posts / seconds, "cpu": cpu, "size_mb": size / 1048576}


def rg_times(folder: Path, classes: dict[str, list[str]], per_class: int) -> None:
    rg = shutil.which("rg")
    if rg is None:
        print("  rg is not installed")
        return
    print(f"  rg -l -F over {folder} ({per_class} terms a class; raw files, so only a scale comparison):")
    for name in ("1 CJK char", "2 CJK chars", "3-6 CJK chars", "ASCII/stock code"):
        times = []
        for term in classes[name][:per_class]:
            t = time.perf_counter()
            subprocess.run([rg, "-l", "-F", "-i", "--", term, str(folder)], stdout=subprocess.DEVNULL, check=False)
            times.append((time.perf_counter() - t) * 1000)
        print(f"    {name:18} p50 {statistics.median(times):8.0f} ms  max {max(times):8.0f} ms")


def small_library(work: Path, posts: int) -> Library:
    files = work / f"files{posts}"
    if not (files / "_posts").is_dir():
        print(f"  writing {posts} post files with make_corpus.py …")
        subprocess.run(
            [
                sys.executable,
                str(SHARED / "tools" / "make_corpus.py"),
                str(files),
                "--posts",
                str(posts),
                "--seed",
                "3",
            ],
            check=True,
        )
    folder = work / f"lib{posts}"
    fresh = not folder.exists()
    lib = Library.open(folder)
    if fresh:
        t = time.perf_counter()
        report = import_paths(lib, [files])
        print(f"  imported {len(report.imported)} files in {time.perf_counter() - t:.0f} s")
    return lib


def large_library(work: Path, posts: int) -> Library:
    folder = work / f"fill{posts}"
    if not folder.exists():
        from fill_library import fill_library

        print(f"  filling {posts} posts directly …")
        seconds = fill_library(folder, posts, seed=7)
        print(f"  filled in {seconds:.0f} s")
    return Library.open(folder)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a small smoke run")
    ap.add_argument("--work", default="/tmp/finews-bench-search", help="where the libraries and files are kept")
    ap.add_argument("--small", type=int, default=100_000)
    ap.add_argument("--large", type=int, default=1_000_000)
    ap.add_argument("--large-folder", help="an already filled large library to use")
    ap.add_argument("--small-folder", help="an already filled small library to use (instead of importing)")
    ap.add_argument("--files", help="the post files for rg (default WORK/filesN)")
    ap.add_argument("--rebuild", action="store_true", help="time a full index build even when one exists")
    ap.add_argument(
        "--readonly", action="store_true", help="open the large library read-only (its index must be built)"
    )
    ap.add_argument("--no-large", action="store_true")
    ap.add_argument("--per-class", type=int, default=60)
    ap.add_argument("--json", help="also write the figures to this file")
    a = ap.parse_args()
    if a.quick:
        a.small, a.large, a.per_class = 3000, 10000, 12
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    classes = queries(a.per_class)
    figures: dict[str, object] = {}

    print(f"== {a.small} posts (imported from files)")
    print(f"   (load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f})")
    with Library.open(a.small_folder) if a.small_folder else small_library(work, a.small) as lib:
        figures["small_build"] = build_index(lib, a.rebuild)
        figures["small"] = run_queries(lib, classes, "small")
    rg_times(Path(a.files) if a.files else work / f"files{a.small}", classes, 10 if not a.quick else 3)

    if not a.no_large:
        print(f"== {a.large} posts (filled directly)")
        print(f"   (load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f})")
        lib = Library.open(a.large_folder, readonly=a.readonly) if a.large_folder else large_library(work, a.large)
        with lib:
            figures["large_build"] = build_index(lib, a.rebuild and not a.readonly)
            figures["large"] = run_queries(lib, classes, "large")
    if a.json:
        Path(a.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
