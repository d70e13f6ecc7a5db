"""Kill finews at random moments of its long operations and check that nothing is lost.

For each operation, a child process runs it on a library and is killed with
SIGKILL after a random delay; then the library must pass `PRAGMA
integrity_check` and `foreign_key_check`, every post must be complete (its
bytes, text, tags and categories present, no orphan rows), no post that existed
before may be missing, and the operation must be finished afterwards. When the
kill came after the operation's journal record was committed (core/journal.py;
the parent reads the library just before it kills), `finews status` must report
it ("not reported" otherwise) and `finews resume --all` must finish it, leaving
nothing reported and, for an export, no temporary file beside the destination;
a kill before the record was written leaves nothing to report, and the command
is simply run again.

`backup` and `restore` (over a sound library, and over one with flipped bytes) are
killed too: the library must be the old one or the restored one, whole (the old
one then kept as a before-restore backup, or its damaged bytes aside), every
backup must pass the integrity check, no `.partial` file may be left once the
next start (`finews status`) has run, and running the command again must finish it.

Read state and notes (issue 20) are killed in a child that runs their steps one after
another (`--reading-child`: mark every post read, save a note of up to 200 KB, mark every
post unread, remove or save another note, ... as the window and `finews read|note` do),
logging each step before and after it commits. The reopened library must hold the state
after the last step committed or after the one under way (all or nothing per step: every
post read or none, each note the old one or the new one, whole), and the search must agree
(`is:read`, `has:note`, `note:` of each note's own word), counted as "torn steps".

A table of (operation, kills, integrity failures, lost posts, incomplete posts,
not reported, resume failures, litter, torn steps) is printed; every column after the
kills must be zero.

Usage: python bench/crash_test.py [--kills 20] [--posts 3000] [--seed 1]
       (tests/core/test_crash.py runs a short form of it)
"""

from __future__ import annotations

import argparse
import json
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
    not_reported: int = 0
    resume_failures: int = 0
    litter: int = 0  # .partial files (and their journals) left after the next start
    resumed: int = 0  # kills that `finews resume` finished (the rest were re-run or had finished)
    torn: int = 0  # read state or notes neither as before nor as after the step under way
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
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        orphans = sum(
            conn.execute(
                f"SELECT COUNT(*) FROM {t} x WHERE NOT EXISTS (SELECT 1 FROM post p WHERE p.id = x.post_id)"
            ).fetchone()[0]
            for t in ("post_content", "post_tag", "post_category", "post_stock", "post_read", "post_note")
            if t in tables  # a kill during the schema's creation leaves the later tables out
        )
        paths = {r[0] for r in conn.execute("SELECT path FROM post WHERE trashed_at IS NULL")}
    finally:
        conn.close()
    return ok, incomplete + orphans, paths


def _kill_after(
    cmd: list[str], delay: float, library: Path | None = None, after_record: bool = False
) -> tuple[bool, bool]:
    """Run cmd, SIGKILL it after delay seconds: (killed, whether its record was committed just before).

    The record is an `operation` row or a running `import_run` in `library`, read right before the
    kill. With after_record, the delay counts from when the record appears (the operation's start).
    """
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO, start_new_session=True)
    try:
        if after_record and library is not None:
            while proc.poll() is None and not _recorded(library):
                time.sleep(0.005)
        proc.wait(timeout=delay)
        return False, False
    except subprocess.TimeoutExpired:
        seen = _recorded(library) if library is not None else False
        os.killpg(proc.pid, signal.SIGKILL)  # the worker processes die with it
        proc.wait()
        return True, seen


def _moment(rng: random.Random, recorded: float, span: float) -> tuple[float, bool]:
    """A random moment to kill: mostly during the operation (its record's lifetime), sometimes while it starts."""
    if rng.random() < 0.2:
        return rng.uniform(0.05, max(0.05, recorded)), False
    return rng.uniform(0.0, 0.8 * span), True  # the probe's span includes polling delays


def _recorded(library: Path) -> bool:
    """Whether an operation or import is recorded as under way (committed, so a reader sees it)."""
    if not (library / "library.sqlite3").exists():
        return False
    conn = sqlite3.connect(f"file:{library / 'library.sqlite3'}?mode=ro", uri=True, timeout=5)
    try:
        ops = conn.execute("SELECT COUNT(*) FROM operation").fetchone()[0]
        runs = conn.execute("SELECT COUNT(*) FROM import_run WHERE status = 'running'").fetchone()[0]
        return bool(ops or runs)
    except sqlite3.OperationalError:  # no schema yet
        return False
    finally:
        conn.close()


