"""Hostile library folders for the trust tests: damaged files, read-only media, a full disk, links.

Each helper makes its input itself. Read-only media and full disks need mounts, hence
root (CI runs as root); `need_root_mounts` skips with the reason elsewhere. chmod does not
stop root, so read-only bind mounts (of the folder, or of the library file onto itself) stand
for an unwritable library.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr
from pathlib import Path

import pytest

from finews_desktop.cli import main
from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.store.backup import backup_library
from finews_desktop.core.store.library import Library

POST = (
    '---\ntitle: "标题{i}"\ndate: 2022-05-20 17:01:37 +0800\ncategories: emnews\ntags: 东财滚动新闻\n---\n'
    "<p>正文{i} 碳中和 {pad}</p>\n"
)
PAGE = 32768  # core/store/db.py's page size for a new library
DAMAGE = ("flipped bytes", "zeroed header", "zero length", "truncated")


def make_site(folder: Path, n: int, start: int = 0, pad: int = 800) -> Path:
    posts = folder / "_posts"
    posts.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (posts / f"2022-05-20-p{i}.md").write_text(POST.format(i=i, pad="字" * pad), encoding="utf-8")
    return folder


def make_library(folder: Path, sites: Path, n: int = 60) -> Path:
    """A library of n posts with one backup (returned): what a user has after a few days."""
    with Library.open(folder) as lib:
        import_paths(lib, [make_site(sites / "site", n)])
    return backup_library(folder)


def damage(folder: Path, how: str) -> None:
    """Damage the closed library in `folder` the way `how` says (its -wal is checkpointed away first)."""
    file = folder / "library.sqlite3"
    assert not (folder / "library.sqlite3-wal").exists()
    data = bytearray(file.read_bytes())
    assert len(data) >= 3 * PAGE
    if how == "flipped bytes":  # every b-tree page but the first: its cell pointers point nowhere
        for start in range(PAGE, len(data), PAGE):
            for k in range(start + 8, start + 72):
                data[k] ^= 0xFF
    elif how == "zeroed header":
        data[:100] = bytes(100)
    elif how == "zero length":
        data = bytearray()
    elif how == "truncated":
        data = data[: 2 * PAGE]
    else:
        raise ValueError(how)
    file.write_bytes(bytes(data))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(*args: str) -> tuple[int, str, str]:
    """Run `finews` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stderr(err):
        code = main(list(args), out=out)
    return code, out.getvalue(), err.getvalue()


# --- mounts (root) ------------------------------------------------------------------------------


def need_root_mounts() -> None:
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("needs root on Linux to mount a read-only bind mount or a small tmpfs (CI runs as root)")


def _umount(where: Path) -> None:
    """Unmount; files this process still holds there (a search's connections, gone with the garbage) are let go."""
    gc.collect()
    if subprocess.run(["umount", str(where)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(where)], check=True)


def _mount(*args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"mount {' '.join(args)} is not allowed here: {result.stderr.strip()}")


@contextmanager
def read_only_view(folder: Path, where: Path) -> Iterator[Path]:
    """`folder` seen through a read-only bind mount at `where`."""
    need_root_mounts()
    where.mkdir(parents=True, exist_ok=True)
    _mount("--bind", str(folder), str(where))
    try:
        _mount("-o", "remount,ro,bind", str(where))
        yield where
    finally:
        _umount(where)


@contextmanager
def small_disk(where: Path, size: int) -> Iterator[Path]:
    """A tmpfs of `size` bytes at `where`."""
    need_root_mounts()
    where.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where))
    try:
        yield where
    finally:
        _umount(where)


def fill(disk: Path, leave: int) -> Path:
    """Fill the disk but `leave` bytes with a file; returns it (delete it to free the space)."""
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    with open(filler, "wb") as f:
        f.write(bytes(max(0, free - leave)))
    return filler


@contextmanager
def read_only_file(path: Path) -> Iterator[Path]:
    """The file `path` made read-only in place (a read-only bind mount of it onto itself); its folder stays writable."""
    need_root_mounts()
    _mount("--bind", str(path), str(path))
    try:
        _mount("-o", "remount,ro,bind", str(path))
        yield path
    finally:
        _umount(path)
