"""Kill finews at random moments of its long operations and check that nothing is lost.

For each operation, a child process runs it on a library and is killed with
SIGKILL after a random delay; then the library must pass `PRAGMA
integrity_check` and `foreign_key_check`, every post must be complete (its
bytes, text, tags and categories present, no orphan rows), no post that existed
before may be missing, and running the operation again must finish it. A table
of (operation, kills, integrity failures, lost posts, incomplete posts, resume
failures) is printed; every column after the kills must be zero.

Usage: python bench/crash_test.py [--kills 20] [--posts 3000] [--seed 1]
       (tests/core/test_crash.py runs a short form of it)
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


@dataclass
class Tally:
    operation: str
    kills: int = 0
    integrity_failures: int = 0
    lost_posts: int = 0
    incomplete_posts: int = 0
    resume_failures: int = 0
    notes: list[str] = field(default_factory=list)


def write_site(folder: Path, n: int, seed: int) -> Path:
    from bench.fill_library import synthetic_posts

    posts = folder / "_posts"
    posts.mkdir(parents=True, exist_ok=True)
    (folder / "_config.yml").write_text("timezone: Asia/Shanghai\n")
    for path, raw in synthetic_posts(n, seed):
        (folder / path).write_bytes(raw)
    return folder


def check_library(folder: Path) -> tuple[bool, int, set[str]]:
    """(integrity ok, incomplete posts, the set of post paths) of a library folder."""
    conn = sqlite3.connect(folder / "library.sqlite3")
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        ok = ok and not conn.execute("PRAGMA foreign_key_check").fetchall()
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'post'").fetchone():
            return ok, 0, set()  # killed before the schema was created: an empty library
        incomplete = conn.execute(
            """SELECT COUNT(*) FROM post p
               WHERE NOT EXISTS (SELECT 1 FROM post_content c WHERE c.post_id = p.id)
                  OR (p.source_name IS NOT NULL AND NOT EXISTS (SELECT 1 FROM post_tag t WHERE t.post_id = p.id))
                  OR (json_array_length(json_extract(p.jekyll, '$.categories')) > 0
                      AND NOT EXISTS (SELECT 1 FROM post_category c WHERE c.post_id = p.id))"""
        ).fetchone()[0]
        orphans = sum(
            conn.execute(
                f"SELECT COUNT(*) FROM {t} x WHERE NOT EXISTS (SELECT 1 FROM post p WHERE p.id = x.post_id)"
            ).fetchone()[0]
            for t in ("post_content", "post_tag", "post_category", "post_stock")
        )
        paths = {r[0] for r in conn.execute("SELECT path FROM post WHERE trashed_at IS NULL")}
    finally:
        conn.close()
    return ok, incomplete + orphans, paths


def _kill_after(cmd: list[str], delay: float) -> bool:
    """Run cmd, SIGKILL it after delay seconds; True when it was killed (not finished)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO, start_new_session=True)
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the worker processes die with it
        proc.wait()
        return True


def finews(*args: str) -> list[str]:
    return [sys.executable, "-m", "finews_desktop.cli", *args]


def crash_import(work: Path, site: Path, kills: int, rng: random.Random, duration: float) -> Tally:
    tally = Tally("import")
    expected = {f"_posts/{p.name}" for p in (site / "_posts").iterdir()}
    for _ in range(kills):
        library = work / "lib-import"
        shutil.rmtree(library, ignore_errors=True)
        killed = _kill_after(finews("--library", str(library), "import", str(site)), rng.uniform(0.3, duration))
        if not killed:
            tally.notes.append("finished before the kill")
        tally.kills += killed
        if not (library / "library.sqlite3").exists():
            continue
        ok, incomplete, paths = check_library(library)
        tally.integrity_failures += not ok
        tally.incomplete_posts += incomplete
        tally.lost_posts += len(paths - expected)  # nothing that was not in the folder
        # resume: the next run says what was interrupted and imports the rest; a kill before the
        # run was even recorded left nothing to resume, and the user simply imports again
        conn = sqlite3.connect(library / "library.sqlite3")
        try:
            recorded = conn.execute("SELECT COUNT(*) FROM import_run WHERE status = 'running'").fetchone()[0]
        except sqlite3.OperationalError:  # killed before the schema was even created
            recorded = 0
        finally:
            conn.close()
        again = ["import", "--resume"] if recorded else ["import", str(site)]
        result = subprocess.run(
            finews("--library", str(library), *again, "--json"), capture_output=True, text=True, cwd=REPO
        )
        _ok, _inc, paths = check_library(library)
        if result.returncode != 0 or paths != expected:
            tally.resume_failures += 1
            tally.notes.append(f"resume: rc={result.returncode} {len(paths)}/{len(expected)} {result.stderr[-200:]}")
    return tally