def _reported(library: Path) -> list[dict[str, object]]:
    """What `finews status` (the next start) says was interrupted; it also clears killed exports' temporary files."""
    result = subprocess.run(
        finews("--library", str(library), "status", "--json"), capture_output=True, text=True, cwd=REPO
    )
    if result.returncode != 0:
        raise RuntimeError(f"finews status failed: {result.stderr[-300:]}")
    return list(json.loads(result.stdout)["interrupted"])


def _resume_all(library: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        finews("--library", str(library), "resume", "--all"), capture_output=True, text=True, cwd=REPO
    )


def _check_resumption(
    tally: Tally, library: Path, seen: bool, done: Callable[[Path], bool], again: list[str], kind: str
) -> None:
    """After a kill: reported when its record was seen (unless it had finished); resume (or run again) finishes it."""
    items = _reported(library)
    reported = [item for item in items if item["kind"] == kind and not item["finished"]]
    if seen and not done(library) and not reported:
        tally.not_reported += 1
        tally.notes.append("a recorded operation was not reported")
    if items:
        result = _resume_all(library)
        tally.resumed += bool(reported)
    elif done(library):
        return
    else:  # killed before its record was written: nothing to resume, run it again
        result = subprocess.run(finews("--library", str(library), *again), capture_output=True, text=True, cwd=REPO)
    left = _reported(library)
    if result.returncode != 0 or not done(library) or left:
        tally.resume_failures += 1
        tally.notes.append(f"resume: rc={result.returncode} left={len(left)} {result.stderr[-200:]}")


def finews(*args: str) -> list[str]:
    return [sys.executable, "-m", "finews_desktop.cli", *args]


def crash_import(work: Path, site: Path, kills: int, rng: random.Random, recorded: float, span: float) -> Tally:
    tally = Tally("import")
    expected = {f"_posts/{p.name}" for p in (site / "_posts").iterdir()}
    for _ in range(kills):
        library = work / "lib-import"
        shutil.rmtree(library, ignore_errors=True)
        delay, after = _moment(rng, recorded, span)
        killed, seen = _kill_after(finews("--library", str(library), "import", str(site)), delay, library, after)
        if not killed:
            tally.notes.append("finished before the kill")
        tally.kills += killed
        if not (library / "library.sqlite3").exists():
            continue
        ok, incomplete, paths = check_library(library)
        tally.integrity_failures += not ok
        tally.incomplete_posts += incomplete
        tally.lost_posts += len(paths - expected)  # nothing that was not in the folder
        # the next start says what was interrupted and resumes it (imports the rest); a kill
        # before the run was even recorded left nothing to resume, and the user imports again
        _check_resumption(
            tally, library, seen, lambda lib: check_library(lib)[2] == expected, ["import", str(site)], "import"
        )
    return tally


def _fresh_copy(base: Path, dest: Path) -> Path:
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(base, dest, ignore=shutil.ignore_patterns("library.lock", "backups"))
    return dest


