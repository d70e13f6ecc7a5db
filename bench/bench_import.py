"""Import throughput and peak memory, against the floor of this machine.

Writes N posts with ../shared/tools/make_corpus.py (once, cached under
bench/out/), then in one run:
  * the floor: read every file, parse its front matter with PyYAML's C loader,
    and one bulk insert of the raw rows into a fresh SQLite file (WAL), in one
    process: the least any importer must do;
  * `finews import` into a fresh library, in a child process whose peak memory
    (the whole process tree, sampled) is reported;
  * re-importing the same folder (everything unchanged).
Usage: python bench/bench_import.py [--posts 100000] [--quick]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
OUT = REPO / "bench" / "out"


def make_corpus(n: int) -> Path:
    folder = OUT / f"corpus-{n}"
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(SHARED / "tools" / "make_corpus.py"), str(folder), "--posts", str(n)], check=True
        )
        marker.write_text("ok")
    return folder


def floor(folder: Path) -> float:
    """posts/s of: read + C-loader front matter + one bulk insert of raw rows."""
    db_dir = OUT / "floor"
    shutil.rmtree(db_dir, ignore_errors=True)
    db_dir.mkdir(parents=True)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    started = time.perf_counter()
    rows = []
    for entry in os.scandir(folder / "_posts"):
        with open(entry.path, "rb") as fh:
            raw = fh.read()
        text = raw.decode("utf-8")
        end = text.find("\n---", 3)
        data = yaml.load(text[4:end], Loader=loader)
        rows.append((entry.name, raw, str(data.get("title")), str(data.get("date"))))
    conn = sqlite3.connect(db_dir / "floor.sqlite3")
    conn.execute("PRAGMA journal_mode=wal")
    conn.execute("PRAGMA synchronous=normal")
    conn.execute("CREATE TABLE post (id INTEGER PRIMARY KEY, name TEXT, raw BLOB, title TEXT, date TEXT)")
    with conn:
        conn.executemany("INSERT INTO post (name, raw, title, date) VALUES (?, ?, ?, ?)", rows)
    conn.close()
    return len(rows) / (time.perf_counter() - started)


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc)."""
    total = 0
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
        stack.extend(children.get(p, []))
    return total


def run_import(folder: Path, library: Path) -> tuple[float, float, str]:
    """(seconds, peak MB of the process tree, last output line) of `finews import`."""
    cmd = [sys.executable, "-m", "finews_desktop.cli", "--library", str(library), "import", str(folder)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"finews import failed ({proc.returncode})")
    return seconds, peak / 1024, out.strip().splitlines()[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=100_000)
    ap.add_argument("--quick", action="store_true", help="5,000 posts, for a smoke run")
    a = ap.parse_args()
    n = 5000 if a.quick else a.posts
    folder = make_corpus(n)
    library = OUT / "import-library"
    shutil.rmtree(library, ignore_errors=True)

    floor_rate = floor(folder)
    seconds, peak_mb, summary = run_import(folder, library)
    rate = n / seconds
    again, _peak2, summary2 = run_import(folder, library)
    print(f"posts: {n} ({os.cpu_count()} cores)")
    print(f"floor (read + C-loader YAML + one bulk insert): {floor_rate:8.0f} posts/s")
    print(f"finews import into a fresh library:            {rate:8.0f} posts/s  ({seconds:.1f} s, incl. start-up)")
    print(f"ratio floor / import:                          {floor_rate / rate:8.2f}x   (target <= 2x)")
    print(f"peak memory of the import (process tree):      {peak_mb:8.0f} MB      (target < 400 MB)")
    print(f"re-import of the same folder:                  {again:8.1f} s   -> {summary2}")
    print(f"first import said: {summary}")


if __name__ == "__main__":
    main()