def _fresh_copy(base: Path, dest: Path) -> Path:
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(base, dest, ignore=shutil.ignore_patterns("library.lock", "backups"))
    return dest


def _timed(cmd: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(cmd, check=True, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return max(0.3, time.monotonic() - started)


def _posts_by_tag(folder: Path, tag: str) -> int:
    conn = sqlite3.connect(folder / "library.sqlite3")
    try:
        return conn.execute(
            "SELECT COUNT(DISTINCT pt.post_id) FROM post_tag pt JOIN tag t ON t.id = pt.tag_id WHERE t.name = ?", (tag,)
        ).fetchone()[0]
    finally:
        conn.close()


def _crash_library_operation(
    name: str, base: Path, work: Path, kills: int, rng: random.Random, args: list[str], done: Callable[[Path], bool]
) -> Tally:
    """Kill `finews <args>` on a copy of the base library; check it, then finish it and check `done`."""
    tally = Tally(name)
    _ok, _inc, expected = check_library(base)
    duration = _timed(finews("--library", str(_fresh_copy(base, work / f"probe-{name}")), *args))
    for _ in range(kills):
        library = _fresh_copy(base, work / f"lib-{name}")
        killed = _kill_after(finews("--library", str(library), *args), rng.uniform(0.05, duration))
        tally.kills += killed
        if not killed:
            tally.notes.append("finished before the kill")
        ok, incomplete, paths = check_library(library)
        tally.integrity_failures += not ok
        tally.incomplete_posts += incomplete
        tally.lost_posts += len(expected - paths)
        if done(library):  # the kill came after the commit: nothing left to finish
            continue
        result = subprocess.run(finews("--library", str(library), *args), capture_output=True, text=True, cwd=REPO)
        if result.returncode != 0 or not done(library):
            tally.resume_failures += 1
            tally.notes.append(f"resume: rc={result.returncode} {result.stderr[-200:]}")
    return tally


def crash_bulk_edit(work: Path, base: Path, kills: int, rng: random.Random) -> Tally:
    total = len(check_library(base)[2])
    return _crash_library_operation(
        "bulk edit (tag add)",
        base,
        work,
        kills,
        rng,
        ["tag", "add", "精选", "--query", "date:>2000-01-01"],
        lambda lib: _posts_by_tag(lib, "精选") == total,
    )


def crash_merge(work: Path, base: Path, kills: int, rng: random.Random) -> Tally:
    total = len(check_library(base)[2])
    tags = [t for t in _tag_names(base) if t != "合并标签"][:4]
    return _crash_library_operation(
        "merge",
        base,
        work,
        kills,
        rng,
        ["tag", "merge", *tags, "--into", "合并标签"],
        lambda lib: _posts_by_tag(lib, "合并标签") > 0 and not any(_posts_by_tag(lib, t) for t in tags) and total > 0,
    )


def _tag_names(folder: Path) -> list[str]:
    conn = sqlite3.connect(folder / "library.sqlite3")
    try:
        return [
            r[0]
            for r in conn.execute(
                "SELECT t.name FROM tag t JOIN post_tag pt ON pt.tag_id = t.id GROUP BY t.id ORDER BY COUNT(*) DESC"
            )
        ]
    finally:
        conn.close()


def crash_reindex(work: Path, base: Path, kills: int, rng: random.Random) -> Tally:
    def searchable(lib: Path) -> bool:
        result = subprocess.run(
            finews("--library", str(lib), "search", "公司", "--json", "--limit", "1"),
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        return result.returncode == 0 and '"total"' in result.stdout

    return _crash_library_operation("index rebuild", base, work, kills, rng, ["reindex"], searchable)


def crash_export(work: Path, base: Path, kills: int, rng: random.Random) -> Tally:
    tally = Tally("export")
    _ok, _inc, expected = check_library(base)
    dest = work / "export-out"
    shutil.rmtree(dest, ignore_errors=True)
    duration = _timed(finews("--library", str(base), "export", str(dest)))
    for _ in range(kills):
        shutil.rmtree(dest, ignore_errors=True)
        killed = _kill_after(finews("--library", str(base), "export", str(dest)), rng.uniform(0.05, duration))
        tally.kills += killed
        written = sorted(p for p in dest.rglob("*") if p.is_file()) if dest.exists() else []
        posts = [p for p in written if "_posts" in p.parts]
        # the destination appears whole or not at all: never half-written
        if dest.exists() and len(posts) != len(expected):
            tally.lost_posts += len(expected) - len(posts)
            tally.notes.append(f"half-written destination: {len(posts)}/{len(expected)} posts")
        ok, incomplete, _paths = check_library(base)
        tally.integrity_failures += not ok
        tally.incomplete_posts += incomplete
        shutil.rmtree(dest, ignore_errors=True)
        result = subprocess.run(
            finews("--library", str(base), "export", str(dest)), capture_output=True, text=True, cwd=REPO
        )
        done = sum(1 for p in dest.rglob("*") if p.is_file() and "_posts" in p.parts) if dest.exists() else 0
        if result.returncode != 0 or done != len(expected):
            tally.resume_failures += 1
            tally.notes.append(f"rerun: rc={result.returncode} {done}/{len(expected)} {result.stderr[-200:]}")
    return tally


LIBRARY_OPERATIONS: dict[str, Callable[[Path, Path, int, random.Random], Tally]] = {
    "bulk edit": crash_bulk_edit,
    "merge": crash_merge,
    "index rebuild": crash_reindex,
    "export": crash_export,
}
OPERATIONS = ["import", *LIBRARY_OPERATIONS]


def run(kills: int, posts: int, seed: int, operations: list[str] | None = None) -> list[Tally]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="finews-crash-") as tmp:
        work = Path(tmp)
        site = write_site(work / "site", posts, seed)
        # how long one full import takes here, to spread the kills over it
        probe = work / "probe"
        started = time.monotonic()
        subprocess.run(
            finews("--library", str(probe), "import", str(site)), check=True, cwd=REPO, stdout=subprocess.DEVNULL
        )
        duration = max(0.5, time.monotonic() - started)
        tallies = []
        for name in operations or OPERATIONS:
            if name == "import":
                tallies.append(crash_import(work, site, kills, rng, duration))
            else:
                tallies.append(LIBRARY_OPERATIONS[name](work, probe, kills, rng))
        return tallies


def print_table(tallies: list[Tally]) -> None:
    head = ("operation", "kills", "integrity failures", "lost posts", "incomplete posts", "resume failures")
    print(" | ".join(head))
    for t in tallies:
        print(
            " | ".join(
                str(v)
                for v in (
                    t.operation,
                    t.kills,
                    t.integrity_failures,
                    t.lost_posts,
                    t.incomplete_posts,
                    t.resume_failures,
                )
            )
        )
        for note in sorted(set(t.notes)):
            print(f"   note: {note}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--posts", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--operation", action="append", choices=OPERATIONS, help="only these (default: all)")
    a = ap.parse_args()
    tallies = run(a.kills, a.posts, a.seed, a.operation)
    print_table(tallies)
    bad = any(t.integrity_failures or t.lost_posts or t.incomplete_posts or t.resume_failures for t in tallies)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