def _timed(cmd: list[str], library: Path) -> tuple[float, float]:
    """(when cmd's journal record appeared, how long it stayed) in a probe run, to aim the kills."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    recorded = gone = None
    while proc.poll() is None:
        if _recorded(library):
            recorded = recorded if recorded is not None else time.monotonic() - started
        elif recorded is not None and gone is None:
            gone = time.monotonic() - started
        time.sleep(0.003)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed in the probe run")
    end = time.monotonic() - started
    recorded = recorded if recorded is not None else 0.05
    return recorded, max(0.05, (gone if gone is not None else end) - recorded)


def _posts_by_tag(folder: Path, tag: str) -> int:
    conn = sqlite3.connect(folder / "library.sqlite3")
    try:
        return conn.execute(
            "SELECT COUNT(DISTINCT pt.post_id) FROM post_tag pt JOIN tag t ON t.id = pt.tag_id WHERE t.name = ?", (tag,)
        ).fetchone()[0]
    finally:
        conn.close()


def _crash_library_operation(
    name: str,
    base: Path,
    work: Path,
    kills: int,
    rng: random.Random,
    args: list[str],
    done: Callable[[Path], bool],
    kind: str,
) -> Tally:
    """Kill `finews <args>` on a copy of the base library; check it, then resume or finish it and check `done`."""
    tally = Tally(name)
    _ok, _inc, expected = check_library(base)
    probe = _fresh_copy(base, work / f"probe-{name}")
    recorded, span = _timed(finews("--library", str(probe), *args), probe)
    for _ in range(kills):
        library = _fresh_copy(base, work / f"lib-{name}")
        delay, after = _moment(rng, recorded, span)
        killed, seen = _kill_after(finews("--library", str(library), *args), delay, library, after)
        tally.kills += killed
        if not killed:
            tally.notes.append("finished before the kill")
        ok, incomplete, paths = check_library(library)
        tally.integrity_failures += not ok
        tally.incomplete_posts += incomplete
        tally.lost_posts += len(expected - paths)
        _check_resumption(tally, library, seen, done, args, kind)
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
        "curation",
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
        "curation",
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
    def built(lib: Path) -> bool:
        """The index says a full build finished (read directly: a search would build it)."""
        index = lib / "search-index.sqlite3"
        if not index.exists():
            return False
        conn = sqlite3.connect(f"file:{index}?mode=ro", uri=True, timeout=5)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'ready'").fetchone()
        except sqlite3.OperationalError:
            return False
        finally:
            conn.close()
        return row is not None and row[0] == "1"

    def total(lib: Path, term: str) -> int | None:
        result = subprocess.run(
            finews("--library", str(lib), "search", term, "--json", "--limit", "1"),
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        if result.returncode != 0 or '"total"' not in result.stdout:
            return None
        return int(json.loads(result.stdout)["total"])

    def searchable(lib: Path) -> bool:
        """Built, and exact: long pieces of the texts (verified against the index's text file,
        which a killed build may have left with bytes nothing points to) are found in as many
        posts as a plain scan finds them."""
        if not built(lib) or total(lib, "公司") is None:
            return False
        from finews_desktop.core.search.index import fold
        from finews_desktop.core.store.library import Library

        with Library.open(lib, readonly=True) as library:
            posts = [
                (fold(title or ""), fold(library.post_plain_text(pid)))
                for pid, title in library.db.execute_sql("SELECT id, title FROM post WHERE trashed_at IS NULL")
            ]
        terms = {
            body[i : i + n] for _title, body in posts[:4] for i, n in ((3, 4), (17, 5), (40, 3)) if len(body) > i + n
        }
        for term in sorted(terms):
            if term.strip() != term or not term or '"' in term:
                continue
            expected = sum(term in title or term in body for title, body in posts)
            if total(lib, f'"{term}"') != expected:
                return False
        return True

    return _crash_library_operation("index rebuild", base, work, kills, rng, ["reindex"], searchable, "index")


def crash_export(work: Path, base: Path, kills: int, rng: random.Random) -> Tally:
    tally = Tally("export")
    _ok, _inc, expected = check_library(base)
    dest = work / "export-out"
    shutil.rmtree(dest, ignore_errors=True)
    recorded, span = _timed(finews("--library", str(base), "export", str(dest)), base)

    def exported(_lib: Path) -> bool:
        return dest.exists() and sum(1 for p in dest.rglob("*") if p.is_file() and "_posts" in p.parts) == len(expected)

    for _ in range(kills):
        shutil.rmtree(dest, ignore_errors=True)
        delay, after = _moment(rng, recorded, span)
        killed, seen = _kill_after(finews("--library", str(base), "export", str(dest)), delay, base, after)
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
        _check_resumption(tally, base, seen, exported, ["export", str(dest)], "export")
        left = [p.name for p in dest.parent.iterdir() if p.name.startswith(f".{dest.name}.")]
        if left:  # the temporary folder and its marker are gone once the next start has run
            tally.resume_failures += 1
            tally.notes.append(f"temporary files left beside the destination: {left}")
            for name in left:
                shutil.rmtree(dest.parent / name, ignore_errors=True)
                (dest.parent / name).unlink(missing_ok=True)
    shutil.rmtree(dest, ignore_errors=True)
    return tally


def _litter(library: Path) -> list[str]:
    return sorted(str(p.relative_to(library)) for p in library.rglob("*") if ".partial" in p.name)


def _kill_when(cmd: list[str], rng: random.Random, appears: Callable[[], bool], span: float) -> tuple[bool, bool]:
    """Run cmd and SIGKILL it: mostly a random moment within `span` after `appears()` (its work has
    begun), sometimes a random moment after its start. Returns (killed, whether `appears()` held then)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO, start_new_session=True)
    try:
        if rng.random() < 0.8:
            while proc.poll() is None and not appears():
                time.sleep(0.001)
            proc.wait(timeout=rng.uniform(0.0, span))
        else:
            proc.wait(timeout=rng.uniform(0.05, 1.0))
        return False, False
    except subprocess.TimeoutExpired:
        during = appears()
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return True, during


