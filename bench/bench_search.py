"""Search benchmark over 100,000 and 1,000,000 synthetic finews posts (not a test).

usage: python bench/bench_search.py [--quick] [--work DIR] [--small N] [--large N] [--no-large]
       [--small-folder LIB --files DIR] [--large-folder LIB [--readonly]] [--rebuild]

The small library is imported with the importer from post files that
../shared/tools/make_corpus.py writes (kept in WORK/files for `rg -l`); the
large one is filled directly (bench/fill_library.py). Both are kept in WORK and
reused by later runs. For each library (issue 23's table):

- index build rate and size; the disk: library + index beside the raw post bytes;
- the first search after opening the library, in a fresh process (the id orders
  loaded from the index, not read from every post), warm and with a cold page cache;
- at least 50 queries of each class, each asking for the first page of 100
  results and the total: p50/p95/max milliseconds and the mean total; for the free
  text classes also the window's first page alone (count=False: the total follows);
- the 3-6 CJK class again in a fresh process with a cold page cache before every
  query: `echo 3 > /proc/sys/vm/drop_caches` where this runs as root (else, or with
  --cold-by-file, the library's own files evicted with posix_fadvise(DONTNEED));
- the floors, in the same run: SQLite FTS5 with the trigram tokenizer over the same
  folded texts (built once, kept in WORK; --no-floors skips it), the same queries,
  page and count; `rg -l` over the post files of the small one where rg is installed.

--quick runs it all on 3,000 and 10,000 posts with 12 queries a class.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import mmap
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from array import array
from collections.abc import Callable, Iterator
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
FREE_TEXT = ("1 CJK char", "2 CJK chars", "3-6 CJK chars", "ASCII/stock code")
COLD_CLASS = "3-6 CJK chars"


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
    search(lib, "", limit=100)  # the id orders in memory (the first search after opening: first_search_probe)
    out = {}
    print("  warm, each query a page of 100 and its total (first page alone: the window's first request, count=False)")
    print(
        f"  {'class':18} {'n':>3} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'mean total':>11}"
        f" {'page p50':>9} {'page p95':>9}  slowest"
    )
    for name, qs in classes.items():
        times, totals, pages = [], [], []
        slowest = ("", 0.0)
        for q in qs:
            t = time.perf_counter()
            result = search(lib, q, limit=100)
            ms = (time.perf_counter() - t) * 1000
            times.append(ms)
            totals.append(result.total)
            if ms > slowest[1]:
                slowest = (q, ms)
            if name in FREE_TEXT:
                t = time.perf_counter()
                search(lib, q, limit=100, count=False)
                pages.append((time.perf_counter() - t) * 1000)
        row = {
            "n": len(qs),
            "p50": statistics.median(times),
            "p95": percentile(times, 95),
            "max": max(times),
            "mean_total": statistics.mean(totals),
        }
        page = ""
        if pages:
            row.update(page_p50=statistics.median(pages), page_p95=percentile(pages, 95))
            page = f" {row['page_p50']:>9.1f} {row['page_p95']:>9.1f}"
        out[name] = row
        print(
            f"  {name:18} {row['n']:>3} {row['p50']:>8.1f} {row['p95']:>8.1f} {row['max']:>8.1f} "
            f"{row['mean_total']:>11.0f}{page or ' ' * 20}  {slowest[0]}"
        )
    worst = max(r["p95"] for r in out.values())
    print(f"  worst p95 {worst:.1f} ms (target {TARGETS_MS[label]:.0f} ms); load average now {os.getloadavg()[0]:.2f}")
    return out


# --- a fresh process: the first search after opening, and searches with a cold page cache -------------


def evict(folder: Path, by_file: bool) -> str:
    """Empty the page cache: all of it where this runs as root (drop_caches), else (or by_file) the
    library folder's own files (posix_fadvise DONTNEED). Returns how, for the report."""
    if not by_file and hasattr(os, "geteuid") and os.geteuid() == 0:
        try:
            os.sync()
            Path("/proc/sys/vm/drop_caches").write_text("3\n")
            return "page cache dropped (drop_caches)"
        except OSError:
            pass
    os.sync()  # dirty pages are not dropped
    for path in folder.iterdir():
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
    return "the library's files evicted (posix_fadvise DONTNEED)"


def _forget_in_process(lib: Library) -> None:
    """What the process keeps of the index besides the page cache: SQLite's page cache (the connection
    is closed), the engine's postings, and the text file's mapped pages (MADV_DONTNEED)."""
    from finews_desktop.core.search.engine import _searcher

    searcher = _searcher(lib)
    searcher._postings.clear()
    searcher.index.close()
    mapped = searcher.index._text._map
    if mapped is not None and hasattr(mmap, "MADV_DONTNEED"):
        mapped[1].madvise(mmap.MADV_DONTNEED)


