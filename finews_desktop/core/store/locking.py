"""One writer per library: an advisory lock file held for as long as a library is open for writing.

SQLite alone would let two instances interleave their transactions safely, but
a second window editing the same posts would make undo, import reports and the
search index queue lie. The second instance is told who holds the lock and may
open the library read-only instead (WAL lets readers run beside the writer).
"""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from finews_desktop.core.errors import KnownError, LibraryLockedError, LibraryNotWritableError, UnsafeLibraryError

LOCK_FILE = "library.lock"
PARTIAL_SUFFIX = ".partial"  # a file being written (a backup, a restored library): renamed into place when whole
O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # not on Windows, where making a link needs rights anyway
O_BINARY = getattr(os, "O_BINARY", 0)

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # Windows only
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]  # Windows only
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class LibraryLock:
    """The writer's lock on one library folder; released by `release` or at process exit."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / LOCK_FILE
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = open_no_follow(self.path, os.O_RDWR | os.O_CREAT)
        except OSError as exc:  # (a link there is refused by open_no_follow, in words)
            raise LibraryNotWritableError(
                f"The library {self.path.parent} is not writable: its lock file cannot be written "
                f"({exc.strerror or exc}).",
                reason=exc.strerror or str(exc),
            ) from exc
        if not _try_lock(fd):
            holder = self.holder()
            os.close(fd)
            who = f" (process {holder.get('pid')} on {holder.get('host')})" if holder else ""
            raise LibraryLockedError(
                f"The library {self.path.parent} is open in another finews-desktop{who}. "
                "Close it there, or open this library read-only."
            )
        info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": int(time.time())})
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, info.encode())
        self._fd = fd

    def holder(self) -> dict[str, object]:
        try:
            fd = open_no_follow(self.path, os.O_RDONLY)
        except (OSError, KnownError):
            return {}
        try:
            with os.fdopen(fd, "rb") as f:
                data = json.loads(f.read(4096).decode("utf-8", "replace") or "{}")
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _unlock(fd)
        os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None


class _ProcessLocks:
    """Several Library objects of one process may share a folder; the OS lock is taken once."""

    def __init__(self) -> None:
        self._held: dict[Path, tuple[LibraryLock, int]] = {}

    def acquire(self, folder: Path) -> None:
        key = Path(folder).resolve()
        lock, count = self._held.get(key, (None, 0))
        if lock is None:
            lock = LibraryLock(key)
            lock.acquire()
        self._held[key] = (lock, count + 1)

    def release(self, folder: Path) -> None:
        key = Path(folder).resolve()
        lock, count = self._held.get(key, (None, 0))
        if lock is None:
            return
        if count <= 1:
            del self._held[key]
            lock.release()
        else:
            self._held[key] = (lock, count - 1)


process_locks = _ProcessLocks()


# --- files of the library folder, opened without following links ------------------------------


def open_no_follow(path: Path, flags: int, mode: int = 0o644) -> int:
    """os.open that refuses a link (or anything but a regular file) at `path`, in words.

    A library folder received from someone else may hold a link named like one of
    its files; following it would make us write wherever it points.
    """
    try:
        fd = os.open(path, flags | O_NOFOLLOW | O_BINARY, mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (os.name == "nt" and os.path.islink(path)):
            raise UnsafeLibraryError(link_sentence(path)) from exc
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # a fifo or a device under a library file's name
        os.close(fd)
        raise UnsafeLibraryError(f"{path} is not a regular file; finews-desktop does not open it.")
    return fd


def link_sentence(path: Path) -> str:
    """What is said of a link found under a name the library folder holds."""
    try:
        target = f" (to {os.readlink(path)})"
    except OSError:
        target = ""
    return (
        f"{path} is a link{target}. finews-desktop does not follow links in a library folder, so that a "
        "folder from elsewhere cannot make it write outside itself; put the file itself there instead, or "
        "remove the link."
    )


@contextmanager
def partial_file(path: Path) -> Iterator[Path]:
    """Create `path` (a new file, never through a link) and hold a lock on it while it is written.

    A file whose lock can be taken belongs to a process that is gone: `remove_dead_partials`
    deletes it. The caller renames it into place or deletes it before leaving.
    """
    fd = open_no_follow(path, os.O_RDWR | os.O_CREAT | os.O_EXCL)
    try:
        _try_lock(fd)  # new and ours: nobody else can hold it yet
        yield path
    finally:
        _unlock(fd)
        os.close(fd)


def remove_dead_partials(folder: Path, prefixes: tuple[str, ...]) -> list[Path]:
    """Delete the `*.partial` files in `folder` named with one of `prefixes` (ours: a library folder may be
    any folder) whose writer is gone, and SQLite's journals beside them."""
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if not (name.endswith(PARTIAL_SUFFIX) and name.startswith(prefixes)):
            continue
        path = Path(folder) / name
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                path.unlink()  # never ours: a link is only removed, never followed
                removed.append(path)
                continue
            fd = os.open(path, os.O_RDWR | O_NOFOLLOW | O_BINARY)
        except OSError:
            continue
        try:
            if not _try_lock(fd):
                continue  # a backup or restore under way in another process
            for extra in ("-journal", "-wal", "-shm"):
                Path(str(path) + extra).unlink(missing_ok=True)
            path.unlink(missing_ok=True)
            removed.append(path)
            _unlock(fd)
        except OSError:
            continue
        finally:
            os.close(fd)
    for name in names:  # SQLite's journals of a partial file that is already gone
        base, _, extra = name.rpartition(PARTIAL_SUFFIX)
        if (
            base.startswith(prefixes)
            and extra in ("-journal", "-wal", "-shm")
            and not os.path.lexists(Path(folder) / (base + PARTIAL_SUFFIX))
        ):
            try:
                (Path(folder) / name).unlink()
                removed.append(Path(folder) / name)
            except OSError:
                pass
    return removed