def _span(cmd: list[str], appears: Callable[[], bool]) -> float:
    """How long cmd runs after `appears()` first holds, in a probe run (to aim the kills)."""
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = None
    while proc.poll() is None:
        if seen is None and appears():
            seen = time.monotonic()
        time.sleep(0.001)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed in the probe run")
    return max(0.02, time.monotonic() - seen) if seen is not None else 0.05


def _backups(library: Path) -> list[Path]:
    folder = library / "backups"
    return sorted(folder.glob("library-*.sqlite3")) if folder.exists() else []


def _check_backups(tally: Tally, library: Path) -> None:
    from finews_desktop.core.store.backup import check_integrity

    for path in _backups(library):
        if problem := check_integrity(path):
            tally.integrity_failures += 1
            tally.notes.append(f"a backup that fails its check: {path.name}: {problem}")


def _next_start(tally: Tally, library: Path) -> None:
    """What the next start leaves: it must have removed the killed command's .partial files."""
    result = subprocess.run(finews("--library", str(library), "status"), capture_output=True, text=True, cwd=REPO)
    if result.returncode != 0:
        tally.resume_failures += 1
        tally.notes.append(f"status after the kill: rc={result.returncode} {result.stderr[-200:]}")
    left = _litter(library)
    if left:
        tally.litter += len(left)
        tally.notes.append(f"left after the next start: {left}")


def crash_backup(work: Path, base: Path, kills: int, rng: random.Random) -> Tally:
    tally = Tally("backup")
    _ok, _inc, expected = check_library(base)
    probe = _fresh_copy(base, work / "probe-backup")
    span = _span(finews("--library", str(probe), "backup"), lambda: bool(_litter(probe)))
    writing = 0
    for _ in range(kills):
        library = _fresh_copy(base, work / "lib-backup")
        cmd = finews("--library", str(library), "backup")
        killed, during = _kill_when(cmd, rng, lambda lib=library: bool(_litter(lib)), span)
        tally.kills += killed
        writing += during
        if not killed:
            tally.notes.append("finished before the kill")
        ok, incomplete, paths = check_library(library)
        tally.integrity_failures += not ok
        tally.incomplete_posts += incomplete
        tally.lost_posts += len(expected - paths)
        _check_backups(tally, library)
        _next_start(tally, library)
        again = subprocess.run(finews("--library", str(library), "backup"), capture_output=True, text=True, cwd=REPO)
        if again.returncode != 0 or not _backups(library):
            tally.resume_failures += 1
            tally.notes.append(f"backup again: rc={again.returncode} {again.stderr[-200:]}")
        _check_backups(tally, library)
    tally.notes.append(f"{writing} of the kills while a .partial file was being written")
    return tally


def _tagged(library: Path, tag: str) -> int | None:
    """Posts with `tag` in the library (None when it cannot be read: damaged)."""
    try:
        return _posts_by_tag(library, tag)
    except sqlite3.DatabaseError:
        return None


TAG = "恢复前"  # what the library has that its backup has not