def probe(args: argparse.Namespace) -> None:
    """The child's side of first_search_probe and cold_queries: prints one JSON line."""
    folder = Path(args.probe)
    how = evict(folder, args.cold_by_file) if args.probe_cold else "warm"
    out: dict[str, object] = {"cache": how}
    t = time.perf_counter()
    with Library.open(folder, readonly=args.readonly) as lib:
        out["open_ms"] = (time.perf_counter() - t) * 1000
        if args.probe_mode == "first":
            t = time.perf_counter()
            result = search(lib, args.probe_query, limit=100)
            out.update(first_ms=(time.perf_counter() - t) * 1000, total=result.total)
        else:
            times = []
            search(lib, "", limit=100)
            for q in json.loads(args.probe_query):
                _forget_in_process(lib)
                evict(folder, args.cold_by_file)
                t = time.perf_counter()
                search(lib, q, limit=100)
                times.append((time.perf_counter() - t) * 1000)
            out["times"] = times
    print(json.dumps(out))


def _run_probe(folder: Path, a: argparse.Namespace, mode: str, query: str, cold: bool) -> dict:
    cmd = [sys.executable, __file__, "--probe", str(folder), "--probe-mode", mode, "--probe-query", query]
    cmd += ["--readonly"] if a.readonly and "fill" in folder.name else []
    cmd += ["--probe-cold"] if cold else []
    cmd += ["--cold-by-file"] if a.cold_by_file else []
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def first_search_probe(folder: Path, a: argparse.Namespace, term: str) -> dict[str, float]:
    """The first search after opening the library, each in a fresh process: all posts by date, then a term."""
    out: dict[str, float] = {}
    for cold in (False, True):
        for query in ("", term):
            got = _run_probe(folder, a, "first", query, cold)
            key = f"first_{'cold' if cold else 'warm'}_{'term' if query else 'all'}_ms"
            out[key] = got["first_ms"]
            print(
                f"  first search after opening ({got['cache']}): {query or 'every post'!r} "
                f"{got['first_ms']:.0f} ms (opening the library {got['open_ms']:.0f} ms); {got['total']} posts"
            )
    return out


def cold_queries(folder: Path, a: argparse.Namespace, classes: dict[str, list[str]], n: int) -> dict[str, float]:
    """The 3-6 CJK class in a fresh process, the page cache emptied before every query."""
    qs = classes[COLD_CLASS][:n]
    got = _run_probe(folder, a, "cold", json.dumps(qs, ensure_ascii=False), True)
    times = got["times"]
    row = {"n": len(times), "p50": statistics.median(times), "p95": percentile(times, 95), "max": max(times)}
    print(
        f"  cold page cache before every query ({got['cache']}): {COLD_CLASS} n={row['n']} "
        f"p50 {row['p50']:.1f} ms  p95 {row['p95']:.1f} ms  max {row['max']:.1f} ms  (target p95 <= 200 ms)"
    )
    return row


# --- the disk and the floors ---------------------------------------------------------------------------


def disk_ratio(lib: Library) -> dict[str, float]:
    """The library and its index on disk beside the raw post files' bytes (which the library keeps exactly)."""
    folder = Path(lib.folder)

    def size(*patterns: str) -> int:
        return sum(p.stat().st_size for pattern in patterns for p in folder.glob(pattern) if p.is_file())

    library = size("library.sqlite3", "library.sqlite3-wal")
    index = size("search-index.sqlite3", "search-index.sqlite3-wal", "search-text-*.bin")
    raw = lib.db.execute_sql("SELECT COALESCE(SUM(LENGTH(raw)), 0) FROM post_content").fetchone()[0]
    ratio = (library + index) / raw if raw else 0.0
    mb = 1 / 1048576
    print(
        f"  disk: library {library * mb:.0f} MB + index {index * mb:.0f} MB = {(library + index) * mb:.0f} MB "
        f"vs the raw post files {raw * mb:.0f} MB: {ratio:.2f}x (target <= 1.0x)"
    )
    return {"library_mb": library * mb, "index_mb": index * mb, "raw_mb": raw * mb, "ratio": ratio}


def fts5_floor(lib: Library, work: Path, classes: dict[str, list[str]], per_class: int) -> dict[str, dict[str, float]]:
    """SQLite FTS5 (trigram tokenizer) over the same folded titles and texts (the index's text file):
    each free-text query's page of 100 (by id) and its count, p50/p95 per class."""
    from finews_desktop.core.search.index import fold

    folder = Path(lib.folder)
    path = work / f"fts5-{folder.name}.sqlite3"
    marker = path.with_suffix(".complete")
    conn = sqlite3.connect(path)
    if not marker.exists():
        t = time.perf_counter()
        conn.execute("DROP TABLE IF EXISTS t")
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='trigram')")
        count = 0
        for rows in _indexed_texts(folder):
            conn.executemany("INSERT INTO t (rowid, title, body) VALUES (?, ?, ?)", rows)
            count += len(rows)
        conn.commit()
        conn.execute("INSERT INTO t (t) VALUES ('optimize')")
        conn.commit()
        marker.write_text("ok\n")
        print(f"  FTS5 trigram table built over {count} posts in {time.perf_counter() - t:.0f} s (kept: {path})")
    fts_mb = path.stat().st_size / 1048576
    print(f"  floor: SQLite FTS5 trigram over the same folded texts ({fts_mb:.0f} MB), a page of 100 and the count:")
    out = {}
    for name in FREE_TEXT:
        times = []
        for term in classes[name][:per_class]:
            v = fold(term)
            t = time.perf_counter()
            if len(v) >= 3:
                phrase = '"' + v.replace('"', '""') + '"'
                conn.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid DESC LIMIT 100", (phrase,)).fetchall()
                conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (phrase,)).fetchone()
            else:  # shorter than a trigram: FTS5 scans every row
                like = "%" + v.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                where = "title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\'"
                conn.execute(
                    f"SELECT rowid FROM t WHERE {where} ORDER BY rowid DESC LIMIT 100", (like, like)
                ).fetchall()
                conn.execute(f"SELECT count(*) FROM t WHERE {where}", (like, like)).fetchone()
            times.append((time.perf_counter() - t) * 1000)
        out[name] = {"p50": statistics.median(times), "p95": percentile(times, 95), "max": max(times)}
        print(
            f"    {name:18} p50 {out[name]['p50']:8.1f} ms  p95 {out[name]['p95']:8.1f} ms  max {out[name]['max']:8.1f} ms"
        )
    conn.close()
    return out


