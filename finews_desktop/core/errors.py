"""Errors a user can act on, kept apart from bugs (which are logged with a traceback)."""

from __future__ import annotations

from pathlib import Path

from finews_desktop.core.messages import Message


class KnownError(Exception):
    """A problem to show in words: a bad argument, a locked or unreadable library."""


class LibraryError(KnownError):
    pass


class NewerLibraryError(LibraryError):
    """The library was written by a newer finews-desktop; we must not touch it."""


class LibraryLockedError(LibraryError):
    """Another finews-desktop is using this library."""


class LibraryDamagedError(LibraryError):
    """The library file fails SQLite's checks (or is empty); it is left as it is.

    `backup` is the newest backup that passes the integrity check (None when there
    is none), `restore_command` the command line that puts it back. Both travel
    with the exception through pickling (the attributes are in its __dict__).
    """

    def __init__(
        self,
        message: str,
        *,
        folder: Path | None = None,
        problem: str = "",
        backup: Path | None = None,
        restore_command: str = "",
    ) -> None:
        super().__init__(message)
        self.folder = folder
        self.problem = problem
        self.backup = backup
        self.restore_command = restore_command


class LibraryNotWritableError(LibraryError):
    """The library's folder or files cannot be written (a read-only medium, permissions, an immutable file).

    It can still be opened read-only; `reason` says why it cannot be written.
    """

    def __init__(self, message: str, *, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


class UnsafeLibraryError(LibraryError):
    """A file the library folder holds is a link or not a regular file; the library is not opened."""


class DiskFullError(KnownError):
    """The disk filled up during a write: the change under way was undone, everything before it is kept."""


class QueryError(KnownError):
    """A search query that does not parse; `position` is the character offset, `said` the catalogue's message."""

    def __init__(self, message: str, position: int = 0, said: Message | None = None) -> None:
        super().__init__(message)
        self.position = position
        self.said = said