def crash_restore(work: Path, base: Path, kills: int, rng: random.Random) -> Tally:
    """Restore a backup of `base` over the library changed since (50 posts tagged), or over the library
    damaged (flipped bytes below its header), killed at random moments."""
    tally = Tally("restore")
    _ok, _inc, expected = check_library(base)
    template = _fresh_copy(base, work / "restore-template")
    saved = subprocess.run(finews("--library", str(template), "backup"), capture_output=True, text=True, cwd=REPO)
    if saved.returncode != 0:
        raise RuntimeError(f"backup failed: {saved.stderr}")
    (backup,) = _backups(template)
    ids = ",".join(str(i) for i in range(1, 51))
    subprocess.run(
        finews("--library", str(template), "tag", "add", TAG, "--ids", ids), check=True, cwd=REPO, capture_output=True
    )
    changed = _tagged(template, TAG)

    def fresh(damaged: bool) -> Path:
        library = work / "lib-restore"
        shutil.rmtree(library, ignore_errors=True)
        shutil.copytree(template, library, ignore=shutil.ignore_patterns("library.lock"))
        if damaged:
            _flip(library / "library.sqlite3")
        return library

    def restored(library: Path) -> bool:
        try:
            return check_library(library)[0] and _tagged(library, TAG) == 0
        except sqlite3.DatabaseError:  # still damaged
            return False

    probe = fresh(False)
    span = _span(
        finews("--library", str(probe), "restore", str(probe / "backups" / backup.name), "--yes"),
        lambda: bool(_litter(probe)),
    )
    writing = 0
    for n in range(kills):
        damaged = n % 2 == 1
        library = fresh(damaged)
        before = (library / "library.sqlite3").read_bytes()
        cmd = finews("--library", str(library), "restore", str(library / "backups" / backup.name), "--yes")
        killed, during = _kill_when(cmd, rng, lambda lib=library: bool(_litter(lib)), span)
        tally.kills += killed
        writing += during
        if not killed:
            tally.notes.append("finished before the kill")
        kept = library / "backups"
        if restored(library):  # the restored one: the library as it was must be kept beside it
            if damaged:
                old_kept = any(p.read_bytes() == before for p in kept.glob("damaged-library-*.sqlite3"))
            else:
                old_kept = any(_count_tagged_file(p, TAG) == changed for p in kept.glob("*-before-restore.sqlite3"))
            if not old_kept:
                tally.lost_posts += changed or 1
                tally.notes.append("restored, but the library as it was is not kept")
        elif damaged and (library / "library.sqlite3").read_bytes() == before:
            pass  # the damaged library as it was
        elif not damaged and check_library(library)[0] and _tagged(library, TAG) == changed:
            pass  # the old library as it was
        else:
            tally.integrity_failures += 1
            tally.notes.append("the library is neither the old one nor the restored one")
            try:
                _ok, incomplete, paths = check_library(library)
            except sqlite3.DatabaseError:
                continue
            tally.incomplete_posts += incomplete
            tally.lost_posts += len(expected - paths)
        _check_backups(tally, library)
        _next_start_restore(tally, library, damaged)
        again = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
        if again.returncode != 0 or not restored(library) or _litter(library):
            tally.resume_failures += 1
            tally.notes.append(f"restore again: rc={again.returncode} {again.stderr[-200:]}")
    tally.notes.append(f"{writing} of the kills while a .partial file was being written")
    return tally


def _count_tagged_file(path: Path, tag: str) -> int | None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT COUNT(DISTINCT pt.post_id) FROM post_tag pt JOIN tag t ON t.id = pt.tag_id WHERE t.name = ?", (tag,)
        ).fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def _next_start_restore(tally: Tally, library: Path, damaged: bool) -> None:
    """The next start after a killed restore: a library still damaged is refused in words (status says
    so on stdout), a sound one opens; either way the writer's open has removed the .partial files."""
    result = subprocess.run(finews("--library", str(library), "status"), capture_output=True, text=True, cwd=REPO)
    if result.returncode != 0 and not (damaged and "is damaged" in result.stdout):
        tally.resume_failures += 1
        tally.notes.append(f"status after the kill: rc={result.returncode} {result.stderr[-200:]}")
    left = _litter(library)
    if left:
        tally.litter += len(left)
        tally.notes.append(f"left after the next start: {left}")


def _flip(file: Path) -> None:
    """Flipped bytes below the header: every b-tree page but the first has cell pointers that point nowhere."""
    page = 32768
    data = bytearray(file.read_bytes())
    for start in range(page, len(data), page):
        for k in range(start + 8, start + 72):
            data[k] ^= 0xFF
    file.write_bytes(bytes(data))