def _indexed_texts(folder: Path, batch: int = 5000) -> Iterator[list[tuple[int, str, str]]]:
    """(post id, folded title, folded text) of every indexed post, from the index's text file."""
    index = sqlite3.connect(f"{(folder / 'search-index.sqlite3').as_uri()}?mode=ro", uri=True)
    meta = dict(index.execute("SELECT key, value FROM meta"))
    with open(folder / f"search-text-{meta['text_gen']}.bin", "rb") as fh:
        text = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        rows: list[tuple[int, str, str]] = []
        for block, data in index.execute("SELECT block, data FROM loc ORDER BY block"):
            loc = array("q")
            loc.frombytes(data)
            base = block << 16
            for i in range(0, len(loc), 2):
                start, end = loc[i], loc[i + 1]
                if end > start:
                    title, body = text[start:end].split(b"\xff")[:2]
                    rows.append((base + i // 2, title.decode(), body.decode()))
                    if len(rows) >= batch:
                        yield rows
                        rows = []
        if rows:
            yield rows
    index.close()


def build_index(lib: Library, rebuild: bool = False) -> dict[str, float]:
    index = index_for(lib)
    posts = lib.count_posts(include_trashed=True)
    if (index.state()[0] and not rebuild) or lib.readonly:
        pending = index.pending_count()
        if index.state()[0] and (pending or index.kept_orders() is None):
            # also keeps the id orders with the index, which an index built before them lacks
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


def measure(
    lib: Library, a: argparse.Namespace, work: Path, classes: dict[str, list[str]], figures: dict, label: str
) -> None:
    """Every figure of issue 23's table for one library (its index built), the floors beside them."""
    folder = Path(lib.folder)
    figures[f"{label}_disk"] = disk_ratio(lib)
    term = max(classes[COLD_CLASS], key=lambda q: search(lib, q, limit=1).total)  # one with many posts
    figures[f"{label}_first"] = first_search_probe(folder, a, term)
    figures[label] = run_queries(lib, classes, label)
    figures[f"{label}_cold"] = cold_queries(folder, a, classes, a.cold_queries)
    if not a.no_floors:
        figures[f"{label}_fts5"] = fts5_floor(lib, work, classes, 20 if not a.quick else 6)


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
    ap.add_argument("--cold-queries", type=int, default=30, help="queries run with a cold page cache")
    ap.add_argument("--cold-by-file", action="store_true", help="evict the library's files, not the whole page cache")
    ap.add_argument("--no-floors", action="store_true", help="skip the SQLite FTS5 trigram floor")
    ap.add_argument("--probe", help=argparse.SUPPRESS)  # a library folder: run as the probe's child
    ap.add_argument("--probe-mode", default="first", help=argparse.SUPPRESS)
    ap.add_argument("--probe-query", default="", help=argparse.SUPPRESS)
    ap.add_argument("--probe-cold", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.probe:
        a.readonly = True  # beside the benchmark's own writable opening
        probe(a)
        return
    if a.quick:
        a.small, a.large, a.per_class = 3000, 10000, 12
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    classes = queries(a.per_class)
    figures: dict[str, object] = {}

    print(f"== {a.small_folder} (kept)" if a.small_folder else f"== {a.small} posts (imported from files)")
    print(f"   (load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f})")
    with Library.open(a.small_folder) if a.small_folder else small_library(work, a.small) as lib:
        figures["small_build"] = build_index(lib, a.rebuild)
        measure(lib, a, work, classes, figures, "small")
    rg_times(Path(a.files) if a.files else work / f"files{a.small}", classes, 10 if not a.quick else 3)

    if not a.no_large:
        print(f"== {a.large} posts (filled directly)")
        print(f"   (load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f})")
        lib = Library.open(a.large_folder, readonly=a.readonly) if a.large_folder else large_library(work, a.large)
        with lib:
            figures["large_build"] = build_index(lib, a.rebuild and not a.readonly)
            measure(lib, a, work, classes, figures, "large")
    if a.json:
        Path(a.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
