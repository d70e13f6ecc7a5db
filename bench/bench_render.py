"""Preview render time: render_post() over every post of a synthetic library, and the hostile bodies.

The posts are bench/fill_library.py's synthetic_posts() (the same bytes as
../shared/tools/make_corpus.py writes). Each post is read the way the library
reads it (jekyll.parse_post, newsitem.read_news_item) outside the timing; only
render_post() is timed, with images off (the default) and, for one post in ten,
on. Prints p50/p95/p99/max per post and each hostile case's time.

Usage: python bench/bench_render.py [--posts 100000] [--jobs N] [--quick] [--json FILE]
Wall time is what a user waits (it grows with the machine's load); CPU time is the render's own cost.
Target: p95 <= 30 ms per post; every hostile case well under 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from finews_desktop.core.content import newsitem  # noqa: E402
from finews_desktop.core.content.render import ImagePolicy, render_post  # noqa: E402
from finews_desktop.core.jekyll import post as jekyll  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
CHUNK = 500


def record_of(path: str, raw: bytes, now: datetime) -> tuple[dict, str]:
    """What Library.post_record() would hold for this file, and its body."""
    post = jekyll.parse_post(raw, path, TZ, now)
    item = newsitem.read_news_item(post.body, path.rsplit("/", 1)[-1])
    record = {
        "title_text": jekyll.ruby_to_s(post.title) if post.title is not None else "",
        "date": jekyll.format_date(post.date, TZ) if post.date else "",
        "categories": post.categories,
        "tags": post.tags,
        "stocks": [{"market": s.market, "code": s.code, "name": s.name} for s in item.stocks],
        "source_url": item.source_url,
        "warnings": [{"code": w.code, "message": w.message} for w in post.warnings],
    }
    return record, post.body


Timing = tuple[list[float], list[float], int, tuple[float, str]]


def _time_chunk(args: tuple[int, list[tuple[str, bytes]]]) -> Timing:
    """Wall time and CPU time (of this thread) of render_post for each post of the chunk."""
    first, posts = args
    now = datetime.now(TZ)
    wall: list[float] = []
    cpu: list[float] = []
    fallbacks = 0
    worst = (0.0, "")
    for i, (path, raw) in enumerate(posts):
        record, body = record_of(path, raw, now)
        policy = ImagePolicy.ON if (first + i) % 10 == 0 else ImagePolicy.OFF
        c = time.thread_time()
        t = time.perf_counter()
        rendered = render_post(record, body, images=policy)
        elapsed = time.perf_counter() - t
        cpu.append(time.thread_time() - c)
        wall.append(elapsed)
        fallbacks += rendered.fallback is not None
        if elapsed > worst[0]:
            worst = (elapsed, path)
    return wall, cpu, fallbacks, worst


def _chunks(posts: int, seed: int) -> Iterator[tuple[int, list[tuple[str, bytes]]]]:
    """The posts in chunks, generated once, in order (the generator is sequential)."""
    from fill_library import synthetic_posts

    chunk: list[tuple[str, bytes]] = []
    first = 0
    for i, post in enumerate(synthetic_posts(posts, seed)):
        chunk.append(post)
        if len(chunk) == CHUNK:
            yield first, chunk
            first, chunk = i + 1, []
    if chunk:
        yield first, chunk


def _warm_up() -> None:
    """The first render of a process pays for imports and the markdown set-up; posts should not."""
    render_post({"title_text": "warm-up"}, "> a\n\n<p>b <span data-code='1,600160'>c</span></p>")


def hostile_cases() -> dict[str, str]:
    """The bodies of the preview issue's hostile list, and the markdown inputs known to be slow."""
    rng = random.Random(7)
    junk = bytes(rng.randrange(256) for _ in range(200_000)).decode("utf-8", "replace")
    return {
        "unclosed tags (50,000)": "<div><p><b><i><span><table><tr><td><a href='http://x'>" * 5_000 + "文本",
        "10 MB of text": "财经新闻正文，" * (10_000_000 // 7),
        "10 MB in one line, no spaces": "1234567890" * 1_000_000,
        "10,000 nested divs": "<div>" * 10_000 + "深" + "</div>" * 10_000,
        "10,000 nested spans, unclosed": "<span>" * 10_000 + "深",
        "10,000 nested blockquotes (markdown)": ">" * 10_000 + " 深",
        "200 nested lists (markdown)": "".join("    " * i + "- 项\n" for i in range(200)),
        "100,000-row table (HTML)": "<table>" + "<tr><td>600160</td><td>巨化股份</td></tr>" * 100_000 + "</table>",
        "100,000-row table (markdown)": "| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 100_000,
        "10,000-row table (HTML, under the size limit)": f"<table>{'<tr><td>1</td><td>2</td></tr>' * 10_000}</table>",
        "10,000 '[' (markdown link parser)": "[" * 10_000,
        "20,000 '[a](' (markdown link parser)": "[a](" * 20_000,
        "20,000 unterminated attributes": '<p a="' * 20_000,
        "5,000 images": '<img src="https://img.example.com/a.png" alt="x">' * 5_000,
        "50,000 links": '<a href="http://example.com/">链接</a>' * 50_000,
        "200 KB of random bytes": junk,
    }


def run_hostile(repeat: int) -> dict[str, tuple[float, str | None]]:
    out: dict[str, tuple[float, str | None]] = {}
    record = {"title_text": "hostile", "date": "2022-05-20 17:01:37 +0800", "tags": ["测试"]}
    for name, body in hostile_cases().items():
        worst = 0.0
        fallback = None
        for _ in range(repeat):
            t = time.perf_counter()
            rendered = render_post(record, body)
            worst = max(worst, time.perf_counter() - t)
            fallback = rendered.fallback
        out[name] = (worst, fallback)
    return out


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1, help="processes (more finish sooner but time each other)")
    ap.add_argument("--quick", action="store_true", help="2,000 posts and one pass over the hostile cases")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    a = ap.parse_args()
    posts = 2_000 if a.quick else a.posts

    t0 = time.perf_counter()
    times: list[float] = []
    cpu_times: list[float] = []
    fallbacks = 0
    worst = (0.0, "")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    _warm_up()
    if a.jobs > 1:
        with ProcessPoolExecutor(a.jobs, initializer=_warm_up) as pool:
            results: Iterable[Timing] = list(pool.map(_time_chunk, _chunks(posts, a.seed)))
    else:
        results = map(_time_chunk, _chunks(posts, a.seed))
    for chunk_wall, chunk_cpu, chunk_fallbacks, chunk_worst in results:
        times.extend(chunk_wall)
        cpu_times.extend(chunk_cpu)
        fallbacks += chunk_fallbacks
        worst = max(worst, chunk_worst)
    wall = time.perf_counter() - t0
    times.sort()
    cpu_times.sort()
    ms = {p: percentile(times, p) * 1000 for p in (50, 95, 99, 100)}
    cpu_ms = {p: percentile(cpu_times, p) * 1000 for p in (50, 95, 99, 100)}
    print(
        f"render_post over {len(times):,} synthetic posts ({a.jobs} processes, {wall:.0f} s wall, "
        f"{os.cpu_count()} CPUs, load average {load:.1f} at the start):"
    )
    print(
        f"  wall: p50 {ms[50]:.2f} ms   p95 {ms[95]:.2f} ms   p99 {ms[99]:.2f} ms   max {ms[100]:.2f} ms   "
        f"mean {statistics.fmean(times) * 1000:.2f} ms   (target p95 <= 30 ms: {'ok' if ms[95] <= 30 else 'MISSED'})"
    )
    print(
        f"  CPU:  p50 {cpu_ms[50]:.2f} ms   p95 {cpu_ms[95]:.2f} ms   p99 {cpu_ms[99]:.2f} ms   "
        f"max {cpu_ms[100]:.2f} ms   (what a render costs on an idle core)"
    )
    print(f"  plain-text fallbacks: {fallbacks}   slowest (wall): {worst[1]} ({worst[0] * 1000:.1f} ms)")

    hostile = run_hostile(1 if a.quick else 3)
    print(f"hostile bodies (worst of {1 if a.quick else 3} runs):")
    for name, (seconds, fallback) in hostile.items():
        print(f"  {seconds * 1000:8.1f} ms  {fallback or 'rendered':12s} {name}")
    name, (seconds, _fb) = max(hostile.items(), key=lambda kv: kv[1][0])
    print(f"  worst hostile case: {name}, {seconds * 1000:.0f} ms (limit 1000 ms: {'ok' if seconds < 1 else 'MISSED'})")
    if a.json:
        a.json.write_text(
            json.dumps(
                {
                    "posts": len(times),
                    "load_average": load,
                    "cpu_p50_ms": cpu_ms[50],
                    "cpu_p95_ms": cpu_ms[95],
                    "cpu_max_ms": cpu_ms[100],
                    "p50_ms": ms[50],
                    "p95_ms": ms[95],
                    "p99_ms": ms[99],
                    "max_ms": ms[100],
                    "fallbacks": fallbacks,
                    "hostile_ms": {k: v[0] * 1000 for k, v in hostile.items()},
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