NOTE_POSTS = 5  # the notes go to the first few posts, so a note is often replaced or removed
NOTE_WORDS = "利润增长公司股票市场板块资金流入 "
ReadingState = tuple[bool, dict[int, str]]  # (every post read, else none), post id -> note


def reading_step(run: int, k: int, ids: list[int]) -> tuple[str, bool, int, str]:
    """Step k (from 1) of a read state and notes child: ("read", read?, 0, "") marks every post read or
    unread; ("note", False, post id, body) saves a note ('' removes it). Each body holds its own word
    (nv<run><k>q), for `note:`, and is 40 characters to 200 KB long (a big one spans many pages)."""
    if k % 2:
        return ("read", k % 4 == 1, 0, "")
    pid = ids[(k // 2) % min(NOTE_POSTS, len(ids))]
    if k % 8 == 0:
        return ("note", False, pid, "")
    rng = random.Random(run * 1_000_003 + k)
    size = rng.choice((40, 3000, 200_000))
    text = "".join(rng.choice(NOTE_WORDS) for _ in range(size))
    return ("note", False, pid, f"nv{run:03d}{k:06d}q {text}")


def reading_after(start: ReadingState, run: int, k: int, ids: list[int]) -> ReadingState:
    """The read state and notes after steps 1..k from `start`."""
    read, notes = start[0], dict(start[1])
    for j in range(1, k + 1):
        kind, flag, pid, body = reading_step(run, j, ids)
        if kind == "read":
            read = flag
        elif body:
            notes[pid] = body
        else:
            notes.pop(pid, None)
    return read, notes


def reading_child(library: Path, log: Path, run: int) -> None:
    """Run read state and note steps one after another until killed, each logged before and after it commits."""
    from finews_desktop.core.curation.reading import Reader
    from finews_desktop.core.store.library import Library

    with Library.open(library) as lib, log.open("a", encoding="utf-8") as out:
        reader = Reader(lib)
        ids = [r[0] for r in lib.db.execute_sql("SELECT id FROM post ORDER BY id")]
        for k in range(1, 1_000_000):
            out.write(f"begin {k}\n")
            out.flush()  # in the kernel's hands: a SIGKILL cannot lose it
            kind, flag, pid, body = reading_step(run, k, ids)
            if kind == "read":
                reader.mark(ids, flag)
            else:
                reader.set_note(pid, body)
            out.write(f"done {k}\n")
            out.flush()


def _reading_state(library: Path) -> tuple[set[int], set[int], dict[int, str]]:
    """(post ids, read post ids, post id -> note) as the library's file holds them."""
    conn = sqlite3.connect(library / "library.sqlite3")
    try:
        ids = {r[0] for r in conn.execute("SELECT id FROM post")}
        read = {r[0] for r in conn.execute("SELECT post_id FROM post_read")}
        notes = dict(conn.execute("SELECT post_id, body FROM post_note").fetchall())
    finally:
        conn.close()
    return ids, read, notes


def _logged(log: Path) -> tuple[int, bool]:
    """(the last step begun, whether it was done) by the child's log (0: none begun)."""
    last, done = 0, False
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            word, _, n = line.partition(" ")
            if n.isdigit():
                last, done = int(n), word == "done"
    return last, done


def _search_agrees(library: Path, state: ReadingState, all_ids: set[int]) -> list[str]:
    """What the reopened library's search says wrongly about read state and notes ([] when it agrees)."""
    from finews_desktop.core.search.engine import search
    from finews_desktop.core.store.library import Library

    wrong = []
    read, notes = state
    with Library.open(library) as lib:
        found = set(search(lib, "is:read", include_trashed=True).ids)
        if found != (all_ids if read else set()):
            wrong.append(f"is:read finds {len(found)} posts")
        if set(search(lib, "has:note", include_trashed=True).ids) != set(notes):
            wrong.append("has:note differs from the notes")
        for pid, body in notes.items():
            word = body.split(" ", 1)[0]
            if list(search(lib, f"note:{word}", include_trashed=True).ids) != [pid]:
                wrong.append(f"note:{word} does not find post {pid} alone")
    return wrong


def crash_reading(work: Path, base: Path, kills: int, rng: random.Random) -> Tally:
    """Kill a child marking every post read or unread and saving notes (reading_child); the reopened
    library holds the state after the last step done or after the one under way, and its search agrees."""
    tally = Tally("read state and notes")
    _ok, _inc, expected = check_library(base)
    library = _fresh_copy(base, work / "lib-reading")
    all_ids, read, notes = _reading_state(library)
    state: ReadingState = (bool(read) and read == all_ids, notes)
    if read and read != all_ids:
        raise RuntimeError("the base library has some posts read: start from none or all")
    ids = sorted(all_ids)
    steps = midway = 0
    for run in range(1, kills + 1):
        log = work / f"reading-{run}.log"
        cmd = [sys.executable, str(Path(__file__).resolve()), "--reading-child", str(library), str(log), str(run)]
        killed, _during = _kill_when(cmd, rng, lambda log=log: _logged(log)[0] > 0, 1.5)
        tally.kills += killed
        if not killed:
            tally.notes.append("the child ended before the kill")
        ok, incomplete, paths = check_library(library)
        tally.integrity_failures += not ok
        tally.incomplete_posts += incomplete
        tally.lost_posts += len(expected - paths)
        last, done = _logged(log)
        steps += last
        midway += killed and last > 0 and not done
        now_ids, now_read, now_notes = _reading_state(library)
        allowed = [reading_after(state, run, last, ids)]
        if last and not done:  # the step under way: before it or after it, nothing between
            allowed.insert(0, reading_after(state, run, last - 1, ids))
        actual = next(
            (s for s in allowed if now_read == (now_ids if s[0] else set()) and now_notes == s[1]),
            None,
        )
        if actual is None:
            tally.torn += 1
            tally.notes.append(
                f"step {last} ({reading_step(run, last, ids)[0]}): {len(now_read)} of {len(now_ids)} posts read, "
                f"{len(now_notes)} notes, neither before nor after it"
            )
            state = (bool(now_read) and now_read == now_ids, now_notes)
            continue
        state = actual
        if wrong := _search_agrees(library, state, now_ids):
            tally.torn += 1
            tally.notes.extend(wrong)
    tally.notes.append(f"{steps} steps begun in all, {midway} kills while one was under way")
    return tally


LIBRARY_OPERATIONS: dict[str, Callable[[Path, Path, int, random.Random], Tally]] = {
    "bulk edit": crash_bulk_edit,
    "merge": crash_merge,
    "index rebuild": crash_reindex,
    "export": crash_export,
    "backup": crash_backup,
    "restore": crash_restore,
    "read state and notes": crash_reading,
}
OPERATIONS = ["import", *LIBRARY_OPERATIONS]


def run(kills: int, posts: int, seed: int, operations: list[str] | None = None) -> list[Tally]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="finews-crash-") as tmp:
        work = Path(tmp)
        site = write_site(work / "site", posts, seed)
        # when one full import records its run and how long it lasts here, to aim the kills
        probe = work / "probe"
        recorded, span = _timed(finews("--library", str(probe), "import", str(site)), probe)
        tallies = []
        for name in operations or OPERATIONS:
            if name == "import":
                tallies.append(crash_import(work, site, kills, rng, recorded, span))
            else:
                tallies.append(LIBRARY_OPERATIONS[name](work, probe, kills, rng))
        return tallies


def print_table(tallies: list[Tally]) -> None:
    head = (
        "operation",
        "kills",
        "integrity failures",
        "lost posts",
        "incomplete posts",
        "not reported",
        "resume failures",
        "litter",
        "torn steps",
        "(resumed)",
    )
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
                    t.not_reported,
                    t.resume_failures,
                    t.litter,
                    t.torn,
                    t.resumed,
                )
            )
        )
        for note in sorted(set(t.notes)):
            print(f"   note: {note}")


def main() -> None:
    if sys.argv[1:2] == ["--reading-child"]:  # crash_reading's child: LIBRARY LOG RUN
        reading_child(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--posts", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--operation", action="append", choices=OPERATIONS, help="only these (default: all)")
    a = ap.parse_args()
    tallies = run(a.kills, a.posts, a.seed, a.operation)
    print_table(tallies)
    bad = any(
        t.integrity_failures
        or t.lost_posts
        or t.incomplete_posts
        or t.not_reported
        or t.resume_failures
        or t.litter
        or t.torn
        for t in tallies
    )
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
