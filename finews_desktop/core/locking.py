"""One writer per library: an advisory lock file held for as long as a library is open for writing.

SQLite alone would let two instances interleave their transactions safely, but
a second window editing the same posts would make undo, import reports and the
search index queue lie. The second instance is told who holds the lock and may
open the library read-only instead (WAL lets readers run beside the writer).
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path

from finews_desktop.core.errors import LibraryLockedError

LOCK_FILE = "library.lock"

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
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
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
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
            data = json.loads(self.path.read_text(encoding="utf-8") or "{}")
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
